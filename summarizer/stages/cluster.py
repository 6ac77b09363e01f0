"""Cluster stage: a day's inbox of pages into events, from the text alone (no model call).

What a person skimming an inbox would use, in Arabic or English:
- words: the TF-IDF cosine of the bodies' content words (names of people and organisations
  included), the headline's words counted `HEADLINE_WEIGHT` more times, as the headline says
  what the page is about;
- places: a page that names a meeting city at least `MIN_PLACE_MENTIONS` times is placed there,
  and no event holds pages placed in two different cities (two ministerial meetings on the same
  war, one in Amman and one in Cairo, are two events however many words they share);
- dates: the dates a page states label its event; they do not split one (follow-up reports of a
  story come days apart);
- across scripts, what words cannot show: an Arabic and an English page share no word, but two
  reports of one event give the same numbers and dates and name the same people and places
  (`summarizer.lang.crossscript.terms`: "Blinken" and «بلينكن» are both `~blnkn`).

How alike two pages are is judged against the inbox: a pair stands out when its cosine is well
above what each page shares with all the other pages (`standout`), since a page full of common
news words is a little alike to everything. Pages are joined by average-linkage agglomerative
clustering: the two groups that stand out most to each other merge first, while on average
they stand out by at least `STANDOUT` standard deviations (or their cosine is at least the group
stage's `SAME_EVENT_SIMILARITY`) and their places agree. In an inbox of fewer than
`MIN_BACKGROUND` pages there is no background to stand out from: words are weighed against
everyday language instead, and the group-average cosine must reach the group stage's
`SAME_STORY_SIMILARITY`.

An inbox in two scripts is clustered in two steps (`join_across_scripts`). First the pages of each
script on their own, as above, by their words; an inbox in one script is no more than that. Then
the events of different scripts join by average linkage over their pages' cross-script pairs: the
TF-IDF cosine of their numbers, dates and name skeletons, standing out by `STANDOUT` standard
deviations from what each page shares with all the pages of the other script (`cross_standout`),
and places agreeing, as above. Measured on the Arabic MultiLing pages, the English pages they were
translated from and the seeds (105 pages, 7 events; `summarizer eval clusters`): B-cubed F1 0.982
(0.657 without the second step), at least 0.9 for every standout threshold from 0.1 to 1.0; with
Arabic pages 0-4 and English pages 5-9 of each story, so that no page's translation is there,
0.894 and, the other way round, 1.000. The multilingual-e5-small embedding cosine in place of these
terms did worse (0.941; it joined the Arabic seeds to an English story) and beside them no better
(0.982) at a second of CPU per page.

An inbox of more than `DENSE_PAGES` pages of one script has no pages × pages matrices (the dense
path's took ~24 GB at 20,000 pages): only the pairs of pages that share a word of few pages are kept, as many as
`MAX_PAIRS` allows from the rarest words up (`tfidf.sparse_rows`), and the same average linkage
and cross-script join run on them exactly (`sparse_average_linkage`, `sparse_join_across_scripts`:
the same groups as the dense ones given the same similarities, tested on the dev pages). What
is lost are the words of many pages: an event of thousands of pages may split. Measured by
`benchmarks/cluster_pages.py` (see its docstring).

Within an event pages are ordered most central first (closest to what the event's pages say
together), and pages that repeat one text (a wire story republished, cosine >=
`DUPLICATE_SIMILARITY`) count as one source.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from summarizer.lang import crossscript
from summarizer.lang.arabic import script
from summarizer.lang.dates import pages_date, stated_dates
from summarizer.stages.merge import quote_headline
from summarizer.stages.group import SAME_EVENT_SIMILARITY, SAME_STORY_SIMILARITY, place_mentions, topic_words
from summarizer.models import CleanDocument, PageEvent
from summarizer.stages.clean import clean
from summarizer.stages.load import Loaded, load_file, load_paths
from summarizer.lang.tfidf import TfIdf, centroid, count_matrix, dense_rows, sparse_rows, word_counts

# Measured on the mixed MultiLing + seeds inbox (`summarizer eval clusters --sweep`): B-cubed F1 is
# 1.0 for every standout threshold from 0.0 to 0.8 standard deviations; 0.5 sits inside that plateau.
STANDOUT = 0.5
# Below this many pages a page's similarities to the others are too few to be a background; the
# group-average cosine is then held to the group stage's threshold for reports of one story.
MIN_BACKGROUND = 20
# Extra counts of the headline's words: on the mixed inbox they widen the F1 = 1.0 plateau from
# 0.0-0.6 to 0.0-0.8.
HEADLINE_WEIGHT = 2
# One passing mention ("talks in Doha") does not place a page. Without the place rule the Cairo page
# joins the Amman meeting (F1 0.985 on the mixed inbox).
MIN_PLACE_MENTIONS = 2
DUPLICATE_SIMILARITY = 0.9
# A page's cross-script similarities stand out against the pages of the other script only when it
# has at least this many of them to compare with (with fewer, only the other page's view counts).
# Measured on random small mixed inboxes of the MultiLing stories: 5, 10 or 20 leave the
# Arabic and English pages of a 2-3 story inbox apart (F1 0.61-0.76); 2 joins them (0.92-0.99).
MIN_CROSS_BACKGROUND = 2
# Above this many pages of one script, the dense path's pages × pages matrices are too large (4,000
# pages: ~1 GB and 20 s; 20,000: ~24 GB): only pairs of pages sharing a word of few pages are kept, at most
# MAX_PAIRS of them (words from the rarest up; ~1 GB of links at the most).
DENSE_PAGES = 3000
MAX_PAIRS = 5_000_000
LABEL_WORDS = 14
MIN_HEADLINE_WORDS = 4  # a shorter first line is a name or a section title, not the headline


def headline(document: CleanDocument) -> str:
    """The page's first body line of at least MIN_HEADLINE_WORDS words (its title, on news pages)."""
    lines = [line.strip() for line in document.body.splitlines() if line.strip()]
    return next((line for line in lines if len(line.split()) >= MIN_HEADLINE_WORDS), lines[0] if lines else "")


