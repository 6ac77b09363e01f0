"""Replay recorded model answers through the real openai client (httpx MockTransport).

The gateway, instructor's JSON-schema parsing and retries all run for real; only the HTTP
server is replaced by a list of canned responses. An answer made from a recording
(`recorded(doc_id)`) is only served to the request it was recorded for: the request's messages
and schema must hash (`summarizer.llm.gateway.request_hash`) to the hash stored in the recording,
otherwise the test fails at once saying the recording is stale and how to record it again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx  # openai 3.x ships its HTTP client as httpx2
import openai
import pytest

from summarizer.llm.gateway import request_hash
from tests.recordings.record import COMMAND, OUT as RECORDINGS, REQUEST_KEY

ROOT = Path(__file__).resolve().parent.parent


def chat_completion(content: str, prompt_tokens: int = 100, completion_tokens: int = 50) -> dict:
    return {
        "id": "chatcmpl-replay",
        "object": "chat.completion",
        "created": 0,
        "model": "replay",
        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


@dataclass(frozen=True)
class Recording:
    """A recorded model answer and the hash of the request it answered."""

    path: Path
    answer: dict  # exactly what the model returned
    request_sha256: str | None

    @classmethod
    def load(cls, doc_id: str) -> Recording:
        path = RECORDINGS / f"{doc_id}.json"
        content = json.loads(path.read_text(encoding="utf-8"))
        request_sha256 = content.pop(REQUEST_KEY, None)
        return cls(path=path, answer=content, request_sha256=request_sha256)

    @property
    def name(self) -> str:
        return str(self.path.relative_to(ROOT)) if self.path.is_relative_to(ROOT) else str(self.path)

    def text(self) -> str:
        return json.dumps(self.answer, ensure_ascii=False, indent=2)

    def check(self, request: dict) -> None:
        """Fail the test unless `request` is the one this answer was recorded for."""
        schema = (request.get("response_format") or {}).get("json_schema", {}).get("schema")
        if request_hash(request["messages"], schema) != self.request_sha256:
            what = "carries no request hash" if self.request_sha256 is None else "answered another request than this test sends"
            # pytest.fail raises a BaseException: it passes the openai client's and the gateway's
            # `except Exception`, so it is not retried or turned into an Extraction.error.
            pytest.fail(
                f"recording {self.name} is stale: it {what} "
                f"(the prompt, the article's numbered sentences or the schema changed since it was recorded). "
                f"Record it again with: {COMMAND}",
                pytrace=False,
            )


def recorded(doc_id: str, prompt_tokens: int = 1000, completion_tokens: int = 600) -> tuple[int, dict, Recording]:
    """A Replay answer that serves the recording of `doc_id`, only to the request it answered."""
    recording = Recording.load(doc_id)
    return 200, chat_completion(recording.text(), prompt_tokens, completion_tokens), recording


class Replay:
    """Answers requests in order with (status, body) pairs; remembers every request body.

    An answer may carry a third element, a `Recording` (see `recorded`): the request it
    answers is then checked against the recording's request hash.
    """

    def __init__(self, answers: list[tuple[int, dict] | tuple[int, dict, Recording]]):
        self.answers = list(answers)
        self.requests: list[dict] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(json.loads(request.content))
        if not self.answers:
            raise AssertionError("the model was called more often than recorded")
        status, body, *recording = self.answers.pop(0)
        for r in recording:
            r.check(self.requests[-1])
        return httpx.Response(status, json=body)

    def client(self, max_retries: int = 2) -> openai.OpenAI:
        return openai.OpenAI(
            base_url="http://replay.invalid/v1", api_key="test", max_retries=max_retries,
            http_client=httpx.Client(transport=httpx.MockTransport(self)),
        )
