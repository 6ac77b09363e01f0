"""Batch mode's requests: a request the cache cannot answer is kept (`BatchRequest`, one line of
an OpenAI batch file) instead of sent, and the run stops with `BatchReady` when the next stage
needs the answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from summarizer.llm.prompts import Prompt

BATCH_URL = "/v1/chat/completions"  # the one endpoint batch lines address


@dataclass(frozen=True)
class BatchRequest:
    """A request the cache could not answer, deferred to a batch file: one line of the OpenAI Batch
    API's input format (`line`), and what `batch import` needs to file its answer in the cache."""

    custom_id: str
    key: str  # the response cache key its answer is stored under
    prompt: Prompt
    response_model: type[BaseModel]
    max_tokens: int
    messages: list
    body: dict  # the chat-completion request, as instructor's JSON_SCHEMA mode sends it

    def line(self) -> dict:
        return {"custom_id": self.custom_id, "method": "POST", "url": BATCH_URL, "body": self.body}


class BatchReady(Exception):
    """Batch mode: a stage deferred requests and the next one needs their answers, so the run stops
    here (not an error). `.requests` are the deferred requests, each once, in custom_id order."""

    def __init__(self, requests: list[BatchRequest]):
        super().__init__(f"{len(requests)} request(s) deferred to the batch")
        self.requests = requests
