"""Regression evals: run a system over the gold suites, record every metric, compare two runs.

A person who edits a prompt runs `summarizer eval` before and after, then `summarizer eval
compare OLD NEW`: the comparison shows per metric and per case what got better or worse and
fails when something dropped past its threshold. Everything here is a plain function of typed
data; the command line is `summarizer.eval_cli`.

Suites are folders `evals/suites/<suite>/` with a `suite.json`; their cases are subfolders with a
`case.json` (format: evals/README.md). A case scores only what its gold provides; a metric whose
gold is missing is null, never zero.

Systems: `pipeline` (extract through the gateway, then group, merge and model-written prose),
`pipeline-gold-records` (group and merge from the case's gold records: no model at all, so it
isolates the deterministic stages), `lead` and `centroid` (the no-LLM baselines of
`summarizer.baselines`; they set nothing aside and list no participants, so a participant counts
as named when one of their sentences names it). A brief's text metrics read `metrics.brief_text`
(headline, claims, conflict sides), not its event block (date, place, participant list).

| metric | value (better) | what it catches | needs |
|---|---|---|---|
| `rouge1` `rouge2` `rougeL` | F1 against every reference in `refs/` written in the summary's language, mean over references (`metrics.rouge`) (higher) | content people put in their summaries that this one lacks, or adds | refs in that language |
| `key_fact_recall` | share of the case's key facts present, by the rule of evals/README.md (`metrics.key_fact_recall`) (higher) | a fluent summary that drops the news | `key_facts` |
| `citation_precision` | share of citations whose quote is exactly the source text at its offsets (higher) | invented or paraphrased quotes, shifted offsets | – |
| `citation_coverage` | share of sentences with at least one citation that resolves (higher) | sentences nothing in the sources backs | – |
| `set_aside_accuracy` | share of pages rightly kept or set aside (higher) | a page of another event left in, a good source thrown away | `excluded` |
| `participant_recall` | share of gold participants named (any spelling, Arabic or English) (higher) | people left out | `participants` |
| `citation_leakage` | share of citations from a set-aside page or overlapping forbidden text (lower) | a brief built partly from the wrong event or an appended story | `excluded` or `forbidden` |
| `text_leakage` | share of the summary's 5-grams found only in set-aside pages or forbidden text (lower) | words copied from them without a citation admitting it | `excluded` or `forbidden` |
| `term_leakage` | share of forbidden texts one of whose marker `terms` occurs in the summary (lower) | any trace of an appended story or a related-links list | `forbidden` |
| `extraction_precision` `extraction_recall` `extraction_f1` | record items matched to gold record items, micro over fields (`metrics.extraction_scores`) (higher) | invented or missed items at the extract stage; `pipeline` only | `records/` |
| `length_words` | folded words of the summary (informational) | ROUGE recall bought with length | – |

A metric regresses when it moves the wrong way by more than its threshold: 0.02 for scores,
0 for the leakage shares (any increase), never for `length_words`.
"""

from __future__ import annotations

import html
import json
import subprocess
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import reduce
from pathlib import Path
from statistics import mean
from typing import Literal

from pydantic import BaseModel, Field

from summarizer import __version__
from summarizer.arabic import fold
from summarizer.baselines import BaselineSummary, centroid_mmr, lead
from summarizer.clean import clean
from summarizer.extract import extract_all
from summarizer.gateway import Gateway
from summarizer.group import GroupBy
from summarizer.load import load_paths
from summarizer.metrics import (
    ForbiddenSpan,
    KeyFact,
    alternative_present,
    brief_citations,
    brief_text,
    citation_coverage,
    citation_leakage,
    citation_precision,
    extraction_scores,
    key_fact_recall,
    length,
    participant_recall,
    rouge,
    set_aside_accuracy,
    text_leakage,
)
from summarizer.models import Brief, CleanDocument, Evidence, Excluded, Extraction, MeetingRecord, Usage
from summarizer.pipeline import build_briefs, load_records, records_of
from summarizer.prompts import prompt_hashes

PROJECT = Path(__file__).resolve().parent.parent
EVALS = PROJECT / "evals"
SUITES = EVALS / "suites"
RUNS = EVALS / "runs"

System = Literal["pipeline", "pipeline-gold-records", "lead", "centroid"]
SYSTEMS: tuple[System, ...] = ("pipeline", "pipeline-gold-records", "lead", "centroid")
Extractor = Callable[[list[CleanDocument], Gateway], list[Extraction]]
Say = Callable[[str], None]


