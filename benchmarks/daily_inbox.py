"""Benchmark: a cold `summarizer daily` of the 55-page mixed inbox, an older version against this one.

The inbox is every page of the MultiLing 2011 Arabic dev suite (five stories of ten pages) and
the five seeds (the Amman meeting and the Cairo page): seven events, as the newsroom's morning
inbox would mix them. Runs `summarizer daily INBOX --format json -o digest.json` in child
processes, each with an empty response cache (the joined model weights are shared): first the
code of `--before REV` (unpacked from git into a temporary folder), then the working tree, on
the same machine in one run; then the working tree again with its warm cache. Prints per
version: wall time, peak resident memory of the run (the embedded server runs inside it), model
calls, events briefed, claims shown, pages failed, and the ratios. Usage:

    python benchmarks/daily_inbox.py                  # before = f769765, the code before the speed work
    python benchmarks/daily_inbox.py --before HEAD~2

Takes about 25 minutes on two cores with the default 1.5B model; nothing else should run then.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_seeds import ROOT, shared_home, timed, unpack  # noqa: E402

BEFORE = "f769765"  # the code before the speed work: every page of the main events read by the model
INBOX = [*sorted((ROOT / "evals" / "suites" / "multiling2011_ar_dev").glob("M*/docs")), ROOT / "seeds"]


@dataclass
class Result:
    seconds: float
    peak_bytes: int
    calls: int
    briefed: int
    claims: int
    failed: int


def run(code: Path, home: Path, out: Path, model: str | None) -> Result:
    done = timed(["daily", *map(str, INBOX), "--format", "json", "-o", str(out)], code, home, model)
    digest = json.loads(out.read_text(encoding="utf-8"))
    briefs = [event["brief"] for event in digest["events"] if event.get("brief")]
    return Result(
        seconds=done.seconds,
        peak_bytes=done.peak_bytes,
        calls=digest["usage"]["calls"],  # asked of the model; answers from the cache are cached_calls
        briefed=len(briefs),
        claims=sum(len(b["claims"]) for b in briefs),
        failed=sum(len(b["failed"]) for b in briefs),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", default=BEFORE, help=f"git revision to compare with (default {BEFORE})")
    parser.add_argument("--model", help="packaged model name (default: the embedded default)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        models = Path(os.environ.get("SUMMARIZER_HOME") or Path.home() / ".cache" / "summarizer") / "models"
        old = run(unpack(args.before, tmp / "before"), shared_home(tmp / "home-before", models),
                  tmp / "before.json", args.model)
        home = shared_home(tmp / "home-after", models)
        new = run(ROOT, home, tmp / "after.json", args.model)
        warm = run(ROOT, home, tmp / "warm.json", args.model)
    mib = 1 << 20
    rows = [
        ("wall time, s", f"{old.seconds:.0f}", f"{new.seconds:.0f}", f"{new.seconds / old.seconds:.2f}x of before"),
        ("peak RSS, MiB", f"{old.peak_bytes / mib:.0f}", f"{new.peak_bytes / mib:.0f}",
         f"{new.peak_bytes / old.peak_bytes:.2f}x"),
        ("model calls", str(old.calls), str(new.calls), ""),
        ("events briefed", str(old.briefed), str(new.briefed), ""),
        ("claims shown", str(old.claims), str(new.claims), ""),
        ("pages failed", str(old.failed), str(new.failed), ""),
    ]
    print(f"{len(INBOX)} folders, {sum(1 for folder in INBOX for _ in folder.glob('*.txt'))} pages; before = {args.before}, after = working tree; cold caches, one run")
    print("| measure | before | after | after vs before |\n|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"warm repeat of after: {warm.seconds:.1f} s, {warm.calls} model calls, peak RSS "
          f"{warm.peak_bytes / mib:.0f} MiB")


if __name__ == "__main__":
    main()
