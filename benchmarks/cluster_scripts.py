"""Benchmark: what joining events across scripts costs the cluster stage (issue #21).

The inbox mixes the Arabic MultiLing pages, the English pages they were translated from and the
seeds (105 real pages, 7 events: `summarizer eval clusters`), recombined into `--pages` pages as
`cluster_pages.py` does: page k belongs to gold event k mod 7 and, alternately, to its Arabic or
its English pages (the seeds are Arabic only); it takes the headline of one real page of that
event and script and a shuffled sample of half to all of the body lines of one or two of them.

The cluster stage runs in this one process on the same cleaned pages without the cross-script
join (`summarizer.stages.cluster.join_across_scripts`: each script's pages clustered on their own,
nothing joined), then with it. For each: wall time, the peak of memory allocated
during a second call (tracemalloc: numpy's arrays included), events found and B-cubed F1; then the
ratios with/without. `--pages 0` takes the 105 real pages as they are. Usage:

    python benchmarks/cluster_scripts.py                 # 1,000 recombined pages, seed 7
    python benchmarks/cluster_scripts.py --pages 0       # the 105 real pages
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.eval import clusters, suites  # noqa: E402
from summarizer.lang.arabic import script  # noqa: E402
from summarizer.models import CleanDocument, Document  # noqa: E402
from summarizer.stages import cluster as stage  # noqa: E402
from summarizer.stages.clean import clean  # noqa: E402

INBOX_SUITES = ["multiling2011_ar_dev", "multiling2011_en_dev", "seeds"]


def recombined(pages: int, seed: int) -> tuple[list[CleanDocument], list[list[str]]]:
    documents, gold = clusters.mixed_inbox(suites.select(suites.discover(), INBOX_SUITES))
    if not pages:
        return documents, gold
    by_id = {d.doc_id: d for d in documents}
    rng = random.Random(seed)
    made: list[CleanDocument] = []
    events: list[list[str]] = [[] for _ in gold]
    for k in range(pages):
        event = k % len(gold)
        written = {script(by_id[doc_id].body) for doc_id in gold[event]}
        wanted = "en" if "en" in written and k // len(gold) % 2 else "ar"
        pool = [doc_id for doc_id in gold[event] if script(by_id[doc_id].body) == wanted]
        sources = [by_id[doc_id] for doc_id in rng.sample(pool, min(2, len(pool)))]
        lines = [line for source in sources for line in source.body.splitlines()[1:] if line.strip()]
        body = rng.sample(lines, rng.randint(max(1, len(lines) // 2), len(lines)))
        text = "\n\n".join([sources[0].body.splitlines()[0], *body]) + "\n"
        name = f"p{k:05d}"
        made.append(clean(Document(doc_id=name, path=f"{name}.txt", encoding="utf-8", text=text)))
        events[event].append(name)
    return made, events


def measured(documents: list[CleanDocument], gold: list[list[str]]) -> tuple[float, int, int, float]:
    """Seconds, peak bytes allocated, events found and B-cubed F1 of the cluster stage: timed on
    its own, then run again under tracemalloc (which slows Python down) for the memory."""
    started = time.perf_counter()
    events = stage.cluster(documents)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    stage.cluster(documents)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak, len(events), clusters.bcubed([e.doc_ids for e in events], gold).f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000, help="recombined pages (0: the 105 real ones)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    documents, gold = recombined(args.pages, args.seed)
    scripts = sorted({script(d.body) for d in documents})
    print(f"{len(documents)} pages ({', '.join(scripts)}), {len(gold)} gold events"
          + (f", recombined from the 105 real ones (seed {args.seed})" if args.pages else ""))
    stage.cluster(documents[:30])  # warm up: wordfreq's lists and the regexes, loaded once
    with mock.patch.object(stage, "join_across_scripts", lambda groups, pages, threshold: groups):
        without = measured(documents, gold)
    with_join = measured(documents, gold)
    for label, (seconds, peak, found, f1) in (("with the cross-script join", with_join),
                                              ("without it (scripts apart)", without)):
        print(f"{label:28s} {seconds:6.2f} s  peak {peak / 2**20:6.1f} MiB  {found:4d} events  B-cubed F1 {f1:.3f}")
    print(f"ratio with/without: time {with_join[0] / without[0]:.2f}, memory {with_join[1] / without[1]:.2f}")


if __name__ == "__main__":
    main()
