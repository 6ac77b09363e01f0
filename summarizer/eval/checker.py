"""`summarizer eval checker`: the brief's faithfulness check measured both ways on labelled pairs.

A pair is a source (the words a sentence cites) and a rendering of it, labelled by a person as
faithful (says only what the source says) or unfaithful (the check should reject it). Each pair
goes through `summarizer.checks.faithful.verdict`, the one verdict the writer gives every rendering,
headline and overview sentence, and the report counts, per label, how many the check kept and
rejected: a check that rejects everything scores 0 on faithful pairs however well it catches
the unfaithful ones, so neither rate means anything without the other.

The pair file is JSON Lines, one object a line (blank lines skipped):

    {"source": "…" | ["…", …], "rendering": "…", "label": "faithful" | "unfaithful",
     "speaker": "…", "kind": "…", "why": "…"}

- `source`: a string is one passage rendered whole (exact: numbers must agree both ways); a list
  is several passages a headline or overview sentence restates (the sentence may leave numbers out);
- `speaker` (optional): whom the source words are credited to, in Arabic or Latin script; the
  rendering may name that person and have them speak;
- `kind` (optional): the kind of error of an unfaithful pair ("negation_dropped", "number_changed"…),
  or where a faithful one comes from ("human translation"), reported kind by kind;
- `id` (optional): a name for the pair, shown beside its line; `why` (optional): a note for people,
  shown beside a wrong verdict.
Other fields are allowed and ignored.

No model is called and none is imported: the check is deterministic.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, StrictStr, ValidationError, field_validator
from tabulate import tabulate

from summarizer import jsontext
from summarizer.lang.arabic import script
from summarizer.eval.suites import EvalError
from summarizer.checks.faithful import verdict

SHOWN_CHARS = 100  # a rendering in the list of wrong verdicts is cut to this many characters
NO_KIND = "(no kind)"  # the row of the kind tables for the pairs of a label that have no kind


class Pair(BaseModel):
    """One labelled line of a pair file."""

    model_config = ConfigDict(extra="ignore")

    source: StrictStr | list[StrictStr]
    rendering: StrictStr
    label: Literal["faithful", "unfaithful"]
    speaker: StrictStr | list[StrictStr] | None = None
    kind: StrictStr | None = None
    why: StrictStr | None = None
    id: StrictStr | int | None = None

    @field_validator("source", "rendering")
    @classmethod
    def _not_empty(cls, value: str | list[str]) -> str | list[str]:
        texts = [value] if isinstance(value, str) else value
        if not texts or not all(t.strip() for t in texts):
            raise ValueError("empty")
        return value

    @property
    def passages(self) -> list[str]:
        return [self.source] if isinstance(self.source, str) else list(self.source)


class Verdict(BaseModel):
    """What the check said of one pair: `reason` is None when it kept the rendering."""

    line: int
    id: str | int | None
    label: Literal["faithful", "unfaithful"]
    kind: str | None
    kept: bool
    right: bool
    reason: str | None


class KindScore(BaseModel):
    """The unfaithful pairs of one kind and how many the check rejected."""

    pairs: int
    rejected: int
    rejected_rate: float


class FaithfulKindScore(BaseModel):
    """The faithful pairs of one kind and how many the check kept."""

    pairs: int
    kept: int
    kept_rate: float


class CheckerReport(BaseModel):
    """The `--json` output. Counts are numbers of pairs; every `_rate` and `balanced_accuracy` is
    0–1, or None when no pair has the label it is a rate of."""

    file: str
    pairs: int
    faithful: int
    faithful_kept: int
    faithful_kept_rate: float | None
    unfaithful: int
    unfaithful_rejected: int
    unfaithful_rejected_rate: float | None
    balanced_accuracy: float | None
    by_kind: dict[str, KindScore]
    faithful_by_kind: dict[str, FaithfulKindScore]
    verdicts: list[Verdict]

    def unkinded(self) -> tuple[int, int]:
        """Unfaithful pairs without a kind: (pairs, rejected)."""
        of_none = [v for v in self.verdicts if v.label == "unfaithful" and not v.kind]
        return len(of_none), sum(not v.kept for v in of_none)

    def lowest_rejected_rate(self) -> tuple[str, float] | None:
        """The kind (or the NO_KIND group) whose unfaithful pairs the check rejects least often."""
        rates = {kind: score.rejected_rate for kind, score in self.by_kind.items()}
        pairs, rejected = self.unkinded()
        if pairs:
            rates[NO_KIND] = rejected / pairs
        return min(rates.items(), key=lambda item: item[1]) if rates else None


def language(text: str) -> str:
    """The language the check holds a rendering to: "ar" when most of its letters are Arabic, else "en"."""
    return script(text)


def load_pairs(path: Path) -> list[tuple[int, Pair]]:
    """The pairs of a JSON Lines file with their line numbers; an EvalError names the file and the
    first bad line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise EvalError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise EvalError(f"{path}: is a folder; give a pair file (JSON Lines)") from None
    except UnicodeDecodeError as error:
        byte = error.object[error.start]
        raise EvalError(f"{path}: not UTF-8 text (byte 0x{byte:02x} at offset {error.start})") from None
    except OSError as error:
        raise EvalError(f"{path}: cannot read: {error.strerror or error}") from None
    pairs = []
    for number, line in enumerate(text.split("\n"), start=1):  # not splitlines: U+2028 may sit in a string
        if not line.strip():
            continue
        try:
            data = jsontext.loads(line)
        except json.JSONDecodeError as error:
            raise EvalError(f"{path} line {number}: not JSON ({error.msg} at column {error.colno})") from None
        if not isinstance(data, dict):
            raise EvalError(f"{path} line {number}: not a JSON object")
        try:
            pairs.append((number, Pair.model_validate(data)))
        except ValidationError as error:
            raise EvalError(f"{path} line {number}: {_problem(error, data)}") from None
    if not pairs:
        raise EvalError(f"{path}: no pairs (the file is empty)" if not text else f"{path}: no pairs (only blank lines)")
    return pairs


