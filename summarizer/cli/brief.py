"""`summarizer brief`: one cited cross-source brief of the event most pages report; and the output
and budget options it shares with `daily`."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from summarizer.cli.options import MODEL_POINTER, HelpFormatter, add_model_run_options, model_config, open_gateway
from summarizer.cli.output import (
    add_paths_argument, check_output, load_clean, numbered, read_records, total_usage, write_text,
)
from summarizer.lang import LANGUAGES
from summarizer.models import DEFAULT_BUDGET_WORDS, MAX_HEADLINE_WORDS

log = logging.getLogger("summarizer.cli")


def add_parser(commands: argparse._SubParsersAction) -> None:
    brief_parser = commands.add_parser(
        "brief", help="one cited cross-source brief of the event most pages report",
        formatter_class=HelpFormatter,
        description="Extract a record per article (or read saved ones), group the pages by event, merge "
        "the main event's records into one brief and render it. Every sentence is cited to the exact "
        "words of its sources; sources that disagree are shown side by side; pages about something else "
        "are listed as set aside, with the reason.",
        epilog="examples:\n  summarizer brief seeds/\n  summarizer brief seeds/ --format html -o brief.html\n"
        "  summarizer extract seeds/ -o records/   # then correct records/*.json by hand if needed\n"
        "  summarizer brief seeds/ --records records/ --no-prose\n"
        "  summarizer brief seeds/ --batch-out batch.jsonl   # then `summarizer batch --help`\n"
        "exit status: 0 all good, 1 some file could not be read or extracted (the brief is still written,\n"
        "             listing the failed pages), or no page could be extracted (no brief), 2 the run could\n"
        "             not go on: a --records file that is not JSON or not a record, or an -o that cannot\n"
        "             be written, is one line naming it, before any model call\n"
        + MODEL_POINTER,
    )
    add_paths_argument(brief_parser)
    add_brief_options(brief_parser, "brief",
                      records="build from saved records (extract -o) instead of calling the model to extract")
    brief_parser.add_argument("--all-events", action="store_true",
                              help="one brief per event found (-o brief.md writes brief-1.md, brief-2.md …)")
    brief_parser.add_argument("--group-by", choices=("event", "story"), default="event",
                              help="event (default): pages must agree on place and date to be one event; "
                              "story: follow-up reports of one story over several days go together")
    add_model_run_options(brief_parser)
    brief_parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from summarizer.models import Usage
    from summarizer.stages.pipeline import build_briefs, extract_for_brief, failures, records_of
    from summarizer.stages.render import render

    documents, load_errors = read_pages(args)
    if not documents:
        return 1
    failed = bool(load_errors)
    failed_pages = []
    records, usage = None, Usage()
    if args.records:
        records = read_records(args.records, documents)
        log.info(f"{len(records)} record(s) read from {args.records}; no extraction calls")
    with open_gateway(args) as gateway:
        if records is None:
            results = extract_for_brief(documents, gateway, group_by=args.group_by, all_events=args.all_events)
            gateway.stop_if_deferred()
            failed_pages = failures(results)
            failed |= bool(failed_pages)
            records, usage = records_of(results), total_usage(results)
        briefs = build_briefs(
            documents, records, lang=args.lang, gateway=None if args.no_prose else gateway,
            all_events=args.all_events, group_by=args.group_by, extraction_usage=usage,
            failed=failed_pages, budget_words=args.words,
        )
        gateway.stop_if_deferred()
    if not briefs:
        log.warning("no brief: the extraction failed on every page")
        for page in failed_pages:
            log.warning(f"failed {page.doc_id}: {page.reason}")
        return 1
    texts = {d.doc_id: d.document.text for d in documents}
    outputs = [render(brief, args.format, texts) for brief in briefs]
    if args.output:
        for path, output in zip(numbered(args.output, len(outputs)), outputs):
            write_text(path, output)
            log.info(f"wrote {path}")
    else:
        print("\n\n".join(outputs))
    return 1 if failed else 0


def add_brief_options(parser: argparse.ArgumentParser, what: str, records: str) -> None:
    """The output and budget options `brief` and `daily` share; `what` the output's name in the help."""
    parser.add_argument("--format", choices=("md", "json", "html"), default="md", help="output format (default md)")
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help=f"language of the {what}'s own sentences (default: the language most of an event's "
                        "pages are in); quotes stay in the source language, and claims from pages in another "
                        "language are rendered by the model and checked")
    parser.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    parser.add_argument("--records", type=Path, metavar="DIR", help=records)
    parser.add_argument("--words", type=_word_budget, default=DEFAULT_BUDGET_WORDS, metavar="N",
                        help=f"at most N words of headline, overview and claims per brief (default "
                        f"{DEFAULT_BUDGET_WORDS}, at least {MIN_BUDGET_WORDS}); the JSON keeps the other claims in "
                        "more_claims")
    parser.add_argument("--no-prose", action="store_true",
                        help="no model call for the brief text: no headline/overview, and in an English brief the "
                        "claims stay in their sources' words, marked as not rendered")


def read_pages(args: argparse.Namespace) -> tuple[list, list[str]]:
    """What `brief` and `daily` do first: an -o that cannot be written stops the run before any
    work; then the pages, cleaned, and the one-line note on renderings (`note_renderings`)."""
    if args.output:
        check_output(args.output, reading=args.paths)
    documents, load_errors = load_clean(args.paths)
    if documents:
        note_renderings(args, documents)
    return documents, load_errors


def note_renderings(args: argparse.Namespace, documents: list) -> None:
    """Say once when the brief's language is not its sources' and the model is the embedded one:
    it cannot render faithfully, so the check keeps the sources' own words instead."""
    from summarizer.lang import sources_language

    sources = sources_language(d.body for d in documents)
    if not args.lang or args.lang == sources or args.no_prose or getattr(args, "batch_out", None):
        return
    if model_config(args).is_embedded:
        log.warning(f"the pages are in {sources!r} and the brief in {args.lang!r}: the embedded model cannot "
                    f"render them faithfully, so claims keep their sources' words, marked as not rendered; "
                    "a stronger model renders them (--base-url, --model)")


MIN_BUDGET_WORDS = 2 * MAX_HEADLINE_WORDS  # room for a headline and at least one claim


def _word_budget(value: str) -> int:
    words = int(value)
    if words < MIN_BUDGET_WORDS:
        raise argparse.ArgumentTypeError(f"at least {MIN_BUDGET_WORDS} words: a headline alone may take {MAX_HEADLINE_WORDS}")
    return words

