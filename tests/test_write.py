"""The write stage: one model call per brief, every sentence it returns checked before it is shown.

Model answers are canned and replayed through the real gateway (tests/replay.py); the claims are
real passages of the seeds.
"""

from __future__ import annotations

import json

import pytest

from summarizer.checks.evidence import body_sentences, locate
from summarizer.checks.faithful import word_count
from summarizer.llm.gateway import Gateway, ModelConfig
from summarizer.stages.group import group
from summarizer.stages.merge import UNRENDERED, cited_claim, claim_text, conflict_words, known_names, merge
from summarizer.models import MAX_QUOTE_CHARS, Brief, Claim, Document, Evidence
from summarizer.stages.write import MAX_TEXT_CHARS, english_names, numbered, write_brief
from tests.replay import Replay, chat_completion
from summarizer.lang import pack
from summarizer.stages.clean import clean
from tests.conftest import MULTILING_EN, REFUSAL, SHOUKRY

BLINKEN = "Antony Blinken (أنتوني بلينكن)"
SHOUKRY_PARTY = "Sameh Shoukry (سامح شكري)"
ARAB_MINISTERS = "أكد الوزراء العرب أن الأولوية تعود إلى وقف إطلاق النار دون شروط في غزة"
ARAB_LEADERS = "دعا الزعماء العرب إلى وقف فوري لإطلاق النار في غزة"
TITLE = "وزير الخارجية الأمريكي"  # a title, not a statement
FAITHFUL_SHOUKRY = "Shoukry called for a ceasefire without restriction or condition."


@pytest.fixture(scope="module")
def documents(seeds):
    return {d.doc_id: d for d in seeds}


@pytest.fixture(scope="module")
def grouping(seeds, gold_records):
    return group(seeds, gold_records)


def make_brief(grouping, documents, lang: str = "en", title: bool = False) -> Brief:
    """The merged gold-records brief showing four real passages: [2] Blinken's refusal (001),
    [3] Shoukry's call (001), [4] the Arab ministers' priority (003), [5] the Arab leaders' call
    (004); and with `title`, [6] a bare title (001)."""
    by_prefix = {doc_id[:3]: document for doc_id, document in documents.items()}
    passages = [("001", REFUSAL, BLINKEN), ("001", SHOUKRY, SHOUKRY_PARTY), ("003", ARAB_MINISTERS, "الوزراء العرب"),
                ("004", ARAB_LEADERS, "الزعماء العرب")] + ([("001", TITLE, None)] if title else [])
    claims = []
    for prefix, quote, party in passages:
        evidence = locate(by_prefix[prefix], quote)
        claims.append(Claim(text=claim_text(evidence.quote, party, lang), citations=[evidence],
                            section="position" if party else "key_point", party=party))
    return merge(grouping, documents, lang).model_copy(update={"claims": claims, "more_claims": []})


def gateway_answering(tmp_path, answer: dict | str) -> tuple[Gateway, Replay]:
    content = answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False)
    replay = Replay([(200, chat_completion(content))] * 3)
    config = ModelConfig(base_url="http://replay.invalid/v1", model="m", cache_path=tmp_path / "calls.sqlite")
    return Gateway(config, client=replay.client()), replay


def write(tmp_path, brief: Brief, answer: dict | str, grouping, budget: int = 300):
    gateway, replay = gateway_answering(tmp_path, answer)
    with gateway:
        written, rejected = write_brief(brief, gateway, known_names(grouping), budget)
    return written, rejected, replay


def english_or_marked(text: str) -> bool:
    return text.startswith(UNRENDERED) or not any("\u0600" <= ch <= "\u06ff" for ch in text)


ANSWER = {
    "renderings": [
        {"claim": 2, "text": "Blinken said a ceasefire now would leave Hamas in place, able to regroup and repeat "
                             "what it did on 7 October."},  # the refusal dropped
        {"claim": 3, "text": FAITHFUL_SHOUKRY},
        {"claim": 4, "text": "Safadi said the Arab ministers put a ceasefire in Gaza without conditions first."},  # a name added
        {"claim": 5, "text": "The Arab leaders called for an immediate 72-hour ceasefire in Gaza."},  # a number added
    ],
    "headline": {"text": "Arab ministers called for a ceasefire without conditions in Gaza", "claims": [4]},
    "overview": [
        {"text": "Shoukry called for a ceasefire without conditions.", "claims": [3]},
        {"text": "Nobody cited anything.", "claims": [99]},
    ],
}


