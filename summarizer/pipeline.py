"""The stages wired together, for the command line and the eval harness alike."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from summarizer.extract import reverify
from summarizer.gateway import Gateway
from summarizer.group import GroupBy, focus, group
from summarizer.merge import merge
from summarizer.models import Brief, CleanDocument, DroppedItem, Extraction, MeetingRecord, Usage
from summarizer.prose import write_prose


def load_records(path: Path, documents: list[CleanDocument]) -> tuple[list[MeetingRecord], list[str]]:
    """Records saved by `extract -o` (a folder of <doc_id>.json, or one .json of extractions).

    Each is checked against its document again (`reverify`); records of documents not given,
    and items whose quotes are not in their file, are reported and left out.
    """
    if path.is_dir():
        raw = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(path.glob("*.json"))]
    else:
        loaded = json.loads(path.read_text(encoding="utf-8"))
        raw = loaded if isinstance(loaded, list) else [loaded]
    by_id = {d.doc_id: d for d in documents}
    records, warnings = [], []
    for item in raw:
        record = MeetingRecord.model_validate(item.get("record", item))
        if record.doc_id not in by_id:
            warnings.append(f"record {record.doc_id}: no such document among the inputs; ignored")
            continue
        record, dropped = reverify(record, by_id[record.doc_id])
        warnings.extend(_describe(d) for d in dropped)
        records.append(record)
    return records, warnings


def _describe(item: DroppedItem) -> str:
    return f"record {item.doc_id}: {item.field} item dropped, {item.reason}: {item.detail[:80]}"


def build_briefs(
    documents: list[CleanDocument],
    records: list[MeetingRecord],
    *,
    lang: str = "en",
    gateway: Gateway | None = None,
    all_events: bool = False,
    group_by: GroupBy = "event",
    extraction_usage: Usage | None = None,
    say: Callable[[str], None] = lambda message: None,
) -> list[Brief]:
    """group → merge (→ model-written prose, checked) for the main event, or for every event."""
    grouping = group(documents, records, group_by)
    by_id = {d.doc_id: d for d in documents}
    count = 1 + (len(grouping.others) if all_events else 0)
    briefs = []
    for index in range(count):
        focused = focus(grouping, index)
        say(f"event {index + 1}/{count}: {focused.main.label}, {len(focused.main.records)} page(s)")
        brief = merge(focused, by_id, lang)
        if index == 0 and extraction_usage:
            brief = brief.model_copy(update={"usage": brief.usage.add(extraction_usage)})
        if gateway is not None:
            brief, rejected = write_prose(brief, gateway)
            for reason in rejected:
                say(f"prose sentence rejected: {reason}")
        briefs.append(brief)
    return briefs


def records_of(extractions: list[Extraction]) -> list[MeetingRecord]:
    return [e.record for e in extractions if not e.error]
