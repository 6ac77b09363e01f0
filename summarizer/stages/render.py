"""Render stage: a `Brief` out as Markdown, JSON or one self-contained HTML file.

Markdown and HTML format the same outline (`_outline`), so both print the same sections in the
same order under the same labels; only the markup differs. Every line taken from the sources is
followed by its citations: a compact tag `[doc_id…:start–end]` and the quoted source words,
which stay in the source language; when the line itself prints those words (a claim in its
source's words), the tag alone.

JSON is the brief's own shape, so `Brief.model_validate_json` reads it back to the same brief.
The headline is the `headline` field (a claim with its citations) and is not repeated among
`claims`; `more_claims` (merged claims beyond the word budget) appear in JSON only. Each claim
also carries its derived `corroboration`, which is ignored on load. Pages whose extraction
failed are listed as failed, with the reason, in every format.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal, get_args

from jinja2 import Environment, PackageLoader, select_autoescape

from summarizer.console import printable, shown
from summarizer.lang.arabic import script
from summarizer.lang.dates import only_a_date
from summarizer.checks.evidence import resolves
from summarizer.models import Brief, Claim, Evidence, Section as ClaimSection
from summarizer.lang import pack

Format = Literal["md", "json", "html"]

SHORT_ID_CHARS = 8  # "001_104e…": enough to tell seed files apart, short enough to read inline
CONTEXT_CHARS = 200  # source text shown either side of a cited passage, within its paragraph

# The only place that knows the output languages: key -> (English, Arabic).

# Claim sections in reading order; "event" claims are printed inside the event section.
_CLAIM_SECTIONS = tuple(s for s in get_args(ClaimSection) if s != "event")


def _label(lang: str, key: str, **values: object) -> str:
    """A heading or line of the brief as the language pack writes it."""
    text = pack(lang).LABELS[key]
    return text.format(**values) if values else text


# ---- the outline both Markdown and HTML print ----------------------------------------------


@dataclass(frozen=True)
class _Line:
    """One printed line: a sentence with the citations behind it, or a plain entry."""

    text: str
    citations: list[Evidence] = field(default_factory=list)
    label: str | None = None
    note: str | None = None
    link: str | None = None  # a source file the line names


@dataclass(frozen=True)
class _Group:
    """Lines under an optional subheading; `citations` support the group as a whole. A citation
    whose words `printed_elsewhere` holds is shown as its tag alone: the reader has its words."""

    title: str | None
    lines: list[_Line]
    citations: list[Evidence] = field(default_factory=list)
    printed_elsewhere: str = ""


@dataclass(frozen=True)
class _Section:
    key: str
    title: str
    groups: list[_Group]


@dataclass
class _Outline:
    lang: str
    headline: _Line
    sections: list[_Section]

    def citations(self) -> Iterator[Evidence]:
        yield from self.headline.citations
        for section in self.sections:
            for group in section.groups:
                yield from group.citations
                for line in group.lines:
                    yield from line.citations

    @cached_property
    def short_ids(self) -> dict[str, str]:
        """Shortest prefixes (at least SHORT_ID_CHARS) that still tell the cited documents apart."""
        ids = {e.doc_id for e in self.citations()}
        width = SHORT_ID_CHARS
        while len({doc_id[:width] for doc_id in ids}) < len(ids):
            width += 1
        return {doc_id: doc_id if len(doc_id) <= width else doc_id[:width] + "…" for doc_id in ids}

    def tag(self, evidence: Evidence, escape: Callable[[str], str] = str) -> str:
        """'[001_104e…:173–213]'; `escape` is applied to the document's id (a file name)."""
        return f"[{escape(self.short_ids[evidence.doc_id])}:{evidence.start}–{evidence.end}]"


