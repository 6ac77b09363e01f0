"""Reports of a run or a comparison: one outline, rendered as Markdown or as one HTML page.

The HTML comes from a jinja2 template with autoescaping (summarizer/templates/), so no text
from a summary or a run record can inject markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from summarizer.eval.compare import Comparison
from summarizer.eval.runs import RunRecord, number
from summarizer.eval.scoring import BY_NAME, METRIC_NAMES
from summarizer.stages.render import TEMPLATES, literal_markdown


@dataclass(frozen=True)
class Cell:
    text: str
    status: str | None = None


@dataclass(frozen=True)
class Table:
    title: str
    header: list[str]
    rows: list[list[Cell]]


@dataclass(frozen=True)
class Report:
    title: str
    facts: list[tuple[str, str]]
    tables: list[Table]
    warnings: list[str] = field(default_factory=list)


_MARKS = {"better": "▲", "worse": "▽", "within noise": "▽ within noise", "regressed": "▼ REGRESSED", "new": "new",
          "n/a": "", "same": ""}


def _interval(delta) -> str:
    """'[-0.041, +0.012] over 18' (the paired differences resampled), or '' without an interval."""
    if delta.low is None or delta.high is None:
        return ""
    return f"[{_signed(delta.low) or '0'}, {_signed(delta.high) or '0'}] over {delta.pairs}"


def _signed(value: float | None) -> str:
    if value is None:
        return ""
    if value == 0:
        return "0"
    return f"{value:+.3f}" if abs(value) < 2 else f"{value:+.0f}"


def describe_run(run_record: RunRecord) -> str:
    code = run_record.code
    commit = f" {code.commit}{' (dirty)' if code.dirty else ''}" if code.commit else ""
    model = f", model {run_record.model}" if run_record.model else ""
    source = f" {run_record.source}" if run_record.source else ""
    return f"{run_record.system}{source} (lang {run_record.lang}){model}, code {code.package}{commit}, {run_record.created}"


def _threshold(comparison: Comparison, metric: str) -> str:
    spec, value = BY_NAME[metric], comparison.thresholds[metric]
    return f"{value:.0%} growth" if spec.relative else number(value)


def comparison_report(comparison: Comparison) -> Report:
    base, new = comparison.base, comparison.new
    noise = [d for d in comparison.means if d.status == "within noise"]
    verdict = (f"{len(comparison.regressions)} regression(s) past threshold and outside the 95% interval"
               if comparison.regressions else "no regression past threshold and outside the 95% interval")
    if noise:
        verdict += f"; {len(noise)} change(s) past threshold within noise (" + ", ".join(
            f"{d.suite} {d.metric} {_signed(d.change)} {_interval(d)}" for d in noise) + ")"
    facts = [("verdict", verdict), (comparison.base_label, describe_run(base)),
             (comparison.new_label, describe_run(new))]
    changed = sorted(n for n in {*base.prompts, *new.prompts} if base.prompts.get(n) != new.prompts.get(n))
    facts.append(("prompts changed", ", ".join(
        f"{n} {base.prompts.get(n, '–')} → {new.prompts.get(n, '–')}" for n in changed) or "none"))
    if base.model_identity != new.model_identity:
        facts.append(("model changed", f"{base.model_identity or '–'} → {new.model_identity or '–'}"))
    for label, ids in (("only in " + comparison.base_label, comparison.only_in_base),
                       ("only in " + comparison.new_label, comparison.only_in_new)):
        if ids:
            facts.append((label, ", ".join(ids)))
    facts += [(f"error in {r.id}", r.error or "") for r in comparison.new_errors]

    tables = []
    if comparison.regressions:
        tables.append(Table("Regressions", ["case", "metric", comparison.base_label, comparison.new_label, "change",
                                            "95% interval", "threshold"],
                            [[Cell(f"{d.suite}/{d.case}"), Cell(d.metric), Cell(number(d.base)), Cell(number(d.new)),
                              Cell(_signed(d.change), d.status), Cell(_interval(d)), Cell(_threshold(comparison, d.metric))]
                             for d in comparison.regressions]))
    header = ["case", comparison.base_label, comparison.new_label, "change", "95% interval", "status"]
    for metric in METRIC_NAMES:
        alone = {d.suite for d in comparison.means if d.case != "mean"}  # a suite of one case: its row is the case's
        rows = [d for d in comparison.deltas if d.metric == metric and d.suite not in alone] + [
            d for d in comparison.means if d.metric == metric]
        if all(d.base is None and d.new is None for d in rows):
            continue
        title = f"{metric} ({BY_NAME[metric].better} is better, threshold {_threshold(comparison, metric)})"
        tables.append(Table(title, header, [
            [Cell(f"{d.suite}/{d.case}"), Cell(number(d.base)), Cell(number(d.new)),
             Cell(_signed(d.change), d.status), Cell(_interval(d)), Cell(_MARKS[d.status], d.status)]
            for d in rows
        ]))
    if comparison.details:
        tables.append(Table("What changed behind the numbers", ["case", "detail", "now", "no longer"], [
            [Cell(f"{c.suite}/{c.case}"), Cell(c.detail), Cell("; ".join(c.appeared)), Cell("; ".join(c.disappeared))]
            for c in comparison.details
        ]))
    return Report("Eval comparison", facts, tables, list(comparison.warnings))


def run_report(run_record: RunRecord) -> Report:
    """Metrics of one run: a row per metric, a column per case and per mean of a suite's cases."""
    repeated = run_record.repeats > 1
    columns = [(r.suite, f"{r.case} #{r.repeat}" if repeated else r.case, r.metrics) for r in run_record.cases]
    columns += [(suite, "mean", m) for suite, m in run_record.totals.means.items()
                if sum(1 for r in run_record.cases if r.suite == suite) > 1]
    usage = run_record.totals.usage
    facts = [
        ("run", describe_run(run_record)),
        ("cases", f"{run_record.totals.cases} ({run_record.totals.errors} failed)"),
        ("usage", f"{usage.calls} model call(s), {usage.cached_calls} cached, {usage.prompt_tokens} prompt + "
                  f"{usage.completion_tokens} completion tokens"),
        ("seconds", f"{run_record.totals.seconds:.1f}"),
    ]
    facts += [(f"{suite} spread over {run_record.repeats} repeats", ", ".join(
        f"{m} {number(low)}–{number(high)}" for m, (low, high) in spread.items() if high > low) or "none")
        for suite, spread in run_record.totals.spread.items()]
    rows = [[Cell(m), *(Cell(number(metrics.get(m))) for _, _, metrics in columns)] for m in METRIC_NAMES]
    return Report("Eval run", facts, [Table("Metrics", ["metric", *(f"{s}/{c}" for s, c, _ in columns)], rows)])


def markdown(report: Report) -> str:
    lines = [f"# {report.title}", ""]
    lines += [f"> **warning:** {literal_markdown(w)}" for w in report.warnings]
    lines += [f"- **{literal_markdown(key)}**: {literal_markdown(value)}" for key, value in report.facts]
    for table in report.tables:
        lines += ["", f"## {literal_markdown(table.title)}", "", "| " + " | ".join(map(literal_markdown, table.header)) + " |",
                  "|" + "---|" * len(table.header)]
        lines += ["| " + " | ".join(literal_markdown(cell.text) for cell in row) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


def html_page(report: Report) -> str:
    """One self-contained page: inline CSS, every text escaped, nothing loaded from elsewhere."""
    return TEMPLATES.get_template("eval_report.html.j2").render(report=report)
