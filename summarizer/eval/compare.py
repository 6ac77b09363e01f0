"""Compare two run records: per case and metric, what got better, worse, or regressed.

A metric regresses when it moves the wrong way by more than its threshold (see
`summarizer.eval.scoring.METRICS`), or when the base measured it and the new run did not. Runs
scored against different gold are refused, since their numbers measure different things; runs
of different systems, suites or languages are compared with a loud warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from pydantic import BaseModel, Field

from summarizer.eval.runs import CaseResult, RunRecord, means
from summarizer.eval.scoring import BY_NAME, DIGITS, METRIC_NAMES, METRICS
from summarizer.eval.suites import EvalError

Status = Literal["better", "same", "worse", "regressed", "new", "n/a"]


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
    warnings: list[str] = Field(default_factory=list, description="why the two runs may not be comparable")
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
        if name not in BY_NAME:
            raise EvalError(f"--threshold {item}: unknown metric {name!r} (known: {', '.join(METRIC_NAMES)})")
        try:
            thresholds[name] = float(value)
        except ValueError:
            raise EvalError(f"--threshold {item}: {value!r} is not a number") from None
        if thresholds[name] < 0:
            raise EvalError(f"--threshold {item}: a threshold is an allowed worsening, so it cannot be negative")
    return thresholds


def comparability(base: RunRecord, new: RunRecord) -> tuple[list[str], list[str]]:
    """(refusals, warnings): different gold on a shared case refuses; the rest warns."""
    new_cases = {r.id: r for r in new.cases}
    refusals, warnings = [], []
    for b in base.cases:
        n = new_cases.get(b.id)
        if n is None:
            continue
        if b.gold_hash and n.gold_hash and b.gold_hash != n.gold_hash:
            refusals.append(f"{b.id}: scored against different gold ({b.gold_hash} vs {n.gold_hash}); "
                            "re-score the base run on the current gold")
        elif not (b.gold_hash and n.gold_hash):
            warnings.append(f"{b.id}: gold version unknown in one run (recorded before gold hashes)")
    if base.system != new.system:
        warnings.append(f"different systems: {base.system} vs {new.system}")
    if base.suites != new.suites:
        warnings.append(f"different suites: {'+'.join(base.suites)} vs {'+'.join(new.suites)}")
    if base.lang != new.lang:
        warnings.append(f"different brief languages: {base.lang} vs {new.lang}")
    return refusals, warnings


def compare(base: RunRecord, new: RunRecord, thresholds: Mapping[str, float] | None = None, *,
            labels: tuple[str, str] = ("base", "new"), allow_gold_change: bool = False) -> Comparison:
    """Per case and metric, how `new` moved from `base`; an EvalError when the gold differs
    (unless `allow_gold_change`). Cases only one run has are listed, never scored."""
    refusals, warnings = comparability(base, new)
    if refusals and not allow_gold_change:
        raise EvalError("runs not comparable: " + "; ".join(refusals))
    limits = {m.name: m.threshold for m in METRICS} | dict(thresholds or {})
    base_cases, new_cases = {r.id: r for r in base.cases}, {r.id: r for r in new.cases}
    shared = [i for i in base_cases if i in new_cases]
    deltas = [
        _delta(b.suite, b.case, m, b.metrics.get(m), n.metrics.get(m), limits)
        for b, n in ((base_cases[i], new_cases[i]) for i in shared) for m in METRIC_NAMES
    ]
    mean_deltas = []
    for suite in dict.fromkeys(base_cases[i].suite for i in shared):
        in_suite = [i for i in shared if base_cases[i].suite == suite]
        if len(in_suite) < 2:
            continue
        before, after = means([base_cases[i] for i in in_suite]), means([new_cases[i] for i in in_suite])
        mean_deltas += [_delta(suite, "mean", m, before[m], after[m], limits) for m in METRIC_NAMES]
    return Comparison(
        base=base, new=new, base_label=labels[0], new_label=labels[1], thresholds=limits,
        warnings=refusals + warnings, deltas=deltas, means=mean_deltas,
        details=[c for i in shared for c in _detail_changes(base_cases[i], new_cases[i])],
        only_in_base=[i for i in base_cases if i not in new_cases],
        only_in_new=[i for i in new_cases if i not in base_cases],
    )


def _delta(suite: str, case: str, metric: str, base: float | None, new: float | None,
           limits: Mapping[str, float]) -> Delta:
    spec = BY_NAME[metric]
    change = None if base is None or new is None else round(new - base, DIGITS)
    if change is None:
        status: Status = "regressed" if base is not None else ("new" if new is not None else "n/a")
    else:
        gain = change if spec.better == "higher" else -change
        allowed = limits[metric] * abs(base) if spec.relative else limits[metric]
        status = "better" if gain > 0 else "same" if gain == 0 else "regressed" if -gain > allowed else "worse"
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