def _outline(brief: Brief) -> _Outline:
    lang = brief.lang
    sections = [_event_section(brief)]
    if brief.overview:
        sections.insert(0, _Section("overview", _label(lang, "overview"), [_Group(None, _claim_lines(brief.overview, lang))]))
    for key in _CLAIM_SECTIONS:
        claims = [c for c in brief.claims if c.section == key]
        if claims:
            groups = _by_party(claims, lang) if key == "position" else [_Group(None, _claim_lines(claims, lang))]
            sections.append(_Section(key, _label(lang, key), groups))
    if brief.conflicts:
        groups = [
            _Group(conflict.topic, [_Line(side.text, side.citations) for side in conflict.sides])
            for conflict in brief.conflicts
        ]
        sections.append(_Section("conflicts", _label(lang, "conflicts"), groups))
    sources = _sources_section(brief)
    if sources.groups:
        sections.append(sources)
    usage = brief.usage
    usage_line = _label(
        lang,
        "usage_line",
        calls=usage.calls,
        cached=usage.cached_calls,
        prompt=usage.prompt_tokens,
        completion=usage.completion_tokens,
        seconds=usage.seconds,
    )
    sections.append(_Section("usage", _label(lang, "usage"), [_Group(None, [_Line(usage_line)])]))
    return _Outline(lang, _claim_lines([brief.headline], lang)[0], sections)


def _claim_lines(claims: list[Claim], lang: str) -> list[_Line]:
    """Claims as lines; corroboration is shown only when more than one source agrees."""
    return [
        _Line(c.text, c.citations, note=_label(lang, "corroboration", n=c.corroboration) if c.corroboration > 1 else None)
        for c in claims
    ]


def _by_party(claims: list[Claim], lang: str) -> list[_Group]:
    """Positions grouped under their party, parties in order of first appearance."""
    parties: dict[str | None, list[Claim]] = {}
    for claim in claims:
        parties.setdefault(claim.party, []).append(claim)
    return [
        _Group(party or _label(lang, "unattributed"), _claim_lines(party_claims, lang))
        for party, party_claims in parties.items()
    ]


COVERED_SHARE = 0.8  # a passage printing this much of another's characters prints it


def _covers(printed: Evidence, other: Evidence) -> bool:
    common = min(printed.end, other.end) - max(printed.start, other.start)
    return printed.doc_id == other.doc_id and common >= COVERED_SHARE * (other.end - other.start)


def _event_section(brief: Brief) -> _Section:
    """What, when, where and who, all backed by the event's citations, then any event claims."""
    lang, event = brief.lang, brief.event
    fields = [
        ("what", event.what if event.what != brief.headline.text else None),
        ("when", event.date),
        ("where", event.place),
        ("who", _label(lang, "list_separator").join(event.participants)),
    ]
    # The event's sentence is often the headline's or a key point's (or nearly: a claim may cite the
    # speaker's clause of it): its words are printed there. A dateline's are the "when" line's.
    shown = [e for c in [brief.headline, *brief.claims] for e in c.citations]
    covered = [e.quote for e in event.citations if any(_covers(s, e) for s in shown) or only_a_date(e.quote)]
    printed = "\n".join([*(c.text for c in [brief.headline, *brief.claims]), *(e.quote for e in shown), *covered])
    groups = [_Group(None, [_Line(value, label=_label(lang, key)) for key, value in fields if value], event.citations,
                     printed_elsewhere=printed)]
    event_claims = [c for c in brief.claims if c.section == "event"]
    if event_claims:
        groups.append(_Group(None, _claim_lines(event_claims, lang)))
    return _Section("event", _label(lang, "event"), groups)


def _sources_section(brief: Brief) -> _Section:
    """Sources used, set aside and failed; a source marked unused without a reason says so.
    A page whose extraction failed is never listed as used, whatever its `Source` says."""
    lang = brief.lang
    failed_ids = {f.doc_id for f in brief.failed}
    explained = {e.doc_id for e in brief.excluded} | failed_ids
    used = [_Line(s.path, label=s.doc_id, link=s.path) for s in brief.sources if s.used and s.doc_id not in failed_ids]
    set_aside = [_Line(e.reason, label=e.doc_id) for e in brief.excluded] + [
        _Line(_label(lang, "no_reason"), label=s.doc_id)
        for s in brief.sources
        if not s.used and s.doc_id not in explained
    ]
    failed = [_Line(f.reason, label=f.doc_id) for f in brief.failed]
    groups = [_Group(_label(lang, key), lines)
              for key, lines in (("used", used), ("set_aside", set_aside), ("failed", failed)) if lines]
    return _Section("sources", _label(lang, "sources"), groups)


