"""Merge stage: the records of one event become one cited cross-source `Brief`, within a budget.

Deterministic: the same person or body is resolved across spellings, duplicate statements are
merged keeping every supporting source, and disagreements between sources (dates, counts, who
said what) are shown side by side. A claim's text is always the source's own words: record
fields written by a model (`Statement.content`, `Fact.text`, `Event.what`) are never printed.
In an English brief those words stay marked as unrendered until the write stage
(`summarizer.stages.write`) replaces them with a checked English rendering.

`select` then keeps what a reader gets within the word budget, each claim as one passage: a
disagreement citing both sides first, corroborated claims next, then the records' claims and the
pages' own sentences chosen together by what news puts first (`NewsWeight`, less redundancy by
`summarizer.lang.tfidf.mmr`); no passage twice, no subheading, and a headline gives way to its
page's fuller sentence.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher

import numpy as np

from summarizer.lang import ar, every, pack
from summarizer.lang.arabic import ARABIC_NUMBER_WORDS, content_words, find_latin_name, fold, script, tokens
from summarizer.checks.attribution import QUOTES, clauses, quote_spans, speaker_of
from summarizer.lang.tfidf import mmr, weighed_words
from summarizer.checks.evidence import body_sentences, named_near
from summarizer.lang.dates import date_in_quote, only_a_date, pages_date
from summarizer.checks.faithful import arabic_name_in, word_count
from summarizer.stages.group import event_place, pages_place, place_name
from summarizer.models import (
    DEFAULT_BUDGET_WORDS, MAX_HEADLINE_WORDS, Brief, BriefEvent, Claim, CleanDocument, Conflict, ConflictSide, Evidence, Excluded, Grouping, Participant,
    Section, Source, Statement,
)
from summarizer.lang.names import TITLE_VOCAB, may_be_one_person, name_core, person_words, same_person, title_stems
from summarizer.lang.tfidf import TfIdf, centroid

MERGE_OVERLAP = 0.6  # share of the shorter quote's words found in the longer one
REPEAT_OVERLAP = 0.8  # a claim whose words are this much another's says the same thing twice
SAME_SPEAKER_OVERLAP = 0.4  # ... or this much, when both are one speaker's words
SAME_WORDS_SHARE = 0.5  # the least share of the longer passage that the shorter gives, for one quote
MIN_CLAIM_WORDS = 4  # fewer source words ("وزير الخارجية الأمريكي") name someone, they state nothing
MAX_CLAIM_WORDS = 40  # a claim up to this long states a fact; a longer one is a paragraph's worth of budget
MIN_STATEMENT_WORDS = 6  # a headline cites sentences at least this long, never a bare name or title
# A line this short that ends without punctuation is a subheading («تنسيق الجهود المبذولة من الدول
# العربية», page 000), not a statement.
MAX_SUBHEADING_WORDS = 9
_GOES_ON = tuple(".!?؟:»\"”…)،,;؛")  # a line ending so closes a sentence or continues one
# An English rendering takes about this many words per Arabic word (clitics become words), plus a
# speaker: the estimate `select` budgets with before anything is rendered; `write` trims exactly.
ENGLISH_WORDS_PER_ARABIC = 1.3
UNRENDERED = pack("en").LABELS["unrendered"]


@dataclass
class Entity:
    """One person or body, under all the names the sources give it."""

    names: list[str]
    participants: list[Participant] = field(default_factory=list)

    @property
    def name(self) -> str:
        return max(self.names, key=lambda n: (len(name_core(n)), len(n)))

    @property
    def name_en(self) -> str | None:
        """The most given English rendering that spells the Arabic name; a weak model's guess
        ("Samah Shariq" for «سامح شكري») is not shown."""
        english = Counter(p.name_en for p in self.participants
                          if p.name_en and find_latin_name(p.name_en, self.name, min_skeleton=3))
        return english.most_common(1)[0][0] if english else None

    def display(self, lang: str) -> str:
        """'Antony Blinken (أنتوني بلينكن)' in an English brief; the name as written in Arabic."""
        return f"{self.name_en} ({self.name})" if lang == "en" and self.name_en else self.name

    def matches(self, name: str) -> bool:
        return any(same_person(name, known) for known in self.names)


def resolve_entities(participants: list[Participant]) -> list[Entity]:
    entities: list[Entity] = []
    for participant in participants:
        entity = next((e for e in entities if e.matches(participant.name)), None)
        if entity is None:
            entity = Entity(names=[])
            entities.append(entity)
        if participant.name not in entity.names:
            entity.names.append(participant.name)
        entity.participants.append(participant)
    return _offices_joined_to_their_holder(entities)


def _offices_joined_to_their_holder(entities: list[Entity]) -> list[Entity]:
    """"وزير الخارجية الأمريكي" is "وزير الخارجية الأمريكي أنتوني بلينكن" when he is the one person
    the sources give that whole office (office, portfolio and country: at least three title
    words), and a record's «وزير خارجية مصر» (role Foreign Minister, affiliation Egypt) is the one
    named participant of that role and affiliation, «سامح شكري»; "وزير الخارجية" alone, or an
    office two named people hold, stays as written."""
    named = [e for e in entities if any(person_words(n) for n in e.names)]
    kept = []
    for entity in entities:
        wanted = title_stems(entity.name)
        posts = {_post(p) for p in entity.participants}
        holders = [] if any(entity is e for e in named) else [
            e for e in named if len(wanted) >= 3 and any(wanted <= title_stems(n) for n in e.names)
            or None not in posts and posts & {_post(p) for p in e.participants}]
        if len(holders) == 1:
            holders[0].names += [n for n in entity.names if n not in holders[0].names]
            holders[0].participants += entity.participants
        else:
            kept.append(entity)
    return kept


def _post(participant: Participant) -> tuple[str, str] | None:
    """(role, affiliation) when a record gives both."""
    if participant.role and participant.affiliation:
        return participant.role.casefold(), participant.affiliation.casefold()
    return None


MIN_OVERLAP_WORDS = 4  # a shorter passage ("وزير الخارجية الأمريكي") is inside too many others


def overlap(a: str, b: str) -> float:
    """Share of the shorter text's content words that the longer one contains."""
    ta, tb = set(content_words(a)), set(content_words(b))
    if min(len(ta), len(tb)) < MIN_OVERLAP_WORDS:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