def short_headline(text: str) -> str:
    """At most LABEL_WORDS words of a headline, '…' where it was cut."""
    words = text.split()
    return " ".join(words[:LABEL_WORDS]) + (" …" if len(words) > LABEL_WORDS else "")


def page_place(document: CleanDocument) -> str | None:
    """The meeting city the page names most, if it names it at least MIN_PLACE_MENTIONS times."""
    counts = place_mentions(document).most_common(1)
    return counts[0][0] if counts and counts[0][1] >= MIN_PLACE_MENTIONS else None


@dataclass(frozen=True)
class Page:
    """What clustering reads of one page, read once: its body (for the terms of a join across
    scripts) but not the loaded text and its cleaning."""

    doc_id: str
    path: str
    body: str
    headline: str
    words: tuple[str, ...]  # each once (`tfidf.word_counts`), the headline's counted more
    counts: array  # how often each of `words` is used
    place: str | None
    dates: list[date]
    script: str

    @classmethod
    def read(cls, document: CleanDocument) -> Page:
        body = document.body
        title = headline(document)
        return cls(document.doc_id, document.document.path, body,
                   title, *word_counts(topic_words(body) + HEADLINE_WEIGHT * topic_words(title)),
                   page_place(document), stated_dates(body), script(body))

    @property
    def bag(self) -> dict[str, int]:
        """Word -> count, as `TfIdf` takes a bag."""
        return dict(zip(self.words, self.counts))


def read_file(path: Path) -> Page:
    """One file loaded, cleaned and read for clustering (a picklable job for a worker process)."""
    return Page.read(clean(load_file(path)))


def read_pages(paths: list[Path], workers: int = 1) -> Loaded[Page]:
    """Every page under `paths` read for clustering, in up to `workers` processes: reading, not
    clustering, is most of the time of a large inbox, and what the cleaning kept out need not
    stay in memory."""
    return load_paths(paths, read=read_file, workers=workers)


def cluster(documents: Sequence[CleanDocument], threshold: float = STANDOUT) -> list[PageEvent]:
    """The events of `documents`, most sources first (then most pages, then label)."""
    return cluster_pages([Page.read(d) for d in documents], threshold)


