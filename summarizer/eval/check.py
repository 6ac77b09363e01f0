"""Validate the gold data under evals/suites/ against its schema and its sources.

    python -m summarizer.eval.check              # every suite
    python -m summarizer.eval.check seeds        # one suite (folder name under evals/suites/)

Prints each problem on one line, then `N problem(s)`; exits 1 on any problem. Tests call
`check_suites(root)`. The format is evals/README.md; the schema is `summarizer.eval.gold`
(the one the harness loads), so an unknown or misspelt field is a problem here too.

What is checked, per suite and case:

* suite.json is a valid `Suite` named like its folder; the suite has cases;
* case.json is a valid `CaseGold`; its `docs` exist and load with `summarizer.stages.load.load_paths`;
  refs/ holds at least one non-empty summary;
* main_event: an ISO date; its doc_ids plus the excluded pages are exactly the documents;
  excluded entries name documents and give a reason;
* records/<doc_id>.json: a valid `MeetingRecord` named like its file, of a document of the
  case, with an ISO event date when it has one; every evidence from that document, resolving
  exactly (`text[start:end] == quote` in the decoded file), at least 8 characters, inside the
  article body `summarizer.stages.clean` keeps; every statement's speaker written as in the page;
* key_facts: unique ids; support names known, non-excluded pages; evidence as for records,
  from supporting pages only, at least one passage from every supporting page and, where the
  page has a gold record, each passage covered by one of its items (the harness reads a cited
  passage through them); match alternatives of 1-3 words and free of negation cues
  (`summarizer.checks.polarity.negation_cues`): polarity is the `negated` flag, which must equal
  `summarizer.checks.polarity.negated(text)`; every fact present in every refs/ file, and in no
  excluded page's kept body and no `other_events` summary (its groups are specific to this
  event);
* conflicts: unique ids; every quote resolving inside kept text; each side's doc_ids exactly
  the pages of its quotes, none excluded; the sides of a reportable conflict
  (`REPORTABLE_CONFLICTS`) on different pages, since it is a difference between sources;
* forbidden: every quote at its offsets and entirely in text `summarizer.stages.clean` removes (if the
  clean stage starts keeping it, that is reported too); every marker term absent from the kept
  bodies of the main event's pages and from refs/;
* participants: every named participant's Arabic name (or an alternate) in the kept body of
  each page of its `sources`.

Key-fact matching is `summarizer.eval.metrics.fact_present`, the rule the harness uses.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ValidationError

from summarizer.lang.arabic import fold
from summarizer.stages.clean import clean
from summarizer.eval.gold import REPORTABLE_CONFLICTS, CaseGold, Suite
from summarizer.eval.suites import SUITES
from summarizer.stages.load import load_paths
from summarizer.eval.metrics import fact_present
from summarizer.lang.arabic import alternative_present
from summarizer.models import CleanDocument, Evidence, MeetingRecord
from summarizer.checks.polarity import negated, negation_cues

MIN_QUOTE_CHARS = 8
MAX_ALT_WORDS = 3


@dataclass
class Problems:
    """Problems found so far, one line each: `<where>: <what>`."""

    lines: list[str] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.lines.append(f"{where}: {message}")

    def invalid(self, where: str, error: ValidationError) -> None:
        for item in error.errors():
            loc = ".".join(str(part) for part in item["loc"]) or "(top level)"
            self.add(where, f"{loc}: {item['msg']}")


@dataclass
class Case:
    where: str
    folder: Path
    gold: CaseGold
    docs: dict[str, CleanDocument]
    refs: dict[str, str]
    records: dict[str, MeetingRecord]

    @property
    def excluded(self) -> set[str]:
        return {e.doc_id for e in self.gold.excluded or []}


# ---------------------------------------------------------------------------- entry points


def check_suites(root: Path = SUITES, names: Sequence[str] = ()) -> list[str]:
    """Every problem of the named suites under `root` (all suites when none is named)."""
    problems = Problems()
    if not root.is_dir():
        problems.add(str(root), "no such folder")
        return problems.lines
    for name in names or sorted(p.name for p in root.iterdir() if p.is_dir()):
        if not (root / name).is_dir():
            problems.add(name, "no such suite")
            continue
        check_suite(problems, root / name, root)
    return problems.lines


def main(argv: Sequence[str] | None = None, root: Path = SUITES) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m summarizer.eval.check", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Validate the gold data under evals/suites/ against its schema (summarizer/eval/gold.py)\n"
        "and its sources (what is checked: evals/README.md, Checking). Prints each problem on one\n"
        "line, then `N problem(s)`; exit status 1 on any problem.",
        epilog="examples:\n  python -m summarizer.eval.check\n  python -m summarizer.eval.check seeds multiling2011_en_dev")
    parser.add_argument("suites", nargs="*", metavar="SUITE", help="a suite folder name under evals/suites/ (default: all)")
    lines = check_suites(root, parser.parse_args(sys.argv[1:] if argv is None else argv).suites)
    for line in lines:
        print(line)
    print(f"{len(lines)} problem(s)")
    return 1 if lines else 0


# ---------------------------------------------------------------------------- suites and cases


def check_suite(problems: Problems, folder: Path, root: Path) -> None:
    where = folder.relative_to(root).as_posix()
    suite = _load(problems, f"{where}/suite.json", folder / "suite.json", Suite)
    if suite is not None and suite.name != folder.name:
        problems.add(f"{where}/suite.json", f"name {suite.name!r} differs from the folder name {folder.name!r}")
    cases = sorted(p.parent for p in folder.glob("*/case.json"))
    if not cases:
        problems.add(where, "no cases (folders with a case.json)")
    for case_folder in cases:
        case = load_case(problems, case_folder, root)
        if case is not None:
            check_case(problems, case)


def _load(problems: Problems, where: str, path: Path, model: type[BaseModel]):
    try:
        return model.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as error:
        problems.add(where, f"unreadable: {error}")
    except ValidationError as error:
        problems.invalid(where, error)
    return None


def load_case(problems: Problems, folder: Path, root: Path) -> Case | None:
    """The case's gold, documents (cleaned), references and gold records; None if unusable."""
    where = folder.relative_to(root).as_posix()
    gold = _load(problems, f"{where}/case.json", folder / "case.json", CaseGold)
    if gold is None:
        return None
    docs_path = (folder / gold.docs).resolve()
    if not docs_path.exists():
        problems.add(where, f"docs {gold.docs!r} does not exist")
        return None
    loaded = load_paths([docs_path])
    for message in loaded.errors:
        problems.add(where, f"load error: {message}")
    docs = {d.doc_id: clean(d) for d in loaded.documents}
    if not docs:
        problems.add(where, "no documents")
    ref_paths = sorted(p for p in (folder / "refs").glob("*") if p.is_file())
    if not ref_paths:
        problems.add(where, "no reference summaries in refs/")
    refs = {p.name: p.read_text(encoding="utf-8") for p in ref_paths}
    for name, text in refs.items():
        if not text.strip():
            problems.add(where, f"empty reference refs/{name}")
    records: dict[str, MeetingRecord] = {}
    for path in sorted((folder / "records").glob("*.json")):
        record = _load(problems, f"{where}/records/{path.name}", path, MeetingRecord)
        if record is not None:
            records[path.stem] = record
    return Case(where, folder, gold, docs, refs, records)


