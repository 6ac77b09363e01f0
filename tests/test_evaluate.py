"""The eval harness on the real gold suites: discovery, systems, scoring, run records, compare, CLI."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path

import pytest

from summarizer import __version__
from summarizer.eval import cli as eval_cli
from summarizer.eval import compare as comparing
from summarizer.eval import runs, scoring, suites as st, systems
from summarizer.eval.claims import Unit
from summarizer.llm.gateway import Gateway, ModelConfig
from summarizer.eval.metrics import rouge
from summarizer.models import Usage
from summarizer.llm.prompts import prompt_hashes
from tests.conftest import AMMAN_PAGES, SEED_IDS
from tests.replay import Replay, chat_completion, recorded

RECORDINGS = Path(__file__).parent / "recordings" / "extract"
SEEDS_CASE = "amman-2023-11-04"
MULTILING_CASE = "M000"


@pytest.fixture(scope="module")
def suites():
    return st.discover()


@pytest.fixture(scope="module")
def seeds_case(suites):
    return st.select(suites, ["seeds"], [SEEDS_CASE])[0]


@pytest.fixture(scope="module")
def multiling_case(suites):
    return st.select(suites, ["multiling2011_ar_dev"], [MULTILING_CASE])[0]


@pytest.fixture(scope="module")
def lead_run(suites):
    return runs.run("lead", st.select(suites, ["seeds"]) + st.select(suites, ["multiling2011_ar_dev"], [MULTILING_CASE]))


def gold_json(case: st.Case) -> dict:
    return json.loads((case.folder / "case.json").read_text(encoding="utf-8"))


def output_of(text: str, lang: str = "ar") -> systems.SystemOutput:
    """A summary that cites nothing, one unit per line, for scoring its text alone."""
    return systems.SystemOutput([Unit(line) for line in text.splitlines() if line.strip()], lang)


# ---- discovery ---------------------------------------------------------------------------------


def test_every_suite_folder_and_case_folder_is_discovered(suites):
    on_disk = {p.parent.name: sorted(c.parent.name for c in p.parent.glob("*/case.json"))
               for p in st.SUITES.glob("*/suite.json")}
    assert {name: [c.name for c in cases] for name, cases in suites.items()} == on_disk
    assert {"seeds", "multiling2011_ar_dev"} <= set(suites)


def test_case_gold_is_read_where_present_and_null_where_absent(seeds_case, multiling_case):
    raw = gold_json(seeds_case)
    gold = seeds_case.gold
    assert [f.id for f in gold.key_facts] == [f["id"] for f in raw["key_facts"]]
    assert [e.doc_id for e in gold.excluded] == [e["doc_id"] for e in raw["excluded"]]
    assert len(gold.forbidden) == len(raw["forbidden"]) and len(gold.participants) == len(raw["participants"])
    assert seeds_case.records is not None and seeds_case.docs.is_dir()
    assert multiling_case.gold.key_facts is None and multiling_case.gold.excluded is None
    assert multiling_case.records is None
    assert multiling_case.docs == (multiling_case.folder / "docs").resolve()


def test_adding_a_suite_is_adding_a_folder(tmp_path):
    case = tmp_path / "mine" / "c1"
    (case / "refs").mkdir(parents=True)
    (tmp_path / "mine" / "suite.json").write_text('{"name": "mine", "description": "x", "language": "ar"}')
    (case / "case.json").write_text('{"docs": "docs"}')
    (tmp_path / "mine" / "not-a-case").mkdir()
    (tmp_path / "not-a-suite" / "c2").mkdir(parents=True)
    (tmp_path / "not-a-suite" / "c2" / "case.json").write_text('{"docs": "docs"}')
    found = st.discover(tmp_path)
    assert list(found) == ["mine"] and [c.name for c in found["mine"]] == ["c1"]


def test_unknown_suite_or_case_is_refused(suites):
    with pytest.raises(st.EvalError, match="no such suite"):
        st.select(suites, ["nope"])
    with pytest.raises(st.EvalError, match="no such case"):
        st.select(suites, ["seeds"], [MULTILING_CASE])


def test_a_summary_is_compared_with_the_references_in_its_own_language(seeds_case, multiling_case):
    refs = seeds_case.folder / "refs"
    assert st.references(seeds_case, "ar") == [(refs / "gold_ar.md").read_text(encoding="utf-8")]
    assert st.references(seeds_case, "en") == [(refs / "gold_en.md").read_text(encoding="utf-8")]
    assert len(st.references(multiling_case, "ar")) == len(multiling_case.refs) == 3
    assert st.references(multiling_case, "en") == []


# ---- scoring -----------------------------------------------------------------------------------


def test_uncited_text_states_no_key_fact_however_close_to_the_reference(seeds_case):
    documents = st.load_documents(seeds_case)
    for lang in ("ar", "en"):
        (reference,) = st.references(seeds_case, lang)
        metrics, details, _ = scoring.score(seeds_case, documents, output_of(reference, lang), None)
        assert metrics["rouge1"] == pytest.approx(1.0)
        assert metrics["key_fact_recall"] == 0.0 and metrics["support"] == 0.0 and metrics["score"] == 0.0
        assert len(details["missed_key_facts"]) == len(seeds_case.gold.key_facts)


def test_forbidden_terms_and_copied_forbidden_text_count_as_leakage(seeds_case):
    documents = st.load_documents(seeds_case)
    (reference,) = st.references(seeds_case, "ar")
    forbidden = seeds_case.gold.forbidden[3]  # the Merkava sentence of the appended story
    metrics, details, _ = scoring.score(seeds_case, documents, output_of(reference + "\n" + forbidden.quote), None)
    assert metrics["term_leakage"] > 0 and metrics["text_leakage"] > 0
    assert set(details["leaked_terms"]) & set(forbidden.terms)
    clean_metrics, *_ = scoring.score(seeds_case, documents, output_of(reference), None)
    assert clean_metrics["term_leakage"] == 0.0 and clean_metrics["text_leakage"] == 0.0


def test_score_files_on_a_multiling_summary(multiling_case, tmp_path, capsys):
    summary = tmp_path / "summary.txt"
    summary.write_text(systems.run_system("lead", multiling_case, st.load_documents(multiling_case)).text, encoding="utf-8")
    assert eval_cli.main(["score", str(summary), "--refs", *map(str, multiling_case.refs)]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert {"rouge1", "rouge2", "rougeL", "rouge1_at_budget", "length_words"} <= set(scores)
    assert all(0 < scores[m] < 1 for m in ("rouge1", "rouge2", "rougeL"))
    assert eval_cli.main(["score", str(multiling_case.refs[0]), "--refs", str(multiling_case.refs[0])]) == 0
    itself = json.loads(capsys.readouterr().out)
    assert itself["rouge1"] == pytest.approx(1.0)


# ---- systems -----------------------------------------------------------------------------------


# The key facts each baseline states on the seeds: sentences extracted whole, so their citations
# are gold passages exactly when they are the sentences the gold quotes.
BASELINE_FACTS = {"lead": ["kf01", "kf02", "kf03", "kf13", "kf14"],
                  "centroid": ["kf01", "kf02", "kf05", "kf08", "kf12", "kf13"]}


@pytest.mark.parametrize("system", ["lead", "centroid"])
def test_baselines_on_the_seeds_case(system, seeds_case):
    (result,) = runs.run(system, [seeds_case]).cases
    m = result.metrics
    assert set(m) == set(scoring.METRIC_NAMES) and result.error is None
    assert m["citation_precision"] == 1.0 and m["citation_coverage"] == 1.0
    missed = {line.split(":")[0] for line in result.details["missed_key_facts"]}
    assert [f.id for f in seeds_case.gold.key_facts if f.id not in missed] == BASELINE_FACTS[system]
    assert m["key_fact_recall"] == round(len(BASELINE_FACTS[system]) / len(seeds_case.gold.key_facts), 6)
    assert m["support"] == 1.0 and m["contradictions"] == 0
    (reference,) = st.references(seeds_case, "ar")
    assert m["rouge1"] == pytest.approx(rouge(result.summary, [reference]).rouge_1.f1, abs=1e-6)
    # No brief: nothing set aside, no event, no conflicts, no party to credit.
    for name in ("set_aside_accuracy", "event_accuracy", "conflict_recall", "attribution_accuracy", "extraction_f1"):
        assert m[name] is None, name
    assert result.usage == Usage() and m["length_words"] <= seeds_case.budget_words


def test_lead_cites_the_page_of_the_other_meeting_so_it_leaks(lead_run, seeds_case):
    (result,) = [r for r in lead_run.cases if r.case == SEEDS_CASE]
    excluded = seeds_case.gold.excluded[0].doc_id
    assert result.metrics["citation_leakage"] > 0
    assert any(line.startswith(excluded) for line in result.details["leaked_citations"])


def test_baselines_on_a_multiling_case_leave_missing_gold_null(lead_run, multiling_case):
    (result,) = [r for r in lead_run.cases if r.case == MULTILING_CASE]
    m = result.metrics
    expected = rouge(result.summary, [p.read_text(encoding="utf-8") for p in multiling_case.refs])
    assert (m["rouge1"], m["rouge2"], m["rougeL"]) == pytest.approx(
        (expected.rouge_1.f1, expected.rouge_2.f1, expected.rouge_l.f1), abs=1e-6)
    assert m["citation_precision"] == 1.0 and m["length_words"] > 0
    for name in ("key_fact_recall", "contradictions", "set_aside_accuracy", "participant_recall", "citation_leakage",
                 "text_leakage", "term_leakage", "extraction_precision", "attribution_accuracy", "event_accuracy"):
        assert m[name] is None, name


def test_pipeline_from_gold_records_sets_the_other_meeting_aside_and_leaks_nothing(seeds_case):
    (result,) = runs.run("pipeline-gold-records", [seeds_case]).cases
    m = result.metrics
    assert result.error is None
    assert m["set_aside_accuracy"] == 1.0 and m["citation_precision"] == 1.0 and m["citation_coverage"] == 1.0
    assert m["citation_leakage"] == 0 and m["text_leakage"] == 0 and m["term_leakage"] == 0
    assert m["extraction_precision"] is None and result.usage.calls == 0
    assert m["event_accuracy"] == 1.0 and result.gold_hash == seeds_case.gold_hash()
    (reference,) = st.references(seeds_case, "ar")
    assert m["rouge2"] == pytest.approx(rouge(result.summary, [reference]).rouge_2.f1, abs=1e-6)


def test_a_brief_is_written_in_its_suites_language_unless_another_is_asked_for(suites, seeds_case):
    # The seeds' case with its suite declared English: its English gold brief is its English reference.
    english = dataclasses.replace(seeds_case, language="en")
    (arabic,) = runs.run("pipeline-gold-records", [seeds_case]).cases
    record = runs.run("pipeline-gold-records", [english])
    assert arabic.lang == "ar" and record.lang == "en" and record.cases[0].lang == "en"
    assert record.cases[0].metrics["rouge1"] == pytest.approx(
        rouge(record.cases[0].summary, st.references(seeds_case, "en")).rouge_1.f1, abs=1e-6)
    assert runs.run("pipeline-gold-records", [english], lang="ar").cases[0].lang == "ar"
    mixed = runs.run("lead", [seeds_case, *st.select(suites, ["multiling2011_en_dev"], ["M000"])])
    assert mixed.lang == "ar+en" and [r.lang for r in mixed.cases] == ["ar", "en"]
    assert all(r.metrics["rouge1"] for r in mixed.cases)


def test_pipeline_from_gold_records_skips_cases_without_records(suites):
    record = runs.run("pipeline-gold-records", st.select(suites))
    assert [r.suite for r in record.cases] == ["seeds"]


# What the recorded 1.5B answers score on the seeds: extraction precision and recall against the
# gold records (span, section, speaker, content), and grounded key-fact recall of the brief.
RECORDED_PIPELINE = (0.740741, 0.215054, 0.611111)  # the Amman pages only: Cairo is set aside unread


def test_pipeline_system_on_recorded_model_answers(seeds_case, tmp_path):
    paths = [RECORDINGS / f"{doc_id}.json" for doc_id in SEED_IDS]
    if not all(p.exists() for p in paths):
        pytest.skip(f"recorded extraction answers are not in {RECORDINGS} yet")
    # The Cairo page is set aside by its text, unread. The prose call gets an answer that is not
    # JSON: the brief then stands as merged.
    replay = Replay([recorded(doc_id) for doc_id in AMMAN_PAGES] + [(200, chat_completion("not json"))])
    config = ModelConfig(base_url="http://replay.invalid/v1", model="recorded-1.5b", concurrency=1,
                         validation_retries=0, cache_path=tmp_path / "calls.sqlite")
    with Gateway(config, client=replay.client()) as gateway:
        record = runs.run("pipeline", [seeds_case], gateway=gateway)
    (result,) = record.cases
    assert result.error is None and replay.answers == []
    assert result.usage.calls == len(AMMAN_PAGES) + 1  # the write call's failed attempt counts too
    assert record.model == config.describe() and record.model_identity == gateway.identity
    m = result.metrics
    assert m["citation_precision"] == 1.0 and m["contradictions"] == 0 and m["citation_leakage"] == 0
    assert (m["extraction_precision"], m["extraction_recall"], m["key_fact_recall"]) == RECORDED_PIPELINE


def test_the_pipeline_system_refuses_to_run_without_a_model(seeds_case):
    with pytest.raises(st.EvalError, match="gateway"):
        runs.run("pipeline", [seeds_case])


# ---- run records -------------------------------------------------------------------------------


def test_run_record_says_what_was_run_and_reads_back(lead_run, tmp_path):
    assert lead_run.system == "lead" and lead_run.suites == ["seeds", "multiling2011_ar_dev"]
    assert lead_run.prompts == prompt_hashes() and lead_run.code.package == __version__
    assert lead_run.model is None and datetime.fromisoformat(lead_run.created).tzinfo is not None
    assert lead_run.totals.cases == len(lead_run.cases) == 2 and lead_run.totals.errors == 0
    assert set(lead_run.totals.means) == {"seeds", "multiling2011_ar_dev"}
    path = tmp_path / "run.json"
    path.write_text(lead_run.model_dump_json(), encoding="utf-8")
    assert runs.load_run(path) == lead_run


def test_code_version_without_git_does_not_fail(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert runs.code_version() == runs.CodeVersion(package=__version__)


def test_default_run_path_names_suite_system_and_time(lead_run):
    path = runs.default_run_path(lead_run, Path("runs"))
    assert path.parent == Path("runs") and path.suffix == ".json"
    assert path.name.startswith("seeds+multiling2011_ar_dev-lead-")


def test_eval_command_writes_the_run_and_prints_the_table(tmp_path, capsys):
    output = tmp_path / "seeds-lead.json"
    assert eval_cli.main(["--suite", "seeds", "--system", "lead", "-o", str(output)]) == 0
    printed = capsys.readouterr().out
    assert all(name in printed for name in scoring.METRIC_NAMES) and SEEDS_CASE in printed
    assert runs.load_run(output).cases[0].case == SEEDS_CASE
    assert eval_cli.main(["--suite", "nope", "--system", "lead"]) == 2
    assert eval_cli.main(["--suite", "multiling2011_ar_dev", "--system", "pipeline-gold-records"]) == 2


# ---- compare -----------------------------------------------------------------------------------


def changed(run: runs.RunRecord, case: str, **metrics) -> runs.RunRecord:
    cases = [r.model_copy(update={"metrics": {**r.metrics, **metrics}}) if r.case == case else r for r in run.cases]
    return run.model_copy(update={"cases": cases})


@pytest.fixture
def write_run(tmp_path):
    def write(run: runs.RunRecord, name: str) -> str:
        path = tmp_path / name
        path.write_text(run.model_dump_json(), encoding="utf-8")
        return str(path)
    return write


def exit_code(base: str, new: str, *options: str) -> int:
    return eval_cli.main(["compare", base, new, *options])


def test_compare_exit_codes(lead_run, write_run, tmp_path):
    rouge1 = next(r for r in lead_run.cases if r.case == SEEDS_CASE).metrics["rouge1"]
    leak = next(r for r in lead_run.cases if r.case == SEEDS_CASE).metrics["citation_leakage"]
    base = write_run(lead_run, "base.json")
    assert exit_code(base, write_run(lead_run, "same.json")) == 0
    small_drop = write_run(changed(lead_run, SEEDS_CASE, rouge1=rouge1 - 0.01), "small.json")
    assert exit_code(base, small_drop) == 0
    big_drop = write_run(changed(lead_run, SEEDS_CASE, rouge1=rouge1 - 0.05), "big.json")
    assert exit_code(base, big_drop) == 1
    assert exit_code(base, big_drop, "--threshold", "rouge1=0.1") == 0
    assert exit_code(base, small_drop, "--threshold", "rouge1=0") == 1
    assert exit_code(base, write_run(changed(lead_run, SEEDS_CASE, citation_leakage=leak + 0.01), "leak.json")) == 1
    assert exit_code(base, write_run(changed(lead_run, SEEDS_CASE, citation_leakage=leak - 0.01), "less.json")) == 0
    assert exit_code(base, write_run(changed(lead_run, SEEDS_CASE, length_words=1.0), "short.json")) == 0
    assert exit_code(base, write_run(changed(lead_run, SEEDS_CASE, rouge1=None), "lost.json")) == 1
    assert exit_code(base, str(tmp_path / "missing.json")) == 2
    assert exit_code(base, base, "--threshold", "nonsense=0.1") == 2
    assert exit_code(base, base, "--threshold", "rouge1=lots") == 2


def test_a_new_run_that_lacks_cases_fails_the_comparison(lead_run, write_run, capsys):
    """A new run lacking some of the base run's cases printed "no regression" and exited 0."""
    base = write_run(lead_run, "base.json")
    kept = lead_run.model_copy(update={"cases": lead_run.cases[:1]})
    fewer = write_run(kept, "fewer.json")
    lacking = [r.id for r in lead_run.cases[1:]]
    capsys.readouterr()
    assert exit_code(base, fewer) == 1
    assert f"lacks {len(lacking)} case(s)" in capsys.readouterr().err
    assert exit_code(base, fewer, "--allow-missing") == 0
    assert exit_code(fewer, base) == 0  # cases only the new run has are listed, never a failure