class EvalError(ValueError):
    """Bad input to the harness: an unknown suite or case, unreadable gold, an unreadable run."""


# ---- metrics: direction and threshold ---------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    name: str
    better: Literal["higher", "lower", "neither"]
    threshold: float


SCORE_THRESHOLD = 0.02
METRICS: tuple[Metric, ...] = (
    *(Metric(name, "higher", SCORE_THRESHOLD) for name in (
        "rouge1", "rouge2", "rougeL", "key_fact_recall", "citation_precision", "citation_coverage",
        "set_aside_accuracy", "participant_recall",
    )),
    *(Metric(name, "lower", 0.0) for name in ("citation_leakage", "text_leakage", "term_leakage")),
    *(Metric(name, "higher", SCORE_THRESHOLD) for name in (
        "extraction_precision", "extraction_recall", "extraction_f1",
    )),
    Metric("length_words", "neither", 0.0),
)
METRIC_NAMES = tuple(m.name for m in METRICS)
_BY_NAME = {m.name: m for m in METRICS}
# Run records store rounded values, so a comparison never flags floating-point noise.
_DIGITS = 6


# ---- suites and cases -------------------------------------------------------------------------


class ForbiddenText(BaseModel):
    doc_id: str
    quote: str
    start: int
    end: int
    terms: list[str] = Field(default_factory=list)


class GoldParticipant(BaseModel):
    name_ar: str
    alternates: list[str] = Field(default_factory=list)
    name_en: str | None = None

    @property
    def spellings(self) -> list[str]:
        return [self.name_ar, *self.alternates, *([self.name_en] if self.name_en else [])]


class CaseGold(BaseModel):
    """The parts of case.json the harness scores; a missing part leaves its metrics null."""

    docs: str
    key_facts: list[KeyFact] | None = None
    excluded: list[Excluded] | None = None
    forbidden: list[ForbiddenText] | None = None
    participants: list[GoldParticipant] | None = None


@dataclass(frozen=True)
class Case:
    suite: str
    name: str
    folder: Path
    language: str  # of the source documents, hence of the baselines' summaries
    gold: CaseGold
    group_by: GroupBy = "event"  # suite.json "group_by": "story" for clusters of follow-up reports

    @property
    def id(self) -> str:
        return f"{self.suite}/{self.name}"

    @property
    def docs(self) -> Path:
        return (self.folder / self.gold.docs).resolve()

    @property
    def refs(self) -> list[Path]:
        return sorted(p for p in (self.folder / "refs").glob("*") if p.is_file())

    @property
    def records(self) -> Path | None:
        folder = self.folder / "records"
        return folder if any(folder.glob("*.json")) else None


def discover(root: Path = SUITES) -> dict[str, list[Case]]:
    """Every suite under `root` (a folder with a suite.json) and its cases (subfolders with a
    case.json), both sorted by name: adding a suite is adding a folder."""
    suites: dict[str, list[Case]] = {}
    for suite_file in sorted(root.glob("*/suite.json")):
        folder = suite_file.parent
        try:
            suite = json.loads(suite_file.read_text(encoding="utf-8"))
            suites[folder.name] = [
                Case(folder.name, case_file.parent.name, case_file.parent, suite["language"],
                     CaseGold.model_validate_json(case_file.read_text(encoding="utf-8")),
                     suite.get("group_by", "event"))
                for case_file in sorted(folder.glob("*/case.json"))
            ]
        except (OSError, ValueError, KeyError) as error:
            raise EvalError(f"{folder}: unreadable suite: {error}") from error
    return suites


def select(
    suites: Mapping[str, list[Case]], suite_names: Sequence[str] = (), case_names: Sequence[str] = ()
) -> list[Case]:
    """The cases of the named suites (all when none named), narrowed to the named cases."""
    if unknown := [s for s in suite_names if s not in suites]:
        raise EvalError(f"no such suite: {', '.join(unknown)} (known: {', '.join(suites)})")
    cases = [c for name in (suite_names or list(suites)) for c in suites[name]]
    if unknown := [n for n in case_names if n not in {c.name for c in cases}]:
        raise EvalError(f"no such case in the selected suites: {', '.join(unknown)}")
    return [c for c in cases if not case_names or c.name in case_names]


