"""Language knowledge and text utilities. One pack per language holds its word tables, each
once: `ar` (Arabic) and `en` (English); the checks and stages ask them (`pack(lang)`, or `every(name)`
for a table matched in any language), never a table of their own (tests/test_layout.py holds them
to it); `sources_language` says which language most pages are in. Then: `arabic` (folding with offsets, sentences, tokens,
stems, Latin skeletons, phrases opening a word), `names` (which words of a name pick out a
person), `places` (the cities news reports meetings in), `dates` (month names and the dates a text
states), `tfidf` (word weights against everyday language, cosines, MMR selection),
`crossscript` (the numbers, dates and name skeletons an Arabic and an English report share) and
`patterns` (patterns that open with `\\b`, searched faster).

Imports nothing of the project but `summarizer.models`.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Iterable
from types import ModuleType

from summarizer.lang.arabic import script

LANGUAGES = ("ar", "en")  # a pack per language: summarizer/lang/<code>.py


def pack(lang: str) -> ModuleType:
    """The language pack of `lang` ("ar", "en"): the one place a stage asks for a language's words."""
    if lang not in LANGUAGES:
        raise ValueError(f"no language pack for {lang!r} (have: {', '.join(LANGUAGES)})")
    return importlib.import_module(f"summarizer.lang.{lang}")


def sources_language(texts: Iterable[str]) -> str:
    """The language most of `texts` are written in (by script; a tie goes to the first page's):
    a brief speaks its sources' language unless asked for another."""
    votes = Counter(script(text) for text in texts).most_common(1)  # stable: ties keep page order
    return votes[0][0] if votes else "en"


def every(name: str) -> tuple:
    """The entries of table `name` of every pack, in LANGUAGES order: the cues a stage matches
    whatever the language of the page (each pack holds the table, if empty)."""
    return tuple(entry for lang in LANGUAGES for entry in getattr(pack(lang), name))