def same_quote(a: str, b: str) -> bool:
    """Two passages give the same words: the shorter's are nearly all in the longer, and they are
    at least half of it (four words of a 40-word statement are not that statement)."""
    return overlap(a, b) >= REPEAT_OVERLAP and min(held(a, b), held(b, a)) >= SAME_WORDS_SHARE


def held(words: str, sentence: str) -> float:
    """Share of the content words of `words` that `sentence` holds."""
    wanted = set(content_words(words))
    return len(wanted & set(content_words(sentence))) / len(wanted) if len(wanted) >= MIN_OVERLAP_WORDS else 0.0


@dataclass
class MergedItem:
    """Items from several records that say the same thing, with every source kept."""

    speaker: str | None
    evidence: list[Evidence]

    @property
    def corroboration(self) -> int:
        return len({e.doc_id for e in self.evidence})


def merge_items(items: list[tuple[str | None, list[Evidence]]], entities: list[Entity]) -> list[MergedItem]:
    """Merge (speaker, evidence) items whose quotes say the same and whose speakers agree, or
    that give one speaker's same words (`one_speakers_words`)."""
    merged: list[MergedItem] = []
    for speaker, evidence in items:
        speaker = _canonical(speaker, entities)
        quote = " ".join(e.quote for e in evidence)
        frame = _naming_words(speaker, entities)
        twin = next(
            (m for m in merged
             if (m.speaker is None or speaker is None or m.speaker == speaker)
             and any(overlap(quote, e.quote) >= MERGE_OVERLAP
                     or speaker and m.speaker == speaker and one_speakers_words(quote, e.quote, frame)
                     for e in m.evidence)),
            None,
        )
        if twin is None:
            merged.append(MergedItem(speaker=speaker, evidence=list(evidence)))
        else:
            twin.evidence.extend(e for e in evidence if (e.doc_id, e.start) not in {(x.doc_id, x.start) for x in twin.evidence})
            twin.speaker = twin.speaker or speaker
    return sorted(merged, key=lambda m: -m.corroboration)


SAME_WORDS_RUN = 4  # consecutive content words two reports of one statement share, beyond how they frame it
# Words that frame a statement rather than say it: titles, countries and bodies, verbs of saying.
FRAMING = frozenset(content_words(" ".join(TITLE_VOCAB))) | frozenset(content_words(" ".join(ar.reporting_verb_forms())))


def one_speakers_words(a: str, b: str, naming: set[str]) -> bool:
    """Two outlets report one statement of one speaker, each in its own frame: past his name
    (`naming`), titles, countries and verbs of saying (FRAMING), much the same words
    (SAME_SPEAKER_OVERLAP) with a run of SAME_WORDS_RUN of them in the same order («وكشف عن إمكانية…
    لإيقاف مؤقت… إدخال المساعدات للمدنيين ومنحهم حرية التحرك» and «وأكد الوزير الأمريكي… دعم…
    الهدنات الإنسانية من أجل إدخال المساعدات للمدنيين ومنحهم حرية التحرك»). «وأكد وزير الخارجية
    الأمريكي أنتوني بلينكن» before two different stances is not saying one thing."""
    frame = naming | FRAMING
    words_a = [w if w not in frame else None for w in content_words(a)]
    words_b = [w if w not in frame else "" for w in content_words(b)]
    said_a, said_b = set(words_a) - {None}, set(words_b) - {""}
    if min(len(said_a), len(said_b)) < MIN_OVERLAP_WORDS or \
            len(said_a & said_b) / min(len(said_a), len(said_b)) < SAME_SPEAKER_OVERLAP:
        return False
    run = SequenceMatcher(None, words_a, words_b, autojunk=False).find_longest_match(0, len(words_a), 0, len(words_b))
    return run.size >= SAME_WORDS_RUN


def _naming_words(speaker: str | None, entities: list[Entity]) -> set[str]:
    """The content words of every name the sources give `speaker` (titles are FRAMING)."""
    entity = next((e for e in entities if speaker and e.matches(speaker)), None)
    return set(content_words(" ".join(entity.names if entity else [speaker or ""])))


def _canonical(name: str | None, entities: list[Entity]) -> str | None:
    if not name:
        return None
    entity = next((e for e in entities if e.matches(name)), None)
    return entity.name if entity else name


