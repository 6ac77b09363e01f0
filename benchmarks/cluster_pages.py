"""Benchmark: `summarizer cluster` on an inbox of 1,000 pages, for time and peak memory.

There are 55 real pages in the repository (the five MultiLing stories and the seeds), so the
1,000 pages are recombined from them: page k belongs to gold event k mod 7 (the mixed inbox's
seven events: five stories, the Amman meeting, the Cairo page); it takes the headline of one
real page of that event and a shuffled sample of half to all of the body lines of one or two
real pages of the same event, so every page is different but says only what its event's pages
say. The vocabulary and the number of events are therefore those of the 55 real pages: this
measures how clustering scales with pages, not with topics (`shared_only` columns keep the
matrix small when a real inbox brings tens of thousands of words).

Runs `summarizer cluster DIR --json` in a child process (loading, cleaning and clustering
included) and prints its wall time, its peak resident memory, the events found and their
B-cubed score against the events the pages were made from. Goal: < 30 s and < 1 GB on two cores.
When scikit-learn is installed it also times scikit-learn's TfidfVectorizer on the same words
and checks that its cosines equal ours (the same smoothed-IDF formula). Usage:

    python benchmarks/cluster_pages.py              # 1,000 pages, seed 7
    python benchmarks/cluster_pages.py --pages 3000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.eval import clusters, suites  # noqa: E402

INBOX_SUITES = ["multiling2011_ar_dev", "seeds"]  # the 55 pages above, whatever suites are added later
GOAL_SECONDS = 30
GOAL_BYTES = 1 << 30


def build_inbox(folder: Path, pages: int, seed: int) -> list[list[str]]:
    """Write `pages` recombined pages into `folder`; returns the gold events over their names."""
    documents, gold = clusters.mixed_inbox(suites.select(suites.discover(), INBOX_SUITES))
    by_id = {d.doc_id: d for d in documents}
    rng = random.Random(seed)
    events: list[list[str]] = [[] for _ in gold]
    for k in range(pages):
        event = k % len(gold)
        sources = [by_id[doc_id] for doc_id in rng.sample(gold[event], min(2, len(gold[event])))]
        lines = [line for source in sources for line in source.body.splitlines()[1:] if line.strip()]
        body = rng.sample(lines, rng.randint(max(1, len(lines) // 2), len(lines)))
        headline = sources[0].body.splitlines()[0]
        name = f"p{k:05d}"
        (folder / f"{name}.txt").write_text("\n\n".join([headline, *body]) + "\n", encoding="utf-8")
        events[event].append(name)
    return events


def compare_scikit_learn(folder: Path) -> None:
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
    except ImportError:
        print("scikit-learn: not installed, comparison skipped")
        return
    from summarizer.stages.clean import clean
    from summarizer.stages.cluster import _Page
    from summarizer.stages.load import load_paths
    from summarizer.lang.tfidf import TfIdf

    bags = [_Page.read(clean(d)).words for d in load_paths([folder]).documents]
    started = time.perf_counter()
    ours = TfIdf(bags, shared_only=True).rows
    ours_cosines = ours @ ours.T
    ours_seconds = time.perf_counter() - started
    started = time.perf_counter()
    theirs = TfidfVectorizer(analyzer=lambda bag: bag).fit_transform(bags)
    theirs_cosines = (theirs @ theirs.T).toarray()
    theirs_seconds = time.perf_counter() - started
    difference = abs(ours_cosines - theirs_cosines).max()
    print(f"TF-IDF + all cosines: ours {ours_seconds:.2f} s, scikit-learn {theirs_seconds:.2f} s "
          f"(ratio {theirs_seconds / ours_seconds:.2f}); largest cosine difference {difference:.1e}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        gold = build_inbox(folder, args.pages, args.seed)
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "summarizer.cli.commands", "cluster", str(folder), "--json"],
                              cwd=ROOT, capture_output=True, text=True, check=True)
        seconds = time.monotonic() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # kilobytes on Linux
        events = json.loads(done.stdout)["events"]
        score = clusters.bcubed([e["doc_ids"] for e in events], gold)
        print(f"{args.pages} pages recombined from the 55 real ones ({len(gold)} gold events)")
        print(f"summarizer cluster: {seconds:.1f} s wall ({seconds / GOAL_SECONDS:.2f} of the {GOAL_SECONDS} s goal), "
              f"peak RSS {peak / 2**20:.0f} MiB ({peak / GOAL_BYTES:.2f} of the 1 GiB goal)")
        print(f"events found: {len(events)}; B-cubed precision {score.precision:.3f} recall {score.recall:.3f} "
              f"F1 {score.f1:.3f}")
        compare_scikit_learn(folder)


if __name__ == "__main__":
    main()
