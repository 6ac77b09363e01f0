"""Command line: `summarizer extract|brief|cluster|daily|eval|batch|logs`, and exit statuses.

Each command's parser sits beside its handler in a module of its own (`summarizer.cli.extract`…);
this one builds the top-level parser, runs the command and turns what stopped it into an exit
status. Building the parser loads no model client: `summarizer --help` answers at once.

Output goes to stdout or -o (written whole or not at all); progress and errors to stderr.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from summarizer import __version__, console
from summarizer.cli import batch, brief, cluster, daily, extract, logs
from summarizer.cli.options import EPILOG_MODEL, HelpFormatter, add_verbosity_options, verbosity
from summarizer.cli.output import UnusableOutput, check_output, write_text
from summarizer.eval import cli as eval_cli
from summarizer.llm.deferral import BatchReady, BatchRequest
from summarizer.llm.embedded import EmbeddedModelError
from summarizer.llm.errors import BatchFileError, DeadlineReached, GatewayError, RunStopped
from summarizer.stages import RecordsError

log = logging.getLogger("summarizer.cli")  # not __name__: under `python -m` that is __main__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summarizer",
        description="Cited cross-source briefs from piles of scraped news articles (Arabic first).",
        formatter_class=HelpFormatter,
        epilog="examples:\n  summarizer extract seeds/\n  summarizer extract seeds/ -o records/\n"
        "  summarizer brief seeds/ --format html -o brief.html\n"
        "  summarizer logs -n 5\n"
        + EPILOG_MODEL,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_verbosity_options(parser)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in (extract, brief, cluster, daily):
        command.add_parser(commands)
    eval_cli.add_eval_parser(commands)
    batch.add_parser(commands)
    logs.add_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; exit status 0 good, 1 some input failed, 2 the run could not go on, 130 Ctrl-C."""
    args = build_parser().parse_args(argv)
    console.setup(verbosity(args))
    try:
        if getattr(args, "batch_out", None):
            check_output(args.batch_out, option="--batch-out")  # before any work, not after it
        status = args.handler(args)
    except BatchReady as ready:  # --batch-out: the requests are this run's output
        write_batch(args.batch_out, ready.requests)
        return 0
    except KeyboardInterrupt:
        log.warning("interrupted: no output written; answers received so far are cached")
        return 130
    except BrokenPipeError:  # `| head` has what it wanted: nothing more to say, and nowhere to say it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except RunStopped as error:  # a dead endpoint, the deadline, no usable model: one line, once
        resume = "; answers so far are cached: run again to go on" if isinstance(error, DeadlineReached) else ""
        log.error(f"{error}{resume}")
        return 2
    except (GatewayError, EmbeddedModelError, FileNotFoundError, RecordsError, UnusableOutput, BatchFileError) as error:
        log.error(str(error))
        return 2
    if getattr(args, "batch_out", None):
        write_batch(args.batch_out, [])
    return status


def write_batch(path: Path, requests: list[BatchRequest]) -> None:
    """The batch file of a --batch-out run, and what to do with it; empty when the cache answered all."""
    from summarizer.llm import batch as batch_file

    write_text(path, batch_file.jsonl(requests))
    if not requests:
        log.info(f"every model request was answered from the cache: {path} is empty")
    for line in batch_file.next_steps(path, len(requests)) if requests else []:
        log.info(line)


if __name__ == "__main__":
    sys.exit(main())
