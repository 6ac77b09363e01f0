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
included) and prints its wall time, its peak memory (the command's own peak RSS plus each
reader process's largest, as if all peaked at once: an upper bound), the events found and their B-cubed score against the events the pages were made from.
Goal: 100,000 pages in < 60 s and < 2 GiB on two cores (an inbox of any size is held to it).
When scikit-learn is installed it also times scikit-learn's TfidfVectorizer on the same words
and checks that its cosines equal ours (the same smoothed-IDF formula). Usage:

    python benchmarks/cluster_pages.py              # 1,000 pages, seed 7
    python benchmarks/cluster_pages.py --pages 3000
    python benchmarks/cluster_pages.py --pages 100000 --event-pages 5 --no-compare

Measured 2026-12-07 (two cores, one run each, `--event-pages 5`: events of five pages with
their own invented names; "first" is the first sparse version, "before" the one process that
read every page and kept a dict of weights per page):

    pages     wall    peak mem   events (gold)    B-cubed F1  first              before
    1,000     1.5 s   292 MiB    60 (200)         0.458       2.3 s, 290 MiB     2.7 s, 169 MiB
    10,000    13.6 s  612 MiB    885 (2,000)      0.609       19.6 s, 612 MiB    29.0 s, 503 MiB
    100,000   52.9 s  1,681 MiB  19,777 (20,000)  0.989       87.9 s, 1,693 MiB  179.8 s, 2,101 MiB

(53.1 s in another run; 55.2 and 56.1 s later, when the same code took 58.3 s: this machine's
speed varies by ~10%); with the seven real events, 1,000 pages take 1.9 s, 294 MiB, F1 0.963.
From the first sparse version to now: a page's fold made once from its lines' (19ff2e0), its
words counted in its reader (c0e66e1), patterns that open with \\b searched from their first
letters (8105abe, 6909ab7, 5288bb0), month-day-year dates looked for only beside a day and a
year (49ddfc8), each event weighed from the count matrix's arrays (2c28b47), folders resolved
once (3fee499).

(peak memory: the command's own peak plus its two readers' at their largest, 55, 61 and 111 MiB;
before, one process did it all.)

"Before" is one process reading every page and keeping its text, and a dict of weights per page
and per event. Now the pages are read (loaded, cleaned, their words, dates and places) by one
process per core, and only what clustering uses comes back; the words of all pages are counted
once into a sparse matrix (`tfidf.count_matrix`) that the sparse rows and each event's TF-IDF
are cut from. At 100,000 pages the readers spend ~80 s of CPU (0.74 ms a page in one process:
~0.05 loading, ~0.25 cleaning, ~0.45 words, places, dates and script), 44 s of wall on two
cores; the clustering takes 10 s (counting 3, linkage 4, events 3). A page's words come back
each once with its count (a tuple and an array: less memory than the list, where a Counter per
page cost 270 MiB). With the seven real events (no `--event-pages`) the groups are those of before: 1,000 pages F1 0.963, 4,000 pages 0.476.
Before the sparse path, 20,000 pages ended in a numpy MemoryError. The
dense path's low F1 here is the synthetic events' doing: each draws its lines from all the
real pages, so events share the real pages' words. On the other shape, seven events of ~570
near-identical pages each (4,000 pages, no `--event-pages`), the dense path scores 0.965 and the
sparse one 0.476 (with only words of 50 pages or fewer it scored 0.013 there and 0.997 above):
an event of many pages loses its own words to the pair budget and splits.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.eval import clusters, suites  # noqa: E402
from summarizer.stages.load import MAX_WORKERS, MIN_FILES_PER_WORKER, available_cores  # noqa: E402

INBOX_SUITES = ["multiling2011_ar_dev", "seeds"]  # the 55 pages above, whatever suites are added later
GOAL_SECONDS = 60
GOAL_BYTES = 2 << 30


ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
EVENT_LINES = 10


def build_inbox(folder: Path, pages: int, seed: int, event_pages: int = 0) -> list[list[str]]:
    """Write `pages` recombined pages into `folder`; returns the gold events over their names.
    With `event_pages`, the pages form events of that many pages each: an event is a pool of
    EVENT_LINES lines drawn from all the real pages, and names its own people and figures (three
    invented names and a number, in a third of its lines); each page of it is half to all of the
    pool. Events share the news words any two real pages share, little more: as the many events
    of a large inbox do."""
    documents, gold = clusters.mixed_inbox(suites.select(suites.discover(), INBOX_SUITES))
    by_id = {d.doc_id: d for d in documents}
    rng = random.Random(seed)
    count = -(-pages // event_pages) if event_pages else len(gold)
    events: list[list[str]] = [[] for _ in range(count)]
    markers = [" ".join(["".join(rng.choices(ARABIC_LETTERS, k=rng.randint(4, 7))) for _ in range(3)]
                        + [str(rng.randint(1000, 999999))]) for _ in range(count)]
    every_line = [line for d in documents for line in d.body.splitlines()[1:] if len(line.split()) >= 5]
    pools = [rng.sample(every_line, EVENT_LINES) for _ in range(count)] if event_pages else []
    for k in range(pages):
        event = k // event_pages if event_pages else k % len(gold)
        if event_pages:
            body = rng.sample(pools[event], rng.randint(EVENT_LINES // 2, EVENT_LINES))
            body = [f"{markers[event]} {line}" if rng.random() < 1 / 3 else line for line in body]
            name = f"p{k:06d}"
            (folder / f"{name}.txt").write_text("\n\n".join([f"{pools[event][0]} {markers[event]}", *body]) + "\n",
                                               encoding="utf-8")
            events[event].append(name)
            continue
        base = event % len(gold)
        sources = [by_id[doc_id] for doc_id in rng.sample(gold[base], min(2, len(gold[base])))]
        lines = [line for source in sources for line in source.body.splitlines()[1:] if line.strip()]
        body = rng.sample(lines, rng.randint(max(1, len(lines) // 2), len(lines)))
        headline = sources[0].body.splitlines()[0]
        name = f"p{k:06d}"
        (folder / f"{name}.txt").write_text("\n\n".join([headline, *body]) + "\n", encoding="utf-8")
        events[event].append(name)
    return events


# The command as a user runs it, telling at its end how much memory it and its readers took at the
# most (their own peaks, from getrusage: the readers are the processes it waited for).
MEASURED_CLUSTER = """
import resource, sys
from summarizer.cli.commands import main
status = main(sys.argv[1:])
peaks = [resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
print("peak kilobytes", *peaks, file=sys.stderr)
sys.exit(status)
"""


def compare_scikit_learn(folder: Path) -> None:
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
    except ImportError:
        print("scikit-learn: not installed, comparison skipped")
        return
    from summarizer.stages.clean import clean
    from summarizer.stages.cluster import Page
    from summarizer.stages.load import load_paths
    from summarizer.lang.tfidf import TfIdf

    bags = [Page.read(clean(d)).bag for d in load_paths([folder]).documents]
    started = time.perf_counter()
    ours = TfIdf(bags, shared_only=True).rows
    ours_cosines = ours @ ours.T
    ours_seconds = time.perf_counter() - started
    started = time.perf_counter()
    theirs = TfidfVectorizer(analyzer=lambda bag: [w for w, k in bag.items() for _ in range(k)]).fit_transform(bags)
    theirs_cosines = (theirs @ theirs.T).toarray()
    theirs_seconds = time.perf_counter() - started
    difference = abs(ours_cosines - theirs_cosines).max()
    print(f"TF-IDF + all cosines: ours {ours_seconds:.2f} s, scikit-learn {theirs_seconds:.2f} s "
          f"(ratio {theirs_seconds / ours_seconds:.2f}); largest cosine difference {difference:.1e}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--event-pages", type=int, default=0,
                        help="pages per event (events with their own names); default: the 7 real events")
    parser.add_argument("--no-compare", action="store_true", help="skip the scikit-learn comparison")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        gold = build_inbox(folder, args.pages, args.seed, args.event_pages)
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-c", MEASURED_CLUSTER, "cluster", str(folder), "--json"],
                              cwd=ROOT, capture_output=True, text=True, check=True)
        seconds = time.monotonic() - started
        own, reader = (int(k) * 1024 for k in done.stderr.splitlines()[-1].split()[-2:])  # kilobytes on Linux
        readers = min(available_cores(), args.pages // MIN_FILES_PER_WORKER, MAX_WORKERS)
        readers = readers if readers > 1 else 0  # as `load_paths` starts them
        peak = own + readers * reader  # each at its peak at once: an upper bound
        events = json.loads(done.stdout)["events"]
        score = clusters.bcubed([e["doc_ids"] for e in events], gold)
        print(f"{args.pages} pages recombined from the 55 real ones ({len(gold)} gold events)")
        print(f"summarizer cluster: {seconds:.1f} s wall ({seconds / GOAL_SECONDS:.2f} of the {GOAL_SECONDS} s goal), "
              f"peak memory {peak / 2**20:.0f} MiB ({peak / GOAL_BYTES:.2f} of the {GOAL_BYTES >> 30} GiB goal; "
              f"the command {own / 2**20:.0f} MiB, each of its {readers} readers "
              f"{reader / 2**20:.0f} MiB at the most)")
        print(f"events found: {len(events)}; B-cubed precision {score.precision:.3f} recall {score.recall:.3f} "
              f"F1 {score.f1:.3f}")
        if not args.no_compare:
            compare_scikit_learn(folder)


if __name__ == "__main__":
    main()
