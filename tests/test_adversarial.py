"""Wrong briefs must score below the honest one, and `eval compare` must flag each of them.

The briefs are committed in evals/adversarial/seeds/ (made by evals/adversarial/make.py from the
gold records and key facts): reversed claims, misattributed parties, padding, a keyword salad,
and a dump of every sentence. All their citations resolve; only what they say is wrong.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from summarizer.eval import cli as eval_cli
from summarizer.eval.suites import EVALS

ADVERSARIAL = EVALS / "adversarial" / "seeds"
CASE = EVALS / "suites" / "seeds" / "amman-2023-11-04"
WRONG = ("reversed", "misattributed", "padded", "salad", "dump")


@pytest.fixture(scope="module")
def scored(tmp_path_factory) -> dict[str, Path]:
    """Each committed brief scored on the seeds case into a run record."""
    folder = tmp_path_factory.mktemp("runs")
    runs = {}
    for name in ("honest", *WRONG):
        runs[name] = folder / f"{name}.json"
        assert eval_cli.main(["score", str(ADVERSARIAL / f"{name}.json"), "--case", str(CASE),
                              "-o", str(runs[name]), "--json"]) == 0
    return runs


def metrics(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["cases"][0]["metrics"]


def test_the_committed_briefs_are_what_make_py_makes_now(tmp_path):
    spec = importlib.util.spec_from_file_location("make", EVALS / "adversarial" / "make.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for name in ("honest", *WRONG):
        assert (tmp_path / f"{name}.json").read_text(encoding="utf-8") == \
            (ADVERSARIAL / f"{name}.json").read_text(encoding="utf-8"), f"re-run evals/adversarial/make.py ({name})"


def test_the_honest_brief_contradicts_nothing_and_credits_the_right_speakers(scored):
    honest = metrics(scored["honest"])
    assert honest["contradictions"] == 0 and honest["attribution_accuracy"] == 1.0
    assert honest["citation_precision"] == 1.0 and honest["citation_leakage"] == 0
    # One real flaw, and only one: the merge's "who said it" conflict cites the words, not the
    # sentence that names their speaker.
    details = json.loads(scored["honest"].read_text(encoding="utf-8"))["cases"][0]["details"]
    assert details["unsupported"] == ["said by Ayman Safadi (أيمن الصفدي) — names Ayman Safadi, whom its citation does not"]


@pytest.mark.parametrize("name", WRONG)
def test_every_wrong_brief_scores_below_the_honest_one(scored, name):
    assert metrics(scored[name])["score"] < metrics(scored["honest"])["score"]


def test_each_wrong_brief_is_caught_by_the_metric_made_for_it(scored):
    honest = metrics(scored["honest"])
    m = {name: metrics(scored[name]) for name in WRONG}
    assert m["reversed"]["contradictions"] >= 6 and m["reversed"]["key_fact_recall"] == 0
    assert m["misattributed"]["attribution_accuracy"] < 0.2
    assert m["padded"]["length_words"] > 1.5 * honest["length_words"]
    assert m["padded"]["key_fact_recall_at_budget"] <= honest["key_fact_recall_at_budget"]
    assert m["salad"]["support"] < 0.5
    assert m["dump"]["citation_leakage"] > 0 and m["dump"]["length_words"] > 1.5 * honest["length_words"]
    # Every one of them still cites real words: citation precision alone would pass them all.
    assert all(m[name]["citation_precision"] == 1.0 for name in WRONG)


@pytest.mark.parametrize("name", WRONG)
def test_compare_exits_non_zero_from_the_honest_run_to_each_wrong_one(scored, name, capsys):
    assert eval_cli.main(["compare", str(scored["honest"]), str(scored[name])]) == 1
    assert "regressed: seeds/amman-2023-11-04 score" in capsys.readouterr().err


def test_compare_of_the_honest_run_with_itself_passes(scored):
    assert eval_cli.main(["compare", str(scored["honest"]), str(scored["honest"])]) == 0
