"""Baselines on the real seed pages and on small clusters whose right answer is obvious."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.lang.arabic import tokens
from summarizer.eval.baselines import centroid_mmr, lead
from summarizer.stages.clean import clean
from summarizer.checks.evidence import resolves
from summarizer.stages.load import load_paths
from summarizer.eval.metrics import rouge
from summarizer.models import CleanDocument, Document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
MULTILING = Path(__file__).resolve().parent.parent / "evals" / "suites" / "multiling2011_ar_dev"
BASELINES = [lead, centroid_mmr]
HUGE_BUDGET = 100_000


def _cluster(folder: Path) -> list[CleanDocument]:
    return [clean(document) for document in load_paths([folder]).documents]


@pytest.fixture(scope="module")
def seeds() -> list[CleanDocument]:
    return _cluster(SEEDS)


def _made_up(doc_id: str, *sentences: str) -> CleanDocument:
    return clean(Document(doc_id=doc_id, path=f"{doc_id}.txt", encoding="utf-8", text="\n".join(sentences)))


@pytest.mark.parametrize("budget", [40, 250, HUGE_BUDGET])
@pytest.mark.parametrize("baseline", BASELINES)
def test_every_evidence_resolves_and_the_text_is_the_quotes(seeds, baseline, budget):
    texts = {d.doc_id: d.document.text for d in seeds}
    summary = baseline(seeds, budget)
    assert summary.evidence
    assert all(resolves(e, texts[e.doc_id]) for e in summary.evidence)
    assert summary.text.split("\n") == [e.quote for e in summary.evidence]


@pytest.mark.parametrize("budget", [25, 60, 250])
@pytest.mark.parametrize("baseline", BASELINES)
def test_budget_is_respected(seeds, baseline, budget):
    summary = baseline(seeds, budget)
    assert 0 < len(tokens(summary.text)) <= budget


def test_centroid_fills_the_budget_as_far_as_whole_sentences_allow(seeds):
    budget = 250
    summary = centroid_mmr(seeds, budget)
    left = budget - len(tokens(summary.text))
    every_sentence = lead(seeds, HUGE_BUDGET).evidence
    unused = [e for e in every_sentence if e not in summary.evidence]
    assert all(len(tokens(e.quote)) > left for e in unused)


def test_lead_starts_with_the_first_body_sentence_of_the_first_document(seeds):
    first = lead(seeds).evidence[0]
    assert first.doc_id.startswith("000_")
    assert first.start == 0  # the page begins with the article
    assert first.quote.startswith("حيث تم عقد وزراء خارجية 6 دول عربية")
    assert first.quote.endswith("لوقف الحرب على قطاع غزة.")


def test_lead_goes_round_robin_over_the_articles(seeds):
    picks = lead(seeds, HUGE_BUDGET).evidence
    assert [e.doc_id[:3] for e in picks[:5]] == ["000", "001", "002", "003", "004"]
    assert picks[1].quote.startswith("بلينكن: سنستخدم نفوذنا")  # 001's headline, after its furniture
    assert picks[5].doc_id[:3] == "000" and picks[5].start > picks[0].end


@pytest.mark.parametrize("baseline", BASELINES)
def test_nothing_comes_from_removed_text(seeds, baseline):
    page = next(d for d in seeds if d.doc_id.startswith("003_"))
    appended_story = page.document.text.index("إقرأ أيضاً:")
    from_page = [e for e in baseline(seeds, HUGE_BUDGET).evidence if e.doc_id == page.doc_id]
    assert from_page and all(e.end <= appended_story for e in from_page)
    for document in seeds:
        chosen = [e for e in baseline(seeds, HUGE_BUDGET).evidence if e.doc_id == document.doc_id]
        assert not [(e, r) for e in chosen for r in document.removed if e.start < r.end and r.start < e.end]


def test_with_no_budget_limit_lead_takes_every_body_sentence_once(seeds):
    picks = lead(seeds, HUGE_BUDGET).evidence
    assert len({(e.doc_id, e.start) for e in picks}) == len(picks)
    body_words = sum(len(tokens(d.document.text[s.start : s.end])) for d in seeds for s in d.kept)
    assert sum(len(tokens(e.quote)) for e in picks) == body_words


TOPIC_CLUSTER = [
    _made_up(
        "a",
        "التقى وزير الخارجية الأمريكي بالوزراء العرب في عمان لبحث وقف إطلاق النار في غزة.",
        "كان الطقس مشمسا وحارا في المدينة طوال اليوم.",
    ),
    _made_up(
        "b",
        "افتتح معرض الكتاب أبوابه للزوار صباح اليوم.",
        "بحث الوزراء العرب مع وزير الخارجية الأمريكي في عمان وقف إطلاق النار في غزة.",
    ),
    _made_up(
        "c",
        "فاز الفريق المحلي بالمباراة النهائية بهدفين.",
        "دعا الوزراء العرب في عمان إلى وقف إطلاق النار في غزة فورا.",
    ),
]


def test_centroid_prefers_what_the_sources_share_over_off_topic_lines():
    summary = centroid_mmr(TOPIC_CLUSTER, budget_words=30)
    assert len(summary.evidence) == 2
    assert all("غزة" in e.quote for e in summary.evidence)
    assert any("معرض الكتاب" in e.quote for e in lead(TOPIC_CLUSTER, budget_words=30).evidence)


def test_mmr_says_a_repeated_point_once():
    repeated = "اجتمع وزراء الخارجية العرب مع بلينكن في عمان لبحث الحرب على غزة."
    cluster = [
        _made_up("a", repeated, "وصف الوزراء الحرب على غزة بأنها كارثة إنسانية."),
        _made_up("b", repeated, "طالب الوزراء بإدخال المساعدات إلى غزة."),
        _made_up("c", "أكد بلينكن في عمان أن بلاده تعارض وقفا فوريا لإطلاق النار."),
    ]
    words = len(tokens(repeated))
    summary = centroid_mmr(cluster, budget_words=2 * words)
    assert [e.quote for e in summary.evidence].count(repeated) == 1
    assert len(summary.evidence) >= 2
    pure_centroid = centroid_mmr(cluster, budget_words=2 * words, mmr_lambda=1.0)
    assert [e.quote for e in pure_centroid.evidence].count(repeated) == 2  # what MMR prevents


def test_centroid_summary_is_closer_to_its_own_cluster_references():
    references = [(MULTILING / "M000" / "refs" / f"{name}.txt").read_text(encoding="utf-8") for name in "ABC"]
    own = centroid_mmr(_cluster(MULTILING / "M000" / "docs"))
    other = centroid_mmr(_cluster(MULTILING / "M003" / "docs"))
    assert rouge(own.text, references).rouge_1.f1 > 1.5 * rouge(other.text, references).rouge_1.f1
