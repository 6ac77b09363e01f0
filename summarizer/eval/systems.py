"""Systems the harness can run on a case, and what any of them produced, in the metrics' terms.

`pipeline` extracts every page through the gateway, then groups, merges and writes prose;
`pipeline-gold-records` groups and merges the case's gold records (no model: it isolates the
deterministic stages); `lead` and `centroid` are the no-LLM baselines of `summarizer.eval.baselines`;
`brief-file` is a brief read from a JSON file (`eval score`), whoever wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from summarizer import jsontext
from summarizer.eval.baselines import BaselineSummary, centroid_mmr, lead
from summarizer.eval.claims import Unit
from summarizer.eval import RUNNABLE, EvalError, System
from summarizer.eval.suites import Case
from summarizer.models import Brief, CleanDocument, Evidence, MeetingRecord, Usage
from summarizer.stages.pipeline import build_briefs, extract_for_brief, failures, load_records, records_of

if TYPE_CHECKING:  # annotations only: the client loads when a command runs a model
    from summarizer.llm.gateway import Gateway



@dataclass(frozen=True)
class SystemOutput:
    """What a system produced for a case. Baselines have no brief: no event, party or conflict."""

    units: list[Unit]
    lang: str
    brief: Brief | None = None
    records: list[MeetingRecord] | None = None  # extracted records, pipeline only
    usage: Usage = field(default_factory=Usage)
    warnings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(unit.text for unit in self.units)

    @property
    def citations(self) -> list[Evidence]:
        """Every citation shown, the event block's too."""
        event = list(self.brief.event.citations) if self.brief else []
        return [c for unit in self.units for c in unit.citations] + event

    @property
    def excluded(self) -> list[str]:
        return [e.doc_id for e in self.brief.excluded] if self.brief else []

    @property
    def participants(self) -> list[str]:
        """Names the reader is given: a brief's participant list, or a baseline's sentences."""
        return list(self.brief.event.participants) if self.brief else [u.text for u in self.units]


def brief_units(brief: Brief) -> list[Unit]:
    """Headline, overview, claims, conflict sides: the sentences a reader takes as claims, in reading order."""
    return [
        Unit(brief.headline.text, tuple(brief.headline.citations)),
        *(Unit(c.text, tuple(c.citations)) for c in brief.overview),
        *(Unit(c.text, tuple(c.citations), c.party) for c in brief.claims),
        *(Unit(side.text, tuple(side.citations), label=True) for conflict in brief.conflicts for side in conflict.sides),
    ]


def from_brief(brief: Brief, records: list[MeetingRecord] | None = None, usage: Usage | None = None,
               warnings: tuple[str, ...] = ()) -> SystemOutput:
    return SystemOutput(brief_units(brief), brief.lang, brief, records, usage or brief.usage, warnings)


def from_baseline(summary: BaselineSummary, lang: str) -> SystemOutput:
    return SystemOutput([Unit(e.quote, (e,)) for e in summary.evidence], lang)


def read_brief(path: Path) -> Brief:
    """A brief in the JSON shape of `summarizer brief --format json` (one brief, or the first of a list)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise EvalError(f"{path}: cannot read: {error.strerror}") from error
    try:
        return Brief.model_validate_json(text)
    except ValidationError as first:
        try:
            data = jsontext.loads(text)
            if isinstance(data, list) and data:
                return Brief.model_validate(data[0])
        except (ValueError, ValidationError):
            pass
        raise EvalError(f"{path}: not a brief in the JSON shape of `summarizer brief --format json`: "
                        f"{str(first).splitlines()[0]}") from first


def run_system(system: System, case: Case, documents: list[CleanDocument], *, lang: str | None = None,
               gateway: Gateway | None = None) -> SystemOutput:
    """Run `system` on the case's documents. `lang` is the language of a brief's own sentences,
    by default the suite's (baselines always speak the documents' language)."""
    lang = lang or case.language
    budget = case.budget_words
    if system == "lead":
        return from_baseline(lead(documents, budget), case.language)
    if system == "centroid":
        return from_baseline(centroid_mmr(documents, budget), case.language)
    if system == "pipeline-gold-records":
        if case.records is None:
            raise EvalError(f"{case.id}: no gold records, so {system} cannot run")
        records, warnings = load_records(case.records, documents)
        brief = build_briefs(documents, records, lang=lang, group_by=case.group_by)[0]
        return from_brief(brief, warnings=tuple(warnings))
    if system == "pipeline":
        if gateway is None:
            raise EvalError("the pipeline system needs a model gateway")
        extractions = extract_for_brief(documents, gateway, group_by=case.group_by)
        records = records_of(extractions)
        usage = reduce(Usage.add, (e.usage for e in extractions), Usage())
        briefs = build_briefs(documents, records, lang=lang, gateway=gateway, group_by=case.group_by,
                              extraction_usage=usage, failed=failures(extractions))
        if not briefs:
            raise EvalError(f"{case.id}: the extraction failed on every page, so there is no brief")
        failed = tuple(f"{e.record.doc_id}: extraction failed: {e.error}" for e in extractions if e.error)
        return from_brief(briefs[0], records, warnings=failed)
    raise EvalError(f"{system!r} cannot be run by the harness (runnable: {', '.join(RUNNABLE)})")
