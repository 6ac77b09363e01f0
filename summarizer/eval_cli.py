"""Command line of the eval harness: `summarizer eval`, `eval compare`, `eval score`.

Wired into `summarizer.cli.build_parser` with `eval_cli.add_eval_parser(commands)`. Each module
imports the other as a module (`from summarizer import cli`), never names from it, so the
circular import also works under `python -m summarizer.cli`.
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import nullcontext
from pathlib import Path

from summarizer import cli
from summarizer import evaluate
from summarizer.evaluate import EvalError
from summarizer.gateway import Gateway

RUN_EPILOG = f"""
systems:
  pipeline               extract every page through the model, group, merge, write prose (needs a model;
                         the embedded default takes about an hour of CPU for all suites)
  pipeline-gold-records  group and merge from the case's gold records/: no model call at all, so it
                         measures the deterministic stages alone; runs only on cases with records/
  lead, centroid         no-LLM baselines (first sentences; centroid + MMR), 250 words

output:
  stdout   a table: one row per metric, one column per case and per suite mean (– = no gold for it)
  stderr   one progress line per case
  -o FILE  the run record (JSON); default evals/runs/<suite>-<system>-<UTC time>.json, with the
           suites joined by '+' and '-en' added for English briefs
The metrics are documented in summarizer/evaluate.py.

examples:
  summarizer eval --suite seeds --system lead
  summarizer eval --system pipeline -o evals/runs/before.json      # edit a prompt, then:
  summarizer eval --system pipeline -o evals/runs/after.json
  summarizer eval compare evals/runs/before.json evals/runs/after.json --html diff.html

exit status: 0 every case ran, 1 some case failed (recorded in the run), 2 bad input
"""

COMPARE_EPILOG = """
A metric regresses when it moves the wrong way by more than its threshold: by default a drop of
more than 0.02 for scores, any increase of citation_leakage, text_leakage or term_leakage, and never
for length_words. A metric the base run measured and the new run did not (a failed case) regresses too.

examples:
  summarizer eval compare evals/runs/seeds-lead.json evals/runs/new.json
  summarizer eval compare old.json new.json --threshold rouge2=0.01 --threshold key_fact_recall=0
  summarizer eval compare old.json new.json --md diff.md --html diff.html

exit status: 0 no regression, 1 something regressed past its threshold, 2 bad input
"""

SCORE_EPILOG = """
Scores any system's output the way a run scores a summary: ROUGE-1/2/L F1 (Arabic-aware
tokens, mean over the references) and length in words, printed as JSON.

