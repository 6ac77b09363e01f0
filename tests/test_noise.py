"""Issue #24: regression evals that tell a change from noise.

`eval compare` pairs two runs case by case, repeat by repeat and key fact by key fact, and fails
only for a regression past its threshold whose bootstrap 95% interval lies wholly on the worse
side; `eval --repeat N` asks the model anew N times, cached apart; an eval runs the embedded
model on one slot, the setting under which it answers a request the same way every time. The
runs compared are real: the lead baseline on the seeds and MultiLing suites, and the pipeline on
the seeds from the recorded answers of the embedded 1.5B model.
"""

from __future__ import annotations

import json

import pytest

from summarizer.cli import commands as cli
from summarizer.eval import cli as eval_cli
from summarizer.cli.options import model_config
from summarizer.eval import compare as comparing
from summarizer.eval import runs, suites as st
from summarizer.llm.config import ModelConfig
from summarizer.llm.gateway import Gateway
from summarizer.llm.keys import cache_key
from tests.conftest import SEED_IDS
from tests.replay import Recording, Replay, chat_completion

SEEDS, MULTILING = "seeds", "multiling2011_ar_dev"


@pytest.fixture(scope="module")
def lead_run():
    return runs.run("lead", st.select(st.discover(), [SEEDS, MULTILING]))


def with_cases(run: runs.RunRecord, change) -> runs.RunRecord:
    """The run with `change(result)` applied to each case result (a new result or the same)."""
    return run.model_copy(update={"cases": [change(r) for r in run.cases]})


def losing_facts(count: int):
    """A change to the seeds case: its first `count` stated key facts are no longer stated."""
    def change(result: runs.CaseResult) -> runs.CaseResult:
        if result.suite != SEEDS:
            return result
        stated = dict(result.items["key_fact_recall"])
        for fact in [f for f, value in stated.items() if value][:count]:
            stated[fact] = 0.0
        recall = sum(stated.values()) / len(stated)
        return result.model_copy(update={"items": {**result.items, "key_fact_recall": stated},
                                         "metrics": {**result.metrics, "key_fact_recall": recall}})
    return change


def status(comparison: comparing.Comparison, suite: str, metric: str) -> comparing.Delta:
    return next(d for d in comparison.means if d.suite == suite and d.metric == metric)


def test_key_facts_are_paired_fact_by_fact(lead_run):
    """The lead baseline states some of the seeds' 18 key facts. One fewer is past the 0.02
    threshold but inside the interval of the 18 paired facts; four fewer are outside it."""
    assert sum(next(r for r in lead_run.cases if r.suite == SEEDS).items["key_fact_recall"].values()) >= 4
    one = comparing.compare(lead_run, with_cases(lead_run, losing_facts(1)))
    delta = status(one, SEEDS, "key_fact_recall")
    assert delta.status == "within noise" and delta.pairs == 18 and delta.low < delta.change < delta.high == 0
    assert one.regressions == []
    four = comparing.compare(lead_run, with_cases(lead_run, losing_facts(4)))
    delta = status(four, SEEDS, "key_fact_recall")
    assert delta.status == "regressed" and delta.high < 0
    assert [(d.suite, d.metric) for d in four.regressions] == [(SEEDS, "key_fact_recall")]


def shifted(metric: str, by: dict[str, float]):
    def change(result: runs.CaseResult) -> runs.CaseResult:
        if result.case not in by:
            return result
        return result.model_copy(update={"metrics": {**result.metrics, metric: result.metrics[metric] + by[result.case]}})
    return change


def test_cases_moving_both_ways_are_noise_and_all_moving_down_is_a_regression(lead_run):
    """MultiLing's five cases are paired case by case: ROUGE-1 up in two and down in three (the
    mean down 0.024, past the threshold) is within noise; down 0.03 in every case is not."""
    noisy = comparing.compare(lead_run, with_cases(lead_run, shifted(
        "rouge1", {"M000": 0.06, "M001": -0.08, "M002": 0.05, "M003": -0.09, "M004": -0.06})))
    delta = status(noisy, MULTILING, "rouge1")
    assert delta.case == "mean" and delta.pairs == 5
    assert delta.status == "within noise" and delta.low < 0 < delta.high and noisy.regressions == []
    down = comparing.compare(lead_run, with_cases(lead_run, shifted("rouge1", dict.fromkeys(
        ["M000", "M001", "M002", "M003", "M004"], -0.03))))
    assert status(down, MULTILING, "rouge1").status == "regressed"
    assert [d.metric for d in down.regressions] == ["rouge1"]


