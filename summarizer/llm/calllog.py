"""calls.sqlite: the log of every model call attempt, which doubles as the response cache.

The schema is made by named migrations (sqlite-utils' `Migrations`, formerly the sqlite-migrate
package, as Simon Willison's `llm` does it): each runs once per database, in order, recorded in
`_sqlite_migrations`, so a database written by an older version is upgraded in place when it is
opened and keeps its rows. Add a new migration at the end; never edit one that has shipped.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database, Migrations

from summarizer.llm import embedded
from summarizer.models import Usage

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
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._closed = False
        self.db = Database(sqlite3.connect(path, check_same_thread=False, timeout=30))
        MIGRATIONS.apply(self.db)

    def lookup(self, key: str) -> Cached | None:
        with self._lock:
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
        with self._lock:
            if self._closed:  # a call still running on a worker thread after Ctrl-C
                return
            self.db["calls"].insert(row)

    def record_batch(self, model: str, requests: list) -> None:
        """Remember requests written to a batch file (`gateway.BatchRequest`s), for `batch import`."""
        rows = [{
            "custom_id": r.custom_id, "key": r.key, "created": _now(), "model": model, "prompt": r.prompt.name,
            "prompt_hash": r.prompt.hash, "response_model": f"{r.response_model.__module__}:{r.response_model.__qualname__}",
            "max_tokens": r.max_tokens, "request": json.dumps(r.messages, ensure_ascii=False),
        } for r in requests]
        with self._lock:
            self.db["batch_requests"].upsert_all(rows, pk="custom_id")

    def batch_request(self, custom_id: str) -> dict | None:
        """The request written to a batch file under `custom_id`, or None."""
        with self._lock:
            return next(self.db["batch_requests"].rows_where("custom_id = ?", [custom_id]), None)

    def recent(self, count: int) -> list[dict]:
        """The last `count` rows (all when 0), oldest first, without requests and responses."""
        limit = f" LIMIT {int(count)}" if count > 0 else ""
        with self._lock:
            rows = list(self.db.query(f"SELECT {', '.join(LOG_COLUMNS)} FROM calls ORDER BY id DESC{limit}"))
        return rows[::-1]

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self.db.close()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
