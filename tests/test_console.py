"""What a user sees on stderr: -q and -v on every command, a progress bar only on a terminal,
and a package whose modules import each other without a loop."""

from __future__ import annotations

import ast
import io
import json
import shutil
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

from summarizer import console
from summarizer.cli import commands as cli
from summarizer.llm.gateway import Gateway, ModelConfig
from summarizer.stages.pipeline import run_extraction
from tests.conftest import GOLD, ROOT, SEEDS, seed_path
from tests.replay import Replay, recorded
from tests.fake_endpoint import answer

PACKAGE = ROOT / "summarizer"


def imports(path: Path) -> set[str]:
    """The summarizer modules `path` imports (at any depth of the file: a lazy import counts too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("summarizer"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("summarizer"))
    return found


def test_no_import_loop_in_the_package():
    modules = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
               for p in PACKAGE.rglob("*.py")}
    graph = {name: imports(path) & modules.keys() - {name} for name, path in modules.items()}
    assert "summarizer.cli.commands" in graph and "summarizer.cli.commands" not in graph["summarizer.eval.cli"]
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        pytest.fail(f"import loop: {' -> '.join(error.args[1])}")


def records_with_a_bad_item(tmp_path) -> Path:
    """The gold records with a participant no page names added to 000: its drop is a warning."""
    folder = tmp_path / "records"
    shutil.copytree(GOLD, folder, dirs_exist_ok=True)
    path = next(folder.glob("000_*.json"))
    record = json.loads(path.read_text(encoding="utf-8"))
    record["participants"].append({**record["participants"][0], "name": "كيم جونغ أون", "name_en": None})
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return folder


def brief_lines(capsys, tmp_path, *flags: str) -> list[str]:
    records = records_with_a_bad_item(tmp_path)
    code = cli.main(["brief", str(SEEDS), "--records", str(records), "--no-prose", "-o", str(tmp_path / "b.md"), *flags])
    assert code == 0
    return capsys.readouterr().err.splitlines()


def test_quiet_keeps_warnings_and_drops_progress(capsys, tmp_path):
    normal = brief_lines(capsys, tmp_path)
    assert f"summarizer: wrote {tmp_path / 'b.md'}" in normal
    assert any(line.startswith("summarizer: event 1/1: Amman") for line in normal)
    for flags in (["-q"], ["--quiet"]):
        quiet = brief_lines(capsys, tmp_path, *flags)
        assert quiet and all("item dropped" in line or "item corrected" in line for line in quiet), quiet
        assert set(quiet) < set(normal)
    with pytest.raises(SystemExit):
        cli.main(["brief", str(SEEDS), "-q", "-v"])  # one or the other
    assert "not allowed with argument" in capsys.readouterr().err


def test_verbose_shows_every_model_call_and_cache_hit(fake, capsys, tmp_path):
    server = fake(answer(recorded(seed_path("000").stem)[2].text(), prompt_tokens=900, completion_tokens=300))
    options = ["extract", str(seed_path("000")), "--base-url", server.url, "--model", "fake", "--json"]
    assert cli.main([*options, "-v"]) == 0
    first = capsys.readouterr().err
    assert "summarizer: extract: answered in " in first and "900 prompt + 300 completion tokens" in first
    assert cli.main(options) == 0
    assert "answered from the cache" not in capsys.readouterr().err
    assert cli.main(["-v", *options]) == 0  # before the command's name too
    assert "summarizer: extract: answered from the cache" in capsys.readouterr().err
    assert len(server.requests) == 1


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("terminal", [True, False])
def test_progress_bar_on_a_terminal_plain_lines_elsewhere(tmp_path, monkeypatch, seed, terminal):
    stream = Terminal() if terminal else io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    monkeypatch.setenv("COLUMNS", "100")
    console.setup()
    document = seed("000")
    replay = Replay([recorded(document.doc_id)])
    config = ModelConfig(base_url="http://replay.invalid/v1", model="m", cache_path=tmp_path / "calls.sqlite")
    with Gateway(config, client=replay.client()) as gateway:
        (result,) = run_extraction([document], gateway)
    assert not result.error
    text = stream.getvalue()
    assert f"summarizer: [1/1] {document.doc_id}: {len(result.record.items())} items kept" in text
    bar = "extracting" in text and "━" in text and "\x1b[" in text
    assert bar == terminal, text

