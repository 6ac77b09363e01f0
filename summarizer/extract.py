"""Extract stage: one article in, one verified `MeetingRecord` out.

The model sees the article as numbered sentences and fills a small draft schema in which every
item names a sentence and copies a quote from it. Nothing in the draft is trusted: each quote
must be found in the article body (`evidence.locate`) or be a recognisable copy of the sentence
it names (then that sentence is cited), names must occur in the article, and a date must be
stated in the article. What fails is dropped with a reason, so a weak model can omit facts but
cannot add unsupported ones. A name the model wrote in Latin letters is looked up in the article
by consonant skeleton, and the article's own spelling is kept. A statement's speaker must be
named at its quote (in it or in the sentences just before), so a quote is never credited to
someone the article does not credit it to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import date as Date

from pydantic import BaseModel, Field

from summarizer.arabic import find_latin_name, fold, tokens
from summarizer.evidence import QuoteNotFound, body_sentences, locate, name_core, named_near
from summarizer.gateway import Gateway, GatewayError
from summarizer.models import (
    MAX_FACTS,
    MAX_PARTICIPANTS,
    MAX_STATEMENTS,
    CleanDocument,
    DroppedItem,
    Event,
    Evidence,
    EventKind,
    Extraction,
    Fact,
    MeetingRecord,
    Participant,
    Stance,
    Statement,
    Usage,
)
from summarizer.prompts import load_prompt

MAX_OUTPUT_TOKENS = 2048
ANCHOR_COVERAGE = 0.7  # share of a garbled quote's words its pointed-at sentence must contain
ANCHOR_MIN_WORDS = 4


# ---- the schema the model fills ------------------------------------------------------------
# Every item starts with where it comes from: the model points at a numbered sentence and copies
# its words, then describes them.
SENTENCE = "number of the article sentence the quote is copied from"
QUOTE = "words copied exactly from that sentence, in its language and script (6 to 25 words)"
AS_WRITTEN = "exactly as written in the article, in its script"


class DraftEvent(BaseModel):
    sentence: int = Field(description=SENTENCE)
    quote: str = Field(description=QUOTE)
    what: str = Field(description="one English sentence: what happened")
    date: str | None = Field(description="YYYY-MM-DD of the event itself, or null")
    city: str | None
    country: str | None
    kind: EventKind


class DraftParticipant(BaseModel):
    sentence: int = Field(description=SENTENCE)
    quote: str = Field(description=QUOTE)
    name: str = Field(description=AS_WRITTEN)
    name_en: str
    role: str | None
    affiliation: str | None = Field(description="country or organisation")


class DraftStatement(BaseModel):
    sentence: int = Field(description=SENTENCE)
    quote: str = Field(description=QUOTE)
    speaker: str = Field(description=AS_WRITTEN)
    content: str = Field(description="one English sentence: what the quote says")
    stance: Stance


class DraftFact(BaseModel):
    sentence: int = Field(description=SENTENCE)
    quote: str = Field(description=QUOTE)
    text: str = Field(description="one English sentence: what the quote says")


class DraftRecord(BaseModel):
    event: DraftEvent
    participants: list[DraftParticipant] = Field(max_length=MAX_PARTICIPANTS)
    statements: list[DraftStatement] = Field(max_length=MAX_STATEMENTS)
    agreements: list[DraftFact] = Field(max_length=MAX_FACTS)
    disagreements: list[DraftFact] = Field(max_length=MAX_FACTS)
    outcomes: list[DraftFact] = Field(max_length=MAX_FACTS)


# ---- the stage ------------------------------------------------------------------------------
def extract(document: CleanDocument, gateway: Gateway) -> Extraction:
    """Ask the model for a draft record of `document` and keep only what verifies."""
    sentences, truncated = fit_sentences(document, gateway)
    try:
        draft, usage = gateway.structured(
            load_prompt("extract"), DraftRecord, MAX_OUTPUT_TOKENS,
            doc_id=document.doc_id, sentences=[s.quote for s in sentences], truncated=truncated,
        )
    except GatewayError as error:
        return Extraction(record=MeetingRecord(doc_id=document.doc_id), error=str(error), truncated=truncated)
    record, dropped, anchored = verify(draft, document)
    return Extraction(record=record, dropped=dropped, anchored=anchored, usage=usage, truncated=truncated)


def extract_all(
    documents: list[CleanDocument], gateway: Gateway, progress: Callable[[Extraction], None] | None = None
) -> list[Extraction]:
    """Extract every document concurrently; `progress` hears of each as it ends, results keep input order."""
    with ThreadPoolExecutor(max_workers=max(1, gateway.config.concurrency)) as pool:
        futures = [pool.submit(extract, document, gateway) for document in documents]
        for future in as_completed(futures):
            if progress:
                progress(future.result())
        return [future.result() for future in futures]


def fit_sentences(document: CleanDocument, gateway: Gateway) -> tuple[list[Evidence], bool]:
    """The body's numbered sentences, cut after the last one that fits the context window."""
    sentences = body_sentences(document)
    prompt = load_prompt("extract")

    def tokens_for(shown: list[Evidence]) -> int:
        messages = prompt.messages(doc_id=document.doc_id, sentences=[s.quote for s in shown], truncated=True)
        return gateway.prompt_tokens(messages) + MAX_OUTPUT_TOKENS

    if tokens_for(sentences) <= gateway.config.context_tokens:
        return sentences, False
    low, high = 0, len(sentences)  # the longest prefix that fits, by bisection
    while low < high:
        middle = (low + high + 1) // 2
        if tokens_for(sentences[:middle]) <= gateway.config.context_tokens:
            low = middle
        else:
            high = middle - 1
    return sentences[:low], True


