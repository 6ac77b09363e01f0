"""Daily digest: a day's inbox in, one digest of its events out, the model spent where it pays.

1. cluster every page into events from the text alone (`summarizer.stages.cluster`, no model call);
2. events that at least `min_sources` distinct sources report get a brief, most sources first;
   pages of the other events are listed under "also reported" with their headline;
3. of each such event only `max_pages` pages are extracted by the model: the most central ones,
   except that pages whose record is free (a saved record, or an extraction already in the
   response cache) are taken first; the event's other pages are cited where they say what a
   claim says and listed as its sources (`merge.corroborate`);
4. each event's brief is built by the pipeline as for `summarizer brief` (group, merge, select,
   one write call), from that event's pages alone.

Every model answer goes through the gateway's response cache, and each step depends only on
its own event's pages, so running again after adding a page calls the model only for that page
(when its event has fewer than `max_pages` pages extracted) and for its event's brief.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from summarizer import console
from summarizer.lang import sources_language
from summarizer.stages.cluster import cluster, headline, short_headline
from summarizer.stages.extract import extract_all, extraction_cached
from summarizer.models import (
    DEFAULT_BUDGET_WORDS, DEFAULT_MAX_PAGES, DEFAULT_MIN_SOURCES, CleanDocument, Digest, DigestEvent, Extraction, MeetingRecord, PageEvent, ReportedPage, StageSeconds, Usage,
)
from summarizer.stages.pipeline import build_briefs, failures

if TYPE_CHECKING:  # annotations only: the client loads when a command runs a model
    from summarizer.llm.gateway import Gateway

log = logging.getLogger(__name__)



@dataclass
class Progress:
    """Progress lines: stage, event, items done of total, elapsed time and the time left at the
    pace so far; on a terminal also a progress bar (`console.progress`) while the stage runs."""

    say: Callable[[str], None]
    stage: str
    total: int
    started: float = field(default_factory=time.monotonic)
    done: int = 0
    advance: Callable[[], None] = lambda: None

    def step(self, message: str) -> None:
        self.done += 1
        self.advance()
        elapsed = time.monotonic() - self.started
        left = elapsed / self.done * (self.total - self.done)
        self.say(f"{self.stage} [{self.done}/{self.total}] {message}, {_clock(elapsed)} elapsed, "
                 f"about {_clock(left)} left")


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes}m{seconds:02d}s" if minutes else f"{seconds}s"


def build_digest(
    documents: list[CleanDocument],
    gateway: Gateway | None,
    *,
    lang: str | None = None,
    min_sources: int = DEFAULT_MIN_SOURCES,
    max_pages: int = DEFAULT_MAX_PAGES,
    budget_words: int = DEFAULT_BUDGET_WORDS,
    records: dict[str, MeetingRecord] | None = None,
    prose: bool = True,
    say: Callable[[str], None] = log.info,
) -> Digest:
    """The digest of `documents`. Pages with a saved record in `records` are not extracted; with
    `gateway` None (or `prose` False) no brief text is written by a model. Each event's brief is in
    `lang`, by default in its pages' language; the digest's headings in `lang` or the inbox's."""
    started = time.monotonic()
    records = records or {}
    by_id = {d.doc_id: d for d in documents}
    events = cluster(documents)
    briefed = [e for e in events if e.sources >= min_sources]
    clustered = time.monotonic()
    say(f"cluster: {len(documents)} page(s) -> {len(events)} event(s), {len(briefed)} reported by at least "
        f"{min_sources} sources, {clustered - started:.1f}s")

    cached = {d for e in briefed for d in e.doc_ids if gateway is not None and extraction_cached(by_id[d], gateway)}
    chosen = [choose(e.doc_ids, max_pages, set(records) | cached) for e in briefed]
    extractions = _extract(briefed, chosen, by_id, records, cached, gateway, say)
    if gateway is not None:
        gateway.stop_if_deferred()  # --batch-out: the briefs need these answers first
    extracted = time.monotonic()

    digest_events = []
    with console.progress("briefs", len(briefed)) as advance:
        progress = Progress(say, "brief", len(briefed), advance=advance)
        for number, event in enumerate(briefed, 1):
            digest_events.append(_brief(event, chosen[number - 1], by_id, records, extractions,
                                        gateway if prose else None, lang, budget_words))
            progress.step(f"event {number}/{len(briefed)} «{_short(event.label)}»")
    finished = time.monotonic()

    usage = Usage()
    for item in digest_events:
        if item.brief:
            usage = usage.add(item.brief.usage)
        else:  # the extraction attempts of an event with no brief still cost
            for doc_id in item.extracted:
                if doc_id in extractions:
                    usage = usage.add(extractions[doc_id].usage)
    also = [ReportedPage(doc_id=doc_id, path=by_id[doc_id].document.path, headline=short_headline(headline(by_id[doc_id])))
            for event in events if event.sources < min_sources for doc_id in event.doc_ids]
    seconds = StageSeconds(cluster=clustered - started, extract=extracted - clustered, briefs=finished - extracted,
                           total=finished - started)
    return Digest(lang=lang or sources_language(d.body for d in documents), pages=len(documents), events=digest_events, also_reported=also, usage=usage,
                  seconds=seconds)