def applicable(system: System, case: Case) -> bool:
    """pipeline-gold-records needs the case's gold records; every other system runs anywhere."""
    return system != "pipeline-gold-records" or case.records is not None


def load_documents(case: Case) -> list[CleanDocument]:
    loaded = load_paths([case.docs])
    if loaded.errors or not loaded.documents:
        raise EvalError(f"{case.id}: documents unreadable: {'; '.join(loaded.errors) or 'none found'}")
    return [clean(document) for document in loaded.documents]


def text_language(text: str) -> str:
    """"ar" when Arabic letters outnumber Latin ones, else "en": how a reference is matched to a summary."""
    arabic = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "ar" if arabic > latin else "en"


def references(case: Case, lang: str) -> list[str]:
    """The case's reference summaries written in `lang`: a summary is compared in its own language."""
    texts = [p.read_text(encoding="utf-8") for p in case.refs]
    return [t for t in texts if text_language(t) == lang]


# ---- systems ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SystemOutput:
    """What any system produced for a case, in the terms the metrics need."""

    text: str
    lang: str
    citations: list[Evidence]
    sentences_cited: float  # share of sentences with a resolving citation
    excluded: list[str]
    participants: list[str]
    records: list[MeetingRecord] | None  # extracted records, pipeline only
    usage: Usage
    warnings: list[str]


def run_system(
    system: System,
    case: Case,
    documents: list[CleanDocument],
    *,
    lang: str = "ar",
    gateway: Gateway | None = None,
    extract: Extractor = extract_all,
    say: Say = lambda message: None,
) -> SystemOutput:
    """Run `system` on the case's documents. `lang` is the language of a brief's own sentences
    (baselines always speak the documents' language); `extract` lets the caller add progress."""
    texts = {d.doc_id: d.document.text for d in documents}
    if system in ("lead", "centroid"):
        summary = (lead if system == "lead" else centroid_mmr)(documents)
        return _baseline_output(summary, case.language, texts)
    if system == "pipeline-gold-records":
        if case.records is None:
            raise EvalError(f"{case.id}: no gold records, so {system} cannot run")
        records, warnings = load_records(case.records, documents)
        brief = build_briefs(documents, records, lang=lang, group_by=case.group_by, say=say)[0]
        return _brief_output(brief, texts, None, warnings)
    if system == "pipeline":
        if gateway is None:
            raise EvalError("the pipeline system needs a model gateway")
        extractions = extract(documents, gateway)
        records = records_of(extractions)
        usage = reduce(Usage.add, (e.usage for e in extractions), Usage())
        brief = build_briefs(documents, records, lang=lang, gateway=gateway, group_by=case.group_by,
                             extraction_usage=usage, say=say)[0]
        failed = [f"{e.record.doc_id}: extraction failed: {e.error}" for e in extractions if e.error]
        return _brief_output(brief, texts, records, failed)
    raise EvalError(f"unknown system {system!r} (known: {', '.join(SYSTEMS)})")


def _baseline_output(summary: BaselineSummary, lang: str, texts: Mapping[str, str]) -> SystemOutput:
    # Each sentence is its own single citation, so sentence coverage equals citation precision.
    return SystemOutput(
        text=summary.text, lang=lang, citations=list(summary.evidence),
        sentences_cited=citation_precision(summary.evidence, texts).precision, excluded=[],
        participants=summary.text.split("\n"), records=None, usage=Usage(), warnings=[],
    )


def _brief_output(brief: Brief, texts: Mapping[str, str], records: list[MeetingRecord] | None,
                  warnings: list[str]) -> SystemOutput:
    return SystemOutput(
        text=brief_text(brief), lang=brief.lang, citations=brief_citations(brief),
        sentences_cited=citation_coverage(brief, texts).coverage,
        excluded=[e.doc_id for e in brief.excluded], participants=brief.event.participants,
        records=records, usage=brief.usage, warnings=warnings,
    )


# ---- scoring ----------------------------------------------------------------------------------


def text_metrics(summary: str, refs: Sequence[str]) -> dict[str, float | None]:
    """ROUGE F1 against `refs` (null without any) and length: the metrics any text can get."""
    scores = rouge(summary, refs) if refs else None
    return {
        "rouge1": scores.rouge_1.f1 if scores else None,
        "rouge2": scores.rouge_2.f1 if scores else None,
        "rougeL": scores.rouge_l.f1 if scores else None,
        "length_words": float(length(summary).words),
    }