def test_a_contradiction_is_never_noise(lead_run):
    more = comparing.compare(lead_run, with_cases(lead_run, lambda r: r.model_copy(
        update={"metrics": {**r.metrics, "contradictions": 1.0}}) if r.suite == SEEDS else r))
    assert ("contradictions", "regressed") in {(d.metric, d.status) for d in more.regressions}


def test_repeats_are_paired_repeat_by_repeat_and_their_spread_recorded(lead_run):
    """Two repeats of each case: the record holds both and the suite's spread; compare pairs
    repeat 1 with repeat 1 and repeat 2 with repeat 2."""
    seeds = st.select(st.discover(), [SEEDS])
    record = runs.run("lead", seeds, repeats=2)
    assert record.repeats == 2 and [r.repeat for r in record.cases] == [1, 2]
    assert record.totals.spread[SEEDS]["rouge1"][0] == record.totals.spread[SEEDS]["rouge1"][1]
    worse = with_cases(record, lambda r: r.model_copy(update={"metrics": {**r.metrics, "rouge1": r.metrics["rouge1"] - (
        0.07 if r.repeat == 1 else -0.01)}}))
    delta = status(comparing.compare(record, worse), SEEDS, "rouge1")
    assert delta.pairs == 2 and delta.status == "within noise" and delta.low < 0 < delta.high


def seeds_pipeline(tmp_path, answers: dict[str, str]) -> runs.RunRecord:
    """The pipeline on the seeds, each page's extraction answered with `answers[doc_id]`."""
    replay = Replay([(200, chat_completion(answers[doc_id])) for doc_id in SEED_IDS] + [(200, chat_completion("not json"))])
    config = ModelConfig(base_url="http://replay.invalid/v1", model="recorded-1.5b", concurrency=1,
                         validation_retries=0, cache_path=tmp_path / "calls.sqlite")
    with Gateway(config, client=replay.client()) as gateway:
        return runs.run("pipeline", st.select(st.discover(), [SEEDS]), gateway=gateway)


def test_unchanged_code_compares_clean_and_a_prompt_made_worse_fails(tmp_path, capsys):
    """The 1.5B model's recorded answers, twice: `eval compare` exits 0. The answers an extraction
    prompt telling the model to leave every list empty gets (every list empty): exit 1, naming
    the metrics that fell (the brief still shows the pages' own sentences, so its key facts hold)."""
    answers = {doc_id: Recording.load(doc_id).text() for doc_id in SEED_IDS}
    emptied = {doc_id: json.dumps({key: [] if isinstance(value, list) else value
                                   for key, value in json.loads(text).items()}, ensure_ascii=False)
               for doc_id, text in answers.items()}
    paths = []
    for name, given in (("first", answers), ("second", answers), ("worse", emptied)):
        record = seeds_pipeline(tmp_path / name, given)
        paths.append(tmp_path / f"{name}.json")
        paths[-1].write_text(record.model_dump_json(), encoding="utf-8")
    capsys.readouterr()
    assert eval_cli.main(["compare", str(paths[0]), str(paths[1])]) == 0
    assert "no regression past threshold and outside the 95% interval" in capsys.readouterr().out
    assert eval_cli.main(["compare", str(paths[0]), str(paths[2])]) == 1
    regressed = {line.split()[-4] for line in capsys.readouterr().err.splitlines() if "regressed:" in line}
    assert {"extraction_f1", "participant_recall"} <= regressed, regressed


def test_each_repeat_asks_anew_and_the_first_keeps_the_cache_it_had():
    config = ModelConfig(base_url="http://x.invalid/v1", model="m")
    key = cache_key(config, "id", "p", [{"role": "user", "content": "x"}], {}, 10)
    assert cache_key(config, "id", "p", [{"role": "user", "content": "x"}], {}, 10, sample=1) == key
    assert cache_key(config, "id", "p", [{"role": "user", "content": "x"}], {}, 10, sample=2) != key


def test_the_embedded_model_runs_on_one_slot_unless_told_otherwise():
    """Every command, an eval included: one slot is the setting under which the model repeats."""
    for command in (["eval", "--suite", "seeds", "--system", "pipeline"], ["brief", "seeds/"], ["daily", "seeds/"]):
        assert model_config(cli.build_parser().parse_args(command)).in_flight == 1
    two = model_config(cli.build_parser().parse_args(["brief", "seeds/", "--concurrency", "2"]))
    assert two.in_flight == 2
    endpoint = model_config(cli.build_parser().parse_args(["brief", "seeds/", "--base-url", "http://x.invalid/v1",
                                                            "--model", "m"]))
    assert endpoint.in_flight == 2
