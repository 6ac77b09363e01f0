"""Run records: evaluate a system (or a brief file) on cases and keep what a later comparison needs.

A record says what was run, on which code, prompts, model and gold version (a hash per case),
with every metric and the details behind the misses, so `eval compare` can tell a regression
from a change of gold or of system.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import logging
import subprocess
import time
from collections.abc import Sequence
from datetime import datetime, timezone
from functools import reduce
from pathlib import Path
from statistics import mean

from pydantic import BaseModel, Field

from summarizer import __version__
from summarizer.eval.scoring import METRIC_NAMES, rounded, score
from summarizer.eval.suites import EVALS, Case, EvalError, gold_records, load_documents
from summarizer.eval.systems import System, SystemOutput, from_brief, run_system
from summarizer.llm.errors import RunStopped
from summarizer.models import Brief, Usage
from summarizer.llm.prompts import prompt_hashes

if TYPE_CHECKING:  # annotations only: the client loads when a command runs a model
    from summarizer.llm.gateway import Gateway

log = logging.getLogger(__name__)

RUNS = EVALS / "runs"


class CodeVersion(BaseModel):
    package: str
    commit: str | None = None
    dirty: bool | None = None


class CaseResult(BaseModel):
    suite: str
    case: str
    lang: str = Field(description="language of the scored summary")
    gold_hash: str | None = Field(None, description="hash of the case's gold files when scored")
    metrics: dict[str, float | None]
    details: dict[str, list[str]] = Field(default_factory=dict, description="what the metrics missed, by name")
    items: dict[str, dict[str, float]] = Field(
        default_factory=dict, description="metric -> item id -> value, for a metric that is a share of items "
        "(key facts): what `eval compare` pairs and resamples")
    repeat: int = Field(1, description="which of the run's repeats of the case (`eval --repeat`), from 1")
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
    spread: dict[str, dict[str, list[float]]] = Field(
        default_factory=dict, description="with repeats: suite -> metric -> [lowest, highest] mean of one repeat")


class RunRecord(BaseModel):
    """One eval run: enough to tell later what was run, on what code, with which prompts and model."""

    suites: list[str]
    system: System
    source: str | None = Field(None, description="the brief file scored, for system brief-file")
    lang: str = Field(description="requested language of briefs, or the suites' own languages joined by '+' "
                      "when none was requested (baselines use the documents' language)")
    model: str | None = Field(None, description="model description (credentials redacted), for systems that call one")
    model_identity: str | None = None
    prompts: dict[str, str] = Field(description="prompt template name -> content hash")
    code: CodeVersion
    created: str
    repeats: int = Field(1, description="runs of every case (`eval --repeat`); `cases` holds each, by `repeat`")
    cases: list[CaseResult]
    totals: Totals


def code_version() -> CodeVersion:
    """Package version, plus git commit and dirty flag when this is a git checkout."""
    commit = _git("rev-parse", "--short", "HEAD")
    status = _git("status", "--porcelain") if commit else None
    return CodeVersion(package=__version__, commit=commit, dirty=None if status is None else bool(status))


def _git(*arguments: str) -> str | None:
    try:
        done = subprocess.run(["git", *arguments], cwd=EVALS.parent, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def score_output(case: Case, documents, output: SystemOutput, seconds: float) -> CaseResult:
    metrics, details, items = score(case, documents, output, gold_records(case))
    return CaseResult(
        suite=case.suite, case=case.name, lang=output.lang, gold_hash=case.gold_hash(), metrics=metrics,
        details=details, items=items, usage=output.usage, seconds=round(seconds, 3), summary=output.text,
        warnings=list(output.warnings),
    )


def evaluate_case(system: System, case: Case, *, lang: str | None = None,
                  gateway: Gateway | None = None) -> CaseResult:
    """Run and score one case, a brief in `lang` (default: the suite's language). A failure inside
    the system is recorded on the case, not raised, so one broken case never costs the others (and
    a comparison counts it as a regression)."""
    lang = lang or case.language
    documents = load_documents(case)
    started = time.monotonic()
    try:
        output = run_system(system, case, documents, lang=lang, gateway=gateway)
    except (EvalError, RunStopped):  # bad input, or a dead endpoint: no later case can do better
        raise
    except Exception as error:  # noqa: BLE001 - recorded on the case and reported
        return CaseResult(suite=case.suite, case=case.name, lang=lang, gold_hash=case.gold_hash(),
                          metrics=dict.fromkeys(METRIC_NAMES), seconds=round(time.monotonic() - started, 3),
                          error=f"{type(error).__name__}: {error}")
    return score_output(case, documents, output, time.monotonic() - started)


def _record(system: System, cases: Sequence[Case], results: list[CaseResult], lang: str,
            gateway: Gateway | None = None, source: str | None = None, repeats: int = 1) -> RunRecord:
    return RunRecord(
        suites=list(dict.fromkeys(c.suite for c in cases)),
        system=system,
        repeats=repeats,
        source=source,
        lang=lang,
        model=gateway.config.describe() if gateway else None,
        model_identity=gateway.identity if gateway else None,
        prompts=prompt_hashes(),
        code=code_version(),
        created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        cases=results,
        totals=_totals(results),
    )


def run(system: System, cases: Sequence[Case], *, lang: str | None = None,
        gateway: Gateway | None = None, repeats: int = 1) -> RunRecord:
    """Evaluate `system` on `cases` (those it applies to) into a run record; one log line per case.

    Briefs are written in `lang`, by default each in its suite's language (the one its references
    are in); the record's `lang` is then the suites' languages joined by '+' ("ar", "ar+en").
    With `repeats`, every case is run that many times; repeat k asks the model anew (the gateway's
    `sample` k: its answers are cached apart from the others'), so the record shows how much each
    metric moves between runs of the same code."""
    cases = [c for c in cases if system != "pipeline-gold-records" or c.records is not None]
    results: list[CaseResult] = []
    for repeat in range(1, repeats + 1):
        if gateway is not None:
            gateway.sample = repeat
        for number, case in enumerate(cases, 1):
            where = f"[{number}/{len(cases)}]" + (f" repeat {repeat}/{repeats}" if repeats > 1 else "")
            log.info(f"{where} {case.id}: running {system}")
            result = evaluate_case(system, case, lang=lang, gateway=gateway).model_copy(update={"repeat": repeat})
            for warning in result.warnings:
                log.warning(f"{case.id}: {warning}")
            log.log(logging.WARNING if result.error else logging.INFO,
                    f"{where} {case.id}: " + (f"ERROR {result.error}" if result.error else headline(result)))
            results.append(result)
    requested = lang or "+".join(dict.fromkeys(c.language for c in cases))
    return _record(system, cases, results, requested, gateway if system == "pipeline" else None, repeats=repeats)


def score_brief(brief: Brief, case: Case, source: Path) -> RunRecord:
    """A run record of one brief file scored on one case, as `eval score -o` writes it."""
    documents = load_documents(case)
    result = score_output(case, documents, from_brief(brief), 0.0)
    return _record("brief-file", [case], [result], brief.lang, source=str(source))


def headline(result: CaseResult) -> str:
    shown = ("score", "key_fact_recall", "contradictions", "support", "attribution_accuracy", "rouge1",
             "length_words")
    return ", ".join(f"{m} {number(result.metrics.get(m))}" for m in shown) + f", {result.seconds:.1f}s"


def number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if float(value).is_integer() and abs(value) >= 2 else f"{value:.3f}"


def _totals(results: Sequence[CaseResult]) -> Totals:
    return Totals(
        cases=len(results),
        errors=sum(1 for r in results if r.error),
        usage=reduce(Usage.add, (r.usage for r in results), Usage()),
        seconds=round(sum(r.seconds for r in results), 3),
        means={suite: means([r for r in results if r.suite == suite])
               for suite in dict.fromkeys(r.suite for r in results)},
        spread=_spread(results),
    )


def _spread(results: Sequence[CaseResult]) -> dict[str, dict[str, list[float]]]:
    """Suite -> metric -> [lowest, highest] of the suite's mean over the repeats, when there are several."""
    repeats = sorted({r.repeat for r in results})
    if len(repeats) < 2:
        return {}
    spread: dict[str, dict[str, list[float]]] = {}
    for suite in dict.fromkeys(r.suite for r in results):
        per_repeat = [means([r for r in results if r.suite == suite and r.repeat == k]) for k in repeats]
        spread[suite] = {m: [min(values), max(values)] for m in METRIC_NAMES
                         if len(values := [p[m] for p in per_repeat if p[m] is not None]) == len(repeats)}
    return spread


def means(results: Sequence[CaseResult]) -> dict[str, float | None]:
    """Mean of each metric over the cases that have it."""
    values = {m: [r.metrics[m] for r in results if r.metrics.get(m) is not None] for m in METRIC_NAMES}
    return rounded({m: mean(v) if v else None for m, v in values.items()})


def load_run(path: Path) -> RunRecord:
    try:
        return RunRecord.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise EvalError(f"{path}: not a readable run record: {str(error).splitlines()[0]}") from error


def default_run_path(run_record: RunRecord, folder: Path = RUNS) -> Path:
    """evals/runs/<suite[+suite]>-<system>[-<lang>]-<UTC timestamp>.json ("-en", "-ar+en"; none for
    Arabic briefs and for the baselines, which speak their documents' language)"""
    stamp = datetime.fromisoformat(run_record.created).strftime("%Y%m%dT%H%M%SZ")
    language = "" if run_record.lang == "ar" or run_record.system in ("lead", "centroid") else f"-{run_record.lang}"
    return folder / f"{'+'.join(run_record.suites) or 'none'}-{run_record.system}{language}-{stamp}.json"
