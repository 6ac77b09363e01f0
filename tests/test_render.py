"""Render stage on a brief built from real seed quotes: every sentence, quote and citation must
reach the output, JSON must read back, and HTML must be self-contained, escaped and linked."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from markdown_it import MarkdownIt

from summarizer.stages.clean import clean
from summarizer.lang.dates import only_a_date
from summarizer.eval.suites import EVALS
from summarizer.checks.evidence import locate
from summarizer.stages.load import load_file
from summarizer.models import (
    Brief,
    BriefEvent,
    Claim,
    Conflict,
    ConflictSide,
    Evidence,
    Excluded,
    Source,
    Usage,
)
from summarizer.stages.render import render, render_html, render_json, render_markdown

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
D000, D001, D002, D003, D004 = (
    "000_88ee41043186e22b",
    "001_104e0b002fc97bce",
    "002_0c3e5edbc3d019b7",
    "003_78942ce5f88155b8",
    "004_0199f5b47c6c6fbc",
)
HOSTILE = "<script>alert(1)</script>"


@cache
def _clean_seed(doc_id: str):
    return clean(load_file(SEEDS / f"{doc_id}.txt"))


def cite(doc_id: str, quote: str) -> Evidence:
    return locate(_clean_seed(doc_id), quote)


def seed_texts() -> dict[str, str]:
    return {path.stem: load_file(path).text for path in SEEDS.glob("*.txt")}


def all_citations(brief: Brief) -> list[Evidence]:
    claims = [brief.headline, *brief.claims]
    sides = [side for conflict in brief.conflicts for side in conflict.sides]
    return [e for item in [*claims, *sides, brief.event] for e in item.citations]


def tag(evidence: Evidence) -> str:
    """The compact citation form the brief promises, e.g. [001_104e…:173–213]."""
    return f"[{evidence.doc_id[:8]}…:{evidence.start}–{evidence.end}]"


def make_brief(lang: str = "en") -> Brief:
    us_opposes = cite(D003, "أكد بلينكن معارضة الولايات المتحدة لوقف إطلاق النار في غزة")
    return Brief(
        lang=lang,
        headline=Claim(
            text="Arab ministers pressed Blinken in Amman for an immediate ceasefire; Washington refused.",
            citations=[cite(D004, "دعا الزعماء العرب إلى وقف فوري لإطلاق النار في غزة"), us_opposes],
        ),
        event=BriefEvent(
            what="Arab foreign ministers met US Secretary of State Antony Blinken",
            date="2023-11-04",
            place="Amman, Jordan",
            participants=["Antony Blinken", "Ayman Safadi", "Sameh Shoukry"],
            citations=[
                cite(D001, "اجتماع عمان الذي ضم اليوم (السبت) وزراء خارجية قطر والسعودية"),
                cite(D000, "اليوم السبت الموافق 4 من شهر نوفمبر 2023"),
            ],
        ),
        claims=[
            Claim(
                text="Blinken said the United States will use its influence to stop other states opening new fronts.",
                citations=[
                    cite(D001, "أكد وزير الخارجية الأمريكي أنتوني بلينكن"),
                    cite(D001, "ستستخدم نفوذها لمنع أي دول إضافية من فتح جبهات جديدة"),
                ],
            ),
            Claim(
                text="The Arab ministers put an unconditional ceasefire first.",
                section="position",
                party="Arab ministers",
                citations=[
                    cite(D003, "أكد الوزراء العرب أن الأولوية تعود إلى وقف إطلاق النار دون شروط في غزة"),
                    cite(D004, "دعا الزعماء العرب إلى وقف فوري لإطلاق النار في غزة"),
                ],
            ),
            Claim(
                text="Blinken restated US opposition to a ceasefire.",
                section="position",
                party="United States",
                citations=[cite(D004, "كرر بلينكن معارضة الولايات المتحدة"), us_opposes],
            ),
            Claim(
                text="Both sides agreed that aid must reach Gaza and civilians must be protected.",
                section="agreement",
                citations=[cite(D003, "ضرورة إيصال الدعم الإنساني الكافي والفوري وضرورة حماية المدنيين")],
            ),
            Claim(
                text="A fundamental disagreement over the Gaza war remained.",
                section="disagreement",
                citations=[cite(D003, "لا يزال هناك خلاف جوهري يفصل بين مواقف الطرفين من حرب غزة")],
            ),
            Claim(
                text="Blinken called for a temporary humanitarian pause.",
                section="outcome",
                citations=[cite(D004, "ودعا بلينكن إلى هدنة إنسانية مؤقتة")],
            ),
        ],
        conflicts=[
            Conflict(
                topic="Whether the meeting produced any agreement",
                sides=[
                    ConflictSide(
                        text="Blinken said all agreed on using their influence to deter new fronts.",
                        citations=[cite(D004, "لقد اتفقنا جميعًا على أهمية استخدام نفوذنا وقدراتنا")],
                    ),
                    ConflictSide(
                        text="The Amman meeting did not produce even a preliminary agreement.",
                        citations=[cite(D003, "لقاء عمان لم يسهم في رسم ملامح اتفاق ولو مبدئي")],
                    ),
                ],
            )
        ],
        excluded=[Excluded(doc_id=D002, reason="reports a different meeting: Cairo, March 2024")],
        sources=[
            Source(doc_id=path.stem, path=str(path.relative_to(SEEDS.parent)), used=path.stem != D002)
            for path in sorted(SEEDS.glob("*.txt"))
        ],
        usage=Usage(calls=7, cached_calls=2, prompt_tokens=12345, completion_tokens=678, seconds=41.25),
    )


def hostile_brief_and_texts() -> tuple[Brief, dict[str, str]]:
    """Markup in every place text comes from: a claim, a party, a reason and a source page."""
    texts = seed_texts()
    texts["999_hostile"] = f"مقدمة\n{HOSTILE} قال المتحدث إن <b>الاجتماع</b> انتهى بلا اتفاق <img src=x onerror=alert(2)>"
    quote = "قال المتحدث إن <b>الاجتماع</b> انتهى"
    start = texts["999_hostile"].index(quote)
    hostile_evidence = Evidence(doc_id="999_hostile", quote=quote, start=start, end=start + len(quote))
    brief = make_brief()
    brief.claims.append(
        Claim(text=f"Injected {HOSTILE} claim", section="position", party=HOSTILE, citations=[hostile_evidence])
    )
    brief.excluded.append(Excluded(doc_id="998_other", reason=f"spam {HOSTILE}"))
    return brief, texts


@dataclass
class _Element:
    tag: str
    attributes: dict[str, str | None]
    ancestors: list[_Element]
    text: list[str] = field(default_factory=list)

    def inside(self, tag: str, **attributes: str) -> _Element | None:
        """The nearest enclosing `tag` with these attribute values, if any."""
        return next(
            (a for a in reversed(self.ancestors) if a.tag == tag and attributes.items() <= a.attributes.items()),
            None,
        )


class _HtmlFacts(HTMLParser):
    """Every element of a page with its attributes, text and ancestors, for the tests to query."""

    VOID = {"br", "meta", "img", "link", "hr", "input"}

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[_Element] = []
        self._open: list[_Element] = []
        self.feed(page)
        self.close()
        assert not self._open, f"unclosed: {[e.tag for e in self._open]}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = _Element(tag, dict(attrs), list(self._open))
        self.elements.append(element)
        if tag not in self.VOID:
            self._open.append(element)

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        assert self._open and self._open[-1].tag == tag, f"</{tag}> does not close the open element"
        self._open.pop()

    def all(self, tag: str) -> list[_Element]:
        return [e for e in self.elements if e.tag == tag]

    @property
    def ids(self) -> set[str]:
        return {e.attributes["id"] for e in self.elements if e.attributes.get("id")}

    @property
    def links(self) -> list[tuple[str, str]]:
        """(href, link text) of every <a>."""
        return [(a.attributes.get("href") or "", "".join(a.text)) for a in self.all("a")]

    @property
    def marks(self) -> list[tuple[str | None, str, bool]]:
        """(id of the enclosing <li>, marked text, whether it stands in the appendix) per <mark>."""
        return [
            ((m.inside("li") or m).attributes.get("id"), "".join(m.text), m.inside("section", id="passages") is not None)
            for m in self.all("mark")
        ]

    @property
    def headings(self) -> list[str]:
        return ["".join(h.text) for h in self.all("h2")]

    @property
    def unresolved(self) -> list[str]:
        return ["".join(e.text) for e in self.elements if "unresolved" in (e.attributes.get("class") or "").split()]


# ---- Markdown ----------------------------------------------------------------------------------


def test_markdown_prints_every_sentence_quote_and_citation():
    brief = make_brief()
    md = render_markdown(brief)
    sentences = [brief.headline.text, brief.event.what, *(c.text for c in brief.claims)]
    sentences += [c.topic for c in brief.conflicts] + [s.text for c in brief.conflicts for s in c.sides]
    for sentence in sentences:
        assert sentence in md
    for evidence in all_citations(brief):
        assert evidence.doc_id in md
        assert f"{tag(evidence)} «{evidence.quote}»" in md
    assert "[001_104e…:173–213] «أكد وزير الخارجية الأمريكي أنتوني بلينكن»" in md


def test_the_event_block_does_not_print_again_a_passage_a_claim_prints():
    """The cold Arabic seeds brief printed its event sentence (000, 58 words) in full twice: under
    the event and as the first key point. Under the event it is now its tag alone."""
    brief = make_brief("ar")
    event_sentence = brief.event.citations[1]
    claim = Claim(text=f"«{event_sentence.quote}»", citations=[event_sentence])
    brief = brief.model_copy(update={"claims": [claim, *brief.claims]})
    md = render_markdown(brief)
    assert md.count(f"«{event_sentence.quote}»") == 1
    assert md.count(tag(event_sentence)) == 2
    other = brief.event.citations[0]  # printed nowhere else: shown in full under the event
    assert f"{tag(other)} «{other.quote}»" in md
    # A tag alone is set apart from the next citation, so it is not read as the tag of those words.
    assert f"{tag(other)} «{other.quote}» · {tag(event_sentence)}" in md
    # Nearly the same passage (a claim citing the speaker's clause of it) counts as printed too.
    clause = cite(D000, "السبت الموافق 4 من شهر نوفمبر 2023")
    nearly = make_brief("ar").model_copy(update={"claims": [Claim(text=f"«{clause.quote}»", citations=[clause])]})
    assert f"{tag(event_sentence)} «" not in render_markdown(nearly)
    # In HTML too: the claim prints the words once more, the event block once less.
    assert render_html(brief, seed_texts()).count(event_sentence.quote) == \
        render_html(make_brief("ar"), seed_texts()).count(event_sentence.quote)


def test_a_dateline_under_the_event_is_its_tag_alone():
    """MultiLing M002 (--group-by story): the event block printed «الجمعة 23 مارس 2007» and four more
    datelines in full; the "when" line says it. A dateline is cited, not printed; a sentence still is."""
    page = clean(load_file(EVALS / "suites" / "multiling2011_ar_dev" / "M002" / "docs" / "M0020.txt"))
    dateline = locate(page, "الجمعة 23 مارس 2007")
    assert dateline is not None and only_a_date(dateline.quote)
    brief = make_brief("ar")
    brief = brief.model_copy(update={"event": brief.event.model_copy(
        update={"citations": [*brief.event.citations, dateline]})})
    md = render_markdown(brief)
    assert f"[M0020:{dateline.start}–{dateline.end}]" in md and dateline.quote not in md
    other = brief.event.citations[0]
    assert f"{tag(other)} «{other.quote}»" in md
    assert not only_a_date("عمان 4 نوفمبر 2023 (شينخوا) أكد وزير الخارجية")  # a dateline that goes on


def test_markdown_citations_follow_their_own_sentence():
    brief = make_brief()
    lines = render_markdown(brief).splitlines()
    for claim in [brief.headline, *brief.claims]:
        (line,) = [line for line in lines if claim.text in line]
        assert line.index(claim.text) < min(line.index(tag(e)) for e in claim.citations)
        assert all(e.quote in line for e in claim.citations)


def test_markdown_sections_in_order_with_event_fields():
    md = render_markdown(make_brief())
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == [
        "## The event",
        "## Key points",
        "## Positions by party",
        "## Agreements",
        "## Disagreements",
        "## Outcomes",
        "## Conflicts between sources",
        "## Sources",
        "## Usage",
    ]
    assert "- **When:** 2023-11-04" in md
    assert "- **Where:** Amman, Jordan" in md
    assert "- **Who:** Antony Blinken, Ayman Safadi, Sameh Shoukry" in md


def test_markdown_groups_positions_by_party():
    md = render_markdown(make_brief())
    positions = md.split("## Positions by party")[1].split("\n## ")[0]
    arab, us = positions.split("### United States")
    assert "### Arab ministers" in arab and "unconditional ceasefire" in arab
    assert "US opposition" in us and "unconditional ceasefire" not in us


def test_markdown_shows_corroboration_only_when_several_sources_agree():
    brief = make_brief()
    lines = render_markdown(brief).splitlines()
    (arab_position,) = [line for line in lines if brief.claims[1].text in line]
    (same_source_twice,) = [line for line in lines if brief.claims[0].text in line]
    assert "_(2 sources)_" in arab_position
    assert "sources)" not in same_source_twice


def test_markdown_lists_sources_set_aside_with_reasons_and_usage():
    md = render_markdown(make_brief())
    used, set_aside = md.split("## Sources")[1].split("## Usage")[0].split("### Set aside")
    assert f"**{D002}:** reports a different meeting: Cairo, March 2024" in set_aside
    assert D002 not in used and f"**{D001}:** seeds/{D001}.txt" in used
    assert "7 model calls (2 cached), 12345 prompt + 678 completion tokens, 41.2 s" in md


def test_markdown_headings_in_arabic_for_arabic_brief():
    md = render_markdown(make_brief("ar"))
    for heading in ("## الحدث", "## أبرز النقاط", "## مواقف الأطراف", "## تعارض بين المصادر", "## المصادر"):
        assert heading in md
    assert "The event" not in md and "Key points" not in md
    assert "**متى:** 2023-11-04" in md
    assert "عدد المصادر: 2" in md


def test_markdown_escapes_markup_links_and_line_breaks_from_brief_and_sources():
    brief, _ = hostile_brief_and_texts()
    forged = "Click [here](javascript:alert(3)) & ![x](http://x/y.png) &#x202E;\n## Forged heading\n`code`"
    brief.claims.append(Claim(text=forged, citations=brief.claims[0].citations))
    md = render_markdown(brief)
    assert "\\<script\\>alert(1)\\</script\\>" in md and "<script" not in md.replace("\\<script", "")
    assert "«قال المتحدث إن \\<b\\>الاجتماع\\</b\\> انتهى»" in md
    assert "## Forged heading" not in md.splitlines()
    # What a Markdown viewer shows: the text, with no element, link or entity taken from it.
    shown = _HtmlFacts(MarkdownIt("commonmark").render(md))
    assert {e.tag for e in shown.elements} & {"script", "img", "b", "code"} == set()
    assert not [href for href, _ in shown.links]
    shown_text = "".join(text for item in shown.all("li") for text in item.text)
    assert "Click [here](javascript:alert(3)) & ![x](http://x/y.png) &#x202E; ## Forged heading `code`" in shown_text
    assert "Injected <script>alert(1)</script> claim" in shown_text


def test_short_ids_grow_until_documents_sharing_a_prefix_differ():
    brief = make_brief()
    quote = brief.claims[0].citations[0]
    twin = quote.model_copy(update={"doc_id": D001[:10] + "ffffffffff"})
    brief.claims[0].citations.append(twin)
    md = render_markdown(brief)
    assert f"[{D001[:11]}…:173–213]" in md and f"[{twin.doc_id[:11]}…:173–213]" in md


# ---- JSON --------------------------------------------------------------------------------------


def test_json_round_trips_to_the_same_brief():
    brief = make_brief("ar")
    assert Brief.model_validate_json(render_json(brief)) == brief


def test_json_has_required_fields_in_readable_utf8():
    brief = make_brief()
    text = render_json(brief)
    data = json.loads(text)
    assert {"headline", "event", "claims", "conflicts", "excluded", "sources", "usage"} <= data.keys()
    assert "أكد وزير الخارجية الأمريكي أنتوني بلينكن" in text  # not \\u escapes
    assert text.startswith("{\n  ")
    assert len(data["claims"]) == len(brief.claims)  # the headline is not repeated among claims
    first = data["claims"][0]
    assert first["text"] == brief.claims[0].text
    assert first["citations"][0] == {"doc_id": D001, "quote": "أكد وزير الخارجية الأمريكي أنتوني بلينكن", "start": 173, "end": 213}
    assert [c["corroboration"] for c in data["claims"]] == [1, 2, 2, 1, 1, 1]
    assert data["excluded"] == [{"doc_id": D002, "reason": "reports a different meeting: Cairo, March 2024"}]
    assert len(data["conflicts"][0]["sides"]) == 2


# ---- HTML --------------------------------------------------------------------------------------


def test_html_escapes_markup_from_brief_and_sources():
    brief, texts = hostile_brief_and_texts()
    page = render_html(brief, texts)
    facts = _HtmlFacts(page)
    assert "<script" not in page.lower()
    assert {e.tag for e in facts.elements} & {"script", "img", "b"} == set()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    appendix = page.split('id="passages"')[1]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>قال المتحدث إن &lt;b&gt;الاجتماع&lt;/b&gt; انتهى</mark>" in appendix


def test_html_keeps_its_line_breaks_while_control_characters_are_escaped():
    """Escaping control characters in what templates print (`console.shown`) also escaped the line
    breaks of the markup a macro returns: every HTML brief showed a literal \\n between its blocks."""
    brief, texts = hostile_brief_and_texts()
    brief.claims[0].text += " \x1b[31mred\u202e"
    page = render_html(brief, texts)
    assert "\\n" not in page and page.count("\n") > 40
    assert "\x1b" not in page and "\u202e" not in page and "\\x1b[31mred\\u202e" in page


def test_html_refers_to_no_external_resources():
    page = render_html(make_brief(), seed_texts())
    for element in _HtmlFacts(page).elements:
        for name in ("src", "href"):
            assert not (element.attributes.get(name) or "").startswith(("http:", "https:", "//"))
    assert not re.search(r"https?://", page)
    assert "<link" not in page and "<style>" in page


def test_html_every_link_has_its_target_and_shows_the_cited_passage():
    brief = make_brief()
    facts = _HtmlFacts(render_html(brief, seed_texts()))
    hrefs = [href for href, _ in facts.links if not href.startswith("file:")]
    assert hrefs and all(href.startswith("#") and href[1:] in facts.ids for href in hrefs)
    marked = {li_id: text for li_id, text, in_appendix in facts.marks if in_appendix}
    for evidence in all_citations(brief):
        (href,) = {href for href, text in facts.links if text == tag(evidence)}
        assert marked[href[1:]] == evidence.quote


def test_html_marks_only_in_the_appendix_once_per_passage():
    brief = make_brief()
    facts = _HtmlFacts(render_html(brief, seed_texts()))
    assert all(in_appendix for _, _, in_appendix in facts.marks)
    distinct = {(e.doc_id, e.start, e.end) for e in all_citations(brief)}
    assert len(facts.marks) == len(distinct)


def test_html_passage_shows_surrounding_source_text():
    texts = seed_texts()
    page = render_html(make_brief(), texts)
    before = texts[D001][150:173]
    assert f"{before}<mark>أكد وزير الخارجية الأمريكي أنتوني بلينكن</mark>" in page


def test_html_marks_unresolved_citations_instead_of_linking_them():
    brief = make_brief()
    texts = seed_texts()
    texts[D004] = texts[D004].replace("(CNN)-- ", "")  # every offset after it shifts
    page = render_html(brief, texts)
    facts = _HtmlFacts(page)
    moved = [e for e in all_citations(brief) if e.doc_id == D004]
    for evidence in moved:
        assert tag(evidence) not in {text for _, text in facts.links}
        assert any(text.startswith(f"⚠ {tag(evidence)} {evidence.quote}") for text in facts.unresolved)
    assert all(text != evidence.quote for evidence in moved for _, text, _ in facts.marks)
    assert tag(brief.claims[0].citations[0]) in {text for _, text in facts.links}


def test_html_arabic_brief_is_rtl_with_arabic_headings():
    facts = _HtmlFacts(render_html(make_brief("ar"), seed_texts()))
    (root,) = facts.all("html")
    assert root.attributes == {"lang": "ar", "dir": "rtl"}
    assert facts.headings[:3] == ["الحدث", "أبرز النقاط", "مواقف الأطراف"]
    assert "المقاطع المستشهد بها" in facts.headings
    assert "Key points" not in facts.headings


def test_html_english_brief_keeps_arabic_quotes_rtl():
    facts = _HtmlFacts(render_html(make_brief(), seed_texts()))
    (root,) = facts.all("html")
    assert root.attributes["dir"] == "ltr"
    quotes = facts.all("q")
    assert quotes and all(q.attributes == {"dir": "rtl", "lang": "ar"} for q in quotes)
    assert all(mark.inside("span", dir="rtl", lang="ar") for mark in facts.all("mark"))


def test_html_each_passage_takes_the_direction_of_its_own_script():
    texts = seed_texts()
    texts["en_page"] = "Ministers met in Amman (عمّان) on Saturday to discuss a ceasefire in Gaza.\nSecond line."
    quote = "Ministers met in Amman (عمّان) on Saturday"
    english = Evidence(doc_id="en_page", quote=quote, start=0, end=len(quote))
    arabic = cite(D003, "ورفض تهجير الفلسطينيين من وطنهم")
    brief = make_brief().model_copy(update={"claims": [
        Claim(text="Ministers met in Amman.", citations=[english]),
        Claim(text="They rejected the displacement of Palestinians.", citations=[arabic])]})
    facts = _HtmlFacts(render_html(brief, texts))
    directions = {"".join(m.text): (m.inside("span") or m).attributes.get("dir") for m in facts.all("mark")}
    assert directions[english.quote] == "ltr" and directions[arabic.quote] == "rtl"
    quotes = {"".join(q.text): q.attributes.get("dir") for q in facts.all("q")}
    assert quotes[english.quote] == "ltr" and quotes[arabic.quote] == "rtl"


def test_html_links_each_source_to_its_file(monkeypatch):
    monkeypatch.chdir(SEEDS.parent)  # the sources' paths are relative to where the command ran
    brief = make_brief()
    facts = _HtmlFacts(render_html(brief, seed_texts()))
    files = {unquote(urlparse(href).path) for href, _ in facts.links if href.startswith("file:")}
    used = {str((SEEDS.parent / s.path).resolve()) for s in brief.sources if s.used}
    assert used <= files and all(Path(f).is_file() for f in files)


# ---- dispatcher --------------------------------------------------------------------------------


def test_render_dispatches_on_format():
    brief, texts = make_brief(), seed_texts()
    assert render(brief, "md") == render_markdown(brief)
    assert render(brief, "json") == render_json(brief)
    assert render(brief, "html", texts) == render_html(brief, texts)


@pytest.mark.parametrize(("fmt", "texts", "message"), [("html", None, "source texts"), ("pdf", {}, "unknown format")])
def test_render_refuses_what_it_cannot_do(fmt, texts, message):
    with pytest.raises(ValueError, match=message):
        render(make_brief(), fmt, texts)


# ---- overview, more claims, failed pages -------------------------------------------------------


def brief_with_failure_overview_and_more() -> Brief:
    brief = make_brief()
    overview = Claim(text="Arab ministers pressed for a ceasefire that the US refused.",
                     citations=[*brief.claims[1].citations, *brief.claims[2].citations])
    beyond = Claim(text="A claim beyond the word budget.", citations=[cite(D003, "ورفض تهجير الفلسطينيين من وطنهم")])
    sources = [s.model_copy(update={"used": False}) if s.doc_id == D000 else s for s in brief.sources]
    return brief.model_copy(update={
        "overview": [overview], "more_claims": [beyond], "sources": sources,
        "failed": [Excluded(doc_id=D000, reason="extraction failed: the model timed out after 900 s")],
    })


def test_a_failed_page_is_listed_as_failed_with_its_reason_in_every_format():
    brief = brief_with_failure_overview_and_more()
    md = render_markdown(brief)
    used, rest = md.split("## Sources")[1].split("## Usage")[0].split("### Set aside")
    assert D000 not in used
    assert f"### Failed\n\n- **{D000}:** extraction failed: the model timed out after 900 s" in rest
    data = json.loads(render_json(brief))
    assert data["failed"] == [{"doc_id": D000, "reason": "extraction failed: the model timed out after 900 s"}]
    assert not next(s for s in data["sources"] if s["doc_id"] == D000)["used"]
    facts = _HtmlFacts(render_html(brief, seed_texts()))
    (sources,) = [e for e in facts.all("section") if e.attributes.get("id") == "sources"]
    text = "".join(sources.text)
    assert "Failed" in text and f"{D000}: extraction failed: the model timed out" in text
    assert text.index("Used") < text.index("Failed") and D000 not in text[text.index("Used"):text.index("Set aside")]


def test_a_failed_page_is_never_listed_as_used_whatever_its_source_says():
    brief = brief_with_failure_overview_and_more()
    sources = [s.model_copy(update={"used": True}) for s in brief.sources]
    md = render_markdown(brief.model_copy(update={"sources": sources}))
    used = md.split("### Used")[1].split("### ")[0]
    assert D000 not in used and f"**{D000}:** extraction failed" in md


def test_failed_is_labelled_in_arabic_in_an_arabic_brief():
    brief = brief_with_failure_overview_and_more().model_copy(update={"lang": "ar"})
    assert f"### تعذّر استخراجها\n\n- **{D000}:**" in render_markdown(brief)


def test_the_overview_comes_first_and_more_claims_only_in_json():
    brief = brief_with_failure_overview_and_more()
    md = render_markdown(brief)
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings[:2] == ["## Overview", "## The event"]
    assert brief.overview[0].text in md.split("## The event")[0]
    assert "beyond the word budget" not in md and "beyond the word budget" not in render_html(brief, seed_texts())
    data = json.loads(render_json(brief))
    assert [c["text"] for c in data["more_claims"]] == ["A claim beyond the word budget."]
    assert data["overview"][0]["corroboration"] == 2 and "more_claims" not in {c["text"] for c in data["claims"]}
    assert Brief.model_validate_json(render_json(brief)) == brief


def test_the_what_line_is_left_out_when_it_is_the_headline():
    brief = make_brief()
    same = brief.model_copy(update={"event": brief.event.model_copy(update={"what": brief.headline.text})})
    assert "**What:**" in render_markdown(brief) and "**What:**" not in render_markdown(same)


def test_a_line_that_prints_its_source_words_is_followed_by_the_tag_alone():
    evidence = cite(D003, "ورفض تهجير الفلسطينيين من وطنهم")
    claim = Claim(text=f"«{evidence.quote}»", citations=[evidence])
    brief = make_brief("ar").model_copy(update={"claims": [claim]})
    md = render_markdown(brief)
    (line,) = [line for line in md.splitlines() if evidence.quote in line]
    assert line == f"- «{evidence.quote}» {tag(evidence)}"
    page = render_html(brief, seed_texts())
    assert page.count(f">{evidence.quote}</q>") == 0 and f"<mark>{evidence.quote}</mark>" in page
