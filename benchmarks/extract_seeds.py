"""Benchmark: cold extraction and brief of the seeds with the embedded model, an older version against this one.

Runs in child processes, each with an empty response cache (the joined weights are shared):
`summarizer extract SEEDS -o DIR` and `summarizer brief SEEDS -o brief.md`, first with the code
of `--before REV` (unpacked from git into a temporary folder), then with the working tree, on
the same machine in one run. Prints per version: wall times, peak resident memory (the embedded
server runs inside the process), completion tokens per page (median), pages failed, verified
items kept, and the ratios. A repeat of the working tree's extraction with its warm cache shows
what a repeat costs. Usage:

    python benchmarks/extract_seeds.py                    # before = c6b623e, the sentence-copying extractor
    python benchmarks/extract_seeds.py --before HEAD~3 --model qwen2.5-0.5b-q4

Takes about 20 minutes on two cores with the default 1.5B model; nothing else should run then.

The embedded server's settings were chosen by `extract seeds/`, cold, one run each on two cores
(2026-12-07; wall time, peak RSS, completion tokens of the five pages, verified items):

    setting                                              wall    peak RSS   tokens  items
    two slots (the earlier default)                      194 s   2.58 GiB   1393    37
    two slots, no host-memory prompt cache               156 s   2.45 GiB   1393    37
    one slot                                             152 s   2.39 GiB   1283    32
    one slot, no host-memory prompt cache                151 s   2.22 GiB   1283    32
    ... and no repacked weights (adopted)                148 s   1.64 GiB   1303    28
    one slot, no prompt cache, n_ubatch 256              158 s   2.19 GiB   1455    38
    one slot, n-gram drafting (ngram_simple)             172 s   2.42 GiB   1279    31
    one slot, n-gram drafting (ngram_mod)                194 s   2.44 GiB   1457    38
    two slots, n-gram drafting (simple / mod / map_k)    171 / 159 / 175 s            36 / 32 / 36
    two slots, the 0.5B Qwen2.5 as draft model           291 s   3.40 GiB           31

Speculative decoding does not pay on two CPU cores: verifying a draft costs a batch as wide as
the draft, and the model is compute-bound there; what the model writes (sentence numbers and
names inside a JSON grammar) is too short a copy to make up for it. The one-slot settings give
the same answer to the same request (the same tokens with and without the prompt cache);
without the repacked weights the answers differ a little (other kernels): on the seeds eval,
cold, key-fact recall 0.556 both, extraction F1 0.313 against 0.276, ROUGE-1 0.401 against 0.380.
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
class Timed:
    seconds: float
    peak_bytes: int  # the child's own peak resident memory
    load: float  # 1-minute load average at start and end, averaged: above 2 means others ran too


@dataclass
class Result:
    extract: Timed
    completion_per_page: list[int]
    failed: int
    kept: int
    brief: Timed | None = None


def unpack(revision: str, into: Path) -> Path:
    """The package and prompts of `revision`, as they were, in a folder of their own."""
    archive = subprocess.run(["git", "archive", "--format=tar", revision, "summarizer", "prompts"],
                             cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def timed(arguments: list[str], code: Path, home: Path, model: str | None) -> Timed:
    """Run `summarizer ARGUMENTS` with the package in `code` and the cache in `home`; a failed page
    (exit 1) is counted by the caller, any other failure ends the benchmark."""
    entry = "summarizer.cli.commands" if (code / "summarizer" / "cli" / "commands.py").exists() else "summarizer.cli"
    command = [sys.executable, "-m", entry, *arguments, *(["--model", model] if model else [])]
    env = {**os.environ, "SUMMARIZER_HOME": str(home), "PYTHONPATH": str(code)}
    started, load = time.monotonic(), os.getloadavg()[0]
    child = subprocess.Popen(command, env=env, cwd=code)
    _, status, usage = os.wait4(child.pid, 0)  # this child's own peak memory, not the largest of all
    seconds = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{code}: summarizer {arguments[0]} ended with exit {os.waitstatus_to_exitcode(status)}")
    return Timed(seconds, usage.ru_maxrss * 1024, (load + os.getloadavg()[0]) / 2)  # ru_maxrss: KiB on Linux


def run(code: Path, paths: list[str], model: str | None, home: Path, out: Path) -> Result:
    extract = timed(["extract", *paths, "-o", str(out)], code, home, model)
    completion, failed = [], 0
    for line in (out / "extraction-report.jsonl").read_text(encoding="utf-8").splitlines():
        report = json.loads(line)
        completion.append(report["usage"]["completion_tokens"])
        failed += report.get("error") is not None
    kept = 0
    for path in out.glob("*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        kept += (record["event"] is not None) + sum(len(record[k]) for k in MeetingRecord.ITEM_KINDS)
    return Result(extract, completion, failed, kept)


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
        results = {}
        for name, code in (("before", unpack(args.before, tmp / "before")), ("after", ROOT)):
            results[name] = run(code, paths, args.model, shared_home(tmp / f"home-{name}", models), tmp / f"out-{name}")
            results[name].brief = timed(["brief", *paths, "-o", str(tmp / f"brief-{name}.md")], code,
                                        shared_home(tmp / f"brief-home-{name}", models), args.model)
        warm = timed(["extract", *paths, "-o", str(tmp / "out-warm")], ROOT, tmp / "home-after", args.model)
        if args.keep_cache:
            shutil.copyfile(tmp / "home-after" / "calls.sqlite", args.keep_cache)
    old, new = results["before"], results["after"]
    gib = 1 << 30
    rows = [
        ("extract: wall time, s", f"{old.extract.seconds:.0f}", f"{new.extract.seconds:.0f}",
         f"{new.extract.seconds / old.extract.seconds:.2f}x of before"),
        ("brief: wall time, s", f"{old.brief.seconds:.0f}", f"{new.brief.seconds:.0f}",
         f"{new.brief.seconds / old.brief.seconds:.2f}x of before"),
        ("peak RSS (extract, brief), GiB", f"{old.extract.peak_bytes / gib:.2f}, {old.brief.peak_bytes / gib:.2f}",
         f"{new.extract.peak_bytes / gib:.2f}, {new.brief.peak_bytes / gib:.2f}", ""),
        ("median completion tokens/page", f"{statistics.median(old.completion_per_page):.0f}",
         f"{statistics.median(new.completion_per_page):.0f}",
         f"{statistics.median(new.completion_per_page) / statistics.median(old.completion_per_page):.2f}"),
        ("total completion tokens", str(sum(old.completion_per_page)), str(sum(new.completion_per_page)), ""),
        ("pages failed", str(old.failed), str(new.failed), ""),
        ("verified items kept", str(old.kept), str(new.kept), f"{new.kept / max(1, old.kept):.2f}"),
        ("load average during extract", f"{old.extract.load:.1f}", f"{new.extract.load:.1f}", ""),
    ]
    print(f"{len(new.completion_per_page)} page(s); before = {args.before}, after = working tree; cold caches, "
          "one machine, one run")
    print("| measure | before | after | after vs before |\n|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"warm repeat of after's extract: {warm.seconds:.1f} s ({warm.seconds / new.extract.seconds:.3f} of cold)")


if __name__ == "__main__":
    main()