def test_the_model_sees_the_event_sentence_and_the_shown_claims_numbered(grouping, documents):
    brief = make_brief(grouping, documents)
    items = numbered(brief)
    assert [i.number for i in items] == [1, 2, 3, 4, 5] and items[0].event
    assert items[0].claim is brief.headline and items[1].words == REFUSAL


def test_the_model_is_told_how_the_checked_english_names_are_spelled(tmp_path, grouping, documents):
    """A small model left to transliterate writes «بلينكن» as "Linenkin" and the check rejects the
    rendering; the participants' checked English names are given for the people the items name."""
    brief = make_brief(grouping, documents)
    names = dict((english, arabic) for arabic, english in english_names(numbered(brief), known_names(grouping)))
    assert {"Antony Blinken", "Sameh Shoukry"} <= set(names), names
    assert "Ayman Safadi" not in names  # not named in what the brief shows
    _, _, replay = write(tmp_path, brief, ANSWER, grouping)
    prompt = replay.requests[0]["messages"][-1]["content"]
    assert f"{names['Antony Blinken']} = Antony Blinken" in prompt
    _, _, arabic = write(tmp_path / "ar", make_brief(grouping, documents, "ar"), ANSWER, grouping)
    assert "Write these names as" not in arabic.requests[0]["messages"][-1]["content"]


def test_a_faithful_rendering_is_kept_and_unfaithful_ones_are_marked(tmp_path, grouping, documents):
    brief = make_brief(grouping, documents)
    written, rejected, replay = write(tmp_path, brief, ANSWER, grouping)
    texts = {c.citations[0].quote: c.text for c in written.claims + written.more_claims}
    assert texts[SHOUKRY] == FAITHFUL_SHOUKRY
    for quote in (REFUSAL, ARAB_LEADERS):  # rejected: their source words, marked
        assert texts[quote].startswith(UNRENDERED) and quote in texts[quote]
    assert any("claim 2 drops the negation" in r for r in rejected), rejected
    assert any("claim 4 names Safadi" in r for r in rejected), rejected
    assert any(r.startswith("rendering of claim 5 states 72") for r in rejected), rejected
    assert all(english_or_marked(c.text) for c in [written.headline, *written.overview, *written.claims])
    assert written.usage.calls == 1 and len(replay.requests) == 1
    request = replay.requests[0]["messages"][1]["content"]
    assert "[1] (the event)" in request and f"[2] {BLINKEN}: «{REFUSAL}»" in request


def test_the_headline_restating_one_key_point_replaces_it(tmp_path, grouping, documents):
    brief = make_brief(grouping, documents)
    written, _, _ = write(tmp_path, brief, ANSWER, grouping)
    assert written.headline.text == ANSWER["headline"]["text"]
    assert [c.quote for c in written.headline.citations] == [ARAB_MINISTERS]
    assert ARAB_MINISTERS not in {c.citations[0].quote for c in written.claims}
    assert written.headline.text not in {c.text for c in written.claims}


def test_checked_overview_sentences_carry_the_citations_of_what_they_restate(tmp_path, grouping, documents):
    brief = make_brief(grouping, documents)
    written, rejected, _ = write(tmp_path, brief, ANSWER, grouping)
    (overview,) = written.overview
    assert overview.text == "Shoukry called for a ceasefire without conditions."
    assert [c.quote for c in overview.citations] == [SHOUKRY]
    assert any("cites no existing claim" in r for r in rejected)


def test_a_headline_citing_a_bare_title_is_rejected(tmp_path, grouping, documents):
    brief = make_brief(grouping, documents, title=True)
    answer = {**ANSWER, "headline": {"text": "The US Secretary of State held talks", "claims": [6]}}
    written, rejected, _ = write(tmp_path, brief, answer, grouping)
    assert any(f"headline cites «{TITLE}», a name or title, not a statement" in r for r in rejected), rejected
    assert written.headline == brief.headline  # the event sentence, marked (it was not rendered)
    assert written.headline.text.startswith(UNRENDERED)
    assert all(len(c.quote.split()) >= 6 for c in written.headline.citations)


def test_one_sentence_given_for_two_claims_renders_neither(tmp_path, grouping, documents):
    brief = make_brief(grouping, documents)
    generic = "The Arab side called for a ceasefire in Gaza."
    answer = {**ANSWER, "renderings": [{"claim": 4, "text": generic}, {"claim": 5, "text": generic}]}
    written, rejected, _ = write(tmp_path, brief, answer, grouping)
    assert not any(c.text == generic for c in written.claims)
    assert sum("also given for another claim" in r for r in rejected) == 2


