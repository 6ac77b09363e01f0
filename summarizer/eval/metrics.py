"""Deterministic evaluation metrics: plain functions of typed data, no model calls.

ROUGE, key facts present in a text, citation precision, set-aside accuracy, participant recall,
citation and text leakage, extraction precision/recall against gold records, and length; the
eval harness (`summarizer.eval.scoring`) combines them per case.

Conventions shared by every metric here:
- Text is compared as `summarizer.lang.arabic.tokens` (folded \\w+ tokens), or for key facts as the
  `summarizer.lang.arabic.fold`ed string, so diacritics, tatweel, hamza forms, taa marbuta, alef
  maqsura, Arabic-Indic digits and punctuation never decide a score. ROUGE is Google's
  rouge-score given these tokens (`RougeTokenizer`): its default tokenizer keeps only [a-z0-9],
  which would score any Arabic text as zero.
- A precision, recall or accuracy over nothing is 1.0 (nothing was wrong, nothing was missed);
  a leakage share over nothing is 0.0 (nothing leaked). ROUGE follows rouge-score: empty text
  scores 0.0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from statistics import mean
from typing import Any, TypeVar

from summarizer.lang import en, names
from summarizer.lang.arabic import alternative_present, content_words, fold, light_stem, script, sentence_spans, tokens
from summarizer.checks.evidence import resolves
from summarizer.models import CleanDocument, Evidence, MeetingRecord, Supported

T = TypeVar("T")


def _share(part: int, whole: int, if_empty: float) -> float:
    return part / whole if whole else if_empty


@dataclass(frozen=True)
class PRF:
    """Precision, recall and their harmonic mean."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def from_ratios(cls, precision: float, recall: float) -> PRF:
        total = precision + recall
        return cls(precision, recall, 2 * precision * recall / total if total else 0.0)

    @classmethod
    def from_counts(cls, matched: int, predicted: int, gold: int, if_empty: float = 1.0) -> PRF:
        return cls.from_ratios(_share(matched, predicted, if_empty), _share(matched, gold, if_empty))


# ---- ROUGE ------------------------------------------------------------------------------

def rouge_tokens(text: str, *, stem: bool = False) -> list[str]:
    """The tokens ROUGE counts: folded \\w+ tokens, stemmed in the text's language when `stem`:
    an Arabic text light-stemmed (proclitics), an English one Porter-stemmed as rouge-score and
    ROUGE-1.5.5 -m do."""
    folded = tokens(text)
    if not stem:
        return folded
    return [(light_stem if script(text) == "ar" else _english_stem)(t) for t in folded]


@cache
def _english_stem(token: str) -> str:
    """rouge-score's own stemming of one token: Porter, words of more than three letters only."""
    return _porter().tokenize(token)[0] if token.isascii() and token.isalnum() else token


@cache
def _porter():
    from rouge_score.tokenizers import DefaultTokenizer  # loads nltk, as _scorer does

    return DefaultTokenizer(use_stemmer=True)


@dataclass(frozen=True)
class RougeTokenizer:
    """`rouge_tokens` in the shape rouge-score's scorer takes as its tokenizer."""

    stem: bool = False

    def tokenize(self, text: str) -> list[str]:
        return rouge_tokens(text, stem=self.stem)


@cache
def _scorer(kinds: tuple[str, ...], stem: bool):
    # Imported on first use: rouge-score loads nltk (0.4 s), which no other command needs.
    from rouge_score.rouge_scorer import RougeScorer

    return RougeScorer(list(kinds), tokenizer=RougeTokenizer(stem))


def rouge_scores(summary: str, references: Sequence[str], kinds: Sequence[str], *,
                 stem: bool = False) -> dict[str, PRF]:
    """rouge-score's `kinds` ("rouge1", "rouge2", "rougeL"…) of `summary` on `rouge_tokens`.

    Each reference is scored on its own (n-gram counts clipped per reference; "rougeL" is the
    whole-text LCS), then precision, recall and F1 are each the mean over references
    (ROUGE-1.5.5's default averaging), so a summary gains nothing by copying one reference.
    Empty text scores 0.0.
    """
    if not references:
        raise ValueError("ROUGE needs at least one reference summary")
    scorer = _scorer(tuple(kinds), stem)
    per_reference = [scorer.score(reference, summary) for reference in references]
    return {kind: PRF(*(mean(getattr(s[kind], part) for s in per_reference)
                        for part in ("precision", "recall", "fmeasure")))
            for kind in kinds}


