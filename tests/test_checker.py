"""`summarizer eval checker`: the faithfulness check measured on labelled pairs of real sentences.

The Arabic sources are lines of the MultiLing 2011 documents in evals/suites/multiling2011_ar_dev/
(read from the files, so they stay real); the English renderings are their WikiNews originals, of
which the Arabic is a human translation, and copies of them with one thing changed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer.cli import commands as cli
from summarizer.eval import checker
from summarizer.checks.faithful import verdict

DOCS = Path(__file__).parent.parent / "evals" / "suites" / "multiling2011_ar_dev"


def line_of(case: str, doc_id: str, start: str) -> str:
    """The line of a MultiLing document that starts with `start`, whole."""
    text = (DOCS / case / "docs" / f"{doc_id}.txt").read_text(encoding="utf-8-sig")
    return next(line.strip() for line in text.splitlines() if line.strip().startswith(start))


MEMBERS_AR = line_of("M002", "M0024", "واتفق جميع الاعضاء ال 27")
MEMBERS_EN = "All 27 members of the union agreed to the statement."
NO_INJURIES_AR = line_of("M002", "M0026", "لم يبلغ عن وقوع إصابات")
NO_INJURIES_EN = "No injuries or casualties have been reported."
FAMILIES_AR = line_of("M001", "M0018", "واجتمعت الأسر نفسها")
FAMILIES_EN = "The families themselves laid roses and then met the prince and the duchess."

# Four faithful renderings, four unfaithful ones of three kinds; the check keeps one unfaithful
# pair: a detail changed with no number, name, negation or topic word to catch it by.
PAIRS = [
    {"source": MEMBERS_AR, "rendering": MEMBERS_EN, "label": "faithful"},
    {"source": MEMBERS_AR, "rendering": MEMBERS_EN.replace("27", "25"), "label": "unfaithful",
     "kind": "number_changed", "why": "27 made 25"},
    {"source": NO_INJURIES_AR, "rendering": NO_INJURIES_EN, "label": "faithful"},
    {"source": NO_INJURIES_AR, "rendering": "Injuries and casualties have been reported.", "label": "unfaithful",
     "kind": "negation_dropped"},
    {"source": FAMILIES_AR, "rendering": FAMILIES_EN, "label": "faithful"},
    {"source": FAMILIES_AR, "rendering": FAMILIES_EN.replace("roses", "wreaths"), "label": "unfaithful",
     "kind": "detail_changed", "why": "roses (الورود) made wreaths"},
    # a headline over two passages may leave the number out; one that changes it is rejected
    {"source": [MEMBERS_AR, FAMILIES_AR], "rendering": "All members of the union agreed to the statement.",
     "label": "faithful"},
    {"source": [MEMBERS_AR, FAMILIES_AR], "rendering": MEMBERS_EN.replace("27", "28"), "label": "unfaithful",
     "kind": "number_changed"},
]


def write_pairs(folder: Path, rows: list, name: str = "pairs.jsonl") -> Path:
    path = folder / name
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def run(*argv: str) -> int:
    return cli.main(["eval", "checker", *argv])


def test_the_sources_are_real_lines():
    assert "27" in MEMBERS_AR and "الورود" in FAMILIES_AR and NO_INJURIES_AR.startswith("لم")


def test_counts_per_label_and_kind_and_the_balanced_accuracy(tmp_path, capsys):
    assert run(str(write_pairs(tmp_path, PAIRS)), "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["pairs"], report["faithful"], report["faithful_kept"]) == (8, 4, 4)
    assert (report["unfaithful"], report["unfaithful_rejected"]) == (4, 3)
    assert report["faithful_kept_rate"] == 1.0 and report["unfaithful_rejected_rate"] == 0.75
    assert report["balanced_accuracy"] == pytest.approx((1.0 + 0.75) / 2)
    assert report["by_kind"] == {
        "detail_changed": {"pairs": 1, "rejected": 0, "rejected_rate": 0.0},
        "negation_dropped": {"pairs": 1, "rejected": 1, "rejected_rate": 1.0},
        "number_changed": {"pairs": 2, "rejected": 2, "rejected_rate": 1.0},
    }


def test_json_has_one_verdict_a_pair_with_its_line_and_the_checks_reason(tmp_path, capsys):
    rows = [PAIRS[0], "", "   ", PAIRS[1]]  # blank lines are skipped but counted
    assert run(str(write_pairs(tmp_path, rows)), "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) >= {"pairs", "faithful", "faithful_kept", "unfaithful", "unfaithful_rejected",
                           "balanced_accuracy", "by_kind", "verdicts"}
    assert report["verdicts"] == [
        {"line": 1, "id": None, "label": "faithful", "kind": None, "kept": True, "right": True, "reason": None},
        {"line": 4, "id": None, "label": "unfaithful", "kind": "number_changed", "kept": False, "right": True,
         "reason": "states 25, which its cited words do not"},
    ]
    assert report["faithful_by_kind"] == {}


def test_faithful_pairs_are_counted_by_kind_and_a_pairs_id_is_shown(tmp_path, capsys):
    human = [{**row, "kind": "human translation", "id": f"M0024:{n}"} for n, row in enumerate(PAIRS[:5:2])]
    rows = [*human, {"source": MEMBERS_AR, "rendering": "All members of the union agreed to the statement.",
                     "label": "faithful", "kind": "strong writer", "id": "members-no-number"}, PAIRS[1]]
    path = write_pairs(tmp_path, rows)
    assert run(str(path), "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["faithful_by_kind"] == {"human translation": {"pairs": 3, "kept": 3, "kept_rate": 1.0},
                                          "strong writer": {"pairs": 1, "kept": 0, "kept_rate": 0.0}}
    assert list(report["by_kind"]) == ["number_changed"]
    assert run(str(path)) == 0
    out = capsys.readouterr().out
    assert next(line for line in out.splitlines() if line.startswith("human translation")).split() == [
        "human", "translation", "3", "3", "1.000"]
    assert "line 4 (members-no-number): faithful (strong writer) rejected: drops 27" in out


def test_a_string_source_is_rendered_whole_and_a_list_may_leave_numbers_out(tmp_path, capsys):
    dropped = "All members of the union agreed to the statement."
    rows = [{"source": MEMBERS_AR, "rendering": dropped, "label": "faithful"},
            {"source": [MEMBERS_AR], "rendering": dropped, "label": "faithful"}]
    assert run(str(write_pairs(tmp_path, rows)), "--json") == 0
    first, second = json.loads(capsys.readouterr().out)["verdicts"]
    assert first["reason"] == "drops 27, which its cited words state" and second["kept"]


def test_an_arabic_rendering_is_held_to_arabic_and_the_speaker_is_passed(tmp_path, capsys):
    rows = [{"source": MEMBERS_AR, "rendering": MEMBERS_AR, "label": "faithful"},
            {"source": MEMBERS_AR, "rendering": MEMBERS_AR.replace("27", "28"), "label": "unfaithful"}]
    assert run(str(write_pairs(tmp_path, rows)), "--json") == 0
    kept, rejected = json.loads(capsys.readouterr().out)["verdicts"]
    assert kept["kept"] and rejected["reason"] == "states 28, which its cited words do not"
    assert checker.language(MEMBERS_AR) == "ar" and checker.language(MEMBERS_EN) == "en"
    # the speaker goes to the check: a rendering may have the credited person speak
    said = "Blair said all 27 members of the union agreed to the statement."
    with_speaker = checker.Pair(source=MEMBERS_AR, rendering=said, label="faithful", speaker="بلير")
    assert checker.judge(with_speaker) == verdict(said, [MEMBERS_AR], "en", speakers=["بلير"], exact=True)
    assert checker.judge(with_speaker.model_copy(update={"speaker": None})) == verdict(said, [MEMBERS_AR], "en",
                                                                                          exact=True)


def test_the_text_report_is_a_table_then_every_wrong_verdict(tmp_path, capsys):
    path = write_pairs(tmp_path, PAIRS)
    assert run(str(path)) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == f"{path}: 8 pair(s)"
    faithful = next(line for line in lines if line.startswith("faithful "))
    unfaithful = next(line for line in lines if line.startswith("unfaithful "))
    assert faithful.split() == ["faithful", "4", "4", "0", "1.000"]
    assert unfaithful.split() == ["unfaithful", "4", "1", "3", "0.750"]
    assert len(faithful) == len(unfaithful)  # aligned columns
    assert next(line for line in lines if line.startswith("detail_changed")).split() == ["detail_changed", "1", "0",
                                                                                       "0.000"]
    assert "balanced accuracy 0.875" in out
    wrong = out[out.index("1 wrong verdict(s):"):].splitlines()
    assert wrong[1].strip() == "line 6: unfaithful (detail_changed) kept"
    assert wrong[2].strip() == FAMILIES_EN.replace("roses", "wreaths")
    assert wrong[3].strip() == "why: roses (الورود) made wreaths"


def test_a_faithful_pair_rejected_is_listed_with_the_reason_and_a_long_rendering_shortened(tmp_path, capsys):
    long = "All members of the union agreed to the statement, " * 4
    assert run(str(write_pairs(tmp_path, [{"source": MEMBERS_AR, "rendering": long, "label": "faithful"}]))) == 0
    out = capsys.readouterr().out
    assert "line 1: faithful rejected: drops 27, which its cited words state" in out
    shown = out.splitlines()[out.splitlines().index("  line 1: faithful rejected: drops 27, which its cited words state")
                             + 1].strip()
    assert shown.endswith("…") and len(shown) <= checker.SHOWN_CHARS
    assert "balanced accuracy –" in out  # no unfaithful pairs: nothing to balance


@pytest.mark.parametrize("options, status", [
    (["--min-balanced", "0.95"], 1), (["--min-balanced", "0.85"], 0),
    (["--min-kept", "1"], 0), (["--min-rejected", "0.5"], 1), (["--min-rejected", "0"], 0),
    (["--min-balanced", "0.8", "--min-kept", "0.9", "--min-rejected", "0"], 0),
])
def test_the_thresholds_gate_the_exit_status(tmp_path, capsys, options, status):
    assert run(str(write_pairs(tmp_path, PAIRS)), *options) == status  # balanced 0.875, kept 1.0, detail 0.0
    err = capsys.readouterr().err
    if status:
        assert err.startswith("summarizer: ") and "below --min-" in err
    else:
        assert err == ""


def test_a_threshold_on_a_rate_no_pair_measures_fails(tmp_path, capsys):
    path = write_pairs(tmp_path, [PAIRS[0]])
    assert run(str(path), "--min-balanced", "0.5") == 1
    assert run(str(path), "--min-rejected", "0.5") == 1
    assert "not measured" in capsys.readouterr().err
    assert run(str(path), "--min-kept", "0.5") == 0


@pytest.mark.parametrize("rows, message", [
    ([PAIRS[0], "{not json"], 'line 2: not JSON'),
    ([PAIRS[0], "", {"rendering": "x", "label": "faithful"}], 'line 3: missing "source"'),
    ([{"source": MEMBERS_AR, "label": "faithful"}], 'line 1: missing "rendering"'),
    ([{"source": MEMBERS_AR, "rendering": MEMBERS_EN}], 'line 1: missing "label"'),
    ([PAIRS[0]] * 6 + [{**PAIRS[0], "label": "correct"}],
     'line 7: label must be "faithful" or "unfaithful" (got "correct")'),
    ([{**PAIRS[0], "source": 27}], "line 1: source must be a string or a list of strings"),
    ([{**PAIRS[0], "source": [MEMBERS_AR, 27]}], "line 1: source must be a string or a list of strings"),
    ([{**PAIRS[0], "source": []}], "line 1: source is empty"),
    ([{**PAIRS[0], "rendering": " "}], "line 1: rendering is empty"),
    ([{**PAIRS[0], "speaker": 7}], "line 1: speaker must be a string or a list of strings"),
    (["[1, 2]"], "line 1: not a JSON object"),
    ([], ": no pairs (the file is empty)"),
    (["", " "], ": no pairs (only blank lines)"),
])
def test_bad_input_is_one_line_naming_the_file_and_line_and_exit_2(tmp_path, capsys, rows, message):
    path = write_pairs(tmp_path, rows) if rows else tmp_path / "pairs.jsonl"
    if not rows:
        path.write_text("", encoding="utf-8")
    assert run(str(path)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert line.startswith(f"summarizer: error: {path}{'' if message.startswith(':') else ' '}{message}")


def test_a_missing_file_is_one_line_and_exit_2(tmp_path, capsys):
    assert run(str(tmp_path / "nope.jsonl")) == 2
    assert capsys.readouterr().err == f"summarizer: error: {tmp_path / 'nope.jsonl'}: no such file\n"


def test_the_checker_imports_no_model_gateway():
    code = ("import sys, summarizer.eval.checker; "
            "print([m for m in ('instructor', 'openai', 'summarizer.llm.gateway') if m in sys.modules])")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_help_teaches_the_format_and_the_exit_statuses(capsys):
    with pytest.raises(SystemExit):
        run("--help")
    out = capsys.readouterr().out
    for part in ('"unfaithful" (the check should reject it)', "example line:", "summarizer eval checker evals/checker/pairs.jsonl",
                 "--min-balanced 0.95", "exit status: 0", "faithful_kept_rate"):
        assert part in out
