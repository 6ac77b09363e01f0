"""Command line: `summarizer extract|brief|cluster|daily|eval`, and exit statuses (shared options:
`summarizer.cli.options`).

Output goes to stdout or -o (written whole or not at all); progress and errors to stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
from pathlib import Path

from tabulate import tabulate

from summarizer.llm import batch, calllog, embedded

from summarizer import console
from summarizer.stages.clean import clean
from summarizer.stages.cluster import cluster
from summarizer.stages.daily import DEFAULT_MAX_PAGES, DEFAULT_MIN_SOURCES, build_digest
from summarizer.stages.digest import render_digest
from summarizer.eval import cli as eval_cli
from summarizer.llm.gateway import BatchReady, BatchRequest, DeadlineReached, Gateway, GatewayError, RunStopped
from summarizer.stages.load import load_paths
from summarizer.stages.merge import DEFAULT_BUDGET_WORDS, MAX_HEADLINE_WORDS
from summarizer.models import CleanDocument, Extraction, MeetingRecord, Usage
from summarizer.cli.options import (
    EPILOG_MODEL,
    add_batch_out_option,
    add_model_options,
    add_verbosity_options,
    model_config,
    verbosity,
)
from summarizer.stages.pipeline import RecordsError, build_briefs, failures, load_records, records_of, run_extraction
from summarizer.stages.render import render

log = logging.getLogger("summarizer.cli.commands")  # not __name__: under `python -m` that is __main__

def add_paths_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="article files (.txt .md .html) or folders of them")


def load_clean(paths: list[Path]) -> tuple[list[CleanDocument], list[str]]:
    """Load and clean; load errors are printed at once and returned so the exit code can say so."""
    loaded = load_paths(paths)
    for error in loaded.errors:
        log.warning(f"skipped {error}")
    return [clean(document) for document in loaded.documents], loaded.errors


def total_usage(results: list[Extraction]) -> Usage:
    usage = Usage()
    for result in results:
        usage = usage.add(result.usage)
    return usage


# ---- extract ---------------------------------------------------------------------------------
def cmd_extract(args: argparse.Namespace) -> int:
    if args.output:
        check_output(args.output, folder=args.output.suffix != ".json")
    documents, load_errors = load_clean(args.paths)
    if not documents:
        log.warning("no readable articles in " + " ".join(map(str, args.paths)))
        return 1
    save = _record_saver(args.output) if args.output and not args.output.suffix == ".json" else None
    with Gateway(model_config(args), defer=args.batch_out is not None) as gateway:
        results = run_extraction(documents, gateway, save)
        gateway.stop_if_deferred()
    if args.output and args.output.suffix == ".json":
        write_text(args.output, _extractions_json(results))
    if args.json:
        print(_extractions_json(results))
    elif not args.output:
        print(_extractions_text(results))
    _report(results, args.output)
    return 1 if load_errors or any(r.error for r in results) else 0


def _record_saver(folder: Path):
    """Write each record to FOLDER/<doc_id>.json as soon as it exists, so a crash loses nothing;
    FOLDER/extraction-report.jsonl is this run's report, started anew."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "extraction-report.jsonl").unlink(missing_ok=True)

    def save(result: Extraction) -> None:
        if result.usage.deferred:  # no answer yet: nothing to save
            return
        if not result.error:
            path = folder / f"{result.record.doc_id}.json"
            write_text(path, result.record.model_dump_json(indent=2))
        report = folder / "extraction-report.jsonl"
        summary = result.model_dump(mode="json", exclude={"record"})
        with report.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"doc_id": result.record.doc_id, **summary}, ensure_ascii=False) + "\n")

    return save


def _extractions_json(results: list[Extraction]) -> str:
    return json.dumps([r.model_dump(mode="json") for r in results], ensure_ascii=False, indent=2)


