"""Metrics on hand-made cases with hand-computed answers; ROUGE also against rouge-score's own
tokenizer and against the numbers in the committed run records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError
from rouge_score import rouge_scorer

from summarizer.lang.arabic import fold
from summarizer.eval.metrics import (
    ForbiddenSpan,
    alternative_present,
    citation_leakage,
    citation_precision,
    extraction_scores,
    fact_present,
    length,
    light_stem,
    participant_recall,
    removed_spans,
    rouge,
    rouge_tokens,
    set_aside_accuracy,
    text_leakage,
)
from summarizer.eval import suites
from summarizer.eval.gold import KeyFact
from summarizer.eval.scoring import DIGITS
from summarizer.models import (
    Evidence,
    Fact,
    MeetingRecord,
    Participant,
    Statement,
)

ROOT = Path(__file__).resolve().parent.parent
MULTILING = ROOT / "evals" / "suites" / "multiling2011_ar_dev"
ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")


def _reference_scores(summary: str, reference: str) -> dict:
    return rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=False).score(reference, summary)


def _assert_same_as_reference_implementation(ours, theirs: dict) -> None:
    for name, prf in zip(ROUGE_TYPES, (ours.rouge_1, ours.rouge_2, ours.rouge_l)):
        assert prf.precision == pytest.approx(theirs[name].precision), name
        assert prf.recall == pytest.approx(theirs[name].recall), name
        assert prf.f1 == pytest.approx(theirs[name].fmeasure), name


# ---- ROUGE ------------------------------------------------------------------------------

ENGLISH_PAIRS = [
    ("The cat sat on the mat.", "A cat was sitting on the mat, the cat said."),
    (
        "Blinken met Arab ministers in Amman on 4 November 2023.",
        "On Nov. 4, 2023 Arab foreign ministers met Blinken in Amman.",
    ),
    ("the the the the", "the cat the"),
    ("Ceasefire now!", "No agreement on a ceasefire; talks go on."),
    ("completely unrelated words", "nothing in common here"),
]


@pytest.mark.parametrize(("summary", "reference"), ENGLISH_PAIRS)
def test_rouge_matches_rouge_score_on_english(summary, reference):
    _assert_same_as_reference_implementation(rouge(summary, [reference]), _reference_scores(summary, reference))


@pytest.mark.parametrize(("summary", "reference"), ENGLISH_PAIRS + [
    ("Talks continued as the delegates negotiated emissions targets.",
     "The delegates' negotiations continue; the talk is of emission targeting."),
])
def test_stemmed_rouge_matches_rouge_scores_porter_stemming_on_english(summary, reference):
    theirs = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True).score(reference, summary)
    _assert_same_as_reference_implementation(rouge(summary, [reference], stem=True), theirs)


def test_stemming_matches_english_word_forms_and_leaves_arabic_to_light_stem():
    assert rouge("talks continued", ["talk continues"], stem=True).rouge_1.f1 == 1.0
    assert rouge("talks continued", ["talk continues"]).rouge_1.f1 == 0.0
    assert rouge_tokens("والحرب في غزة", stem=True) == [light_stem(t) for t in rouge_tokens("والحرب في غزة")]


ARABIC_PAIRS = [
    (
        "أكّد وزير الخارجية الأمريكي أنتوني بلينكن معارضة وقف إطلاق النار في غزة.",
        "اكد وزير الخارجيه الامريكي بلينكن ان بلاده تعارض وقف اطلاق النار في غزه، وقال إن الوقف يفيد حماس.",
    ),
    (
        "دعا الوزراء العرب إلى وقف فوري لإطلاق النار، والوزراء العرب رفضوا التهجير.",
        "رفض الوزراء العرب تهجير الفلسطينيين ودعوا الى وقف فوري لاطلاق النار في اجتماع عمّان يوم ٤ نوفمبر.",
    ),
]


def _ascii_stand_ins(*texts: str, stem: bool) -> list[str]:
    """Each distinct ROUGE token becomes 'w<n>', so rouge-score (ASCII only) can score Arabic."""
    vocabulary: dict[str, str] = {}
    return [
        " ".join(vocabulary.setdefault(t, f"w{len(vocabulary)}") for t in rouge_tokens(text, stem=stem))
        for text in texts
    ]


@pytest.mark.parametrize("stem", [False, True])
@pytest.mark.parametrize(("summary", "reference"), ARABIC_PAIRS)
def test_rouge_matches_rouge_score_on_arabic_through_ascii_stand_ins(summary, reference, stem):
    ascii_summary, ascii_reference = _ascii_stand_ins(summary, reference, stem=stem)
    ours = rouge(summary, [reference], stem=stem)
    _assert_same_as_reference_implementation(ours, _reference_scores(ascii_summary, ascii_reference))
    assert ours.rouge_1.f1 > 0.3  # the stand-ins are not all-zero by accident


@pytest.mark.parametrize("run", sorted((ROOT / "evals" / "runs").glob("*.json")), ids=lambda p: p.stem)
def test_rouge_reproduces_every_committed_run_record_from_its_summary(run):
    """The records were scored by the hand-written ROUGE this wrapper replaced."""
    cases = {case.id: case for found in suites.discover().values() for case in found}
    record = json.loads(run.read_text(encoding="utf-8"))
    for scored in record["cases"]:
        case = cases[f"{scored['suite']}/{scored['case']}"]
        scores = rouge(scored["summary"], suites.references(case, scored["lang"]))
        ours = [round(prf.f1, DIGITS) for prf in (scores.rouge_1, scores.rouge_2, scores.rouge_l)]
        assert ours == [scored["metrics"][name] for name in ROUGE_TYPES], scored["case"]


def test_rouge_by_hand():
    # a b c d / a b d e: 3 shared words, 1 shared bigram of 3, LCS "a b d" = 3.
    scores = rouge("وزير خارجية مصر شكري", ["وزير خارجية شكري الأردن"])
    assert scores.rouge_1.precision == pytest.approx(3 / 4) and scores.rouge_1.recall == pytest.approx(3 / 4)
    assert scores.rouge_2.f1 == pytest.approx(1 / 3)
    assert scores.rouge_l.f1 == pytest.approx(3 / 4)


def test_rouge_ignores_diacritics_hamza_forms_taa_marbuta_and_digit_styles():
    scores = rouge("إجتماعُ القمّة العربيّة في ٤ نوفمبر", ["اجتماع القمه العربيه في 4 نوفمبر"])
    assert scores.rouge_1.f1 == 1.0 and scores.rouge_l.f1 == 1.0


def test_multi_reference_rouge_is_the_mean_over_references():
    summary, references = ENGLISH_PAIRS[1][0], [ENGLISH_PAIRS[1][1], "Blinken met nobody.", "In Amman, ministers met."]
    ours = rouge(summary, references)
    per_reference = [_reference_scores(summary, r) for r in references]
    assert ours.rouge_1.recall == pytest.approx(sum(s["rouge1"].recall for s in per_reference) / 3)
    assert ours.rouge_2.f1 == pytest.approx(sum(s["rouge2"].fmeasure for s in per_reference) / 3)
    assert ours.rouge_l.precision == pytest.approx(sum(s["rougeL"].precision for s in per_reference) / 3)


def test_rouge_of_empty_summary_is_zero_and_no_reference_is_an_error():
    assert rouge("", ["وزير الخارجية"]).rouge_1.f1 == 0.0
    with pytest.raises(ValueError):
        rouge("وزير الخارجية", [])


def test_light_stem_strips_proclitics_but_keeps_short_words_and_names():
    assert light_stem("والحرب") == "حرب"
    assert light_stem("للحرب") == "حرب"
    assert light_stem("بالقاهره") == "قاهره"
    assert light_stem("وقطر") == "قطر"
    assert light_stem("ولد") == "ولد"  # و only goes when three letters remain
    assert light_stem("الي") == "الي"  # the article only goes when two letters remain
    assert light_stem("بلينكن") == "بلينكن"
    assert rouge("والسلام", ["سلام"]).rouge_1.f1 == 0.0
    assert rouge("والسلام", ["سلام"], stem=True).rouge_1.f1 == 1.0


def _multiling_ref(cluster: str, name: str) -> str:
    return (MULTILING / cluster / "refs" / f"{name}.txt").read_text(encoding="utf-8")


def test_references_on_one_topic_overlap_more_than_references_on_different_topics():
    same_topic = rouge(_multiling_ref("M000", "A"), [_multiling_ref("M000", "B")])
    other_topic = rouge(_multiling_ref("M000", "A"), [_multiling_ref("M003", "A")])
    assert same_topic.rouge_1.f1 > 0.2
    assert same_topic.rouge_1.f1 > 1.5 * other_topic.rouge_1.f1
    assert same_topic.rouge_2.f1 > 3 * other_topic.rouge_2.f1


# ---- key facts --------------------------------------------------------------------------

FACTS = [
    {
        "id": "date",
        "text": "The meeting was on 4 November",
        "support": ["000"],
        "match": [["4 نوفمبر", "الرابع من نوفمبر"]],
    },
    {
        "id": "us-opposes",
        "text": "The US opposed a ceasefire",
        "support": ["003", "004"],
        "match": [["بلينكن", "الولايات المتحدة"], ["معارضة وقف إطلاق النار", "رفض وقف إطلاق النار"]],
    },
    {"id": "place", "text": "The meeting was in Amman", "support": ["000"], "match": [["عمان"], ["اجتماع"]]},
    {"id": "ceasefire-call", "text": "Arabs called for a ceasefire", "match": [["وقف إطلاق النار"]]},
]


def test_fact_present_needs_every_group_and_a_contiguous_alternative():
    summary = "أعلن بلينكن رفض وقف فوري لإطلاق النار خلال زيارته إلى عمّان في الرابع من نوفمبر."
    present = [f["id"] for f in FACTS if fact_present(summary, f["match"])]
    # date: 2nd alternative; us-opposes: "رفض وقف" is there but not "رفض وقف اطلاق النار" in a row;
    # place: "عمان" found (shadda folded away), no "اجتماع"; ceasefire-call: "فوري" breaks the run.
    assert present == ["date"]


def test_fact_matching_is_folded_and_lets_proclitics_through():
    summary = "واكد الوزراء معارضه وقف اطلاق النار، في اجتماع بعمان"
    # us-opposes: "معارضه" matches "معارضة" (ة folds to ه) but "واكد" is neither "بلينكن" nor
    # "الولايات المتحدة"; place: "بعمان" is ب + "عمان"; ceasefire-call: "اطلاق" matches "إطلاق".
    assert [f["id"] for f in FACTS if fact_present(summary, f["match"])] == ["place", "ceasefire-call"]


@pytest.mark.parametrize(
    ("summary", "alternative"),
    [
        ("اجتماع وبعمان", "عمان"),  # two proclitics و ب
        ("مدة الهدنات", "هدن"),  # the article before, a plural suffix after
        ("التزام بالقانون الدولي", "القانون الدولي"),  # ب before an alternative that has its own ال
        ("مساعدات للمدنيين", "مدني"),  # لل: ل + the article with its alef dropped
        ("والهدنة", "هدنة"),  # و + ال, and ة folds to ه on both sides
        ("two pauses in the fighting", "pause"),  # any suffix, English too
        ("Talks (Amman) ended", "amman"),  # punctuation is a word boundary; case folded
        ("اتفاق غزة-عمان", "عمان"),  # so is a hyphen
    ],
)
def test_alternative_present_at_the_start_of_a_word(summary, alternative):
    assert alternative_present(fold(summary), alternative)


@pytest.mark.parametrize(
    ("summary", "alternative"),
    [
        ("سعر الدينار", "نار"),  # inside a word, not at its start
        ("moving toward peace", "war"),  # the same in English
        ("زيارة وبلعمان", "عمان"),  # three proclitics: at most two are allowed
        ("الامن في المجتمع الدولي", "امن الدولي"),  # a phrase's words must be in a row
    ],
)
def test_alternative_absent_elsewhere_in_a_word(summary, alternative):
    assert not alternative_present(fold(summary), alternative)


def test_fact_present_needs_one_alternative_of_every_group():
    match = [["عمان", "amman"], ["هدنة", "truce"]]
    assert fact_present("هدنة إنسانية في غزة بحثها الوزراء بعمّان", match)
    assert fact_present("Ministers in Amman discussed truces", match)
    assert not fact_present("ministers in Amman discussed a ceasefire", match)  # no truce group
    assert not fact_present("", match)


def test_key_fact_alternative_without_words_is_rejected():
    with pytest.raises(ValidationError):
        KeyFact(id="x", text="x", match=[["،"]])
    with pytest.raises(ValidationError):
        KeyFact(id="x", text="x", match=[[]])


# ---- citations --------------------------------------------------------------------------

TEXTS = {"a": "اجتمع الوزراء في عمان يوم السبت.", "b": "دعا بلينكن إلى هدنة إنسانية."}


def _cite(doc_id: str, quote: str, shift: int = 0) -> Evidence:
    start = TEXTS[doc_id].index(quote) + shift if doc_id in TEXTS else shift
    return Evidence(doc_id=doc_id, quote=quote, start=start, end=start + len(quote))


GOOD_A = _cite("a", "اجتمع الوزراء في عمان")
GOOD_B = _cite("b", "دعا بلينكن إلى هدنة")
SHIFTED = _cite("a", "الوزراء في عمان", shift=1)
UNKNOWN_DOC = _cite("z", "اجتمع الوزراء")


def test_citation_precision_counts_exact_quotes_only():
    result = citation_precision([GOOD_A, SHIFTED, GOOD_B, UNKNOWN_DOC], TEXTS)
    assert result.precision == pytest.approx(2 / 4)
    assert result.total == 4
    assert result.unresolved == (SHIFTED, UNKNOWN_DOC)
    assert citation_precision([], TEXTS).precision == 1.0


# ---- set-aside --------------------------------------------------------------------------


def test_set_aside_accuracy_precision_recall():
    result = set_aside_accuracy(["c", "d"], ["c"], ["a", "b", "c", "d", "e"])
    assert result.accuracy == pytest.approx(4 / 5)
    assert result.precision == pytest.approx(1 / 2)
    assert result.recall == 1.0
    assert result.wrongly_excluded == ("d",) and result.wrongly_kept == ()
    missed = set_aside_accuracy([], ["b", "c"], ["a", "b", "c", "d"])
    assert (missed.accuracy, missed.precision, missed.recall) == (pytest.approx(2 / 4), 1.0, 0.0)
    assert missed.wrongly_kept == ("b", "c")


def test_set_aside_with_nothing_to_set_aside_is_perfect_and_unknown_ids_are_errors():
    nothing = set_aside_accuracy([], [], ["a", "b"])
    assert (nothing.accuracy, nothing.precision, nothing.recall) == (1.0, 1.0, 1.0)
    with pytest.raises(ValueError, match=r"\['x'\]"):
        set_aside_accuracy(["x"], [], ["a", "b"])


# ---- participants -----------------------------------------------------------------------


def test_participant_recall_with_alternate_spellings():
    gold = ["أنتوني بلينكن", ["الأمير فيصل بن فرحان", "فيصل بن فرحان آل سعود"], "سامح شكري", ["أيمن الصفدي", "الصفدي"]]
    predicted = ["بلينكن", "فيصل بن فرحان", "الصفدى", "حسين الشيخ"]
    result = participant_recall(predicted, gold)
    assert result.recall == pytest.approx(3 / 4)
    assert result.missed == ("سامح شكري",)
    assert participant_recall([], gold).missed == ("أنتوني بلينكن", "الأمير فيصل بن فرحان", "سامح شكري", "أيمن الصفدي")


# ---- leakage ----------------------------------------------------------------------------


def _span_evidence(doc_id: str, start: int, end: int) -> Evidence:
    return Evidence(doc_id=doc_id, quote="x" * (end - start), start=start, end=end)


def test_citation_leakage_counts_set_aside_pages_and_overlapping_spans():
    inside_main = _span_evidence("main", 0, 10)
    from_set_aside = _span_evidence("other", 0, 10)
    touching_tail = _span_evidence("main", 95, 101)  # one character into [100, 200)
    adjacent_to_tail = _span_evidence("main", 90, 100)  # ends where the forbidden span starts
    tail_of_other_doc = _span_evidence("main2", 150, 160)
    result = citation_leakage(
        [inside_main, from_set_aside, touching_tail, adjacent_to_tail, tail_of_other_doc],
        set_aside_doc_ids=["other"],
        forbidden_spans=[ForbiddenSpan("main", 100, 200)],
    )
    assert result.offending == (from_set_aside, touching_tail)
    assert result.share == pytest.approx(2 / 5)
    assert citation_leakage([]).share == 0.0


def test_citation_into_an_appended_story_leaks(seed):
    doc = seed("003")
    text = doc.document.text
    appended = "أعلنت الفصائل عن قنص جندي إسرائيلي"
    at = text.index(appended)
    assert at > text.index("إقرأ أيضاً:")
    body = "كشف اللقاء الذي جمع وزير الخارجية الأمريكي"
    citations = [
        Evidence(doc_id=doc.doc_id, quote=appended, start=at, end=at + len(appended)),
        Evidence(doc_id=doc.doc_id, quote=body, start=text.index(body), end=text.index(body) + len(body)),
    ]
    result = citation_leakage(citations, forbidden_spans=removed_spans([doc]))
    assert result.offending == (citations[0],)


def test_text_leakage_counts_ngrams_only_forbidden_text_has():
    forbidden = ["أعلنت الفصائل عن قنص جندي إسرائيلي وتدمير دبابة. وزير الخارجية الأمريكي أنتوني بلينكن"]
    allowed = ["قال وزير الخارجية الأمريكي أنتوني بلينكن في عمان"]
    # 10 tokens -> 6 five-grams; the first and the last are in the forbidden text, but the
    # last, a stock phrase about Blinken, is in allowed text too and does not count.
    summary = "أعلنت الفصائل عن قنص جندي، وزير الخارجية الأمريكي أنتوني بلينكن"
    result = text_leakage(summary, forbidden, allowed_texts=allowed)
    assert result.leaked_ngrams == ("اعلنت الفصايل عن قنص جندي",)  # folded: ئ -> ي
    assert result.share == pytest.approx(1 / 6)
    without_allowed = text_leakage(summary, forbidden)
    assert without_allowed.share == pytest.approx(2 / 6)
    assert text_leakage("قصير جدا", forbidden).share == 0.0


# ---- extraction -------------------------------------------------------------------------


def _participant(name: str, doc_id: str = "d1") -> Participant:
    return Participant(name=name, evidence=[_span_evidence(doc_id, 0, 5)])


def _statement(start: int, end: int, doc_id: str = "d1", speaker: str = "بلينكن",
               content: str = "Blinken opposed a ceasefire in Gaza now") -> Statement:
    return Statement(speaker=speaker, content=content, evidence=[_span_evidence(doc_id, start, end)])


def _fact(start: int, end: int, doc_id: str = "d1") -> Fact:
    return Fact(text="Aid must reach Gaza", evidence=[_span_evidence(doc_id, start, end)])


def test_extraction_scores_pair_items_one_to_one():
    gold = [
        MeetingRecord(
            doc_id="d1",
            participants=[_participant("أنتوني بلينكن"), _participant("أيمن الصفدي")],
            statements=[_statement(0, 10), _statement(20, 30)],
            outcomes=[_fact(100, 120)],
        ),
        MeetingRecord(doc_id="d2", participants=[_participant("سامح شكري", "d2")]),
    ]
    predicted = [
        MeetingRecord(
            doc_id="d1",
            participants=[_participant("بلينكن"), _participant("بلينكن"), _participant("سامح شكري")],
            # [5, 25) overlaps both gold statements, [8, 12) only the first: a maximum pairing
            # gives each its own; greedy in order would give the first gold to [5, 25) and stop.
            statements=[_statement(5, 25), _statement(8, 12), _statement(0, 10, doc_id="d2")],
            agreements=[_fact(100, 120)],  # right span, wrong field
        ),
    ]
    result = extraction_scores(predicted, gold)
    participants = result.per_field["participants"]
    # "بلينكن" twice earns one match; "سامح شكري" is in d2's gold, not d1's.
    assert (participants.matched, participants.predicted, participants.gold) == (1, 3, 3)
    statements = result.per_field["statements"]
    assert (statements.matched, statements.predicted, statements.gold) == (2, 3, 2)
    assert statements.scores.precision == pytest.approx(2 / 3) and statements.scores.recall == 1.0
    assert result.per_field["agreements"].scores.precision == 0.0
    assert result.per_field["outcomes"].scores.recall == 0.0
    assert result.per_field["disagreements"].scores.f1 == 1.0  # none predicted, none expected
    assert (result.micro.matched, result.micro.predicted, result.micro.gold) == (3, 7, 6)
    micro = result.micro.scores
    assert micro.precision == pytest.approx(3 / 7) and micro.recall == pytest.approx(3 / 6)
    assert micro.f1 == pytest.approx(2 * (3 / 7) * (3 / 6) / (3 / 7 + 3 / 6))


def test_extraction_scores_check_speaker_and_content_not_only_spans():
    gold = [MeetingRecord(doc_id="d1", statements=[_statement(0, 10), _statement(20, 30)])]
    right = [_statement(0, 10, content="Blinken said the US opposes a ceasefire now")]
    wrong_speaker = [_statement(0, 10, speaker="نتنياهو")]
    garbage = [_statement(0, 10, content="The weather was pleasant in Paris")]
    for predicted, matched in ((right, 1), (wrong_speaker, 0), (garbage, 0)):
        result = extraction_scores([MeetingRecord(doc_id="d1", statements=predicted)], gold)
        assert result.per_field["statements"].matched == matched, predicted[0]
    # Another spelling of the same speaker counts when the caller knows the spellings.
    spelled = [_statement(0, 10, speaker="أنتوني بلينكن")]
    assert extraction_scores([MeetingRecord(doc_id="d1", statements=spelled)], gold).micro.matched == 1


# ---- length -----------------------------------------------------------------------------


def test_length_counts_tokens_characters_and_ratio_to_references():
    summary = "  وزير الخارجية، أنتوني بلينكن.\n"
    result = length(summary, ["كلمة واحدة", "ست كلمات في هذا المرجع هنا"])
    assert result.words == 4
    assert result.chars == len("وزير الخارجية، أنتوني بلينكن.")
    assert result.ratio_to_references == pytest.approx(4 / 4)
    assert length(summary).ratio_to_references is None


def test_a_headline_is_scored_on_what_the_references_open_with():
    """MultiLing M001 (English): the three references open with the London bombings and the police
    searches in Leeds; a headline of the searches states most of it, one of the anniversary little."""
    from summarizer.eval import suites
    from summarizer.eval.metrics import headline_recall, topic_words

    case = suites.select(suites.discover(), ["multiling2011_en_dev"], ["M001"])[0]
    references = suites.references(case, "en")
    topics = topic_words(references)
    assert {"londo", "leeds", "polic"} <= topics and "the" not in topics
    searches = headline_recall("West Yorkshire Police searched six houses in Leeds today in connection with the "
                               "London bombings.", references)
    anniversary = headline_recall("One year on, London remembers 7/7 victims", references)
    assert searches > 0.5 > anniversary > 0


def test_a_headline_is_scored_on_the_gold_headline_groups_where_a_case_has_them():
    from summarizer.eval import suites
    from summarizer.eval.metrics import headline_recall

    case = suites.select(suites.discover(), ["seeds"])[0]
    split = "انقسام حاد باجتماع بلينكن مع وزراء خارجية عرب في عمان بشأن وقف إطلاق النار"
    assert headline_recall(split, match=case.gold.headline) == 1.0
    assert headline_recall("بلينكن: سنستخدم نفوذنا لمنع أي دول من فتح جبهات جديدة", match=case.gold.headline) == 0.2