def score_files(summary_path: Path, ref_paths: Sequence[Path]) -> dict[str, float | None]:
    """Text metrics of any system's output file against reference files, as a run would score it."""
    summary = summary_path.read_text(encoding="utf-8")
    return _rounded(text_metrics(summary, [p.read_text(encoding="utf-8") for p in ref_paths]))


def score(
    case: Case, documents: list[CleanDocument], output: SystemOutput, gold_records: list[MeetingRecord] | None
) -> tuple[dict[str, float | None], dict[str, list[str]]]:
    """Every metric of the module table for one output, and the details behind the misses."""
    gold = case.gold
    texts = {d.doc_id: d.document.text for d in documents}
    metrics: dict[str, float | None] = dict.fromkeys(METRIC_NAMES)
    details: dict[str, list[str]] = {}
    metrics.update(text_metrics(output.text, references(case, output.lang)))
    precision = citation_precision(output.citations, texts)
    metrics["citation_precision"] = precision.precision
    metrics["citation_coverage"] = output.sentences_cited
    details["unresolved_citations"] = [f"{c.doc_id}:{c.start}-{c.end} {c.quote[:60]}" for c in precision.unresolved]

    if gold.key_facts is not None:
        facts = key_fact_recall(output.text, gold.key_facts)
        metrics["key_fact_recall"] = facts.recall
        details["missed_key_facts"] = [f"{f.id}: {f.text}" for f in gold.key_facts if f.id in facts.missed]
    set_aside = [e.doc_id for e in gold.excluded or []]
    if gold.excluded is not None:
        aside = set_aside_accuracy(output.excluded, set_aside, texts)
        metrics["set_aside_accuracy"] = aside.accuracy
        details["wrongly_set_aside"], details["wrongly_kept"] = list(aside.wrongly_excluded), list(aside.wrongly_kept)
    if gold.participants is not None:
        people = participant_recall(output.participants, [p.spellings for p in gold.participants])
        metrics["participant_recall"] = people.recall
        details["missed_participants"] = list(people.missed)
    if gold.excluded is not None or gold.forbidden is not None:
        metrics.update(_leakage(output, documents, set_aside, gold.forbidden or [], details))
    if output.records is not None and gold_records is not None:
        extraction = extraction_scores(output.records, gold_records).micro.scores
        metrics["extraction_precision"] = extraction.precision
        metrics["extraction_recall"] = extraction.recall
        metrics["extraction_f1"] = extraction.f1
    return _rounded(metrics), {k: v for k, v in details.items() if v}


def _leakage(output: SystemOutput, documents: list[CleanDocument], set_aside: list[str],
             forbidden: list[ForbiddenText], details: dict[str, list[str]]) -> dict[str, float | None]:
    spans = [ForbiddenSpan(f.doc_id, f.start, f.end) for f in forbidden]
    cited = citation_leakage(output.citations, set_aside_doc_ids=set_aside, forbidden_spans=spans)
    copied = text_leakage(
        output.text,
        [f.quote for f in forbidden] + [d.document.text for d in documents if d.doc_id in set_aside],
        allowed_texts=[d.body for d in documents if d.doc_id not in set_aside],
    )
    folded = fold(output.text)
    leaked_terms = {f.quote: [t for t in f.terms if alternative_present(folded, t)] for f in forbidden}
    details["leaked_citations"] = [f"{c.doc_id}:{c.start}-{c.end} {c.quote[:60]}" for c in cited.offending]
    details["leaked_terms"] = sorted({t for terms in leaked_terms.values() for t in terms})
    return {
        "citation_leakage": cited.share,
        "text_leakage": copied.share,
        "term_leakage": _share(sum(1 for terms in leaked_terms.values() if terms), len(forbidden), 0.0)
        if forbidden else None,
    }


def _share(part: int, whole: int, if_empty: float = 1.0) -> float:
    return part / whole if whole else if_empty


def _rounded(metrics: Mapping[str, float | None]) -> dict[str, float | None]:
    return {k: None if v is None else round(v, _DIGITS) for k, v in metrics.items()}


# ---- run records ------------------------------------------------------------------------------


class CodeVersion(BaseModel):
    package: str
    commit: str | None = None
    dirty: bool | None = None


