"""Claim-level eval metrics on the seeds' real passages and gold records: support, key facts, attribution."""

from __future__ import annotations

import pytest

from summarizer.eval import suites as st
from summarizer.eval.claims import GoldView, Unit, attribution, fact_verdicts, support_reason, verdict, within_budget
from summarizer.checks.evidence import body_sentences


@pytest.fixture(scope="module")
def case():
    return st.select(st.discover(), ["seeds"])[0]


@pytest.fixture(scope="module")
def view(case):
    return GoldView.of(st.gold_records(case), case.gold.participants)


@pytest.fixture(scope="module")
def sentence(case):
    documents = {d.doc_id[:3]: d for d in st.load_documents(case)}
    return lambda page, prefix: next(s for s in body_sentences(documents[page]) if s.quote.startswith(prefix))


def test_an_arabic_extract_is_supported_and_a_changed_one_is_not(sentence, view):
    call = sentence("001", "ودعا شكري إلى وقف إطلاق النار")
    assert support_reason(Unit(f"سامح شكري: «{call.quote}»", (call,), "سامح شكري"), view) is None
    assert support_reason(Unit("ودعا شكري إلى وقف إطلاق النار خلال 3 أيام", (call,)), view) == \
        "states number(s) [3] its citation lacks"
    narration = sentence("004", "(CNN)")
    assert support_reason(Unit("لم تستمر الانقسامات الحادة بين الولايات المتحدة وشركائها العرب", (narration,)), view) == \
        "polarity differs from its citation (a refusal or negation added or dropped)"


def test_an_english_claim_is_held_to_the_gold_english_of_its_passage(sentence, view):
    safadi = sentence("001", "بدوره قال وزير الخارجية")
    assert support_reason(Unit("Safadi said the meeting reflected divergent positions.", (safadi,)), view) is None
    assert support_reason(Unit("Safadi said the meeting did not reflect divergent positions.", (safadi,)), view) == \
        "polarity differs from its citation (a refusal or negation added or dropped)"
    assert support_reason(Unit("Blinken said the meeting reflected divergent positions.", (safadi,)), view) == \
        "has Blinken speak where the gold credits أيمن الصفدي"
    assert support_reason(Unit("Safadi said the meeting with Blinken reflected divergent positions.", (safadi,)), view) == \
        "names Antony Blinken, whom its citation does not"
    assert support_reason(Unit("Safadi said the weather in Paris was pleasant.", (safadi,)), view) == \
        "its words are not traceable to the cited passage"
    assert support_reason(Unit("Safadi spoke.", ()), view) == "cites nothing"
    # 003's «أكد الوزراء العرب أن الأولوية… ورفضوا وصف…» holds two gold items: a sentence may restate both.
    arab = sentence("003", "أكد الوزراء العرب أن الأولوية")
    assert support_reason(Unit("The Arab ministers said the priority is an unconditional ceasefire in Gaza and "
                               "rejected describing Israel's actions in Gaza as self-defence.", (arab,)), view) is None
    opening = sentence("000", "حيث تم عقد وزراء خارجية 6 دول")  # 6 states, on 4 November
    assert support_reason(Unit("Foreign ministers of 4 Arab states met Blinken in Amman on 6 November 2023.",
                               (opening,)), view) == "dates something a day its citation does not"
    # Shoukry is named in Safadi's sentence («…ووزير الخارجية المصري سامح شكري الحرص على وقف الحرب»), but
    # the words are Safadi's: a unit that has Shoukry stress them is not supported.
    press = sentence("001", "وأكد في المؤتمر الصحفي المشترك")
    assert support_reason(Unit("Shoukry stressed at the joint press conference the wish to stop the war in Gaza.",
                               (press,)), view) == "has Shoukry speak where the gold credits أيمن الصفدي"
    assert support_reason(Unit("Safadi stressed at the joint press conference with Shoukry the wish to stop the war "
                               "in Gaza.", (press,)), view) is None


def test_a_key_fact_is_stated_only_with_its_own_passage_and_polarity(case, sentence, view):
    kf07 = next(f for f in case.gold.key_facts if f.id == "kf07")
    rejected = sentence("004", "ودعا بلينكن إلى هدنة")  # holds the gold passage «ولكن بعد ساعات رفض نتنياهو الفكرة علنًا»
    elsewhere = sentence("001", "وكشف عن إمكانية التوصل لإيقاف مؤقت")
    stated = "Netanyahu publicly rejected the humanitarian pause idea"
    assert verdict(Unit(stated, (rejected,)), kf07, supported=True, context="Amman") == "states"
    assert verdict(Unit(stated, (elsewhere,)), kf07, supported=True, context="Amman") is None  # not its passage
    assert verdict(Unit(stated, (rejected,)), kf07, supported=False, context="Amman") is None  # unsupported
    assert verdict(Unit("Netanyahu publicly accepted the humanitarian pause idea", (rejected,)), kf07,
                   supported=True, context="Amman") == "contradicts"
    # The place may come from the brief's event block, never the whole fact.
    assert verdict(Unit(stated, (rejected,)), kf07, supported=True) is None
    assert verdict(Unit("The ministers met.", (rejected,)), kf07, supported=True,
                   context="Netanyahu humanitarian pause idea Amman") is None
    counted = fact_verdicts([Unit("Netanyahu publicly accepted the humanitarian pause idea in Amman", (rejected,))],
                            case.gold.key_facts, view)
    assert counted.contradicted == ("kf07",) and counted.stated == ()


