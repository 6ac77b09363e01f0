"""Claim-level metrics: does each sentence of a summary say what its cited words say?

A summary is read as units: one sentence a reader takes as a claim, with the citations it
carries and the party it credits (a brief's headline, claims and conflict sides; a baseline's
sentences). Every metric here is judged per unit against the gold data, deterministically:

- `fact_verdicts`: a key fact is *stated* by a supported unit whose text has an alternative of
  every topic group, whose polarity is the fact's, and which cites a passage overlapping the
  fact's gold evidence; a unit with the topic and the opposite polarity *contradicts* it.
- `support`: the unit's names, numbers and polarity are those of one cited passage, and its
  words are traceable to it (an English unit through the gold records' English text of that
  passage, since the passages are Arabic).
- `attribution`: a unit credited to a party cites words that the gold records credit to that
  party; the outlet's narration is nobody's position.
"""

from __future__ import annotations

import re
from datetime import date as Date
from collections.abc import Sequence
from dataclasses import dataclass, field

from summarizer.lang import names
from summarizer.lang.arabic import fold, script, tokens
from summarizer.eval.gold import GoldParticipant, KeyFact
from summarizer.lang.dates import date_in_quote, days_of_month, stated_dates
from summarizer.checks.faithful import numbers, speaking
from summarizer.eval.metrics import fact_present, stems
from summarizer.lang.arabic import alternative_present
from summarizer.models import Evidence, MeetingRecord
from summarizer.checks.polarity import negated

SUPPORT_WORD_SHARE = 0.6  # share of a unit's content words found in one cited passage (or its gold English)
_QUOTED = re.compile(r"«([^»]+)»")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Unit:
    """One sentence of a summary as a reader takes it, with its citations and credited party."""

    text: str
    citations: tuple[Evidence, ...] = ()
    party: str | None = None
    label: bool = False  # a conflict side's label ("said by …", "6 دول"): only its names and numbers are checked


def within_budget(units: Sequence[Unit], budget_words: int) -> list[Unit]:
    """The units a reader meets in the first `budget_words` words; the last one cut to fit."""
    kept, left = [], budget_words
    for unit in units:
        words = unit.text.split()
        if left <= 0:
            break
        n = len(tokens(unit.text))
        if n <= left:
            kept.append(unit)
        else:  # cut by whitespace words until its folded word count fits
            cut = words
            while cut and len(tokens(" ".join(cut))) > left:
                cut = cut[:-1]
            if cut:
                kept.append(Unit(" ".join(cut), unit.citations, unit.party, unit.label))
        left -= n
    return kept


def _said(unit_text: str) -> str:
    """The words a unit states: inside «…» when it quotes a source, else all of it."""
    quoted = _QUOTED.findall(unit_text)
    return " ".join(quoted) if quoted else unit_text


def _parts(unit: Unit) -> list[Unit]:
    """A unit that joins several source passages with " … " is read as one unit per passage."""
    pieces = [p.strip() for p in _said(unit.text).split("…") if p.strip()]
    return [unit] if len(pieces) < 2 else [Unit(p, unit.citations, unit.party, unit.label) for p in pieces]


def _verbatim(unit: Unit) -> Evidence | None:
    """The citation whose folded quote contains the unit's stated words, if the unit is a pure extract."""
    said = fold(_said(unit.text))
    return next((c for c in unit.citations if said and said in fold(c.quote)), None)


# ---- gold views of a passage ---------------------------------------------------------------------


@dataclass(frozen=True)
class GoldItem:
    """A gold record item: its evidence, its English text, and its speaker when it is a statement."""

    evidence: tuple[Evidence, ...]
    english: str
    speaker: str | None


