"""TF-IDF and cosine similarity: the one implementation every stage weighs words with.

Grouping (which pages report one event), clustering an inbox, the centroid baseline and the
brief's centrality all compare bags of words the same way: raw term counts times a word weight,
each row scaled to unit length so that a dot product is a cosine. Rows are numpy arrays, so
comparing every page with every other is one matrix product.

The weight is by default a smoothed inverse document frequency over the bags themselves,
idf = ln((1 + n) / (1 + df)) + 1 (scikit-learn's `smooth_idf`). But a few pages on one story
are too few to be their own background: the story's words are in every page, so their IDF
calls them common. Weighed against everyday language instead (`background="everyday"`:
wordfreq's frequency lists), a word weighs ln(1 / frequency), so "Basque" or "sailors" weigh far
more than "said", however many of the pages use them; function words weigh nothing.
"""

from __future__ import annotations

import functools
import itertools
import math
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal

import numpy as np
import wordfreq

from summarizer.lang.arabic import STOPWORDS, content_words, tokens

# The languages of the everyday background; their folded words do not collide (scripts differ).
EVERYDAY_LANGUAGES = ("ar", "en")
# One word in a thousand or more: "the", "of", "that", "with" (wordfreq's Zipf 6 and up).
FUNCTION_WORD_FREQUENCY = 1e-3


class TfIdf:
    """Unit-length TF-IDF rows of `bags`, one per bag, over the words the bags use.

    With `shared_only`, columns are kept only for words at least two bags use: a word of one bag
    adds nothing to any dot product between bags, only to that bag's length, so the rows keep the
    same cosines in far fewer columns (a 1,000-page inbox has tens of thousands of such words).
    With `background="everyday"` a word's weight is its everyday rarity, not its IDF among the
    bags (bags of `content_words`, which the background is folded with).
    """

    def __init__(self, bags: Sequence[Sequence[str] | Mapping[str, int]], shared_only: bool = False,
                 background: Literal["bags", "everyday"] = "bags"):
        counts = [Counter(bag) for bag in bags]  # a bag's words, or its word -> count
        df = Counter(word for count in counts for word in count)
        n = len(bags)
        if background == "everyday":
            self.idf = {word: everyday_rarity(word) for word in df}
        else:
            self.idf = smoothed_idf(df, n)
        kept = [word for word, k in df.items() if k > 1 or not shared_only]
        self.vocabulary = {word: i for i, word in enumerate(kept)}
        self.rows = self._rows(counts)

    def transform(self, bags: Sequence[Sequence[str]]) -> np.ndarray:
        """Unit rows of other bags in this vocabulary; words the fitted bags never used weigh nothing."""
        return self._rows([Counter(bag) for bag in bags])

    def _rows(self, counts: list[Counter[str]]) -> np.ndarray:
        rows = np.zeros((len(counts), len(self.vocabulary)))
        for r, count in enumerate(counts):
            for word, weight in unit_weights(count, self.idf).items():
                if (column := self.vocabulary.get(word)) is not None:
                    rows[r, column] = weight
        return rows


def smoothed_idf(df: Mapping[str, int], n: int) -> dict[str, float]:
    """`idf` of each word, over `n` bags."""
    return dict(zip(df, idf(np.fromiter(df.values(), dtype=float, count=len(df)), n).tolist()))


def idf(df, n: int):
    """ln((1 + n) / (1 + df)) + 1 of a word used by `df` of `n` bags (scikit-learn's `smooth_idf`);
    of each, for an array of `df`."""
    return np.log((1 + n) / (1 + df)) + 1


def unit_weights(count: Mapping[str, int], idf: Mapping[str, float]) -> dict[str, float]:
    """A bag's count × idf of each word `idf` weighs, scaled to unit length (all function words:
    all zero)."""
    weights = {word: n * idf[word] for word, n in count.items() if word in idf}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {word: weight / norm for word, weight in weights.items()}


def count_matrix(bags: Sequence[Sequence[str]], counts: Sequence[Sequence[int]] | None = None):
    """How often each bag uses each word, as a scipy CSR matrix (columns: the words in order of
    first use), held in arrays: a large inbox's pages have tens of millions of (page, word) pairs.
    With `counts`, each bag names each of its words once and `counts[i][j]` is how often bag i
    uses its j-th word (`word_counts`: the cluster stage's readers count in parallel). 100,000
    pages counted that way take 2.7 s here, not 5.5 s."""
    from scipy import sparse

    if counts is None:
        bags, counts = zip(*map(word_counts, bags)) if bags else ((), ())
    vocabulary = dict.fromkeys(itertools.chain.from_iterable(bags))
    for column, word in enumerate(vocabulary):
        vocabulary[word] = column
    sizes = np.fromiter(map(len, bags), dtype=np.int64, count=len(bags))
    used = int(sizes.sum())
    matrix = sparse.csr_matrix(
        (np.fromiter(itertools.chain.from_iterable(counts), dtype=float, count=used),
         np.fromiter(map(vocabulary.__getitem__, itertools.chain.from_iterable(bags)), dtype=np.int32, count=used),
         np.concatenate([[0], np.cumsum(sizes)])),
        shape=(len(bags), len(vocabulary)))
    matrix.sort_indices()
    return matrix


def word_counts(words: Iterable[str]) -> tuple[tuple[str, ...], array]:
    """Each word once, in order of first use, and how often it is used: a bag of words in less
    memory than its list, and counted."""
    count = Counter(words)
    return tuple(count), array("i", count.values())