@dataclass(frozen=True)
class RougeScores:
    rouge_1: PRF
    rouge_2: PRF
    rouge_l: PRF


def rouge(summary: str, references: Sequence[str], *, stem: bool = False) -> RougeScores:
    """ROUGE-1, ROUGE-2 and ROUGE-L of `summary`, averaged over `references` (`rouge_scores`).

    Catches content missing from (recall) or foreign to (precision) what people wrote.
    `stem` stems each text in its language first (`rouge_tokens`); off by default.
    """
    scores = rouge_scores(summary, references, ("rouge1", "rouge2", "rougeL"), stem=stem)
    return RougeScores(scores["rouge1"], scores["rouge2"], scores["rougeL"])


# ---- key facts --------------------------------------------------------------------------


# The rule of evals/README.md ("key_facts"), the one every gold file is checked against.
# Arabic proclitics that may stand before a matched alternative inside the same word:
# up to two of و ف ب ل ك, then an optional article ال ("والقانون", "بالهدنة", "للمدنيين").
def fact_present(summary: str, match: Sequence[Sequence[str]]) -> bool:
    """A key fact is present when every group of `match` has at least one alternative present."""
    folded = fold(summary)
    return all(any(alternative_present(folded, alt) for alt in group) for group in match)


def stems(text: str) -> set[str]:
    """Content words, Latin ones cut to 5 letters so 'opposes' and 'opposed' meet."""
    return {w[:5] if w.isascii() else w for w in content_words(text)
            if len(w) > 1 and w not in en.STOPWORDS}


# ---- the headline ---------------------------------------------------------------------------
MIN_REFERENCES_AGREEING = 2  # a word two summary writers open with is what the story is


def topic_words(references: Sequence[str]) -> set[str]:
    """Content words that at least two references use in their first sentence: what the people who
    summarized the story agree it is about."""
    openings = []
    for reference in references:
        text = reference.strip()
        spans = sentence_spans(text) if text else []
        openings.append(stems(text[slice(*spans[0])].split("\n")[0]) if spans else set())
    counts = Counter(word for opening in openings for word in opening)
    return {word for word, n in counts.items() if n >= MIN_REFERENCES_AGREEING}


def headline_recall(headline: str, references: Sequence[str] = (), match: Sequence[Sequence[str]] | None = None
                    ) -> float | None:
    """How much of the main event a headline states: the share of the gold's `match` groups it has
    (a group: alternatives for one element, as a key fact's), else of the references' `topic_words`;
    None when there is neither."""
    if match:
        return sum(fact_present(headline, [group]) for group in match) / len(match)
    topics = topic_words(references)
    return len(stems(headline) & topics) / len(topics) if topics else None


# ---- citations --------------------------------------------------------------------------


@dataclass(frozen=True)
class CitationPrecision:
    precision: float
    total: int
    unresolved: tuple[Evidence, ...]


def citation_precision(citations: Iterable[Evidence], texts: Mapping[str, str]) -> CitationPrecision:
    """Share of citations whose quote is exactly text[start:end] of their document.

    `texts` maps doc_id to the document's decoded text. Catches invented or paraphrased quotes,
    offsets shifted by re-encoding or cleaning, and citations of documents that were not given.
    """
    citations = list(citations)
    unresolved = tuple(c for c in citations if not _resolves_in(c, texts))
    return CitationPrecision(
        precision=_share(len(citations) - len(unresolved), len(citations), if_empty=1.0),
        total=len(citations),
        unresolved=unresolved,
    )


def _resolves_in(citation: Evidence, texts: Mapping[str, str]) -> bool:
    return citation.doc_id in texts and resolves(citation, texts[citation.doc_id])


# ---- set-aside pages --------------------------------------------------------------------


@dataclass(frozen=True)
class SetAsideScore:
    accuracy: float
    precision: float
    recall: float
    wrongly_excluded: tuple[str, ...]
    wrongly_kept: tuple[str, ...]


def set_aside_accuracy(
    predicted_excluded: Iterable[str], gold_excluded: Iterable[str], all_doc_ids: Iterable[str]
) -> SetAsideScore:
    """How well pages about another event were set aside.

    Accuracy is over all documents (kept or excluded, right or wrong); precision catches good
    sources thrown away, recall catches off-topic pages left in to pollute the brief.
    """
    everything, predicted, gold = set(all_doc_ids), set(predicted_excluded), set(gold_excluded)
    unknown = (predicted | gold) - everything
    if unknown:
        raise ValueError(f"excluded doc_ids not among the documents: {sorted(unknown)}")
    wrongly_excluded, wrongly_kept = predicted - gold, gold - predicted
    correct_exclusions = len(predicted & gold)
    return SetAsideScore(
        accuracy=_share(len(everything) - len(wrongly_excluded) - len(wrongly_kept), len(everything), if_empty=1.0),
        precision=_share(correct_exclusions, len(predicted), if_empty=1.0),
        recall=_share(correct_exclusions, len(gold), if_empty=1.0),
        wrongly_excluded=tuple(sorted(wrongly_excluded)),
        wrongly_kept=tuple(sorted(wrongly_kept)),
    )