def _extractions_text(results: list[Extraction]) -> str:
    lines = []
    for result in results:
        record = result.record
        lines.append(f"== {record.doc_id}" + (f"  [ERROR: {result.error}]" if result.error else ""))
        if record.event:
            event = record.event
            lines.append(f"event ({event.kind}; {event.date or 'date not stated'}; {event.city or 'city not stated'}):")
            lines.append(f"      {_cited(event.evidence[0])}")
        for p in record.participants:
            lines.append(f"  participant: {p.name}" + (f" ({p.name_en})" if p.name_en else ""))
        for s in record.statements:
            lines.append(f"  statement by {s.speaker}:")
            lines.append(f"      {_cited(s.evidence[0])}")
        for field in MeetingRecord.FACT_KINDS:
            for fact in getattr(record, field):
                lines.append(f"  {field[:-1]}:")
                lines.append(f"      {_cited(fact.evidence[0])}")
        for note in result.corrected:
            lines.append(f"  corrected {note.field}: {note.reason}")
        if result.dropped:
            lines.append(f"  dropped {len(result.dropped)}: " + "; ".join(
                sorted({f"{d.field}: {d.reason}" for d in result.dropped})))
    return "\n".join(lines)


def _cited(evidence) -> str:
    return f"«{evidence.quote}» @{evidence.start}-{evidence.end}"


def _report(results: list[Extraction], output: Path | None) -> None:
    usage = total_usage(results)
    kept = sum(len(r.record.items()) for r in results)
    corrected = sum(len(r.corrected) for r in results)
    dropped = sum(len(r.dropped) for r in results)
    reasons: dict[str, int] = {}
    for result in results:
        for item in result.dropped:
            reasons[item.reason] = reasons.get(item.reason, 0) + 1
    log.info(f"{len(results)} record(s): {kept} items kept ({corrected} corrected), {dropped} dropped"
        + (" (" + "; ".join(f"{n}× {r}" for r, n in sorted(reasons.items(), key=lambda x: -x[1])) + ")" if reasons else ""))
    log.info(f"usage: {usage.calls} model call(s), {usage.cached_calls} cached, {usage.prompt_tokens} prompt + "
        f"{usage.completion_tokens} completion tokens, {usage.seconds:.0f}s in model calls")
    if output:
        log.info(f"wrote {output}")


# ---- brief -----------------------------------------------------------------------------------
def cmd_brief(args: argparse.Namespace) -> int:
    if args.output:
        check_output(args.output)
    documents, load_errors = load_clean(args.paths)
    if not documents:
        log.warning("no readable articles in " + " ".join(map(str, args.paths)))
        return 1
    failed = bool(load_errors)
    failed_pages = []
    records, usage = None, Usage()
    if args.records:  # read and checked before any model call: a bad file costs nothing
        records, warnings = load_records(args.records, documents)
        for warning in warnings:
            log.warning(warning)
        log.info(f"{len(records)} record(s) read from {args.records}; no extraction calls")
    with Gateway(model_config(args), defer=args.batch_out is not None) as gateway:
        if records is None:
            results = run_extraction(documents, gateway)
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
        for path, output in zip(_numbered(args.output, len(outputs)), outputs):
            write_text(path, output)
            log.info(f"wrote {path}")
    else:
        print("\n\n".join(outputs))
    return 1 if failed else 0


# ---- cluster ---------------------------------------------------------------------------------
def cmd_cluster(args: argparse.Namespace) -> int:
    documents, load_errors = load_clean(args.paths)
    if not documents:
        log.warning("no readable articles in " + " ".join(map(str, args.paths)))
        return 1
    events = cluster(documents)
    if args.json:
        print(json.dumps({"events": [e.model_dump(mode="json") for e in events]}, ensure_ascii=False, indent=2))
    else:
        paths = {d.doc_id: d.document.path for d in documents}
        print(f"{len(events)} event(s) in {len(documents)} page(s), no model call")
        for number, event in enumerate(events, 1):
            print(f"\n{number}. {event.place or 'place not stated'} · {event.date or 'date not stated'} · "
                  f"{event.sources} source(s)\n   {event.label}")
            print("\n".join(f"   - {doc_id}  {paths[doc_id]}" for doc_id in event.doc_ids))
    return 1 if load_errors else 0


