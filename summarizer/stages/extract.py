"""Extract stage: one article in, one verified `MeetingRecord` out.

The model sees the article as numbered sentences and answers with sentence numbers, names and
a few labels: it copies no quotes and writes no English, because on a CPU every output token
costs time and a weak model garbles what it copies. Each item's evidence is the sentence it
names, so every citation is exact by construction. Then `check_record`, one named check per
rule, decides what survives (the same checks run on hand-edited records, `reverify`):

- a name (participant, speaker) must be written in the article, and a participant is neither a
  city nor a bare number; a Latin rendering is found by consonant skeleton and the article's own
  spelling kept; a participant the article does not name may be given by office and nation
  («وزير خارجية قطر») where its sentence names that nation;
- a statement is credited to whom the article credits those words (`summarizer.checks.attribution`):
  a wrong speaker is corrected where the article makes the speaker clear, the outlet's own
  narration is nobody's statement;
- an agreement, disagreement or outcome must be one its sentence (or, citing several, one of its
  sentences) presents as such, not one it denies or makes a condition of («إذا لم يتم التوصل إلى
  اتفاق»); a refusal is a split only when set against another party's position (an item
  whose sentence presents exactly one of the others is filed there instead, or else one whose
  sentence the article credits to one speaker becomes that speaker's statement), and a sentence
  is filed under one of the three at most;
- a date must be stated in the article, a city written in it.

What fails is dropped with a reason, so a weak model can omit facts but cannot add unsupported
ones. The words the checks go by are the language packs' (`summarizer.lang`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple, TYPE_CHECKING

from pydantic import BaseModel, Field

from summarizer.lang import ar, en, every
from summarizer.lang.arabic import ARABIC_NUMBER_WORDS, find_latin_name, fold, is_latin, script, tokens
from summarizer.checks.attribution import check_speaker as check_attribution
from summarizer.checks.attribution import clauses
from summarizer.lang.dates import date_in_quote
from summarizer.checks.evidence import QuoteNotFound, body_sentences, locate
from summarizer.llm.errors import GatewayError
from summarizer.lang.places import CITIES
from summarizer.lang.arabic import alternative_present, alternative_starts
from summarizer.models import (
    CleanDocument,
    Correction,
    DroppedItem,
    Event,
    Evidence,
    EventKind,
    Extraction,
    Fact,
    MAX_FACTS,
    MAX_STATEMENTS,
    MeetingRecord,
    Participant,
    Statement,
)
from summarizer.models import MAX_NAME_CHARS as RECORD_NAME_CHARS
from summarizer.lang.names import COUNTRIES, TITLE_VOCAB, bare_title, name_core, person_words, same_person, stripped
from summarizer.checks.polarity import negated
from summarizer.llm.prompts import load_prompt

if TYPE_CHECKING:  # annotations only: the client loads when a command runs a model
    from summarizer.llm.gateway import Gateway

MAX_OUTPUT_TOKENS = 640  # a full answer is ~300 tokens; the cap only stops a model that repeats itself
# Bounds on every list of the draft: small models under a grammar repeat list items until max_tokens.
MAX_DRAFT_PARTICIPANTS = 8
MAX_DRAFT_STATEMENTS = 10
MAX_DRAFT_FACTS = 4
MAX_NAME_CHARS = 80  # a longer "name" is not a name
MIN_CLAUSE_CHARS = 20  # a shorter credited clause is cited with its whole sentence


# ---- the schema the model fills: numbers and names, nothing to copy --------------------------------
SENTENCE = "number of the article sentence"
AS_WRITTEN = "exactly as written in that sentence, in its script"


class DraftEvent(BaseModel):
    sentence: int = Field(description="number of the sentence that reports the event")
    date: str | None = Field(description="YYYY-MM-DD of the event itself if the article states day and month, else null")
    city: str | None = Field(description="city where it took place, as written in the article, or null")
    kind: EventKind


class DraftParticipant(BaseModel):
    sentence: int = Field(description=SENTENCE + " that names the participant")
    name: str = Field(description=AS_WRITTEN)


class DraftStatement(BaseModel):
    sentence: int = Field(description=SENTENCE + " in which someone states a position")
    speaker: str = Field(description="who the article credits with it, " + AS_WRITTEN)


class DraftRecord(BaseModel):
    event: DraftEvent
    participants: list[DraftParticipant] = Field(max_length=MAX_DRAFT_PARTICIPANTS)
    statements: list[DraftStatement] = Field(max_length=MAX_DRAFT_STATEMENTS)
    agreements: list[int] = Field(max_length=MAX_DRAFT_FACTS, description="numbers of sentences that report an agreement")
    disagreements: list[int] = Field(max_length=MAX_DRAFT_FACTS, description="numbers of sentences that report a disagreement")
    outcomes: list[int] = Field(max_length=MAX_DRAFT_FACTS, description="numbers of sentences that report an outcome or decision")


# ---- the stage ------------------------------------------------------------------------------
def extract(document: CleanDocument, gateway: Gateway) -> Extraction:
    """Ask the model for a draft record of `document` and keep only what verifies.

    A draft cut at max_tokens (the model repeating itself) is salvaged by the gateway: the
    items written before the cut are verified and kept, and the extraction says it was cut.
    """
    sentences, truncated = fit_sentences(document, gateway)
    try:
        prompt, schema, max_tokens, variables = _request(document, sentences, truncated)
        draft, usage = gateway.structured(prompt, schema, max_tokens, **variables)
    except GatewayError as error:
        return Extraction(record=MeetingRecord(doc_id=document.doc_id), error=str(error), truncated=truncated,
                          usage=error.usage)
    checked = verify(draft, document, sentences)
    return Extraction(record=checked.record, dropped=checked.dropped, corrected=checked.corrected, usage=usage,
                      truncated=truncated or bool(usage.truncated))


def _request(document: CleanDocument, sentences: list[Evidence], truncated: bool):
    """The arguments of the extraction call, as `Gateway.structured` and `Gateway.cached` take them."""
    variables = {"doc_id": document.doc_id, "sentences": [s.quote for s in sentences], "truncated": truncated}
    return _prompt(document), DraftRecord, MAX_OUTPUT_TOKENS, variables


def _prompt(document: CleanDocument):
    """The extraction prompt for the page's language (`prompts/extract_en.*` for English pages)."""
    return load_prompt("extract", script(document.body))


