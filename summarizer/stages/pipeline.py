"""The stages wired together, for the command line and the eval harness alike: extraction of every
page with its progress lines, saved records read back and checked again, then group → merge →
select → write for each brief."""

from __future__ import annotations

from typing import TYPE_CHECKING

import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from summarizer import jsontext
from summarizer import console
from summarizer.lang import sources_language
from summarizer.lang.arabic import content_words
from summarizer.stages.extract import extract_all, reverify
from summarizer.llm.salvage import describe_invalid
from summarizer.stages.group import GroupBy, focus, group
from summarizer.stages.merge import corroborate, known_names, merge, select
from summarizer.stages import RecordsError
from summarizer.models import DEFAULT_BUDGET_WORDS, Brief, CleanDocument, DroppedItem, Excluded, Extraction, Grouping, MeetingRecord, Usage
from summarizer.stages.write import write_brief

if TYPE_CHECKING:  # annotations only: the client loads when a command runs a model
    from summarizer.llm.gateway import Gateway

log = logging.getLogger(__name__)


def load_records(path: Path, documents: list[CleanDocument]) -> tuple[list[MeetingRecord], list[str]]:
    """Records saved by `extract -o` (a folder of <doc_id>.json, or one .json of extractions).

    Each is checked against its document again (`reverify`); records of documents not given,
    and items whose quotes are not in their file, are reported and left out. A file that is
    not JSON or not a record raises RecordsError naming it.
    """
    by_id = {d.doc_id: d for d in documents}
    records, warnings = [], []
    for record in read_records(path):
        if record.doc_id not in by_id:
            warnings.append(f"record {record.doc_id}: no such document among the inputs; ignored")
            continue
        record, dropped, corrected = reverify(record, by_id[record.doc_id])
        warnings.extend(_describe(d) for d in dropped)
        warnings.extend(f"record {c.doc_id}: {c.field} item corrected, {c.reason}" for c in corrected)
        records.append(record)
    return records, warnings