# ---- Markdown -------------------------------------------------------------------------------


def render_markdown(brief: Brief) -> str:
    """The outline as Markdown; every text is escaped (`literal_markdown`), so source or model text never
    becomes markup, a link or a new line of the document."""
    outline = _outline(brief)
    out = [f"# {_md_line(outline, outline.headline)}"]
    for section in outline.sections:
        out += ["", f"## {literal_markdown(section.title)}"]
        for group in section.groups:
            if group.title:
                out += ["", f"### {literal_markdown(group.title)}"]
            out += ["", *(f"- {_md_line(outline, line)}" for line in group.lines)]
            if group.citations:
                out += ["", _md_citations(outline, group.citations, group.printed_elsewhere)]
    return "\n".join(out) + "\n"


# Characters that make Markdown markup: raw HTML and entities, links, code, emphasis, table cells, escapes.
_MD_SPECIAL = re.compile(r"([\\`*\[\]<>&|])")


def literal_markdown(text: str) -> str:
    """`text` as literal Markdown on one line: special characters backslash-escaped, so no name,
    quote or server text can add a link, raw HTML (`<script>`) or a table cell, and control
    characters written as escapes (`console.printable`), so none reaches the terminal."""
    return _MD_SPECIAL.sub(r"\\\1", printable(" ".join(text.splitlines())))


def _md_line(outline: _Outline, line: _Line) -> str:
    parts = [f"**{literal_markdown(line.label)}:** {literal_markdown(line.text)}" if line.label else literal_markdown(line.text)]
    if line.note:
        parts.append(f"_({literal_markdown(line.note)})_")
    if line.citations:
        parts.append(_md_citations(outline, line.citations, line.text))
    return " ".join(parts)


def _md_citations(outline: _Outline, citations: list[Evidence], printed: str = "") -> str:
    """Each citation as its tag and then its words (the tag alone when `printed` holds them), set
    apart by "·" so that a tag alone is not read as the tag of the words after it."""
    return " · ".join(outline.tag(e, literal_markdown) if e.quote in printed else f"{outline.tag(e, literal_markdown)} «{literal_markdown(e.quote)}»"
                      for e in citations)


# ---- JSON -----------------------------------------------------------------------------------


def render_json(brief: Brief) -> str:
    """The brief as JSON; `Brief.model_validate_json` gives the same brief back."""
    data = brief.model_dump(mode="json")
    claims = [brief.headline, *brief.overview, *brief.claims, *brief.more_claims]
    dumped = [data["headline"], *data["overview"], *data["claims"], *data["more_claims"]]
    for claim, fields in zip(claims, dumped, strict=True):
        fields["corroboration"] = claim.corroboration
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# ---- HTML -----------------------------------------------------------------------------------

TEMPLATES = Environment(loader=PackageLoader("summarizer", "templates"), autoescape=select_autoescape(["j2", "html"]),
                        finalize=shown)  # no control character of a name or a page reaches the terminal


@dataclass(frozen=True)
class _HtmlCite:
    """One citation as printed: its tag, the quote unless the line prints it, and its link."""

    tag: str
    quote: str | None
    script: str  # "ar" or "en": sets the element's direction
    anchor: str | None  # None: the quote is not at these offsets in the source


@dataclass(frozen=True)
class _HtmlPassage:
    anchor: str
    tag: str
    before: str
    quote: str
    after: str
    script: str  # "ar" or "en": sets the element's direction


@dataclass(frozen=True)
class _HtmlSource:
    doc_id: str
    href: str | None  # the source file, HTML page or text as it was read
    passages: list[_HtmlPassage]


def render_html(brief: Brief, texts: Mapping[str, str]) -> str:
    """One HTML file with no external resources; each citation links to its passage in context.

    `texts` maps doc_id to the source's text as loaded (`Document.text`); a citation that does
    not resolve there is marked unresolved instead of linked. Every string is escaped by the
    template (`templates/brief.html.j2`); each quote and passage gets the direction of its own
    script, and the sources link to their files.
    """
    return TEMPLATES.get_template("brief.html.j2").render(brief=html_brief(brief, texts))


