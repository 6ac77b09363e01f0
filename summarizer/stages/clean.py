"""Clean stage: find the article body in a scraped page without changing a single offset.

Nothing is rewritten. The page's text (for HTML, the text `summarizer.stages.load` took from it) is
cut into lines, each line is kept or removed with a reason, and everything after a "related
articles" marker is removed, because scraped pages append teasers and whole unrelated stories
there. A line that addresses a language model ("ignore all previous instructions…",
"تجاهل جميع التعليمات السابقة…") is removed too: it is an attack on the summarizer, not news.
Later stages may only cite text inside the kept spans.
"""

from __future__ import annotations

import re

from summarizer.lang.arabic import fold, trimmed
from summarizer.models import CleanDocument, Document, RemovedSpan, Span

# Markers after which a page carries related-article lists and appended stories, not the article.
_TAIL_MARKERS = tuple(
    fold(m)
    for m in (
        "اقرأ أيضا", "اقرأ ايضا", "إقرأ أيضاً", "اقرأ المزيد", "مقالات مشابهة", "مقالات ذات صلة",
        "أخبار ذات صلة", "قد يهمك أيضا", "قد يهمك ايضاً", "اخترنا لك", "الأكثر قراءة",
        "موضوعات متعلقة", "Read also", "Related articles", "Related stories", "More stories",
    )
)
# Whole lines that are page furniture wherever they stand.
_FURNITURE = tuple(
    fold(m)
    for m in (
        "محتوى إعلاني", "إعلان", "نشر", "شارك", "صور ساخنة", "كلمات دلالية", "المصدر", "مصدر",
        "الصفحة الرئيسية", "تابعونا", "Advertisement", "Sponsored",
    )
)
_READING_TIME = re.compile(r"^\d+ (دقائق|دقيقة|min)")
_BULLET = re.compile(r"^\s*[•▪●·◦‣*-]\s")
MIN_WORDS = 4  # shorter lines without a full stop are captions, teasers or navigation

# Folded phrases that address a language model rather than a reader (prompt injection).
_TO_THE_MODEL = tuple(re.compile(pattern) for pattern in (
    r"\b(ignore|disregard|forget|override)( \w+){0,3} (instructions?|prompts?|rules|directions|directives)\b",
    r"\b(system|developer) (prompt|message|instructions?)\b",
    r"\b(you are|act as|pretend to be) (now )?(an? )?(ai|llm|language model|assistant|chatbot)\b",
    r"\b(ai|llm|language model|assistant|chatbot|summari[sz]er) (must|should|shall|will) (now )?"
    r"(state|say|write|report|output|ignore|claim)\b",
    r"\bin (your|the) (summary|brief|answer|response|output) (state|say|write|claim)\b",
    r"(تجاهل|اهمل|انس|تناس)( \w+){0,3} (التعليمات|تعليمات|الاوامر|اوامر|الارشادات|التوجيهات)",
    r"(بصفتك|انت الان|ايها) (نموذج|النموذج|مساعد|المساعد)",
    r"في (ملخصك|الملخص|اجابتك|ردك) (اذكر|قل|اكتب)",
))


def clean(document: Document) -> CleanDocument:
    """Locate the article body of `document`; see the module docstring for the rules."""
    kept: list[Span] = []
    removed: list[RemovedSpan] = []
    in_tail = False
    for start, end in _lines(document):
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
    if any(pattern.search(folded) for pattern in _TO_THE_MODEL):
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
