"""Typed contracts between pipeline stages.

Each stage is a plain function from one of these models to another, so a stage can be run,
tested or replaced on its own and its output saved as JSON and read back.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, Field, model_validator

from summarizer.lang.arabic import strip_invisible

# Bounds on every list: small models under a grammar repeat list items until max_tokens.
MAX_PARTICIPANTS = 12
MAX_STATEMENTS = 12
MAX_FACTS = 6
MAX_EVIDENCE = 8
# Bounds on every string a model (or a hand-edited record file) can write, so no answer can
# swell a brief: a name, place, date or label; a quote (the longest sentence is 1000 characters,
# `arabic.MAX_SENTENCE_CHARS`); any longer text, such as a claim of several quotes.
MAX_NAME_CHARS = 200
MAX_QUOTE_CHARS = 2_000
MAX_TEXT_CHARS = 20_000
# Model-written strings also lose invisible and bidi control characters (U+202E shows text backwards).
Name = Annotated[str, Field(max_length=MAX_NAME_CHARS), AfterValidator(strip_invisible)]
Text = Annotated[str, Field(max_length=MAX_TEXT_CHARS), AfterValidator(strip_invisible)]

EventKind = Literal[
    "meeting", "summit", "press_conference", "visit", "phone_call", "other_news"
]
Stance = Literal["supports", "opposes", "calls_for", "warns", "reports", "neutral"]


class Span(BaseModel):
    """Half-open character range [start, end) into a document's decoded text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Document(BaseModel):
    """A source file exactly as decoded: every offset in the project points into `text`."""

    doc_id: str
    path: str
    encoding: str
    text: str


class RemovedSpan(Span):
    reason: str


class CleanDocument(BaseModel):
    """A document with its article body located; nothing outside `kept` may be cited."""

    document: Document
    kept: list[Span]
    removed: list[RemovedSpan]

    @property
    def doc_id(self) -> str:
        return self.document.doc_id

    @property
    def body(self) -> str:
        """The article body as the model sees it: kept spans joined by newlines."""
        return "\n".join(self.document.text[s.start : s.end] for s in self.kept)


class Evidence(BaseModel):
    """The exact words of a source: `quote == text[start:end]` of document `doc_id`."""

    doc_id: str
    quote: Annotated[str, Field(max_length=MAX_QUOTE_CHARS), AfterValidator(strip_invisible)]
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _span_matches_quote(self) -> Evidence:
        if self.end - self.start != len(self.quote):
            raise ValueError("evidence span length differs from quote length")
        return self

    def overlaps(self, other: Evidence) -> bool:
        """The two passages share characters of one document."""
        return self.doc_id == other.doc_id and self.start < other.end and other.start < self.end


class Supported(BaseModel):
    """Base of every record item: it carries the source words that support it."""

    evidence: list[Evidence] = Field(min_length=1, max_length=MAX_EVIDENCE)


class Event(Supported):
    what: Text
    date: Name | None = Field(None, description="ISO date of the event itself")
    city: Name | None = None
    country: Name | None = None
    kind: EventKind = "other_news"


class Participant(Supported):
    name: Name = Field(description="as written in the source")
    name_en: Name | None = None
    role: Name | None = None
    affiliation: Name | None = Field(None, description="country or organisation")


class Statement(Supported):
    speaker: Name
    content: Text
    stance: Stance = "neutral"


class Fact(Supported):
    text: Text


class MeetingRecord(BaseModel):
    """What one article says about one event; also used for news that is not a meeting."""

    doc_id: str
    event: Event | None = None
    participants: list[Participant] = Field(default_factory=list, max_length=MAX_PARTICIPANTS)
    statements: list[Statement] = Field(default_factory=list, max_length=MAX_STATEMENTS)
    agreements: list[Fact] = Field(default_factory=list, max_length=MAX_FACTS)
    disagreements: list[Fact] = Field(default_factory=list, max_length=MAX_FACTS)
    outcomes: list[Fact] = Field(default_factory=list, max_length=MAX_FACTS)

    # The record's item kinds: every stage that walks a record takes them from here.
    FACT_KINDS: ClassVar[tuple[str, ...]] = ("agreements", "disagreements", "outcomes")
    ITEM_KINDS: ClassVar[tuple[str, ...]] = ("participants", "statements", *FACT_KINDS)

    def items(self) -> list[Supported]:
        """Every item of the record, the event first: each carries its own evidence."""
        return ([self.event] if self.event else []) + [item for kind in self.ITEM_KINDS for item in getattr(self, kind)]


class Usage(BaseModel):
    """Token and call accounting, summed over every attempt (failed ones too)."""

    calls: int = 0  # HTTP requests sent, retries and failed attempts included
    cached_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    truncated: int = 0  # answers cut at max_tokens (what came before the cut was kept if it could be)
    # Requests written to a batch file (--batch-out) instead of sent; left out of JSON when none.
    deferred: int = Field(0, exclude_if=lambda count: not count)

    def add(self, other: Usage) -> Usage:
        return Usage(
            calls=self.calls + other.calls,
            cached_calls=self.cached_calls + other.cached_calls,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            seconds=self.seconds + other.seconds,
            truncated=self.truncated + other.truncated,
            deferred=self.deferred + other.deferred,
        )


class ItemNote(BaseModel):
    """What verification did to one item of a record, and why."""

    doc_id: str
    field: str
    reason: Text
    detail: Text


class DroppedItem(ItemNote):
    """An item the model proposed (or a record file held) that did not survive verification."""


