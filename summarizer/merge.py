"""Merge stage: the records of one event become one cited cross-source `Brief`.

Deterministic: the same person or body is resolved across spellings, duplicate statements are
merged keeping every supporting source, and disagreements between sources (dates, counts, who
said what) are shown side by side. Every sentence the brief prints is built from verified
evidence; a model-written paraphrase is kept only when its numbers and names are in its quotes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from summarizer.arabic import content_words, find_latin_name, fold, tokens, unquoted_names
from summarizer.evidence import body_sentences, name_core, named_near
from summarizer.group import event_place
from summarizer.models import (
    Brief, BriefEvent, Claim, CleanDocument, Conflict, ConflictSide, Evidence, Excluded, Grouping, Participant,
    Source, Statement,
)

MERGE_OVERLAP = 0.6  # share of the shorter quote's words found in the longer one
NUMBER_WORDS = {
    "واحد": 1, "اثنين": 2, "اثنان": 2, "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5,
    "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثماني": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9, "عشر": 10, "عشره": 10,
}
COUNTED_NOUNS = {"دول", "دوله", "وزراء", "وزير", "قتيل", "قتلي", "شهيد", "جرحي", "جنود", "اسري", "رهائن"}


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
        return any(same_entity(name, known) for known in self.names)


def same_entity(a: str, b: str) -> bool:
    """Same person when one name's distinctive words are all in the other ('بلينكن' ⊂ 'أنتوني بلينكن')."""
    core_a, core_b = name_core(a), name_core(b)
    if not core_a or not core_b:
        return fold(a) == fold(b)
    return core_a <= core_b or core_b <= core_a


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
    return entities


MIN_OVERLAP_WORDS = 4  # a shorter passage ("وزير الخارجية الأمريكي") is inside too many others


def overlap(a: str, b: str) -> float:
    """Share of the shorter text's content words that the longer one contains."""
    ta, tb = set(content_words(a)), set(content_words(b))
    if min(len(ta), len(tb)) < MIN_OVERLAP_WORDS:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


@dataclass
class MergedItem:
    """Items from several records that say the same thing, with every source kept."""

    text: str
    speaker: str | None
    evidence: list[Evidence]

    @property
    def corroboration(self) -> int:
        return len({e.doc_id for e in self.evidence})


def merge_items(items: list[tuple[str, str | None, list[Evidence]]], entities: list[Entity]) -> list[MergedItem]:
    """Merge (text, speaker, evidence) items whose quotes say the same and whose speakers agree."""
    merged: list[MergedItem] = []
    for text, speaker, evidence in items:
        speaker = _canonical(speaker, entities)
        quote = " ".join(e.quote for e in evidence)
        twin = next(
            (m for m in merged
             if (m.speaker is None or speaker is None or m.speaker == speaker)
             and any(overlap(quote, e.quote) >= MERGE_OVERLAP for e in m.evidence)),
            None,
        )
        if twin is None:
            merged.append(MergedItem(text=text, speaker=speaker, evidence=list(evidence)))
        else:
            twin.evidence.extend(e for e in evidence if (e.doc_id, e.start) not in {(x.doc_id, x.start) for x in twin.evidence})
            twin.speaker = twin.speaker or speaker
    return sorted(merged, key=lambda m: -m.corroboration)


def _canonical(name: str | None, entities: list[Entity]) -> str | None:
    if not name:
        return None
    entity = next((e for e in entities if e.matches(name)), None)
    return entity.name if entity else name


# ---- checks on model-written text ---------------------------------------------------------------
def supported_text(text: str, evidence: list[Evidence], speaker: str | None = None) -> bool:
    """A paraphrase may be printed only if every number and person it names is in its quotes
    (a person may also be the item's verified speaker)."""
    if "<" in text or ">" in text:  # a template placeholder the model copied
        return False
    quotes = " ".join(e.quote for e in evidence)
    quoted = fold(quotes)
    quoted_numbers = set(re.findall(r"\d+", quoted)) | {str(v) for w, v in NUMBER_WORDS.items() if w in quoted.split()}
    if not all(n in quoted_numbers for n in re.findall(r"\d+", fold(text))):
        return False
    return not unquoted_names(text, quotes, speaker or "")


def claim_text(item: MergedItem, lang: str) -> str:
    """English: the model's paraphrase when it checks out; otherwise, and in Arabic, the quote itself."""
    if lang == "en" and item.text and supported_text(item.text, item.evidence, item.speaker):
        return item.text
    quote = item.evidence[0].quote
    return f"{item.speaker}: «{quote}»" if item.speaker else f"«{quote}»"


# ---- conflicts ----------------------------------------------------------------------------------
def count_conflicts(documents: list[CleanDocument]) -> list[Conflict]:
    """Sources that count the same thing differently ('6 دول' here, 'خمس دول' there)."""
    claims: dict[str, dict[int, list[Evidence]]] = {}
    for sentence in (s for document in documents for s in body_sentences(document)):
        words = tokens(sentence.quote)
        for number, noun in zip(words, words[1:]):
            value = int(number) if number.isdigit() else NUMBER_WORDS.get(number)
            if value is not None and noun in COUNTED_NOUNS:
                claims.setdefault(noun, {}).setdefault(value, []).append(sentence)
    conflicts = []
    for noun, by_value in claims.items():
        if len(by_value) > 1 and len({e.doc_id for v in by_value.values() for e in v}) > 1:
            sides = [ConflictSide(text=f"{value} {noun}", citations=_one_per_doc(ev)) for value, ev in sorted(by_value.items())]
            conflicts.append(Conflict(topic=f"how many {noun}", sides=sides))
    return conflicts


