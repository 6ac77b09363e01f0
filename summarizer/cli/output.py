"""What every command does with its inputs and outputs: the paths it reads, an -o it checks before
any work, and files written whole or not at all."""

from __future__ import annotations

import argparse
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from summarizer.models import CleanDocument, Extraction, Usage
    from summarizer.stages.load import Loaded

T = TypeVar("T")

log = logging.getLogger("summarizer.cli")


def add_paths_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="article files (.txt .md .html) or folders of them")


def load_clean(paths: list[Path]) -> tuple[list[CleanDocument], list[str]]:
    """Load and clean; load errors (and finding no article at all) are printed at once, and the
    errors returned so the exit code can say so."""
    from summarizer.stages.clean import clean
    from summarizer.stages.load import load_paths

    loaded = reported(load_paths(paths), paths)
    return [clean(document) for document in loaded.documents], loaded.errors


def reported(loaded: Loaded[T], paths: list[Path]) -> Loaded[T]:
    """`loaded`, its load errors (and finding no article at all) printed as warnings."""
    for error in loaded.errors:
        log.warning(f"skipped {error}")
    if not loaded.documents:
        log.warning("no readable articles in " + " ".join(map(str, paths)))
    return loaded


def read_records(folder: Path, documents: list[CleanDocument]) -> list:
    """Saved records (`extract -o`), checked against their pages before any model call (a bad
    file costs nothing); each record that cannot be used is a warning."""
    from summarizer.stages.pipeline import load_records

    records, warnings = load_records(folder, documents)
    for warning in warnings:
        log.warning(warning)
    return records


def total_usage(results: list[Extraction]) -> Usage:
    from summarizer.models import Usage

    usage = Usage()
    for result in results:
        usage = usage.add(result.usage)
    return usage


def numbered(path: Path, count: int) -> list[Path]:
    """brief.md, or brief-1.md, brief-2.md … when there is one brief per event."""
    if count == 1:
        return [path]
    return [path.with_name(f"{path.stem}-{i}{path.suffix}") for i in range(1, count + 1)]


class UnusableOutput(ValueError):
    """An -o that cannot be written; the message names it and says why, on one line."""


def check_output(path: Path, folder: bool = False, option: str = "-o", reading: Sequence[Path] = ()) -> None:
    """Make sure -o (or `option`) can be written before any work is done: a file name that is not
    a folder in a folder we may write to, or (`folder`) a folder, created if need be, we may write to;
    never one of the pages the command reads (`reading`: the PATH arguments), which it would overwrite."""
    from summarizer.stages.load import expand  # the loader is only imported when a command runs

    if path.exists() and not folder and path.resolve() in {p.resolve() for p in expand(list(reading))}:
        raise UnusableOutput(f"{option} {path}: is one of the pages this command reads; give another name")
    if folder:
        if path.exists() and not path.is_dir():
            raise UnusableOutput(f"{option} {path}: is a file; give a folder, or a name ending in .json")
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UnusableOutput(f"{option} {path}: cannot create this folder ({error.strerror})") from None
        where = path
    else:
        if path.is_dir():
            raise UnusableOutput(f"{option} {path}: is a folder; give a file name")
        where = path.parent
    try:
        with tempfile.TemporaryFile(dir=where):
            pass
    except OSError as error:
        raise UnusableOutput(f"{option} {path}: cannot write there ({error.strerror})") from None


def write_text(path: Path, text: str) -> None:
    """Write `path` whole or not at all (a temporary file renamed over it): Ctrl-C or a full disk
    never leaves half a file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:  # a full disk: what was there before stays
        raise UnusableOutput(f"{path}: cannot write ({error.strerror}); nothing was written") from None
    finally:
        temporary.unlink(missing_ok=True)