def check_case(problems: Problems, case: Case) -> None:
    check_main_event(problems, case)
    for stem, record in case.records.items():
        check_record(problems, case, stem, record)
    check_key_facts(problems, case)
    check_conflicts(problems, case)
    check_forbidden(problems, case)
    check_participants(problems, case)


# ---------------------------------------------------------------------------- evidence


def _in_kept(doc: CleanDocument, start: int, end: int) -> bool:
    return any(s.start <= start and end <= s.end for s in doc.kept)


def _overlaps_kept(doc: CleanDocument, start: int, end: int) -> bool:
    return any(s.start < end and start < s.end for s in doc.kept)


def check_evidence(problems: Problems, where: str, evidence: Evidence, docs: dict[str, CleanDocument],
                   doc_id: str | None = None) -> bool:
    """True when the quote resolves inside kept text of a known document (and of `doc_id`)."""
    if doc_id is not None and evidence.doc_id != doc_id:
        problems.add(where, f"evidence from {evidence.doc_id}, expected {doc_id}")
    doc = docs.get(evidence.doc_id)
    if doc is None:
        problems.add(where, f"unknown doc_id {evidence.doc_id!r}")
        return False
    ok = True
    if doc.document.text[evidence.start : evidence.end] != evidence.quote:
        problems.add(where, f"quote does not resolve at [{evidence.start}:{evidence.end}]: {evidence.quote[:60]!r}")
        ok = False
    elif not _in_kept(doc, evidence.start, evidence.end):
        problems.add(where, f"quote is not inside the kept article body: {evidence.quote[:60]!r}")
        ok = False
    if len(evidence.quote.strip()) < MIN_QUOTE_CHARS:
        problems.add(where, f"quote shorter than {MIN_QUOTE_CHARS} characters: {evidence.quote!r}")
    return ok


