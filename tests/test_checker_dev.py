"""The faithfulness check on its dev set: it keeps faithful renderings and rejects wrong ones."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

from summarizer.eval.checker import judge, load_pairs

CHECKER = Path(__file__).resolve().parents[1] / "evals" / "checker"


def test_the_committed_pairs_are_what_make_py_makes_now():
    spec = importlib.util.spec_from_file_location("make", CHECKER / "make.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for pairs, file in ((module.build(), "pairs.jsonl"), (module.build_to_arabic(), "pairs_to_arabic.jsonl")):
        made = [json.dumps(p, ensure_ascii=False) for p in pairs]
        assert made == (CHECKER / file).read_text(encoding="utf-8").splitlines(), "re-run evals/checker/make.py"


def rates(file: str) -> tuple[Counter, Counter]:
    """Pairs seen and verdicts right, by label (and, for unfaithful pairs, kind)."""
    seen, right = Counter(), Counter()
    for _, pair in load_pairs(CHECKER / file):
        key = pair.label if pair.label == "faithful" else f"unfaithful/{pair.kind}"
        seen[key] += 1
        right[key] += (judge(pair) is None) == (pair.label == "faithful")
    return seen, right


def test_on_stories_and_writers_it_was_not_built_on_it_still_tells_good_from_bad():
    """The held-out set (M001, M003, another writer): below the dev set's 0.95, measured and
    reported in evals/README.md; this guards what it reaches now."""
    seen, right = rates("heldout.jsonl")
    unfaithful = [k for k in seen if k != "faithful"]
    assert right["faithful"] / seen["faithful"] >= 0.8
    assert sum(right[k] for k in unfaithful) / sum(seen[k] for k in unfaithful) >= 0.8


def test_the_check_keeps_good_writing_and_rejects_errors_of_every_common_kind():
    seen, right = rates("pairs.jsonl")
    unfaithful = [k for k in seen if k != "faithful"]
    assert right["faithful"] / seen["faithful"] >= 0.95
    assert sum(right[k] for k in unfaithful) / sum(seen[k] for k in unfaithful) >= 0.95
    for kind in unfaithful:  # kinds with enough pairs to measure
        if seen[kind] >= 20:
            assert right[kind] / seen[kind] >= 0.9, kind


def test_into_arabic_it_keeps_human_translations_and_rejects_their_wrong_copies():
    """The other direction (an Arabic brief of English pages): the MultiLing translators' Arabic of
    each English line is kept 0.95 of the time, the same Arabic with a negation, number, date,
    nation, city or speaker changed rejected 0.97 (evals/README.md)."""
    seen, right = rates("pairs_to_arabic.jsonl")
    unfaithful = [k for k in seen if k != "faithful"]
    assert right["faithful"] / seen["faithful"] >= 0.94
    assert sum(right[k] for k in unfaithful) / sum(seen[k] for k in unfaithful) >= 0.95
    for kind in unfaithful:
        if seen[kind] >= 20:
            assert right[kind] / seen[kind] >= 0.75, kind