def extraction_cached(document: CleanDocument, gateway: Gateway) -> bool:
    """Whether extracting `document` would be answered from the response cache (no model call)."""
    prompt, schema, max_tokens, variables = _request(document, *fit_sentences(document, gateway))
    return gateway.cached(prompt, schema, max_tokens, **variables)


def extract_all(
    documents: list[CleanDocument], gateway: Gateway, progress: Callable[[Extraction], None] | None = None
) -> list[Extraction]:
    """Extract every document concurrently; `progress` hears of each as it ends, results keep input order.

    A failed page is that page's result (`Extraction.error`); a dead endpoint, the deadline or
    Ctrl-C stops the whole run (`Gateway.map`).
    """
    return gateway.map(lambda document: extract(document, gateway), documents, progress)


def fit_sentences(document: CleanDocument, gateway: Gateway) -> tuple[list[Evidence], bool]:
    """The body's numbered sentences, cut after the last one that fits the context window."""
    sentences = body_sentences(document)
    prompt = _prompt(document)

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


# ---- from draft to record -----------------------------------------------------------------------
class Checked(NamedTuple):
    record: MeetingRecord
    dropped: list[DroppedItem]
    corrected: list[Correction]


def verify(draft: DraftRecord, document: CleanDocument, sentences: list[Evidence] | None = None) -> Checked:
    """Turn a draft into a record of verified items; everything else is reported as dropped."""
    sentences = body_sentences(document) if sentences is None else sentences
    dropped: list[DroppedItem] = []

    def sentence(field: str, number: int, label: str) -> Evidence | None:
        if 1 <= number <= len(sentences):
            return sentences[number - 1]
        dropped.append(_dropped(document, field, "no such sentence", f"{number} | {label}"))
        return None

    def name(field: str, text: str | None) -> str | None:
        """`text`, or None when it is longer than any name (the record could not hold it)."""
        if text is not None and len(text) > RECORD_NAME_CHARS:
            dropped.append(_dropped(document, field, "longer than a name can be", text[:80] + "…"))
            return None
        return text

    record = MeetingRecord(doc_id=document.doc_id)
    if (event := draft.event) and (found := sentence("event", event.sentence, event.kind)):
        record.event = Event(what=found.quote, date=event.date, city=name("event.city", event.city), kind=event.kind,
                             evidence=[found])
    for item in _unique(draft.participants, lambda p: fold(p.name)):
        if name("participants", item.name) and (found := sentence("participants", item.sentence, item.name)):
            record.participants.append(Participant(name=item.name, evidence=[found]))
    for item in _unique(draft.statements, lambda s: s.sentence):
        if name("statements", item.speaker) and (found := sentence("statements", item.sentence, item.speaker)):
            record.statements.append(Statement(speaker=item.speaker, content=found.quote, evidence=[found]))
    for field in MeetingRecord.FACT_KINDS:
        for number in _unique(getattr(draft, field), lambda n: n):
            if found := sentence(field, number, field):
                getattr(record, field).append(Fact(text=found.quote, evidence=[found]))
    checked = check_record(record, document)
    return checked._replace(dropped=dropped + checked.dropped)


