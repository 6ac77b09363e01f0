"""Meta-evaluation: does a metric agree with people?

A metric is only worth gating on if it ranks summaries the way human judges do. MultiLing 2011
published, for five of the Arabic clusters the harness already holds, the summaries nine systems
wrote and three human grades (1–5) for each (`evals/meta/multiling2011_ar_dev/`). Here every
deterministic text metric the harness can apply to a plain-text summary is computed for those 45
summaries, and each is correlated with the mean human grade (Pearson, Spearman, Kendall tau-b):

- summary level, all summaries pooled (n = 45), and the mean of the per-cluster correlations
  (each cluster's 9 summaries ranked against each other, so easy and hard topics do not mix);
- system level: each system's metric and grade averaged over the clusters, correlated across
  the 9 systems: the question a leaderboard asks.

Everything is a plain function of the files under `evals/` (no model, no network, no clock),
so two runs give equal reports.
"""

from __future__ import annotations

import csv
import json
import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from statistics import mean

from pydantic import BaseModel, Field

from summarizer.lang.arabic import content_words, sentence_spans, tokens
from summarizer.eval.suites import EVALS, repository_folder
from summarizer.eval.metrics import PRF, RougeScores, rouge, rouge_scores
from summarizer.lang.tfidf import cosine

DATASET = "multiling2011_ar_dev"
BUDGET_WORDS = 250  # the MultiLing 2011 length limit
SUPPORT_SHARE = 0.5  # a sentence is supported when MORE than this share of its content words is in one source sentence
ALPHA = 0.05


# ---- correlation ----------------------------------------------------------------------------
# No scipy in the environment, and these three fit in a few lines. Each returns None when a
# coefficient is undefined (fewer than two points, or one side constant): such a metric says
# nothing about the grades, and None (unlike NaN) compares equal between runs.


def pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Linear correlation: does the metric move in proportion to the grade?"""
    _check_paired(x, y)
    if len(x) < 2:
        return None
    mx, my = mean(x), mean(y)
    dx, dy = [a - mx for a in x], [b - my for b in y]
    sxx, syy = math.fsum(d * d for d in dx), math.fsum(d * d for d in dy)
    if sxx == 0 or syy == 0:
        return None
    r = math.fsum(a * b for a, b in zip(dx, dy)) / math.sqrt(sxx * syy)
    return max(-1.0, min(1.0, r))


def average_ranks(values: Sequence[float]) -> list[float]:
    """Ranks from 1, tied values sharing the mean of the ranks they span (as scipy's rankdata)."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for k in range(start, end + 1):
            ranks[order[k]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Rank correlation (Pearson of average ranks): agreement on order, whatever the scale."""
    _check_paired(x, y)
    return pearson(average_ranks(x), average_ranks(y))


def kendall_tau_b(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Kendall's tau-b: (concordant − discordant pairs) / sqrt(pairs untied in x · pairs untied in y).

    The share of pairwise judgements ("A is better than B") the metric and people agree on, with
    ties corrected for: mean grades of three 1–5 grades tie often.
    """
    _check_paired(x, y)
    concordant = discordant = untied_x = untied_y = 0
    for i in range(len(x)):
        for j in range(i + 1, len(x)):
            sx, sy = _sign(x[i] - x[j]), _sign(y[i] - y[j])
            untied_x += sx != 0
            untied_y += sy != 0
            concordant += sx * sy > 0
            discordant += sx * sy < 0
    if untied_x == 0 or untied_y == 0:
        return None
    return (concordant - discordant) / math.sqrt(untied_x * untied_y)


def kendall_critical(n: int, alpha: float = ALPHA) -> float | None:
    """Smallest |tau| that is significant at `alpha` (two-sided) among n untied items.

    Exact: under independence every order is equally likely, and the number of discordant pairs
    follows the Mahonian distribution (inversions of a random permutation). With 9 systems only a
    large tau means anything, and the report should say so. Ties make it approximate.
    """
    if n < 2:
        return None
    pairs = n * (n - 1) // 2
    counts = [1]  # counts[k]: permutations of the first m items with k inversions
    for m in range(2, n + 1):
        grown = [0] * (len(counts) + m - 1)
        for k, c in enumerate(counts):
            for extra in range(m):
                grown[k + extra] += c
        counts = grown
    total = math.factorial(n)
    for s in range(pairs % 2, pairs + 1, 2):  # S = concordant − discordant = pairs − 2·inversions
        tail = sum(counts[: (pairs - s) // 2 + 1])  # P(S >= s) = P(inversions <= (pairs − s) / 2)
        if 2 * tail / total <= alpha:
            return s / pairs
    return None


def _sign(d: float) -> int:
    return (d > 0) - (d < 0)


def _check_paired(x: Sequence[float], y: Sequence[float]) -> None:
    if len(x) != len(y):
        raise ValueError(f"paired samples differ in length: {len(x)} != {len(y)}")


# ---- the report -----------------------------------------------------------------------------


class Correlation(BaseModel):
    """Pearson, Spearman and Kendall tau-b of one metric with one human score over n points."""

    pearson: float | None
    spearman: float | None
    kendall: float | None
    n: int = Field(description="points per correlation (summaries or systems)")


class ClusterMean(Correlation):
    """The mean of per-cluster correlations (plain mean, no Fisher z: 5 values of 9 points)."""

    clusters: int = Field(description="clusters where the correlation is defined (neither side constant)")


class Agreement(BaseModel):
    """How one metric agrees with one human score, at the three levels."""

    summary: Correlation = Field(description="all summaries pooled")
    per_cluster: ClusterMean = Field(description="mean of the per-cluster summary-level correlations")
    system: Correlation = Field(description="per-system means over clusters, correlated across systems")


class MetricMeta(BaseModel):
    name: str
    description: str
    higher_is_better: bool | None = Field(description="the direction the metric is meant to be used in; None: neither")
    grade: Agreement = Field(description="against the mean of the three evaluators' Grade")
    length_aware: Agreement = Field(description="against the mean LengthAwareGrade")


class SummaryRow(BaseModel):
    """One graded summary: its human scores and every metric's value."""

    topic: str
    peer: str
    grades: list[int]
    mean_grade: float
    mean_length_aware: float
    metrics: dict[str, float]


class SystemRow(BaseModel):
    """One system: human scores and metric values, each the mean over its clusters."""

    peer: str
    mean_grade: float
    mean_length_aware: float
    metrics: dict[str, float]


class MetaReport(BaseModel):
    dataset: str
    clusters: list[str]
    systems: list[str]
    budget_words: int
    kendall_critical: dict[str, float | None] = Field(
        description="|tau| needed for p < 0.05 (two-sided, exact without ties) at 'summary' and 'system' level"
    )
    metrics: list[MetricMeta] = Field(
        description="sorted by oriented system-level Kendall tau against the mean grade (see `oriented`), best first"
    )
    summaries: list[SummaryRow]
    system_rows: list[SystemRow]


# ---- data -----------------------------------------------------------------------------------


class GradedSummary(BaseModel):
    topic: str
    peer: str
    grades: list[int] = Field(description="one per evaluator, in evaluator order")
    length_aware: list[float]

    @property
    def mean_grade(self) -> float:
        return mean(self.grades)

    @property
    def mean_length_aware(self) -> float:
        return mean(self.length_aware)


def read_grades(path: Path) -> list[GradedSummary]:
    """The MultiLing grades file, one entry per summary (sorted by topic, then peer number).

    Every summary must have exactly one grade from each evaluator of the file: a missing or
    doubled row would silently shift a mean grade.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    evaluators = sorted({row["Evaluator"] for row in rows})
    by_summary: dict[tuple[str, str], dict[str, dict[str, str]]] = {}
    for row in rows:
        given = by_summary.setdefault((row["Topic"], row["Peer"]), {})
        if row["Evaluator"] in given:
            raise ValueError(f"{path}: {row['Topic']}/{row['Peer']} graded twice by {row['Evaluator']}")
        given[row["Evaluator"]] = row
    graded = []
    for (topic, peer), given in sorted(by_summary.items(), key=lambda item: (item[0][0], _peer_number(item[0][1]))):
        if sorted(given) != evaluators:
            raise ValueError(f"{path}: {topic}/{peer} graded by {sorted(given)}, expected {evaluators}")
        graded.append(
            GradedSummary(
                topic=topic,
                peer=peer,
                grades=[int(given[e]["Grade"]) for e in evaluators],
                length_aware=[float(given[e]["LengthAwareGrade"]) for e in evaluators],
            )
        )
    return graded


def _peer_number(peer: str) -> int:
    return int(peer.removeprefix("ID"))


def _read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


def _texts(folder: Path) -> list[str]:
    files = sorted(p for p in folder.iterdir() if p.suffix in {".txt", ".md"} and p.stem.upper() != "README")
    if not files:
        raise FileNotFoundError(f"no .txt or .md files in {folder}")
    return [_read_text(p) for p in files]


class Cluster(BaseModel):
    """What a summary of one topic is scored against."""

    references: list[str]
    sources: list[str]


def read_cluster(case_dir: Path) -> Cluster:
    """References from refs/, sources from the folder case.json names (as the harness reads them)."""
    docs = case_dir / json.loads(_read_text(case_dir / "case.json"))["docs"]
    sources = _texts(docs) if docs.is_dir() else [_read_text(docs)]
    return Cluster(references=_texts(case_dir / "refs"), sources=sources)


# ---- metrics --------------------------------------------------------------------------------


def _prf_metrics(prefix: str, scores: RougeScores, suffix: str = "") -> dict[str, float]:
    out = {}
    for n, prf in (("1", scores.rouge_1), ("2", scores.rouge_2), ("l", scores.rouge_l)):
        out |= _prf(f"{prefix}{n}", prf, suffix)
    return out


def _prf(name: str, prf: PRF, suffix: str) -> dict[str, float]:
    return {f"{name}_p{suffix}": prf.precision, f"{name}_r{suffix}": prf.recall, f"{name}_f{suffix}": prf.f1}


def first_words(text: str, budget: int = BUDGET_WORDS) -> str:
    """The summary cut to its first `budget` words, as `tokens` counts them (folded, space-joined)."""
    return " ".join(tokens(text)[:budget])


def support_coverages(summary: str, sources: Sequence[str]) -> list[float]:
    """Per summary sentence with content words: the largest share of its distinct content words
    found in one single source sentence.

    A sentence a source states has (nearly) all its words in one source sentence; one stitched
    from several places or invented has not. Word overlap with the whole cluster would not tell
    the two apart: every topic word is somewhere in ten articles.
    """
    source_sentences = [set(content_words(text[a:b])) for text in sources for a, b in sentence_spans(text)]
    coverages = []
    for a, b in sentence_spans(summary):
        words = set(content_words(summary[a:b]))
        if words:
            coverages.append(max(len(words & s) for s in source_sentences) / len(words))
    return coverages


def repeated_ngram_share(text: str, n: int) -> float:
    """Share of the text's word n-grams that repeat an earlier one: catches a summary that says
    the same thing twice (extractive systems picking near-duplicate sentences)."""
    words = tokens(text)
    grams = [tuple(words[i : i + n]) for i in range(len(words) - n + 1)]
    return 1 - len(set(grams)) / len(grams) if grams else 0.0


METRIC_FAMILIES: dict[str, str] = {
    "rouge{1,2,l}_{p,r,f}": (
        "ROUGE-1/2/L precision, recall, F1 against the cluster's 3 references (mean over references)"
    ),
    "…_stem": "the same after stripping Arabic proclitics (`light_stem`)",
    "…@250": f"the same with the summary cut to its first {BUDGET_WORDS} words",
    "src_rouge{1,2}_{p,r,f}": "ROUGE-1/2 against the 10 source documents instead (mean over documents)",
    "length_words": "length in folded word tokens",
    "supported_sentences": (
        f"share of sentences with more than {SUPPORT_SHARE:.0%} of their content words in one source sentence"
    ),
    "support_coverage": "mean over sentences of that best single-source-sentence share",
    "novel_words": "share of content-word tokens found in no source document",
    "redundancy_{2,3}gram": "share of word 2-/3-grams repeating an earlier one in the summary",
    "centroid_cosine": "cosine of the summary's content-word counts with the whole cluster's",
}


def summary_metrics(summary: str, cluster: Cluster) -> dict[str, float]:
    """Every deterministic plain-text metric of one summary, by name: overlap with what people
    wrote (ROUGE), with what the sources say (source ROUGE, support, centrality), and the
    summary's own shape (length, repetition)."""
    refs, sources = cluster.references, cluster.sources
    plain = rouge(summary, refs)
    cut = first_words(summary)
    # A summary within budget is its own first 250 words: same tokens, same scores.
    at_budget = plain if tokens(cut) == tokens(summary) else rouge(cut, refs)
    values = _prf_metrics("rouge", plain)
    values |= _prf_metrics("rouge", rouge(summary, refs, stem=True), "_stem")
    values |= _prf_metrics("rouge", at_budget, "@250")
    # Against the ten source articles ROUGE-L is left out: its whole-text LCS would cost seconds
    # per summary for a number that ROUGE-1 already nearly gives.
    for kind, prf in rouge_scores(summary, sources, ("rouge1", "rouge2")).items():
        values |= _prf(f"src_{kind}", prf, "")
    values["length_words"] = float(len(tokens(summary)))
    coverages = support_coverages(summary, sources)
    values["supported_sentences"] = (
        sum(c > SUPPORT_SHARE for c in coverages) / len(coverages) if coverages else 0.0
    )
    values["support_coverage"] = mean(coverages) if coverages else 0.0
    words = content_words(summary)
    source_vocabulary = {w for s in sources for w in content_words(s)}
    values["novel_words"] = sum(w not in source_vocabulary for w in words) / len(words) if words else 0.0
    values["redundancy_2gram"] = repeated_ngram_share(summary, 2)
    values["redundancy_3gram"] = repeated_ngram_share(summary, 3)
    values["centroid_cosine"] = cosine(Counter(words), Counter(w for s in sources for w in content_words(s)))
    return values


# ---- correlating ----------------------------------------------------------------------------

# A human score is the mean of some graded values: a summary's three, or at system level all 15
# of the system's (the same as the mean of its per-cluster means, since every summary has three
# grades, but exact: two systems with equal grade totals tie instead of differing in the last bit).
Target = Callable[[GradedSummary], list[float]]
TARGETS: dict[str, Target] = {
    "grade": lambda s: [float(g) for g in s.grades],
    "length_aware": lambda s: s.length_aware,
}


def correlate(x: Sequence[float], y: Sequence[float]) -> Correlation:
    return Correlation(pearson=pearson(x, y), spearman=spearman(x, y), kendall=kendall_tau_b(x, y), n=len(x))


def cluster_mean(per_cluster: Sequence[Correlation]) -> ClusterMean:
    """Mean of the per-cluster correlations over the clusters where they are defined."""
    defined = [c for c in per_cluster if c.kendall is not None]

    def average(field: str) -> float | None:
        values = [getattr(c, field) for c in defined if getattr(c, field) is not None]
        return mean(values) if values else None

    return ClusterMean(
        pearson=average("pearson"),
        spearman=average("spearman"),
        kendall=average("kendall"),
        n=max((c.n for c in per_cluster), default=0),
        clusters=len(defined),
    )


def system_score(graded: Sequence[GradedSummary], peer: str, target: Target) -> float:
    """A system's human score: the mean of all its graded values over every cluster."""
    return mean(v for g in graded if g.peer == peer for v in target(g))


def agreement(
    name: str, target: Target, graded: Sequence[GradedSummary], values: Sequence[Mapping[str, float]]
) -> Agreement:
    """One metric against one human score at summary, per-cluster and system level."""
    metric = [v[name] for v in values]
    human = [mean(target(g)) for g in graded]
    topics = sorted({g.topic for g in graded})
    per_cluster = []
    for topic in topics:
        idx = [i for i, g in enumerate(graded) if g.topic == topic]
        per_cluster.append(correlate([metric[i] for i in idx], [human[i] for i in idx]))
    peers = sorted({g.peer for g in graded}, key=_peer_number)
    system_metric = [mean(metric[i] for i, g in enumerate(graded) if g.peer == p) for p in peers]
    system_human = [system_score(graded, p, target) for p in peers]
    return Agreement(
        summary=correlate(metric, human),
        per_cluster=cluster_mean(per_cluster),
        system=correlate(system_metric, system_human),
    )


def describe(name: str) -> tuple[str, bool | None]:
    """What a metric measures, and whether a higher value is meant to be better (None: neither).

    The direction is the one the harness would use the metric in, fixed before looking at the
    grades: ROUGE, support and centrality up; repetition and words found in no source down.
    """
    base = name.removesuffix("_stem").removesuffix("@250")
    if base.startswith(("rouge", "src_rouge")):
        parts = {"p": "precision", "r": "recall", "f": "F1"}
        family, kind = base.rsplit("_", 1)
        against = "the 10 source documents" if family.startswith("src_") else "the 3 references"
        text = f"ROUGE-{family[-1].upper()} {parts[kind]} against {against}"
        if name.endswith("_stem"):
            text += ", proclitics stripped"
        if name.endswith("@250"):
            text += f", summary cut to its first {BUDGET_WORDS} words"
        return text, True
    return {
        "length_words": ("length in folded word tokens", None),
        "supported_sentences": (
            f"share of sentences with more than {SUPPORT_SHARE:.0%} of their content words in one source sentence",
            True,
        ),
        "support_coverage": ("mean share of a sentence's content words found in its best single source sentence", True),
        "novel_words": ("share of content-word tokens found in no source document", False),
        "redundancy_2gram": ("share of word bigrams repeating an earlier one", False),
        "redundancy_3gram": ("share of word trigrams repeating an earlier one", False),
        "centroid_cosine": ("cosine of the summary's content-word counts with the whole cluster's", True),
    }[name]


def oriented(metric: MetricMeta, level: str, target: str = "grade") -> float | None:
    """Kendall tau as the metric is meant to be used: negated for lower-is-better metrics, so a
    positive value always means "ranks summaries as people do". A metric with no direction
    (length) keeps its sign."""
    tau = getattr(getattr(metric, target), level).kendall
    return None if tau is None else (-tau if metric.higher_is_better is False else tau)


def _sort_key(metric: MetricMeta) -> tuple:
    """Oriented system-level Kendall against the mean grade, best first; then oriented pooled
    summary-level Kendall, then name, so the order is total and the same every run."""
    system, summary = oriented(metric, "system"), oriented(metric, "summary")
    return (system is None, -(system or 0.0), summary is None, -(summary or 0.0), metric.name)


def run_meta(root: Path = EVALS) -> MetaReport:
    """Score every graded MultiLing summary with every metric and correlate with the grades.

    `root` is the evals/ folder: peers and grades from meta/multiling2011_ar_dev/, references
    and sources from suites/multiling2011_ar_dev/<topic>/.
    """
    meta_dir, suite_dir = repository_folder(root / "meta" / DATASET), root / "suites" / DATASET
    graded = read_grades(meta_dir / "peers" / "human_grades.tsv")
    on_disk = sorted((p.parent.name, p.stem) for p in (meta_dir / "peers").glob("M*/ID*.txt"))
    if on_disk != sorted((g.topic, g.peer) for g in graded):
        raise ValueError(f"{meta_dir}: peer files and graded summaries differ")
    clusters = {topic: read_cluster(suite_dir / topic) for topic in sorted({g.topic for g in graded})}
    values = [
        summary_metrics(_read_text(meta_dir / "peers" / g.topic / f"{g.peer}.txt"), clusters[g.topic]) for g in graded
    ]
    names = list(values[0])
    metrics = sorted(
        (
            MetricMeta(
                name=name,
                description=describe(name)[0],
                higher_is_better=describe(name)[1],
                **{key: agreement(name, target, graded, values) for key, target in TARGETS.items()},
            )
            for name in names
        ),
        key=_sort_key,
    )
    peers = sorted({g.peer for g in graded}, key=_peer_number)
    return MetaReport(
        dataset=DATASET,
        clusters=list(clusters),
        systems=peers,
        budget_words=BUDGET_WORDS,
        kendall_critical={"summary": kendall_critical(len(graded)), "system": kendall_critical(len(peers))},
        metrics=metrics,
        summaries=[
            SummaryRow(
                topic=g.topic,
                peer=g.peer,
                grades=g.grades,
                mean_grade=g.mean_grade,
                mean_length_aware=g.mean_length_aware,
                metrics=v,
            )
            for g, v in zip(graded, values)
        ],
        system_rows=[
            SystemRow(
                peer=p,
                mean_grade=system_score(graded, p, TARGETS["grade"]),
                mean_length_aware=system_score(graded, p, TARGETS["length_aware"]),
                metrics={n: mean(v[n] for g, v in zip(graded, values) if g.peer == p) for n in names},
            )
            for p in peers
        ],
    )


# ---- markdown -------------------------------------------------------------------------------


def _num(value: float | None, critical: float | None = None) -> str:
    if value is None:
        return "–"
    text = f"{value:+.2f}".replace("-", "−")
    return text + "*" if critical is not None and abs(value) >= critical else text


_ARROW = {True: "↑", False: "↓", None: "·"}


def _table(report: MetaReport, target: str) -> list[str]:
    crit_summary, crit_system = report.kendall_critical["summary"], report.kendall_critical["system"]
    lines = [
        "| metric | better | sum. r | sum. ρ | sum. τ | cluster r | cluster ρ | cluster τ | sys. r | sys. ρ | sys. τ |",
        "|---|:-:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in report.metrics:
        a: Agreement = getattr(m, target)
        few = f" ({a.per_cluster.clusters})" if a.per_cluster.clusters < len(report.clusters) else ""
        lines.append(
            f"| `{m.name}` | {_ARROW[m.higher_is_better]} "
            f"| {_num(a.summary.pearson)} | {_num(a.summary.spearman)} | {_num(a.summary.kendall, crit_summary)} "
            f"| {_num(a.per_cluster.pearson)} | {_num(a.per_cluster.spearman)} | {_num(a.per_cluster.kendall)}{few} "
            f"| {_num(a.system.pearson)} | {_num(a.system.spearman)} | {_num(a.system.kendall, crit_system)} |"
        )
    return lines


def best(report: MetaReport, level: str) -> MetricMeta:
    """The metric whose oriented Kendall tau against the mean grade is highest at `level`
    ("summary", "per_cluster" or "system"); ties go to the first in report order."""
    ranked = [m for m in report.metrics if oriented(m, level) is not None]
    top = max(oriented(m, level) for m in ranked)
    return next(m for m in ranked if oriented(m, level) == top)


def _significance(tau: float, critical: float | None) -> str:
    if critical is None:
        return ""
    return "significant" if abs(tau) >= critical else f"not significant, |τ| ≥ {critical:.2f} needed"


def verdict(report: MetaReport) -> str:
    """One line: which metric agrees best with people, and whether ROUGE runs against them."""
    crit = report.kendall_critical
    system, summary = best(report, "system"), best(report, "summary")
    sys_tau, sum_tau = system.grade.system.kendall, summary.grade.summary.kendall
    rouge_rows = [m for m in report.metrics if m.name.startswith("rouge") and m.grade.system.kendall is not None]
    negative = [m for m in rouge_rows if m.grade.system.kendall < 0]
    r2 = next(m for m in report.metrics if m.name == "rouge2_r")
    return (
        f"**Verdict:** against the mean human grade, `{system.name}` ({_ARROW[system.higher_is_better]}) agrees best "
        f"with people at system level (τ = {_num(sys_tau)}, {len(report.systems)} systems; "
        f"{_significance(sys_tau, crit['system'])}) and `{summary.name}` ({_ARROW[summary.higher_is_better]}) at "
        f"summary level (pooled τ = {_num(sum_tau)}, {len(report.summaries)} summaries; "
        f"{_significance(sum_tau, crit['summary'])}); ROUGE against the references correlates "
        f"{'negatively' if negative else 'not negatively'} with the grade at system level in {len(negative)} of "
        f"{len(rouge_rows)} variants (ROUGE-2 recall τ = {_num(r2.grade.system.kendall)})."
    )


def _caveats(report: MetaReport) -> list[str]:
    """Facts of the data a reader needs before trusting any row: which correlations clear the
    significance bar, and which metrics hardly vary."""
    crit = report.kendall_critical["system"]
    strong = [
        m for m in report.metrics if m.grade.system.kendall is not None and crit and abs(m.grade.system.kendall) >= crit
    ]
    lines = [
        "System-level τ against the mean grade clearing p < 0.05: "
        + (", ".join(f"`{m.name}` {_num(m.grade.system.kendall)}" for m in strong) or "none")
        + "."
    ]
    for m in report.metrics:
        values = Counter(s.metrics[m.name] for s in report.summaries)
        value, count = values.most_common(1)[0]
        if count > len(report.summaries) / 2:
            lines.append(
                f"`{m.name}` is {value:g} for {count} of {len(report.summaries)} summaries: it hardly varies here, "
                "so its correlations rest on the few others."
            )
    return lines


def markdown(report: MetaReport) -> str:
    """The report for people: verdict, then one table per human score, metrics sorted by
    oriented system-level Kendall τ against the mean grade (best first), then a legend."""
    crit_summary, crit_system = report.kendall_critical["summary"], report.kendall_critical["system"]
    out = [
        f"# Meta-evaluation: {report.dataset} ({len(report.summaries)} summaries, "
        f"{len(report.systems)} systems, {len(report.clusters)} clusters)",
        "",
        verdict(report),
        "",
        *(f"- {line}" for line in _caveats(report)),
        "",
        "Columns: Pearson r, Spearman ρ, Kendall τ-b of each metric with the human score, signed as computed "
        "(a ↓ metric agrees with people when negative). *better*: the direction the metric is meant to be used "
        "in (↑ higher, ↓ lower, · neither). *sum.*: all summaries pooled; *cluster*: mean of the per-cluster "
        "correlations (9 summaries each; in brackets the clusters where the metric is not constant, when fewer "
        "than all); *sys.*: each system's means over the clusters, correlated across systems. Rows sorted by "
        "system-level τ against the mean grade, negated for ↓ metrics, best first. `*`: |τ| at or above the exact "
        f"two-sided p < 0.05 threshold for untied data ({crit_summary:.2f} pooled, {crit_system:.2f} for "
        "systems); ties make it approximate.",
        "",
        "## Against the mean grade (three evaluators' `Grade`)",
        "",
        *_table(report, "grade"),
        "",
        "## Against the mean `LengthAwareGrade` (grade × min(1, words / 240))",
        "",
        *_table(report, "length_aware"),
        "",
        "## Metrics",
        "",
        *(f"- `{family}`: {text}" for family, text in METRIC_FAMILIES.items()),
        "",
    ]
    return "\n".join(out)
