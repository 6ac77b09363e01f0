"""Load stage: files and folders in, decoded `Document`s out.

A file that cannot be read as text is reported with a one-line reason and skipped, so one bad
file never costs the rest of a run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from summarizer.models import Document

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm")
MAX_BYTES = 5_000_000  # a news page is tens of kilobytes; more is a dump, not an article
_ENCODINGS = ("utf-8-sig", "cp1256")


class LoadError(ValueError):
    """A file that is not a usable article; the message names the file and says why."""


@dataclass
class Loaded:
    documents: list[Document]
    errors: list[str]


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode UTF-8 (BOM or not), else Windows-1256 Arabic; refuse empty and binary data."""
    if not data.strip():
        raise LoadError(f"{name}: empty file")
    if b"\x00" in data[:8192]:
        raise LoadError(f"{name}: binary file (NUL bytes), not text")
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, encoding
    raise LoadError(f"{name}: not UTF-8 or Windows-1256 text")


def _looks_like_text(text: str) -> bool:
    """Reject decodings that are mostly control characters (binary that happens to decode)."""
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls <= len(text) // 100


def load_file(path: Path) -> Document:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise LoadError(f"{path}: {size:,} bytes is over the {MAX_BYTES:,}-byte limit for one article")
    text, encoding = decode(path.read_bytes(), str(path))
    return Document(doc_id=path.stem, path=str(path), encoding=encoding, text=text)


def expand(paths: list[Path]) -> list[Path]:
    """Files named directly, plus supported files inside folders (sorted, READMEs skipped)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and p.stem.upper() != "README"
            )
        else:
            files.append(path)
    return files


def load_paths(paths: list[Path]) -> Loaded:
    """Load everything under `paths`; unreadable files go to `errors`, never raise."""
    documents: list[Document] = []
    errors: list[str] = []
    seen: dict[str, str] = {}
    for path in expand(paths):
        try:
            if not path.exists():
                raise LoadError(f"{path}: no such file or folder")
            document = load_file(path)
        except (LoadError, OSError) as error:
            errors.append(str(error))
            continue
        if document.doc_id in seen:
            errors.append(f"{path}: doc_id {document.doc_id!r} already used by {seen[document.doc_id]}; skipped")
            continue
        seen[document.doc_id] = str(path)
        documents.append(document)
    return Loaded(documents, errors)