# ---- daily -----------------------------------------------------------------------------------
def cmd_daily(args: argparse.Namespace) -> int:
    if args.output:
        check_output(args.output)
    documents, load_errors = load_clean(args.paths)
    if not documents:
        log.warning("no readable articles in " + " ".join(map(str, args.paths)))
        return 1
    records = {}
    if args.records:  # read and checked before any model call: a bad file costs nothing
        saved, warnings = load_records(args.records, documents)
        for warning in warnings:
            log.warning(warning)
        records = {r.doc_id: r for r in saved}
        log.info(f"{len(records)} record(s) read from {args.records}: those pages need no extraction call")
    with Gateway(model_config(args), defer=args.batch_out is not None) as gateway:
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


def add_brief_options(parser: argparse.ArgumentParser, what: str, records: str) -> None:
    """The output and budget options `brief` and `daily` share; `what` the output's name in the help."""
    parser.add_argument("--format", choices=("md", "json", "html"), default="md", help="output format (default md)")
    parser.add_argument("--lang", choices=("en", "ar"), default="en",
                        help=f"language of the {what}'s own sentences; quotes stay in the source language")
    parser.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    parser.add_argument("--records", type=Path, metavar="DIR", help=records)
    parser.add_argument("--words", type=_word_budget, default=DEFAULT_BUDGET_WORDS, metavar="N",
                        help=f"at most N words of headline, overview and claims per brief (default "
                        f"{DEFAULT_BUDGET_WORDS}, at least {MIN_BUDGET_WORDS}); the JSON keeps the other claims in "
                        "more_claims")
    parser.add_argument("--no-prose", action="store_true",
                        help="no model call for the brief text: no headline/overview, and in an English brief the "
                        "claims stay in their sources' words, marked as not rendered")


def _count(minimum: int):
    def parse(value: str) -> int:
        number = int(value)
        if number < minimum:
            raise argparse.ArgumentTypeError(f"at least {minimum}, not {value}")
        return number
    return parse


MIN_BUDGET_WORDS = 2 * MAX_HEADLINE_WORDS  # room for a headline and at least one claim


def _word_budget(value: str) -> int:
    words = int(value)
    if words < MIN_BUDGET_WORDS:
        raise argparse.ArgumentTypeError(f"at least {MIN_BUDGET_WORDS} words: a headline alone may take {MAX_HEADLINE_WORDS}")
    return words


def _numbered(path: Path, count: int) -> list[Path]:
    """brief.md, or brief-1.md, brief-2.md … when there is one brief per event."""
    if count == 1:
        return [path]
    return [path.with_name(f"{path.stem}-{i}{path.suffix}") for i in range(1, count + 1)]


# ---- logs ------------------------------------------------------------------------------------
def cmd_logs(args: argparse.Namespace) -> int:
    path = calllog.default_path()
    if not path.exists():
        log.info(f"no model call logged yet ({path} does not exist)")
        return 0
    log_db = calllog.CallLog(path)
    try:
        rows = log_db.recent(args.count)
    finally:
        log_db.close()
    if args.json:
        print(json.dumps([{**row, "cached": bool(row["cached"]), "truncated": bool(row["truncated"])} for row in rows],
                         ensure_ascii=False, indent=2))
    elif rows:
        print(tabulate([_log_line(row) for row in rows], tablefmt="simple", disable_numparse=True,
                       headers=["id", "created (UTC)", "prompt", "prompt hash", "model", "tokens", "seconds", "cached",
                                "error"]))
    return 0


def _log_line(row: dict) -> list:
    model = row["model"] or ""
    if model.startswith("gguf-sha256:"):
        model = model[:24] + "…"
    tokens = "" if row["cached"] else f"{row['prompt_tokens'] or 0}+{row['completion_tokens'] or 0}"
    if row["truncated"]:
        tokens += " (cut)"
    error = row["error"] or ""
    return [row["id"], row["created"][:19].replace("T", " "), row["prompt"], row["prompt_hash"], model, tokens,
            "" if row["cached"] or row["custom_id"] else f"{row['seconds'] or 0:.1f}",
            "cached" if row["cached"] else "batch" if row["custom_id"] else "",
            error if len(error) <= 80 else error[:79] + "…"]