# ---- claim text: the source's own words ---------------------------------------------------------
def shown_citations(claim: Claim) -> list[Evidence]:
    """The passages whose words a claim prints: its first; for a disagreement, also the first
    that says something else (the other side). The other passages say the same or more of one
    point and are printed as citations only: a claim is a passage, not a join that eats the budget."""
    return distinct_passages(claim.citations)[:2] if claim.section == "disagreement" else claim.citations[:1]


def distinct_passages(citations: list[Evidence]) -> list[Evidence]:
    """The citations, less those that repeat an earlier one's words (one sentence on two pages)."""
    passages: list[Evidence] = []
    for citation in citations:
        if not any(citation.overlaps(p) or overlap(citation.quote, p.quote) >= REPEAT_OVERLAP for p in passages):
            passages.append(citation)
    return passages


def source_words(claim: Claim) -> str:
    return " … ".join(c.quote for c in shown_citations(claim))


def cited_claim(citations: list[Evidence], section: Section, party: str | None, lang: str) -> Claim:
    """A claim printing the source words of its shown citations, credited to `party`."""
    claim = Claim.model_construct(citations=citations, section=section, party=party)
    return Claim(text=claim_text(source_words(claim), party, lang), citations=citations, section=section, party=party)


def claim_text(words: str, speaker: str | None, lang: str) -> str:
    """'speaker: «words»'; marked as not rendered when the words are not in the brief's language."""
    text = f"{speaker}: «{words}»" if speaker else f"«{words}»"
    return text if script(words) == lang else f"{pack(lang).LABELS['unrendered']} {text}"


# ---- conflicts ----------------------------------------------------------------------------------
def count_conflicts(documents: list[CleanDocument], lang: str = "en") -> list[Conflict]:
    """Sources that count the same thing differently ('6 دول' here, 'خمس دول' there)."""
    claims: dict[str, dict[int, list[Evidence]]] = {}
    for sentence in (s for document in documents for s in body_sentences(document)):
        words = tokens(sentence.quote)
        for at, (number, noun) in enumerate(zip(words, words[1:])):
            value = int(number) if number.isdigit() else ARABIC_NUMBER_WORDS.get(number)
            if value is not None and noun in ar.COUNTED_NOUNS and not ar.approximate(words[max(0, at - 2):at]):
                claims.setdefault(noun, {}).setdefault(value, []).append(sentence)
    conflicts = []
    for noun, by_value in claims.items():
        if len(by_value) > 1 and len({e.doc_id for v in by_value.values() for e in v}) > 1:
            sides = [ConflictSide(text=f"{value} {noun}", citations=_one_per_doc(ev)) for value, ev in sorted(by_value.items())]
            conflicts.append(Conflict(topic=pack(lang).CONFLICT_LABELS["count"].format(noun=noun), sides=sides))
    return conflicts


def attribution_conflicts(statements: list[tuple[Statement, str]], documents: dict[str, CleanDocument],
                          names: dict[str, str], lang: str = "en") -> list[Conflict]:
    """The same words credited to different people by different sources, each credit in its sentence."""
    conflicts = []
    for i, (a, speaker_a) in enumerate(statements):
        for b, speaker_b in statements[i + 1:]:
            if may_be_one_person(speaker_a, speaker_b) or a.evidence[0].doc_id == b.evidence[0].doc_id:
                continue
            shared = [(ea, eb) for ea in a.evidence for eb in b.evidence if same_quote(ea.quote, eb.quote)]
            if not shared:
                continue
            ea, eb = shared[0]
            if all(named_near(speaker, e, documents[e.doc_id].document.text)
                   for speaker, e in ((a.speaker, ea), (b.speaker, eb))):
                labels = pack(lang).CONFLICT_LABELS
                conflicts.append(Conflict(
                    topic=labels["who"].format(words=ea.quote[:80]),
                    sides=[ConflictSide(text=labels["said"].format(name=names.get(speaker, speaker)), citations=[e])
                           for speaker, e in ((speaker_a, ea), (speaker_b, eb))],
                ))
    return conflicts


def date_conflicts(grouping: Grouping, lang: str = "en") -> list[Conflict]:
    """Sources that date one event differently. Pages of a story report different days: no conflict."""
    if grouping.by == "story":
        return []
    by_date: dict[str, list[Evidence]] = {}
    for record in grouping.main.records:
        if record.event and record.event.date:  # each side cites the passage that states its date
            stating = [e for e in record.event.evidence if date_in_quote(record.event.date, e.quote)]
            by_date.setdefault(record.event.date, []).extend(stating or record.event.evidence)
    if len(by_date) < 2:
        return []
    return [Conflict(topic=pack(lang).CONFLICT_LABELS["date"],
                     sides=[ConflictSide(text=d, citations=_one_per_doc(ev)) for d, ev in sorted(by_date.items())])]


# ---- the stage ----------------------------------------------------------------------------------
SECTIONS = (("agreements", "agreement"), ("disagreements", "disagreement"), ("outcomes", "outcome"))


