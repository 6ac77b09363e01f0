"""What an Arabic and an English report of one event have in common: numbers, dates and names.

Their words have nothing in common (no TF-IDF column is shared across scripts), but reports of one
event, in any language, give the same figures ("120,000", «120،000»), the same dates ("January 8,
2005", «8 يناير 2005») and name the same people, places and organisations ("Blinken", «بلينكن»).
`terms` turns a text into such terms, comparable between scripts:

- `#<digits>`: a number of two or more digits (leading zeros aside), Arabic-Indic digits read as digits and thousands
  separators (",", «،», «٬», ".") dropped; a single digit ("3 people") is in every report;
- `@<ISO date>`: each full date the text states (`summarizer.lang.dates`);
- `~<consonants>`: the consonant skeleton of each name, as `summarizer.lang.arabic` writes both
  scripts' ("Blinken" and «بلينكن» are both `~blnkn`), of at least `MIN_NAME_SKELETON` letters.
  A Latin word is a name when it is capitalised; Arabic has no capitals, so every Arabic content
  word counts: those that are not names rarely share a Latin name's skeleton, and a weighting by
  how many pages use a term (IDF) makes the ones that do count little.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from datetime import date

from summarizer.lang.arabic import MIN_NAME_SKELETON, STOPWORDS, arabic_skeleton, fold, latin_skeleton
from summarizer.lang.dates import stated_dates

_NUMBER = re.compile(r"(?<![\d.,،٬])\d{1,3}(?:[,،٬.]\d{3})+(?![\d.,،٬]\d)|\d+")
_ARABIC_WORD = re.compile("[\u0621-\u064a]+")
_LATIN_NAME = re.compile(r"(?<![\w'-])[A-Z][A-Za-z'-]+")
MIN_NUMBER_DIGITS = 2


def _digits(number: str) -> str:
    return "".join(str(unicodedata.digit(ch)) for ch in number if ch.isdigit())


def numbers(text: str) -> list[str]:
    """`#<digits>` of each number of at least MIN_NUMBER_DIGITS digits, in order."""
    found = (_digits(match.group()).lstrip("0") for match in _NUMBER.finditer(text))
    return [f"#{digits}" for digits in found if len(digits) >= MIN_NUMBER_DIGITS]


def dates(text: str) -> list[str]:
    """`@<ISO date>` of each full date the text states, in order."""
    return [f"@{when.isoformat()}" for when in stated_dates(text)]


def name_skeletons(text: str) -> list[str]:
    """`~<consonants>` of each capitalised Latin word and each Arabic content word, in order of
    script (Arabic first); skeletons shorter than MIN_NAME_SKELETON match too many words."""
    arabic = (_term(word, "ar") for word in _ARABIC_WORD.findall(fold(text)) if word not in STOPWORDS)
    latin = (_term(word, "en") for word in _LATIN_NAME.findall(text))
    return [term for terms in (arabic, latin) for term in terms if term]


@functools.lru_cache(maxsize=1 << 16)  # an inbox repeats its words: skeletons are made once each
def _term(word: str, written: str) -> str:
    skeleton = arabic_skeleton(word) if written == "ar" else latin_skeleton(word)
    return f"~{skeleton}" if len(skeleton) >= MIN_NAME_SKELETON else ""


def terms(text: str, stated: Sequence[date] | None = None) -> list[str]:
    """The numbers, dates and name skeletons of `text`: a bag of terms that means the same in
    Arabic and English, to compare reports written in different scripts. `stated`: the dates the
    text states, when they are known already (`stated_dates(text)`)."""
    when = [f"@{day.isoformat()}" for day in stated] if stated is not None else dates(text)
    return numbers(text) + when + name_skeletons(text)