class CaseResult(BaseModel):
    suite: str
    case: str
    lang: str = Field(description="language of the scored summary")
    metrics: dict[str, float | None]
    details: dict[str, list[str]] = Field(default_factory=dict, description="what the metrics missed, by name")
    usage: Usage = Field(default_factory=Usage)
    seconds: float = 0.0
    summary: str = Field("", description="the text that was scored")
    warnings: list[str] = Field(default_factory=list)
    error: str | None = None

    @property
    def id(self) -> str:
        return f"{self.suite}/{self.case}"


class Totals(BaseModel):
    cases: int
    errors: int
    usage: Usage
    seconds: float
    means: dict[str, dict[str, float | None]] = Field(description="suite -> metric -> mean over its cases")


class RunRecord(BaseModel):
    """One eval run: enough to tell later what was run, on what code, with which prompts and model."""

    suites: list[str]
    system: System
    lang: str = Field(description="requested language of briefs (baselines use the documents' language)")
    model: str | None = Field(None, description="model description, for systems that call one")
    model_identity: str | None = None
    prompts: dict[str, str] = Field(description="prompt template name -> content hash")
    code: CodeVersion
    created: str
    cases: list[CaseResult]
    totals: Totals


def code_version() -> CodeVersion:
    """Package version, plus git commit and dirty flag when this is a git checkout."""
    commit = _git("rev-parse", "--short", "HEAD")
    status = _git("status", "--porcelain") if commit else None
    return CodeVersion(package=__version__, commit=commit, dirty=None if status is None else bool(status))