def cluster_pages(pages: Sequence[Page], threshold: float = STANDOUT) -> list[PageEvent]:
    """The events of pages read by `Page.read` or `read_pages`, most sources first (then most
    pages, then label)."""
    if not pages:
        return []
    groups: list[list[int]] = []
    counts = count_matrix([p.words for p in pages], [p.counts for p in pages])
    scripts = sorted({p.script for p in pages})
    for written in scripts:  # by their words, the pages of each script on their own
        indices = [i for i, p in enumerate(pages) if p.script == written]
        rows = counts if len(indices) == len(pages) else counts[indices]
        groups += [[indices[k] for k in group] for group in by_words([pages[i] for i in indices], rows, threshold)]
    if len(scripts) > 1:  # then the events of different scripts, by what words cannot show
        join = sparse_join_across_scripts if len(pages) > DENSE_PAGES else join_across_scripts
        groups = join(groups, pages, threshold)
    events = [_event([pages[i] for i in members], dense_rows(counts, members)) for members in groups]
    return sorted(events, key=lambda e: (-e.sources, -len(e.doc_ids), e.label))


def by_words(pages: Sequence[Page], counts, threshold: float = STANDOUT) -> list[list[int]]:
    """Groups of pages (indices) of one script by their words' TF-IDF cosine; over DENSE_PAGES
    pages, by the cosine part of the words that few pages share (`sparse_by_words`, from the
    pages' rows of a `count_matrix`)."""
    if len(pages) > DENSE_PAGES:
        return sparse_by_words(pages, counts, threshold)
    small = len(pages) < MIN_BACKGROUND  # too few pages to be a background for their own words
    rows = TfIdf([p.bag for p in pages], shared_only=True, background="everyday" if small else "bags").rows
    similarity = rows @ rows.T
    places = [p.place for p in pages]
    if small:  # the cosine against everyday language alone decides, as in the group stage
        return average_linkage(similarity, similarity, places, SAME_STORY_SIMILARITY)
    return average_linkage(standout(similarity), similarity, places, threshold)


def sparse_by_words(pages: Sequence[Page], counts, threshold: float = STANDOUT) -> list[list[int]]:
    """`by_words` for an inbox too large for a pages × pages matrix: the cosines come from the words
    of fewest pages, as many as keep MAX_PAIRS pairs (`tfidf.sparse_rows`), so only pairs that share
    such a word are stored, and `sparse_average_linkage` clusters them exactly as `average_linkage`
    would. An event of more pages than those words' most may lose its own words and split."""
    rows = sparse_rows(counts, max_pairs=MAX_PAIRS)
    return sparse_average_linkage(rows @ rows.T, [p.place for p in pages], threshold)


def sparse_average_linkage(similarity, places: list[str | None], threshold: float = STANDOUT) -> list[list[int]]:
    """`average_linkage(standout(S), S, places, threshold)` for a sparse (scipy) similarity S whose
    missing pairs are 0: the same groups, in memory and time that grow with the stored pairs.

    A page's standout background (the mean and spread of its similarities to all other pages) is
    exact from its row sums and sums of squares, and a pair's standout is a baseline of each
    page (the standout of a zero pair) plus a gain that only stored pairs have. So the average
    standout between two groups is their sizes and baseline sums plus the summed gains of the
    stored pairs between them; groups with no stored pair never merge (their average standout
    is at most 0 and their mean cosine 0). The best pair of groups merges first (`_agglomerate`)."""
    from scipy import sparse

    n = similarity.shape[0]
    pairs = sparse.triu(sparse.csr_matrix(similarity), k=1).tocoo()
    first, second, cosine = pairs.row, pairs.col, pairs.data
    baseline, gain = _standout_terms(first, second, cosine, np.full(n, n - 1.0))
    size = {i: 1 for i in range(n)}
    baselines = {i: float(baseline[i]) for i in range(n)}
    placed = {i: {places[i]} - {None} for i in range(n)}
    links: dict[int, dict[int, list[float]]] = {i: {} for i in range(n)}  # group -> group -> [gain, cosine]
    for a, b, c in zip(first.tolist(), second.tolist(), cosine.tolist()):
        links[a][b] = links[b][a] = [c * (gain[a] + gain[b]) / 2, c]

    def merits(a: int, b: int) -> float | None:
        """The average standout of groups a and b, or None when they may not merge."""
        if len(placed[a] | placed[b]) > 1:
            return None
        gains, cosines = links[a][b]
        count = size[a] * size[b]
        z = ((size[b] * baselines[a] + size[a] * baselines[b]) / 2 + gains) / count
        return z if z >= threshold or cosines / count >= SAME_EVENT_SIMILARITY else None

    def absorb(a: int, b: int) -> None:
        size[a] += size.pop(b)
        baselines[a] += baselines.pop(b)
        placed[a] |= placed.pop(b)

    return _agglomerate(links, merits, absorb)