def test_a_report_path_that_cannot_be_written_is_one_line_before_the_work(lead_run, write_run, tmp_path, capsys):
    """`eval compare -o DIR` / `--html DIR`, `eval score -o DIR`: IsADirectoryError after the work."""
    base = write_run(lead_run, "base.json")
    capsys.readouterr()
    for option in ("--md", "--html"):
        assert exit_code(base, base, option, str(tmp_path)) == 2
        assert capsys.readouterr().err.splitlines()[-1] == (
            f"summarizer: error: {option} {tmp_path}: is a folder; give a file name")
    assert eval_cli.main(["--suite", "seeds", "--system", "lead", "-o", str(tmp_path)]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"summarizer: error: -o {tmp_path}: is a folder; give a file name"


def test_compare_marks_each_metric_and_case(lead_run):
    new = changed(lead_run, SEEDS_CASE, rouge2=0.0, text_leakage=0.5)
    comparison = comparing.compare(lead_run, new)
    status = {(d.case, d.metric): d.status for d in comparison.deltas}
    assert status[(SEEDS_CASE, "rouge2")] == "regressed" and status[(SEEDS_CASE, "text_leakage")] == "regressed"
    assert status[(SEEDS_CASE, "rouge1")] == "same" and status[(MULTILING_CASE, "rouge2")] == "same"
    assert status[(MULTILING_CASE, "key_fact_recall")] == "n/a"
    regressed = {(d.case, d.metric) for d in comparison.regressions}
    assert regressed == {(SEEDS_CASE, "rouge2"), (SEEDS_CASE, "text_leakage")}
    assert comparing.compare(new, lead_run).regressions == []


def test_reports_show_every_case_and_metric_and_escape_text(lead_run, write_run, tmp_path):
    hostile = "<script>alert(1)</script>"
    cases = [r.model_copy(update={"details": {"missed_key_facts": [hostile]}}) if r.case == SEEDS_CASE else r
             for r in lead_run.cases]
    new = changed(lead_run.model_copy(update={"cases": cases}), SEEDS_CASE, rouge1=0.0)
    md, page = tmp_path / "diff.md", tmp_path / "diff.html"
    assert exit_code(write_run(lead_run, "a.json"), write_run(new, "b.json"), "--md", str(md), "--html", str(page)) == 1
    markdown, html = md.read_text(encoding="utf-8"), page.read_text(encoding="utf-8")
    measured = {m for r in lead_run.cases for m, v in r.metrics.items() if v is not None}
    for text in (markdown, html):
        assert all(f"{r.suite}/{r.case}" in text for r in lead_run.cases)
        assert all(metric in text for metric in measured)
        assert "regress" in text.lower()
    assert hostile not in html and "&lt;script&gt;" in html
    assert "<link" not in html and "src=" not in html and "<style>" in html


def test_compare_refuses_runs_scored_against_different_gold(lead_run, write_run, capsys):
    cases = [r.model_copy(update={"gold_hash": "0" * 16}) if r.case == SEEDS_CASE else r for r in lead_run.cases]
    other_gold = lead_run.model_copy(update={"cases": cases})
    with pytest.raises(st.EvalError, match="different gold"):
        comparing.compare(lead_run, other_gold)
    base, new = write_run(lead_run, "base.json"), write_run(other_gold, "regold.json")
    assert exit_code(base, new) == 2
    assert "different gold" in capsys.readouterr().err
    assert exit_code(base, new, "--allow-gold-change") == 0


def test_compare_warns_loudly_on_different_systems_and_suites(lead_run, write_run, capsys):
    other = lead_run.model_copy(update={"system": "centroid", "suites": ["seeds"]})
    assert exit_code(write_run(lead_run, "a.json"), write_run(other, "b.json")) == 0
    err = capsys.readouterr().err
    assert "WARNING: different systems: lead vs centroid" in err
    assert "WARNING: different suites" in err


def test_length_growth_past_ten_percent_regresses(lead_run, write_run):
    words = next(r for r in lead_run.cases if r.case == SEEDS_CASE).metrics["length_words"]
    base = write_run(lead_run, "base.json")
    assert exit_code(base, write_run(changed(lead_run, SEEDS_CASE, length_words=words * 1.09), "a.json")) == 0
    assert exit_code(base, write_run(changed(lead_run, SEEDS_CASE, length_words=words * 1.2), "b.json")) == 1
    assert exit_code(base, write_run(changed(lead_run, SEEDS_CASE, length_words=words * 1.2), "c.json"),
                     "--threshold", "length_words=0.5") == 0


def test_a_run_record_carries_the_gold_hash_and_it_follows_the_gold(seeds_case, tmp_path):
    import shutil
    copy = tmp_path / "seeds" / SEEDS_CASE
    shutil.copytree(seeds_case.folder, copy)
    shutil.copy(seeds_case.folder.parent / "suite.json", copy.parent / "suite.json")
    moved = st.case_at(copy)
    assert moved.gold_hash() == seeds_case.gold_hash()
    (copy / "refs" / "gold_en.md").write_text("changed", encoding="utf-8")
    assert st.case_at(copy).gold_hash() != seeds_case.gold_hash()


def test_a_dead_endpoint_ends_the_eval_once_with_exit_2(tmp_path, capsys):
    from summarizer.cli import commands as cli

    code = cli.main(["eval", "--suite", "seeds", "--system", "pipeline", "--base-url", "http://127.0.0.1:9/v1",
                     "--model", "x", "-o", str(tmp_path / "run.json")])
    err = capsys.readouterr().err
    assert code == 2 and "cannot reach http://127.0.0.1:9/v1: connection refused" in err
    assert "Traceback" not in err and not (tmp_path / "run.json").exists()


def test_a_name_in_a_run_record_cannot_inject_markup_into_the_markdown_report(lead_run, write_run, tmp_path):
    """`eval compare --md` printed a model or case name's `<script>` raw; a `|` split a table cell."""
    hostile = lead_run.model_copy(update={"model": "<script>alert(1)</script> | [x](http://evil)"})
    base, new = write_run(lead_run, "base.json"), write_run(hostile, "new.json")
    report = tmp_path / "diff.md"
    exit_code(base, new, "--md", str(report))
    text = report.read_text(encoding="utf-8")
    assert "\\<script\\>alert(1)\\</script\\> \\| \\[x\\](http://evil)" in text
    assert "<script>" not in text and "[x](" not in text