def test_a_party_must_be_the_one_the_gold_credits(sentence, view):
    safadi = sentence("001", "بدوره قال وزير الخارجية")
    narration = sentence("004", "(CNN)")
    units = [Unit("x", (safadi,), party="Ayman Safadi (أيمن الصفدي)"),
             Unit("x", (safadi,), party="Antony Blinken (أنتوني بلينكن)"),
             Unit("x", (narration,), party="Antony Blinken (أنتوني بلينكن)"),
             Unit("x", (safadi,))]  # no party: not judged
    result = attribution(units, view)
    assert (result.accuracy, result.judged) == (1 / 3, 3)
    assert [w.split(":")[0] for w in result.wrong] == [
        "Antony Blinken (أنتوني بلينكن) credited with words of أيمن الصفدي",
        "Antony Blinken (أنتوني بلينكن) credited with the outlet's narration"]


def test_the_budget_keeps_whole_units_and_cuts_the_last_one():
    units = [Unit("one two three"), Unit("four five six seven"), Unit("eight nine")]
    assert [u.text for u in within_budget(units, 5)] == ["one two three", "four five"]
    assert within_budget(units, 0) == []


def test_a_date_conflicts_iso_side_is_supported_by_the_date_its_citation_states(sentence, view):
    """A date conflict shows each side as an ISO date; «عمان 4 نوفمبر 2023» states 2023-11-04."""
    dateline = sentence("001", "عمان 4 نوفمبر 2023")
    assert support_reason(Unit("2023-11-04", (dateline,), label=True), view) is None
    assert support_reason(Unit("2023-11-05", (dateline,), label=True), view) == "states a date its citation does not"


def test_a_claim_joining_passages_is_judged_passage_by_passage(case, sentence):
    """A merged claim quotes several passages joined by « … »: Netanyahu's refusal in one does not
    turn the US's backing of a humanitarian pause in the other into its opposite."""
    kf06 = next(f for f in case.gold.key_facts if f.id == "kf06")
    backing = sentence("000", "بينما صرح المتحدث الرسمي باسم وزراة الخارجية")  # «…تعتقد بأن الهدنة الإنسانية…»
    refusal = sentence("004", "ودعا بلينكن إلى هدنة")
    pause = "الولايات المتحدة الأمريكية تعتقد بأن الهدنة الإنسانية بمكن أن تكون آلية حاسمة لصالح المدنيين وحمايتهم"
    joined = Unit(f"«{pause} … ولكن بعد ساعات رفض نتنياهو الفكرة علنًا»", (backing, refusal))
    assert verdict(joined, kf06, supported=True, context="Amman") == "states"
    reversed_ = Unit(f"«لا تعتقد الولايات المتحدة بأن الهدنة الإنسانية آلية حاسمة … {refusal.quote}»", (backing, refusal))
    assert verdict(reversed_, kf06, supported=True, context="Amman") == "contradicts"


def test_a_claim_is_read_with_the_party_it_is_printed_under(case):
    """«أنتوني بلينكن: «من المهم إعادة التأكيد على حق إسرائيل…»» says Blinken said it, though the
    quoted words do not name him (kf17); the label itself states nothing (a conflict side's)."""
    kf17 = next(f for f in case.gold.key_facts if f.id == "kf17")
    passage = next(e for e in kf17.evidence if e.quote.startswith("من المهم إعادة التأكيد"))
    assert verdict(Unit(f"أنتوني بلينكن: «{passage.quote}»", (passage,), "أنتوني بلينكن"), kf17, supported=True) \
        == "states"
    assert verdict(Unit(f"«{passage.quote}»", (passage,)), kf17, supported=True) is None


def test_a_join_no_passage_of_which_presents_a_fact_never_contradicts_it(case, sentence):
    """Two sides of a disagreement joined (the Arab ministers' call, Blinken's refusal: «معارضة»)
    name Blinken and the ministers of kf01 (the meeting) between them, and hold a refusal: read as
    one sentence, it would contradict the meeting itself."""
    kf01 = next(f for f in case.gold.key_facts if f.id == "kf01")
    arab, refusal = sentence("003", "أكد الوزراء العرب أن الأولوية"), sentence("003", "في المقابل، أكد بلينكن معارضة")
    joined = Unit(f"«{refusal.quote} … {arab.quote}»", (refusal, arab))
    assert verdict(joined, kf01, supported=True, context="Amman") is None