def merge(grouping: Grouping, documents: dict[str, CleanDocument], lang: str = "en",
          failed: list[Excluded] | None = None) -> Brief:
    """Every claim of the main event of `grouping`, in its source's words; pages of other events
    are only listed, pages whose extraction failed (`failed`) are listed as failed, never as used.

    `claims` holds every merged claim; `select` picks what the brief shows.
    """
    failed = list(failed or [])
    failed_ids = {f.doc_id for f in failed}
    records = grouping.main.records
    used = {r.doc_id for r in records} - failed_ids
    entities = resolve_entities([p for r in records for p in r.participants])
    statements = [(s, _canonical(s.speaker, entities)) for r in records for s in r.statements]
    positions = merge_items([(s.speaker, s.evidence) for s, _ in statements], entities)

    parties = {e.name: e.display(lang) for e in entities}
    claims: list[Claim] = []
    for item in positions:
        section = "key_point" if item.corroboration > 1 else "position"
        party = parties.get(item.speaker, item.speaker) if item.speaker else None
        claims.append(cited_claim(item.evidence, section, party, lang))
    for attribute, section in SECTIONS:
        facts = [(None, f.evidence) for r in records for f in getattr(r, attribute)]
        for item in merge_items(facts, entities):
            claims.append(cited_claim(item.evidence, section, None, lang))

    group_documents = [documents[d] for d in sorted(used) if d in documents]
    conflicts = (date_conflicts(grouping, lang) + count_conflicts(group_documents, lang)
                 + attribution_conflicts(statements, documents, parties, lang))
    event, headline = _event(grouping, documents, entities, lang, group_documents)
    sources = [Source(doc_id=d.doc_id, path=d.document.path, used=d.doc_id in used) for d in documents.values()]
    return Brief(lang=lang, headline=headline, event=event, claims=claims, conflicts=conflicts,
                 excluded=[e for e in grouping.excluded if e.doc_id not in failed_ids], failed=failed,
                 sources=sources)


def corroborate(brief: Brief, documents: list[CleanDocument]) -> Brief:
    """Pages of the event that were not extracted, cited where they say what a claim says.

    For each claim and each such page, the page's body sentence holding most of the claim's
    content words is added to the claim's citations when it holds at least MERGE_OVERLAP of them,
    so a claim shows how many sources make it; a short sentence that only repeats a fragment of
    the claim («انهم في صحة جيدة تماما») does not. Every such page is listed among the sources
    used: it reports the event even where it is cited nowhere.
    """
    sentences = {d.doc_id: body_sentences(d) for d in documents}
    claims = []
    for claim in brief.claims:
        words = source_words(claim)
        cited = {c.doc_id for c in claim.citations}
        extra = []
        for doc_id, candidates in sentences.items():
            scored = [(held(words, s.quote), s) for s in candidates] if doc_id not in cited else []
            best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
            if best[0] >= MERGE_OVERLAP:
                extra.append(best[1])
        claims.append(claim.model_copy(update={"citations": [*claim.citations, *extra]}) if extra else claim)
    listed = {s.doc_id for s in brief.sources}
    sources = brief.sources + [Source(doc_id=d.doc_id, path=d.document.path, used=True)
                               for d in documents if d.doc_id not in listed]
    return brief.model_copy(update={"claims": claims, "sources": sources})


def known_names(grouping: Grouping) -> dict[str, str | None]:
    """Every spelling of every participant of the main event -> its checked English name (or None).
    An office is no spelling of a name: «وزير خارجية الأردن» names Jordan, not Safadi."""
    entities = resolve_entities([p for r in grouping.main.records for p in r.participants])
    return {name: entity.name_en for entity in entities for name in entity.names if person_words(name)}


def _event(grouping: Grouping, documents: dict[str, CleanDocument], entities: list[Entity], lang: str,
           pages: list[CleanDocument]) -> tuple[BriefEvent, Claim]:
    """The event block, and the headline: of the `pages`' openings and the records' event
    sentences, the one that says most of what the pages have in common (`headline_sentence`)."""
    records = [r for r in grouping.main.records if r.event]
    citations = [e for r in records for e in r.event.evidence]
    openings = [s for r in grouping.main.records if r.doc_id in documents
                for s in opening_sentences(documents[r.doc_id])]
    if not citations:  # no verified event: cite the opening sentence of each page instead
        citations = _one_per_doc(openings)
    stated = [[date.fromisoformat(r.event.date)] for r in records if r.event.date]
    place = pages_place([event_place(documents[r.doc_id], r) for r in grouping.main.records if r.doc_id in documents])
    sentence = headline_sentence(openings + citations, pages)
    headline = Claim(text=claim_text(sentence.quote, None, lang), citations=[sentence], section="event")
    event = BriefEvent(
        what=headline.text,
        date=pages_date(stated),
        place=place_name(place, lang) if place else None,
        participants=[e.display(lang) for e in entities],
        citations=_one_per_doc([sentence, *citations] if sentence in citations else citations),
    )
    return event, headline


OPENING_SENTENCES = 2  # a page's title and its lead: where a report says what happened


def opening_sentences(document: CleanDocument) -> list[Evidence]:
    """The first OPENING_SENTENCES sentences of a page's body, subheadings and datelines aside."""
    text = document.document.text
    return [s for s in body_sentences(document)
            if not subheading(s, text) and not only_a_date(s.quote)][:OPENING_SENTENCES]


def headline_sentence(candidates: list[Evidence], pages: list[CleanDocument]) -> Evidence:
    """Of MIN_STATEMENT_WORDS to MAX_HEADLINE_WORDS words, the candidate that says most of what the
    pages have in common (`story_closeness`), not one follow-up's detail, and not one speaker's
    words (`quote_headline`) when another fits. Failing that the shortest statement-long one;
    failing that the longest (a page with one short line)."""
    fitting = [c for c in candidates if MIN_STATEMENT_WORDS <= word_count(c.quote) <= MAX_HEADLINE_WORDS]
    fitting = [c for c in fitting if not quote_headline(c.quote)] or fitting
    if fitting:
        words = [set(content_words(p.body)) for p in pages]
        return max(fitting, key=lambda c: story_closeness(c.quote, words))
    long_enough = [c for c in candidates if word_count(c.quote) >= MIN_STATEMENT_WORDS]
    if long_enough:
        return min(long_enough, key=lambda c: word_count(c.quote))
    return max(candidates, key=lambda c: word_count(c.quote))