def _standout_terms(first: np.ndarray, second: np.ndarray, cosine: np.ndarray,
                    background: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each page's standout of a pair of cosine 0 (its baseline) and the standout one unit of
    cosine adds (its gain), from the stored pairs (`first`, `second`, `cosine`) against the
    `background` pages each page is judged by, the pairs not stored counting as 0."""
    pages = len(background)
    totals = np.bincount(first, cosine, pages) + np.bincount(second, cosine, pages)
    squares = np.bincount(first, cosine ** 2, pages) + np.bincount(second, cosine ** 2, pages)
    mean = totals / np.maximum(background, 1)
    spread = np.sqrt(np.maximum(squares / np.maximum(background, 1) - mean ** 2, 0.0))
    spread[spread == 0] = np.inf
    return -mean / spread, 1 / spread


def _agglomerate(links: dict[int, dict[int, list[float]]], merits, absorb) -> list[list[int]]:
    """Best-first agglomeration over a sparse graph of groups (numbered by their first page):
    `links[a][b]` holds sums over the stored pairs between groups a and b, `merits(a, b)` their
    average linkage or None when they may not merge, `absorb(a, b)` folds group b's own sums into
    a's. The pair with the best merit merges first (a heap; a pair pushed before one of its
    groups changed is skipped), b into a, until no pair may merge. Groups of page indices, as
    `average_linkage` returns them."""
    import heapq

    members = {a: [a] for a in links}
    version = dict.fromkeys(links, 0)
    heap = [(-z, a, b, 0, 0) for a in links for b in links[a] if a < b and (z := merits(a, b)) is not None]
    heapq.heapify(heap)
    while heap:
        _, a, b, seen_a, seen_b = heapq.heappop(heap)
        if version.get(a) != seen_a or version.get(b) != seen_b:
            continue  # a group changed since: its pairs were pushed again
        for other, link in links.pop(b).items():
            del links[other][b]
            if other != a:
                merged = links[a].setdefault(other, [0.0] * len(link))
                merged[:] = [x + y for x, y in zip(merged, link)]
                links[other][a] = merged
        absorb(a, b)
        members[a] += members.pop(b)
        version[a] += 1
        del version[b]
        for other in links[a]:
            if (z := merits(a, other)) is not None:
                low, high = min(a, other), max(a, other)
                heapq.heappush(heap, (-z, low, high, version[low], version[high]))
    return [sorted(group) for group in sorted(members.values(), key=min)]


def join_across_scripts(groups: list[list[int]], pages: Sequence[Page], threshold: float = STANDOUT) -> list[list[int]]:
    """`groups` (of page indices, each of one script) joined where the numbers, dates and names
    their pages share across scripts stand out (`cross_standout`), by average linkage over the
    pairs of pages of different scripts: the pairs of one script were judged by their words."""
    rows = TfIdf([crossscript.terms(p.body, p.dates) for p in pages], shared_only=True).rows
    z = cross_standout(rows @ rows.T, [p.script for p in pages])
    membership = np.zeros((len(groups), len(pages)))  # group x page
    for a, group in enumerate(groups):
        membership[a, group] = 1.0
    total = membership @ np.nan_to_num(z) @ membership.T  # sums and counts of the judged pairs
    counted = membership @ (~np.isnan(z)).astype(float) @ membership.T
    places = [p.place for p in pages]
    apart = np.array([[a is not None and b is not None and a != b for b in places] for a in places], dtype=float)
    placed = membership @ apart @ membership.T > 0
    members = {a: list(group) for a, group in enumerate(groups)}
    while True:
        with np.errstate(invalid="ignore", divide="ignore"):
            average = np.where((counted > 0) & ~placed, total / counted, -np.inf)
        np.fill_diagonal(average, -np.inf)
        a, b = divmod(int(average.argmax()), len(groups))
        if average[a, b] < threshold:
            break
        for matrix in (total, counted):
            matrix[a] += matrix[b]
            matrix[:, a] = matrix[a]
        placed[a] |= placed[b]
        placed[:, a] = placed[a]
        counted[b], counted[:, b] = 0, 0  # retired
        members[a] += members.pop(b)
    return [sorted(group) for group in sorted(members.values(), key=min)]


def sparse_join_across_scripts(groups: list[list[int]], pages: Sequence[Page], threshold: float = STANDOUT,
                               similarity=None) -> list[list[int]]:
    """`join_across_scripts` for an inbox too large for a pages × pages matrix: the same groups from
    the similarities of the pairs that share a term of few pages (`tfidf.sparse_rows`, or
    `similarity`, a sparse matrix, when given), missing pairs being 0.

    As in `sparse_average_linkage`, a pair's cross standout is a baseline from each page's view
    (its mean and spread against the other script's pages, when it has MIN_CROSS_BACKGROUND of
    them) plus a gain only stored pairs have, so a pair of groups is judged from sums kept per
    group and per (script, whether a page has a view), and the gains of its stored pairs."""
    from scipy import sparse

    n = len(pages)
    written = np.array([p.script for p in pages])
    if similarity is None:
        rows = sparse_rows(count_matrix([crossscript.terms(p.body, p.dates) for p in pages]), max_pairs=MAX_PAIRS)
        similarity = rows @ rows.T
    pairs = sparse.triu(sparse.csr_matrix(similarity), k=1).tocoo()
    cross = written[pairs.row] != written[pairs.col]
    first, second, cosine = pairs.row[cross], pairs.col[cross], pairs.data[cross]
    counts = Counter(written.tolist())
    others = np.array([n - counts[p.script] for p in pages], dtype=float)  # a page's background
    viewed = others >= MIN_CROSS_BACKGROUND
    baseline, gain = (np.where(viewed, terms, 0.0) for terms in _standout_terms(first, second, cosine, others))

    # Groups are numbered by their first page, as `_agglomerate` numbers what it returns.
    group_of = {i: members[0] for members in groups for i in members}
    kinds = {members[0]: Counter() for members in groups}  # (script, has a view) -> pages
    sums = {members[0]: Counter() for members in groups}  # (script, has a view) -> baseline sum
    for i, p in enumerate(pages):
        kinds[group_of[i]][(p.script, bool(viewed[i]))] += 1
        sums[group_of[i]][(p.script, bool(viewed[i]))] += float(baseline[i])
    links: dict[int, dict[int, list[float]]] = {g: {} for g in kinds}
    for a, b, c in zip(first.tolist(), second.tolist(), cosine.tolist()):
        views = int(viewed[a]) + int(viewed[b])
        if views and (g := group_of[a]) != (h := group_of[b]):
            link = links[g].setdefault(h, [0.0])
            link[0] += c * (gain[a] + gain[b]) / views
            links[h][g] = link
    placed = {members[0]: {pages[i].place for i in members} - {None} for members in groups}
    pages_of = {members[0]: members for members in groups}

    def merits(a: int, b: int) -> float | None:
        if len(placed[a] | placed[b]) > 1:
            return None
        baselines, judged = 0.0, 0
        for (script_a, view_a), size_a in kinds[a].items():
            for (script_b, view_b), size_b in kinds[b].items():
                if script_a == script_b or not (view_a or view_b):
                    continue
                judged += size_a * size_b
                share = view_a + view_b
                baselines += (sums[a][(script_a, view_a)] * size_b + sums[b][(script_b, view_b)] * size_a) / share
        if not judged:
            return None
        z = (baselines + links[a][b][0]) / judged
        return z if z >= threshold else None

    def absorb(a: int, b: int) -> None:
        kinds[a].update(kinds.pop(b))
        sums[a].update(sums.pop(b))
        placed[a] |= placed.pop(b)

    merged = _agglomerate(links, merits, absorb)  # of groups, by their first pages
    return sorted((sorted(i for first_page in group for i in pages_of[first_page]) for group in merged), key=min)


def cross_standout(similarity: np.ndarray, scripts: Sequence[str]) -> np.ndarray:
    """For each pair of pages of different scripts, how far its similarity stands above what each
    of the two pages shares with all the pages of the other's script, in standard deviations of
    those similarities, averaged over the two pages (over one, when the other has fewer than
    MIN_CROSS_BACKGROUND pages of that script to compare with). NaN for pairs of one script, and
    for pairs neither of whose pages has a background.

    As with `standout`, a page is judged against its inbox, but only the pages of the other script
    are its background: they are the pages whose similarity to it means the same."""
    written = np.array(scripts)
    z = np.full(similarity.shape, np.nan)
    for other in sorted(set(scripts)):
        columns = written == other
        if columns.sum() < MIN_CROSS_BACKGROUND:
            continue
        rows = ~columns
        block = similarity[np.ix_(rows, columns)]
        mean, spread = block.mean(axis=1), block.std(axis=1)
        spread[spread == 0] = np.inf  # all alike: nothing stands out
        z[np.ix_(rows, columns)] = (block - mean[:, None]) / spread[:, None]
    both = np.stack([z, z.T])
    counted = (~np.isnan(both)).sum(axis=0)
    return np.where(counted > 0, np.nansum(both, axis=0) / np.maximum(counted, 1), np.nan)


def standout(similarity: np.ndarray) -> np.ndarray:
    """How far each pair's similarity stands above what each of the two pages shares with the
    rest of the inbox, in standard deviations of that page's similarities, averaged over the pair.

    A page full of common news words ("talks", "agreement", "the United States") is a little alike
    to everything; what marks its event is the pages it is far more alike to than to the rest.
    """
    n = len(similarity)
    others = similarity[~np.eye(n, dtype=bool)].reshape(n, n - 1) if n > 1 else np.zeros((n, 1))
    mean, spread = others.mean(axis=1), others.std(axis=1)
    spread[spread == 0] = np.inf  # two pages, or all alike: nothing stands out, the raw rule decides
    z = (similarity - mean[:, None]) / spread[:, None]
    return (z + z.T) / 2


def average_linkage(standout: np.ndarray, similarity: np.ndarray, places: list[str | None],
                    threshold: float = STANDOUT) -> list[list[int]]:
    """Agglomerative clustering by group average: the two groups whose pages stand out most to
    each other merge first, while they stand out by at least `threshold` on average or their mean
    cosine is at least SAME_EVENT_SIMILARITY, and never when they hold pages placed in different
    cities. Returns groups of page indices, each in index order, in order of their first page."""
    n = len(standout)
    z, cosine = standout.astype(float), similarity.astype(float)
    size = np.ones(n)
    placed = np.array([[a is not None and b is not None and a != b for b in places] for a in places], dtype=bool)
    retired = np.eye(n, dtype=bool)  # a group with itself, and groups merged into another

    def candidates(rows: slice | int) -> np.ndarray:
        """Standouts of the pairs that may merge, -inf for the others."""
        alike = ~placed[rows] & ~retired[rows] & ((z[rows] >= threshold) | (cosine[rows] >= SAME_EVENT_SIMILARITY))
        return np.where(alike, z[rows], -np.inf)

    best = candidates(slice(None))
    members = {i: [i] for i in range(n)}
    while len(members) > 1:
        a, b = divmod(int(best.argmax()), n)
        if best[a, b] == -np.inf:
            break
        for average in (z, cosine):  # Lance-Williams update of the group averages
            average[a] = (average[a] * size[a] + average[b] * size[b]) / (size[a] + size[b])
            average[:, a] = average[a]
        size[a] += size[b]
        placed[a] |= placed[b]
        placed[:, a] = placed[a]
        retired[b], retired[:, b] = True, True
        members[a] += members.pop(b)
        best[a] = candidates(a)
        best[:, a] = best[a]
        best[b], best[:, b] = -np.inf, -np.inf
    return [sorted(group) for group in sorted(members.values(), key=min)]


def _event(pages: list[Page], rows: np.ndarray) -> PageEvent:
    """An event's pages most central first, its distinct sources, place, date and label (the most
    central page's headline that is not one speaker's words, `merge.quote_headline`); `rows` are
    the pages' TF-IDF rows, weighed over the event's pages alone (`tfidf.dense_rows`)."""
    closeness = rows @ centroid(rows)
    order = sorted(range(len(pages)), key=lambda i: (-closeness[i], pages[i].doc_id))
    places = Counter(p.place for p in pages if p.place)
    titled = next((i for i in order if not quote_headline(pages[i].headline)), order[0])  # not one speaker's words
    return PageEvent(
        label=short_headline(pages[titled].headline),
        place=places.most_common(1)[0][0] if places else None,
        date=pages_date([p.dates for p in pages]),
        sources=distinct_sources(rows[order]),
        doc_ids=[pages[i].doc_id for i in order],
    )


def distinct_sources(rows: np.ndarray) -> int:
    """Pages, counting once those that repeat an earlier page's text."""
    kept: list[int] = []
    for i in range(len(rows)):
        if all(rows[i] @ rows[j] < DUPLICATE_SIMILARITY for j in kept):
            kept.append(i)
    return len(kept)
