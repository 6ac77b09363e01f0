"""The gold data passes its checker, and the checker catches a broken copy of it.

Broken copies are made inside each test from the real files: the seeds suite and the seed
pages are copied into tmp_path with their relative layout (case.json points at
../../../../seeds), one thing is broken, and the checker must name it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from summarizer.eval.check import SUITES, check_suites, main
from summarizer.checks.polarity import negated

ROOT = Path(__file__).resolve().parent.parent
CASE = "amman-2023-11-04"


def test_every_real_suite_passes_the_checker():
    assert check_suites() == []


def test_the_checker_runs_on_the_repository_suites():
    assert SUITES == ROOT / "evals" / "suites"
    assert {p.name for p in SUITES.iterdir() if p.is_dir()} >= {"seeds", "multiling2011_ar_dev"}


@pytest.fixture
def copy(tmp_path) -> Path:
    """A copy of the seeds suite (and the pages it points at); returns the suites root."""
    root = tmp_path / "evals" / "suites"
    shutil.copytree(SUITES / "seeds", root / "seeds")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    assert check_suites(root) == []  # the copy is as good as the original
    return root


def edit_case(root: Path, change) -> None:
    path = root / "seeds" / CASE / "case.json"
    case = json.loads(path.read_text(encoding="utf-8"))
    change(case)
    path.write_text(json.dumps(case, ensure_ascii=False, indent=2), encoding="utf-8")


def fact(case: dict, fact_id: str) -> dict:
    return next(f for f in case["key_facts"] if f["id"] == fact_id)


def problems_after(root: Path, change) -> list[str]:
    edit_case(root, change)
    return check_suites(root)


def test_a_shifted_evidence_quote_is_caught(copy):
    def shift(case):
        evidence = fact(case, "kf05")["evidence"][0]
        evidence["start"] += 3
        evidence["end"] += 3

    problems = problems_after(copy, shift)
    assert any("kf05 evidence[0]: quote does not resolve" in p for p in problems), problems


def test_a_negation_cue_in_a_match_group_is_caught(copy):
    problems = problems_after(copy, lambda case: fact(case, "kf10")["match"][0].append("رفض"))
    assert any("kf10" in p and "'رفض'" in p and "negation cue" in p for p in problems), problems


def test_negated_must_agree_with_the_english_text(copy):
    def flip(case):
        kf05 = fact(case, "kf05")
        assert kf05["negated"] is True and negated(kf05["text"])
        kf05["negated"] = False

    problems = problems_after(copy, flip)
    assert any("kf05: negated is False but the English text reads as negated" in p for p in problems), problems


def test_an_unknown_field_is_caught(copy):
    problems = problems_after(copy, lambda case: fact(case, "kf01").update({"negatedd": True}))
    assert any("case.json" in p and "key_facts.0.negatedd" in p for p in problems), problems


def test_every_supporting_page_needs_an_evidence_passage(copy):
    def drop(case):
        kf13 = fact(case, "kf13")
        kf13["evidence"] = [e for e in kf13["evidence"] if not e["doc_id"].startswith("004")]

    problems = problems_after(copy, drop)
    assert any("kf13: no evidence passage from supporting page 004" in p for p in problems), problems


def test_a_fact_that_would_match_the_other_meeting_is_caught(copy):
    def generic(case):
        fact(case, "kf04")["match"] = [["وقف اطلاق النار", "ceasefire"], ["فوري", "immediate"]]

    problems = problems_after(copy, generic)
    assert any("kf04: matches the excluded page 002" in p for p in problems), problems
    assert any("kf04: matches other_events[0]" in p for p in problems), problems


def test_a_reportable_conflict_needs_sides_on_different_pages(copy):
    def same_page(case):
        c03 = next(c for c in case["conflicts"] if c["id"] == "c03")
        c03["sides"][1] = json.loads(json.dumps(c03["sides"][0]))

    problems = problems_after(copy, same_page)
    assert any("c03: attribution conflicts are between sources" in p for p in problems), problems


def test_a_conflict_quote_outside_the_kept_text_is_caught(copy):
    def appended(case):
        forbidden = case["forbidden"][1]  # a sentence of the appended, unrelated story
        side = next(c for c in case["conflicts"] if c["id"] == "c03")["sides"][1]
        side["quotes"][0] = {k: forbidden[k] for k in ("doc_id", "quote", "start", "end")}

    problems = problems_after(copy, appended)
    assert any("c03 side[1].quotes[0]: quote is not inside the kept article body" in p for p in problems), problems


def test_a_fact_missing_from_a_reference_is_caught(copy):
    ref = copy / "seeds" / CASE / "refs" / "gold_en.md"
    ref.write_text(ref.read_text(encoding="utf-8").replace("hostages", "people"), encoding="utf-8")
    assert any("kf18: not present in reference refs/gold_en.md" in p for p in check_suites(copy))


def test_a_statement_speaker_not_in_the_page_is_caught(copy):
    path = copy / "seeds" / CASE / "records" / "004_0199f5b47c6c6fbc.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["statements"][0]["speaker"] = "أيمن الصفدي"  # 004 never names Safadi
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert any("004_0199f5b47c6c6fbc.json: statements[0].speaker" in p for p in check_suites(copy))


def test_the_command_has_help_rather_than_taking_it_for_a_suite(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0 and "SUITE" in capsys.readouterr().out


def test_the_command_prints_each_problem_and_the_count_and_fails(copy, capsys):
    assert main(["seeds"], root=copy) == 0
    assert capsys.readouterr().out == "0 problem(s)\n"
    edit_case(copy, lambda case: fact(case, "kf05").update({"negated": False}))
    assert main(["seeds", "no-such-suite"], root=copy) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == f"{len(lines) - 1} problem(s)" and len(lines) == 3
    assert lines[0].startswith("seeds/amman-2023-11-04 kf05: negated is False") and lines[1] == "no-such-suite: no such suite"
