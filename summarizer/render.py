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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from html import escape
from typing import Literal, get_args

from summarizer.evidence import resolves
from summarizer.models import Brief, Claim, Evidence, Section as ClaimSection

Format = Literal["md", "json", "html"]

SHORT_ID_CHARS = 8  # "001_104e…": enough to tell seed files apart, short enough to read inline
CONTEXT_CHARS = 200  # source text shown either side of a cited passage, within its paragraph

# The only place that knows the output languages: key -> (English, Arabic).
_LABELS: dict[str, tuple[str, str]] = {
    "event": ("The event", "الحدث"),
    "what": ("What", "ماذا"),
    "when": ("When", "متى"),
    "where": ("Where", "أين"),
    "who": ("Who", "من"),
    "overview": ("Overview", "نظرة عامة"),
    "key_point": ("Key points", "أبرز النقاط"),
    "position": ("Positions by party", "مواقف الأطراف"),
    "agreement": ("Agreements", "نقاط الاتفاق"),
    "disagreement": ("Disagreements", "نقاط الخلاف"),
    "outcome": ("Outcomes", "النتائج"),
    "conflicts": ("Conflicts between sources", "تعارض بين المصادر"),
    "sources": ("Sources", "المصادر"),
    "used": ("Used", "المستخدمة"),
    "set_aside": ("Set aside", "المستبعدة"),
    "failed": ("Failed", "تعذّر استخراجها"),
    "no_reason": ("not used; no reason recorded", "لم يُستخدم، دون سبب مسجَّل"),
    "unattributed": ("Unattributed", "غير منسوب"),
    "usage": ("Usage", "الاستهلاك"),
    "usage_line": (
        "{calls} model calls ({cached} cached), {prompt} prompt + {completion} completion tokens,"
        " {seconds:.1f} s",
        "استدعاءات النموذج: {calls} (منها {cached} من الذاكرة المؤقتة)، الرموز: {prompt} للمدخلات"
        " + {completion} للمخرجات، الزمن: {seconds:.1f} ث",
    ),
    "corroboration": ("{n} sources", "عدد المصادر: {n}"),
    "list_separator": (", ", "، "),
    "passages": ("Cited passages", "المقاطع المستشهد بها"),
    "unresolved": ("unresolved: not at these offsets in the source", "غير موثَّق: ليس في هذا الموضع من المصدر"),
}

# Claim sections in reading order; "event" claims are printed inside the event section.
_CLAIM_SECTIONS = tuple(s for s in get_args(ClaimSection) if s != "event")

_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")


def _label(lang: str, key: str, **values: object) -> str:
    english, arabic = _LABELS[key]
    text = arabic if lang == "ar" else english
    return text.format(**values) if values else text


# ---- the outline both Markdown and HTML print ----------------------------------------------


@dataclass(frozen=True)
class _Line:
    """One printed line: a sentence with the citations behind it, or a plain entry."""

    text: str
    citations: list[Evidence] = field(default_factory=list)
    label: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class _Group:
    """Lines under an optional subheading; `citations` support the group as a whole."""

    title: str | None
    lines: list[_Line]
    citations: list[Evidence] = field(default_factory=list)


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

    def tag(self, evidence: Evidence) -> str:
        return f"[{self.short_ids[evidence.doc_id]}:{evidence.start}–{evidence.end}]"


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


def _event_section(brief: Brief) -> _Section:
    """What, when, where and who, all backed by the event's citations, then any event claims."""
    lang, event = brief.lang, brief.event
    fields = [
        ("what", event.what if event.what != brief.headline.text else None),
        ("when", event.date),
        ("where", event.place),
        ("who", _label(lang, "list_separator").join(event.participants)),
    ]
    groups = [_Group(None, [_Line(value, label=_label(lang, key)) for key, value in fields if value], event.citations)]
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
    used = [_Line(s.path, label=s.doc_id) for s in brief.sources if s.used and s.doc_id not in failed_ids]
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
    outline = _outline(brief)
    out = [f"# {_md_line(outline, outline.headline)}"]
    for section in outline.sections:
        out += ["", f"## {section.title}"]
        for group in section.groups:
            if group.title:
                out += ["", f"### {group.title}"]
            out += ["", *(f"- {_md_line(outline, line)}" for line in group.lines)]
            if group.citations:
                out += ["", _md_citations(outline, group.citations)]
    return "\n".join(out) + "\n"


def _md_line(outline: _Outline, line: _Line) -> str:
    parts = [f"**{line.label}:** {line.text}" if line.label else line.text]
    if line.note:
        parts.append(f"_({line.note})_")
    if line.citations:
        parts.append(_md_citations(outline, line.citations, line.text))
    return " ".join(parts)


def _md_citations(outline: _Outline, citations: list[Evidence], printed: str = "") -> str:
    return " ".join(outline.tag(e) if e.quote in printed else f"{outline.tag(e)} «{e.quote}»" for e in citations)


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

_CSS = """
body { font-family: "Noto Naskh Arabic", "Segoe UI", Tahoma, sans-serif; line-height: 1.7;
       max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 1px solid #ccc; margin-top: 2rem; }
.note { color: #555; font-size: .9em; }
.cites { font-size: .85em; color: #444; }
.cite { margin-inline-end: .6em; }
.cite a { text-decoration: none; font-family: monospace; }
.unresolved { color: #a00; border: 1px dashed #a00; padding: 0 .2em; }
.passages li { white-space: pre-wrap; margin-bottom: .8em; }
.passages .tag { font-family: monospace; color: #555; }
mark { background: #ffe680; }
"""


