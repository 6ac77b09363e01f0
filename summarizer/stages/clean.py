"""Clean stage: find the article body in a scraped page without changing a single offset.

Nothing is rewritten. The page's text (for HTML, the text `summarizer.stages.load` took from it) is
cut into lines, each line is kept or removed with a reason, and everything after a "related
articles" marker is removed, because scraped pages append teasers and whole unrelated stories
there. An image file name opening a line («Cquote1.svg», a pull quote's glyph) is removed and the
rest of the line judged. A line that addresses a language model ("ignore all previous instructions…",
"تجاهل جميع التعليمات السابقة…") is removed too: it is an attack on the summarizer, not news.
Later stages may only cite text inside the kept spans.
"""

from __future__ import annotations

import re

from summarizer.lang import every, patterns
from summarizer.lang.arabic import fold, trimmed
from summarizer.models import CleanDocument, Document, RemovedSpan, Span

# The packs' markers of a page's tail, furniture lines, reading-time units and phrases addressed to a
# model, in every language: a page in one language carries another's furniture too.
_TAIL_MARKERS = tuple(fold(m) for m in every("TAIL_MARKERS"))
_FURNITURE = tuple(fold(m) for m in every("FURNITURE"))
_READING_TIME = re.compile(r"^\d+ (" + "|".join(map(re.escape, every("READING_TIME_UNITS"))) + ")")
_BULLET = re.compile(r"^\s*[•▪●·◦‣*-]\s")
# A line that opens with an image's file name: the name is page furniture, what follows may be text.
_IMAGE_FILE = re.compile(r"[^\s/]+\.(?:svg|png|jpe?g|gif|webp|tiff?)(?:\s+|$)", re.IGNORECASE)
MIN_WORDS = 4  # shorter lines without a full stop are captions, teasers or navigation
_TO_THE_MODEL = every("TO_THE_MODEL")


def clean(document: Document) -> CleanDocument:
    """Locate the article body of `document`; see the module docstring for the rules."""
    kept: list[Span] = []
    removed: list[RemovedSpan] = []
    in_tail = False
    for start, end in _lines(document):
        if file_name := _IMAGE_FILE.match(document.text, start, end):  # a quote box's «Cquote1.svg», a photo's file
            removed.append(RemovedSpan(start=start, end=file_name.end(), reason="image file name"))
            start = file_name.end()
            if start == end:
                continue
        line = document.text[start:end]
        folded = fold(line)  # once: a page saved as one line can be megabytes long
        marker = _tail_marker(folded)
        if in_tail:
            reason = "after related-articles marker"
        elif marker == "heading":
            in_tail, reason = True, "related-articles marker"
        elif marker == "teaser":
            reason = "related-article teaser"
        else:
            reason = _furniture_reason(line, folded) or _to_the_model(folded)
        if reason:
            removed.append(RemovedSpan(start=start, end=end, reason=reason))
        else:
            kept.append(Span(start=start, end=end))
    return CleanDocument(document=document, kept=kept, removed=removed)


def _lines(document: Document) -> list[tuple[int, int]]:
    """Trimmed, non-empty line spans."""
    text = document.text
    return [span for match in re.finditer(r"[^\n]+", text) if (span := trimmed(text, *match.span()))]


def _to_the_model(folded: str) -> str | None:
    if any(patterns.search(pattern, folded) for pattern in _TO_THE_MODEL):
        return "addressed to a language model (prompt injection), not article text"
    return None


def _tail_marker(folded: str) -> str | None:
    """'heading' for a marker line that opens the page's tail; 'teaser' for a one-line link.

    Sites put single "Read also: <title>" lines inside the article too; only a marker standing
    alone as a heading means the article is over. `folded` is the line, folded.
    """
    marker = next((m for m in _TAIL_MARKERS if folded.startswith(m)), None)
    if marker is None:
        return None
    return "heading" if len(folded.split()) <= len(marker.split()) + 1 else "teaser"


def _furniture_reason(line: str, folded: str) -> str | None:
    words = folded.split()
    if not words:
        return "no words"
    if any(folded == m or folded.startswith(m + " ") and len(words) <= 8 for m in _FURNITURE):
        return "page furniture"
    if _READING_TIME.match(folded):
        return "page furniture"
    if _BULLET.match(line):
        return "list of links"
    if len(words) < MIN_WORDS and not re.search(r"[.!?؟]$", line):
        return "caption or navigation"
    return None
