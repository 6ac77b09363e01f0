"""What a user sees on stderr: the application's log lines, their verbosity, and progress bars.

Every module logs to `logging.getLogger(__name__)`, a child of the "summarizer" logger; only the
command line calls `setup`, once per run. Lines read "summarizer: message" ("summarizer: error:
message" for errors; control characters in them escaped), at INFO by default, WARNING and above with -q, DEBUG with -v (every model
call, retry and cache hit). `progress` draws a rich progress bar at the foot of a terminal, below
the log lines; on anything else (a pipe, a file, CI) the log lines are all there is.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

APP = "summarizer"
LEVELS = {"quiet": logging.WARNING, "normal": logging.INFO, "verbose": logging.DEBUG}

_bar: Progress | None = None  # the bar on screen, shared by nested `progress` blocks


class _CurrentStderr(logging.StreamHandler):
    """A stream handler that writes to whatever `sys.stderr` is when a line is logged: the
    progress bar's proxy (which prints above the bar) or a test's capture."""

    def __init__(self):
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


# Characters that would let a file name or a server's text move the cursor, recolour or reorder the
# terminal, or start a line of its own (a forged "summarizer: error:"): C0 and C1 controls but tab,
# the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), and the lone
# surrogates a file name that is not UTF-8 decodes to (UTF-8 cannot print them).
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` with every character that could take over the terminal written as an escape (\\x1b, \\u202e)."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def shown(value: object) -> object:
    """A value a Jinja template prints (its `finalize`): text as `printable` writes it, but line by
    line, as a passage's lines are laid out (\r\n read as \n). Markup is what a macro of the
    template made: the values in it were shown already."""
    from markupsafe import Markup

    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return "\n".join(map(printable, value.replace("\r\n", "\n").split("\n")))


class _Prefixed(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        prefix = f"{APP}: error: " if record.levelno >= logging.ERROR else f"{APP}: "
        return prefix + printable(super().format(record))


def setup(verbosity: str = "normal") -> None:
    """Send the application's log lines to stderr at `verbosity` (quiet, normal or verbose)."""
    logger = logging.getLogger(APP)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    handler = _CurrentStderr()
    handler.setFormatter(_Prefixed())
    logger.addHandler(handler)
    logger.setLevel(LEVELS[verbosity])
    logger.propagate = False


@contextmanager
def progress(description: str, total: int) -> Iterator[Callable[[], None]]:
    """A bar of `total` steps while the block runs, on a terminal at normal verbosity; yields
    `advance()`, to call once per step. Elsewhere `advance` does nothing: the caller's log lines
    say how far the work is."""
    global _bar
    console = Console(stderr=True)
    if not console.is_terminal or not logging.getLogger(APP).isEnabledFor(logging.INFO):
        yield lambda: None
        return
    outer = _bar is None
    if outer:
        _bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        TextColumn("left"), TimeRemainingColumn(), console=console, transient=True,
                        redirect_stdout=False)  # stdout may be the brief, piped to a file
        _bar.start()
    bar = _bar
    task = bar.add_task(description, total=total)
    try:
        yield lambda: bar.advance(task)
    finally:
        bar.remove_task(task)
        if outer:
            bar.stop()
            _bar = None