def read_records(path: Path) -> list[MeetingRecord]:
    """Every record in `path` (a folder of .json files, hidden ones aside, or one file), validated."""
    if not path.exists():
        raise RecordsError(f"{path}: no such file or folder")
    files = sorted(f for f in path.glob("*.json") if not f.name.startswith(".")) if path.is_dir() else [path]
    if not files:
        raise RecordsError(f"{path}: no .json record files in this folder")
    records = []
    for file in files:
        try:
            loaded = jsontext.loads(file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise RecordsError(f"{file}: not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})") from None
        except UnicodeDecodeError:
            raise RecordsError(f"{file}: not UTF-8 text") from None
        except OSError as error:
            raise RecordsError(f"{file}: cannot be read ({error.strerror})") from None
        items = loaded if isinstance(loaded, list) else [loaded]
        for index, item in enumerate(items):
            where = f"{file}" + (f" item {index + 1}" if isinstance(loaded, list) else "")
            try:
                records.append(MeetingRecord.model_validate(item.get("record", item) if isinstance(item, dict) else item))
            except ValidationError as error:
                raise RecordsError(f"{where}: not a meeting record: {describe_invalid(error)}") from None
    return records


def _describe(item: DroppedItem) -> str:
    return f"record {item.doc_id}: {item.field} item dropped, {item.reason}: {item.detail[:80]}"


def build_briefs(
    documents: list[CleanDocument],
    records: list[MeetingRecord],
    *,
    lang: str | None = None,
    gateway: Gateway | None = None,
    all_events: bool = False,
    group_by: GroupBy = "event",
    extraction_usage: Usage | None = None,
    failed: list[Excluded] | None = None,
    budget_words: int = DEFAULT_BUDGET_WORDS,
    corroborating: list[CleanDocument] | None = None,
) -> list[Brief]:
    """group → merge → select → write (one checked model call per brief, when `gateway` is given)
    for the main event, or for every event. Each brief is in `lang`, by default in the language
    most of its event's pages are in.

    Pages in `failed` (their extraction failed) take no part: each brief lists them as failed.
    Pages in `corroborating` (of the same event, not extracted) are cited where they say what a
    claim says and listed as sources (`merge.corroborate`). When no page is left there is no
    brief: the result is empty.
    """
    corroborating = list(corroborating or [])
    failed = list(failed or [])
    failed_ids = {f.doc_id for f in failed}
    working = [d for d in documents if d.doc_id not in failed_ids]
    if not working:
        return []
    grouping = group(working, [r for r in records if r.doc_id not in failed_ids], group_by)
    by_id = {d.doc_id: d for d in documents}
    count = 1 + (len(grouping.others) if all_events else 0)
    briefs = []
    for index in range(count):
        event = [grouping.main, *grouping.others][index]
        pages = [by_id[r.doc_id] for r in event.records if r.doc_id in by_id]
        brief_lang = lang or sources_language(page.body for page in pages)
        focused = focus(grouping, index, brief_lang)
        log.info(f"event {index + 1}/{count}: {focused.main.label}, {len(focused.main.records)} page(s)")
        brief = corroborate(merge(focused, by_id, brief_lang, failed), corroborating)
        brief = select(brief, pages + corroborating, budget_words)
        if index == 0 and extraction_usage:
            brief = brief.model_copy(update={"usage": brief.usage.add(extraction_usage)})
        vocabulary = frozenset(word for page in pages for word in content_words(page.body))
        brief, rejected = write_brief(brief, gateway, known_names(focused), budget_words, vocabulary)
        for reason in rejected:
            log.info(f"left out: {reason}")
        briefs.append(brief)
    return briefs


def run_extraction(documents: list[CleanDocument], gateway: Gateway,
                   save: Callable[[Extraction], None] | None = None) -> list[Extraction]:
    """Extract every document with one log line per finished article (and a progress bar on a
    terminal); `save` is called as each one ends."""
    total, started = len(documents), time.monotonic()
    log.info(f"extracting {total} article(s) with {gateway.config.describe()}")
    done = 0

    with console.progress("extracting", total) as advance:
        def finished(result: Extraction) -> None:
            nonlocal done
            done += 1
            kept = len(result.record.items())
            failed = bool(result.error) and not result.usage.deferred
            status = f"ERROR {result.error}" if failed else "deferred to the batch file" if result.error else (
                f"{kept} items kept, {len(result.corrected)} corrected, {len(result.dropped)} dropped"
                + (" (answer cut at max_tokens: what came before was kept)" if result.usage.truncated else ""))
            cached = " (cached)" if result.usage.cached_calls else ""
            line = f"[{done}/{total}] {result.record.doc_id}: {status}{cached}, {time.monotonic() - started:.0f}s elapsed"
            log.log(logging.WARNING if failed else logging.INFO, line)
            advance()
            if save:
                save(result)

        return extract_all(documents, gateway, finished)


def extract_for_brief(documents: list[CleanDocument], gateway: Gateway, *, group_by: GroupBy = "event",
                      all_events: bool = False) -> list[Extraction]:
    """Extract the pages a brief can be made of: with `all_events` every page; otherwise the pages
    of the main event as their text alone groups them (and of any event as large), so a page that
    text places in a smaller event (another city, or too few shared words) costs no model call and
    is set aside, with the reason its text gives (its city; its date, a record's, is not known).

    Grouping by text alone joins at least what grouping with records joins (records only add
    reasons to keep pages apart), so no page of the main event is left out; should the records
    split the main pages so that an unread event is as large as the main one, its pages are
    extracted then (the larger record wins a tie). In batch mode (`--batch-out`) the requests of
    the first round are written and nothing more is asked.
    """
    wanted = documents if all_events else _largest_by_text(documents, group_by)
    if skipped := len(documents) - len(wanted):
        log.info(f"{skipped} page(s) set aside by their text before extraction (another event): no model call")
    extractions = run_extraction(wanted, gateway)
    while not all_events and not any(e.usage.deferred for e in extractions):
        tried = {e.record.doc_id for e in extractions}
        failed = {f.doc_id for f in failures(extractions)}
        working = [d for d in documents if d.doc_id not in failed]
        if not working:
            break
        contenders = _largest(group(working, records_of(extractions), group_by))
        missing = [d for d in working if d.doc_id in contenders and d.doc_id not in tried]
        if not missing:
            break
        extractions += run_extraction(missing, gateway)
    return extractions


def _largest_by_text(documents: list[CleanDocument], group_by: GroupBy) -> list[CleanDocument]:
    largest = _largest(group(documents, [], group_by))
    return [d for d in documents if d.doc_id in largest]


def _largest(grouping: Grouping) -> set[str]:
    """The pages of the main event and of every event with as many pages: records decide among them."""
    size = len(grouping.main.records)
    return {r.doc_id for g in [grouping.main, *grouping.others] if len(g.records) == size for r in g.records}


def failures(extractions: list[Extraction]) -> list[Excluded]:
    """The pages whose extraction failed, each with its reason."""
    return [Excluded(doc_id=e.record.doc_id, reason=f"extraction failed: {e.error}") for e in extractions if e.error]


def records_of(extractions: list[Extraction]) -> list[MeetingRecord]:
    return [e.record for e in extractions if not e.error]
