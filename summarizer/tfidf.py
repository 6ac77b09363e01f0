"""TF-IDF and cosine similarity: the one implementation every stage weighs words with.

Grouping (which pages report one event), clustering an inbox, the centroid baseline and the
brief's centrality all compare bags of words the same way: raw term counts times a smoothed
inverse document frequency, idf = ln((1 + n) / (1 + df)) + 1 (scikit-learn's `smooth_idf`), each
row scaled to unit length so that a dot product is a cosine. Rows are numpy arrays, so comparing
every page with every other is one matrix product.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np


class TfIdf:
    """Unit-length TF-IDF rows of `bags`, one per bag, over the words the bags use.

    With `shared_only`, columns are kept only for words at least two bags use: a word of one bag
    adds nothing to any dot product between bags, only to that bag's length, so the rows keep the
    same cosines in far fewer columns (a 1,000-page inbox has tens of thousands of such words).
    """

    def __init__(self, bags: Sequence[Sequence[str]], shared_only: bool = False):
        counts = [Counter(bag) for bag in bags]
        df = Counter(word for count in counts for word in count)
        n = len(bags)
        self.idf = {word: math.log((1 + n) / (1 + k)) + 1 for word, k in df.items()}
        kept = [word for word, k in df.items() if k > 1 or not shared_only]
        self.vocabulary = {word: i for i, word in enumerate(kept)}
        self.rows = self._rows(counts)

    def transform(self, bags: Sequence[Sequence[str]]) -> np.ndarray:
        """Unit rows of other bags in this vocabulary; words the fitted bags never used weigh nothing."""
        return self._rows([Counter(bag) for bag in bags])

    def _rows(self, counts: list[Counter[str]]) -> np.ndarray:
        rows = np.zeros((len(counts), len(self.vocabulary)))
        for r, count in enumerate(counts):
            weights = {word: n * self.idf[word] for word, n in count.items() if word in self.idf}
            norm = math.sqrt(sum(w * w for w in weights.values()))
            for word, weight in weights.items():
                if (column := self.vocabulary.get(word)) is not None:
                    rows[r, column] = weight / norm
        return rows


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