# ---------------------------------------------------------------------------- parts of a case


def _iso(value: str | None) -> bool:
    try:
        date.fromisoformat(value or "")
    except ValueError:
        return False
    return True


def check_main_event(problems: Problems, case: Case) -> None:
    main = case.gold.main_event
    if main is not None:
        if not _iso(main.date):
            problems.add(case.where, f"main_event.date {main.date!r} is not an ISO date")
        listed = set(main.doc_ids) | case.excluded
        if main.doc_ids and listed != set(case.docs):
            problems.add(case.where, f"main_event.doc_ids + excluded {sorted(listed)} differ from the documents {sorted(case.docs)}")
        for doc_id in sorted(set(main.doc_ids) & case.excluded):
            problems.add(case.where, f"{doc_id} is both a main-event page and excluded")
    for e in case.gold.excluded or []:
        if e.doc_id not in case.docs or not e.reason.strip():
            problems.add(case.where, f"bad excluded entry {e.model_dump()}")


def check_record(problems: Problems, case: Case, stem: str, record: MeetingRecord) -> None:
    where = f"{case.where}/records/{stem}.json"
    if record.doc_id != stem:
        problems.add(where, f"doc_id {record.doc_id!r} differs from the file name")
    doc = case.docs.get(record.doc_id)
    if doc is None:
        problems.add(where, f"doc_id {record.doc_id!r} is not a document of the case")
        return
    if record.event is not None and record.event.date is not None and not _iso(record.event.date):
        problems.add(where, f"event.date {record.event.date!r} is not an ISO date")
    labelled = [("event", record.event)] if record.event else []
    for name in MeetingRecord.ITEM_KINDS:
        labelled += [(f"{name}[{i}]", item) for i, item in enumerate(getattr(record, name))]
    for label, item in labelled:
        for j, evidence in enumerate(item.evidence):
            check_evidence(problems, f"{where} {label}.evidence[{j}]", evidence, case.docs, record.doc_id)
    body = fold(doc.body)
    for i, statement in enumerate(record.statements):
        if fold(statement.speaker) not in body:
            problems.add(where, f"statements[{i}].speaker {statement.speaker!r} is not written so in the page")


def _gold_passages(record: MeetingRecord) -> list[Evidence]:
    """Passages a gold record gives an English reading of (what the harness reads a citation by)."""
    items = [record.event] if record.event else []
    items += [*record.statements, *record.agreements, *record.disagreements, *record.outcomes]
    return [e for item in items for e in item.evidence]


def check_key_facts(problems: Problems, case: Case) -> None:
    facts = case.gold.key_facts or []
    ids = [f.id for f in facts]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        problems.add(case.where, f"duplicate key fact id {duplicate!r}")
    others = case.gold.other_events or []
    for fact in facts:
        at = f"{case.where} {fact.id}"
        for name in ("text_ar", "support"):
            if not getattr(fact, name):
                problems.add(at, f"missing {name}")
        support = set(fact.support)
        for doc_id in sorted(support - set(case.docs)):
            problems.add(at, f"support names unknown doc_id {doc_id!r}")
        for doc_id in sorted(support & case.excluded):
            problems.add(at, f"support names excluded page {doc_id}")
        cited = set()
        for j, evidence in enumerate(fact.evidence):
            if not check_evidence(problems, f"{at} evidence[{j}]", evidence, case.docs):
                continue
            cited.add(evidence.doc_id)
            if evidence.doc_id not in support:
                problems.add(at, f"evidence[{j}] from {evidence.doc_id}, which is not in support")
            record = case.records.get(evidence.doc_id)
            if record is not None and not any(
                p.overlaps(evidence) for p in _gold_passages(record)
            ):
                problems.add(at, f"evidence[{j}] is covered by no item of the gold record {evidence.doc_id}: {evidence.quote[:60]!r}")
        for doc_id in sorted(support - cited):
            problems.add(at, f"no evidence passage from supporting page {doc_id}")
        for g, group in enumerate(fact.match):
            for alternative in group:
                words = fold(alternative).split()
                if not 1 <= len(words) <= MAX_ALT_WORDS:
                    problems.add(at, f"match[{g}] alternative {alternative!r} has {len(words)} words (1-{MAX_ALT_WORDS} allowed)")
                if cues := negation_cues(alternative):
                    problems.add(at, f"match[{g}] alternative {alternative!r} holds negation cue(s) {cues}: "
                                     "groups are topic words, polarity goes into `negated`")
        if negated(fact.text) != fact.negated:
            problems.add(at, f"negated is {fact.negated} but the English text reads as "
                             f"{'negated' if negated(fact.text) else 'not negated'} (cues: {negation_cues(fact.text)})")
        for name, text in case.refs.items():
            if not fact_present(text, fact.match):
                problems.add(at, f"not present in reference refs/{name}")
        for doc_id in sorted(case.excluded & set(case.docs)):
            if fact_present(case.docs[doc_id].body, fact.match):
                problems.add(at, f"matches the excluded page {doc_id}: make a group specific to this event")
        for k, text in enumerate(others):
            if fact_present(text, fact.match):
                problems.add(at, f"matches other_events[{k}] (a different event): make a group specific to this event")


