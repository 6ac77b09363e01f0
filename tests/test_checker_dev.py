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
    made = [json.dumps(p, ensure_ascii=False) for p in module.build()]
    assert made == (CHECKER / "pairs.jsonl").read_text(encoding="utf-8").splitlines(), "re-run evals/checker/make.py"


def test_the_check_keeps_good_writing_and_rejects_errors_of_every_common_kind():
    pairs = load_pairs(CHECKER / "pairs.jsonl")
    kept, seen = Counter(), Counter()
    for _, pair in pairs:
        key = pair.label if pair.label == "faithful" else f"unfaithful/{pair.kind}"
        seen[key] += 1
        kept[key] += judge(pair) is None
    assert kept["faithful"] / seen["faithful"] >= 0.95
    unfaithful = [k for k in seen if k.startswith("unfaithful")]
    assert 1 - sum(kept[k] for k in unfaithful) / sum(seen[k] for k in unfaithful) >= 0.95
    for kind in unfaithful:  # kinds with enough pairs to measure
        if seen[kind] >= 20:
            assert 1 - kept[kind] / seen[kind] >= 0.9, kind
