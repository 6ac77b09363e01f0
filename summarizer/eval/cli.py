"""Command line of the eval harness: `summarizer eval`, `eval compare`, `eval score`, `eval meta`,
`eval clusters`, `eval checker`.

Wired into `summarizer.cli.commands.build_parser` with `add_eval_parser(commands)`; the options it shares
with the other commands come from `summarizer.cli.options`, so this module never imports `summarizer.cli.commands`.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from contextlib import nullcontext
from pathlib import Path

from summarizer import console
from summarizer.eval import RUNNABLE, EvalError
from summarizer.models import DEFAULT_BUDGET_WORDS
from summarizer.cli.options import (
    MODEL_POINTER, HelpFormatter, add_model_options, add_verbosity_options, at_least, model_config, verbosity,
)
from summarizer.cli.output import UnusableOutput, check_output, write_text

log = logging.getLogger("summarizer.eval.cli")  # not __name__: under `python -m` that is __main__

RUN_EPILOG = """
systems:
  pipeline               extract every page through the model, group, merge, write prose (needs a model;
                         the embedded default takes about an hour of CPU for all suites)
  pipeline-gold-records  group and merge from the case's gold records/: no model call at all, so it
                         measures the deterministic stages alone; runs only on cases with records/
  lead, centroid         no-LLM baselines (first sentences; centroid + MMR), within the case's budget

output:
  stdout   a table: one row per metric, one column per case and per suite mean (– = no gold for it)
  stderr   one progress line per case
  -o FILE  the run record (JSON); default evals/runs/<suite>-<system>-<UTC time>.json, with the
           suites joined by '+' and the briefs' language added when they are not all Arabic
           ('-en', '-ar+en')
The headline `score` and every metric are documented in summarizer/eval/scoring.py.

repeatable runs: the embedded model runs on one slot (its default), where it answers a request
the same way every time; with --concurrency 2 two slots batch requests differently from run to
run and its answers differ at temperature 0. --repeat N runs each case N times, the model asked
anew each time.

examples:
  summarizer eval --suite seeds --system lead
  summarizer eval --system pipeline -o before.json      # edit a prompt in prompts/, then:
  summarizer eval --system pipeline -o after.json       # only the calls the edited prompt feeds are new
  summarizer eval compare before.json after.json --html diff.html
  summarizer eval --suite seeds --repeat 3 -o seeds-3.json   # how much each metric moves on its own

exit status: 0 every case ran, 1 some case failed (recorded in the run), 2 bad input
"""

COMPARE_EPILOG = """
The runs are paired: case by case in a suite of several cases, key fact by key fact for key-fact
metrics, repeat by repeat (`eval --repeat`) otherwise. Each suite's change gets a bootstrap 95%
interval over those paired differences. A metric regresses when it moves the wrong way by more
than its threshold and its interval lies wholly on the wrong side of zero; past the threshold with
an interval reaching zero it is "within noise". Thresholds by default: a drop of more than 0.02
for scores (the headline `score` among them), a length_words growth of more than 10%, and any
increase of contradictions, citation_leakage, text_leakage or term_leakage in any case (never
noise). A metric the base run measured and the new run did not (a failed case) regresses too, and
a case the new run lacks fails the comparison (exit 1) unless --allow-missing.

