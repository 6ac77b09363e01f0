"""`summarizer extract`: one verified meeting record per article."""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer import jsontext
from summarizer.cli.options import MODEL_POINTER, HelpFormatter, add_model_run_options, open_gateway
from summarizer.cli.output import add_paths_argument, check_output, load_clean, total_usage, write_text
from summarizer.console import printable

if TYPE_CHECKING:
    from summarizer.models import Extraction

log = logging.getLogger("summarizer.cli")


def add_parser(commands: argparse._SubParsersAction) -> None:
    extract_parser = commands.add_parser(
        "extract", help="one verified meeting record per article",
        formatter_class=HelpFormatter,
        description="Extract one structured record per article. The model points at numbered sentences; every "
        "item cites the sentence (or its speaker's clause) it names, at exact offsets into the file. Names "
        "must be written in the article, a statement is credited to whom the article credits it (a wrong "
        "speaker is corrected, the outlet's narration dropped), sections must fit their sentence and dates "
        "must be stated; what fails is dropped and counted, with its reason.",
        epilog="output:\n  default    a readable listing on stdout\n  --json     all extractions as JSON on stdout\n"
        "  -o DIR     one record per article, DIR/<doc_id>.json (editable; `brief --records DIR` reads it),\n"
        "             written as each article finishes, plus DIR/extraction-report.jsonl (this run's); a\n"
        "             record changed by hand since is kept (--force overwrites it)\n"
        "  -o F.json  all extractions in one JSON file\n"
        "  --batch-out F.jsonl  no model call: the requests the cache cannot answer, for `summarizer batch`\n"
        "exit status: 0 all good, 1 some file could not be read or extracted (the rest is still written),\n"
        "             2 the run could not go on (an -o that cannot be written is found before any model call)\n"
        + MODEL_POINTER,
    )
    add_paths_argument(extract_parser)
    extract_parser.add_argument("--json", action="store_true", help="print JSON instead of a listing")
    extract_parser.add_argument("-o", "--output", type=Path, help="a folder, or a file ending in .json")
    extract_parser.add_argument("--force", action="store_true",
                                help="overwrite records in the -o folder that were changed since extract wrote them")
    add_model_run_options(extract_parser)
    extract_parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from summarizer.stages.pipeline import run_extraction

    if args.output:
        check_output(args.output, folder=args.output.suffix != ".json", reading=args.paths)
    documents, load_errors = load_clean(args.paths)
    if not documents:
        return 1
    save = _record_saver(args.output, args.force) if args.output and not args.output.suffix == ".json" else None
    with open_gateway(args) as gateway:
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


WRITTEN_INDEX = ".written-by-extract"  # in an -o folder, JSON: each record file -> sha256 of what extract wrote


def _record_saver(folder: Path, force: bool = False):
    """Write each record to FOLDER/<doc_id>.json as soon as it exists, so a crash loses nothing;
    FOLDER/extraction-report.jsonl is this run's report, started anew. A record file that is not
    what extract last wrote there (corrected by hand, or not extract's) is kept, with one line
    saying so, unless `force`: FOLDER/.written-by-extract remembers a hash of what was written (not
    a .json file, so no glob for records finds it)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "extraction-report.jsonl").unlink(missing_ok=True)
    index_path = folder / WRITTEN_INDEX
    try:
        written = jsontext.loads(index_path.read_text(encoding="utf-8"))
        written = written if isinstance(written, dict) else {}
    except (OSError, ValueError):
        written = {}
    lock = threading.Lock()

    def save(result: Extraction) -> None:
        if result.usage.deferred:  # no answer yet: nothing to save
            return
        if not result.error:
            path = folder / f"{result.record.doc_id}.json"
            text = result.record.model_dump_json(indent=2)
            with lock:
                if path.exists() and not force and _sha256(path.read_bytes()) != written.get(path.name):
                    log.warning(f"kept {path}: changed since extract wrote it (by hand?); --force overwrites it")
                else:
                    write_text(path, text)
                    written[path.name] = _sha256(text.encode("utf-8"))
                    write_text(index_path, json.dumps(written, indent=2, sort_keys=True))
        report = folder / "extraction-report.jsonl"
        summary = result.model_dump(mode="json", exclude={"record"})
        with report.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"doc_id": result.record.doc_id, **summary}, ensure_ascii=False) + "\n")

    return save


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _extractions_json(results: list[Extraction]) -> str:
    return json.dumps([r.model_dump(mode="json") for r in results], ensure_ascii=False, indent=2)


def _extractions_text(results: list[Extraction]) -> str:
    from summarizer.models import MeetingRecord

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
    return "\n".join(map(printable, lines))  # names, quotes and server text may carry control characters


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
    failed = sum(1 for r in results if r.error)
    log.info(f"{len(results) - failed} record(s){f' ({failed} page(s) failed)' if failed else ''}: {kept} items kept "
             f"({corrected} corrected), {dropped} dropped"
        + (" (" + "; ".join(f"{n}× {r}" for r, n in sorted(reasons.items(), key=lambda x: -x[1])) + ")" if reasons else ""))
    log.info(f"usage: {usage.calls} model call(s), {usage.cached_calls} cached, {usage.prompt_tokens} prompt + "
        f"{usage.completion_tokens} completion tokens, {usage.seconds:.0f}s in model calls")
    if output:
        log.info(f"wrote {output}")