def check_conflicts(problems: Problems, case: Case) -> None:
    conflicts = case.gold.conflicts or []
    ids = [c.id for c in conflicts]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        problems.add(case.where, f"duplicate conflict id {duplicate!r}")
    for conflict in conflicts:
        at = f"{case.where} {conflict.id}"
        pages = []
        for s, side in enumerate(conflict.sides):
            seen = set()
            for j, quote in enumerate(side.quotes):
                if check_evidence(problems, f"{at} side[{s}].quotes[{j}]", quote, case.docs):
                    seen.add(quote.doc_id)
            if set(side.doc_ids) != seen:
                problems.add(at, f"side[{s}] doc_ids {sorted(side.doc_ids)} differ from its quotes' {sorted(seen)}")
            for doc_id in sorted(set(side.doc_ids) & case.excluded):
                problems.add(at, f"side[{s}] cites the excluded page {doc_id}")
            pages.append(set(side.doc_ids))
        if conflict.type in REPORTABLE_CONFLICTS:
            for a in range(len(pages)):
                for b in range(a + 1, len(pages)):
                    if shared := pages[a] & pages[b]:
                        problems.add(at, f"{conflict.type} conflicts are between sources, but side[{a}] and side[{b}] "
                                         f"both rest on {sorted(shared)}")


def check_forbidden(problems: Problems, case: Case) -> None:
    main_bodies = [fold(d.body) for doc_id, d in case.docs.items() if doc_id not in case.excluded]
    folded_refs = {name: fold(text) for name, text in case.refs.items()}
    for k, item in enumerate(case.gold.forbidden or []):
        at = f"{case.where} forbidden[{k}]"
        doc = case.docs.get(item.doc_id)
        if doc is None:
            problems.add(at, f"unknown doc_id {item.doc_id!r}")
            continue
        if doc.document.text[item.start : item.end] != item.quote:
            problems.add(at, f"quote does not resolve at [{item.start}:{item.end}]: {item.quote[:60]!r}")
            continue
        if _overlaps_kept(doc, item.start, item.end):
            problems.add(at, f"summarizer.stages.clean keeps (part of) this forbidden text: {item.quote[:60]!r}")
        for term in item.terms:
            if any(alternative_present(body, term) for body in main_bodies):
                problems.add(at, f"marker term {term!r} also occurs in the main-event pages; not a valid marker")
            for name, ref in folded_refs.items():
                if alternative_present(ref, term):
                    problems.add(at, f"marker term {term!r} occurs in reference refs/{name}")


def _names(spellings: Iterable[str]) -> list[str]:
    return [fold(s) for s in spellings if fold(s).strip()]


def check_participants(problems: Problems, case: Case) -> None:
    for k, person in enumerate(case.gold.participants or []):
        at = f"{case.where} participants[{k}]"
        for doc_id in person.sources:
            doc = case.docs.get(doc_id)
            if doc is None:
                problems.add(at, f"unknown doc_id {doc_id!r} in sources")
            elif person.named and not any(n in fold(doc.body) for n in _names([person.name_ar, *person.alternates])):
                problems.add(at, f"none of {[person.name_ar, *person.alternates]} appears in {doc_id}")


if __name__ == "__main__":
    sys.exit(main())