def _problem(error: ValidationError, data: dict) -> str:
    """One sentence for the first thing wrong with a line, in the terms of the pair format."""
    first = error.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else ""
    if first["type"] == "missing":
        return f'missing "{field}"'
    if field == "label":
        return f'label must be "faithful" or "unfaithful" (got {json.dumps(data.get("label"), ensure_ascii=False)})'
    if first["type"] == "value_error":
        return f"{field} is empty"
    if field in ("source", "speaker"):
        return f"{field} must be a string or a list of strings"
    return f"{field} must be a string"


def judge(pair: Pair) -> str | None:
    """The check's reason for rejecting the pair's rendering, or None when it keeps it."""
    return verdict(pair.rendering, pair.passages, language(pair.rendering),
                   speakers=[pair.speaker] if isinstance(pair.speaker, str) else pair.speaker or (), exact=isinstance(pair.source, str))


def score(pairs: list[tuple[int, Pair]], file: str = "", advance: Callable[[], None] = lambda: None) -> CheckerReport:
    """Judge every pair and count; `advance()` is called once a pair (a progress bar)."""
    verdicts = []
    for line, pair in pairs:
        reason = judge(pair)
        kept = reason is None
        verdicts.append(Verdict(line=line, id=pair.id, label=pair.label, kind=pair.kind, kept=kept,
                                right=kept == (pair.label == "faithful"), reason=reason))
        advance()
    faithful = [v for v in verdicts if v.label == "faithful"]
    unfaithful = [v for v in verdicts if v.label == "unfaithful"]
    faithful_kept = sum(v.kept for v in faithful)
    unfaithful_rejected = sum(not v.kept for v in unfaithful)
    kept_rate = _rate(faithful_kept, len(faithful))
    rejected_rate = _rate(unfaithful_rejected, len(unfaithful))
    by_kind: dict[str, KindScore] = {}
    for kind in sorted({v.kind for v in unfaithful if v.kind}):
        of_kind = [v for v in unfaithful if v.kind == kind]
        rejected = sum(not v.kept for v in of_kind)
        by_kind[kind] = KindScore(pairs=len(of_kind), rejected=rejected, rejected_rate=rejected / len(of_kind))
    faithful_by_kind: dict[str, FaithfulKindScore] = {}
    for kind in sorted({v.kind for v in faithful if v.kind}):
        of_kind = [v for v in faithful if v.kind == kind]
        kept = sum(v.kept for v in of_kind)
        faithful_by_kind[kind] = FaithfulKindScore(pairs=len(of_kind), kept=kept, kept_rate=kept / len(of_kind))
    return CheckerReport(
        file=file, pairs=len(verdicts), faithful=len(faithful), faithful_kept=faithful_kept,
        faithful_kept_rate=kept_rate, unfaithful=len(unfaithful), unfaithful_rejected=unfaithful_rejected,
        unfaithful_rejected_rate=rejected_rate,
        balanced_accuracy=None if kept_rate is None or rejected_rate is None else (kept_rate + rejected_rate) / 2,
        by_kind=by_kind, faithful_by_kind=faithful_by_kind, verdicts=verdicts,
    )


def _rate(count: int, total: int) -> float | None:
    return count / total if total else None


