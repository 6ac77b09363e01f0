"""calls.sqlite: the log of every model call attempt, which doubles as the response cache.

The schema is made by named migrations (sqlite-utils' `Migrations`, formerly the sqlite-migrate
package, as Simon Willison's `llm` does it): each runs once per database, in order, recorded in
`_sqlite_migrations`, so a database written by an older version is upgraded in place when it is
opened and keeps its rows. Add a new migration at the end; never edit one that has shipped.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database, Migrations

from summarizer.llm import embedded
from summarizer.llm.errors import CacheUnusable
from summarizer.models import Usage

log = logging.getLogger(__name__)

MIGRATIONS = Migrations("summarizer")


def default_path() -> Path:
    return embedded.cache_dir() / "calls.sqlite"


def _add_missing_columns(table, columns: dict[str, tuple[type, object]]) -> None:
    """Add each (type, not-null default) column the table lacks: databases written before the
    migrations existed may already have some."""
    for name, (kind, default) in columns.items():
        if name not in table.columns_dict:
            table.add_column(name, kind, not_null_default=default)


@MIGRATIONS()
def m001_calls(db: Database) -> None:
    """The call log as the first versions wrote it: one row per HTTP attempt, `key` the cache key."""
    db["calls"].create({
        "id": int, "key": str, "created": str, "model": str, "prompt": str, "prompt_hash": str,
        "request": str, "response": str, "error": str, "prompt_tokens": int, "completion_tokens": int,
        "seconds": float,
    }, pk="id", not_null={"key", "created"}, if_not_exists=True)
    db["calls"].create_index(["key"], index_name="calls_key", if_not_exists=True)


@MIGRATIONS()
def m002_attempt_and_truncated(db: Database) -> None:
    """`attempt` numbers the requests of one call; `truncated` marks an answer cut at max_tokens."""
    _add_missing_columns(db["calls"], {"attempt": (int, None), "truncated": (int, 0)})


@MIGRATIONS()
def m003_cache_hits(db: Database) -> None:
    """Answers served from the cache are logged too (`cached` = 1, no request or response)."""
    _add_missing_columns(db["calls"], {"cached": (int, 0)})


@MIGRATIONS()
def m004_batches(db: Database) -> None:
    """Requests written to batch files (`--batch-out`), so `batch import` can match answers to them by
    `custom_id`; an answer imported from a batch result keeps its `custom_id` in the log."""
    db["batch_requests"].create({
        "custom_id": str, "key": str, "created": str, "model": str, "prompt": str, "prompt_hash": str,
        "response_model": str, "max_tokens": int, "request": str,
    }, pk="custom_id", not_null={"key", "response_model"}, if_not_exists=True)
    _add_missing_columns(db["calls"], {"custom_id": (str, None)})


@dataclass
class Cached:
    response: dict
    truncated: bool


# Columns `recent` returns, in the order `summarizer logs` shows them.
LOG_COLUMNS = ("id", "created", "prompt", "prompt_hash", "model", "prompt_tokens", "completion_tokens", "seconds",
               "cached", "attempt", "truncated", "error", "custom_id")


class CallLog:
    """calls.sqlite, open for the run; safe to share between threads.

    One row per HTTP attempt: `attempt` numbers them within a call (rows of one call share
    `key`), `error` says why a failed one failed, the tokens are that attempt's, `truncated`
    marks an answer cut at max_tokens and salvaged. Rows of `Gateway.structured` calls with an
    answer and no error are the cache (an answer imported from a batch result is one of them); a
    cache hit adds a row with `cached` = 1 and no tokens. `batch_requests` holds the requests written
    to batch files.
    """

    def __init__(self, path: Path):
        check_folder(path.parent)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):  # a file made there since
            raise CacheUnusable(f"{path.parent} is a file, not a folder: SUMMARIZER_HOME must name a folder") from None
        except OSError as error:
            raise CacheUnusable(f"cannot make the cache folder {path.parent} ({error.strerror})") from None
        self.path = path
        self._lock = threading.Lock()
        self._closed = False
        # A cache the user may not write (shared, or on read-only media) still answers: nothing is logged.
        self.read_only = not os.access(path if path.exists() else path.parent, os.W_OK)
        try:
            connection = sqlite3.connect(f"file:{path}?mode=ro" if self.read_only else path, uri=self.read_only,
                                         check_same_thread=False, timeout=30)
            self.db = Database(connection)
            self._migrate()
        except sqlite3.DatabaseError as error:
            raise self._unusable(error) from None
        if self.read_only:
            log.warning(f"{path} is read-only: answers are read from it, nothing new is logged or cached")

    def _unusable(self, error: sqlite3.DatabaseError) -> CacheUnusable:
        """The one-line error a fault of the database ends a run with; a damaged file ("file is not
        a database", "database disk image is malformed", at opening or where a lookup first reads
        the damage) is read and written no more."""
        if isinstance(error, sqlite3.OperationalError):
            if "locked" in str(error):
                return CacheUnusable(f"{self.path} stayed locked by another run for 30 s: run again when it ends")
            return CacheUnusable(f"{self.path}: {error}")
        self._closed = True
        return CacheUnusable(f"{self.path} is not a usable cache ({error}): move it aside (mv '{self.path}' "
                             f"'{self.path}.damaged') and run again; answers are then asked anew")

    def _migrate(self) -> None:
        """Bring the schema up to date, one process at a time (five runs starting together on a fresh
        SUMMARIZER_HOME would otherwise race in the migrations: "database is locked"); refuse a
        database a newer version wrote, whose schema this one cannot know."""
        applied = set()
        if self.db["_sqlite_migrations"].exists():
            applied = {m.name for m in MIGRATIONS.applied(self.db)}
        if newer := applied - {m.name for m in MIGRATIONS.pending(Database(memory=True))}:
            raise CacheUnusable(f"{self.path} was written by a newer summarizer (its schema has {sorted(newer)[-1]}): "
                                "upgrade summarizer, or set SUMMARIZER_HOME to another folder")
        if self.read_only:
            if MIGRATIONS.pending(self.db):
                raise CacheUnusable(f"{self.path} is read-only and was written by an older summarizer: "
                                    "make it writable once so its schema can be upgraded")
            return
        with open(self.path.with_name(self.path.name + ".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            MIGRATIONS.apply(self.db)

    @contextmanager
    def _using(self) -> Iterator[None]:
        """The database, one thread at a time; a fault of it ends the run in one line (`_unusable`)."""
        with self._lock:
            try:
                yield
            except sqlite3.DatabaseError as error:
                raise self._unusable(error) from None

    def lookup(self, key: str) -> Cached | None:
        with self._using():
            if self._closed:
                return None
            row = self.db.execute(
                "SELECT response, truncated FROM calls WHERE key = ? AND error IS NULL AND NOT cached"
                " ORDER BY id DESC LIMIT 1", (key,)).fetchone()
        return Cached(json.loads(row[0]), bool(row[1])) if row else None

    def record(self, key: str, *, model: str, prompt: str, prompt_hash: str | None, request: list | None,
               response: dict | None, error: str | None, usage: Usage, attempt: int | None = 1,
               truncated: bool = False, cached: bool = False, custom_id: str | None = None) -> None:
        row = {
            "key": key, "created": _now(), "model": model, "prompt": prompt, "prompt_hash": prompt_hash,
            "request": None if request is None else json.dumps(request, ensure_ascii=False),
            "response": None if response is None else json.dumps(response, ensure_ascii=False), "error": error,
            "prompt_tokens": usage.prompt_tokens, "completion_tokens": usage.completion_tokens,
            "seconds": round(usage.seconds, 3), "attempt": attempt, "truncated": int(truncated),
            "cached": int(cached), "custom_id": custom_id,
        }
        with self._using():
            if self._closed or self.read_only:  # a call still running on a worker thread after Ctrl-C
                return
            try:
                self.db["calls"].insert(row)
            except sqlite3.OperationalError as error:  # disk full, the file made read-only during the run
                self.read_only = True
                log.warning(f"{self.path}: {error}; answers of this run are no longer logged or cached")

    def record_batch(self, model: str, requests: list) -> None:
        """Remember requests written to a batch file (`gateway.BatchRequest`s), for `batch import`."""
        rows = [{
            "custom_id": r.custom_id, "key": r.key, "created": _now(), "model": model, "prompt": r.prompt.name,
            "prompt_hash": r.prompt.hash, "response_model": f"{r.response_model.__module__}:{r.response_model.__qualname__}",
            "max_tokens": r.max_tokens, "request": json.dumps(r.messages, ensure_ascii=False),
        } for r in requests]
        with self._using():
            try:
                if self.read_only:
                    raise sqlite3.OperationalError("attempt to write a readonly database")
                self.db["batch_requests"].upsert_all(rows, pk="custom_id")
            except sqlite3.OperationalError as error:  # `batch import` could not match the answers
                raise CacheUnusable(f"{self.path}: cannot remember the batch's requests ({error})") from None

    def batch_request(self, custom_id: str) -> dict | None:
        """The request written to a batch file under `custom_id`, or None."""
        with self._using():
            return next(self.db["batch_requests"].rows_where("custom_id = ?", [custom_id]), None)

    def recent(self, count: int) -> list[dict]:
        """The last `count` rows (all when 0), oldest first, without requests and responses."""
        limit = f" LIMIT {int(count)}" if count > 0 else ""
        with self._using():
            rows = list(self.db.query(f"SELECT {', '.join(LOG_COLUMNS)} FROM calls ORDER BY id DESC{limit}"))
        return rows[::-1]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self.db.close()  # again after a damaged file was found: closing twice is harmless


def check_folder(folder: Path) -> None:
    """Raise `CacheUnusable` naming the file that stands where `folder`, or a folder above it, should be."""
    for candidate in (folder, *folder.parents):
        try:
            exists = candidate.exists()
        except OSError:  # a folder above that may not be searched: making the folder says why
            return
        if exists:
            if not candidate.is_dir():
                raise CacheUnusable(f"{candidate} is a file, not a folder: SUMMARIZER_HOME must name a folder")
            return


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