class Correction(ItemNote):
    """An item kept after verification corrected it (e.g. a speaker the article does not credit)."""


class Extraction(BaseModel):
    """Output of the extract stage for one document."""

    record: MeetingRecord
    dropped: list[DroppedItem] = Field(default_factory=list)
    corrected: list[Correction] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    truncated: bool = Field(False, description="the article was cut to fit, or the answer was cut at max_tokens")
    error: str | None = None


# ---- group / merge / render contracts ---------------------------------------------------

Section = Literal["event", "key_point", "position", "agreement", "disagreement", "outcome"]


class Claim(BaseModel):
    """One sentence of a brief and the source words behind it; uncitable text is never a claim."""

    text: Text
    citations: list[Evidence] = Field(min_length=1)
    section: Section = "key_point"
    party: Name | None = Field(None, description="who holds this position, for section 'position'")

    @property
    def corroboration(self) -> int:
        """How many distinct sources support the claim."""
        return len({c.doc_id for c in self.citations})


class ConflictSide(BaseModel):
    text: Text
    citations: list[Evidence] = Field(min_length=1)


class Conflict(BaseModel):
    """Sources that disagree on one point, each side with its own citations."""

    topic: Text
    sides: list[ConflictSide] = Field(min_length=2)


class Excluded(BaseModel):
    """A page set aside, with a reason a person can check."""

    doc_id: str
    reason: Text


class Source(BaseModel):
    doc_id: str
    path: str
    used: bool


class EventGroup(BaseModel):
    """Records judged to report one event; output of the group stage."""

    label: str
    records: list[MeetingRecord]
    place: str | None = Field(None, description="English name of the city most of its pages meet in")
    date: str | None = Field(None, description="ISO date most of its pages give the event")


# "event": one meeting or incident (place and date must agree); "story": follow-ups over days.
GroupBy = Literal["event", "story"]


class Grouping(BaseModel):
    main: EventGroup
    by: GroupBy = Field("event", description="story: its pages report different days, so their dates differ by design")
    others: list[EventGroup] = Field(default_factory=list)
    excluded: list[Excluded] = Field(default_factory=list)


class PageEvent(BaseModel):
    """Pages the cluster stage judged to report one event, from their text alone."""

    label: str = Field(description="the headline of its most central page")
    place: str | None = None
    date: str | None = Field(None, description="ISO date most pages state, or the span of their dates")
    sources: int = Field(description="distinct sources: pages that repeat another page's text count once")
    doc_ids: list[str] = Field(min_length=1, description="most central page first")


class BriefEvent(BaseModel):
    what: Text
    date: Name | None = None
    place: Name | None = None
    participants: list[Name] = Field(default_factory=list)
    citations: list[Evidence] = Field(min_length=1)


# A brief's size and a digest's reach, by default: the command line shows them in its help
# without loading the stages.
DEFAULT_BUDGET_WORDS = 300  # headline + overview + claims, in `arabic.tokens` words
MAX_HEADLINE_WORDS = 30
DEFAULT_MIN_SOURCES = 2  # a digest briefs an event at least this many sources report
# Pages extracted per event (about 20-30 s a page with the embedded model on two cores). On the dev
# inboxes a third page added nothing: MultiLing ar ROUGE-1/2 0.403/0.226 with 3, 0.402/0.227 with 2,
# 0.400/0.223 with 1 (seeds' key facts 12, 13, 12 of 18); en 0.472/0.187, 0.485/0.203, 0.475/0.187.
DEFAULT_MAX_PAGES = 2


class Brief(BaseModel):
    """The product: one cross-source brief whose every sentence is cited.

    What a reader is shown is `headline`, `overview` and `claims`, all in `lang`, within the word
    budget; `more_claims` holds the rest of the merged claims (same checks, not shown in Markdown
    or HTML). `excluded` are pages of other events, `failed` pages whose extraction failed.
    """

    lang: Literal["en", "ar"] = "en"
    headline: Claim
    event: BriefEvent
    overview: list[Claim] = Field(default_factory=list, description="checked model-written summary sentences")
    claims: list[Claim]
    more_claims: list[Claim] = Field(default_factory=list, description="merged claims beyond the word budget")
    conflicts: list[Conflict] = Field(default_factory=list)
    excluded: list[Excluded] = Field(default_factory=list)
    failed: list[Excluded] = Field(default_factory=list, description="pages whose extraction failed, with why")
    sources: list[Source] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)


# ---- daily digest contracts -------------------------------------------------------------------


class DigestEvent(BaseModel):
    """One event of the day: the pages clustering found, and the brief built from them."""

    event: PageEvent
    extracted: list[str] = Field(default_factory=list, description="the central pages the brief's records come from")
    brief: Brief | None = Field(None, description="None when the extraction failed on every extracted page")
    failed: list[Excluded] = Field(default_factory=list)


class ReportedPage(BaseModel):
    """A page of an event fewer sources report: listed with its headline, no model call."""

    doc_id: str
    path: str
    headline: str


class StageSeconds(BaseModel):
    cluster: float = 0.0
    extract: float = 0.0
    briefs: float = 0.0
    total: float = 0.0


class Digest(BaseModel):
    """The product of `summarizer daily`: the day's events, most sources first, each with a brief."""

    lang: Literal["en", "ar"] = "en"
    pages: int
    events: list[DigestEvent] = Field(default_factory=list)
    also_reported: list[ReportedPage] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    seconds: StageSeconds = Field(default_factory=StageSeconds)