def test_the_event_sentence_rendered_becomes_the_event_and_the_fallback_headline(tmp_path, grouping, documents):
    brief = make_brief(grouping, documents)
    event_words = numbered(brief)[0].words
    answer = {"renderings": [{"claim": 1, "text": "irrelevant <placeholder>"}],
              "headline": {"text": "Ministers met", "claims": [1, 2, 3, 4]}, "overview": []}
    written, rejected, _ = write(tmp_path, brief, answer, grouping)
    assert written.event.what == brief.event.what and event_words in written.event.what
    assert any("template placeholder" in r for r in rejected)


def test_without_an_answer_the_brief_stands_marked(tmp_path, grouping, documents):
    brief = make_brief(grouping, documents)
    written, rejected, _ = write(tmp_path, brief, "no json", grouping)
    assert rejected and rejected[0].startswith("brief text not written")
    assert written.headline == brief.headline and written.claims == brief.claims and not written.overview


def test_the_written_brief_fits_its_word_budget(tmp_path, grouping, documents):
    brief = make_brief(grouping, documents)
    written, _, _ = write(tmp_path, brief, ANSWER, grouping, budget=60)
    shown = [written.headline, *written.overview, *written.claims]
    assert sum(word_count(c.text) for c in shown) <= 60
    assert written.more_claims and len(written.claims) + len(written.more_claims) == len(brief.claims) - 1


def test_over_budget_the_shortest_claim_that_makes_room_leaves_and_conflicts_count(tmp_path, grouping, documents):
    brief = make_brief(grouping, documents, lang="ar")
    brief = brief.model_copy(update={"claims": sorted(brief.claims, key=lambda c: word_count(c.text))})  # shortest first
    assert brief.conflicts
    full, _, _ = write(tmp_path / "full", brief, "no json", grouping, budget=1000)
    total = word_count(full.headline.text) + sum(word_count(c.text) for c in full.claims) + conflict_words(full.conflicts)
    written, _, _ = write(tmp_path / "tight", brief, "no json", grouping, budget=total - 3)
    (dropped,) = [c for c in full.claims if not any(c.text == w.text for w in written.claims)]
    assert word_count(dropped.text) == min(word_count(c.text) for c in full.claims)  # every claim is over 3 words
    assert dropped in written.more_claims


def test_an_arabic_brief_takes_an_arabic_headline_only(tmp_path, grouping, documents):
    brief = make_brief(grouping, documents, lang="ar")
    answer = {"headline": {"text": "شكري يدعو إلى وقف إطلاق النار دون قيد أو شرط", "claims": [3]},
              "overview": [{"text": "Shoukry called for a ceasefire.", "claims": [3]}]}
    written, rejected, replay = write(tmp_path, brief, answer, grouping)
    assert written.headline.text == answer["headline"]["text"]
    assert not written.overview and any("not in Arabic" in r for r in rejected)
    assert "renderings" not in json.dumps(replay.requests[0]["response_format"])
    assert all(c.citations[0].quote in c.text for c in written.claims)


def test_an_overview_sentence_that_is_only_a_name_is_left_out(tmp_path, grouping, documents):
    """The 1.5B wrote «أنتوني بلينكن» as an overview sentence citing two claims (cold seeds run):
    every word is in what it cites, and it says nothing."""
    brief = make_brief(grouping, documents, lang="ar")
    answer = {"headline": {"text": "شكري يدعو إلى وقف إطلاق النار دون قيد أو شرط", "claims": [3]},
              "overview": [{"text": "أنتوني بلينكن", "claims": [1, 2]}]}
    written, rejected, _ = write(tmp_path, brief, answer, grouping)
    assert not written.overview
    assert any(r.startswith("overview sentence is a name or a title") for r in rejected), rejected
    short = {"renderings": [], "headline": {"text": "Shoukry urges ceasefire", "claims": [3]}, "overview": []}
    written, rejected, _ = write(tmp_path / "short", make_brief(grouping, documents), short, grouping)  # may be short
    assert written.headline.text == short["headline"]["text"], rejected