def _unique(items: list, key) -> Iterator:
    """Items in order without repeats: small models restate the same item."""
    seen = set()
    for item in items:
        if (k := key(item)) not in seen:
            seen.add(k)
            yield item


def _dropped(document: CleanDocument, field: str, reason: str, detail: str) -> DroppedItem:
    return DroppedItem(doc_id=document.doc_id, field=field, reason=reason, detail=detail[:200])


# ---- the checks: one per rule, for model drafts and hand-edited records alike -----------------------
NEGATION_REACH = 4  # words before an agreement cue that may deny it («لم يتم التوصل إلى اتفاق»)
# Folded word starts that make a sentence present an agreement, a disagreement or an outcome, in
# any language (the packs' AGREEMENT_CUES, DISAGREEMENT_CUES, OUTCOME_CUES).
SECTION_CUES = {"agreements": every("AGREEMENT_CUES"), "disagreements": every("DISAGREEMENT_CUES"),
                "outcomes": every("OUTCOME_CUES")}
# A refusal is a split when it is set against another party's position: a contrast opens its clause, or
# what it refuses is a proposal (someone else's, by nature).
REFUSALS, CONTRASTS, PROPOSALS = every("REFUSAL_CUES"), every("CONTRAST_CUES"), every("PROPOSAL_CUES")
REFUSAL_REACH = 5  # words from a contrast or a proposal to the refusal that goes with it


def check_record(record: MeetingRecord, document: CleanDocument) -> Checked:
    """Every rule of the module docstring applied to `record`; what breaks one is dropped with why."""
    dropped: list[DroppedItem] = []
    corrected: list[Correction] = []

    def drop(field: str, reason: str, detail: str) -> None:
        dropped.append(_dropped(document, field, reason, detail))

    def correct(field: str, reason: str, detail: str) -> None:
        corrected.append(Correction(doc_id=document.doc_id, field=field, reason=reason, detail=detail[:200]))

    event = record.event
    if event:
        event = check_event_date(event, document, drop)
        event = check_event_city(event, document, drop, correct)
    participants = []
    for item in record.participants:
        if (name := written_name(item.name, document) or described_office(item.name, item.evidence[0])) is None:
            drop("participants", "name not found in the article", item.name)
        elif reason := not_a_participant(name, document.body):
            drop("participants", reason, item.name)
        elif not any(fold(name) == fold(p.name) for p in participants):  # "Blinken" and "بلينكن" are one
            participants.append(item.model_copy(update={"name": name, "name_en": english_name(item.name_en, name)}))
    statements = []
    for item in record.statements:
        if (checked := check_speaker(item, document, drop, correct)) is not None:
            statements.append(checked)
    facts: dict[str, list[Fact]] = {field: [] for field in MeetingRecord.FACT_KINDS}
    filed: set[tuple[int, int]] = set()
    for field in MeetingRecord.FACT_KINDS:
        for item in getattr(record, field):
            span = (item.evidence[0].start, item.evidence[0].end)
            fits = [kind for kind in MeetingRecord.FACT_KINDS  # refiled only where there is room
                    if any(presents_as(kind, evidence, document) for evidence in item.evidence)
                    and (kind == field or len(facts[kind]) < MAX_FACTS)]
            if field not in fits and (len(fits) != 1 or span in filed):
                if span not in filed and (statement := credited_statement(item.evidence[0], document, statements)):
                    correct(field, f"its sentence presents no {field[:-1]}: it is a statement of {statement.speaker}",
                            item.evidence[0].quote)
                    statements.append(statement)
                else:
                    drop(field, f"its sentence does not present it as {field[:-1]}", item.evidence[0].quote)
            elif span in filed:
                drop(field, "same passage already filed under another heading", item.evidence[0].quote)
            else:
                kind = field if field in fits else fits[0]
                if kind != field:  # CNN's «استمرت الانقسامات الحادة…» filed as an agreement is a disagreement
                    correct(field, f"its sentence presents it as {kind[:-1]}, not {field[:-1]}", item.evidence[0].quote)
                filed.add(span)
                facts[kind].append(item)
    update = {"event": event, "participants": participants, "statements": statements, **facts}
    return Checked(record.model_copy(update=update), dropped, corrected)


