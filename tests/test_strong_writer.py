"""Good writing is shown: a strong model's faithful answer to the English seeds brief passes the check.

This is the test that fails when the faithfulness check wrongly rejects good writing (a false
rejection); tests/test_write.py holds the texts it must reject. tests/fixtures/strong_writer/ holds the one writing request of

    summarizer brief seeds/ --records evals/suites/seeds/amman-2023-11-04/records --lang en --batch-out …

(brief_en_batch.jsonl, with the embedded default model's options) and a hand-written answer to it,
as a careful GPT-4-class translator and news writer would give it, in the OpenAI batch output
format (brief_en_results.jsonl, model "strong-writer-handwritten"): a plain rendering of every
numbered claim, a headline and three overview sentences, each citing the claims it restates.
The brief is built as a user would build it: --batch-out, `batch import` of the answer, the same
command again, answered from the cache; no model is started.

When the gold records, the selection or the prompt change, the request changes and every test
fails saying so: write the batch again, answer the new request in the same manner (never by
reading the checking code) and replace both files.

A faithful text the brief leaves out is a defect of the check: fix the check, not the answer.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest

from summarizer.cli import commands as cli
from summarizer.llm.endpoint import Endpoint
from summarizer.stages.merge import UNRENDERED
from summarizer.models import Brief
from tests.conftest import ROOT, SEEDS

FIXTURE = Path(__file__).parent / "fixtures" / "strong_writer"
REQUEST, ANSWER = FIXTURE / "brief_en_batch.jsonl", FIXTURE / "brief_en_results.jsonl"
GOLD = ROOT / "evals" / "suites" / "seeds" / "amman-2023-11-04" / "records"
# The command the batch was written with: the embedded default model (no --model, --base-url).
BRIEF = ["brief", str(SEEDS), "--records", str(GOLD), "--lang", "en"]
ARABIC = re.compile("[\u0600-\u06ff]")
LEFT_OUT = "summarizer: left out: "

def answer() -> dict:
    """The strong writer's answer: renderings, headline, overview."""
    (line,) = lines(ANSWER)
    return json.loads(line["response"]["body"]["choices"][0]["message"]["content"])


def no_model(*_, **__):
    pytest.fail("the brief started the embedded model: the cache did not answer its request")


class Built:
    """What the checks below look at: the brief and its "left out" lines."""

    def __init__(self, brief: Brief, err: str):
        self.brief = brief
        self.reasons = [line.removeprefix(LEFT_OUT) for line in err.splitlines() if line.startswith(LEFT_OUT)]

    def left_out(self, kind: str) -> list[str]:
        """The "left out" lines of one kind of text: "rendering", "headline", "overview sentence"
        (each line starts with its kind; "brief text not written" when the answer was not had)."""
        return [reason for reason in self.reasons if reason.startswith(kind)]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    """The English brief of the seeds from the gold records, its writing answered by the fixture.
    What keeps the brief from being built at all fails every test (pytest.fail, not an assert, so
    no test below takes it for a false rejection)."""
    home = tmp_path_factory.mktemp("summarizer-home")
    batch = home / "batch.jsonl"
    (request,) = lines(REQUEST)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SUMMARIZER_HOME", str(home))
        patch.setattr(Endpoint, "start_embedded", no_model)
        code, _, err = _cli(*BRIEF, "--batch-out", batch)
        if code != 0 or lines(batch) != [request]:
            pytest.fail("the brief's writing request is not the fixture's (gold records, selection, prompt or "
                        "schema changed): answer the new one and replace tests/fixtures/strong_writer/ "
                        f"(see this module's docstring)\n{err}")
        code, _, err = _cli("batch", "import", ANSWER)
        if code != 0 or "stored 1 answer(s)" not in err:
            pytest.fail(f"the strong writer's answer could not be imported:\n{err}")
        code, out, err = _cli(*BRIEF, "--format", "json")
        if code != 0:
            pytest.fail(f"the brief failed:\n{err}")
    return Built(Brief.model_validate_json(out), err)


def lines(path: Path) -> list[dict]:
    return [json.loads(text) for text in path.read_text(encoding="utf-8").splitlines() if text.strip()]


def _cli(*arguments: str | Path) -> tuple[int, str, str]:
    """cli.main with its stdout and stderr (its log lines go to whatever sys.stderr is), read here
    rather than by capsys, which is per test while the brief is built once per module."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([str(a) for a in arguments])
    if "Traceback" in err.getvalue():
        pytest.fail(err.getvalue())
    return code, out.getvalue(), err.getvalue()


def test_the_brief_was_answered_from_the_cache(built):
    assert built.brief.usage.cached_calls == 1 and built.brief.usage.calls == 0


def test_no_rendering_is_left_out(built):
    assert built.left_out("rendering") == []


def test_the_headline_is_not_left_out_and_is_the_strong_writers(built):
    assert built.left_out("brief text not written") == []
    assert built.left_out("headline") == []
    assert built.brief.headline.text == answer()["headline"]["text"]


def test_no_overview_sentence_is_left_out_and_every_one_is_shown(built):
    assert built.left_out("overview sentence") == []
    assert [c.text for c in built.brief.overview] == [s["text"] for s in answer()["overview"]]


def test_the_overview_sentences_the_check_keeps_are_the_strong_writers_in_order(built):
    written = [s["text"] for s in answer()["overview"]]
    shown = [c.text for c in built.brief.overview]
    assert shown and all(text in written for text in shown)
    assert shown == sorted(shown, key=written.index)


def test_every_claim_the_writer_rendered_is_in_english(built):
    """Claims [2]…[7] of the request: shown ones and any the word budget moved to more_claims."""
    renderings = {r["text"] for r in answer()["renderings"] if r["claim"] != 1}
    claims = built.brief.claims + built.brief.more_claims
    rendered = [c for c in claims if c.text in renderings]
    assert len(rendered) == len(renderings), [c.text[:80] for c in claims if c.text.startswith(UNRENDERED)][:8]
    for claim in built.brief.claims:  # every shown claim
        assert not claim.text.startswith(UNRENDERED) and not ARABIC.search(claim.text), claim.text


def test_the_event_sentence_is_shown_in_english(built):
    """Claim [1], the event sentence, is the brief's «What»."""
    what = built.brief.event.what
    assert not what.startswith(UNRENDERED) and not ARABIC.search(what), what