_SPEAKER_COLON = re.compile(r"(?<!\d):(?!\d)")  # not a clock's 10:30
MAX_SPEAKER_WORDS = 6  # «وزير الخارجية الأمريكي أنتوني بلينكن»


def quote_headline(text: str) -> bool:
    """A headline that gives one speaker's words, "Blinken: we will use our influence…"
    («بلينكن: سنستخدم نفوذنا…»): up to MAX_SPEAKER_WORDS words, a colon, the words. It reports a
    position, not what happened."""
    colon = _SPEAKER_COLON.search(text)
    if colon is None or not text[colon.end():].strip():
        return False
    before = text[:colon.start()]
    return 1 <= word_count(before) <= MAX_SPEAKER_WORDS and not only_a_date(before)


def story_closeness(text: str, pages: list[set[str]]) -> float:
    """Cosine, up to a constant, of the text's words with how many pages use each word: a story's
    own words («tsunami», «بلينكن») are on every page, where TF-IDF weighs them down as common,
    and a headline is made of them."""
    words = set(content_words(text))
    return sum(sum(word in page for page in pages) for word in words) / math.sqrt(len(words)) if words else 0.0


# ---- selection within the budget ----------------------------------------------------------------
class Centrality:
    """TF-IDF of the pages' body sentences (as the centroid baseline weighs them) and their
    centroid: a text's cosine with `middle` is how much of what all the pages say it says."""

    def __init__(self, documents: list[CleanDocument]):
        self.weights = TfIdf([weighed_words(s.quote) for d in documents for s in body_sentences(d)])
        self.middle = centroid(self.weights.rows)

    def rows(self, texts: list[str]) -> np.ndarray:
        return self.weights.transform([weighed_words(t) for t in texts])

    def __call__(self, text: str) -> float:
        return float(self.rows([text])[0] @ self.middle)


def estimated_words(claim: Claim, lang: str) -> int:
    """Words the claim will take: its text when its words are in the brief's language; in English,
    a rendering of its (Arabic) source words."""
    if lang == "ar" or script(source_words(claim)) == lang:
        return word_count(claim.text)
    return math.ceil(ENGLISH_WORDS_PER_ARABIC * word_count(source_words(claim))) + 2


def repeats(claim: Claim, shown: list[Claim]) -> bool:
    """The claim prints words already shown: a passage overlapping a shown claim's citations,
    nearly the same words, or, from the same speaker, much the same words: two outlets reporting
    one speaker's one stance («كرر بلينكن معارضة الولايات المتحدة… إعادة تجميع صفوفها» and «أكد
    بلينكن معارضة الولايات المتحدة… إعادة تجميع صفوفها») report one fact."""
    words = source_words(claim)
    for other in shown:
        if any(a.overlaps(b) for a in shown_citations(claim) for b in other.citations):
            return True
        said = source_words(other)
        if overlap(words, said) >= (SAME_SPEAKER_OVERLAP if _same_speaker(claim, other, said) else REPEAT_OVERLAP):
            return True
    return False


def _same_speaker(claim: Claim, other: Claim, other_words: str) -> bool:
    """Both are the same party's words: the same party, or `other` is a disagreement (each side in
    its own words) that names the claim's party. The outlet's narration naming him is not his."""
    if not claim.party:
        return False
    if other.party:
        return same_person(claim.party, other.party)
    return other.section == "disagreement" and arabic_name_in(claim.party, fold(other_words))