# ---- batch -----------------------------------------------------------------------------------
def cmd_batch_run(args: argparse.Namespace) -> int:
    with Gateway(model_config(args)) as gateway:
        try:
            report = batch.run(args.file, args.output, gateway)
        except KeyboardInterrupt:
            log.warning(f"interrupted: the results received so far are in {args.output}")
            return 130
    usage = report.usage
    log.info(f"{report.answered} answered, {report.failed} failed: {usage.calls} model call(s), {usage.prompt_tokens} "
             f"prompt + {usage.completion_tokens} completion tokens, {usage.seconds:.0f}s in model calls")
    log.info(f"wrote {args.output}; next: summarizer batch import {args.output}")
    return 1 if report.failed else 0


def cmd_batch_import(args: argparse.Namespace) -> int:
    calls = calllog.CallLog(calllog.default_path())
    try:
        report = batch.import_results(args.results, calls)
    finally:
        calls.close()
    for error in report.errors:
        log.warning(error)
    log.info(f"stored {report.stored} answer(s) in the response cache"
             + (f"; {report.already_cached} were there already" if report.already_cached else "")
             + (f"; {len(report.errors)} line(s) failed" if report.errors else ""))
    return 1 if report.errors else 0


BATCH_EPILOG = """
the three ways to run a batch file written by --batch-out:
  OpenAI Batch API   upload it (purpose "batch"), create a batch for /v1/chat/completions with a 24h
                     window, download the output file when it is done
  vLLM               vllm run-batch -i batch.jsonl -o results.jsonl --model MODEL   (on a GPU machine)
  summarizer         summarizer batch run batch.jsonl -o results.jsonl   (any OpenAI-compatible endpoint,
                     the embedded model by default)
Then `summarizer batch import results.jsonl` files the answers in the response cache, and the command
that wrote the batch, run again with the same model options, answers from the cache. The answers are
filed under the model options of the command that wrote the batch: run the batch with that model.

example (extract five pages on another machine):
  summarizer extract seeds/ -o records/ --batch-out batch.jsonl
  summarizer batch run batch.jsonl -o results.jsonl --base-url http://gpu-box:8000/v1 --model qwen2.5-7b
  summarizer batch import results.jsonl
  summarizer extract seeds/ -o records/            # no model call
A brief needs two rounds: the extraction requests, then (once they are answered) the brief's own.
"""