def test_a_rendering_that_keeps_arabic_words_is_not_an_english_rendering(tmp_path, grouping, documents):
    brief = make_brief(grouping, documents)
    answer = {**ANSWER, "renderings": [{"claim": 3, "text": "Shoukry called for «وقف إطلاق النار دون قيد أو شرط»."}]}
    written, rejected, _ = write(tmp_path, brief, answer, grouping)
    assert any("claim 3 is not in English" in r for r in rejected), rejected
    (shoukry,) = [c for c in written.claims if c.citations[0].quote == SHOUKRY]
    assert shoukry.text.startswith(UNRENDERED)


def test_an_overview_sentence_that_repeats_a_rendered_claim_is_left_out(tmp_path, grouping, documents):
    """In a cold run the 1.5B model gave Blinken's rendered claim again, word for word, as the
    overview: the brief showed it twice."""
    brief = make_brief(grouping, documents)
    answer = {**ANSWER, "overview": [{"text": FAITHFUL_SHOUKRY, "claims": [3]}]}
    written, rejected, _ = write(tmp_path, brief, answer, grouping)
    assert written.overview == []
    assert FAITHFUL_SHOUKRY in {c.text for c in written.claims}
    assert any("overview sentence repeats the headline, a claim" in r for r in rejected), rejected


def test_an_arabic_party_takes_the_english_name_its_checked_rendering_spells(tmp_path, grouping, documents):
    """The extractor writes no English names: a rendering that passed the checks and spells the
    party's Arabic name by its consonants gives the party its English label."""
    brief = make_brief(grouping, documents)
    arabic_only = [c.model_copy(update={"party": "سامح شكري"}) if c.party == SHOUKRY_PARTY else c for c in brief.claims]
    brief = brief.model_copy(update={"claims": arabic_only})
    answer = {**ANSWER, "renderings": [{"claim": 3, "text": "Sameh Shoukry called for a ceasefire without "
                                                             "restriction or condition."},
                                       {"claim": 5, "text": "Salman Rushdie called for an immediate ceasefire in Gaza."}]}
    written, rejected, _ = write(tmp_path, brief, answer, grouping)
    parties = {c.citations[0].quote: c.party for c in written.claims + written.more_claims}
    assert parties[SHOUKRY] == "Sameh Shoukry (سامح شكري)"
    assert parties[ARAB_LEADERS] == "الزعماء العرب"  # its rendering named someone else: rejected, no label
    assert any("claim 5 names Salman" in r or "claim 5 names Rushdie" in r for r in rejected), rejected


def test_an_arabic_overview_sentence_that_copies_a_claims_words_is_left_out(tmp_path, grouping, documents):
    """In a cold run the Arabic overview was a claim's source sentence copied: shown twice."""
    brief = make_brief(grouping, documents, lang="ar")
    answer = {"headline": ANSWER["headline"] | {"text": "أكد الوزراء العرب أن الأولوية لوقف إطلاق النار في غزة"},
              "overview": [{"text": ARAB_LEADERS, "claims": [5]}]}
    written, rejected, _ = write(tmp_path, brief, answer, grouping)
    assert written.overview == []
    assert any("overview sentence repeats the headline, a claim" in r for r in rejected), rejected


def test_a_claim_copied_under_two_citations_is_still_a_repeat(tmp_path, grouping, documents):
    """The 1.5B, cold, on the seeds: a claim's sentence, its verb's gender wrong, citing the event
    sentence too; kept, it pushed two key facts out of the budget. Citing several claims excuses
    resembling one of them only when the sentence takes words of its own from two of them."""
    brief = make_brief(grouping, documents, lang="ar")
    answer = {"headline": ANSWER["headline"] | {"text": "أكد الوزراء العرب أن الأولوية لوقف إطلاق النار في غزة"},
              "overview": [{"text": ARAB_LEADERS, "claims": [1, 5]}, {"text": ARAB_LEADERS + " في عمان", "claims": [1, 5]}]}
    written, rejected, _ = write(tmp_path, brief, answer, grouping)
    assert written.overview == []
    assert sum("overview sentence repeats the headline, a claim" in r for r in rejected) == 2, rejected


