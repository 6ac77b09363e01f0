"""Refresh tests/recordings/extract/ from a real run's call log.

    SUMMARIZER_HOME=/tmp/rec summarizer extract seeds/ -o /tmp/rec/records
    python tests/recordings/record.py /tmp/rec/calls.sqlite

Writes the newest successful `extract` answer for every seed page as <doc_id>.json: exactly what the
model returned, so tests replay real model behaviour (good items and garbled ones alike).
"""

import json
import re
import sqlite3
import sys
from pathlib import Path

OUT = Path(__file__).parent / "extract"
SEEDS = {p.stem for p in (Path(__file__).resolve().parents[2] / "seeds").glob("*.txt")}


def main(database: str) -> None:
    OUT.mkdir(exist_ok=True)
    rows = sqlite3.connect(database).execute(
        "SELECT request, response FROM calls WHERE prompt = 'extract' AND error IS NULL ORDER BY id"
    )
    newest = {}
    for request, response in rows:
        user = json.loads(request)[1]["content"]
        doc_id = re.match(r"Article ([^\s,:]+)", user).group(1)
        if doc_id in SEEDS:
            newest[doc_id] = json.loads(response)
    for doc_id, answer in sorted(newest.items()):
        (OUT / f"{doc_id}.json").write_text(json.dumps(answer, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"recorded {doc_id}")


if __name__ == "__main__":
    main(sys.argv[1])