# ---- participants -----------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantRecall:
    recall: float
    missed: tuple[str, ...]


def participant_recall(predicted: Iterable[str], gold: Iterable[str | Sequence[str]]) -> ParticipantRecall:
    """Share of gold participants named among the predicted names; catches people left out.

    A gold entry is a name or a list of alternate spellings of one person; `missed` reports
    each missed person by its first spelling.
    """
    predicted = list(predicted)
    people = [[entry] if isinstance(entry, str) else list(entry) for entry in gold]
    missed = tuple(
        spellings[0]
        for spellings in people
        if not any(names.same_person(spelling, name) for spelling in spellings for name in predicted)
    )
    return ParticipantRecall(recall=_share(len(people) - len(missed), len(people), if_empty=1.0), missed=missed)


# ---- leakage ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ForbiddenSpan:
    """Text nothing may come from: [start, end) of document `doc_id`'s decoded text."""

    doc_id: str
    start: int
    end: int


def removed_spans(documents: Iterable[CleanDocument]) -> list[ForbiddenSpan]:
    """Everything the clean stage removed (ads, teasers, appended stories) as forbidden spans."""
    return [ForbiddenSpan(d.doc_id, r.start, r.end) for d in documents for r in d.removed]


@dataclass(frozen=True)
class CitationLeakage:
    share: float
    offending: tuple[Evidence, ...]


def citation_leakage(
    citations: Iterable[Evidence],
    *,
    set_aside_doc_ids: Iterable[str] = (),
    forbidden_spans: Iterable[ForbiddenSpan] = (),
) -> CitationLeakage:
    """Share of citations taken from a set-aside page or overlapping a forbidden span by at
    least one character; catches a brief built partly from the wrong event or from an
    appended unrelated story."""
    citations = list(citations)
    set_aside = set(set_aside_doc_ids)
    forbidden = list(forbidden_spans)
    offending = tuple(
        c
        for c in citations
        if c.doc_id in set_aside
        or any(f.doc_id == c.doc_id and _overlap(c.start, c.end, f.start, f.end) for f in forbidden)
    )
    return CitationLeakage(share=_share(len(offending), len(citations), if_empty=0.0), offending=offending)


def _overlap(start: int, end: int, other_start: int, other_end: int) -> bool:
    return start < other_end and other_start < end


@dataclass(frozen=True)
class TextLeakage:
    share: float
    leaked_ngrams: tuple[str, ...]


def text_leakage(
    summary: str, forbidden_texts: Iterable[str], *, allowed_texts: Iterable[str] = (), n: int = 5
) -> TextLeakage:
    """Share of the summary's folded-token n-grams (by position) that occur in forbidden text
    and in no allowed text.

    Catches words copied from set-aside pages or appended stories even when no citation
    admits it. Pass the kept article bodies as `allowed_texts`: pages on the same subject
    share stock phrases ("وزير الخارجية الأمريكي أنتوني بلينكن") that are not leakage.
    `leaked_ngrams` lists each leaked n-gram once, in summary order.
    """
    windows = [tuple(w) for w in _windows(tokens(summary), n)]
    forbidden = _ngram_set(forbidden_texts, n) - _ngram_set(allowed_texts, n)
    leaked = [w for w in windows if w in forbidden]
    return TextLeakage(
        share=_share(len(leaked), len(windows), if_empty=0.0),
        leaked_ngrams=tuple(dict.fromkeys(" ".join(w) for w in leaked)),
    )


def _windows(words: list[str], n: int) -> list[list[str]]:
    return [words[i : i + n] for i in range(len(words) - n + 1)]


