"""Group stage: decide which records report the same event, pick the main one, set others aside.

Grouping is deterministic and looks at what a person would check: where the event happened
(city names counted in the article body, Arabic clitics allowed), when (the verified event
date), and what the article is about (word overlap of the bodies). Each set-aside page gets a
reason naming the place and date it reports, so the decision can be checked by reading it.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from summarizer.lang.arabic import content_words, fold
from summarizer.models import CleanDocument, EventGroup, Excluded, GroupBy, Grouping, MeetingRecord
from summarizer.lang.places import ARABIC_CITY_NAMES, CITIES, SUBJECT_PLACES
from summarizer.lang.tfidf import TfIdf
from summarizer.lang import ar, pack, patterns

SAME_EVENT_SIMILARITY = 0.25
# Follow-ups of one story share less (each adds news), but far more than unrelated pages. Weighed
# against everyday language, on MultiLing every report has a story mate at 0.148 or more, and a
# report of another story put among a story's ten pages joined them in 5 of 200 trials (35 at 0.08
# with the pages' own IDF, which also set aside one real report).
SAME_STORY_SIMILARITY = 0.14
# Sources one day apart usually disagree about one event (time zones, "yesterday"): the merge
# stage shows that as a conflict. Further apart, they are different events.
MAX_DAYS_APART = 1


_MEETING_CITIES = {arabic: english for arabic, english in CITIES.items() if english not in SUBJECT_PLACES}
# The space before a name is matched, not looked behind at: a pattern that opens with a lookbehind
# is tried at every position of the page.
_ARABIC_CITY = re.compile(
    rf"\s{ar.CITY_CLITICS}({'|'.join(sorted(map(re.escape, _MEETING_CITIES), key=len, reverse=True))})(?=\s)")
_ENGLISH_CITY = re.compile(rf"\b({'|'.join(sorted(map(re.escape, set(_MEETING_CITIES.values())), key=len, reverse=True))})\b")


def place_mentions(document: CleanDocument) -> Counter[str]:
    """How often the body names each meeting city (English name -> count), in Arabic with its
    clitics or in English ("Amman"); places that are the news' subject (Gaza…) are not counted."""
    body = document.body
    folded = " " + fold(body) + " "
    for lookalike in ar.CITY_LOOKALIKES:  # hidden from the city pattern
        folded = folded.replace(lookalike, lookalike.replace(" ", "_"))
    counts = Counter(_MEETING_CITIES[arabic] for arabic in _ARABIC_CITY.findall(folded))
    counts.update(match[1] for match in patterns.finditer(_ENGLISH_CITY, body))
    return counts


def event_place(document: CleanDocument, record: MeetingRecord | None = None) -> str | None:
    """The city the article's event happened in: the meeting city named most in the body."""
    if counts := place_mentions(document):
        return counts.most_common(1)[0][0]
    if record and record.event and record.event.city:
        return record.event.city
    return None


def pages_place(places: list[str | None]) -> str | None:
    """The place some pages report, from each page's (`event_place`): the one most of them give,
    when two or more give it (or there is one page); as with `dates.pages_date`, a place one page
    of several names is that page's, not the event's."""
    counts = Counter(p for p in places if p).most_common(2)
    if not counts or counts[0][1] < 2 and len(places) > 1 or len(counts) > 1 and counts[0][1] == counts[1][1]:
        return None
    return counts[0][0]


def event_date(record: MeetingRecord) -> str | None:
    return record.event.date if record.event else None


def _days_apart(a: str, b: str) -> int:
    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
    except ValueError:
        return 0 if a == b else MAX_DAYS_APART + 1


def topic_words(text: str) -> list[str]:
    """The words two pages are compared by: folded, proclitic-stripped content words longer than
    two letters."""
    return [t for t in content_words(text) if len(t) > 2]