def verify(draft: DraftRecord, document: CleanDocument) -> tuple[MeetingRecord, list[DroppedItem], int]:
    """Turn a draft into a record of verified items; everything else is reported as dropped.

    A quote is evidence when it is in the body (exactly or after normalization). When a weak
    model garbles the copy, the sentence it pointed at is cited instead, but only if most of
    the quote's words are in that sentence: the third value counts those anchored items.
    """
    dropped: list[DroppedItem] = []
    anchors: list[Evidence] = []  # sentences cited in place of a garbled quote
    body = fold(document.body)
    sentences = body_sentences(document)

    def drop(field: str, reason: str, detail: str) -> None:
        dropped.append(DroppedItem(doc_id=document.doc_id, field=field, reason=reason, detail=detail[:200]))

    def evidence(field: str, item, label: str):
        try:
            return [locate(document, item.quote)]
        except QuoteNotFound as error:
            if 1 <= item.sentence <= len(sentences) and copied_from(item.quote, sentences[item.sentence - 1].quote):
                anchors.append(sentences[item.sentence - 1].model_copy())
                return [anchors[-1]]
            drop(field, str(error), f"{label} | quote: {item.quote}")
            return None

    def as_written(field: str, name: str) -> str | None:
        """The name in the article's own spelling: as given, or found from a Latin rendering."""
        if fold(name) and fold(name) in body:
            return name
        if span := find_latin_name(name, document.body):
            return document.body[span[0] : span[1]]
        drop(field, "name not found in the article", name)
        return None

    record = MeetingRecord(doc_id=document.doc_id)
    if draft.event and (found := evidence("event", draft.event, draft.event.what)):
        event_date = draft.event.date
        if event_date and not date_in_quote(event_date, found[0].quote):
            if stated := date_evidence(document, event_date):
                found.append(stated)
            else:
                drop("event.date", "date not stated in the article", f"{event_date} | quote: {found[0].quote}")
                event_date = None
        record.event = Event(
            what=draft.event.what, date=event_date, city=draft.event.city, country=draft.event.country,
            kind=draft.event.kind, evidence=found,
        )
    for item in _unique(draft.participants, lambda p: fold(p.name)):
        if (name := as_written("participants", item.name)) and (found := evidence("participants", item, item.name)):
            if any(fold(name) == fold(p.name) for p in record.participants):
                continue  # "Blinken" and "بلينكن" are one participant
            name_en = item.name_en if item.name_en or not item.name.isascii() else item.name
            record.participants.append(
                Participant(name=name, name_en=name_en, role=item.role, affiliation=item.affiliation, evidence=found)
            )
    for item in _unique(draft.statements, lambda s: fold(s.quote)):
        if (speaker := as_written("statements", item.speaker)) and (found := evidence("statements", item, item.content)):
            if name_core(speaker) and not named_near(speaker, found[0], document.document.text):
                drop("statements", "speaker not named at the quote", f"{speaker} | quote: {found[0].quote}")
                continue
            record.statements.append(
                Statement(speaker=speaker, content=item.content, stance=item.stance, evidence=found)
            )
    # One passage is an agreement, a disagreement or an outcome, never several at once:
    # a weak model files the same quote under all three.
    claimed: set[tuple[int, int]] = set()
    for field in ("agreements", "disagreements", "outcomes"):
        for item in _unique(getattr(draft, field), lambda f: fold(f.quote)):
            if not (found := evidence(field, item, item.text)):
                continue
            span = (found[0].start, found[0].end)
            if span in claimed:
                drop(field, "same passage already filed under another heading", item.quote)
                continue
            claimed.add(span)
            getattr(record, field).append(Fact(text=item.text, evidence=found))
    kept = [e for item in record.items() for e in item.evidence]
    return record, dropped, sum(any(e is anchor for e in kept) for anchor in anchors)