def dense_rows(counts, members: Sequence[int]) -> np.ndarray:
    """`TfIdf(bags).rows` (smoothed IDF over these bags, every word they use; columns in another
    order) of the bags numbered `members` in a `count_matrix`: an event's few pages of the inbox's.
    Read from the matrix's arrays, as scipy's indexing took 0.2 ms an event (4 s of 20,000)."""
    spans = [slice(counts.indptr[bag], counts.indptr[bag + 1]) for bag in members]
    words, column = np.unique(np.concatenate([counts.indices[span] for span in spans]), return_inverse=True)
    row = np.repeat(np.arange(len(spans)), [span.stop - span.start for span in spans])
    used = np.zeros((len(spans), len(words)))
    used[row, column] = np.concatenate([counts.data[span] for span in spans])
    weights = used * idf((used > 0).sum(axis=0), len(used))
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    return weights / np.where(norms > 0, norms, 1.0)


def sparse_rows(counts, max_pairs: int):
    """Unit TF-IDF rows of bags given as their `count_matrix` (smoothed IDF over the bags), as a
    scipy CSR matrix holding only the words of 2 to k bags, k the most that keeps the pairs of
    bags sharing such a word (summed over words) within `max_pairs`: what a large inbox's events
    share with fewer other pages. Rows are scaled by their full length (every word counted), so a
    dot product is the part of the cosine those words make, and a bags × bags product stays
    sparse: one word in a tenth of 100,000 pages makes 5 × 10^7 pairs. In numpy over the
    matrix's arrays: 100,000 pages take 5 s, not the 11 s of a dict per page."""
    n, words = counts.shape
    df = np.bincount(counts.indices, minlength=words)
    weight = idf(df, n)
    squares = (counts.data * weight[counts.indices]) ** 2
    filled = np.diff(counts.indptr) > 0
    norms = np.ones(n)
    norms[filled] = np.sqrt(np.add.reduceat(squares, counts.indptr[:-1][filled]))
    del squares
    pairs, most = 0, 1
    for k, many in enumerate(np.bincount(df)):
        if k < 2 or not many:
            continue
        pairs += int(many) * k * (k - 1) // 2
        if pairs > max_pairs:
            break
        most = k
    columns = np.flatnonzero((df > 1) & (df <= most))
    kept = counts[:, columns]
    kept.data *= weight[columns][kept.indices] / norms[np.repeat(np.arange(n), np.diff(kept.indptr))]
    kept.sort_indices()
    return kept


@functools.cache
def everyday_frequencies() -> dict[str, float]:
    """How often each folded content word occurs in everyday text (wordfreq's "small" lists of
    Arabic and English: Wikipedia, subtitles, news, books, web), summed over the spellings that
    fold to it. Loaded once, in about 0.3 s."""
    frequencies: Counter[str] = Counter()
    for language in EVERYDAY_LANGUAGES:
        for word, frequency in wordfreq.get_frequency_dict(language, "small").items():
            for folded in content_words(word):
                frequencies[folded] += frequency
    return dict(frequencies)


def everyday_rarity(word: str) -> float:
    """ln(1 / frequency) of a folded content word in everyday text; a word too rare to be listed
    weighs as the rarest listed one (names, transliterations), a function word («the», «that»:
    the Arabic ones are not content words) nothing, however often a page uses it."""
    frequency = everyday_frequencies().get(word) or _rarest_frequency()
    return 0.0 if frequency >= FUNCTION_WORD_FREQUENCY else -math.log(frequency)


@functools.cache
def _rarest_frequency() -> float:
    return min(everyday_frequencies().values())


def unit(vector: np.ndarray) -> np.ndarray:
    """`vector` scaled to length 1 (a zero vector stays zero)."""
    norm = np.linalg.norm(vector)
    return vector / norm if norm else vector


def centroid(rows: np.ndarray) -> np.ndarray:
    """The unit-length direction of the rows' sum: what they say together."""
    return unit(rows.sum(axis=0))


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two sparse vectors given as word -> weight (e.g. raw counts)."""
    if len(a) > len(b):
        a, b = b, a
    dot = sum(x * b.get(word, 0.0) for word, x in a.items())
    norm = math.sqrt(sum(x * x for x in a.values()) * sum(x * x for x in b.values()))
    return dot / norm if norm else 0.0


MMR_LAMBDA = 0.7  # weight of relevance to the cluster against redundancy with what is chosen


def mmr(rows: np.ndarray, relevance: np.ndarray, costs: Sequence[int], budget_words: int, *,
        said: np.ndarray | None = None, allowed: Callable[[int, list[int]], bool] = lambda i, chosen: True,
        mmr_lambda: float = MMR_LAMBDA) -> list[int]:
    """Maximal marginal relevance: indices of `rows` in the order taken. Each step takes the row
    that fits the remaining budget (and that `allowed` admits, given what is chosen) with the best
    λ·relevance − (1−λ)·max cos(row, chosen or `said`), `said` being rows already shown."""
    redundancy = (rows @ said.T).max(axis=1) if said is not None and len(said) else np.zeros(len(rows))
    chosen: list[int] = []
    used = 0
    while True:
        fitting = [i for i in range(len(rows))
                   if i not in chosen and used + costs[i] <= budget_words and allowed(i, chosen)]
        if not fitting:
            return chosen
        best = max(fitting, key=lambda i: (mmr_lambda * relevance[i] - (1 - mmr_lambda) * redundancy[i], -i))
        chosen.append(best)
        used += costs[best]
        redundancy = np.maximum(redundancy, rows @ rows[best])


def weighed_words(text: str) -> list[str]:
    """The words a sentence's TF-IDF vector counts: folded tokens, function words left out."""
    return [w for w in tokens(text) if w not in STOPWORDS]