def render_html(brief: Brief, texts: Mapping[str, str]) -> str:
    """One HTML file with no external resources; each citation links to its passage in context.

    `texts` maps doc_id to the source file's decoded text; a citation that does not resolve
    there is marked unresolved instead of linked.
    """
    outline = _outline(brief)
    passages = _Passages(outline, texts)
    body = [f"<h1>{_html_line(outline.headline, passages)}</h1>"]
    for section in outline.sections:
        body.append(f'<section id="{section.key}"><h2>{escape(section.title)}</h2>')
        for group in section.groups:
            if group.title:
                body.append(f"<h3>{escape(group.title)}</h3>")
            body.append("<ul>" + "".join(f"<li>{_html_line(line, passages)}</li>" for line in group.lines) + "</ul>")
            if group.citations:
                body.append(f'<p class="cites">{passages.cite_all(group.citations)}</p>')
        body.append("</section>")
    body.append(passages.appendix())
    direction = "rtl" if outline.lang == "ar" else "ltr"
    return (
        f'<!DOCTYPE html>\n<html lang="{outline.lang}" dir="{direction}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(outline.headline.text)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _html_line(line: _Line, passages: _Passages) -> str:
    parts = [f"<strong>{escape(line.label)}:</strong> {escape(line.text)}" if line.label else escape(line.text)]
    if line.note:
        parts.append(f'<span class="note">({escape(line.note)})</span>')
    if line.citations:
        parts.append(f'<span class="cites">{passages.cite_all(line.citations, line.text)}</span>')
    return " ".join(parts)


def _direction(text: str) -> str:
    """Attributes that lay out a piece of source text: Arabic right to left."""
    return ' dir="rtl" lang="ar"' if _ARABIC_LETTER.search(text) else ' dir="ltr"'


class _Passages:
    """Gives each distinct resolvable citation an anchor and lists those passages in an appendix."""

    def __init__(self, outline: _Outline, texts: Mapping[str, str]) -> None:
        self.outline = outline
        self.texts = texts
        self.cited: dict[tuple[str, int, int], tuple[str, Evidence]] = {}  # span -> (anchor, evidence)

    def cite_all(self, citations: list[Evidence], printed: str = "") -> str:
        return " ".join(self.cite(e, e.quote in printed) for e in citations)

    def cite(self, evidence: Evidence, quoted: bool = False) -> str:
        """The tag linked to the passage, and the quote unless the line already prints it."""
        tag = f'<bdi dir="ltr">{escape(self.outline.tag(evidence))}</bdi>'  # keeps [id:start–end] in order in RTL
        quote = "" if quoted else f" <q{_direction(evidence.quote)}>{escape(evidence.quote)}</q>"
        text = self.texts.get(evidence.doc_id)
        if text is None or not resolves(evidence, text):
            reason = escape(_label(self.outline.lang, "unresolved"))
            return f'<span class="cite unresolved" title="{reason}">⚠ {tag}{quote} ({reason})</span>'
        span = (evidence.doc_id, evidence.start, evidence.end)
        if span not in self.cited:
            self.cited[span] = (f"cite-{len(self.cited) + 1}", evidence)
        anchor, _ = self.cited[span]
        return f'<span class="cite"><a href="#{anchor}">{tag}</a>{quote}</span>'

    def appendix(self) -> str:
        """One section per cited source, passages in text order; call after every `cite`."""
        by_doc: dict[str, list[tuple[str, Evidence]]] = {}
        for anchor, evidence in self.cited.values():
            by_doc.setdefault(evidence.doc_id, []).append((anchor, evidence))
        sources = []
        for doc_id, cited in sorted(by_doc.items()):
            text = self.texts[doc_id]
            items = "".join(
                f'<li id="{anchor}"><span class="tag" dir="ltr">{escape(self.outline.tag(evidence))}</span><br>'
                f"<span{_direction(text)}>{_in_context(text, evidence.start, evidence.end)}</span></li>"
                for anchor, evidence in sorted(cited, key=lambda item: item[1].start)
            )
            sources.append(f'<section class="source"><h3>{escape(doc_id)}</h3><ol class="passages">{items}</ol></section>')
        title = escape(_label(self.outline.lang, "passages"))
        return f'<section id="passages"><h2>{title}</h2>{"".join(sources)}</section>'


def _in_context(text: str, start: int, end: int) -> str:
    """Escaped passage with the cited words marked, within its paragraph and CONTEXT_CHARS each side."""
    paragraph_start = text.rfind("\n", 0, start) + 1
    paragraph_end = text.find("\n", end)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    shown_start = max(paragraph_start, start - CONTEXT_CHARS)
    shown_end = min(paragraph_end, end + CONTEXT_CHARS)
    return (
        ("…" if shown_start > paragraph_start else "")
        + escape(text[shown_start:start])
        + f"<mark>{escape(text[start:end])}</mark>"
        + escape(text[end:shown_end])
        + ("…" if shown_end < paragraph_end else "")
    )


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
