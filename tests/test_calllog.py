"""The call log's migrations upgrade old databases in place; `summarizer logs` reads the log.

tests/fixtures/calls-before-migrations.sqlite was written by the call log as it was before
migrations (commit e042de7): seed pages 000 and 001 extracted through a replayed endpoint, the
second after one HTTP 503 (three rows).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from summarizer.llm import calllog

from summarizer.cli import commands as cli
from summarizer.llm.calllog import CallLog
from summarizer.llm.gateway import Gateway, ModelConfig
from summarizer.llm.prompts import load_prompt
from summarizer.models import Usage
from tests.conftest import Answer, ROOT
from tests.replay import Replay, chat_completion

BEFORE_MIGRATIONS = ROOT / "tests" / "fixtures" / "calls-before-migrations.sqlite"
MIGRATION_NAMES = ["m001_calls", "m002_attempt_and_truncated", "m003_cache_hits", "m004_batches"]
# The first versions' table, before `attempt` and `truncated` were added by hand-written ALTERs.
FIRST_TABLE = """CREATE TABLE calls (
    id INTEGER PRIMARY KEY, key TEXT NOT NULL, created TEXT NOT NULL, model TEXT,
    prompt TEXT, prompt_hash TEXT, request TEXT, response TEXT, error TEXT,
    prompt_tokens INTEGER, completion_tokens INTEGER, seconds REAL)"""


def rows(path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT * FROM calls ORDER BY id").fetchall()


def applied(path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [name for (name,) in db.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]


def test_a_database_written_before_migrations_is_upgraded_in_place(tmp_path):
    path = tmp_path / "calls.sqlite"
    shutil.copy(BEFORE_MIGRATIONS, path)
    before = rows(path)
    assert len(before) == 3

    log = CallLog(path)
    answers = {row[1]: json.loads(row[7]) for row in before if row[8] is None}  # key: response, of rows with no error
    assert len(answers) == 2
    for key, response in answers.items():  # the old answers are still the cache
        assert log.lookup(key).response == response
    log.close()

    after = rows(path)
    assert [row[: len(before[0])] for row in after] == before  # every row and value kept
    assert [row[len(before[0]):] for row in after] == [(0, None)] * 3  # cached = 0, no custom_id
    assert applied(path) == MIGRATION_NAMES
    CallLog(path).close()
    assert applied(path) == MIGRATION_NAMES  # each migration runs once


def test_the_first_table_gains_the_later_columns_and_keeps_its_rows(tmp_path):
    path = tmp_path / "calls.sqlite"
    with sqlite3.connect(path) as db:
        db.execute(FIRST_TABLE)
        db.execute("INSERT INTO calls (key, created, response) VALUES ('k', '2024-01-01', '{\"place\": \"Amman\"}')")
    log = CallLog(path)
    cached = log.lookup("k")
    log.close()
    assert (cached.response, cached.truncated) == ({"place": "Amman"}, False)
    assert rows(path) == [(1, "k", "2024-01-01", None, None, None, None, '{"place": "Amman"}', None, None, None, None,
                           None, 0, 0, None)]


def test_a_new_database_has_the_same_table_as_an_upgraded_one(tmp_path):
    upgraded = tmp_path / "old.sqlite"
    shutil.copy(BEFORE_MIGRATIONS, upgraded)
    CallLog(upgraded).close()
    CallLog(tmp_path / "new.sqlite").close()
    for table in ("calls", "batch_requests"):
        columns = [Database(path)[table].columns_dict for path in (upgraded, tmp_path / "new.sqlite")]
        assert columns[0] == columns[1]
    assert list(Database(upgraded)["calls"].columns_dict)[-4:] == ["attempt", "truncated", "cached", "custom_id"]


def logged_calls(capsys, *options: str) -> tuple[int, str]:
    code = cli.main(["logs", *options])
    return code, capsys.readouterr().out


def test_logs_lists_calls_failed_attempts_and_cache_hits_without_credentials(capsys):
    replay = Replay([(503, {"error": {"message": "busy"}}), (200, chat_completion('{"place": "Amman", "count": 6}', 120, 30))])
    config = ModelConfig(base_url="http://bob:hunter2@replay.invalid/v1?token=t0ken", model="m", api_key="sk-secret",
                         backoff=0.01)
    assert config.cache_path is None  # the default log, in SUMMARIZER_HOME, which `logs` reads
    with Gateway(config, client=replay.client()) as gw:
        for _ in range(3):  # asked, then answered from the cache twice (a hit's own row is no answer)
            gw.structured(load_prompt("extract"), Answer, 100, doc_id="d", sentences=["نص"], truncated=False)

    code, out = logged_calls(capsys, "--json")
    assert code == 0
    logged = json.loads(out)
    prompt = load_prompt("extract")
    assert [(r["prompt"], r["prompt_hash"], r["attempt"], r["cached"], r["error"], r["prompt_tokens"],
             r["completion_tokens"]) for r in logged] == [
        ("extract", prompt.hash, 1, False, "HTTP 503: busy", 0, 0),
        ("extract", prompt.hash, 2, False, None, 120, 30),
        ("extract", prompt.hash, None, True, None, 0, 0),
        ("extract", prompt.hash, None, True, None, 0, 0),
    ]
    assert all(r["model"] == "http://***@replay.invalid/v1?token=***|m" for r in logged)

    code, table = logged_calls(capsys)
    lines = table.splitlines()
    assert code == 0 and len(lines) == 2 + 4
    assert lines[0].split()[:5] == ["id", "created", "(UTC)", "prompt", "prompt"]
    assert "HTTP 503: busy" in lines[2] and "120+30" in lines[3] and lines[4].split()[-1] == "cached"
    for secret in ("hunter2", "t0ken", "sk-secret"):
        assert secret not in out + table

    assert [r["id"] for r in json.loads(logged_calls(capsys, "-n", "2", "--json")[1])] == [r["id"] for r in logged[2:]]
    assert len(json.loads(logged_calls(capsys, "-n", "0", "--json")[1])) == 4


def test_logs_without_a_log_says_so(capsys):
    assert cli.main(["logs"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "no model call logged yet" in captured.err
    assert not calllog.default_path().exists()  # reading does not create it


# ---- a cache that cannot be used as it is: one line, nothing in it changed -----------------------
def brief_with_home(capsys, monkeypatch, home) -> tuple[int, list[str]]:
    monkeypatch.setenv("SUMMARIZER_HOME", str(home))
    status = cli.main(["brief", str(ROOT / "seeds"), "--base-url", "http://127.0.0.1:9/v1", "--model", "m"])
    return status, capsys.readouterr().err.splitlines()


def test_a_damaged_cache_is_one_line_saying_how_to_start_afresh(tmp_path, capsys, monkeypatch):
    (tmp_path / "calls.sqlite").write_bytes(BEFORE_MIGRATIONS.read_bytes()[:3000])  # cut short
    status, lines = brief_with_home(capsys, monkeypatch, tmp_path)
    path = tmp_path / "calls.sqlite"
    assert status == 2 and lines == [f"summarizer: error: {path} is not a usable cache (database disk image is "
                                     f"malformed): move it aside (mv '{path}' '{path}.damaged') and run again; "
                                     "answers are then asked anew"]
    assert path.read_bytes() == BEFORE_MIGRATIONS.read_bytes()[:3000]


def test_a_cache_damaged_inside_is_one_line_where_a_lookup_meets_the_damage(tmp_path, capsys, monkeypatch):
    """A file that opens well but is damaged further in ended in a sqlite3.DatabaseError traceback at
    the first lookup that read the damage: now the same one line as a file damaged at its start."""
    path = tmp_path / "calls.sqlite"
    log = CallLog(path)
    for number in range(300):
        log.record(f"key{number}", model="m", prompt="extract", prompt_hash="h", request=[{"content": "x" * 500}],
                   response={"answer": "y" * 2000}, error=None, usage=Usage())
    log.close()
    with sqlite3.connect(path) as db:  # the page a lookup reads first: the root of the index on keys
        (root,), = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'calls_key'").fetchall()
        (page_size,), = db.execute("PRAGMA page_size").fetchall()
    with path.open("r+b") as damaged:
        damaged.seek((root - 1) * page_size)
        damaged.write(bytes(range(256)) * (page_size // 256))
    message = (f"summarizer: error: {path} is not a usable cache (database disk image is malformed): move it aside "
               f"(mv '{path}' '{path}.damaged') and run again; answers are then asked anew")
    status, lines = brief_with_home(capsys, monkeypatch, tmp_path)
    assert (status, lines[-1]) == (2, message) and not any("Traceback" in line for line in lines)


@pytest.mark.parametrize("home", ["home", "home/sub"])
def test_a_home_that_is_a_file_or_below_one_is_one_line_naming_the_file(tmp_path, capsys, monkeypatch, home):
    """`logs` said "no model call logged yet" (exit 0) with a file for SUMMARIZER_HOME, and a home
    below a file was named as the file."""
    (tmp_path / "home").write_text("not a folder")
    line = f"summarizer: error: {tmp_path / 'home'} is a file, not a folder: SUMMARIZER_HOME must name a folder"
    status, lines = brief_with_home(capsys, monkeypatch, tmp_path / home)
    assert (status, lines[-1]) == (2, line)
    assert cli.main(["logs"]) == 2 and capsys.readouterr().err.splitlines() == [line]


def test_a_home_below_a_folder_that_may_not_be_searched_is_one_line(tmp_path, capsys, monkeypatch):
    """Path.exists() raises PermissionError below a folder the user may not search: check_folder
    turned the one-line "cannot make the cache folder" into a traceback."""
    locked = tmp_path / "locked"
    real_exists = Path.exists

    def exists(path):
        if locked in (path, *path.parents) and path != locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_exists(path)

    monkeypatch.setattr(Path, "exists", exists)
    monkeypatch.setattr(Path, "mkdir", lambda *_, **__: (_ for _ in ()).throw(PermissionError(13, "Permission denied")))
    status, lines = brief_with_home(capsys, monkeypatch, locked / "cache")
    assert (status, lines[-1]) == (2, f"summarizer: error: cannot make the cache folder {locked / 'cache'} "
                                      "(Permission denied)")


def test_a_cache_a_newer_version_wrote_is_refused_untouched(tmp_path):
    path = tmp_path / "calls.sqlite"
    CallLog(path).close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                   "VALUES ('summarizer', 'm009_future', '2030-01-01')")
    before = path.read_bytes()
    try:
        CallLog(path)
    except calllog.CacheUnusable as error:
        assert str(error) == (f"{path} was written by a newer summarizer (its schema has m009_future): upgrade "
                              "summarizer, or set SUMMARIZER_HOME to another folder")
    else:
        raise AssertionError("a newer schema was opened")
    assert path.read_bytes() == before


def test_a_read_only_cache_still_answers_and_logs_nothing(tmp_path, monkeypatch, caplog):
    path = tmp_path / "calls.sqlite"
    log = CallLog(path)
    log.record("k", model="m", prompt="p", prompt_hash=None, request=[], response={"a": 1}, error=None, usage=Usage())
    log.close()
    before = rows(path)
    monkeypatch.setattr(calllog.os, "access", lambda *_: False)  # as for a user who may not write it (root may)
    read_only = CallLog(path)
    assert read_only.lookup("k").response == {"a": 1}
    read_only.record("k", model="m", prompt="p", prompt_hash=None, request=None, response=None, error=None,
                     usage=Usage(), cached=True)
    read_only.close()
    assert rows(path) == before and "is read-only: answers are read from it" in caplog.text


def test_a_write_that_fails_mid_run_stops_logging_not_the_run(tmp_path, caplog):
    log = CallLog(tmp_path / "calls.sqlite")
    log.db.conn.execute("PRAGMA query_only = ON")  # every write now fails, as on a full disk
    log.record("k", model="m", prompt="p", prompt_hash=None, request=[], response={"a": 1}, error=None, usage=Usage())
    assert log.read_only and "no longer logged or cached" in caplog.text


def _open(path: str) -> None:
    CallLog(__import__("pathlib").Path(path)).close()


def test_five_runs_starting_together_on_a_fresh_home_all_open_the_cache(tmp_path):
    """Without the migrations' lock, about one run in four of such a start failed ("database is locked")."""
    import multiprocessing

    for round_ in range(4):
        with multiprocessing.get_context("fork").Pool(5) as pool:
            pool.map(_open, [str(tmp_path / str(round_) / "calls.sqlite")] * 5)  # raises if any one did
        assert applied(tmp_path / str(round_) / "calls.sqlite") == MIGRATION_NAMES