# Shoukry's words on page 001, from the first of these passages to the last (one passage of six
# sentences), and a faithful rendering of them: 840 characters.
SHOUKRY_PASSAGES = (
    "بدوره قال سامح شكري إن الاجتماع أكد ضرورة عنصر الوقت في الحرب القائمة",
    SHOUKRY,
    "وطالب شكري بالعمل على إعادة إحياء عملية السلام بين الإسرائيليين والفلسطينيين في أسرع وقت ممكن وضرورة التوافق على "
    "وقف فوري وشامل لإطلاق النار في غزة دون شروط",
    "وأكد سامح شكري أن الموقف المصري من وقف إطلاق النار مرتبط بالتبعات الإنسانية للصراع ولابد من معالجتها بصورة ملائمة",
)
FAITHFUL_LONG = (
    "Sameh Shoukry said the meeting stressed the importance of the time factor in the ongoing war. He added that "
    "Israel's killing of civilians, targeting of hospitals and attempts to displace the Palestinians are not "
    "self-defence. Shoukry called for a ceasefire without restriction or condition, and for not applying double "
    "standards in crises that threaten international security and peace. He also stressed that the regrettable "
    "killings Gaza is witnessing cannot be justified. Shoukry demanded work to revive the peace process between the "
    "Israelis and the Palestinians as soon as possible and the need to agree on an immediate and comprehensive "
    "ceasefire in Gaza without conditions. Sameh Shoukry stressed that the Egyptian position on a ceasefire is "
    "linked to the humanitarian consequences of the conflict, which must be dealt with properly.")
LEADERS_CALL = "The Arab leaders called for an immediate ceasefire in Gaza."


def test_one_bad_item_of_the_answer_costs_only_itself(tmp_path, grouping, documents):
    """A rendering's length follows its claim's: a faithful rendering of a merged claim takes 520
    characters, where the answer's schema once allowed 500 and the whole answer failed three times,
    leaving the brief no English at all. One item too long for its claim (900 characters for 14
    words) or malformed is left out with why; the other items are shown."""
    page = documents["001_104e0b002fc97bce"]
    first, last = locate(page, SHOUKRY_PASSAGES[0]), locate(page, SHOUKRY_PASSAGES[-1])
    paragraph = Evidence(doc_id=page.doc_id, quote=page.document.text[first.start:last.end], start=first.start,
                         end=last.end)
    merged = cited_claim([paragraph], "position", SHOUKRY_PARTY, "en")
    brief = make_brief(grouping, documents)
    brief = brief.model_copy(update={"claims": [merged if c.party == SHOUKRY_PARTY else c for c in brief.claims]})
    padded = ("The Arab ministers said the priority is a ceasefire in Gaza without conditions. " * 12)[:900]
    answer = {
        "renderings": [
            {"claim": 3, "text": FAITHFUL_LONG},
            {"claim": 4, "text": padded},
            {"claim": "five", "text": LEADERS_CALL},
            {"text": LEADERS_CALL},
            LEADERS_CALL,
            {"claim": 5, "text": " "},
            {"claim": 5, "text": LEADERS_CALL},
        ],
        "headline": {"text": "Shoukry and the Arab leaders call for a ceasefire in Gaza", "claims": [3, 5]},
        "overview": [{"text": "Shoukry said the killing of civilians is not self-defence and cannot be justified, and called for not applying double standards.", "claims": [3]},
                     {"text": "Shoukry and the Arab leaders called for a ceasefire.", "claims": "3 and 5"},
                     {"text": "", "claims": [5]},
                     {"text": "The Arab leaders called for an immediate ceasefire.", "claims": [5]}],  # a fourth
    }
    written, rejected, replay = write(tmp_path, brief, answer, grouping, budget=1000)
    assert len(replay.requests) == 1, rejected  # taken at once: no retry
    texts = {c.citations[0].quote: c.text for c in written.claims}
    assert texts[paragraph.quote] == FAITHFUL_LONG and len(FAITHFUL_LONG) > 500, rejected
    assert texts[ARAB_LEADERS] == LEADERS_CALL and texts[ARAB_MINISTERS].startswith(UNRENDERED)
    assert written.headline.text == answer["headline"]["text"]
    assert [o.text for o in written.overview] == ["Shoukry said the killing of civilians is not self-defence and cannot be justified, and called for not applying double standards."], \
        [r for r in rejected if r.startswith("overview")]
    for reason in ("rendering of claim 4 is longer than its source words allow",
                   "rendering is malformed (claim: Input should be a valid integer",
                   "rendering is malformed (claim: Field required",
                   "rendering is malformed (Input should be a valid dictionary",
                   "rendering of claim 5 is empty",
                   "overview sentence is malformed (claims: Input should be a valid list",
                   "overview sentence is empty", "overview sentence beyond the 3 asked for"):
        assert any(r.startswith(reason) for r in rejected), (reason, rejected)