# ---- entry point -----------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summarizer",
        description="Cited cross-source briefs from piles of scraped news articles (Arabic first).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  summarizer extract seeds/\n  summarizer extract seeds/ -o records/\n"
        "  summarizer brief seeds/ --format html -o brief.html\n"
        "  summarizer logs -n 5\n"
        + EPILOG_MODEL,
    )
    add_verbosity_options(parser)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    extract_parser = commands.add_parser(
        "extract", help="one verified meeting record per article",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Extract one structured record per article. The model points at numbered sentences; every "
        "item cites the sentence (or its speaker's clause) it names, at exact offsets into the file. Names "
        "must be written in the article, a statement is credited to whom the article credits it (a wrong "
        "speaker is corrected, the outlet's narration dropped), sections must fit their sentence and dates "
        "must be stated; what fails is dropped and counted, with its reason.",
        epilog="output:\n  default    a readable listing on stdout\n  --json     all extractions as JSON on stdout\n"
        "  -o DIR     one record per article, DIR/<doc_id>.json (editable; `brief --records DIR` reads it),\n"
        "             written as each article finishes, plus DIR/extraction-report.jsonl (this run's)\n"
        "  -o F.json  all extractions in one JSON file\n"
        "  --batch-out F.jsonl  no model call: the requests the cache cannot answer, for `summarizer batch`\n"
        "exit status: 0 all good, 1 some file could not be read or extracted (the rest is still written),\n"
        "             2 the run could not go on (an -o that cannot be written is found before any model call)\n"
        + EPILOG_MODEL,
    )
    add_paths_argument(extract_parser)
    extract_parser.add_argument("--json", action="store_true", help="print JSON instead of a listing")
    extract_parser.add_argument("-o", "--output", type=Path, help="a folder, or a file ending in .json")
    add_model_options(extract_parser)
    add_batch_out_option(extract_parser)
    add_verbosity_options(extract_parser)
    extract_parser.set_defaults(handler=cmd_extract)

    brief_parser = commands.add_parser(
        "brief", help="one cited cross-source brief of the event most pages report",
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
        + EPILOG_MODEL,
    )
    add_paths_argument(brief_parser)
    add_brief_options(brief_parser, "brief",
                      records="build from saved records (extract -o) instead of calling the model to extract")
    brief_parser.add_argument("--all-events", action="store_true",
                              help="one brief per event found (-o brief.md writes brief-1.md, brief-2.md …)")
    brief_parser.add_argument("--group-by", choices=("event", "story"), default="event",
                              help="event (default): pages must agree on place and date to be one event; "
                              "story: follow-up reports of one story over several days go together")
    add_model_options(brief_parser)
    add_batch_out_option(brief_parser)
    add_verbosity_options(brief_parser)
    brief_parser.set_defaults(handler=cmd_brief)

    cluster_parser = commands.add_parser(
        "cluster", help="group pages into events from their text alone (no model call)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Group the pages into the events they report, with no model call: by the words they share "
        "(headline words counted more, names included), judged against the rest of the inbox, and by the city "
        "they place the event in (pages placed in two different cities are never one event). Events come most "
        "sources first; each lists its pages most central first. Near-identical pages count as one source.",
        epilog="examples:\n  summarizer cluster inbox/\n  summarizer cluster seeds/ evals/suites/*/M00*/docs --json\n"
        "output:\n  default  each event: place · date · sources, its label (the headline of its most central page),\n"
        "           then its pages\n"
        '  --json   {"events": [{"label", "place", "date", "sources", "doc_ids"}, ...]}\n'
        "exit status: 0 all good, 1 some file could not be read (the rest is clustered)\n",
    )
    add_paths_argument(cluster_parser)
    cluster_parser.add_argument("--json", action="store_true", help="print JSON instead of a listing")
    add_verbosity_options(cluster_parser)
    cluster_parser.set_defaults(handler=cmd_cluster)

    daily_parser = commands.add_parser(
        "daily", help="one digest of a day's inbox: its events, most sources first, each with a cited brief",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Cluster the pages into events (no model call, as `summarizer cluster`), then spend the model "
        "only where it pays: events reported by at least --min-sources distinct sources get a full cited brief "
        "(as `summarizer brief`), built from the records of their --max-pages-per-event most central pages; the "
        "event's other pages are cited where they say what a claim says and listed as its sources. Pages of "
        "the other events are listed under 'also reported' with their headline and file, with no model call. "
        "The digest opens with a table of contents (event, place, date, sources) and ends with usage and timing. "
        "Progress goes to stderr: stage, event, pages done/total, elapsed time and time left.",
        epilog="examples:\n  summarizer daily inbox/ -o digest.md\n"
        "  summarizer daily inbox/ --format html -o digest.html --lang ar\n"
        "  summarizer daily inbox/ --max-pages-per-event 2 --min-sources 3\n"
        "  summarizer daily seeds/ --records records/ --no-prose   # no model call at all\n"
        "incremental: every model answer is cached, and each event depends only on its own pages, so after\n"
        "  adding a page the same command calls the model only for that page (when its event has fewer than\n"
        "  K pages extracted; pages already extracted are kept first) and for its event's brief; the usage\n"
        "  line says how many calls were made.\n"
        "exit status: 0 all good, 1 some file could not be read or some page could not be extracted (the\n"
        "             digest is still written, listing the failed pages), 2 the run could not go on: a\n"
        "             --records file that is not JSON or not a record, or an -o that cannot be written, is\n"
        "             one line naming it, before any model call\n"
        + EPILOG_MODEL,
    )
    add_paths_argument(daily_parser)
    add_brief_options(daily_parser, "digest",
                      records="saved records (extract -o) for some or all pages: those pages are not extracted")
    daily_parser.add_argument("--min-sources", type=_count(1), default=DEFAULT_MIN_SOURCES, metavar="N",
                              help=f"distinct sources an event needs for a brief (default {DEFAULT_MIN_SOURCES})")
    daily_parser.add_argument("--max-pages-per-event", type=_count(1), default=DEFAULT_MAX_PAGES, metavar="K",
                              help=f"pages of an event extracted by the model, most central first (default "
                              f"{DEFAULT_MAX_PAGES}); the others corroborate")
    add_model_options(daily_parser)
    add_batch_out_option(daily_parser)
    add_verbosity_options(daily_parser)
    daily_parser.set_defaults(handler=cmd_daily)

    eval_cli.add_eval_parser(commands)

    batch_parser = commands.add_parser(
        "batch", help="run an OpenAI batch file (from --batch-out) and import its results into the cache",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="`extract` and `brief` with --batch-out FILE.jsonl write the model requests the cache cannot "
        "answer as an OpenAI Batch API file and call no model. `batch run` runs such a file; `batch import` "
        "stores the results in the response cache.",
        epilog=BATCH_EPILOG,
    )
    add_verbosity_options(batch_parser)
    batch_commands = batch_parser.add_subparsers(dest="batch_command", required=True, metavar="{run,import}")
    run_parser = batch_commands.add_parser(
        "run", help="send every request of a batch file to an endpoint; write the results",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Send every request of FILE.jsonl (OpenAI Batch API input format) to any OpenAI-compatible "
        "endpoint, the embedded model by default, --concurrency at a time, and write the answers to "
        "RESULTS.jsonl in the Batch API's output format (as OpenAI and `vllm run-batch` write it). Each "
        "result is written as it arrives, so after Ctrl-C or a dead endpoint RESULTS.jsonl holds every "
        "finished one. The model named in the file is replaced by this command's.",
        epilog="examples:\n  summarizer batch run batch.jsonl -o results.jsonl\n"
        "  summarizer batch run batch.jsonl -o results.jsonl --base-url http://127.0.0.1:8000/v1 --model M "
        "--concurrency 8\n"
        "exit status: 0 every request answered, 1 some failed (their lines carry the error), 2 the endpoint\n"
        "             or the file could not be used, 130 Ctrl-C\n" + EPILOG_MODEL,
    )
    run_parser.add_argument("file", type=Path, metavar="FILE.jsonl", help="the batch file")
    run_parser.add_argument("-o", "--output", type=Path, required=True, metavar="RESULTS.jsonl",
                            help="where to write the results")
    add_model_options(run_parser)
    add_verbosity_options(run_parser)
    run_parser.set_defaults(handler=cmd_batch_run)
    import_parser = batch_commands.add_parser(
        "import", help="store the answers of a batch results file in the response cache",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Store every answer of RESULTS.jsonl (OpenAI batch output format: OpenAI's Batch API, `vllm "
        "run-batch` or `summarizer batch run`) in the response cache, matched to its request by custom_id and "
        "checked against the request's answer schema as a live answer is. A line that cannot be stored (an "
        "error result, an unknown custom_id, an answer that does not fit) is reported with its number; the "
        "next run asks the model again for those requests (or writes them to the next batch).",
        epilog="example:\n  summarizer batch import results.jsonl\n"
        "exit status: 0 every line stored, 1 some line could not be stored, 2 the file cannot be read",
    )
    import_parser.add_argument("results", type=Path, metavar="RESULTS.jsonl", help="the batch results file")
    add_verbosity_options(import_parser)
    import_parser.set_defaults(handler=cmd_batch_import)

    logs_parser = commands.add_parser(
        "logs", help="the last model calls: prompt, model, tokens, seconds, cached or not, error",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="List the newest model calls from the call log (calls.sqlite in the cache folder), oldest "
        "first: one row per HTTP attempt (retries and failed attempts included) and one per answer served from "
        "the cache. Endpoint credentials are never written to the log.",
        epilog="examples:\n  summarizer logs\n  summarizer logs -n 100\n  summarizer logs -n 0 --json > calls.json\n\n"
        "columns: tokens are prompt+completion of that attempt ('(cut)': the answer was cut at max_tokens and\n"
        "what came before the cut was kept); the model is the endpoint and model name, or the sha256 of the\n"
        "embedded GGUF; cached: 'cached' for an answer served from the cache, 'batch' for one imported by\n"
        "`batch import` (its seconds are unknown); `batch run` requests are named by their custom_id.\n"
        "SUMMARIZER_HOME moves the cache folder.",
    )
    logs_parser.add_argument("-n", "--count", type=int, default=20, metavar="N",
                             help="how many of the newest rows (default 20; 0 for all)")
    logs_parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    add_verbosity_options(logs_parser)
    logs_parser.set_defaults(handler=cmd_logs)
    return parser


class UnusableOutput(ValueError):
    """An -o that cannot be written; the message names it and says why, on one line."""


def check_output(path: Path, folder: bool = False, option: str = "-o") -> None:
    """Make sure -o (or `option`) can be written before any work is done: a file name that is not
    a folder in a folder we may write to, or (`folder`) a folder, created if need be, we may write to."""
    if folder:
        if path.exists() and not path.is_dir():
            raise UnusableOutput(f"{option} {path}: is a file; give a folder, or a name ending in .json")
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UnusableOutput(f"{option} {path}: cannot create this folder ({error.strerror})") from None
        where = path
    else:
        if path.is_dir():
            raise UnusableOutput(f"{option} {path}: is a folder; give a file name")
        where = path.parent
    try:
        with tempfile.TemporaryFile(dir=where):
            pass
    except OSError as error:
        raise UnusableOutput(f"{option} {path}: cannot write there ({error.strerror})") from None


def write_text(path: Path, text: str) -> None:
    """Write `path` whole or not at all (a temporary file renamed over it): Ctrl-C or a full disk
    never leaves half a file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    """Run one command; exit status 0 good, 1 some input failed, 2 the run could not go on, 130 Ctrl-C."""
    args = build_parser().parse_args(argv)
    console.setup(verbosity(args))
    try:
        if getattr(args, "batch_out", None):
            check_output(args.batch_out, option="--batch-out")  # before any work, not after it
        status = args.handler(args)
    except BatchReady as ready:  # --batch-out: the requests are this run's output
        write_batch(args.batch_out, ready.requests)
        return 0
    except KeyboardInterrupt:
        log.warning("interrupted: no output written; answers received so far are cached")
        return 130
    except RunStopped as error:  # a dead endpoint, the deadline, no usable model: one line, once
        resume = "; answers so far are cached: run again to go on" if isinstance(error, DeadlineReached) else ""
        log.error(f"{error}{resume}")
        return 2
    except (GatewayError, embedded.EmbeddedModelError, FileNotFoundError, RecordsError, UnusableOutput,
            batch.BatchFileError) as error:
        log.error(str(error))
        return 2
    if getattr(args, "batch_out", None):
        write_batch(args.batch_out, [])
    return status


def write_batch(path: Path, requests: list[BatchRequest]) -> None:
    """The batch file of a --batch-out run, and what to do with it; empty when the cache answered all."""
    write_text(path, batch.jsonl(requests))
    if not requests:
        log.info(f"every model request was answered from the cache: {path} is empty")
    for line in batch.next_steps(path, len(requests)) if requests else []:
        log.info(line)


if __name__ == "__main__":
    sys.exit(main())