Runs scored against different gold (the case's gold hash differs) are refused: re-score the base
on the current gold, or pass --allow-gold-change. Different systems, suites or languages are
compared with a warning.

examples:
  summarizer eval compare evals/runs/all-lead.json new.json
  summarizer eval compare old.json new.json --threshold rouge2=0.01 --threshold length_words=0.5
  summarizer eval compare old.json new.json --md diff.md --html diff.html

exit status: 0 no regression (changes within noise included), 1 something regressed past its threshold
and outside its interval, 2 bad input or not comparable
"""

SCORE_EPILOG = """
Scores one brief, in the JSON shape of `summarizer brief --format json`, on one gold case with every
case metric and the headline `score`; references are those in the brief's language. With --refs
instead of --case, scores any text file (another system's summary) on ROUGE and length alone.

examples:
  summarizer brief seeds/ --format json -o brief.json
  summarizer eval score brief.json --case evals/suites/seeds/amman-2023-11-04
  summarizer eval score brief.json --case evals/suites/seeds/amman-2023-11-04 -o run.json
  summarizer eval compare evals/runs/seeds-pipeline-gold-records-en.json run.json
  summarizer eval score summary.txt --refs evals/suites/multiling2011_ar_dev/M000/refs/*.txt

exit status: 0 scored, 2 bad input
"""

META_EPILOG = """
Correlates every text metric with the mean human grade of the MultiLing 2011 Arabic peer summaries
(evals/meta/), summary by summary and system by system, and says which metric agrees best with
people.

example:
  summarizer eval meta --md meta.md
"""


CLUSTERS_EPILOG = """
Clusters every page of the selected suites as one inbox (default: every suite, the Arabic and
English MultiLing stories and the seeds, 105 pages) with no model call, and scores the events found against the gold events: each
case's main event, and each page a case excludes on its own. Prints B-cubed precision, recall and
F1 (summarizer/eval/clusters.py), then each event found with the gold events its pages belong to.

examples:
  summarizer eval clusters
  summarizer eval clusters --sweep        # how F1 depends on the standout threshold

exit status: 0 scored, 2 bad input
"""

CHECKER_DESCRIPTION = """\
Run the brief's faithfulness check (summarizer.checks.faithful.verdict: the one every rendering, headline
and overview sentence passes before it is shown) on pairs a person labelled, and measure it both
ways: how many faithful renderings it keeps, and how many unfaithful ones it rejects. A check that
rejects everything catches every error and shows nothing; the balanced accuracy, the mean of the
two rates, says how well it tells one from the other.
"""

CHECKER_EPILOG = """
pair file (JSON Lines, one object a line; blank lines are skipped):
  source     the words the rendering cites: a string is one passage rendered whole (numbers must
             agree both ways); a list of strings is several passages a headline or overview
             sentence restates (it may leave numbers out)
  rendering  the sentence to check: held to Arabic when most of its letters are Arabic, else to English
  label      "faithful" (it says only what the source says) or "unfaithful" (the check should reject it)
  speaker    optional: whom the source words are credited to (Arabic or Latin); the rendering may
             name that person and have them speak
  kind       optional: the kind of error of an unfaithful pair ("negation_dropped"), or where a
             faithful one comes from ("human translation"); both are reported kind by kind
  id         optional: a name for the pair, shown beside its line number
  why        optional: a note for people, shown beside a wrong verdict
  other fields are ignored
example line:
  {"source": "واتفق جميع الاعضاء ال 27 في الاتحاد على البيان.", "rendering": "All 25 members of the union agreed to the statement.", "label": "unfaithful", "kind": "number_changed", "why": "27 made 25"}

output:
  text    per label the pairs kept and rejected and the rate the check gets right; per kind the
          rate of faithful pairs kept and of unfaithful pairs rejected; the balanced accuracy; then
          every wrong verdict (a faithful pair rejected, an unfaithful one kept): line, rendering,
          the check's reason
  --json  {"file", "pairs", "faithful", "faithful_kept", "faithful_kept_rate", "unfaithful",
          "unfaithful_rejected", "unfaithful_rejected_rate", "balanced_accuracy",
          "by_kind": {KIND: {"pairs", "rejected", "rejected_rate"}},         (unfaithful pairs)
          "faithful_by_kind": {KIND: {"pairs", "kept", "kept_rate"}},
          "verdicts": [{"line", "id", "label", "kind", "kept", "right", "reason"}, ...]}
          counts are numbers of pairs; every *_rate and balanced_accuracy is 0-1, or null when no
          pair has the label it is a rate of; "reason" is null for a kept rendering

examples:
  summarizer eval checker evals/checker/pairs.jsonl
  summarizer eval checker evals/checker/pairs.jsonl --json
  summarizer eval checker evals/checker/pairs.jsonl --min-balanced 0.95     # a CI gate
  summarizer eval checker evals/checker/pairs.jsonl --min-kept 0.95 --min-rejected 0.95

exit status: 0 measured (and every --min-* met), 1 a --min-* threshold missed (or not measured: no
pairs of the label it needs), 2 bad input (a missing or empty file, a line that is not a pair)
"""


def add_eval_parser(commands: argparse._SubParsersAction) -> None:
    """Register `eval` (with `compare`, `score`, `meta`, `clusters` and `checker` under it) on the main
    parser's subcommands."""
    parser = commands.add_parser(
        "eval", help="score a system on the gold suites; compare two runs; score one brief",
        formatter_class=HelpFormatter,
        description="Run a system on the gold suites under evals/suites/ and record every metric, per case, "
        "with the code version, prompt hashes, model and gold version. `eval compare` shows what got better "
        "or worse.",
        epilog=RUN_EPILOG + MODEL_POINTER,
    )
    parser.add_argument("--suite", action="append", default=[], metavar="NAME",
                        help="a suite folder name under evals/suites/ (repeatable; default: all)")
    parser.add_argument("--case", action="append", default=[], metavar="NAME",
                        help="only this case of the selected suites (repeatable)")
    parser.add_argument("--system", choices=RUNNABLE, default="pipeline", help="what to run (default pipeline)")
    parser.add_argument("--lang", choices=("ar", "en"),
                        help="language of the briefs' own sentences (default: each suite's language, the one "
                        "its references are in; a case with no reference in the language gets no ROUGE)")
    parser.add_argument("-o", "--output", type=Path, help="where to write the run record (see below)")
    parser.add_argument("--repeat", type=at_least(1), default=1, metavar="N",
                        help="run every case N times, the model asked anew each time (answers cached apart), so "
                        "the record shows how much each metric moves between runs of the same code (default 1)")
    add_model_options(parser)
    add_verbosity_options(parser)
    parser.set_defaults(handler=cmd_eval)
    actions = parser.add_subparsers(dest="eval_command", metavar="{compare,score,meta,clusters,checker}")

    compare_parser = actions.add_parser(
        "compare", help="per metric and case, what got better or worse between two runs",
        formatter_class=HelpFormatter,
        description="Compare two run records and print per metric and per case the change; write Markdown "
        "and HTML reports on request. Exits 1 when something regressed past its threshold.",
        epilog=COMPARE_EPILOG,
    )
    compare_parser.add_argument("base", type=Path, metavar="BASE", help="the run record before the change")
    compare_parser.add_argument("new", type=Path, metavar="NEW", help="the run record after the change")
    compare_parser.add_argument("--threshold", action="append", default=[], metavar="METRIC=VALUE",
                                help="allowed worsening of one metric before it counts as a regression (repeatable)")
    compare_parser.add_argument("--allow-missing", action="store_true",
                                help="judge the cases both runs have even when NEW lacks some of BASE's (else exit 1)")
    compare_parser.add_argument("--allow-gold-change", action="store_true",
                                help="compare even when the two runs were scored against different gold")
    compare_parser.add_argument("--md", type=Path, metavar="FILE", help="write the report as Markdown")
    compare_parser.add_argument("--html", type=Path, metavar="FILE",
                                help="write the report as one self-contained HTML page")
    add_verbosity_options(compare_parser)
    compare_parser.set_defaults(handler=cmd_compare)

    score_parser = actions.add_parser(
        "score", help="score one brief (JSON) on a gold case, or any text on ROUGE",
        formatter_class=HelpFormatter, description=SCORE_EPILOG,
    )
    score_parser.add_argument("summary", type=Path, metavar="BRIEF", help="brief JSON (or, with --refs, any text)")
    target = score_parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--case", type=Path, metavar="CASE_DIR", help="gold case folder (with case.json)")
    target.add_argument("--refs", type=Path, nargs="+", metavar="REF", help="reference summaries (text mode)")
    score_parser.add_argument("--json", action="store_true", help="print the metrics as JSON instead of a table")
    score_parser.add_argument("-o", "--output", type=Path, metavar="RUN.json",
                              help="write a run record that `eval compare` accepts")
    add_verbosity_options(score_parser)
    score_parser.set_defaults(handler=cmd_score)

    meta_parser = actions.add_parser(
        "meta", help="how well each metric agrees with human grades (MultiLing 2011 peers)",
        formatter_class=HelpFormatter, description=META_EPILOG,
    )
    meta_parser.add_argument("--json", action="store_true", help="print the report as JSON")
    meta_parser.add_argument("--md", type=Path, metavar="FILE", help="also write the Markdown report to FILE")
    add_verbosity_options(meta_parser)
    meta_parser.set_defaults(handler=cmd_meta)

    clusters_parser = actions.add_parser(
        "clusters", help="B-cubed precision, recall and F1 of `summarizer cluster` on the suites' pages mixed",
        formatter_class=HelpFormatter, description=CLUSTERS_EPILOG,
    )
    clusters_parser.add_argument("--suite", action="append", default=[], metavar="NAME", dest="cluster_suites",
                                 help="a suite whose pages join the inbox (repeatable; default: all)")
    clusters_parser.add_argument("--sweep", action="store_true",
                                 help="also score every standout threshold from -0.5 to 1.5 in steps of 0.1")
    add_verbosity_options(clusters_parser)
    clusters_parser.set_defaults(handler=cmd_clusters)

    checker_parser = actions.add_parser(
        "checker", help="how well the brief's faithfulness check keeps faithful and rejects unfaithful renderings",
        formatter_class=HelpFormatter, description=CHECKER_DESCRIPTION,
        epilog=CHECKER_EPILOG,
    )
    checker_parser.add_argument("pairs", type=Path, metavar="PAIRS.jsonl",
                                help="labelled pairs, one JSON object a line")
    checker_parser.add_argument("--json", action="store_true", help="print the report as one JSON object")
    checker_parser.add_argument("--min-balanced", type=_unit_rate, metavar="X",
                                help="exit 1 when the balanced accuracy is below X (0-1)")
    checker_parser.add_argument("--min-kept", type=_unit_rate, metavar="X",
                                help="exit 1 when the rate of faithful pairs kept is below X (0-1)")
    checker_parser.add_argument("--min-rejected", type=_unit_rate, metavar="X",
                                help="exit 1 when the rate of unfaithful pairs rejected is below X (0-1) for any "
                                "kind (unfaithful pairs without a kind count as one kind)")
    add_verbosity_options(checker_parser)
    checker_parser.set_defaults(handler=cmd_checker)


def _unit_rate(value: str) -> float:
    """A --min-* threshold: a number from 0 to 1."""
    try:
        rate = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 <= rate <= 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 (a rate), got {value}")
    return rate


def cmd_eval(args: argparse.Namespace) -> int:
    from summarizer.eval import report, runs, suites
    from summarizer.llm.gateway import Gateway  # loads the model client: only when a run needs it

    try:
        if args.output:
            check_output(args.output)  # before the run, not after an hour of it
        cases = suites.select(suites.discover(), args.suite, args.case)
    except (EvalError, UnusableOutput) as error:
        log.error(str(error))
        return 2
    runnable = [c for c in cases if args.system != "pipeline-gold-records" or c.records is not None]
    for case in cases:
        if case not in runnable:
            log.warning(f"{case.id}: skipped, {args.system} needs gold records/")
    if not runnable:
        log.error(f"{args.system} applies to none of the selected cases")
        return 2
    with Gateway(model_config(args)) if args.system == "pipeline" else nullcontext() as gateway:
        try:
            record = runs.run(args.system, runnable, lang=args.lang, gateway=gateway, repeats=args.repeat)
        except EvalError as error:
            log.error(str(error))
            return 2
    output = args.output or runs.default_run_path(record)
    output.parent.mkdir(parents=True, exist_ok=True)
    write_text(output, record.model_dump_json(indent=2))
    print(report.markdown(report.run_report(record)), end="")
    log.info(f"wrote {output}")
    return 1 if record.totals.errors else 0


def cmd_compare(args: argparse.Namespace) -> int:
    from summarizer.eval import compare as comparing
    from summarizer.eval import report, runs
    try:
        for path in (args.md, args.html):
            if path:
                check_output(path, option="--md" if path is args.md else "--html")
        thresholds = comparing.parse_thresholds(args.threshold)
        base, new = runs.load_run(args.base), runs.load_run(args.new)
        labels = (args.base.name, args.new.name) if args.base.name != args.new.name else (str(args.base), str(args.new))
        comparison = comparing.compare(base, new, thresholds, labels=labels, allow_gold_change=args.allow_gold_change)
    except (EvalError, UnusableOutput) as error:
        log.error(str(error))
        return 2
    for warning in comparison.warnings:
        log.warning(f"WARNING: {warning}")
    outline = report.comparison_report(comparison)
    print(report.markdown(outline), end="")
    for path, text in ((args.md, report.markdown(outline)), (args.html, report.html_page(outline))):
        if path:
            write_text(path, text)
            log.info(f"wrote {path}")
    for delta in comparison.regressions:
        log.warning(f"regressed: {delta.suite}/{delta.case} {delta.metric} {delta.base} -> {delta.new}")
    missing = [] if args.allow_missing else comparison.only_in_base
    if missing:
        log.error(f"{args.new} lacks {len(missing)} case(s) {args.base} has ({', '.join(missing)}): nothing says "
                  "they did not regress; run them, or pass --allow-missing to judge the rest")
    return 1 if comparison.regressions or missing else 0


def cmd_score(args: argparse.Namespace) -> int:
    from summarizer.eval import report, runs, suites, systems
    try:
        if args.output:
            check_output(args.output)
        if args.refs:
            scores = _score_text(args.summary, args.refs)
        else:
            record = runs.score_brief(systems.read_brief(args.summary), suites.case_at(args.case), args.summary)
            scores = record.cases[0].metrics
            if args.output:
                write_text(args.output, record.model_dump_json(indent=2))
                log.info(f"wrote {args.output}")
    except (EvalError, UnusableOutput) as error:
        log.error(str(error))
        return 2
    if args.json or args.refs:
        print(json.dumps(scores, indent=2))
    else:
        print(report.markdown(report.run_report(record)), end="")
        for detail, items in record.cases[0].details.items():
            log.info(f"{detail}: " + "; ".join(items[:5]) + (f" (+{len(items) - 5} more)" if len(items) > 5 else ""))
    return 0


def _score_text(summary: Path, refs: list[Path]) -> dict[str, float | None]:
    """ROUGE and length of any text file against reference files."""
    from summarizer.eval.claims import Unit
    from summarizer.eval.scoring import rounded, text_metrics

    try:
        text = summary.read_text(encoding="utf-8")
        references = [p.read_text(encoding="utf-8") for p in refs]
    except (OSError, UnicodeDecodeError) as error:
        raise EvalError(f"cannot read: {error}") from error
    units = [Unit(line) for line in text.splitlines() if line.strip()]
    return rounded(text_metrics(units, references, DEFAULT_BUDGET_WORDS))


def cmd_meta(args: argparse.Namespace) -> int:
    from summarizer.eval import meta

    try:
        if args.md:
            check_output(args.md, option="--md")
        result = meta.run_meta()
    except (EvalError, UnusableOutput) as error:
        log.error(str(error))
        return 2
    text = meta.markdown(result)
    print(result.model_dump_json(indent=2) if args.json else text.rstrip("\n"))
    if args.md:
        write_text(args.md, text)
        log.info(f"wrote {args.md}")
    return 0


def cmd_clusters(args: argparse.Namespace) -> int:
    from summarizer.eval import suites
    from summarizer.eval import clusters
    from summarizer.stages.cluster import STANDOUT

    try:
        documents, gold = clusters.mixed_inbox(suites.select(suites.discover(), args.cluster_suites))
    except EvalError as error:
        log.error(str(error))
        return 2
    result = clusters.score_clusters(documents, gold)
    gold_of = {doc_id: events[0] for events in gold for doc_id in events}
    print(f"{len(documents)} pages, {len(gold)} gold events, {len(result.events)} found "
          f"(standout threshold {STANDOUT})")
    print(f"B-cubed precision {result.score.precision:.3f}  recall {result.score.recall:.3f}  "
          f"F1 {result.score.f1:.3f}")
    for event in result.events:
        mixture = Counter(gold_of[d] for d in event.doc_ids)
        print(f"- {len(event.doc_ids)} page(s), {event.place or '-'}, {event.date or '-'}: {event.label}")
        print("    gold: " + ", ".join(f"{n}× event of {first}" for first, n in mixture.most_common()))
    if args.sweep:
        print("threshold  precision  recall  F1")
        for step in range(-5, 16):
            score = clusters.score_clusters(documents, gold, step / 10).score
            print(f"{step / 10:9.1f}  {score.precision:9.3f}  {score.recall:6.3f}  {score.f1:.3f}")
    return 0


def cmd_checker(args: argparse.Namespace) -> int:
    from summarizer.eval import checker

    try:
        pairs = checker.load_pairs(args.pairs)
    except EvalError as error:
        log.error(str(error))
        return 2
    with console.progress("checking pairs", len(pairs)) as advance:
        result = checker.score(pairs, str(args.pairs), advance)
    print(checker.as_json(result) if args.json else checker.text(result, pairs))
    failures = checker.gate_failures(result, args.min_balanced, args.min_kept, args.min_rejected)
    for failure in failures:
        log.warning(failure)
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    """`python -m summarizer.eval.cli ...` = `summarizer eval ...`."""
    parser = argparse.ArgumentParser(prog="summarizer")
    add_eval_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["eval", *(sys.argv[1:] if argv is None else argv)])
    console.setup(verbosity(args))
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