example:
  summarizer eval score my_summary.txt --refs evals/suites/multiling2011_ar_dev/M000/refs/*.txt
"""


def add_eval_parser(commands: argparse._SubParsersAction) -> None:
    """Register `eval` (with `compare` and `score` under it) on the main parser's subcommands."""
    parser = commands.add_parser(
        "eval", help="score a system on the gold suites; compare two runs",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Run a system on the gold suites under evals/suites/ and record every metric, per case, "
        "with the code version, prompt hashes and model. `eval compare` shows what got better or worse.",
        epilog=RUN_EPILOG + cli.EPILOG_MODEL,
    )
    parser.add_argument("--suite", action="append", default=[], metavar="NAME",
                        help="a suite folder name under evals/suites/ (repeatable; default: all)")
    parser.add_argument("--case", action="append", default=[], metavar="NAME",
                        help="only this case of the selected suites (repeatable)")
    parser.add_argument("--system", choices=evaluate.SYSTEMS, default="pipeline", help="what to run (default pipeline)")
    parser.add_argument("--lang", choices=("ar", "en"), default="ar",
                        help="language of the briefs' own sentences (default ar: the references are Arabic)")
    parser.add_argument("-o", "--output", type=Path, help="where to write the run record (see below)")
    cli.add_model_options(parser)
    parser.set_defaults(handler=cmd_eval)
    actions = parser.add_subparsers(dest="eval_command", metavar="{compare,score}")

    compare_parser = actions.add_parser(
        "compare", help="per metric and case, what got better or worse between two runs",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Compare two run records and print per metric and per case the change; write Markdown "
        "and HTML reports on request. Exits 1 when something regressed past its threshold.",
        epilog=COMPARE_EPILOG,
    )
    compare_parser.add_argument("base", type=Path, metavar="BASE", help="the run record before the change")
    compare_parser.add_argument("new", type=Path, metavar="NEW", help="the run record after the change")
    compare_parser.add_argument("--threshold", action="append", default=[], metavar="METRIC=VALUE",
                                help="allowed worsening of one metric before it counts as a regression (repeatable)")
    compare_parser.add_argument("--md", type=Path, metavar="FILE", help="write the report as Markdown")
    compare_parser.add_argument("--html", type=Path, metavar="FILE",
                                help="write the report as one self-contained HTML page")
    compare_parser.set_defaults(handler=cmd_compare)

    score_parser = actions.add_parser(
        "score", help="ROUGE and length of any summary file against reference files",
        formatter_class=argparse.RawDescriptionHelpFormatter, description=SCORE_EPILOG,
    )
    score_parser.add_argument("summary", type=Path, metavar="SUMMARY", help="the summary to score (text or Markdown)")
    score_parser.add_argument("--refs", type=Path, nargs="+", required=True, metavar="REF", help="reference summaries")
    score_parser.set_defaults(handler=cmd_score)


def cmd_eval(args: argparse.Namespace) -> int:
    try:
        cases = evaluate.select(evaluate.discover(), args.suite, args.case)
    except EvalError as error:
        cli.say(f"error: {error}")
        return 2
    for case in cases:
        if not evaluate.applicable(args.system, case):
            cli.say(f"{case.id}: skipped, {args.system} needs gold records/")
    if not any(evaluate.applicable(args.system, case) for case in cases):
        cli.say(f"error: {args.system} applies to none of the selected cases")
        return 2
    uses_model = args.system == "pipeline"
    with Gateway(cli.model_config(args)) if uses_model else nullcontext() as gateway:
        try:
            record = evaluate.run(args.system, cases, lang=args.lang, gateway=gateway,
                                  extract=cli.run_extraction, say=cli.say)
        except EvalError as error:
            cli.say(f"error: {error}")
            return 2
    output = args.output or evaluate.default_run_path(record)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(record.model_dump_json(indent=2), encoding="utf-8")
    print(evaluate.markdown(evaluate.run_report(record)), end="")
    cli.say(f"wrote {output}")
    return 1 if record.totals.errors else 0


def cmd_compare(args: argparse.Namespace) -> int:
    try:
        thresholds = evaluate.parse_thresholds(args.threshold)
        base, new = evaluate.load_run(args.base), evaluate.load_run(args.new)
    except EvalError as error:
        cli.say(f"error: {error}")
        return 2
    labels = (args.base.name, args.new.name) if args.base.name != args.new.name else (str(args.base), str(args.new))
    comparison = evaluate.compare(base, new, thresholds, labels=labels)
    report = evaluate.comparison_report(comparison)
    print(evaluate.markdown(report), end="")
    for path, text in ((args.md, evaluate.markdown(report)), (args.html, evaluate.html_page(report))):
        if path:
            path.write_text(text, encoding="utf-8")
            cli.say(f"wrote {path}")
    for delta in comparison.regressions:
        cli.say(f"regressed: {delta.suite}/{delta.case} {delta.metric} {delta.base} -> {delta.new}")
    return 1 if comparison.regressions else 0


def cmd_score(args: argparse.Namespace) -> int:
    try:
        scores = evaluate.score_files(args.summary, args.refs)
    except OSError as error:
        cli.say(f"error: {error}")
        return 2
    print(json.dumps(scores, indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python -m summarizer.eval_cli ...` = `summarizer eval ...`, usable before cli.py wires it in."""
    parser = argparse.ArgumentParser(prog="summarizer")
    add_eval_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["eval", *(sys.argv[1:] if argv is None else argv)])
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