def html_brief(brief: Brief, texts: Mapping[str, str], prefix: str = "") -> dict:
    """What `templates/brief_body.html.j2` prints of a brief; every id in it starts with `prefix`,
    so several briefs can share one page (the daily digest)."""
    outline = _outline(brief)
    cited: dict[tuple[str, int, int], tuple[str, Evidence]] = {}  # span -> (anchor, evidence), in order

    def cite(citations: list[Evidence], printed: str = "") -> list[_HtmlCite]:
        shown = []
        for evidence in citations:
            anchor = None
            text = texts.get(evidence.doc_id)
            if text is not None and resolves(evidence, text):
                span = (evidence.doc_id, evidence.start, evidence.end)
                anchor = cited.setdefault(span, (f"{prefix}cite-{len(cited) + 1}", evidence))[0]
            quote = None if evidence.quote in printed else evidence.quote
            shown.append(_HtmlCite(outline.tag(evidence), quote, script(evidence.quote), anchor))
        return shown

    def line(item: _Line) -> dict:
        return {"line": item, "cites": cite(item.citations, item.text), "href": _file_link(item.link)}

    headline = line(outline.headline)
    sections = [
        {"id": prefix + section.key, "title": section.title, "groups": [
            {"title": group.title, "lines": [line(item) for item in group.lines], "cites": cite(group.citations, group.printed_elsewhere)}
            for group in section.groups]}
        for section in outline.sections
    ]
    paths = {source.doc_id: source.path for source in brief.sources}
    by_doc: dict[str, list[tuple[str, Evidence]]] = {}
    for anchor, evidence in cited.values():
        by_doc.setdefault(evidence.doc_id, []).append((anchor, evidence))
    sources = [
        _HtmlSource(doc_id, _file_link(paths.get(doc_id)), [
            _passage(outline, anchor, evidence, texts[doc_id])
            for anchor, evidence in sorted(passages, key=lambda item: item[1].start)])
        for doc_id, passages in sorted(by_doc.items())
    ]
    return {"lang": outline.lang, "direction": "rtl" if outline.lang == "ar" else "ltr", "headline": headline,
            "sections": sections, "sources": sources, "passages_id": f"{prefix}passages",
            "passages_title": _label(outline.lang, "passages"), "unresolved": _label(outline.lang, "unresolved")}


def _file_link(path: str | None) -> str | None:
    """A file: URL for a source path (absolute, so it works wherever the brief is saved)."""
    return Path(path).resolve().as_uri() if path else None


def _passage(outline: _Outline, anchor: str, evidence: Evidence, text: str) -> _HtmlPassage:
    """The cited words within their paragraph, CONTEXT_CHARS either side, with "…" where cut;
    its direction is its own script's, never the whole source's."""
    start, end = evidence.start, evidence.end
    paragraph_start = text.rfind("\n", 0, start) + 1
    paragraph_end = text.find("\n", end)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    shown_start = max(paragraph_start, start - CONTEXT_CHARS)
    shown_end = min(paragraph_end, end + CONTEXT_CHARS)
    before = ("…" if shown_start > paragraph_start else "") + text[shown_start:start]
    after = text[end:shown_end] + ("…" if shown_end < paragraph_end else "")
    return _HtmlPassage(anchor, outline.tag(evidence), before, text[start:end], after,
                        script(text[shown_start:shown_end]))


# ---- entry point ----------------------------------------------------------------------------


def render(brief: Brief, fmt: Format, texts: Mapping[str, str] | None = None) -> str:
    """Render `brief` as `fmt`; only HTML needs `texts` (doc_id -> decoded source text)."""
    if fmt == "md":
        return render_markdown(brief)
    if fmt == "json":
        return render_json(brief)
    if fmt == "html":
        if texts is None:
            raise ValueError("html output needs the source texts to show cited passages")
        return render_html(brief, texts)
    raise ValueError(f"unknown format {fmt!r}: expected md, json or html")
