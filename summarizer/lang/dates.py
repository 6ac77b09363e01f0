"""Calendar dates written in Arabic or English news text.

One table of month names (Egyptian/Gulf and Levantine Arabic, English) serves both the check
that a passage states a date (`date_in_quote`: extract, date conflicts, the eval) and the
clustering's reading of a page's dates (`stated_dates`).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from summarizer.lang import patterns
from summarizer.lang.arabic import fold

MONTHS = {
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
_MONTH_NUMBER = {fold(name): number for number, names in MONTHS.items() for name in names}
_MONTH = "(" + "|".join(sorted(map(re.escape, _MONTH_NUMBER), key=len, reverse=True)) + ")"
# In folded text (punctuation is a space): "4 نوفمبر 2023", "4 من شهر نوفمبر 2023",
# "10 يوليو تموز 2007" (written يوليو/تموز), "22 سبتمبر 2005", "4 november 2023".
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}}) (?:من )?(?:شهر )?{_MONTH}(?: {_MONTH})? (\d{{4}})\b")
# "november 4 2023" (written "November 4, 2023"). Looked for only where a day and a year stand side
# by side (`_DAY_YEAR`, which few pages have): the month names of both scripts begin with letters
# of every line, and searching for them took 0.07 ms of a page's 0.16 ms of dates.
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH} (\d{{1,2}}) (\d{{4}})\b")
_DAY_YEAR = re.compile(r"\d \d{4}")
# "2023-11-04", "2023/11/04", and wire-service stamps "2023:11:06.09:16" (in the original text).
_NUMERIC = re.compile(r"\b((?:19|20)\d\d)[-/:.](\d\d)[-/:.](\d\d)\b")


_DAY_AND_DAY_MONTH = re.compile(rf"\b(\d{{1,2}}) (?:و|and|to|-) \d{{1,2}} {_MONTH}\b")  # «13 و 14 يونيو»: the 13th too
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?:من )?(?:شهر )?{_MONTH}\b")
_MONTH_DAY = re.compile(rf"\b{_MONTH} (\d{{1,2}})(?:st|nd|rd|th)?\b(?! \d)")
# «السابع من أكتوبر»: an ordinal day, read as its number.
ORDINALS = {fold(w): n for n, w in enumerate("الأول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر".split(), 1)}
ORDINAL_DAY = re.compile(rf"\b({'|'.join(ORDINALS)}) من\b")


_NAMED_MONTH = re.compile(rf"(?<!\w)(?:و|ب|ل)?{_MONTH}(?!\w)")  # «وآب»: August
_ENGLISH_ONLY_CAPITALISED = {"may", "march", "mar", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}


def months_named(text: str) -> set[int]:
    """The months `text` names: Arabic and English month names («حزيران», "June"); "may" and
    "march" only as capitalised words not opening a sentence, where they are no verb."""
    found = set()
    for match in _NAMED_MONTH.finditer(fold(text)):
        if match.group(1) in _ENGLISH_ONLY_CAPITALISED:
            written = re.search(rf"(?<![.!?] )(?<!^)\b{match.group(1).title()}\b", text)
            if not written:
                continue
        found.add(_MONTH_NUMBER[match.group(1)])
    return found


def days_of_month(text: str) -> set[tuple[int, int]]:
    """Every (day, month) the text writes, with or without a year: "4 November", "November 4, 2023",
    «4 من شهر نوفمبر 2023»."""
    folded = ORDINAL_DAY.sub(lambda m: f"{ORDINALS[m[1]]} من", fold(text))
    # Without a year "may" is the verb ("the 6 may be…"); with one, `stated_dates` reads it.
    found = {(int(m[1]), _MONTH_NUMBER[m[2]]) for m in _DAY_MONTH.finditer(folded) if m[2] != "may"}
    found |= {(int(m[1]), _MONTH_NUMBER[m[2]]) for m in _DAY_AND_DAY_MONTH.finditer(folded) if m[2] != "may"}
    found |= {(int(m[2]), _MONTH_NUMBER[m[1]]) for m in _MONTH_DAY.finditer(folded) if m[1] != "may"}
    found |= {(when.day, when.month) for when in stated_dates(text)}
    return {(day, month) for day, month in found if 1 <= day <= 31}


def stated_dates(text: str) -> list[date]:
    """Every full date (day, month and year) the text writes, in order of appearance."""
    found: list[tuple[int, date]] = []
    folded = fold(text)
    for match in patterns.finditer(_DAY_MONTH_YEAR, folded):
        _add(found, match.start(), match[4], _MONTH_NUMBER[match[2]], match[1])
    for match in _MONTH_DAY_YEAR.finditer(folded) if _DAY_YEAR.search(folded) else ():
        _add(found, match.start(), match[3], _MONTH_NUMBER[match[1]], match[2])
    for match in patterns.finditer(_NUMERIC, text):
        _add(found, len(fold(text[: match.start()])), match[1], int(match[2]), match[3])
    return [when for _, when in sorted(found, key=lambda item: item[0])]


WEEKDAYS = {fold(day) for day in (
    "السبت الأحد الاحد الإثنين الاثنين الثلاثاء الأربعاء الاربعاء الخميس الجمعة "
    "saturday sunday monday tuesday wednesday thursday friday").split()}


def only_a_date(text: str) -> bool:
    """The text is a dateline and nothing more ("الجمعة 23 مارس 2007", "Friday, March 23, 2007"):
    it says when, which a brief's "when" says already, and nothing of what happened."""
    if not stated_dates(text):
        return False
    rest = _MONTH_DAY_YEAR.sub(" ", _DAY_MONTH_YEAR.sub(" ", fold(_NUMERIC.sub(" ", text))))
    return all(word in WEEKDAYS for word in rest.split())


def pages_date(stated: list[list[date]]) -> str | None:
    """What date some pages report, from the dates each states: the date most pages state, when two
    or more state it; otherwise the span of the pages' first dates ('2007-07-06 – 2007-07-29'), the
    one date, or None. Follow-up reports of a story are days apart; one page's date is not the story's."""
    shared = Counter(when for dates in stated for when in sorted(set(dates))).most_common(1)  # a tie: the earliest
    if shared and shared[0][1] > 1:
        return shared[0][0].isoformat()
    firsts = sorted(dates[0] for dates in stated if dates)
    if not firsts:
        return None
    return firsts[0].isoformat() if firsts[0] == firsts[-1] else f"{firsts[0]} – {firsts[-1]}"


def _add(found: list[tuple[int, date]], at: int, year: str, month: int, day: str) -> None:
    try:
        found.append((at, date(int(year), month, int(day))))
    except ValueError:  # "31 نوفمبر": not a date
        pass


def date_in_quote(iso: str, quote: str) -> bool:
    """True when the quote states the day and month of `iso` (and, if it has a year, that year)."""
    try:
        when = date.fromisoformat(iso)
    except ValueError:
        return False
    words = fold(quote).split()
    text = " " + " ".join(words) + " "
    numbers = set(re.findall(r"\d+", text))
    if str(when.day) not in {n.lstrip("0") for n in numbers}:
        return False
    month_named = any(f" {fold(name)} " in text for name in MONTHS[when.month])
    month_numbered = any(n.lstrip("0") == str(when.month) for n in numbers if len(n) <= 2)
    years = {n for n in numbers if len(n) == 4}
    return (month_named or month_numbered) and (not years or str(when.year) in years)