def gate_failures(report: CheckerReport, min_balanced: float | None = None, min_kept: float | None = None,
                  min_rejected: float | None = None) -> list[str]:
    """Why the report misses a threshold, one sentence each; a rate no pair measures misses it too."""
    failures = []
    if min_balanced is not None:
        if report.balanced_accuracy is None:
            failures.append(f"balanced accuracy not measured (it needs both labels), --min-balanced {min_balanced}")
        elif report.balanced_accuracy < min_balanced:
            failures.append(f"balanced accuracy {report.balanced_accuracy:.3f} is below --min-balanced {min_balanced}")
    if min_kept is not None:
        if report.faithful_kept_rate is None:
            failures.append(f"faithful kept rate not measured (no faithful pairs), --min-kept {min_kept}")
        elif report.faithful_kept_rate < min_kept:
            failures.append(f"faithful kept rate {report.faithful_kept_rate:.3f} is below --min-kept {min_kept}")
    if min_rejected is not None:
        lowest = report.lowest_rejected_rate()
        if lowest is None:
            failures.append("unfaithful rejected rate not measured (no unfaithful pairs), "
                            f"--min-rejected {min_rejected}")
        elif lowest[1] < min_rejected:
            failures.append(f"unfaithful rejected rate of {lowest[0]} {lowest[1]:.3f} is below "
                            f"--min-rejected {min_rejected}")
    return failures


def text(report: CheckerReport, pairs: list[tuple[int, Pair]]) -> str:
    """The report for a person at a terminal: the tables, the balanced accuracy, then every wrong
    verdict with the rendering it was given (from `pairs`, as `load_pairs` returned them)."""
    labels = [
        ["faithful", report.faithful, report.faithful_kept, report.faithful - report.faithful_kept,
         _shown(report.faithful_kept_rate)],
        ["unfaithful", report.unfaithful, report.unfaithful - report.unfaithful_rejected, report.unfaithful_rejected,
         _shown(report.unfaithful_rejected_rate)],
    ]
    parts = [f"{report.file}: {report.pairs} pair(s)" if report.file else f"{report.pairs} pair(s)", "",
             tabulate(labels, headers=["label", "pairs", "kept", "rejected", "rate right"], tablefmt="simple",
                      colalign=("left", "right", "right", "right", "right"), disable_numparse=True)]
    origins = [[kind, s.pairs, s.kept, _shown(s.kept_rate)] for kind, s in report.faithful_by_kind.items()]
    unkinded = sum(1 for v in report.verdicts if v.label == "faithful" and not v.kind)
    if unkinded and origins:
        kept = sum(1 for v in report.verdicts if v.label == "faithful" and not v.kind and v.kept)
        origins.append([NO_KIND, unkinded, kept, _shown(kept / unkinded)])
    if origins:
        parts += ["", tabulate(origins, headers=["faithful kind", "pairs", "kept", "rate"], tablefmt="simple",
                               colalign=("left", "right", "right", "right"), disable_numparse=True)]
    kinds = [[kind, s.pairs, s.rejected, _shown(s.rejected_rate)] for kind, s in report.by_kind.items()]
    unkinded, rejected = report.unkinded()
    if unkinded and kinds:
        kinds.append([NO_KIND, unkinded, rejected, _shown(rejected / unkinded)])
    if kinds:
        parts += ["", tabulate(kinds, headers=["unfaithful kind", "pairs", "rejected", "rate"], tablefmt="simple",
                               colalign=("left", "right", "right", "right"), disable_numparse=True)]
    if report.balanced_accuracy is None:
        parts += ["", "balanced accuracy –  (it needs faithful and unfaithful pairs)"]
    else:
        parts += ["", f"balanced accuracy {report.balanced_accuracy:.3f}  = (faithful kept "
                  f"{report.faithful_kept_rate:.3f} + unfaithful rejected {report.unfaithful_rejected_rate:.3f}) / 2"]
    wrong, pair_at = [v for v in report.verdicts if not v.right], dict(pairs)
    parts += ["", f"{len(wrong)} wrong verdict(s)" + (":" if wrong else "")]
    for v in wrong:
        pair = pair_at.get(v.line)
        label = v.label + (f" ({v.kind})" if v.kind else "")
        what = f"rejected: {v.reason}" if not v.kept else "kept"
        parts.append(f"  line {v.line}" + (f" ({v.id})" if v.id is not None else "") + f": {label} {what}")
        if pair is not None:
            parts.append(f"    {_shortened(pair.rendering)}")
            if pair.why:
                parts.append(f"    why: {_shortened(pair.why)}")
    return "\n".join(parts)


def _shown(rate: float | None) -> str:
    return "–" if rate is None else f"{rate:.3f}"


def _shortened(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS - 1].rstrip() + "…"


def as_json(report: CheckerReport) -> str:
    return report.model_dump_json(indent=2)
