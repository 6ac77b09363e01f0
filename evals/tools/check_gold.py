"""Validate the gold data under evals/suites/ and exit non-zero on any problem.

    python evals/tools/check_gold.py              # every suite
    python evals/tools/check_gold.py seeds        # one suite (folder name under evals/suites/)

What is checked (see evals/README.md for the format):

* every suite has a suite.json with name, description and language;
* every case folder has a case.json whose `docs` folder exists and loads with
  summarizer.load.load_paths, and a non-empty refs/ folder;
* records/<doc_id>.json: valid `summarizer.models.MeetingRecord`, doc_id equal to the file
  name and to a document of the case, every evidence from that document, resolving exactly
  (`text[start:end] == quote` in the decoded file), at least 8 characters long, and lying
  inside the article body that summarizer.clean keeps (never in removed text);
* key_facts: unique ids, known doc_ids, evidence from every supporting page (same rules as
  record evidence), match alternatives of 1-3 words, every fact present in every refs/ file,
  and no fact present in the kept body of an excluded page or in a short English summary of
  a different meeting (the groups must be specific to this event);
* conflicts: at least two sides, every quote resolving inside kept text;
* forbidden: every quote present at its offsets and lying entirely in text summarizer.clean
  removes (if the clean stage starts keeping it, that is reported too); every marker term
  absent from the kept bodies of the pages that report the main event and from refs/;
* participants: every named participant's Arabic name (or an alternate) appears in the kept
  body of each page listed in its `sources`.

The key-fact matching rule of the README is `summarizer.metrics.fact_present` (and
`alternative_present`), the one implementation the checker and the eval harness share.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from pydantic import ValidationError

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from summarizer.arabic import fold  # noqa: E402
from summarizer.clean import clean  # noqa: E402
from summarizer.load import load_paths  # noqa: E402
from summarizer.metrics import alternative_present, fact_present  # noqa: E402
from summarizer.models import CleanDocument, Evidence, MeetingRecord  # noqa: E402

SUITES = ROOT / "evals" / "suites"
MIN_QUOTE_CHARS = 8
MAX_ALT_WORDS = 3

# A short summary of a *different* meeting (the Cairo page of the seeds suite); no key fact of
# the Amman case may match it.
NEGATIVE_SUMMARIES = [
    "Blinken met Egypt's foreign minister Sameh Shoukry and Arab ministers from Saudi Arabia, Qatar, "
    "Jordan and the UAE and a PLO official in Cairo on Thursday. He said there is a clear consensus in "
    "the region on an immediate ceasefire in Gaza, that a ground operation in Rafah would be a mistake, "
    "and that Israel must do more to let humanitarian aid in. The five Arab ministers called for a "
    "comprehensive, immediate ceasefire and the opening of all crossings. The US proposed a Security "
    "Council resolution for a ceasefire tied to the release of hostages; talks continue in Doha.",
]


# ---------------------------------------------------------------------------- checks


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.notes: list[str] = []

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def note(self, where: str, message: str) -> None:
        self.notes.append(f"{where}: {message}")


def _in_kept(doc: CleanDocument, start: int, end: int) -> bool:
    return any(s.start <= start and end <= s.end for s in doc.kept)


def _overlaps_kept(doc: CleanDocument, start: int, end: int) -> bool:
    return any(s.start < end and start < s.end for s in doc.kept)


def check_evidence(report: Report, where: str, raw: dict, docs: dict[str, CleanDocument],
                   doc_id: str | None = None) -> Evidence | None:
    try:
        evidence = Evidence.model_validate(raw)
    except ValidationError as error:
        report.error(where, f"invalid evidence: {error.errors()[0]['msg']}")
        return None
    if doc_id is not None and evidence.doc_id != doc_id:
        report.error(where, f"evidence from {evidence.doc_id}, expected {doc_id}")
    doc = docs.get(evidence.doc_id)
    if doc is None:
        report.error(where, f"unknown doc_id {evidence.doc_id!r}")
        return None
    text = doc.document.text
    if text[evidence.start : evidence.end] != evidence.quote:
        report.error(where, f"quote does not resolve at [{evidence.start}:{evidence.end}]: {evidence.quote[:60]!r}")
    elif not _in_kept(doc, evidence.start, evidence.end):
        report.error(where, f"quote is not inside the kept article body: {evidence.quote[:60]!r}")
    if len(evidence.quote.strip()) < MIN_QUOTE_CHARS:
        report.error(where, f"quote shorter than {MIN_QUOTE_CHARS} characters: {evidence.quote!r}")
    return evidence


def check_record(report: Report, path: Path, docs: dict[str, CleanDocument]) -> None:
    where = str(path.relative_to(ROOT))
    try:
        record = MeetingRecord.model_validate_json(path.read_text(encoding="utf-8"))
    except ValidationError as error:
        report.error(where, f"not a valid MeetingRecord: {error}")
        return
    if record.doc_id != path.stem:
        report.error(where, f"doc_id {record.doc_id!r} differs from the file name")
    if record.doc_id not in docs:
        report.error(where, f"doc_id {record.doc_id!r} is not a document of the case")
        return
    if record.event is not None and record.event.date is not None:
        try:
            date.fromisoformat(record.event.date)
        except ValueError:
            report.error(where, f"event.date {record.event.date!r} is not an ISO date")
    items = [("event", record.event)] if record.event else []
    for field in ("participants", "statements", "agreements", "disagreements", "outcomes"):
        items += [(f"{field}[{i}]", item) for i, item in enumerate(getattr(record, field))]
    for label, item in items:
        for j, evidence in enumerate(item.evidence):
            check_evidence(report, f"{where} {label}.evidence[{j}]", evidence.model_dump(), docs, record.doc_id)


def kept_body(doc: CleanDocument) -> str:
    return doc.body


def check_key_facts(report: Report, where: str, case: dict, docs: dict[str, CleanDocument], refs: list[Path]) -> None:
    facts = case.get("key_facts", [])
    ids = [f.get("id") for f in facts]
    if len(ids) != len(set(ids)):
        report.error(where, "duplicate key fact ids")
    excluded = {e["doc_id"] for e in case.get("excluded", [])}
    ref_texts = {p.name: p.read_text(encoding="utf-8") for p in refs}
    for fact in facts:
        at = f"{where} {fact.get('id')}"
        for key in ("id", "text", "text_ar", "support", "match"):
            if not fact.get(key):
                report.error(at, f"missing {key}")
        support = set(fact.get("support", []))
        for doc_id in support - set(docs):
            report.error(at, f"support names unknown doc_id {doc_id!r}")
        for doc_id in support & excluded:
            report.error(at, f"support names excluded page {doc_id}")
        cited = set()
        for j, raw in enumerate(fact.get("evidence", [])):
            evidence = check_evidence(report, f"{at} evidence[{j}]", raw, docs)
            if evidence:
                cited.add(evidence.doc_id)
                if evidence.doc_id not in support:
                    report.error(at, f"evidence from {evidence.doc_id}, which is not in support")
        for doc_id in sorted(support - cited):
            report.error(at, f"no evidence quote from supporting page {doc_id}")
        match = fact.get("match", [])
        for group in match:
            if not group:
                report.error(at, "empty match group")
            for alt in group:
                words = fold(alt).split()
                if not 1 <= len(words) <= MAX_ALT_WORDS:
                    report.error(at, f"alternative {alt!r} has {len(words)} words (1-{MAX_ALT_WORDS} allowed)")
        if not match:
            continue
        for name, text in ref_texts.items():
            if not fact_present(text, match):
                report.error(at, f"not present in reference {name}")
        for doc_id in sorted(excluded & set(docs)):
            if fact_present(kept_body(docs[doc_id]), match):
                report.error(at, f"matches the excluded page {doc_id}; make a group specific to this event")
        for k, text in enumerate(NEGATIVE_SUMMARIES):
            if case.get("docs", "").endswith("seeds") and fact_present(text, match):
                report.error(at, f"matches negative summary {k} (a different meeting)")


def check_conflicts(report: Report, where: str, case: dict, docs: dict[str, CleanDocument]) -> None:
    for conflict in case.get("conflicts", []):
        at = f"{where} {conflict.get('id')}"
        sides = conflict.get("sides", [])
        if len(sides) < 2:
            report.error(at, "a conflict needs at least two sides")
        for s, side in enumerate(sides):
            if not side.get("quotes"):
                report.error(at, f"side {s} has no quotes")
            seen = set()
            for j, raw in enumerate(side.get("quotes", [])):
                evidence = check_evidence(report, f"{at} side[{s}].quotes[{j}]", raw, docs)
                if evidence:
                    seen.add(evidence.doc_id)
            if set(side.get("doc_ids", [])) != seen:
                report.error(at, f"side {s} doc_ids {side.get('doc_ids')} differ from its quotes' {sorted(seen)}")


def check_forbidden(report: Report, where: str, case: dict, docs: dict[str, CleanDocument], refs: list[Path]) -> None:
    excluded = {e["doc_id"] for e in case.get("excluded", [])}
    main_bodies = [fold(kept_body(d)) for doc_id, d in docs.items() if doc_id not in excluded]
    folded_refs = {p.name: fold(p.read_text(encoding="utf-8")) for p in refs}
    for k, item in enumerate(case.get("forbidden", [])):
        at = f"{where} forbidden[{k}]"
        doc = docs.get(item.get("doc_id"))
        if doc is None:
            report.error(at, f"unknown doc_id {item.get('doc_id')!r}")
            continue
        text, quote = doc.document.text, item.get("quote", "")
        start, end = item.get("start"), item.get("end")
        if start is None or end is None:
            start = text.find(quote)
            end = start + len(quote)
        if start < 0 or text[start:end] != quote:
            report.error(at, f"quote not found in the source file: {quote[:60]!r}")
            continue
        if _overlaps_kept(doc, start, end):
            report.error(at, f"summarizer.clean keeps (part of) this forbidden text: {quote[:60]!r}")
        for term in item.get("terms", []):
            t = fold(term)
            if any(alternative_present(body, term) for body in main_bodies):
                report.error(at, f"marker term {term!r} also occurs in the main-event pages; not a valid marker")
            for name, ref in folded_refs.items():
                if t and alternative_present(ref, term):
                    report.error(at, f"marker term {term!r} occurs in reference {name}")


def check_participants(report: Report, where: str, case: dict, docs: dict[str, CleanDocument]) -> None:
    for k, person in enumerate(case.get("participants", [])):
        at = f"{where} participants[{k}]"
        if not person.get("named", True):
            continue
        names = [person.get("name_ar", "")] + person.get("alternates", [])
        for doc_id in person.get("sources", []):
            doc = docs.get(doc_id)
            if doc is None:
                report.error(at, f"unknown doc_id {doc_id!r}")
            elif not any(fold(n) and fold(n) in fold(kept_body(doc)) for n in names):
                report.error(at, f"none of {names} appears in {doc_id}")


def check_case(report: Report, case_dir: Path) -> None:
    where = str(case_dir.relative_to(ROOT))
    try:
        case = json.loads((case_dir / "case.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        report.error(where, f"case.json unreadable: {error}")
        return
    docs_dir = (case_dir / case.get("docs", "docs")).resolve()
    if not docs_dir.is_dir():
        report.error(where, f"docs folder {docs_dir} does not exist")
        return
    loaded = load_paths([docs_dir])
    for message in loaded.errors:
        report.error(where, f"load error: {message}")
    docs = {d.doc_id: clean(d) for d in loaded.documents}
    if not docs:
        report.error(where, "no documents")
    refs = sorted(p for p in (case_dir / "refs").glob("*") if p.is_file()) if (case_dir / "refs").is_dir() else []
    if not refs:
        report.error(where, "no reference summaries in refs/")
    for ref in refs:
        if not ref.read_text(encoding="utf-8").strip():
            report.error(where, f"empty reference {ref.name}")

    main = case.get("main_event")
    if main:
        try:
            date.fromisoformat(main.get("date") or "")
        except ValueError:
            report.error(where, f"main_event.date {main.get('date')!r} is not an ISO date")
        listed = set(main.get("doc_ids", [])) | {e["doc_id"] for e in case.get("excluded", [])}
        if main.get("doc_ids") and listed != set(docs):
            report.error(where, f"main_event.doc_ids + excluded {sorted(listed)} differ from the documents {sorted(docs)}")
    for e in case.get("excluded", []):
        if e.get("doc_id") not in docs or not e.get("reason"):
            report.error(where, f"bad excluded entry {e}")

    for path in sorted((case_dir / "records").glob("*.json")):
        check_record(report, path, docs)
    check_key_facts(report, where, case, docs, refs)
    check_conflicts(report, where, case, docs)
    check_forbidden(report, where, case, docs, refs)
    check_participants(report, where, case, docs)
    report.note(where, f"{len(docs)} docs, {len(refs)} refs, {len(list((case_dir / 'records').glob('*.json')))} records, "
                       f"{len(case.get('key_facts', []))} key facts, {len(case.get('conflicts', []))} conflicts, "
                       f"{len(case.get('forbidden', []))} forbidden")


def check_suite(report: Report, suite_dir: Path) -> None:
    where = str(suite_dir.relative_to(ROOT))
    try:
        suite = json.loads((suite_dir / "suite.json").read_text(encoding="utf-8"))
        for key in ("name", "description", "language"):
            if not suite.get(key):
                report.error(where, f"suite.json lacks {key}")
    except (OSError, json.JSONDecodeError) as error:
        report.error(where, f"suite.json unreadable: {error}")
    cases = sorted(p.parent for p in suite_dir.glob("*/case.json"))
    if not cases:
        report.error(where, "no cases (folders with a case.json)")
    for case_dir in cases:
        check_case(report, case_dir)


def main(argv: list[str]) -> int:
    names = argv or sorted(p.name for p in SUITES.iterdir() if p.is_dir())
    report = Report()
    for name in names:
        if not (SUITES / name).is_dir():
            report.error(name, "no such suite")
            continue
        check_suite(report, SUITES / name)
    for line in report.notes:
        print("ok   ", line)
    for line in report.errors:
        print("ERROR", line)
    print(f"{len(report.errors)} problem(s)")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
