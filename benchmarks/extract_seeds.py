"""Benchmark: extraction on the seeds with the embedded model, cold and with a warm cache.

Runs `summarizer extract` twice in child processes against a fresh cache folder and prints
seconds and tokens per article, peak memory, and the warm/cold ratios. Usage:

    python benchmarks/extract_seeds.py [--model NAME] [PATH ...]

Takes about a minute per article cold on two cores with the default 1.5B model.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(paths: list[str], model: str | None, home: Path, out: Path) -> tuple[float, dict]:
    command = [sys.executable, "-m", "summarizer.cli", "extract", *paths, "-o", str(out)]
    if model:
        command += ["--model", model]
    started = time.monotonic()
    subprocess.run(command, check=True, env={**os.environ, "SUMMARIZER_HOME": str(home)})
    seconds = time.monotonic() - started
    totals = {"calls": 0, "cached_calls": 0, "prompt_tokens": 0, "completion_tokens": 0, "kept": 0, "dropped": 0}
    for line in (out / "extraction-report.jsonl").read_text(encoding="utf-8").splitlines():
        report = json.loads(line)
        for key in ("calls", "cached_calls", "prompt_tokens", "completion_tokens"):
            totals[key] += report["usage"][key]
        totals["dropped"] += len(report["dropped"])
    for path in out.glob("*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        lists = ("participants", "statements", "agreements", "disagreements", "outcomes")
        totals["kept"] += (record["event"] is not None) + sum(len(record[k]) for k in lists)
    return seconds, totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "seeds")])
    parser.add_argument("--model", help="packaged model name (default: the embedded default)")
    args = parser.parse_args()
    articles = sum(1 for p in args.paths for _ in (Path(p).glob("*.txt") if Path(p).is_dir() else [p]))
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        cold_seconds, cold = run(args.paths, args.model, home, Path(tmp) / "cold")
        warm_seconds, warm = run(args.paths, args.model, home, Path(tmp) / "warm")
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    tokens = cold["prompt_tokens"] + cold["completion_tokens"]
    print(f"articles:                 {articles}")
    print(f"cold: seconds/article     {cold_seconds / articles:.1f}  (total {cold_seconds:.1f}s, {cold['calls']} calls)")
    print(f"cold: tokens/article      {tokens / articles:.0f}  ({cold['prompt_tokens']} prompt + {cold['completion_tokens']} completion)")
    print(f"warm: seconds/article     {warm_seconds / articles:.2f}  ({warm['calls']} calls, {warm['cached_calls']} cached)")
    print(f"warm/cold time ratio      {warm_seconds / cold_seconds:.4f}")
    print(f"items kept / dropped      {cold['kept']} / {cold['dropped']}  (dropped share {cold['dropped'] / max(1, cold['kept'] + cold['dropped']):.2f})")
    print(f"peak memory (MiB)         {peak_mib:.0f}")


if __name__ == "__main__":
    main()
