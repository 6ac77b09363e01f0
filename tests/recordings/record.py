"""Refresh tests/recordings/extract/ from a real run's call log.

    SUMMARIZER_HOME=/tmp/rec summarizer extract seeds/ -o /tmp/rec/records
    python tests/recordings/record.py /tmp/rec/calls.sqlite
    UPDATE_SNAPSHOTS=1 python -m pytest -q tests/test_recordings.py   # then review the diff it prints

Writes the newest successful `extract` answer for every seed page as <doc_id>.json: exactly what the
model returned (as the call log stores it), so tests replay real model behaviour (good items and
garbled ones alike). Each file also carries, under REQUEST_KEY, the hash of the request that answer
was given for (`summarizer.llm.gateway.request_hash` of the logged messages and the answer schema);
tests/replay.py refuses to replay a recording whose request no longer matches, so an edited prompt,
sentence splitter or schema shows up as a stale recording instead of passing silently.

The call log keeps the messages but not the schema, so the schema is taken from the code that runs
this script: record right after the run, from the same checkout. The verified snapshots in
tests/recordings/verified/ follow from the recorded answers, hence the third command.
"""

import json
import re
import sqlite3
import sys
from pathlib import Path

from summarizer.stages.extract import DraftRecord
from summarizer.llm.gateway import request_hash

OUT = Path(__file__).parent / "extract"
SEEDS = {p.stem for p in (Path(__file__).resolve().parents[2] / "seeds").glob("*.txt")}
REQUEST_KEY = "_request_sha256"  # not a DraftRecord field: parsers that read the file whole ignore it
COMMAND = ("SUMMARIZER_HOME=/tmp/rec summarizer extract seeds/ -o /tmp/rec/records && "
           "python tests/recordings/record.py /tmp/rec/calls.sqlite && "
           "UPDATE_SNAPSHOTS=1 python -m pytest -q tests/test_recordings.py")


def write(path: Path, answer: dict, request_sha256: str) -> None:
    """One recording: the request hash first, then the model's answer unchanged."""
    content = {REQUEST_KEY: request_sha256, **answer}
    path.write_text(json.dumps(content, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(database: str) -> None:
    OUT.mkdir(exist_ok=True)
    rows = sqlite3.connect(database).execute(
        "SELECT request, response FROM calls WHERE prompt = 'extract' AND error IS NULL AND NOT cached ORDER BY id"
    )
    schema = DraftRecord.model_json_schema()
    newest = {}
    for request, response in rows:
        messages = json.loads(request)
        doc_id = re.match(r"Article ([^\s,:]+)", messages[1]["content"]).group(1)
        if doc_id in SEEDS:
            newest[doc_id] = (json.loads(response), request_hash(messages, schema))
    for doc_id, (answer, digest) in sorted(newest.items()):
        write(OUT / f"{doc_id}.json", answer, digest)
        print(f"recorded {doc_id} (request {digest[:12]})")


if __name__ == "__main__":
    main(sys.argv[1])
