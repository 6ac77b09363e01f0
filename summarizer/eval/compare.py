"""Compare two run records, paired: per suite and metric, a change and whether it is more than noise.

The two runs are paired case by case (and repeat by repeat, and, for a metric that is a share of
items such as key facts, item by item: `CaseResult.items`). Each metric's change in a suite is
the mean of the paired differences, with a bootstrap 95% interval over them (BOOTSTRAP resamples,
a fixed seed: the same two runs give the same interval): over the cases when the suite has
several, else over the case's items, else over its repeats; with one of each, the interval is
the change itself. A metric regresses when it moves the wrong way by more than its threshold
(`summarizer.eval.scoring.METRICS`) and the interval lies wholly on the wrong side of zero;
beyond the threshold but not outside the interval, it is "within noise". A metric whose
threshold is 0 (contradictions) regresses on any worsening in any case, and a metric the base
measured and the new run did not regresses too. Runs scored against different gold are refused,
since their numbers measure different things; runs of different systems, suites or languages are
compared with a loud warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import mean
from typing import Literal

import numpy as np

from pydantic import BaseModel, Field

from summarizer.eval.runs import CaseResult, RunRecord, means
from summarizer.eval.scoring import BY_NAME, DIGITS, METRIC_NAMES, METRICS
from summarizer.eval.suites import EvalError

Status = Literal["better", "same", "worse", "within noise", "regressed", "new", "n/a"]
BOOTSTRAP = 2000  # resamples for an interval
CONFIDENCE = 0.95


class Delta(BaseModel):
    suite: str
    case: str
    metric: str
    base: float | None
    new: float | None
    change: float | None
    status: Status
    low: float | None = Field(None, description="the change's 95% interval, from paired differences")
    high: float | None = None
    pairs: int = Field(1, description="paired differences the interval resamples (cases, items or repeats)")


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
        """What fails the comparison: a suite's metric regressed, or a case's where any worsening counts."""
        return [d for d in self.means if d.status == "regressed"] + [
            d for d in self.deltas if d.status == "regressed" and self.thresholds.get(d.metric, 1.0) == 0]

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
    base_cases, new_cases = _by_case(base), _by_case(new)
    shared = [i for i in base_cases if i in new_cases]
    deltas = [_delta(base_cases[i][0].suite, base_cases[i][0].case, m, _paired(base_cases[i], new_cases[i], m), limits)
              for i in shared for m in METRIC_NAMES]
    mean_deltas = []
    for suite in dict.fromkeys(base_cases[i][0].suite for i in shared):
        in_suite = [i for i in shared if base_cases[i][0].suite == suite]
        name = "mean" if len(in_suite) > 1 else base_cases[in_suite[0]][0].case
        for m in METRIC_NAMES:
            if len(in_suite) == 1:
                paired = _paired(base_cases[in_suite[0]], new_cases[in_suite[0]], m)
            else:  # one paired difference per case: its mean over repeats
                per_case = [_paired(base_cases[i], new_cases[i], m) for i in in_suite]
                before, after = means([r for i in in_suite for r in base_cases[i]]), means([r for i in in_suite for r in new_cases[i]])
                paired = Paired(before[m], after[m], [p.change for p in per_case if p.change is not None])
            mean_deltas.append(_delta(suite, name, m, paired, limits))
    return Comparison(
        base=base, new=new, base_label=labels[0], new_label=labels[1], thresholds=limits,
        warnings=refusals + warnings, deltas=deltas, means=mean_deltas,
        details=[c for i in shared for c in _detail_changes(base_cases[i][0], new_cases[i][0])],
        only_in_base=[i for i in base_cases if i not in new_cases],
        only_in_new=[i for i in new_cases if i not in base_cases],
    )


def _by_case(run: RunRecord) -> dict[str, list[CaseResult]]:
    """Case id -> its results, one per repeat, in repeat order."""
    cases: dict[str, list[CaseResult]] = {}
    for result in sorted(run.cases, key=lambda r: r.repeat):
        cases.setdefault(result.id, []).append(result)
    return cases


@dataclass(frozen=True)
class Paired:
    """A metric's value before and after, and the paired differences its interval resamples."""

    base: float | None
    new: float | None
    differences: list[float]

    @property
    def change(self) -> float | None:
        return None if self.base is None or self.new is None else round(self.new - self.base, DIGITS)


