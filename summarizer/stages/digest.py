"""Render a `Digest` (summarizer daily) as Markdown, JSON or one self-contained HTML page.

The digest opens with a table of contents (event, place, date, number of sources), then each
event's brief exactly as `summarizer brief` renders it (headings one level down in Markdown; in
HTML the brief template's body, `templates/brief_body.html.j2`, its ids prefixed per event so
citation links stay within their brief), then the pages listed under "also reported", then usage and timing. The HTML comes from a
jinja2 template with autoescaping (summarizer/templates/digest.html.j2) and a content security
policy that lets the page load nothing and run no script.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from summarizer.stages.group import place_name
from summarizer.models import Digest, DigestEvent
from summarizer.stages.render import TEMPLATES, Format, _label as label, html_brief, render_markdown


def render_digest(digest: Digest, fmt: Format, texts: Mapping[str, str] | None = None) -> str:
    """Render `digest` as `fmt`; HTML needs `texts` (doc_id -> decoded source text) for the passages."""
    if fmt == "json":
        return json.dumps(digest.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return render_digest_markdown(digest)
    if fmt == "html":
        if texts is None:
            raise ValueError("html output needs the source texts to show cited passages")
        return render_digest_html(digest, texts)
    raise ValueError(f"unknown format {fmt!r}: expected md, json or html")


def contents(digest: Digest) -> list[dict[str, str | int]]:
    """One row per event: its label, place and date (the brief's, from verified records, else what
    clustering read in the text), and its number of distinct sources."""
    rows = []
    for number, item in enumerate(digest.events, 1):
        event = item.brief.event if item.brief else None
        rows.append({
            "number": number,
            "anchor": f"event-{number}",
            "label": item.event.label,
            "place": (event and event.place) or place_name(item.event.place, digest.lang) or label(digest.lang, "not_stated"),
            "date": (event and event.date) or item.event.date or label(digest.lang, "not_stated"),
            "sources": item.event.sources,
        })
    return rows


def _usage_lines(digest: Digest) -> tuple[str, str]:
    usage, lang = digest.usage, digest.lang
    return (
        label(lang, "usage_line", calls=usage.calls, cached=usage.cached_calls, prompt=usage.prompt_tokens,
              completion=usage.completion_tokens, seconds=usage.seconds),
        label(lang, "timing_line", **digest.seconds.model_dump()),
    )


# ---- Markdown -------------------------------------------------------------------------------


def render_digest_markdown(digest: Digest) -> str:
    lang = digest.lang
    out = [f"# {label(lang, 'digest')}", "",
           f"_{label(lang, 'digest_scope', events=len(digest.events), pages=digest.pages)}_", "",
           f"## {label(lang, 'contents')}", "",
           f"| # | {label(lang, 'toc_event')} | {label(lang, 'toc_place')} | {label(lang, 'toc_date')} "
           f"| {label(lang, 'toc_sources')} |",
           "|---|---|---|---|---|"]
    out += [f"| {r['number']} | {_cell(r['label'])} | {_cell(r['place'])} | {_cell(r['date'])} | {r['sources']} |"
            for r in contents(digest)]
    for number, item in enumerate(digest.events, 1):
        out += ["", *_event_markdown(number, item, lang)]
    if digest.also_reported:
        out += ["", f"## {label(lang, 'also_reported')}", ""]
        out += [f"- {page.headline} — {page.path}" for page in digest.also_reported]
    out += ["", f"## {label(lang, 'usage_timing')}", "", *(f"- {line}" for line in _usage_lines(digest))]
    return "\n".join(out) + "\n"


def _event_markdown(number: int, item: DigestEvent, lang: str) -> list[str]:
    """The brief's Markdown one heading level down, its title numbered as in the contents."""
    if item.brief is None:
        return [f"## {number}. {item.event.label}", "", label(lang, "no_brief"), "",
                *(f"- **{page.doc_id}:** {page.reason}" for page in item.failed)]
    lines = render_markdown(item.brief).rstrip("\n").split("\n")
    lines[0] = f"## {number}. {lines[0].removeprefix('# ')}"
    return [lines[0], *(f"#{line}" if line.startswith("#") else line for line in lines[1:])]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# ---- HTML -----------------------------------------------------------------------------------


def render_digest_html(digest: Digest, texts: Mapping[str, str]) -> str:
    lang = digest.lang
    events = [{"anchor": row["anchor"], "label": item.event.label, "failed": item.failed,
               "brief": html_brief(item.brief, texts, prefix=f"{row['anchor']}-") if item.brief else None}
              for row, item in zip(contents(digest), digest.events)]
    usage, timing = _usage_lines(digest)
    labels = {key: label(lang, key) for key in ("contents", "no_brief", "also_reported", "usage_timing")}
    labels |= {"event": label(lang, "toc_event"), "place": label(lang, "toc_place"),
               "date": label(lang, "toc_date"), "sources": label(lang, "toc_sources")}
    return TEMPLATES.get_template("digest.html.j2").render(
        lang=lang, direction="rtl" if lang == "ar" else "ltr", title=label(lang, "digest"),
        scope=label(lang, "digest_scope", events=len(digest.events), pages=digest.pages),
        labels=labels, rows=contents(digest), events=events, also=digest.also_reported, usage=usage, timing=timing,
    )