def copied_from(quote: str, sentence: str) -> bool:
    """Most of a garbled quote's words are in the sentence: a bad copy, not an invention."""
    words = tokens(quote)
    if len(words) < ANCHOR_MIN_WORDS:
        return False
    present = set(tokens(sentence))
    return sum(w in present for w in words) / len(words) >= ANCHOR_COVERAGE


def date_evidence(document: CleanDocument, iso: str) -> Evidence | None:
    """The first body sentence that states the date `iso`, as evidence for it."""
    return next((s for s in body_sentences(document) if date_in_quote(iso, s.quote)), None)


def _unique(items: list, key) -> Iterator:
    """Items in order without repeats: small models restate the same item."""
    seen = set()
    for item in items:
        if (k := key(item)) not in seen:
            seen.add(k)
            yield item


_MONTHS = {
    1: ("يناير", "كانون الثاني", "january", "jan"),
    2: ("فبراير", "شباط", "february", "feb"),
    3: ("مارس", "آذار", "march", "mar"),
    4: ("أبريل", "ابريل", "نيسان", "april", "apr"),
    5: ("مايو", "أيار", "may"),
    6: ("يونيو", "حزيران", "june", "jun"),
    7: ("يوليو", "تموز", "july", "jul"),
    8: ("أغسطس", "آب", "august", "aug"),
    9: ("سبتمبر", "أيلول", "september", "sep"),
    10: ("أكتوبر", "تشرين الأول", "october", "oct"),
    11: ("نوفمبر", "تشرين الثاني", "november", "nov"),
    12: ("ديسمبر", "كانون الأول", "december", "dec"),
}


def date_in_quote(iso: str, quote: str) -> bool:
    """True when the quote states the day and month of `iso` (and, if it has a year, that year)."""
    try:
        when = Date.fromisoformat(iso)
    except ValueError:
        return False
    words = fold(quote).split()
    text = " " + " ".join(words) + " "
    numbers = set(re.findall(r"\d+", text))
    if str(when.day) not in {n.lstrip("0") for n in numbers}:
        return False
    month_named = any(f" {fold(name)} " in text for name in _MONTHS[when.month])
    month_numbered = any(n.lstrip("0") == str(when.month) for n in numbers if len(n) <= 2)
    years = {n for n in numbers if len(n) == 4}
    return (month_named or month_numbered) and (not years or str(when.year) in years)


def reverify(record: MeetingRecord, document: CleanDocument) -> tuple[MeetingRecord, list[DroppedItem]]:
    """Check a saved (perhaps hand-edited) record against its file again.

    Evidence whose offsets still hold is kept; a quote that moved is found again; an item left
    with no evidence is dropped, so a record file cannot smuggle in an unsupported item.
    """
    dropped: list[DroppedItem] = []
    text = document.document.text

    def checked(field: str, item):
        evidence = []
        for e in item.evidence:
            if e.doc_id == document.doc_id and text[e.start : e.end] == e.quote and _inside(document, e):
                evidence.append(e)
                continue
            try:
                evidence.append(locate(document, e.quote))
            except QuoteNotFound as error:
                dropped.append(DroppedItem(doc_id=document.doc_id, field=field, reason=str(error), detail=e.quote[:200]))
        return item.model_copy(update={"evidence": evidence}) if evidence else None

    update = {"event": checked("event", record.event) if record.event else None}
    for field in ("participants", "statements", "agreements", "disagreements", "outcomes"):
        update[field] = [c for item in getattr(record, field) if (c := checked(field, item))]
    return record.model_copy(update=update), dropped


def _inside(document: CleanDocument, evidence: Evidence) -> bool:
    return any(s.start <= evidence.start and evidence.end <= s.end for s in document.kept)