def not_a_participant(name: str, body: str = "") -> str | None:
    """Why a name written in the article is still no participant: a city («لندن»: where, not who),
    a place an English page writes as one (`written_as_place`), a bare number («اثنان») or a bare
    title («السيد»), a vessel ("HMS Cornwall", «الفرقاطة كورنوول»), all given by the 1.5B model; None
    for a possible participant."""
    words = fold(name).split()
    if " ".join(w.removeprefix(ar.ARTICLE) if w.removeprefix(ar.ARTICLE) in CITIES else w for w in words) in CITIES \
            or name.strip() in CITIES.values():
        return "a city, not a participant"
    first = [w for w in (w.lower() for w in words) if w != en.DEFINITE_ARTICLE.lower()][:1]
    if first and first[0].removeprefix(ar.ARTICLE) in every("VESSEL_WORDS"):
        return "a vessel, not a participant"
    if is_latin(name) and written_as_place(name, body):
        return "a place, not a participant"
    if is_latin(name) and _described(name):
        return "a description, not a name"
    if words and all(w.isdigit() or w in ARABIC_NUMBER_WORDS or w in en.NUMBER_WORDS for w in words):
        return "a number, not a participant"
    if bare_title(name):
        return "a bare title, not a participant"
    return None


def _described(name: str) -> bool:
    """An English participant in lower-case words ("International aid organizations", "political
    personalities") describes people; a name is written with capitals. An office of a nation or
    body ("Qatari foreign minister", "U.N. official") is one person, as the Arabic pages' are."""
    words = re.findall(r"[^\W\d_][\w'’.-]*", name)
    lower = [w for w in words if w == w.lower() and w not in en.LOWER_CASE_IN_NAMES]  # "eBay", "al-Qaeda": names
    return bool(lower) and not (len(lower) < len(words) and all(w in en.OFFICE_WORDS for w in lower))


def written_as_place(name: str, body: str) -> bool:
    """An English name that is a place: it says what kind ("Aceh province"), or the page writes it
    only where a place goes: after "in", "at", "from"…, alone or in a list ("in Indonesia, Sri Lanka
    and India"), or as a dateline ("Meadow Lake, Saskatchewan –"). Inside a longer name ("the
    Bucharest City Hall") it is not written as itself."""
    if any(word.lower() in en.PLACE_KINDS for word in name.split()):
        return True
    found = [m for m in re.finditer(rf"(?<!\w){re.escape(name.strip())}(?!\w)", body)
             if not re.match(r" [A-Z]", body[m.end():m.end() + 2])]
    return bool(found) and all(_where_a_place_goes(body, m.start(), m.end()) for m in found)


def _where_a_place_goes(body: str, start: int, end: int) -> bool:
    line_start = body.rfind("\n", 0, start) + 1
    if not body[line_start:start].strip() and re.match(r"\s*(,|\s[–—-]\s)", body[end:end + 4]):
        return True  # a dateline
    before = re.findall(r"[\w'.-]+|,", body[max(line_start, start - 80):start])
    while before and (before[-1] in (",", "and") or before[-1][:1].isupper()):
        before.pop()  # back over the list the name ends: "in Indonesia, Sri Lanka and"
    return bool(before) and before[-1].lower() in en.LOCATIVES


def described_office(name: str, evidence: Evidence) -> str | None:
    """An unnamed participant given by office and nation («وزير خارجية قطر») where its sentence names the
    nation among those present («وزراء خارجية قطر والسعودية…», «كبار الدبلوماسيين من مصر وقطر»): news
    lists delegations by country, not every minister by name. None unless every word of `name` is an
    office or nation word and every nation it names is written in the sentence."""
    words = [stripped(w) for w in tokens(name)]
    nations = [w for w in words if w in COUNTRIES or w in ar.NATION_ADJECTIVES]
    if not nations or person_words(name) or not all(w in TITLE_VOCAB for w in words):
        return None
    written = {stripped(w) for w in tokens(evidence.quote)}
    return name.strip() if all(w in written for w in nations) else None


