"""Quote verification: the only way source words become `Evidence`.

A quote proposed by a model is searched for inside the document's kept spans, first exactly,
then after Arabic normalization (diacritics, hamza forms, punctuation, spacing), with the match
mapped back to the original characters. A quote that is not there is rejected, so an invented
or paraphrased "quote" can never be cited. Also the article body's sentences as `Evidence`
(`body_sentences`), whether a piece of evidence still resolves (`resolves`), and whether a
name is written near it (`named_near`).
"""

from __future__ import annotations

from functools import lru_cache

from summarizer.lang.arabic import Folded, fold, normalize, sentence_spans, tokens
from summarizer.models import CleanDocument, Evidence
from summarizer.lang.names import name_core

MIN_QUOTE_CHARS = 8  # shorter "quotes" (a name, a date) match by accident and prove nothing


class QuoteNotFound(ValueError):
    """The quote is not in the document's article body, even after normalization."""


def locate(document: CleanDocument, quote: str) -> Evidence:
    """Evidence for `quote` in `document`, or QuoteNotFound saying why not."""
    text = document.document.text
    needle = quote.strip()
    if len(needle) < MIN_QUOTE_CHARS:
        raise QuoteNotFound(f"quote too short to prove anything ({len(needle)} characters)")
    for span in document.kept:
        at = text.find(needle, span.start, span.end)
        if at >= 0:
            return Evidence(doc_id=document.doc_id, quote=needle, start=at, end=at + len(needle))
    folded_needle = normalize(needle).text
    if not folded_needle:
        raise QuoteNotFound("quote has no words")
    for span in document.kept:
        folded = _folded(text[span.start : span.end])
        at = folded.text.find(folded_needle)
        if at >= 0:
            start, end = folded.span(at, at + len(folded_needle))
            start, end = start + span.start, end + span.start
            return Evidence(doc_id=document.doc_id, quote=text[start:end], start=start, end=end)
    if any(normalize(text[r.start : r.end]).text.find(folded_needle) >= 0 for r in document.removed):
        raise QuoteNotFound("quote is in text removed from the article (ads, related or appended stories)")
    raise QuoteNotFound("quote not found in the source, even after normalization")


@lru_cache(maxsize=4096)
def _folded(segment: str) -> Folded:
    return normalize(segment)


def resolves(evidence: Evidence, text: str) -> bool:
    """True when the citation points at exactly its quote in `text` (the file's decoded text)."""
    return 0 <= evidence.start <= evidence.end <= len(text) and text[evidence.start : evidence.end] == evidence.quote


def body_sentences(document: CleanDocument) -> list[Evidence]:
    """The article body's sentences in reading order, as Evidence; sentences without words skipped."""
    text = document.document.text
    return [
        Evidence(doc_id=document.doc_id, quote=text[start:end], start=start, end=end)
        for span in document.kept
        for start, end in sentence_spans(text, span.start, span.end)
        if tokens(text[start:end])
    ]


ATTRIBUTION_WINDOW = 400  # characters before a quote: Arabic reports name a speaker, then go on "وأشار"


def named_near(name: str, evidence: Evidence, text: str) -> bool:
    """The source names `name` in or shortly before the quote, so crediting the quote to it is the
    source's doing. One distinctive word is enough: reports say "بلينكن" for "أنتوني بلينكن"."""
    window = set(fold(text[max(0, evidence.start - ATTRIBUTION_WINDOW) : evidence.end + 50]).split())
    return any(len(word) >= 3 and word in window for word in name_core(name))
