"""The English MultiLing 2011 suite (evals/suites/multiling2011_en_dev) as the harness runs it:
discovered with its language, scored against its English references, and the lead baseline on it
well above summaries that are empty, empty of content, or about another story."""

from __future__ import annotations

from statistics import mean

import pytest

from summarizer.eval import cli as eval_cli
from summarizer.eval import runs, scoring, suites as st, systems
from summarizer.eval.claims import Unit
from tests.conftest import MULTILING, MULTILING_EN

SUITE = "multiling2011_en_dev"
CASES = ["M000", "M001", "M002", "M003", "M004"]
# Words that say nothing about any story: a summary of only these is trivially bad.
FUNCTION_WORDS = "the of and to in a that was on for is with by as at".split()


@pytest.fixture(scope="module")
def cases():
    return st.select(st.discover(), [SUITE])


@pytest.fixture(scope="module")
def lead_run(cases):
    return runs.run("lead", cases)


@pytest.fixture(scope="module")
def centroid_run(cases):
    return runs.run("centroid", cases)


def rouge_of(case: st.Case, text: str) -> tuple[float | None, float | None]:
    """ROUGE-1 and ROUGE-2 F1 of a plain English text on `case`, through the harness's own scoring."""
    output = systems.SystemOutput([Unit(line) for line in text.splitlines()], "en")
    metrics, *_ = scoring.score(case, st.load_documents(case), output, None)
    return metrics["rouge1"], metrics["rouge2"]


def test_the_suite_is_five_english_clusters_of_ten_documents_and_three_references(cases):
    assert [c.name for c in cases] == CASES
    for case in cases:
        assert case.language == "en" and case.group_by == "story" and case.gold.topic
        assert len(st.load_documents(case)) == 10 and [p.name for p in case.refs] == ["A.txt", "B.txt", "C.txt"]
        assert len(st.references(case, "en")) == 3 and st.references(case, "ar") == []
        # The English originals of the Arabic suite's documents, under the same names.
        assert sorted(p.name for p in case.docs.iterdir()) == sorted(p.name for p in (MULTILING / case.name / "docs").iterdir())
    assert all(case.docs.parent.parent == MULTILING_EN for case in cases)


def test_lead_scores_in_a_sane_range_against_the_english_references(lead_run):
    assert lead_run.totals.errors == 0 and [r.lang for r in lead_run.cases] == ["en"] * 5 and lead_run.lang == "en"
    means = lead_run.totals.means[SUITE]
    assert 0.3 <= means["rouge1"] <= 0.6 and 0.05 <= means["rouge2"] <= means["rouge1"]
    for result in lead_run.cases:
        assert result.metrics["rouge1"] > 0.25 and 200 <= result.metrics["length_words"] <= 300, result.case
        assert result.metrics["citation_precision"] == 1.0


def test_lead_beats_an_empty_a_function_word_and_an_other_story_summary(cases, lead_run):
    summaries = {r.case: r.summary for r in lead_run.cases}
    margins = []
    for case, result in zip(cases, lead_run.cases):
        words = len(result.summary.split())
        salad = " ".join(FUNCTION_WORDS[i % len(FUNCTION_WORDS)] for i in range(words))
        other = summaries[CASES[(CASES.index(case.name) + 1) % len(CASES)]]  # the next story's lead
        assert rouge_of(case, "") == (0.0, 0.0)
        bad_1, bad_2 = (max(scores) for scores in zip(rouge_of(case, salad), rouge_of(case, other)))
        lead_1, lead_2 = result.metrics["rouge1"], result.metrics["rouge2"]
        # Unstemmed ROUGE-1 counts "the" and "of": a salad of them gets about a quarter. Bigrams tell
        # stories apart: another story's lead shares a few, its own lead several times more.
        assert lead_1 > bad_1 and lead_2 > 2 * bad_2, (case.name, lead_1, bad_1, lead_2, bad_2)
        margins.append(lead_1 - bad_1)
    assert mean(margins) > 0.1, margins


def test_centroid_runs_and_scores_like_lead(cases, lead_run, centroid_run):
    assert centroid_run.totals.errors == 0 and [r.lang for r in centroid_run.cases] == ["en"] * 5
    rouge_1 = [r.metrics["rouge1"] for r in centroid_run.cases]
    assert 0.3 <= mean(rouge_1) <= 0.6 and all(score > 0.25 for score in rouge_1)


def test_the_eval_command_runs_the_lead_baseline_on_the_suite(tmp_path, capsys):
    output = tmp_path / "en-lead.json"
    assert eval_cli.main(["--suite", SUITE, "--system", "lead", "-o", str(output)]) == 0
    printed = capsys.readouterr().out
    assert f"{SUITE}/mean" in printed and "lead (lang en)" in printed
    record = runs.load_run(output)
    assert record.suites == [SUITE] and record.totals.means[SUITE]["rouge1"] > 0.3


# ---- English in the shared language code (summarizer/lang/) the baselines depend on ----------------


def test_english_sentences_end_at_an_abbreviation_only_where_the_line_ends(cases):
    from summarizer.checks.evidence import body_sentences

    cut = [(page.doc_id, s.quote[-40:]) for case in cases for page in st.load_documents(case)
           for s in body_sentences(page)
           if s.quote.rsplit(None, 1)[-1] in {"U.S.", "U.N.", "U.K.", "Mr.", "Jan.", "Dec.", "W."}
           and page.document.text[s.end:s.end + 1] not in ("\n", "")]
    assert cut == []  # 'the U.S. House', 'George W. Bush', 'Jan. 8' are one sentence


def test_the_english_stories_cluster_as_well_as_the_arabic_ones(cases):
    from summarizer.eval import clusters

    assert clusters.score_clusters(*clusters.mixed_inbox(cases)).score.f1 >= 0.95