def select(brief: Brief, documents: list[CleanDocument], budget_words: int = DEFAULT_BUDGET_WORDS) -> Brief:
    """The claims a reader is shown within `budget_words` (headline and conflicts included), the
    rest kept in `more_claims`; no passage twice, and none the headline cites.

    Each claim shows one passage (`one_passage`), or the fuller sentence of its party that holds it
    (`_held_by_fuller_sentence`). The most central disagreement that cites both
    sides comes first (where sources part, a reader sees both), then claims several sources make
    (most sources first). Then the records' other claims and the body sentences of `documents`
    compete by what news is known to put first (`NewsWeight`: centrality to all the pages and the
    place in its page), less redundancy with what is shown (`tfidf.mmr`). A claim over
    MAX_CLAIM_WORDS words takes part only when the budget has room left after the others. A
    sentence a record's claim quotes is left to that claim, which counts as much as the sentence;
    a sentence a fuller one of its page says again (a headline its lead repeats) gives way to it;
    a chosen sentence is a key point, credited to its speaker when it does not name them
    (`unnamed_speaker`). Shown claims are in page order, as the pages tell them."""
    lang = brief.lang
    pages = {d.doc_id: body_sentences(d) for d in documents}
    by_id = {d.doc_id: d for d in documents}
    weigh = NewsWeight(documents, pages)
    focused = [(one_passage(c, by_id, pages, weigh, lang), _cites_both_sides(c)) for c in brief.claims
               if word_count(source_words(c)) >= MIN_CLAIM_WORDS]
    both_sides = [c for c, both in focused if c is not None and both and c.section == "disagreement"]
    claims = _held_by_fuller_sentence([c for c, _ in focused if c is not None], both_sides, by_id, lang)
    sentences = [cited_claim([s], "key_point", unnamed_speaker(d, s), lang)
                 for d in documents for s in pages[d.doc_id]
                 if word_count(s.quote) >= MIN_STATEMENT_WORDS and not subheading(s, d.document.text)]
    quoted = [[j for j, s in enumerate(sentences) if repeats(s, [claim])] for claim in claims]
    free = sorted(set(range(len(sentences))).difference(*quoted, _said_more_fully(sentences)))
    pool = claims + [sentences[j] for j in free]
    claim_rows = weigh.rows([source_words(c) for c in claims])
    sentence_rows = weigh.rows([s.citations[0].quote for s in sentences])
    rows = np.vstack([claim_rows, sentence_rows[free]])
    sentence_relevance = np.array([weigh.news(s.citations[0], row) for s, row in zip(sentences, sentence_rows)])
    relevance = np.concatenate([[weigh.news(c.citations[0], row) for c, row in zip(claims, claim_rows)],
                                sentence_relevance[free]])
    for i, js in enumerate(quoted):  # a claim stands for the sentences it quotes
        relevance[i] = max([relevance[i], *sentence_relevance[js]])
    costs = [estimated_words(c, lang) for c in pool]
    long = [word_count(source_words(c)) > MAX_CLAIM_WORDS for c in pool]
    left = budget_words - word_count(brief.headline.text) - conflict_words(brief.conflicts)
    shown: list[Claim] = [brief.headline]
    corroborated = sorted((i for i, c in enumerate(pool) if c.corroboration > 1),
                          key=lambda i: (-pool[i].corroboration, -relevance[i]))
    disagreements = sorted((i for i, c in enumerate(pool) if any(c is b for b in both_sides)),
                           key=lambda i: -relevance[i])
    for i in disagreements + corroborated:
        if pool[i].section == "disagreement" and any(c.section == "disagreement" for c in shown):
            continue  # one disagreement is sure to be shown; others compete as any claim
        if costs[i] <= left and (not long[i] or pool[i].section == "disagreement") and not repeats(pool[i], shown) \
                and not _says_again_that_sides_differ(pool[i], shown):
            shown.append(pool[i])
            left -= costs[i]
    for longer in (False, True):  # a claim over MAX_CLAIM_WORDS words only where the budget has room left
        said = weigh.rows([source_words(c) for c in shown])
        rest = [i for i, c in enumerate(pool) if not any(c is s for s in shown) and (longer or not long[i])]
        chosen = mmr(rows[rest], relevance[rest], [costs[i] for i in rest], left, said=said,
                     allowed=lambda j, picked, rest=rest, shown=shown: not repeats(
                         pool[rest[j]], shown + [pool[rest[k]] for k in picked]) and not _says_again_that_sides_differ(
                         pool[rest[j]], shown + [pool[rest[k]] for k in picked]))
        shown += [pool[rest[j]] for j in chosen]
        left -= sum(costs[rest[j]] for j in chosen)
    page = {d.doc_id: n for n, d in enumerate(documents)}  # shown in the order the pages tell it
    taken = sorted(shown[1:], key=lambda c: (page.get(c.citations[0].doc_id, len(page)), c.citations[0].start))
    more = []
    for claim in claims:
        if not any(claim is c for c in taken) and not repeats(claim, shown + more):
            more.append(claim)
    return brief.model_copy(update={"claims": taken, "more_claims": more})


class NewsWeight(Centrality):
    """How much a passage is the news, as MEAD weighs a sentence (Radev et al. 2004): its cosine
    with the pages' centroid plus its place in its page, a page's first sentence scoring the most
    central sentence's cosine and its last nearly nothing: journalists put the news first.
    (MEAD's third feature, closeness to the page's first sentence, lowered ROUGE on both dev
    suites and key facts on the seeds, so it is left out.)"""

    def __init__(self, documents: list[CleanDocument], pages: dict[str, list[Evidence]]):
        super().__init__(documents)
        self.pages = pages
        self.top = float((self.weights.rows @ self.middle).max(initial=0.0))

    def news(self, passage: Evidence, row: np.ndarray) -> float:
        sentences = self.pages.get(passage.doc_id, [])
        place = next((k for k, s in enumerate(sentences) if s.overlaps(passage)), len(sentences))
        position = self.top * (len(sentences) - place) / len(sentences) if sentences else 0.0
        return float(row @ self.middle) + position


