"""The gold schema: what a suite and a case under evals/suites/ may hold, in one place.

The harness scores against these models and `summarizer.eval.check` validates the data with
them, so the format (evals/README.md) exists once. Unknown fields are errors: a typo in a
hand-written file must not silently turn a check off.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from summarizer.lang.arabic import tokens
from summarizer.models import EventKind, Evidence, Excluded


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoldEvidence(Evidence):
    """An exact quote, `text[start:end]` of document `doc_id`; unknown fields are errors here too."""

    model_config = ConfigDict(extra="forbid")


class GoldExcluded(Excluded):
    model_config = ConfigDict(extra="forbid")


class Suite(Strict):
    name: str
    description: str
    language: Literal["ar", "en"]
    license: str | None = None
    group_by: Literal["event", "story"] = "event"


class MainEvent(Strict):
    what: str
    kind: EventKind
    date: str | None = Field(None, description="ISO date of the event itself")
    city: str | None = None
    country: str | None = None
    participants: list[str] = Field(default_factory=list)
    doc_ids: list[str] = Field(default_factory=list, description="the pages that report it")


class ForbiddenText(Strict):
    """Text nothing may come from: an appended story, a related-links list."""

    doc_id: str
    quote: str
    start: int
    end: int
    where: str | None = None
    terms: list[str] = Field(default_factory=list, description="marker words absent from the main event's pages")


class GoldParticipant(Strict):
    name_ar: str
    alternates: list[str] = Field(default_factory=list)
    name_en: str | None = None
    role: str | None = None
    affiliation: str | None = None
    named: bool = True
    sources: list[str] = Field(default_factory=list)

    @property
    def spellings(self) -> list[str]:
        return [self.name_ar, *self.alternates, *([self.name_en] if self.name_en else [])]


class KeyFact(Strict):
    """A fact a good brief states. It is stated by a claim whose text has an alternative of every
    `match` group, whose polarity is `negated`, and which cites one of the `evidence` passages."""

    id: str
    text: str
    text_ar: str | None = None
    support: list[str] = Field(default_factory=list, description="doc_ids that state the fact")
    match: list[list[str]] = Field(min_length=1, description="topic groups, free of negation cues")
    negated: bool = Field(False, description="the fact is a refusal, rejection or negation")
    evidence: list[GoldEvidence] = Field(default_factory=list, description="the supporting passages")
    note: str | None = None

    @field_validator("match")
    @classmethod
    def _every_alternative_has_words(cls, match: list[list[str]]) -> list[list[str]]:
        for group in match:
            if not group:
                raise ValueError("empty match group: the fact could never be recalled")
            for alternative in group:
                if not tokens(alternative):
                    raise ValueError(f"match alternative {alternative!r} has no words, so it matches anything")
        return match


ConflictType = Literal["count", "attendance", "attribution", "framing", "wording", "completeness"]
# The conflicts a good brief must report; the others are there so none is counted as invented.
REPORTABLE_CONFLICTS: tuple[ConflictType, ...] = ("count", "attendance", "attribution")


class GoldConflictSide(Strict):
    text: str
    doc_ids: list[str] = Field(min_length=1)
    quotes: list[GoldEvidence] = Field(min_length=1)


class GoldConflict(Strict):
    id: str
    type: ConflictType
    topic: str
    note: str | None = None
    sides: list[GoldConflictSide] = Field(min_length=2)


class CaseGold(Strict):
    """case.json: only `docs` is required; a metric whose gold is missing is null, never zero."""

    docs: str = Field(description="documents folder or file, relative to the case folder")
    topic: str | None = None
    description: str | None = None
    budget_words: int | None = Field(None, gt=0, description="word budget for the fixed-length scores")
    main_event: MainEvent | None = None
    excluded: list[GoldExcluded] | None = None
    forbidden: list[ForbiddenText] | None = None
    participants: list[GoldParticipant] | None = None
    key_facts: list[KeyFact] | None = None
    headline: list[list[str]] | None = Field(
        None, description="what a headline must state of the main event: match groups, as a key fact's "
        "(without it, the references' topic words are used)")
    conflicts: list[GoldConflict] | None = None
    other_events: list[str] | None = Field(
        None, description="short summaries of other events (e.g. an excluded page's meeting) no key fact may match"
    )
    notes: list[str] = Field(default_factory=list, description="why the gold says what it says; changes and their reasons")
