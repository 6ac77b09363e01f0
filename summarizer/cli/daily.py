"""`summarizer daily`: one digest of a day's inbox, its events most sources first, each with a brief."""

from __future__ import annotations

import argparse
import logging

from summarizer.cli.brief import add_brief_options, read_pages
from summarizer.cli.options import MODEL_POINTER, HelpFormatter, add_model_run_options, at_least, open_gateway
from summarizer.cli.output import add_paths_argument, read_records, write_text
from summarizer.models import DEFAULT_MAX_PAGES, DEFAULT_MIN_SOURCES

log = logging.getLogger("summarizer.cli")


def add_parser(commands: argparse._SubParsersAction) -> None:
    daily_parser = commands.add_parser(
        "daily", help="one digest of a day's inbox: its events, most sources first, each with a cited brief",
        formatter_class=HelpFormatter,
        description="Cluster the pages into events (no model call, as `summarizer cluster`), then spend the model "
        "only where it pays: events reported by at least --min-sources distinct sources get a full cited brief "
        "(as `summarizer brief`), built from the records of their --max-pages-per-event most central pages; the "
        "event's other pages are cited where they say what a claim says and listed as its sources. Pages of "
        "the other events are listed under 'also reported' with their headline and file, with no model call. "
        "The digest opens with a table of contents (event, place, date, sources) and ends with usage and timing. "
        "Progress goes to stderr: stage, event, pages done/total, elapsed time and time left.",
        epilog="examples:\n  summarizer daily inbox/ -o digest.md\n"
        "  summarizer daily inbox/ --format html -o digest.html --lang ar\n"
        "  summarizer daily inbox/ --max-pages-per-event 4 --min-sources 3   # read more of fewer events\n"
        "  summarizer daily seeds/ --records records/ --no-prose   # no model call at all\n"
        "incremental: every model answer is cached, and each event depends only on its own pages, so after\n"
        "  adding a page the same command calls the model only for that page (when its event has fewer than\n"
        "  K pages extracted; pages already extracted are kept first) and for its event's brief; the usage\n"
        "  line says how many calls were made.\n"
        "exit status: 0 all good, 1 some file could not be read or some page could not be extracted (the\n"
        "             digest is still written, listing the failed pages), 2 the run could not go on: a\n"
        "             --records file that is not JSON or not a record, or an -o that cannot be written, is\n"
        "             one line naming it, before any model call\n"
        + MODEL_POINTER,
    )
    add_paths_argument(daily_parser)
    add_brief_options(daily_parser, "digest",
                      records="saved records (extract -o) for some or all pages: those pages are not extracted")
    daily_parser.add_argument("--min-sources", type=at_least(1), default=DEFAULT_MIN_SOURCES, metavar="N",
                              help=f"distinct sources an event needs for a brief (default {DEFAULT_MIN_SOURCES})")
    daily_parser.add_argument("--max-pages-per-event", type=at_least(1), default=DEFAULT_MAX_PAGES, metavar="K",
                              help=f"pages of an event extracted by the model, most central first (default "
                              f"{DEFAULT_MAX_PAGES}); the others corroborate")
    add_model_run_options(daily_parser)
    daily_parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from summarizer.stages.daily import build_digest
    from summarizer.stages.digest import render_digest

    documents, load_errors = read_pages(args)
    if not documents:
        return 1
    records = {}
    if args.records:
        records = {r.doc_id: r for r in read_records(args.records, documents)}
        log.info(f"{len(records)} record(s) read from {args.records}: those pages need no extraction call")
    with open_gateway(args) as gateway:
        digest = build_digest(documents, gateway, lang=args.lang, min_sources=args.min_sources,
                              max_pages=args.max_pages_per_event, budget_words=args.words, records=records,
                              prose=not args.no_prose)
        gateway.stop_if_deferred()
    output = render_digest(digest, args.format, {d.doc_id: d.document.text for d in documents})
    if args.output:
        write_text(args.output, output)
        log.info(f"wrote {args.output}")
    else:
        print(output, end="")
    usage = digest.usage
    log.info(f"usage: {usage.calls} model call(s), {usage.cached_calls} answered from the cache, "
             f"{digest.seconds.total:.0f}s in all")
    failed = any(item.failed for item in digest.events)
    return 1 if load_errors or failed else 0