def one_passage(claim: Claim, documents: dict[str, CleanDocument], pages: dict[str, list[Evidence]],
                weigh: Centrality, lang: str) -> Claim | None:
    """The claim as one passage (a disagreement: one per side), the rest of its passages kept as
    citations: the most central one. Under its party a clause names its subject; without one, a
    fragment of a sentence («وحماية المدنيين، والالتزام بالقانون الدولي» is a list's tail) is given
    from its sentence's start, which says who agreed (and is credited to its speaker as any
    sentence is), when that makes at most MAX_CLAIM_WORDS words; else it says nothing on its own
    and is skipped. Two sides in one sentence («دعا الزعماء العرب إلى وقف فوري…، في حين كرر بلينكن
    معارضة…») are shown as that sentence. A passage over MAX_CLAIM_WORDS is shown as its leading
    clauses (`leading_clauses`). A claim with nothing left is left out (None)."""
    passages = []
    party = claim.party
    for passage in sorted(claim.citations, key=lambda c: -weigh(c.quote)):
        sentence = next((s for s in pages.get(passage.doc_id, []) if s.overlaps(passage)), None)
        fragment = sentence is not None and bool(tokens(sentence.quote[:max(0, passage.start - sentence.start)]))
        if fragment and party is None:
            text = documents[passage.doc_id].document.text
            passage = Evidence(doc_id=passage.doc_id, quote=text[sentence.start:passage.end],
                               start=sentence.start, end=passage.end)
            if word_count(passage.quote) > MAX_CLAIM_WORDS:
                continue
            if not passages and claim.section != "disagreement":  # a disagreement has two sides
                party = unnamed_speaker(documents[passage.doc_id], sentence)
        joined = next((k for k, p in enumerate(passages) if p.overlaps(passage)), None)
        if joined is None:
            passages.append(passage)
        elif fragment and party is None:  # two sides in one sentence: shown as that sentence
            passages[joined] = _spanning(passages[joined], passage, documents) or passages[joined]
    if not passages:
        return None
    section = claim.section
    if section != "disagreement":  # a disagreement's sentence holds both sides: never cut
        heads = [leading_clauses(p, documents[p.doc_id]) for p in passages]
        if party and _cut_before_what_was_said(heads[0], passages[0], documents[passages[0].doc_id]):
            party, section = None, "key_point"  # «وقال بلينكن خلال مؤتمر صحفي…، "…"» cut: the outlet's telling
        passages = heads
    rest = [c for c in claim.citations if not any(c.overlaps(p) for p in passages)]
    return cited_claim(passages + rest, section, party, lang)


# A clause comma; unlike the breaks `arabic.sentence_spans` cuts a long sentence at, not a colon:
# what follows one is what was said.
_CLAUSE_BREAK = re.compile(r"[،,؛;](?=\s)")
_SEPARATORS = re.compile(r"[\s،,؛;]*")
_SOURCE_WORDS = frozenset(every("SOURCE_WORDS"))  # «، حسب سامح شكري», ", according to": the credit
_COMPLEMENTIZERS = frozenset(every("COMPLEMENTIZERS"))  # «، إن الولايات المتحدة…», ", that": what was said


def leading_clauses(passage: Evidence, document: CleanDocument) -> Evidence:
    """A passage over MAX_CLAIM_WORDS words as its leading clauses: cut at the last clause comma
    that leaves at most MAX_CLAIM_WORDS words (and at least MIN_STATEMENT_WORDS), outside a
    quotation and brackets of its paragraph, and not before the credit of what comes before it
    («، حسب سامح شكري», ", according to…"). News puts a sentence's assertion first and its
    circumstances and second thoughts after: «وتحدث الصفدي عن نقاط التقاء… ورفض تهجير الفلسطينيين
    من وطنهم، لكنه قال أيضا: “…”» states the points of convergence without its last 17 words, and
    whole it would cost the budget of two claims. A passage with no such comma stays whole."""
    if word_count(passage.quote) <= MAX_CLAIM_WORDS:
        return passage
    text = document.document.text
    line_end = text.find("\n", passage.end)
    quoted = quote_spans(text, text.rfind("\n", 0, passage.start) + 1, len(text) if line_end < 0 else line_end)
    cuts = []
    for comma in _CLAUSE_BREAK.finditer(text, passage.start, passage.end):
        head, tail = text[passage.start:comma.start()], text[comma.start():passage.end]
        if not any(start < comma.start() < end for start, end in quoted) and head.count("(") <= head.count(")") \
                and MIN_STATEMENT_WORDS <= word_count(head) <= MAX_CLAIM_WORDS \
                and _first_word(tail) not in _SOURCE_WORDS:
            cuts.append(passage.start + len(head.rstrip()))
    if not cuts:
        return passage
    return Evidence(doc_id=passage.doc_id, quote=text[passage.start:cuts[-1]], start=passage.start, end=cuts[-1])


def _cut_before_what_was_said(head: Evidence, passage: Evidence, document: CleanDocument) -> bool:
    """The cut left out what the head's speaker said, a quotation or «إن…» ("that…"): the head
    («وقال بلينكن خلال مؤتمر صحفي عقب اجتماع عمان الذي ضم… وزراء خارجية…») is the outlet telling
    when and where, nobody's position."""
    text = document.document.text
    tail = text[_SEPARATORS.match(text, head.end, passage.end).end():passage.end]
    return head != passage and (tail[:1] in QUOTES or _first_word(tail) in _COMPLEMENTIZERS)


def _first_word(text: str) -> str:
    return next(iter(tokens(text)), "")