def _paired(base: list[CaseResult], new: list[CaseResult], metric: str) -> Paired:
    """One case's metric over its repeats, and its paired differences: item by item (each item's
    mean over the repeats) when both runs scored items, else repeat by repeat."""
    before = [r.metrics.get(metric) for r in base if r.metrics.get(metric) is not None]
    after = [r.metrics.get(metric) for r in new if r.metrics.get(metric) is not None]
    value = (round(mean(before), DIGITS) if before else None, round(mean(after), DIGITS) if after else None)
    items_before, items_after = [r.items.get(metric) for r in base], [r.items.get(metric) for r in new]
    if items_before and items_after and all(items_before + items_after):  # both runs scored every item
        shared = [k for k in items_before[0] if all(k in i for i in items_before + items_after)]
        differences = [mean(i[k] for i in items_after) - mean(i[k] for i in items_before) for k in shared]
        scale = len(shared) if metric == "contradictions" else 1  # a count, not a share: summed over items
        return Paired(*value, [d * scale for d in differences])
    repeats = [(b.metrics.get(metric), n.metrics.get(metric)) for b, n in zip(base, new)]
    return Paired(*value, [n - b for b, n in repeats if b is not None and n is not None])


def interval(differences: list[float]) -> tuple[float, float] | None:
    """The bootstrap CONFIDENCE interval of the mean of paired differences (percentile method,
    BOOTSTRAP resamples, seed 0); None without any."""
    if not differences:
        return None
    values = np.array(differences, dtype=float)
    if len(values) == 1:
        return float(values[0]), float(values[0])
    resampled = values[np.random.default_rng(0).integers(0, len(values), (BOOTSTRAP, len(values)))].mean(axis=1)
    tail = (1 - CONFIDENCE) / 2 * 100
    return float(np.percentile(resampled, tail)), float(np.percentile(resampled, 100 - tail))


def _delta(suite: str, case: str, metric: str, paired: Paired, limits: Mapping[str, float]) -> Delta:
    spec = BY_NAME[metric]
    base, new, change = paired.base, paired.new, paired.change
    bounds = interval(paired.differences) if change is not None else None
    if change is None:
        status: Status = "regressed" if base is not None else ("new" if new is not None else "n/a")
    else:
        gain = change if spec.better == "higher" else -change
        allowed = limits[metric] * abs(base) if spec.relative else limits[metric]
        low, high = bounds or (change, change)
        outside = high < 0 if spec.better == "higher" else low > 0  # the interval is wholly on the worse side
        if gain > 0:
            status = "better"
        elif gain == 0:
            status = "same"
        elif -gain <= allowed:
            status = "worse"
        else:
            status = "regressed" if outside or limits[metric] == 0 else "within noise"
    low, high = (round(bounds[0], DIGITS), round(bounds[1], DIGITS)) if bounds else (None, None)
    return Delta(suite=suite, case=case, metric=metric, base=base, new=new, change=change, status=status,
                 low=low, high=high, pairs=len(paired.differences))


def _detail_changes(base: CaseResult, new: CaseResult) -> list[DetailChange]:
    changes = []
    for detail in dict.fromkeys([*base.details, *new.details]):
        before, after = base.details.get(detail, []), new.details.get(detail, [])
        appeared, disappeared = [x for x in after if x not in before], [x for x in before if x not in after]
        if appeared or disappeared:
            changes.append(DetailChange(suite=base.suite, case=base.case, detail=detail,
                                        appeared=appeared, disappeared=disappeared))
    return changes
