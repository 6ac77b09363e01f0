"""Load stage: files and folders in, decoded `Document`s out.

The encoding is UTF-8 when the bytes are valid UTF-8, else what charset-normalizer finds among
UTF-16/UTF-32 (with a BOM), Windows-1256 and ISO-8859-6 (Arabic) and Windows-1252 (Latin-1:
Spanish, German, French…). An HTML page is parsed (lxml, through html-text) into the text a
browser shows: entities decoded, scripts, styles, the head, navigation, asides and footers
dropped, one line per block. Invisible and bidi control characters are removed. `Document.text`
is the result: every offset in the project points into it, and `Document.path` is the file.

A file that cannot be read as text is reported with a one-line reason and skipped, so one bad
file never costs the rest of a run. A large inbox can be read in several processes
(`load_paths(..., read=..., workers=...)`), each file to whatever its reader keeps of it.
"""

from __future__ import annotations

import dataclasses
import errno
import functools
import os
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import html_text
import lxml.etree
import lxml.html
from charset_normalizer import from_bytes

from summarizer.lang.arabic import strip_invisible
from pydantic import BaseModel

from summarizer.models import Document

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
MAX_BYTES = 5_000_000  # a news page is tens of kilobytes; more is a dump, not an article
# Below this many files a process pool costs more to start than it saves.
MIN_FILES_PER_WORKER = 500
MAX_WORKERS = 61  # the most a process pool may have on Windows
FILES_PER_TASK = 200  # files a worker reads per round trip
PARENT_CHECK_SECONDS = 0.5  # how soon a reader process notices its parent is gone
# What charset-normalizer may choose when the bytes are not UTF-8: a wider choice lets it read
# Latin-1 Spanish as Central European ("Mańana").
LEGACY_ENCODINGS = ("utf_16", "utf_32", "cp1256", "iso8859_6", "cp1252")
# Elements whose text is not the article: html-text already drops scripts, styles and comments.
_NOT_ARTICLE = "//head | //nav | //footer | //aside | //template | //noscript"


class LoadError(ValueError):
    """A file that is not a usable article; the message names the file and says why."""


T = TypeVar("T")


@dataclass
class Loaded(Generic[T]):
    documents: list[T]
    errors: list[str]


def decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding) of `data`, see the module docstring; refuse empty, binary and NUL-bearing data."""
    if not data.strip():
        raise LoadError(f"{name}: empty file")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        best = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
        if best is None:
            raise LoadError(f"{name}: binary or unknown encoding (not UTF-8, UTF-16 with a BOM, "
                            "Windows-1256, ISO-8859-6 or Latin-1 text)") from None
        text, encoding = str(best), best.encoding
    if (at := text.find("\x00")) >= 0:
        raise LoadError(f"{name}: binary file (a NUL character at offset {at:,}), not text")
    if not _looks_like_text(text):
        raise LoadError(f"{name}: binary file (mostly control characters), not text")
    return text, encoding


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # control characters but \t \n \f \r


def _looks_like_text(text: str) -> bool:
    """Reject decodings that are mostly control characters (binary that happens to decode)."""
    return len(_CONTROL.findall(text)) <= len(text) // 100


# Control characters are no text a reader sees, and a page's ESC sequences would reach the terminal
# with its brief: other systems' line breaks (\r alone, \v, \f) become \n, C1 controls become the
# Windows-1252 punctuation they are when Latin-1 decoding read it ("don\x92t" is "don’t"), and the
# rest goes. \t, \n and the \r of \r\n stay.
_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # most pages have none (a \r\n page looks twice)
_LINE_BREAK = re.compile(r"\r(?!\n)|[\x0b\x0c]")
_OTHER_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_C1_AS_WINDOWS_1252 = {code: bytes([code]).decode("cp1252", errors="ignore") or None for code in range(0x80, 0xA0)}


def without_controls(text: str) -> str:
    if not _ANY_CONTROL.search(text):
        return text
    return _OTHER_CONTROL.sub("", _LINE_BREAK.sub("\n", text)).translate(_C1_AS_WINDOWS_1252)


# html_text's parser, but reading markup nested deeper than 255 levels (libxml2's default limit, past
# which the rest of a page was silently lost) up to its huge-tree limit of 2,048.
_HTML_PARSER = lxml.html.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)


def page_text(html: str) -> str:
    """The text of an HTML page as a browser lays it out, without what is not the article."""
    tree = lxml.etree.fromstring(html.strip().encode("utf-8") or b"<html/>", parser=_HTML_PARSER)
    if tree is None:  # nothing lxml could make a tree of
        return ""
    for element in tree.xpath(_NOT_ARTICLE):
        element.drop_tree()
    return html_text.extract_text(tree, guess_layout=True)


def load_file(path: Path) -> Document:
    if not path.is_file():  # a FIFO blocks and /dev/zero never ends: only a regular file has an end
        raise LoadError(f"{path}: not a regular file (a pipe, socket or device); only files are read")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise LoadError(f"{path}: {size:,} bytes is over the {MAX_BYTES:,}-byte limit for one article")
    text, encoding = decode(path.read_bytes(), str(path))
    if path.suffix.lower() in HTML_SUFFIXES:
        text = page_text(text)
    text = without_controls(strip_invisible(text))
    if not text.strip():
        raise LoadError(f"{path}: no text" + (" outside markup and scripts" if path.suffix.lower() in HTML_SUFFIXES else ""))
    return Document(doc_id=path.stem, path=str(path), encoding=encoding, text=text)


def expand(paths: list[Path], errors: list[str] | None = None) -> list[Path]:
    """Files named directly, plus supported files inside folders (sorted, READMEs skipped); a pipe
    or device with a page's name is listed too, so `load_file` reports it instead of passing it over.
    A folder linked into a folder is read too, once; a link to a folder that holds it (or holds the
    folder named) is not followed, and it and a folder that cannot be listed go to `errors`, one line each."""
    files: list[Path] = []
    said: list[str] = errors if errors is not None else []

    def say(line: str) -> None:
        if line not in said:  # a folder named twice ("inbox inbox/") says it once
            said.append(line)

    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found: list[str] = []
        root = os.path.realpath(path)
        walked = {root}  # real paths of the folders listed or to be
        for folder, subfolders, names in os.walk(path, followlinks=True,
                                                 onerror=lambda e: say(f"{e.filename}: folder not read ({e.strerror})")):
            followed = []
            here = os.path.realpath(folder)
            for name in sorted(subfolders):
                real = os.path.realpath(os.path.join(folder, name))
                if real in (os.path.commonpath([real, root]), os.path.commonpath([real, here])):  # holds either
                    say(f"{os.path.join(folder, name)}: a link to a folder that holds it, not followed")
                elif real not in walked:
                    walked.add(real)
                    followed.append(name)
            subfolders[:] = followed
            found += (os.path.join(folder, name) for name in names if _is_page_name(name))
        files.extend(Path(name) for name in sorted(found, key=lambda name: name.split(os.sep)))  # as Paths sort
    return files


def _is_page_name(name: str) -> bool:
    """A name with a page's suffix, as `Path(name).suffix` has it ("..txt" has one, ".txt" none;
    `os.path.splitext` says neither has), not a README; without a Path: 0.45 s of 100,000 names."""
    dot = name.rfind(".")
    stem, suffix = (name[:dot], name[dot:]) if 0 < dot < len(name) - 1 else (name, "")
    return suffix.lower() in SUPPORTED_SUFFIXES and stem.upper() != "README"


def _unique_id(path: Path, seen: dict[str, str]) -> str:
    """A page whose name another page already has (ar/M0000.txt and en/M0000.txt, a translation
    and its original; two outlets' index.html) is named with the folder that tells the two apart:
    "multiling2011_en_dev-M0000" for .../multiling2011_en_dev/M000/docs/M0000.txt."""
    first = Path(seen[path.stem]).resolve().parent.parts
    mine = path.resolve().parent.parts
    differing = next((folder for k, folder in enumerate(reversed(mine), 1)
                      if k > len(first) or first[-k] != folder), mine[-1] if mine else "page")
    candidate = f"{differing}-{path.stem}"
    return candidate if candidate not in seen else f"{candidate}-{len(seen) + 1}"


def load_paths(paths: list[Path], read: Callable[[Path], T] = load_file, workers: int = 1) -> Loaded[T]:
    """Load everything under `paths`, each file by `read` (a `Document`, or what a stage keeps of one:
    it must have a `doc_id`), in up to `workers` processes and in order; unreadable files go to
    `errors`, never raise."""
    files: list[Path] = []
    read_paths: set[str] = set()  # resolved paths
    errors: list[str] = []
    folders: dict[str, str] = {}  # resolved folders
    for path in expand(paths, errors):
        try:
            resolved = _resolved(path, folders)
        except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop, before Python 3.13
            loop = isinstance(error, RuntimeError) or error.errno == errno.ELOOP
            errors.append(f"{path}: a symbolic link that leads back to itself" if loop else f"{path}: {error.strerror}")
            continue
        if resolved not in read_paths:  # the same file named twice ("seeds/ seeds/000.txt"): read once
            read_paths.add(resolved)
            files.append(path)
    attempt = functools.partial(_attempt, read)
    workers = min(workers, len(files) // MIN_FILES_PER_WORKER, MAX_WORKERS)
    if workers > 1:
        with ProcessPoolExecutor(workers, initializer=_end_with, initargs=(os.getpid(),)) as pool:
            results = list(pool.map(attempt, files, chunksize=FILES_PER_TASK))
    else:
        results = [attempt(path) for path in files]
    documents: list[T] = []
    seen: dict[str, str] = {}  # doc_id -> path
    for path, result in zip(files, results):
        if isinstance(result, str):
            errors.append(result)
            continue
        if result.doc_id in seen:
            result = _renamed(result, _unique_id(path, seen))
        seen[result.doc_id] = str(path)
        documents.append(result)
    return Loaded(documents, errors)


def _resolved(path: Path, folders: dict[str, str]) -> str:
    """`str(path.resolve())`, each folder resolved once (`folders`): a folder of 100,000 pages took
    1.6 s resolving each page, 0.4 s this way. Only a link, or a name ending in "..", is resolved whole."""
    folder, name = os.path.split(path)
    if name == ".." or os.path.islink(path):
        return str(path.resolve())
    if folder not in folders:
        folders[folder] = str(Path(folder).resolve())
    return os.path.join(folders[folder], name)


def _attempt(read: Callable[[Path], T], path: Path) -> T | str:
    """What `read` makes of the file, or the one-line reason it cannot (a file that breaks a
    stage's reading of it, a ValueError, is one bad file too)."""
    try:
        if not path.exists():
            raise LoadError(f"{path}: no such file or folder")
        return read(path)
    except LoadError as error:
        return str(error)
    except OSError as error:
        return f"{path}: {error.strerror or error}"
    except ValueError as error:
        return f"{path}: could not be read ({type(error).__name__}: {' '.join(str(error).split())})"


def _end_with(parent: int) -> None:
    """In a reader process: end when `parent` does, killed or not (a killed parent cannot say so,
    and a reader left waiting would hold its caller's pipes open)."""
    threading.Thread(target=_wait_for_end, args=(parent,), daemon=True).start()


def _wait_for_end(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def available_cores() -> int:
    """The cores this process may run on: a container's or `taskset`'s share, not the machine's."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _renamed(item: T, doc_id: str) -> T:
    return item.model_copy(update={"doc_id": doc_id}) if isinstance(item, BaseModel) else dataclasses.replace(item, doc_id=doc_id)