def written_name(name: str, document: CleanDocument) -> str | None:
    """The name in the article's own spelling: as given, or found from a Latin rendering; None for
    a phrase that is not a name."""
    name = name.strip()
    if not name or len(name) > MAX_NAME_CHARS or ar.NOT_IN_NAMES & set(tokens(name)):
        return None
    if fold(name) and fold(name) in fold(document.body):
        return name
    if span := find_latin_name(name, document.body):
        return document.body[span[0]: span[1]]
    return None


def english_name(name_en: str | None, name: str) -> str | None:
    """The model's English rendering, kept only when it spells the article's name (or is that name)."""
    if not name_en or len(name_en) > MAX_NAME_CHARS:
        return None
    if is_latin(name):
        return name
    return name_en if find_latin_name(name_en, name, min_skeleton=3) else None


def check_speaker(item: Statement, document: CleanDocument, drop, correct) -> Statement | None:
    """Credit the words to whom the article credits them, citing that speaker's own clause.

    A sentence may hold several credits ("دعا الزعماء العرب إلى…، في حين كرر بلينكن…"): the statement
    cites the clause of its speaker. A speaker the article does not credit there (or never names)
    is replaced when the sentence credits exactly one speaker; the outlet's narration, or a
    sentence of several speakers none of whom is the one named, is dropped.
    """
    evidence = item.evidence[0]
    credited = [(clause, a) for clause, a in clauses(document, evidence) if a.speaker]
    if not credited:
        drop("statements", "the outlet's own narration is nobody's statement", evidence.quote)
        return None
    speaker = written_name(item.speaker, document)
    mine = [(clause, a) for clause, a in credited if speaker and check_attribution(document, clause, speaker) is None]
    own = [clause for clause, _ in mine]
    if mine and not name_core(speaker) and name_core(mine[0][1].speaker):
        speaker = mine[0][1].speaker  # "وزير الخارجية المصري" is the office; the article names "سامح شكري"
    if not own:
        speakers = list(dict.fromkeys(a.speaker for _, a in credited))
        if len(speakers) > 1:
            drop("statements", f"the sentence credits {', '.join(speakers)}, not {item.speaker}", evidence.quote)
            return None
        correct("statements", f"the article credits {speakers[0]}, not {item.speaker}", evidence.quote)
        speaker, own = speakers[0], [clause for clause, _ in credited]
    cited = own[0] if len(own[0].quote) >= MIN_CLAUSE_CHARS else evidence
    # A draft's content is its source words, which follow the cited clause; a record file's own text stays.
    content = cited.quote if item.content == evidence.quote else item.content
    return item.model_copy(update={"speaker": speaker, "content": content, "evidence": [cited, *item.evidence[1:]]})


def credited_statement(evidence: Evidence, document: CleanDocument, statements: list[Statement]) -> Statement | None:
    """A misfiled fact's sentence as the statement of the one speaker the article credits in it
    («…بينما شدد وزير الخارجية الأمريكي "بلينكن" على ضرورة…» filed as an outcome), citing that
    speaker's clause; None when it credits nobody or several, the record already cites that
    clause, or the record holds as many statements as it may."""
    speakers: list[str] = []
    for _, attribution in clauses(document, evidence):  # «بلينكن» and «أنتوني بلينكن» are one speaker
        if attribution.speaker and not any(same_person(attribution.speaker, s) for s in speakers):
            speakers.append(attribution.speaker)
    if len(speakers) != 1 or len(statements) >= MAX_STATEMENTS:
        return None
    draft = Statement(speaker=speakers[0], content=evidence.quote, evidence=[evidence])
    statement = check_speaker(draft, document, drop=lambda *_: None, correct=lambda *_: None)
    if statement is None or any(statement.evidence[0].overlaps(s.evidence[0]) for s in statements):
        return None
    return statement