def _git(*arguments: str) -> str | None:
    try:
        done = subprocess.run(["git", *arguments], cwd=PROJECT, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def evaluate_case(
    system: System,
    case: Case,
    *,
    lang: str = "ar",
    gateway: Gateway | None = None,
    extract: Extractor = extract_all,
    say: Say = lambda message: None,
) -> CaseResult:
    """Run and score one case. A failure inside the system is recorded on the case, not raised,
    so one broken case never costs the others (and a comparison counts it as a regression)."""
    documents = load_documents(case)
    started = time.monotonic()
    try:
        output = run_system(system, case, documents, lang=lang, gateway=gateway, extract=extract, say=say)
    except EvalError:
        raise
    except Exception as error:  # noqa: BLE001 - recorded on the case and reported
        return CaseResult(suite=case.suite, case=case.name, lang=lang, metrics=dict.fromkeys(METRIC_NAMES),
                          seconds=round(time.monotonic() - started, 3), error=f"{type(error).__name__}: {error}")
    seconds = time.monotonic() - started
    gold_records = load_records(case.records, documents)[0] if output.records is not None and case.records else None
    metrics, details = score(case, documents, output, gold_records)
    return CaseResult(
        suite=case.suite, case=case.name, lang=output.lang, metrics=metrics, details=details,
        usage=output.usage, seconds=round(seconds, 3), summary=output.text, warnings=output.warnings,
    )


def run(
    system: System,
    cases: Sequence[Case],
    *,
    lang: str = "ar",
    gateway: Gateway | None = None,
    extract: Extractor = extract_all,
    say: Say = lambda message: None,
) -> RunRecord:
    """Evaluate `system` on `cases` (those it applies to) into a run record; progress via `say`."""
    cases = [c for c in cases if applicable(system, c)]
    results: list[CaseResult] = []
    for number, case in enumerate(cases, 1):
        say(f"[{number}/{len(cases)}] {case.id}: running {system}")
        result = evaluate_case(system, case, lang=lang, gateway=gateway, extract=extract, say=say)
        for warning in result.warnings:
            say(f"{case.id}: {warning}")
        say(f"[{number}/{len(cases)}] {case.id}: " + (f"ERROR {result.error}" if result.error else _headline(result)))
        results.append(result)
    return RunRecord(
        suites=list(dict.fromkeys(c.suite for c in cases)),
        system=system,
        lang=lang,
        model=gateway.config.describe() if gateway and system == "pipeline" else None,
        model_identity=gateway.identity if gateway and system == "pipeline" else None,
        prompts=prompt_hashes(),
        code=code_version(),
        created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        cases=results,
        totals=_totals(results),
    )


def _headline(result: CaseResult) -> str:
    shown = ("rouge1", "rouge2", "key_fact_recall", "citation_precision", "length_words")
    return ", ".join(f"{m} {_number(result.metrics[m])}" for m in shown) + f", {result.seconds:.1f}s"


def _totals(results: Sequence[CaseResult]) -> Totals:
    return Totals(
        cases=len(results),
        errors=sum(1 for r in results if r.error),
        usage=reduce(Usage.add, (r.usage for r in results), Usage()),
        seconds=round(sum(r.seconds for r in results), 3),
        means={suite: _means([r for r in results if r.suite == suite])
               for suite in dict.fromkeys(r.suite for r in results)},
    )


def _means(results: Sequence[CaseResult]) -> dict[str, float | None]:
    """Mean of each metric over the cases that have it."""
    values = {m: [r.metrics[m] for r in results if r.metrics.get(m) is not None] for m in METRIC_NAMES}
    return _rounded({m: mean(v) if v else None for m, v in values.items()})


def load_run(path: Path) -> RunRecord:
    try:
        return RunRecord.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise EvalError(f"{path}: not a readable run record: {str(error).splitlines()[0]}") from error


def default_run_path(run_record: RunRecord, folder: Path = RUNS) -> Path:
    """evals/runs/<suite[+suite]>-<system>[-en]-<UTC timestamp>.json"""
    stamp = datetime.fromisoformat(run_record.created).strftime("%Y%m%dT%H%M%SZ")
    language = "" if run_record.lang == "ar" or run_record.system in ("lead", "centroid") else f"-{run_record.lang}"
    return folder / f"{'+'.join(run_record.suites) or 'none'}-{run_record.system}{language}-{stamp}.json"


# ---- comparing two runs -----------------------------------------------------------------------

Status = Literal["better", "same", "worse", "regressed", "info", "new", "n/a"]


class Delta(BaseModel):
    suite: str
    case: str
    metric: str
    base: float | None
    new: float | None
    change: float | None
    status: Status


class DetailChange(BaseModel):
    suite: str
    case: str
    detail: str
    appeared: list[str]
    disappeared: list[str]


class Comparison(BaseModel):
    base: RunRecord
    new: RunRecord
    base_label: str = "base"
    new_label: str = "new"
    thresholds: dict[str, float]
    deltas: list[Delta]
    means: list[Delta] = Field(description="per suite of several cases: the same on the mean over shared cases")
    details: list[DetailChange]
    only_in_base: list[str]
    only_in_new: list[str]

    @property
    def regressions(self) -> list[Delta]:
        return [d for d in self.deltas if d.status == "regressed"]

    @property
    def new_errors(self) -> list[CaseResult]:
        return [r for r in self.new.cases if r.error]


def parse_thresholds(items: Iterable[str]) -> dict[str, float]:
    """METRIC=VALUE strings into thresholds; an unknown metric or a bad number is an EvalError."""
    thresholds: dict[str, float] = {}
    for item in items:
        name, _, value = item.partition("=")
        if name not in _BY_NAME:
            raise EvalError(f"--threshold {item}: unknown metric {name!r} (known: {', '.join(METRIC_NAMES)})")
        try:
            thresholds[name] = float(value)
        except ValueError:
            raise EvalError(f"--threshold {item}: {value!r} is not a number") from None
        if thresholds[name] < 0:
            raise EvalError(f"--threshold {item}: a threshold is an allowed drop, so it cannot be negative")
    return thresholds


def compare(base: RunRecord, new: RunRecord, thresholds: Mapping[str, float] | None = None, *,
            labels: tuple[str, str] = ("base", "new")) -> Comparison:
    """Per case and metric, how `new` moved from `base`. A metric regresses when it moves the
    wrong way by more than its threshold, or when the base measured it and the new run did not
    (e.g. the case failed). Cases only one run has are listed, never scored."""
    limits = {m.name: m.threshold for m in METRICS} | dict(thresholds or {})
    base_cases, new_cases = {r.id: r for r in base.cases}, {r.id: r for r in new.cases}
    shared = [i for i in base_cases if i in new_cases]
    deltas = [
        _delta(b.suite, b.case, m, b.metrics.get(m), n.metrics.get(m), limits)
        for b, n in ((base_cases[i], new_cases[i]) for i in shared) for m in METRIC_NAMES
    ]
    means = []
    for suite in dict.fromkeys(base_cases[i].suite for i in shared):
        in_suite = [i for i in shared if base_cases[i].suite == suite]
        if len(in_suite) < 2:
            continue
        base_means, new_means = _means([base_cases[i] for i in in_suite]), _means([new_cases[i] for i in in_suite])
        means += [_delta(suite, "mean", m, base_means[m], new_means[m], limits) for m in METRIC_NAMES]
    return Comparison(
        base=base, new=new, base_label=labels[0], new_label=labels[1], thresholds=limits, deltas=deltas,
        means=means, details=[c for i in shared for c in _detail_changes(base_cases[i], new_cases[i])],
        only_in_base=[i for i in base_cases if i not in new_cases],
        only_in_new=[i for i in new_cases if i not in base_cases],
    )


def _delta(suite: str, case: str, metric: str, base: float | None, new: float | None,
           limits: Mapping[str, float]) -> Delta:
    spec = _BY_NAME[metric]
    change = None if base is None or new is None else round(new - base, _DIGITS)
    if change is None:
        status: Status = "regressed" if base is not None and spec.better != "neither" else (
            "new" if new is not None else "n/a")
    elif spec.better == "neither":
        status = "info"
    else:
        gain = change if spec.better == "higher" else -change
        status = "better" if gain > 0 else "same" if gain == 0 else "regressed" if -gain > limits[metric] else "worse"
    return Delta(suite=suite, case=case, metric=metric, base=base, new=new, change=change, status=status)


def _detail_changes(base: CaseResult, new: CaseResult) -> list[DetailChange]:
    changes = []
    for detail in dict.fromkeys([*base.details, *new.details]):
        before, after = base.details.get(detail, []), new.details.get(detail, [])
        appeared, disappeared = [x for x in after if x not in before], [x for x in before if x not in after]
        if appeared or disappeared:
            changes.append(DetailChange(suite=base.suite, case=base.case, detail=detail,
                                        appeared=appeared, disappeared=disappeared))
    return changes


# ---- reports: one outline, rendered as Markdown or HTML ---------------------------------------


@dataclass(frozen=True)
class Cell:
    text: str
    status: Status | None = None


@dataclass(frozen=True)
class Table:
    title: str
    header: list[str]
    rows: list[list[Cell]]


@dataclass(frozen=True)
class Report:
    title: str
    facts: list[tuple[str, str]]
    tables: list[Table]


_MARKS = {"better": "▲", "worse": "▽", "regressed": "▼ REGRESSED", "new": "new", "n/a": "", "same": "", "info": ""}


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if float(value).is_integer() and abs(value) >= 2 else f"{value:.3f}"


def _signed(value: float | None) -> str:
    if value is None:
        return ""
    if value == 0:
        return "0"
    return f"{value:+.3f}" if abs(value) < 2 else f"{value:+.0f}"


def _describe_run(run_record: RunRecord) -> str:
    code = run_record.code
    commit = f" {code.commit}{' (dirty)' if code.dirty else ''}" if code.commit else ""
    model = f", model {run_record.model}" if run_record.model else ""
    return f"{run_record.system} (lang {run_record.lang}){model}, code {code.package}{commit}, {run_record.created}"


def comparison_report(comparison: Comparison) -> Report:
    base, new = comparison.base, comparison.new
    verdict = (f"{len(comparison.regressions)} regression(s) past threshold" if comparison.regressions
               else "no regression past threshold")
    facts = [
        ("verdict", verdict),
        (comparison.base_label, _describe_run(base)),
        (comparison.new_label, _describe_run(new)),
    ]
    changed_prompts = sorted(n for n in {*base.prompts, *new.prompts} if base.prompts.get(n) != new.prompts.get(n))
    facts.append(("prompts changed", ", ".join(
        f"{n} {base.prompts.get(n, '–')} → {new.prompts.get(n, '–')}" for n in changed_prompts) or "none"))
    if base.model_identity != new.model_identity:
        facts.append(("model changed", f"{base.model_identity or '–'} → {new.model_identity or '–'}"))
    for label, ids in (("only in " + comparison.base_label, comparison.only_in_base),
                       ("only in " + comparison.new_label, comparison.only_in_new)):
        if ids:
            facts.append((label, ", ".join(ids)))
    for result in comparison.new_errors:
        facts.append((f"error in {result.id}", result.error or ""))

    header = ["case", comparison.base_label, comparison.new_label, "change", "status"]
    tables = []
    if comparison.regressions:
        tables.append(Table("Regressions", ["case", "metric", comparison.base_label, comparison.new_label, "change",
                                            "threshold"],
                            [[Cell(f"{d.suite}/{d.case}"), Cell(d.metric), Cell(_number(d.base)), Cell(_number(d.new)),
                              Cell(_signed(d.change), d.status), Cell(_number(comparison.thresholds[d.metric]))]
                             for d in comparison.regressions]))
    for metric in METRIC_NAMES:
        spec = _BY_NAME[metric]
        rows = [d for d in comparison.deltas + comparison.means if d.metric == metric]
        if all(d.base is None and d.new is None for d in rows):
            continue
        title = f"{metric} ({spec.better} is better, threshold {_number(comparison.thresholds[metric])})" \
            if spec.better != "neither" else f"{metric} (informational)"
        tables.append(Table(title, header, [
            [Cell(f"{d.suite}/{d.case}"), Cell(_number(d.base)), Cell(_number(d.new)),
             Cell(_signed(d.change), d.status), Cell(_MARKS[d.status], d.status)]
            for d in rows
        ]))
    if comparison.details:
        tables.append(Table("What changed behind the numbers", ["case", "detail", "now", "no longer"], [
            [Cell(f"{c.suite}/{c.case}"), Cell(c.detail), Cell("; ".join(c.appeared)), Cell("; ".join(c.disappeared))]
            for c in comparison.details
        ]))
    return Report("Eval comparison", facts, tables)


def run_report(run_record: RunRecord) -> Report:
    """Metrics of one run: a row per metric, a column per case and per mean of a suite's cases."""
    columns = [(r.suite, r.case, r.metrics) for r in run_record.cases]
    columns += [(suite, "mean", means) for suite, means in run_record.totals.means.items()
                if sum(1 for r in run_record.cases if r.suite == suite) > 1]
    usage = run_record.totals.usage
    facts = [
        ("run", _describe_run(run_record)),
        ("cases", f"{run_record.totals.cases} ({run_record.totals.errors} failed)"),
        ("usage", f"{usage.calls} model call(s), {usage.cached_calls} cached, {usage.prompt_tokens} prompt + "
                  f"{usage.completion_tokens} completion tokens"),
        ("seconds", f"{run_record.totals.seconds:.1f}"),
    ]
    rows = [[Cell(m), *(Cell(_number(metrics.get(m))) for _, _, metrics in columns)] for m in METRIC_NAMES]
    table = Table("Metrics", ["metric", *(f"{s}/{c}" for s, c, _ in columns)], rows)
    return Report("Eval run", facts, [table])


def markdown(report: Report) -> str:
    lines = [f"# {report.title}", ""]
    lines += [f"- **{_md(key)}**: {_md(value)}" for key, value in report.facts]
    for table in report.tables:
        lines += ["", f"## {_md(table.title)}", "", "| " + " | ".join(map(_md, table.header)) + " |",
                  "|" + "---|" * len(table.header)]
        lines += ["| " + " | ".join(_md(cell.text) for cell in row) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:80rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}
th,td{border:1px solid #ccc;padding:.25rem .6rem;text-align:left;vertical-align:top;unicode-bidi:plaintext}
th{background:#f3f3f3}
.better{background:#e3f6e3}.worse{background:#fff4d6}.regressed{background:#fbd3d3;font-weight:bold}
dt{font-weight:bold;float:left;clear:left;margin-right:.5rem}dd{margin:0 0 .3rem 0}
"""


def html_page(report: Report) -> str:
    """One self-contained page: inline CSS, every text escaped, nothing loaded from elsewhere."""
    e = html.escape
    parts = [f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{e(report.title)}</title>",
             f"<style>{_CSS}</style></head><body>", f"<h1>{e(report.title)}</h1>", "<dl>"]
    parts += [f"<dt>{e(key)}:</dt><dd>{e(value)}</dd>" for key, value in report.facts]
    parts.append("</dl>")
    for table in report.tables:
        header = "".join(f"<th>{e(h)}</th>" for h in table.header)
        parts.append(f"<h2>{e(table.title)}</h2><table><tr>{header}</tr>")
        for row in table.rows:
            cells = "".join(f"<td class=\"{cell.status}\">{e(cell.text)}</td>" if cell.status
                            else f"<td>{e(cell.text)}</td>" for cell in row)
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