def _held_by_fuller_sentence(claims: list[Claim], both_sides: list[Claim], documents: dict[str, CleanDocument],
                             lang: str) -> list[Claim]:
    """A party's claim whose passage the sentence of another claim holds with more is shown as that
    sentence, when the page credits all of it to the party: «وأكد الوزير الأمريكي… دعم… "الهدنات
    الإنسانية"…، وهو المقترح الذي رفضته إسرائيل» says Blinken's words and what became of them; the
    clause alone leaves that out, and both would print his words twice (`repeats` keeps the second
    out). A sentence with the outlet's own clause («وبيدو أن لقاء عمان لم يسهم…، رغم تأكيد بلينكن…»)
    or another speaker's stays apart, as do agreements and outcomes (their own sections) and a
    disagreement the records cite both sides of (`both_sides`): where sources part, a reader sees each."""
    kept: list[Claim | None] = list(claims)
    for k, claim in enumerate(kept):
        if claim is None or not claim.party:
            continue
        passage = claim.citations[0]
        fuller = next((j for j, other in enumerate(kept) if other is not None and not other.party
                       and other.section not in ("agreement", "outcome") and not any(other is b for b in both_sides)
                       and (holder := other.citations[0]).doc_id == passage.doc_id and holder != passage
                       and holder.start <= passage.start and passage.end <= holder.end
                       and _all_credited_to(claim.party, documents.get(holder.doc_id), holder)), None)
        if fuller is not None:
            sentence = kept[fuller]
            citations = {(c.doc_id, c.start, c.end): c for c in
                         [sentence.citations[0], *claim.citations[1:], *sentence.citations[1:]]}
            kept[k] = cited_claim(list(citations.values()), claim.section, claim.party, lang)
            kept[fuller] = None
    return [c for c in kept if c is not None]


def _all_credited_to(party: str, document: CleanDocument | None, passage: Evidence) -> bool:
    """Every clause of the passage is the party's, as the page credits it (`attribution.clauses`)."""
    return document is not None and all(
        credit.speaker and same_person(credit.speaker, party) for _, credit in clauses(document, passage))


def _spanning(a: Evidence, b: Evidence, documents: dict[str, CleanDocument]) -> Evidence | None:
    """One passage from the earlier start to the later end of two of one page, if at most MAX_CLAIM_WORDS words."""
    start, end = min(a.start, b.start), max(a.end, b.end)
    quote = documents[a.doc_id].document.text[start:end]
    return Evidence(doc_id=a.doc_id, quote=quote, start=start, end=end) if word_count(quote) <= MAX_CLAIM_WORDS else None


def subheading(sentence: Evidence, text: str) -> bool:
    """A short line of its own between two others that ends without punctuation: it names a
    section and says nothing. The first line is the page's headline, which says what happened;
    the last may be a sentence that lost its full stop."""
    line_start = text.rfind("\n", 0, sentence.start) + 1
    line_end = text.find("\n", sentence.end)
    if line_end == -1 or not text[line_end:].strip() or not text[:line_start].strip():
        return False
    alone = not text[line_start:sentence.start].strip() and not text[sentence.end:line_end].strip()
    return alone and word_count(sentence.quote) <= MAX_SUBHEADING_WORDS \
        and not sentence.quote.rstrip().endswith(_GOES_ON)


def unnamed_speaker(document: CleanDocument, sentence: Evidence) -> str | None:
    """Who the article credits with a sentence that does not name them: «وأكد في المؤتمر الصحفي…»
    goes on with Safadi's words, and a quotation's sentences belong to whoever the article names before
    or after it. Shown alone, such a sentence would read as the outlet's, or as anyone's."""
    credit = speaker_of(document, sentence)
    named = credit.antecedent or credit.cue
    if credit.kind not in ("continuation", "direct_quote") or named is None or sentence.overlaps(named):
        return None
    return credit.speaker


def _said_more_fully(sentences: list[Claim]) -> set[int]:
    """Indices of sentences that a longer sentence of the same page says again with more (a
    headline its lead repeats): MMR would take the short one for its density, and `repeats`
    would then keep out the sentence that says what happened."""
    words = [set(content_words(s.citations[0].quote)) for s in sentences]
    by_page: dict[str, list[int]] = {}
    for j, sentence in enumerate(sentences):
        by_page.setdefault(sentence.citations[0].doc_id, []).append(j)
    return {j for page in by_page.values() for j in page for k in page
            if len(words[k]) > len(words[j]) >= MIN_OVERLAP_WORDS
            and len(words[j] & words[k]) >= REPEAT_OVERLAP * len(words[j])}


def _says_again_that_sides_differ(claim: Claim, shown: list[Claim]) -> bool:
    """The claim only says that the sides differ and a shown disagreement says so already (one
    passage, no side's words): however many outlets write that the sides disagree («خلاف جوهري»,
    «انقسام حاد», "deep divisions"), it is one fact; each side's own words are others."""
    return _only_that_sides_differ(claim) and any(
        c.section == "disagreement" and _only_that_sides_differ(c) for c in shown)


def _only_that_sides_differ(claim: Claim) -> bool:
    """One passage, no side's own words, saying the sides differ: a disagreement of one passage,
    or a claim whose words name the split (a language pack's SIDES_DIFFER)."""
    if _cites_both_sides(claim):
        return False
    words = fold(source_words(claim)).lower()
    return claim.section == "disagreement" or any(stem in words for stem in every("SIDES_DIFFER"))


def _cites_both_sides(claim: Claim) -> bool:
    """The claim cites two different passages (each side in its own words), not one sentence
    saying that the sides differ, however many pages repeat that sentence."""
    return len(distinct_passages(claim.citations)) >= 2


def conflict_words(conflicts: list[Conflict]) -> int:
    return sum(word_count(side.text) for conflict in conflicts for side in conflict.sides)


def _one_per_doc(evidence: list[Evidence]) -> list[Evidence]:
    seen: dict[str, Evidence] = {}
    for e in evidence:
        seen.setdefault(e.doc_id, e)
    return list(seen.values())
