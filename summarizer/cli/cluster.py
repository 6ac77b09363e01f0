"""`summarizer cluster`: group pages into events from their text alone (no model call)."""

from __future__ import annotations

import argparse
import json

from summarizer.cli.options import HelpFormatter, add_verbosity_options
from summarizer.cli.output import add_paths_argument, reported
from summarizer.console import printable


def add_parser(commands: argparse._SubParsersAction) -> None:
    cluster_parser = commands.add_parser(
        "cluster", help="group pages into events from their text alone (no model call)",
        formatter_class=HelpFormatter,
        description="Group the pages into the events they report, with no model call: by the words they share "
        "(headline words counted more, names included), judged against the rest of the inbox, and by the city "
        "they place the event in (pages placed in two different cities are never one event). Events come most "
        "sources first; each lists its pages most central first. Near-identical pages count as one source. "
        "A large inbox is read by one process per CPU core.",
        epilog="examples:\n  summarizer cluster inbox/\n  summarizer cluster seeds/ evals/suites/*/M00*/docs --json\n"
        "output:\n  default  each event: place · date · sources, its label (the headline of its most central page),\n"
        "           then its pages\n"
        '  --json   {"events": [{"label", "place", "date", "sources", "doc_ids"}, ...]}\n'
        "exit status: 0 all good, 1 some file could not be read (the rest is clustered)\n",
    )
    add_paths_argument(cluster_parser)
    cluster_parser.add_argument("--json", action="store_true", help="print JSON instead of a listing")
    add_verbosity_options(cluster_parser)
    cluster_parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from summarizer.stages.cluster import cluster_pages, read_pages
    from summarizer.stages.load import available_cores

    loaded = reported(read_pages(args.paths, workers=available_cores()), args.paths)
    events = cluster_pages(loaded.documents)
    if args.json:  # valid JSON whatever the names: escapes for what UTF-8 cannot carry
        print(json.dumps({"events": [e.model_dump(mode="json") for e in events]}, ensure_ascii=False, indent=2)
              .encode("utf-8", "backslashreplace").decode("utf-8"))
    elif loaded.documents:
        paths = {page.doc_id: page.path for page in loaded.documents}
        print(f"{len(events)} event(s) in {len(loaded.documents)} page(s), no model call")
        for number, event in enumerate(events, 1):
            print(f"\n{number}. {printable(event.place or 'place not stated')} · {event.date or 'date not stated'} · "
                  f"{event.sources} source(s)\n   {printable(event.label)}")
            print("\n".join(f"   - {printable(doc_id)}  {printable(paths[doc_id])}" for doc_id in event.doc_ids))
    return 1 if loaded.errors or not loaded.documents else 0
