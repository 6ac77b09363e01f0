"""Every metric of a case, and the one headline `score` that orders summaries honestly.

| metric | value (better) | what it catches | needs |
|---|---|---|---|
| `score` | headline, see `headline_score` (higher) | any of the failures below; one number to order briefs | – |
| `key_fact_recall` | share of key facts stated by a supported unit that cites the fact's gold passage (higher) | a brief that drops the news, or states it without the source that says it | `key_facts` |
| `key_fact_recall_at_budget` | the same within the first `budget_words` words (higher) | recall bought with length | `key_facts` |
| `contradictions` | key facts a unit states the opposite of (lower, any increase regresses) | a reversed claim ("accepted" for "rejected") | `key_facts` |
| `support` | share of units supported by one of their citations: names, numbers, polarity, words (higher) | a sentence that says something its citation does not | – |
| `attribution_accuracy` | share of party-credited units whose cited words the gold credits to that party (higher) | one minister's words, or the outlet's narration, credited to another | `records/` |
| `rouge1` `rouge2` `rougeL` | F1 against the references in the summary's language (higher) | content people put in their summaries | refs in that language |
| `rouge1_at_budget` `rouge2_at_budget` | the same on the first `budget_words` words (higher) | ROUGE bought with length | refs |
| `headline_recall` | share of the gold `headline` groups, else of the references' topic words (content words two references open with), that the first unit (headline, or a baseline's first sentence) states (higher) | a headline that gives a detail, not the story | `headline` or refs |
| `citation_precision` | share of citations whose quote is the source text at its offsets (higher) | invented quotes, shifted offsets | – |
| `citation_coverage` | share of units with a citation that resolves (higher) | sentences nothing backs | – |
| `set_aside_accuracy` | share of pages rightly kept or set aside (higher) | a page of another event left in | `excluded` |
| `participant_recall` | share of gold participants named (higher) | people left out | `participants` |
| `conflict_recall` | share of the gold count/attendance/attribution conflicts shown with both sides cited (higher) | a brief that hides where sources disagree | `conflicts` |
| `event_accuracy` | share of the main event's date and place given right (higher) | a brief of the wrong event | `main_event` |
| `citation_leakage` `text_leakage` `term_leakage` | shares of citations, 5-grams and marker terms from set-aside pages or forbidden text (lower) | a brief built partly from the wrong story | `excluded`, `forbidden` |
| `extraction_precision` `extraction_recall` `extraction_f1` | record items matched to gold items: same page, overlapping evidence, same field, same speaker, related content (higher) | invented, misattributed or garbage items; `pipeline` only | `records/` |
| `length_words` | words of the summary (lower; regresses when it grows by more than 10%) | padding | – |

A metric whose gold is missing is null, never zero; baselines have no event or conflicts, so
those are null for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from summarizer.lang.arabic import fold
from summarizer.eval.claims import GoldView, Unit, attribution, fact_verdicts, support_reason, within_budget
from summarizer.eval.gold import REPORTABLE_CONFLICTS, GoldConflict, MainEvent
from summarizer.stages.group import place_name
from summarizer.eval.suites import Case, references
from summarizer.eval.systems import SystemOutput
from summarizer.eval.metrics import (
    ForbiddenSpan,
    headline_recall,
    alternative_present,
    citation_leakage,
    citation_precision,
    extraction_scores,
    length,
    participant_recall,
    rouge,
    set_aside_accuracy,
    text_leakage,
)
from summarizer.models import Brief, CleanDocument, Conflict, MeetingRecord


@dataclass(frozen=True)
class Metric:
    name: str
    better: Literal["higher", "lower"]
    threshold: float  # allowed worsening before a change counts as a regression
    relative: bool = False  # threshold is a share of the base value


SCORE_THRESHOLD = 0.02
LENGTH_GROWTH = 0.10
METRICS: tuple[Metric, ...] = (
    Metric("score", "higher", SCORE_THRESHOLD),
    *(Metric(name, "higher", SCORE_THRESHOLD) for name in (
        "key_fact_recall", "key_fact_recall_at_budget")),
    Metric("contradictions", "lower", 0.0),
    *(Metric(name, "higher", SCORE_THRESHOLD) for name in (
        "support", "attribution_accuracy", "rouge1", "rouge2", "rougeL", "rouge1_at_budget", "rouge2_at_budget",
        "headline_recall", "citation_precision", "citation_coverage", "set_aside_accuracy", "participant_recall", "conflict_recall",
        "event_accuracy")),
    *(Metric(name, "lower", 0.0) for name in ("citation_leakage", "text_leakage", "term_leakage")),
    *(Metric(name, "higher", SCORE_THRESHOLD) for name in (
        "extraction_precision", "extraction_recall", "extraction_f1")),
    Metric("length_words", "lower", LENGTH_GROWTH, relative=True),
)
METRIC_NAMES = tuple(m.name for m in METRICS)
BY_NAME = {m.name: m for m in METRICS}
DIGITS = 6  # run records store rounded values, so a comparison never flags floating-point noise


def headline_score(m: Mapping[str, float | None], budget_words: int) -> float:
    """One number per case: coverage × support × attribution × (1 − contradiction share)
    × (1 − worst leakage) × length factor, in [0, 1].

    coverage is `key_fact_recall_at_budget` where the case has key facts, else `rouge2_at_budget`;
    a factor whose metric is null counts 1 (nothing to hold against the summary), except
    coverage and support. The contradiction share is contradicted facts over key facts; the
    length factor is min(1, budget_words / length_words), so a brief twice the budget keeps half.
    """
    coverage = m.get("key_fact_recall_at_budget")
    if coverage is None:
        coverage = m.get("rouge2_at_budget") or 0.0
    leak = max((m.get(k) or 0.0) for k in ("citation_leakage", "text_leakage", "term_leakage"))
    words = m.get("length_words") or 0.0
    factors = (
        coverage,
        m.get("support") or 0.0,
        1.0 if m.get("attribution_accuracy") is None else m["attribution_accuracy"],
        1.0 - (m.get("contradiction_share") or 0.0),
        1.0 - leak,
        min(1.0, budget_words / words) if words else 0.0,
    )
    product = 1.0
    for factor in factors:
        product *= max(0.0, factor)
    return product


def text_metrics(units: list[Unit], refs: list[str], budget_words: int) -> dict[str, float | None]:
    """ROUGE (full and at the budget) and length: the metrics any text can get."""
    text = "\n".join(u.text for u in units)
    budget_text = "\n".join(u.text for u in within_budget(units, budget_words))
    full = rouge(text, refs) if refs else None
    cut = rouge(budget_text, refs) if refs else None
    return {
        "rouge1": full.rouge_1.f1 if full else None,
        "rouge2": full.rouge_2.f1 if full else None,
        "rougeL": full.rouge_l.f1 if full else None,
        "rouge1_at_budget": cut.rouge_1.f1 if cut else None,
        "rouge2_at_budget": cut.rouge_2.f1 if cut else None,
        "length_words": float(length(text).words),
    }


def score(case: Case, documents: list[CleanDocument], output: SystemOutput, gold_records: list[MeetingRecord] | None
          ) -> tuple[dict[str, float | None], dict[str, list[str]], dict[str, dict[str, float]]]:
    """Every metric of the module table for one output, the details behind the misses, and, for a
    metric that is a share of items (key facts), each item's value by id: what a paired
    comparison of two runs resamples (`summarizer.eval.compare`)."""
    gold = case.gold
    texts = {d.doc_id: d.document.text for d in documents}
    view = GoldView.of(gold_records, gold.participants)
    m: dict[str, float | None] = dict.fromkeys(METRIC_NAMES)
    details: dict[str, list[str]] = {}
    items: dict[str, dict[str, float]] = {}
    refs = references(case, output.lang)
    m.update(text_metrics(output.units, refs, case.budget_words))
    if output.units:
        m["headline_recall"] = headline_recall(output.units[0].text, refs, gold.headline)

    reasons = [support_reason(u, view) for u in output.units]
    m["support"] = _share(sum(r is None for r in reasons), len(reasons), 0.0)
    details["unsupported"] = [f"{u.text[:80]} — {r}" for u, r in zip(output.units, reasons) if r]
    precision = citation_precision(output.citations, texts)
    m["citation_precision"] = precision.precision
    details["unresolved_citations"] = [f"{c.doc_id}:{c.start}-{c.end} {c.quote[:60]}" for c in precision.unresolved]
    resolving = [u for u in output.units if any(citation_precision([c], texts).precision == 1.0 for c in u.citations)]
    m["citation_coverage"] = _share(len(resolving), len(output.units), 1.0)

    if gold.key_facts is not None:
        facts = gold.key_facts
        context = (output.brief.event.place or "") if output.brief else ""
        full = fact_verdicts(output.units, facts, view, context)
        cut = fact_verdicts(within_budget(output.units, case.budget_words), facts, view, context)
        m["key_fact_recall"] = full.recall(facts)
        m["key_fact_recall_at_budget"] = cut.recall(facts)
        for name, verdicts in (("key_fact_recall", full), ("key_fact_recall_at_budget", cut)):
            items[name] = {f.id: float(f.id in verdicts.stated) for f in facts}
        items["contradictions"] = {f.id: float(f.id in full.contradicted) for f in facts}
        m["contradictions"] = float(len(full.contradicted))
        m["contradiction_share"] = _share(len(full.contradicted), len(facts), 0.0)
        details["missed_key_facts"] = [f"{f.id}: {f.text}" for f in facts if f.id not in full.stated]
        details["contradicted_key_facts"] = [f"{f.id}: {f.text}" for f in facts if f.id in full.contradicted]
    if gold_records is not None:
        credited = attribution(output.units, view)
        m["attribution_accuracy"] = credited.accuracy
        details["misattributed"] = list(credited.wrong)
    set_aside = [e.doc_id for e in gold.excluded or []]
    if gold.excluded is not None and output.brief is not None:
        aside = set_aside_accuracy(output.excluded, set_aside, texts)
        m["set_aside_accuracy"] = aside.accuracy
        details["wrongly_set_aside"], details["wrongly_kept"] = list(aside.wrongly_excluded), list(aside.wrongly_kept)
    if gold.participants is not None:
        people = participant_recall(output.participants, [p.spellings for p in gold.participants])
        m["participant_recall"] = people.recall
        details["missed_participants"] = list(people.missed)
    if output.brief is not None and gold.conflicts:
        m["conflict_recall"], details["missed_conflicts"] = conflict_recall(output.brief, gold.conflicts)
    if output.brief is not None and gold.main_event is not None:
        m["event_accuracy"], details["event_wrong"] = event_accuracy(output.brief, gold.main_event)
    if gold.excluded is not None or gold.forbidden is not None:
        m.update(_leakage(output, documents, set_aside, gold.forbidden or [], details))
    if output.records is not None and gold_records is not None:
        # Scored on the pages the brief needs (the main event's, when the gold names them) and those the
        # system did extract: a page of another event set aside unread costs no recall.
        extracted = {r.doc_id for r in output.records}
        needed = set(gold.main_event.doc_ids) if gold.main_event and gold.main_event.doc_ids else None
        scored = [r for r in gold_records if needed is None or r.doc_id in needed | extracted]
        extraction = extraction_scores(output.records, scored, view.same_person).micro.scores
        m["extraction_precision"], m["extraction_recall"], m["extraction_f1"] = (
            extraction.precision, extraction.recall, extraction.f1)
    m["score"] = headline_score(m, case.budget_words)
    m.pop("contradiction_share", None)
    return rounded(m), {k: v for k, v in details.items() if v}, items


def conflict_recall(brief: Brief, conflicts: list[GoldConflict]) -> tuple[float | None, list[str]]:
    """Share of reportable gold conflicts the brief shows with two of their sides cited.

    A brief conflict shows a gold one when two of its sides cite passages overlapping quotes of
    two different gold sides.
    """
    reportable = [c for c in conflicts if c.type in REPORTABLE_CONFLICTS]
    if not reportable:
        return None, []
    missed = [f"{c.id}: {c.topic}" for c in reportable if not any(_shows(b, c) for b in brief.conflicts)]
    return (len(reportable) - len(missed)) / len(reportable), missed


def _shows(conflict: Conflict, gold: GoldConflict) -> bool:
    hits = [{i for i, side in enumerate(gold.sides) for q in side.quotes for c in brief_side.citations
             if c.doc_id == q.doc_id and c.start < q.end and q.start < c.end}
            for brief_side in conflict.sides]
    return any(a != b for i, mine in enumerate(hits) for theirs in hits[i + 1:] for a in mine for b in theirs)


def event_accuracy(brief: Brief, event: MainEvent) -> tuple[float | None, list[str]]:
    """Share of the gold event's date and city that the brief's event block gives right."""
    checks = []
    if event.date:
        checks.append(("date", event.date, brief.event.date, brief.event.date == event.date))
    if event.city:
        given = brief.event.place or ""
        spellings = {event.city, place_name(event.city, "ar")}  # an Arabic brief writes "عمّان" for Amman
        checks.append(("place", event.city, given,
                       bool(given) and any(alternative_present(fold(given), fold(s)) for s in spellings)))
    if not checks:
        return None, []
    wrong = [f"{name}: gold {want}, brief {got or 'none'}" for name, want, got, ok in checks if not ok]
    return (len(checks) - len(wrong)) / len(checks), wrong


def _leakage(output: SystemOutput, documents: list[CleanDocument], set_aside: list[str], forbidden,
             details: dict[str, list[str]]) -> dict[str, float | None]:
    spans = [ForbiddenSpan(f.doc_id, f.start, f.end) for f in forbidden]
    cited = citation_leakage(output.citations, set_aside_doc_ids=set_aside, forbidden_spans=spans)
    copied = text_leakage(
        output.text,
        [f.quote for f in forbidden] + [d.document.text for d in documents if d.doc_id in set_aside],
        allowed_texts=[d.body for d in documents if d.doc_id not in set_aside],
    )
    folded = fold(output.text)
    leaked_terms = {f.quote: [t for t in f.terms if alternative_present(folded, t)] for f in forbidden}
    details["leaked_citations"] = [f"{c.doc_id}:{c.start}-{c.end} {c.quote[:60]}" for c in cited.offending]
    details["leaked_terms"] = sorted({t for terms in leaked_terms.values() for t in terms})
    return {
        "citation_leakage": cited.share,
        "text_leakage": copied.share,
        "term_leakage": _share(sum(1 for terms in leaked_terms.values() if terms), len(forbidden), 0.0)
        if forbidden else None,
    }


def _share(part: int, whole: int, if_empty: float) -> float:
    return part / whole if whole else if_empty


def rounded(metrics: Mapping[str, float | None]) -> dict[str, float | None]:
    return {k: None if v is None else round(v, DIGITS) for k, v in metrics.items()}