def _ngram_set(texts: Iterable[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(w) for text in texts for w in _windows(tokens(text), n)}


# ---- extraction against a gold record ---------------------------------------------------

@dataclass(frozen=True)
class MatchCounts:
    """Items predicted, items in the gold record, and how many were paired one to one.

    Counts rather than ratios so results add up across documents and runs (`+`).
    """

    matched: int
    predicted: int
    gold: int

    def __add__(self, other: MatchCounts) -> MatchCounts:
        return MatchCounts(self.matched + other.matched, self.predicted + other.predicted, self.gold + other.gold)

    @property
    def scores(self) -> PRF:
        return PRF.from_counts(self.matched, self.predicted, self.gold)


@dataclass(frozen=True)
class ExtractionScores:
    per_field: dict[str, MatchCounts]
    micro: MatchCounts


def extraction_scores(predicted: Iterable[MeetingRecord], gold: Iterable[MeetingRecord],
                      same_person: Callable[[str, str], bool] | None = None) -> ExtractionScores:
    """Precision/recall of extracted record items against gold records, per field and micro.

    Participants pair when they come from the same document and name the same person;
    statements, agreements, disagreements and outcomes pair when their evidence overlaps gold
    evidence of the same field (section) in the same document by a character AND their English
    text shares at least `CONTENT_OVERLAP` of its content words with the gold item's (when both are
    in one script); statements
    also need the same speaker. `same_person` decides names (default `names.same_person`; the harness
    passes one that knows the gold participants' spellings). Pairing is a maximum one-to-one
    matching, so a duplicated item earns credit once. Catches invented, misattributed and
    garbage items (precision) and missed ones (recall). Items of documents without a gold record
    count as wrong. The event is not scored.
    """
    predicted, gold = list(predicted), list(gold)
    person = same_person or names.same_person
    per_field: dict[str, MatchCounts] = {}
    for field in MeetingRecord.ITEM_KINDS:
        ours, theirs = _field_items(predicted, field), _field_items(gold, field)
        if field == "participants":
            def pairs(a, b):
                return a[0] == b[0] and person(a[1].name, b[1].name)
        else:
            def pairs(a, b):
                return (_evidence_overlaps(a, b) and _related(_english(a[1]), _english(b[1]))
                        and (field != "statements" or person(a[1].speaker, b[1].speaker)))
        per_field[field] = MatchCounts(_max_matching(ours, theirs, pairs), len(ours), len(theirs))
    return ExtractionScores(per_field=per_field, micro=sum(per_field.values(), MatchCounts(0, 0, 0)))


CONTENT_OVERLAP = 0.25  # a paraphrase of the same words shares this much; garbage shares nothing


def _english(item: Supported) -> str:
    return getattr(item, "content", None) or getattr(item, "text", "")


def _related(text: str, gold_text: str) -> bool:
    """The item's text shares enough content words (5-letter stems) with the gold text. Texts in
    different scripts (an extractor that keeps the source words, gold written in English) are not
    compared: their span, section and speaker decide."""
    if script(text) != script(gold_text):
        return True
    ours = {w[:5] for w in tokens(text) if len(w) > 3}
    theirs = {w[:5] for w in tokens(gold_text) if len(w) > 3}
    return bool(ours) and len(ours & theirs) / len(ours) >= CONTENT_OVERLAP


def _field_items(records: list[MeetingRecord], field: str) -> list[tuple[str, Any]]:
    return [(record.doc_id, item) for record in records for item in getattr(record, field)]


def _evidence_overlaps(a: tuple[str, Supported], b: tuple[str, Supported]) -> bool:
    return any(x.overlaps(y) for x in a[1].evidence for y in b[1].evidence)


def _max_matching(predicted: Sequence[T], gold: Sequence[T], pairs: Callable[[T, T], bool]) -> int:
    """Size of a maximum one-to-one pairing (Kuhn's augmenting paths): greedy pairing can
    spend a gold item on a predicted item that had another partner, and undercount."""
    partners = [[g for g, gold_item in enumerate(gold) if pairs(item, gold_item)] for item in predicted]
    holder: dict[int, int] = {}

    def claim(p: int, tried: set[int]) -> bool:
        for g in partners[p]:
            if g not in tried:
                tried.add(g)
                if g not in holder or claim(holder[g], tried):
                    holder[g] = p
                    return True
        return False

    return sum(claim(p, set()) for p in range(len(predicted)))


# ---- length -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Length:
    words: int
    chars: int
    ratio_to_references: float | None


def length(summary: str, references: Sequence[str] = ()) -> Length:
    """Words (folded tokens, as budgets count them), characters (without surrounding white
    space), and words over the mean reference length; catches ROUGE recall bought with length."""
    words = len(tokens(summary))
    reference_words = mean(len(tokens(r)) for r in references) if references else 0
    return Length(
        words=words,
        chars=len(summary.strip()),
        ratio_to_references=words / reference_words if reference_words else None,
    )