@dataclass
class GoldView:
    """What the gold says about passages: who speaks there, and what they say in English."""

    items: list[GoldItem] = field(default_factory=list)
    people: list[GoldParticipant] = field(default_factory=list)

    @classmethod
    def of(cls, records: Sequence[MeetingRecord] | None, people: Sequence[GoldParticipant] | None) -> GoldView:
        items = []
        for record in records or []:
            if record.event:
                items.append(GoldItem(tuple(record.event.evidence), record.event.what, None))
            items += [GoldItem(tuple(s.evidence), s.content, s.speaker) for s in record.statements]
            items += [GoldItem(tuple(f.evidence), f.text, None)
                      for f in (*record.agreements, *record.disagreements, *record.outcomes)]
        return cls(items, list(people or []))

    def at(self, citation: Evidence) -> list[GoldItem]:
        return [item for item in self.items if any(citation.overlaps(e) for e in item.evidence)]

    def spellings(self, name: str) -> list[str]:
        """Every spelling of the person `name` names, from the gold participants (or just `name`)."""
        for person in self.people:
            if any(names.same_person(name, s) for s in person.spellings):
                return person.spellings
        return [name]

    def same_person(self, a: str, b: str) -> bool:
        return any(names.same_person(x, y) for x in self.spellings(a) for y in self.spellings(b))

    def people_named(self, text: str) -> list[GoldParticipant]:
        """Named gold participants that `text` mentions, in any spelling."""
        folded = fold(text)
        return [p for p in self.people if p.named and any(_mentions(folded, s) for s in p.spellings)]


def _mentions(folded_text: str, name: str) -> bool:
    """The name's distinctive last word starts a word of the text (Arabic proclitics allowed)."""
    words = fold(name).split()
    return bool(words) and len(words[-1]) > 2 and alternative_present(folded_text, words[-1])


# ---- support ---------------------------------------------------------------------------------------


def support_reason(unit: Unit, gold: GoldView) -> str | None:
    """None when one cited passage supports the unit; otherwise why not, in one line."""
    if not unit.citations:
        return "cites nothing"
    for part in _parts(unit):
        reasons = [_unsupported_by(part, citation, gold) for citation in part.citations]
        if all(r is not None for r in reasons):
            return reasons[0]
    return None


def _unsupported_by(unit: Unit, citation: Evidence, gold: GoldView) -> str | None:
    """Why `citation` does not support the unit, or None. A unit in its passage's language is held
    to the passage itself; an English unit over an Arabic passage to the gold English of one item
    at the passage (any one will do) or of all of them together."""
    said = _said(unit.text)
    if script(said) == script(citation.quote) or unit.label:
        return _unsupported_by_view(unit, said, citation, citation.quote, gold)
    items = gold.at(citation)
    # Each item's English, and all of them together: a sentence may restate two items its passage holds.
    views = [item.english for item in items] + ([" ".join(item.english for item in items)] if len(items) > 1 else [])
    if not views:
        return None if _verbatim(unit) else "no gold English for the cited passage: words cannot be traced"
    reasons = [_unsupported_by_view(unit, said, citation, view, gold) for view in views]
    return None if any(r is None for r in reasons) else reasons[0]


def _unsupported_by_view(unit: Unit, said: str, citation: Evidence, view: str, gold: GoldView) -> str | None:
    if _ISO_DATE.fullmatch(said.strip()):  # a date conflict's side: «26 كانون الأول 2004» states 2004-12-26
        stated = date_in_quote(said.strip(), citation.quote) or Date.fromisoformat(said.strip()) in stated_dates(citation.quote)
        return None if stated else "states a date its citation does not"
    if extra := numbers(said) - numbers(citation.quote) - numbers(view):
        return f"states number(s) {sorted(extra)} its citation lacks"
    if days_of_month(said) - days_of_month(citation.quote + " " + view):
        return "dates something a day its citation does not"
    speakers = [i.speaker for i in gold.at(citation) if i.speaker]
    for name in speaking(said) if speakers and script(said) != "ar" else []:
        if not any(gold.same_person(name, s) for s in speakers):
            return f"has {name} speak where the gold credits {speakers[0]}"
    cited_people = gold.people_named(citation.quote + " " + view)
    for person in gold.people_named(said):
        if person not in cited_people and not (unit.party and gold.same_person(unit.party, person.name_ar)):
            return f"names {person.name_en or person.name_ar}, whom its citation does not"
    if unit.label:
        return None
    if negated(said) != negated(view):
        return "polarity differs from its citation (a refusal or negation added or dropped)"
    words = stems(said)
    if words:
        names = " ".join(s for p in cited_people for s in p.spellings)
        traced = stems(view + " " + names + " " + (unit.party or ""))
        if len(words & traced) / len(words) < SUPPORT_WORD_SHARE:
            return "its words are not traceable to the cited passage"
    return None