def same_event(a: CleanDocument, ra: MeetingRecord, b: CleanDocument, rb: MeetingRecord,
               similarity: float, by: GroupBy = "event") -> bool:
    """A different place, or dates days apart, rule two pages apart; otherwise content decides
    (`similarity`: the TF-IDF cosine of their bodies' `topic_words`).

    By "story", place and date do not matter: follow-up reports of one story over days belong
    together as long as they share enough content.
    """
    if by == "story":
        return similarity >= SAME_STORY_SIMILARITY
    place_a, place_b = event_place(a, ra), event_place(b, rb)
    if place_a and place_b and place_a != place_b:
        return False
    date_a, date_b = event_date(ra), event_date(rb)
    if date_a and date_b and _days_apart(date_a, date_b) > MAX_DAYS_APART:
        return False
    return similarity >= SAME_EVENT_SIMILARITY


def group(documents: list[CleanDocument], records: list[MeetingRecord], by: GroupBy = "event") -> Grouping:
    """Cluster pages by event (or by story); the main one is the one most pages report."""
    if not documents:
        raise ValueError("nothing to group: no documents")
    by_id = {r.doc_id: r for r in records}
    pairs = [(d, by_id.get(d.doc_id) or MeetingRecord(doc_id=d.doc_id)) for d in documents]
    # The pages of one story are no background for that story's words (each page uses them):
    # everyday language is. Events are told apart by place and date first, then by their own IDF.
    rows = TfIdf([topic_words(d.body) for d in documents], background="everyday" if by == "story" else "bags").rows
    similarities = rows @ rows.T
    parent = list(range(len(pairs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(pairs)):
        for j in range(i + 1, len(pairs)):
            if same_event(*pairs[i], *pairs[j], float(similarities[i, j]), by):
                parent[root(j)] = root(i)
    clusters: dict[int, list[int]] = {}
    for i in range(len(pairs)):
        clusters.setdefault(root(i), []).append(i)
    ordered = sorted(clusters.values(), key=lambda members: (-len(members), -_items(pairs, members), members[0]))
    groups = [_event_group(pairs, members) for members in ordered]
    return focus(Grouping(main=groups[0], others=groups[1:], by=by), 0)


def _items(pairs, members) -> int:
    return sum(len(pairs[i][1].statements) + len(pairs[i][1].participants) for i in members)


def _event_group(pairs, members) -> EventGroup:
    """The members' records, with the place and date most of them give."""
    places = Counter(p for i in members if (p := event_place(*pairs[i])))
    dates = Counter(d for i in members if (d := event_date(pairs[i][1])))
    place = places.most_common(1)[0][0] if places else None
    when = dates.most_common(1)[0][0] if dates else None
    return EventGroup(label=describe(place, when), records=[pairs[i][1] for i in members], place=place, date=when)


def place_name(place: str | None, lang: str) -> str | None:
    """A city's English name as a brief in `lang` writes it."""
    return ARABIC_CITY_NAMES.get(place, place) if place and lang == "ar" else place


def describe(place: str | None, when: str | None, lang: str = "en") -> str:
    """'Amman, 2023-11-04' ('عمّان، 2023-11-04')."""
    words = pack(lang).SET_ASIDE_REASONS
    return f"{place_name(place, lang) or words['no_place']}{words['comma']}{when or words['no_date']}"


def _reason(other: EventGroup, main: EventGroup, lang: str) -> str:
    words = pack(lang).SET_ASIDE_REASONS
    if other.label != main.label:
        return words["other"].format(other=describe(other.place, other.date, lang),
                                     main=describe(main.place, main.date, lang))
    return words["story"].format(main=describe(main.place, main.date, lang))


def focus(grouping: Grouping, index: int, lang: str = "en") -> Grouping:
    """The same grouping seen from event `index` (0 = main): for one brief per event, in `lang`."""
    groups = [grouping.main, *grouping.others]
    main = groups[index]
    others = [g for i, g in enumerate(groups) if i != index]
    excluded = [Excluded(doc_id=r.doc_id, reason=_reason(g, main, lang)) for g in others for r in g.records]
    return Grouping(main=main, others=others, excluded=excluded, by=grouping.by)
