"""Shared fixtures: the real seed pages, loaded and cleaned exactly as the pipeline does."""

from __future__ import annotations

from pathlib import Path

import pytest

from pydantic import BaseModel, Field

from summarizer.stages.clean import clean
from summarizer.stages.load import load_file, load_paths
from summarizer.models import Document, MeetingRecord

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
pytest_plugins = ["tests.fake_endpoint"]  # the `fake` fixture: a fake OpenAI-compatible server
SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))
GOLD = ROOT / "evals" / "suites" / "seeds" / "amman-2023-11-04" / "records"  # the seeds' hand-written records
MULTILING = ROOT / "evals" / "suites" / "multiling2011_ar_dev"
MULTILING_EN = ROOT / "evals" / "suites" / "multiling2011_en_dev"  # the same clusters' English originals
AMMAN_PAGES = ["000_88ee41043186e22b", "001_104e0b002fc97bce", "003_78942ce5f88155b8", "004_0199f5b47c6c6fbc"]
CAIRO_PAGE = "002_0c3e5edbc3d019b7"  # the seed page about another meeting
# Two sentences of seed page 001: Blinken's reason for refusing a ceasefire now, and Shoukry's call.
REFUSAL = ("وقال الوزير الأمريكي عن سبب رفض وقف إطلاق النار في غزة حاليا إن التوصل لوقف إطلاق النار الآن يترك "
           "حماس في مكانها وستتمكن من إعادة تجميع قواها وتكرار ما فعلته يوم 7 أكتوبر مرة أخرى")
SHOUKRY = "ودعا شكري إلى وقف إطلاق النار دون قيد أو شرط"


class Answer(BaseModel):
    """A small answer schema for the gateway's tests (a place and a count)."""

    place: str = Field(min_length=3)
    count: int


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


@pytest.fixture(scope="module")
def seeds():
    """Every seed page, loaded and cleaned."""
    return [clean(d) for d in load_paths([SEEDS]).documents]


@pytest.fixture(scope="module")
def gold_records():
    """The seeds' hand-written meeting records."""
    return [MeetingRecord.model_validate_json(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))]


def multiling_page(case: str, doc_id: str):
    """A MultiLing 2011 Arabic dev page, cleaned."""
    page = MULTILING / case / "docs" / f"{doc_id}.txt"
    return clean(Document(doc_id=doc_id, path=str(page), encoding="utf-8", text=page.read_text(encoding="utf-8")))