def choose(doc_ids: list[str], max_pages: int, free: set[str]) -> list[str]:
    """The event's `max_pages` pages to build the brief from: pages whose record costs nothing
    (a saved record, a cached extraction) first, then the most central others (`doc_ids` is in
    order of centrality). So adding a page to an event never spends the model on one of its old
    pages: the budget already spent on them is kept."""
    ranked = [d for d in doc_ids if d in free] + [d for d in doc_ids if d not in free]
    chosen = set(ranked[:max_pages])
    return [d for d in doc_ids if d in chosen]


def _extract(events: list[PageEvent], chosen: list[list[str]], by_id: dict[str, CleanDocument],
             records: dict[str, MeetingRecord], cached: set[str], gateway: Gateway | None,
             say) -> dict[str, Extraction]:
    """Extract the chosen pages that have no saved record, all events' pages in one concurrent run."""
    event_of = {doc_id: (number, event) for number, (event, pages) in enumerate(zip(events, chosen), 1)
                for doc_id in pages}
    wanted = [by_id[doc_id] for doc_id in event_of if doc_id not in records]
    if not wanted:
        return {}
    if gateway is None:
        raise ValueError("pages to extract but no model: give saved records for every chosen page")
    answered = sum(d.doc_id in cached for d in wanted)
    say(f"extract: {len(wanted)} page(s) of {len(events)} event(s), {answered} of them from the response cache, "
        f"{len(wanted) - answered} with {gateway.config.describe()}")
    with console.progress("extracting", len(wanted)) as advance:
        progress = Progress(say, "extract", len(wanted), advance=advance)

        def finished(result: Extraction) -> None:
            number, event = event_of[result.record.doc_id]
            status = f"ERROR {result.error}" if result.error else f"{len(result.record.items())} items kept"
            source = " (cached)" if result.usage.cached_calls and not result.usage.calls else ""
            progress.step(f"event {number}/{len(events)} «{_short(event.label)}»: {result.record.doc_id} "
                          f"{status}{source}")

        return {e.record.doc_id: e for e in extract_all(wanted, gateway, finished)}


def _brief(event: PageEvent, chosen: list[str], by_id: dict[str, CleanDocument], records: dict[str, MeetingRecord],
           extractions: dict[str, Extraction], gateway: Gateway | None, lang: str | None, budget_words: int) -> DigestEvent:
    """The event's brief from its chosen pages' records, its other pages corroborating."""
    results = [extractions[doc_id] for doc_id in chosen if doc_id in extractions]
    failed = failures(results)
    usage = Usage()
    for result in results:
        usage = usage.add(result.usage)
    event_records = [records[d] for d in chosen if d in records] + [r.record for r in results if not r.error]
    briefs = build_briefs(
        [by_id[d] for d in chosen], event_records, lang=lang, gateway=gateway, extraction_usage=usage, failed=failed,
        budget_words=budget_words, corroborating=[by_id[d] for d in event.doc_ids if d not in chosen],
        group_by="story",  # `cluster` already made these pages one event: follow-ups on other days stay in
    )
    return DigestEvent(event=event, extracted=chosen, brief=briefs[0] if briefs else None, failed=failed)


def _short(label: str, words: int = 6) -> str:
    parts = label.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