def attribution_conflicts(statements: list[tuple[Statement, str]], documents: dict[str, CleanDocument],
                          names: dict[str, str]) -> list[Conflict]:
    """The same words credited to different people by different sources, each credit in its sentence."""
    conflicts = []
    for i, (a, speaker_a) in enumerate(statements):
        for b, speaker_b in statements[i + 1:]:
            if speaker_a == speaker_b or a.evidence[0].doc_id == b.evidence[0].doc_id:
                continue
            shared = [(ea, eb) for ea in a.evidence for eb in b.evidence if overlap(ea.quote, eb.quote) >= 0.8]
            if not shared:
                continue
            ea, eb = shared[0]
            if all(named_near(speaker, e, documents[e.doc_id].document.text)
                   for speaker, e in ((a.speaker, ea), (b.speaker, eb))):
                conflicts.append(Conflict(
                    topic=f"who said «{ea.quote[:80]}»",
                    sides=[ConflictSide(text=f"said by {names.get(speaker_a, speaker_a)}", citations=[ea]),
                           ConflictSide(text=f"said by {names.get(speaker_b, speaker_b)}", citations=[eb])],
                ))
    return conflicts


def date_conflicts(grouping: Grouping) -> list[Conflict]:
    by_date: dict[str, list[Evidence]] = {}
    for record in grouping.main.records:
        if record.event and record.event.date:
            by_date.setdefault(record.event.date, []).extend(record.event.evidence)
    if len(by_date) < 2:
        return []
    return [Conflict(topic="date of the event",
                     sides=[ConflictSide(text=d, citations=_one_per_doc(ev)) for d, ev in sorted(by_date.items())])]


def _one_per_doc(evidence: list[Evidence]) -> list[Evidence]:
    seen: dict[str, Evidence] = {}
    for e in evidence:
        seen.setdefault(e.doc_id, e)
    return list(seen.values())


# ---- the stage ----------------------------------------------------------------------------------
SECTIONS = (("agreements", "agreement"), ("disagreements", "disagreement"), ("outcomes", "outcome"))


def merge(grouping: Grouping, documents: dict[str, CleanDocument], lang: str = "en") -> Brief:
    """One brief for the main event of `grouping`; pages of other events are only listed."""
    records = grouping.main.records
    used = {r.doc_id for r in records}
    entities = resolve_entities([p for r in records for p in r.participants])
    statements = [(s, _canonical(s.speaker, entities)) for r in records for s in r.statements]
    positions = merge_items([(s.content, s.speaker, s.evidence) for s, _ in statements], entities)

    parties = {e.name: e.display(lang) for e in entities}
    claims: list[Claim] = []
    for item in positions:
        section = "key_point" if item.corroboration > 1 else "position"
        party = parties.get(item.speaker, item.speaker) if item.speaker else None
        claims.append(Claim(text=claim_text(item, lang), citations=item.evidence, section=section, party=party))
    for attribute, section in SECTIONS:
        facts = [(f.text, None, f.evidence) for r in records for f in getattr(r, attribute)]
        for item in merge_items(facts, entities):
            claims.append(Claim(text=claim_text(item, lang), citations=item.evidence, section=section))

    group_documents = [documents[d] for d in used if d in documents]
    conflicts = date_conflicts(grouping) + count_conflicts(group_documents) + attribution_conflicts(statements, documents, parties)
    event = _event(grouping, documents, entities, lang)
    headline = Claim(text=event.what, citations=event.citations[:3], section="event")
    sources = [Source(doc_id=d.doc_id, path=d.document.path, used=d.doc_id in used) for d in documents.values()]
    return Brief(lang=lang, headline=headline, event=event, claims=claims, conflicts=conflicts,
                 excluded=list(grouping.excluded) + _unreported(documents, records, grouping.excluded),
                 sources=sources)


def _event(grouping: Grouping, documents: dict[str, CleanDocument], entities: list[Entity], lang: str) -> BriefEvent:
    records = [r for r in grouping.main.records if r.event]
    citations = [e for r in records for e in r.event.evidence]
    if not citations:  # no verified event: cite the opening sentence of each page instead
        citations = [body_sentences(documents[r.doc_id])[0] for r in grouping.main.records if r.doc_id in documents]
    dates = Counter(r.event.date for r in records if r.event.date)
    places = Counter(p for r in grouping.main.records if r.doc_id in documents
                     if (p := event_place(documents[r.doc_id], r)))
    whats = [r.event.what for r in records if r.event.what and supported_text(r.event.what, r.event.evidence)]
    what = whats[0] if whats and lang == "en" else citations[0].quote
    return BriefEvent(
        what=what,
        date=dates.most_common(1)[0][0] if dates else None,
        place=places.most_common(1)[0][0] if places else None,
        participants=[e.display(lang) for e in entities],
        citations=_one_per_doc(citations) + [c for c in citations if c not in _one_per_doc(citations)],
    )


def _unreported(documents: dict[str, CleanDocument], records, excluded: list[Excluded]) -> list[Excluded]:
    """Pages given to the run that no group holds (their extraction failed): say so, never drop silently."""
    known = {r.doc_id for r in records} | {e.doc_id for e in excluded}
    return [Excluded(doc_id=d, reason="no record could be extracted from this page") for d in documents if d not in known]
