"""No-LLM baselines: what a summarizer must beat to be worth its model calls.

Both pick whole sentences of the article bodies (kept spans only, so removed ads, teasers and
appended stories can never be chosen) and return each as `Evidence`, so the citation and
leakage metrics apply to a baseline exactly as to a brief. Budgets count `arabic.tokens`
words, as `metrics.length` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


from summarizer.lang.arabic import tokens
from summarizer.checks.evidence import body_sentences
from summarizer.models import CleanDocument, Evidence
from summarizer.lang.tfidf import MMR_LAMBDA, TfIdf, centroid, mmr, weighed_words

DEFAULT_BUDGET_WORDS = 250  # MultiLing reference summaries are about 250 words

@dataclass(frozen=True)
class BaselineSummary:
    """Summary text (one sentence per line) and the Evidence of each sentence, in the same order."""

    text: str
    evidence: tuple[Evidence, ...]


def lead(documents: Sequence[CleanDocument], budget_words: int = DEFAULT_BUDGET_WORDS) -> BaselineSummary:
    """Every article's first sentence, then every second one, and so on, within the budget.

    The classic news baseline: journalists put the news first. An article stops contributing
    at its first sentence that does not fit, so each contributes a prefix of itself.
    """
    queues = [iter(body_sentences(document)) for document in documents]
    chosen: list[Evidence] = []
    used = 0
    while queues:
        still_open = []
        for queue in queues:
            sentence = next(queue, None)
            if sentence is None or used + _words(sentence) > budget_words:
                continue
            chosen.append(sentence)
            used += _words(sentence)
            still_open.append(queue)
        queues = still_open
    return _summary(chosen)


def centroid_mmr(
    documents: Sequence[CleanDocument],
    budget_words: int = DEFAULT_BUDGET_WORDS,
    mmr_lambda: float = MMR_LAMBDA,
) -> BaselineSummary:
    """Sentences closest to the cluster's centroid, redundancy removed by MMR, within the budget.

    Sentences are TF-IDF vectors of folded content words (IDF over the cluster's sentences,
    smoothed); the centroid is their sum. Each step takes the sentence that fits the remaining
    budget with the best  λ·cos(sentence, centroid) − (1−λ)·max cos(sentence, chosen),
    so a point every source repeats is said once. Output is in source order.
    """
    sentences = [s for document in documents for s in body_sentences(document)]
    rows = TfIdf([weighed_words(s.quote) for s in sentences]).rows
    chosen = mmr(rows, rows @ centroid(rows), [_words(s) for s in sentences], budget_words, mmr_lambda=mmr_lambda)
    return _summary([sentences[i] for i in sorted(chosen)])


def _words(sentence: Evidence) -> int:
    return len(tokens(sentence.quote))


def _summary(chosen: list[Evidence]) -> BaselineSummary:
    return BaselineSummary(text="\n".join(e.quote for e in chosen), evidence=tuple(chosen))