# ---- key facts ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FactVerdicts:
    stated: tuple[str, ...]
    contradicted: tuple[str, ...]

    def recall(self, facts: Sequence[KeyFact]) -> float:
        return len(self.stated) / len(facts) if facts else 1.0


def verdict(unit: Unit, fact: KeyFact, supported: bool, context: str = "") -> str | None:
    """"states", "contradicts" or None for one unit and one key fact (see the module docstring).

    `context` is what the reader is told once for every unit (a brief's event place), so a fact's
    place group may be met there, never the whole fact. A unit that quotes a source verbatim keeps
    that source's polarity unless the cut drops a negation; any other unit is held to the fact's.
    A unit that joins several passages (" … ") is judged passage by passage where one of them
    presents the fact: one side's refusal does not turn the other side's words around. Where none
    does, the join as a whole may state the fact (a name in one passage, the act in the other)
    but never contradicts it: its polarity is its passages', each kept verbatim.
    """
    parts = _parts(unit)
    found = {_part_verdict(part, fact, supported, context) for part in parts} if len(parts) > 1 else set()
    if found - {None}:
        return "contradicts" if "contradicts" in found else "states"
    whole = _part_verdict(unit, fact, supported, context)
    return None if len(parts) > 1 and whole == "contradicts" else whole


def _part_verdict(unit: Unit, fact: KeyFact, supported: bool, context: str) -> str | None:
    said = _said(unit.text)
    folded = fold(said)
    # The party a claim is printed under is read with it: «Blinken: "…"» says that Blinken said it.
    if unit.label or not fact_present(f"{said}\n{unit.party or ''}\n{context}", fact.match) or not any(
            any(alternative_present(folded, alt) for alt in group) for group in fact.match):
        return None
    source = _verbatim(unit)
    same_polarity = negated(said) == (negated(source.quote) if source else fact.negated)
    if not same_polarity:
        return "contradicts"
    grounded = any(c.overlaps(e) for c in unit.citations for e in fact.evidence)
    return "states" if grounded and supported else None


def fact_verdicts(units: Sequence[Unit], facts: Sequence[KeyFact], gold: GoldView, context: str = "") -> FactVerdicts:
    supported = [support_reason(u, gold) is None for u in units]
    stated, contradicted = [], []
    for fact in facts:
        verdicts = {verdict(u, fact, ok, context) for u, ok in zip(units, supported)}
        if "contradicts" in verdicts:
            contradicted.append(fact.id)
        elif "states" in verdicts:
            stated.append(fact.id)
    return FactVerdicts(tuple(stated), tuple(contradicted))


# ---- attribution ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attribution:
    accuracy: float | None
    judged: int
    wrong: tuple[str, ...]


def attribution(units: Sequence[Unit], gold: GoldView) -> Attribution:
    """Share of party-credited units whose cited words the gold credits to that party.

    A citation the gold files as a statement must be that party's; one the gold files only as
    narration (event, agreement, outcome) is credited to nobody; one the gold does not cover
    is not judged.
    """
    judged, wrong = 0, []
    for unit in units:
        if not unit.party:
            continue
        problems, known = [], False
        for citation in unit.citations:
            items = gold.at(citation)
            if not items:
                continue
            known = True
            speakers = [i.speaker for i in items if i.speaker]
            if not speakers:
                problems.append("the outlet's narration")
            elif not any(gold.same_person(unit.party, s) for s in speakers):
                problems.append(f"words of {speakers[0]}")
        if known:
            judged += 1
            if problems:
                wrong.append(f"{unit.party} credited with {problems[0]}: {unit.text[:80]}")
    return Attribution(None if not judged else (judged - len(wrong)) / judged, judged, tuple(wrong))
