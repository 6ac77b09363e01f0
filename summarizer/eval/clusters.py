"""Clustering eval: how well `summarizer.stages.cluster` sorts a mixed inbox into its events.

The inbox is every page of the selected gold cases at once (by default every suite's; the five
Arabic MultiLing stories and the seeds are 55 pages). The gold events are read from the cases as
written: a case's main event is its `main_event.doc_ids` (or, without them, every page the case
does not exclude), and each page a case excludes is an event of its own. Cases that declare the
same event (the same `main_event.what`, or, without a main event, the same `topic`) share one main
event: each Arabic MultiLing case and the English case it was translated from declare the same
topic, so the Arabic pages and their English originals are one event, as in a mixed-language
inbox they should be.

The score is B-cubed (Bagga and Baldwin 1998; Amigó et al. 2009): for each page, precision is
the share of its predicted event that shares its gold event and recall the share of its gold
event found in its predicted event, each averaged over pages. Unlike pairwise scores it does
not let one big event drown the small ones, and a lone off-event page counts as much as any.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.stages.cluster import STANDOUT, cluster
from summarizer.eval.suites import Case, load_documents
from summarizer.eval.metrics import PRF
from summarizer.models import CleanDocument, PageEvent


def bcubed(predicted: Sequence[Sequence[str]], gold: Sequence[Sequence[str]]) -> PRF:
    """B-cubed precision, recall and F1 of a partition of items against the gold partition."""
    predicted_of = _membership(predicted, "predicted")
    gold_of = _membership(gold, "gold")
    if predicted_of.keys() != gold_of.keys():
        missing = sorted(gold_of.keys() ^ predicted_of.keys())
        raise ValueError(f"the two partitions hold different items: {missing[:5]}")
    if not gold_of:
        return PRF(1.0, 1.0, 1.0)
    precision = recall = 0.0
    for item, mine in predicted_of.items():
        shared = len(mine & gold_of[item])
        precision += shared / len(mine)
        recall += shared / len(gold_of[item])
    return PRF.from_ratios(precision / len(gold_of), recall / len(gold_of))


def _membership(partition: Sequence[Sequence[str]], name: str) -> dict[str, frozenset[str]]:
    of: dict[str, frozenset[str]] = {}
    for group in partition:
        members = frozenset(group)
        for item in group:
            if item in of:
                raise ValueError(f"{item} is in two {name} events")
            of[item] = members
    return of


def gold_events(case: Case, documents: Sequence[CleanDocument]) -> list[list[str]]:
    """The case's events: its main event's pages, then each excluded page on its own."""
    excluded = [e.doc_id for e in case.gold.excluded or []]
    main = (case.gold.main_event.doc_ids if case.gold.main_event else []) or [
        d.doc_id for d in documents if d.doc_id not in excluded]
    return [main, *([doc_id] for doc_id in excluded)]


@dataclass(frozen=True)
class ClusterScore:
    score: PRF
    events: list[PageEvent]
    gold: list[list[str]]
    documents: list[CleanDocument]


def mixed_inbox(cases: Sequence[Case]) -> tuple[list[CleanDocument], list[list[str]]]:
    """Every page of the cases as one inbox, and the gold events over it.

    A doc_id names a page within its case only (the Arabic and English MultiLing suites use the
    same file names), so a page whose doc_id an earlier case already used is renamed
    `<suite>/<case>/<doc_id>`, here and in the gold events."""
    documents: list[CleanDocument] = []
    gold: list[list[str]] = []
    main_of: dict[str, list[str]] = {}  # a declared event -> its main event's pages so far
    for case in cases:
        pages = load_documents(case)
        taken = {d.doc_id for d in documents}
        renamed = {p.doc_id: f"{case.id}/{p.doc_id}" for p in pages if p.doc_id in taken}
        documents += [_renamed(p, renamed[p.doc_id]) if p.doc_id in renamed else p for p in pages]
        main, *excluded = [[renamed.get(doc_id, doc_id) for doc_id in event] for event in gold_events(case, pages)]
        declared = declared_event(case)
        if declared in main_of:
            main_of[declared] += main  # the same list as in `gold`
        else:
            gold.append(main)
            if declared:
                main_of[declared] = main
        gold += excluded
    return documents, gold


def declared_event(case: Case) -> str | None:
    """What the case says its main event is: `main_event.what`, else its `topic` (MultiLing cases)."""
    return case.gold.main_event.what if case.gold.main_event else case.gold.topic


def _renamed(page: CleanDocument, doc_id: str) -> CleanDocument:
    return page.model_copy(update={"document": page.document.model_copy(update={"doc_id": doc_id})})


def score_clusters(documents: list[CleanDocument], gold: list[list[str]],
                   threshold: float = STANDOUT) -> ClusterScore:
    events = cluster(documents, threshold)
    return ClusterScore(bcubed([e.doc_ids for e in events], gold), events, gold, documents)
