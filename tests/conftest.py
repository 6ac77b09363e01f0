"""Shared fixtures: the real seed pages, loaded and cleaned exactly as the pipeline does."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.clean import clean
from summarizer.load import load_file

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
pytest_plugins = ["tests.fake_endpoint"]  # the `fake` fixture: a fake OpenAI-compatible server
SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with `prefix` (e.g. '001')."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path, monkeypatch):
    """No test reads or writes the user's response cache."""
    monkeypatch.setenv("SUMMARIZER_HOME", str(tmp_path / "summarizer-home"))


@pytest.fixture
def seed():
    """seed('003') -> CleanDocument of that seed page."""
    return lambda prefix: clean(load_file(seed_path(prefix)))
