"""Benchmark: cold extraction of the seeds with the embedded model, an older version against this one.

Runs `summarizer extract SEEDS -o DIR` in child processes, each with an empty response cache:
first the code of `--before REV` (unpacked from git into a temporary folder), then the working
tree, on the same machine in one run, and prints per version: wall time, completion tokens per
page (median), pages failed, verified items kept, and the ratios. A third run of
the working tree with the warm cache shows what a repeat costs. Usage:

    python benchmarks/extract_seeds.py                    # before = c6b623e, the sentence-copying extractor
    python benchmarks/extract_seeds.py --before HEAD~3 --model qwen2.5-0.5b-q4

Takes about 15 minutes on two cores with the default 1.5B model; nothing else should run then.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from summarizer.models import MeetingRecord

ROOT = Path(__file__).resolve().parent.parent
BEFORE = "c6b623e"  # last version whose model copied quotes and wrote English for every item


@dataclass
class Result:
    seconds: float
    completion_per_page: list[int]
    failed: int
    kept: int
    load: float  # 1-minute load average at start and end, averaged: above 2 means others ran too


def unpack(revision: str, into: Path) -> Path:
    """The package and prompts of `revision`, as they were, in a folder of their own."""
    archive = subprocess.run(["git", "archive", "--format=tar", revision, "summarizer", "prompts"],
                             cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def run(code: Path, paths: list[str], model: str | None, home: Path, out: Path) -> Result:
    command = [sys.executable, "-m", "summarizer.cli.commands", "extract", *paths, "-o", str(out)]
    if model:
        command += ["--model", model]
    env = {**os.environ, "SUMMARIZER_HOME": str(home), "PYTHONPATH": str(code)}
    started, load = time.monotonic(), os.getloadavg()[0]
    subprocess.run(command, env=env, cwd=code)  # exit 1 when a page failed: counted below
    seconds = time.monotonic() - started
    completion, failed = [], 0
    for line in (out / "extraction-report.jsonl").read_text(encoding="utf-8").splitlines():
        report = json.loads(line)
        completion.append(report["usage"]["completion_tokens"])
        failed += report.get("error") is not None
    kept = 0
    for path in out.glob("*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        kept += (record["event"] is not None) + sum(len(record[k]) for k in MeetingRecord.ITEM_KINDS)
    return Result(seconds, completion, failed, kept, (load + os.getloadavg()[0]) / 2)


def shared_home(root: Path, models: Path) -> Path:
    """An empty cache folder that reuses the joined model weights (joining is not extraction)."""
    root.mkdir(parents=True)
    if models.exists():
        (root / "models").symlink_to(models)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "seeds")])
    parser.add_argument("--before", default=BEFORE, help=f"git revision to compare with (default {BEFORE})")
    parser.add_argument("--model", help="packaged model name (default: the embedded default)")
    parser.add_argument("--keep-cache", type=Path, metavar="FILE",
                        help="copy the after-run's calls.sqlite here (e.g. to re-record tests/recordings)")
    args = parser.parse_args()
    paths = [str(Path(p).resolve()) for p in args.paths]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        models = Path(os.environ.get("SUMMARIZER_HOME") or Path.home() / ".cache" / "summarizer") / "models"
        old = run(unpack(args.before, tmp / "before"), paths, args.model,
                  shared_home(tmp / "home-before", models), tmp / "out-before")
        home = shared_home(tmp / "home-after", models)
        new = run(ROOT, paths, args.model, home, tmp / "out-after")
        warm = run(ROOT, paths, args.model, home, tmp / "out-warm")
        if args.keep_cache:
            shutil.copyfile(home / "calls.sqlite", args.keep_cache)
    pages = len(new.completion_per_page)
    rows = [
        ("wall time, s", f"{old.seconds:.0f}", f"{new.seconds:.0f}", f"{old.seconds / new.seconds:.2f}x faster"),
        ("median completion tokens/page", f"{statistics.median(old.completion_per_page):.0f}",
         f"{statistics.median(new.completion_per_page):.0f}",
         f"{statistics.median(new.completion_per_page) / statistics.median(old.completion_per_page):.2f}"),
        ("total completion tokens", str(sum(old.completion_per_page)), str(sum(new.completion_per_page)), ""),
        ("pages failed", str(old.failed), str(new.failed), ""),
        ("verified items kept", str(old.kept), str(new.kept), f"{new.kept / max(1, old.kept):.2f}"),
        ("load average during the run", f"{old.load:.1f}", f"{new.load:.1f}", ""),
    ]
    print(f"{pages} page(s); before = {args.before}, after = working tree; cold caches, one machine, one run")
    print("| measure | before | after | after vs before |\n|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"warm repeat of after: {warm.seconds:.1f} s ({warm.seconds / new.seconds:.3f} of cold)")


if __name__ == "__main__":
    main()
