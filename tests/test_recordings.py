"""Recorded model answers: replayed only to the request they answered, verified output pinned.

For every seed page, the recorded answer of the embedded 1.5B model (tests/recordings/extract/)
goes through the real extract stage, and the `Extraction` that verification makes of it (the
record, every dropped item with its reason, every corrected speaker) must equal the snapshot in
tests/recordings/verified/<doc_id>.json exactly, so a weaker or different `verify` fails here.

When a change to verification is meant to change its output, or after re-recording, refresh the
snapshots deliberately and review the diff they print before committing:

    UPDATE_SNAPSHOTS=1 python -m pytest -q tests/test_recordings.py
"""

from __future__ import annotations

import difflib
import json
import os
import shutil

import pytest

from summarizer.stages import extract as extract_stage
from summarizer.stages.clean import clean
from summarizer.llm.gateway import Gateway, ModelConfig
from summarizer.stages.load import load_file
from summarizer.models import Extraction
from summarizer.llm.prompts import load_prompt, prompts_dir
from tests.conftest import ROOT, SEED_IDS, SEEDS
from tests.recordings import record
from tests.replay import RECORDINGS, Replay, recorded

VERIFIED = RECORDINGS.parent / "verified"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"
REFRESH = "UPDATE_SNAPSHOTS=1 python -m pytest -q tests/test_recordings.py"


def replayed(doc_id: str, tmp_path) -> Extraction:
    """The extract stage on a seed page, the model replaced by its recorded answer."""
    document = clean(load_file(SEEDS / f"{doc_id}.txt"))
    replay = Replay([recorded(doc_id)])
    config = ModelConfig(base_url="http://replay.invalid/v1", model="recorded-1.5b", concurrency=1,
                         cache_path=tmp_path / "calls.sqlite")
    with Gateway(config, client=replay.client()) as gateway:
        extraction = extract_stage.extract(document, gateway)
    assert replay.answers == [] and len(replay.requests) == 1
    return extraction


def snapshot_text(extraction: Extraction) -> str:
    """Everything verification decided; usage is the replay's, not the code's."""
    content = extraction.model_dump(mode="json", exclude={"usage"})
    return json.dumps(content, ensure_ascii=False, indent=2) + "\n"


def diff(old: str, new: str, name: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                        f"{name} (snapshot)", f"{name} (current code)"))


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_verified_extraction_of_each_recording_matches_its_snapshot(doc_id, tmp_path, capsys):
    current = snapshot_text(replayed(doc_id, tmp_path))
    path = VERIFIED / f"{doc_id}.json"
    name = str(path.relative_to(ROOT))
    stored = path.read_text(encoding="utf-8") if path.exists() else ""
    if UPDATE:
        if current != stored:
            VERIFIED.mkdir(exist_ok=True)
            path.write_text(current, encoding="utf-8")
            with capsys.disabled():
                print(f"\nupdated {name}:\n{diff(stored, current, name)}")
        return
    if not path.exists():
        pytest.fail(f"no snapshot {name}; write it with: {REFRESH}", pytrace=False)
    if current != stored:
        pytest.fail(f"verify's output for {doc_id} differs from {name}:\n{diff(stored, current, name)}\n"
                    f"If the change is intended, refresh the snapshot with: {REFRESH}", pytrace=False)


def test_every_snapshot_belongs_to_a_recording():
    assert sorted(p.stem for p in VERIFIED.glob("*.json")) == sorted(p.stem for p in RECORDINGS.glob("*.json"))


def test_the_recorder_writes_back_exactly_the_committed_recording(tmp_path, monkeypatch):
    """Replaying logs the call as a real run does; record.py on that log reproduces the recording,
    request hash included, so recorder and replay hash the same request the same way."""
    doc_id = SEED_IDS[0]
    replayed(doc_id, tmp_path)
    monkeypatch.setattr(record, "OUT", tmp_path / "out")
    record.main(str(tmp_path / "calls.sqlite"))
    written = (tmp_path / "out" / f"{doc_id}.json").read_text(encoding="utf-8")
    assert written == (RECORDINGS / f"{doc_id}.json").read_text(encoding="utf-8")


# ---- stale recordings ------------------------------------------------------------------------
@pytest.fixture
def edited_prompts(tmp_path, monkeypatch):
    """A copy of prompts/ that the test may edit, in use instead of the real one."""
    folder = tmp_path / "prompts"
    shutil.copytree(prompts_dir(), folder)
    monkeypatch.setenv("SUMMARIZER_PROMPTS", str(folder))
    load_prompt.cache_clear()
    yield folder
    load_prompt.cache_clear()  # the edited template must not outlive this test


def assert_stale(doc_id: str, tmp_path) -> None:
    with pytest.raises(pytest.fail.Exception) as failure:
        replayed(doc_id, tmp_path)
    message = str(failure.value)
    assert message.startswith(f"recording tests/recordings/extract/{doc_id}.json is stale: "), message
    assert message.endswith(f"Record it again with: {record.COMMAND}"), message
    assert "\n" not in message


@pytest.mark.parametrize("part", ["system", "user"])
def test_one_extra_word_in_the_extraction_prompt_makes_the_recording_stale(part, edited_prompts, tmp_path):
    template = edited_prompts / f"extract.{part}.j2"
    template.write_text("Please " + template.read_text(encoding="utf-8"), encoding="utf-8")
    assert_stale(SEED_IDS[0], tmp_path)


def test_a_changed_answer_schema_makes_the_recording_stale(tmp_path, monkeypatch):
    class DraftRecord(extract_stage.DraftRecord):
        note: str | None = None  # the recorded answer still parses; only the request differs

    monkeypatch.setattr(extract_stage, "DraftRecord", DraftRecord)
    assert_stale(SEED_IDS[0], tmp_path)


def test_a_recording_without_a_request_hash_is_stale(tmp_path, monkeypatch):
    doc_id = SEED_IDS[0]
    recording = json.loads((RECORDINGS / f"{doc_id}.json").read_text(encoding="utf-8"))
    del recording[record.REQUEST_KEY]
    monkeypatch.setattr("tests.replay.RECORDINGS", tmp_path)
    (tmp_path / f"{doc_id}.json").write_text(json.dumps(recording, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match="carries no request hash"):
        replayed(doc_id, tmp_path)