def test_a_text_over_the_ceiling_is_left_out_whatever_its_claim(tmp_path, grouping, documents):
    """A claim as long as a passage may be (page 001's first 2,000 characters, ~340 words) would
    allow ~850 words of rendering: a hostile answer that long is cut off by a ceiling in characters
    before any check reads it."""
    page = documents["001_104e0b002fc97bce"]
    first = body_sentences(page)[0]
    sentences = [s for s in body_sentences(page) if s.end - first.start <= MAX_QUOTE_CHARS]
    body = Evidence(doc_id=page.doc_id, quote=page.document.text[sentences[0].start:sentences[-1].end],
                    start=sentences[0].start, end=sentences[-1].end)
    everything = cited_claim([body], "key_point", None, "en")
    brief = make_brief(grouping, documents).model_copy(update={"claims": [everything]})
    hostile = "Blinken said the talks went on. " * 200
    answer = {"renderings": [{"claim": 2, "text": hostile}], "headline": ANSWER["headline"], "overview": []}
    _, rejected, _ = write(tmp_path, brief, answer, grouping, budget=2000)
    assert any(r.startswith(f"rendering of claim 2 is over {MAX_TEXT_CHARS} characters") for r in rejected), rejected


# Two sentences of the English WikiNews page M0029 (MultiLing 2011) and, for the first, the Arabic
# the MultiLing translators wrote for it: a faithful human rendering.
BLAIR = 'Blair also added that the British government is still trying to resolve the issue by "diplomatic means."'
BLAIR_IN_ARABIC = 'كما أضاف بلير أن الحكومة البريطانية لا تزال تحاول حل المشكلة عن طريق "السبل الدبلوماسية".'


# The embedded 1.5B's overview item in a cold `--lang ar` brief of MultiLing M002 (English pages):
# three sentences, the numbers, nations and polarity right, the rest invented («مساعد الأميرة»).
WEAK_OVERVIEW = ("البريطانيا تمنع اتصالاتها الثنائية مع إيران، وتم نشر صورة سيناريوه في التلفزيون. أكملت مساعد الأميرة "
                 "البريطانية مساعدتها على وضع قرار يمنع اتصالاتها الثنائية مع إيران حتى يتم رفع القيادة الإيرانية من "
                 "المدن البحرية التي تم فيها محاولة الحادثة. تأكد تونيو بليور أنني أعتقد أن نتمكن من الحصول على السكان "
                 "والجناء الذين تم محاولة الحادثة في المدن البحرية، وأن هذا سيؤدي إلى إلغاء الوضع الحالي.")


def test_an_arabic_brief_renders_english_claims_into_arabic_through_the_same_check(tmp_path, grouping, documents):
    """`--lang ar` over English pages: the model is asked for Arabic renderings of the English
    claims; a person's translation passes the check, and the same rendering with its speaker
    swapped or a negation added («لا تحاول») does not and the claim keeps its English words, marked."""
    page = MULTILING_EN / "M002" / "docs" / "M0029.txt"
    english = Document(doc_id="M0029", path=str(page), encoding="utf-8", text=page.read_text(encoding="utf-8"))
    evidence = locate(clean(english), BLAIR)
    claims = [Claim(text=claim_text(BLAIR, "Tony Blair", "ar"), citations=[evidence], section="position", party="Tony Blair")
              for _ in range(3)]
    brief = make_brief(grouping, documents, lang="ar").model_copy(update={"claims": claims})
    answer = {"renderings": [{"claim": 2, "text": BLAIR_IN_ARABIC},
                             {"claim": 3, "text": BLAIR_IN_ARABIC.replace("بلير", "ميركل")},
                             {"claim": 4, "text": BLAIR_IN_ARABIC.replace("لا تزال تحاول", "لا تحاول")}],
              "headline": {"text": "", "claims": [1]}, "overview": [{"text": WEAK_OVERVIEW, "claims": [2, 3, 4]}]}
    written, rejected, replay = write(tmp_path, brief, answer, grouping)
    request = replay.requests[0]
    assert "translate its claims into Arabic" in request["messages"][0]["content"]
    assert request["response_format"]["json_schema"]["name"] == "DraftArabicRendered"
    assert [c.text for c in written.claims][0] == BLAIR_IN_ARABIC
    assert any(r.startswith("rendering of claim 3 has ميركل say") for r in rejected), rejected
    assert any(r.startswith("rendering of claim 4 adds a negation") for r in rejected), rejected
    assert not written.overview and any(r.startswith("overview sentence is several sentences") for r in rejected)
    assert [c.text.startswith(pack("ar").LABELS["unrendered"]) and BLAIR in c.text for c in written.claims[1:]] == [True, True]
