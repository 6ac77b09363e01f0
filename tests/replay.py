"""Replay recorded model answers through the real openai client (httpx MockTransport).

The gateway, instructor's JSON-schema parsing and retries all run for real; only the HTTP
server is replaced by a list of canned responses.
"""

from __future__ import annotations

import json

import httpx2 as httpx  # openai 3.x ships its HTTP client as httpx2
import openai


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


class Replay:
    """Answers requests in order with (status, body) pairs; remembers every request body."""

    def __init__(self, answers: list[tuple[int, dict]]):
        self.answers = list(answers)
        self.requests: list[dict] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(json.loads(request.content))
        if not self.answers:
            raise AssertionError("the model was called more often than recorded")
        status, body = self.answers.pop(0)
        return httpx.Response(status, json=body)

    def client(self, max_retries: int = 2) -> openai.OpenAI:
        return openai.OpenAI(
            base_url="http://replay.invalid/v1", api_key="test", max_retries=max_retries,
            http_client=httpx.Client(transport=httpx.MockTransport(self)),
        )
