"""`summarizer batch run|import`: a batch file of model requests (from --batch-out) run anywhere,
its answers filed in the response cache."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from summarizer.cli.options import MODEL_POINTER, HelpFormatter, add_model_options, add_verbosity_options, open_gateway

log = logging.getLogger("summarizer.cli")

BATCH_EPILOG = """
the three ways to run a batch file written by --batch-out:
  OpenAI Batch API   upload it (purpose "batch"), create a batch for /v1/chat/completions with a 24h
                     window, download the output file when it is done
  vLLM               vllm run-batch -i batch.jsonl -o results.jsonl --model MODEL   (on a GPU machine)
  summarizer         summarizer batch run batch.jsonl -o results.jsonl   (any OpenAI-compatible endpoint,
                     the embedded model by default)
Then `summarizer batch import results.jsonl` files the answers in the response cache, and the command
that wrote the batch, run again with the same model options, answers from the cache. The answers are
filed under the model options of the command that wrote the batch: run the batch with that model.

example (extract five pages on another machine):
  summarizer extract seeds/ -o records/ --batch-out batch.jsonl
  summarizer batch run batch.jsonl -o results.jsonl --base-url http://gpu-box:8000/v1 --model qwen2.5-7b
  summarizer batch import results.jsonl
  summarizer extract seeds/ -o records/            # no model call
A brief needs two rounds: the extraction requests, then (once they are answered) the brief's own.
"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    batch_parser = commands.add_parser(
        "batch", help="run an OpenAI batch file (from --batch-out) and import its results into the cache",
        formatter_class=HelpFormatter,
        description="`extract` and `brief` with --batch-out FILE.jsonl write the model requests the cache cannot "
        "answer as an OpenAI Batch API file and call no model. `batch run` runs such a file; `batch import` "
        "stores the results in the response cache.",
        epilog=BATCH_EPILOG,
    )
    add_verbosity_options(batch_parser)
    batch_commands = batch_parser.add_subparsers(dest="batch_command", required=True, metavar="{run,import}")
    run_parser = batch_commands.add_parser(
        "run", help="send every request of a batch file to an endpoint; write the results",
        formatter_class=HelpFormatter,
        description="Send every request of FILE.jsonl (OpenAI Batch API input format) to any OpenAI-compatible "
        "endpoint, the embedded model by default, --concurrency at a time, and write the answers to "
        "RESULTS.jsonl in the Batch API's output format (as OpenAI and `vllm run-batch` write it). Each "
        "result is added as it arrives, so after Ctrl-C or a dead endpoint RESULTS.jsonl holds every "
        "finished one. RESULTS.jsonl is added to, never truncated: a request it already answers is not sent "
        "again, so the same command after a failure goes on where it stopped. The model named in the file is "
        "replaced by this command's.",
        epilog="examples:\n  summarizer batch run batch.jsonl -o results.jsonl\n"
        "  summarizer batch run batch.jsonl -o results.jsonl --base-url http://127.0.0.1:8000/v1 --model M "
        "--concurrency 8\n"
        "exit status: 0 every request answered, 1 some failed (their lines carry the error), 2 the endpoint\n"
        "             or the file could not be used, 130 Ctrl-C\n" + MODEL_POINTER,
    )
    run_parser.add_argument("file", type=Path, metavar="FILE.jsonl", help="the batch file")
    run_parser.add_argument("-o", "--output", type=Path, required=True, metavar="RESULTS.jsonl",
                            help="where the results go (added to; requests it already answers are kept, not sent)")
    add_model_options(run_parser)
    add_verbosity_options(run_parser)
    run_parser.set_defaults(handler=run_file)
    import_parser = batch_commands.add_parser(
        "import", help="store the answers of a batch results file in the response cache",
        formatter_class=HelpFormatter,
        description="Store every answer of RESULTS.jsonl (OpenAI batch output format: OpenAI's Batch API, `vllm "
        "run-batch` or `summarizer batch run`) in the response cache, matched to its request by custom_id and "
        "checked against the request's answer schema as a live answer is. A line that cannot be stored (an "
        "error result, an unknown custom_id, an answer that does not fit) is reported with its number; the "
        "next run asks the model again for those requests (or writes them to the next batch).",
        epilog="example:\n  summarizer batch import results.jsonl\n"
        "exit status: 0 every line stored, 1 some line could not be stored, 2 the file cannot be read",
    )
    import_parser.add_argument("results", type=Path, metavar="RESULTS.jsonl", help="the batch results file")
    add_verbosity_options(import_parser)
    import_parser.set_defaults(handler=import_file)


def run_file(args: argparse.Namespace) -> int:
    from summarizer.llm import batch

    with open_gateway(args) as gateway:
        try:
            report = batch.run(args.file, args.output, gateway)
        except KeyboardInterrupt:
            log.warning(f"interrupted: the results received so far are in {args.output}")
            return 130
    usage = report.usage
    log.info(f"{report.answered} answered, {report.failed} failed: {usage.calls} model call(s), {usage.prompt_tokens} "
             f"prompt + {usage.completion_tokens} completion tokens, {usage.seconds:.0f}s in model calls")
    log.info(f"wrote {args.output}; next: summarizer batch import {args.output}")
    return 1 if report.failed else 0


def import_file(args: argparse.Namespace) -> int:
    from summarizer.llm import batch, calllog

    calls = calllog.CallLog(calllog.default_path())
    try:
        report = batch.import_results(args.results, calls)
    finally:
        calls.close()
    for error in report.errors:
        log.warning(error)
    log.info(f"stored {report.stored} answer(s) in the response cache"
             + (f"; {report.already_cached} were there already" if report.already_cached else "")
             + (f"; {len(report.errors)} line(s) failed" if report.errors else ""))
    return 1 if report.errors else 0