def presents_as(field: str, evidence: Evidence, document: CleanDocument) -> bool:
    """The sentence(s) holding the passage say agreement / disagreement / outcome; a list of
    attendees does not, nor an agreement or a split that is denied or only a condition («إذا لم يتم
    التوصل إلى اتفاق»: if none is reached). A clause is judged by its whole sentence."""
    around = " ".join(s.quote for s in body_sentences(document) if s.start < evidence.end and evidence.start < s.end)
    folded = fold(around or evidence.quote)
    if field == "outcomes":  # «لم يسفر» is itself an outcome
        return any(alternative_present(folded, cue) for cue in SECTION_CUES[field])
    if field == "disagreements" and opposes_another(folded):
        return True
    return any(not negated(" ".join(folded[:at].split()[-NEGATION_REACH:]))
               for cue in SECTION_CUES[field] for at in alternative_starts(folded, cue))


def opposes_another(folded: str) -> bool:
    """A refusal set against someone else's position: «في حين كرر بلينكن معارضة…», «ولكن بعد ساعات رفض
    نتنياهو الفكرة», «المقترح الذي رفضته إسرائيل». `folded` is a folded sentence."""
    def words_at(cues: tuple[str, ...]) -> list[int]:
        return [len(folded[:at].split()) for cue in cues for at in alternative_starts(folded, cue)]

    refusals = words_at(REFUSALS)
    return any(0 < r - c <= REFUSAL_REACH for r in refusals for c in words_at(CONTRASTS)) \
        or any(abs(r - p) <= REFUSAL_REACH for r in refusals for p in words_at(PROPOSALS))


def check_event_date(event: Event, document: CleanDocument, drop) -> Event:
    """A date must be stated in the article; its sentence joins the event's evidence."""
    if not event.date or date_in_quote(event.date, event.evidence[0].quote):
        return event
    if stated := date_evidence(document, event.date):
        return event.model_copy(update={"evidence": [*event.evidence, stated]})
    drop("event.date", "date not stated in the article", f"{event.date} | {event.evidence[0].quote}")
    return event.model_copy(update={"date": None})


def check_event_city(event: Event, document: CleanDocument, drop, correct) -> Event:
    """A city must be written in the article (in Arabic, or a known city's English name). A city
    given with an article the page does not write ("العمان" for «عمان») is corrected to the page's."""
    if not event.city:
        return event
    body = " " + fold(document.body) + " "
    arabic = [a for a, english in CITIES.items() if english.lower() == event.city.strip().lower()]
    if any(alternative_present(body, a) for a in arabic) or written_name(event.city, document):
        return event
    bare = event.city.strip().removeprefix(ar.ARTICLE)
    if bare != event.city.strip() and (written := written_name(bare, document)):
        correct("event.city", f"the article writes {written}, not {event.city}", event.city)
        return event.model_copy(update={"city": written})
    drop("event.city", "city not written in the article", event.city)
    return event.model_copy(update={"city": None})


def date_evidence(document: CleanDocument, iso: str) -> Evidence | None:
    """The first body sentence that states the date `iso`, as evidence for it."""
    return next((s for s in body_sentences(document) if date_in_quote(iso, s.quote)), None)


def reverify(record: MeetingRecord, document: CleanDocument) -> Checked:
    """Check a saved (perhaps hand-edited) record against its file again.

    Evidence whose offsets still hold is kept; a quote that moved is found again; an item left
    with no evidence is dropped; then the same `check_record` as for model drafts, so a record
    file cannot smuggle in an unsupported item, a wrong speaker or a misfiled section.
    """
    dropped: list[DroppedItem] = []
    text = document.document.text

    def located(field: str, item):
        evidence = []
        for e in item.evidence:
            if e.doc_id == document.doc_id and text[e.start: e.end] == e.quote and _inside(document, e):
                evidence.append(e)
                continue
            try:
                evidence.append(locate(document, e.quote))
            except QuoteNotFound as error:
                dropped.append(_dropped(document, field, str(error), e.quote))
        return item.model_copy(update={"evidence": evidence}) if evidence else None

    update = {"event": located("event", record.event) if record.event else None}
    for field in MeetingRecord.ITEM_KINDS:
        update[field] = [c for item in getattr(record, field) if (c := located(field, item))]
    checked = check_record(record.model_copy(update=update), document)
    return checked._replace(dropped=dropped + checked.dropped)


def _inside(document: CleanDocument, evidence: Evidence) -> bool:
    return any(s.start <= evidence.start and evidence.end <= s.end for s in document.kept)
