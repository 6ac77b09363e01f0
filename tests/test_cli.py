"""The command line's own behaviour: help that loads no model client, --version, `logs path`,
help text wrapped to the terminal."""

from __future__ import annotations

import subprocess
import sys

from summarizer import __version__
from summarizer.cli.commands import main


def test_building_the_parser_loads_no_model_client():
    """`summarizer --help`, `cluster` and `logs` must not pay for instructor and openai (seconds)."""
    probe = ("import sys; from summarizer.cli.commands import build_parser; build_parser(); "
             "print(sorted(m for m in ('instructor', 'openai', 'summarizer.llm.gateway') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_version(capsys):
    try:
        main(["--version"])
    except SystemExit as done:
        assert done.code == 0
    assert capsys.readouterr().out.strip() == f"summarizer {__version__}"


def test_logs_path_says_where_the_call_log_is(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SUMMARIZER_HOME", str(tmp_path))
    assert main(["logs", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "calls.sqlite")


def test_help_wraps_prose_and_keeps_examples(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "80")
    try:
        main(["brief", "--help"])
    except SystemExit:
        pass
    lines = capsys.readouterr().out.splitlines()
    examples = lines.index("examples:")
    prose = [line for line in lines[:examples] if line and not line.startswith(" ")]
    assert all(len(line) <= 80 for line in prose), [line for line in prose if len(line) > 80]
    assert "  summarizer brief seeds/ --format html -o brief.html" in lines  # an example as written
    assert lines[-1] == "model selection, the response cache and time limits: see `summarizer --help`"
