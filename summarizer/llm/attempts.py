"""A call and its HTTP attempts as they happened: what the call log writes and the usage sums."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from summarizer.llm.salvage import describe_invalid
from summarizer.models import Usage


@dataclass
class Attempt:
    """One HTTP request of a call, as logged."""

    messages: list
    started: float = field(default_factory=time.monotonic)
    seconds: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    content: str | None = None
    finish_reason: str | None = None
    error: str | None = None  # None and `response` set: the answer
    response: dict | None = None
    truncated: bool = False

    def usage(self) -> Usage:
        return Usage(calls=1, prompt_tokens=self.prompt_tokens, completion_tokens=self.completion_tokens,
                     seconds=self.seconds, truncated=int(self.truncated))

    def logged_response(self) -> dict | None:
        """The answer, or what a failed attempt received (never served from the cache)."""
        if self.response is not None:
            return self.response
        if self.content is None:
            return None
        return {"content": self.content[:20000], "finish_reason": self.finish_reason}


@dataclass
class Call:
    """Every attempt of one call, for its usage and its log rows: a `structured` call (named after
    its prompt) or one request of a batch run (named after its custom_id)."""

    name: str
    prompt_hash: str | None
    key: str
    max_tokens: int
    started: float = field(default_factory=time.monotonic)
    attempts: list[Attempt] = field(default_factory=list)

    def usage(self) -> Usage:
        total = Usage()
        for attempt in self.attempts:
            total = total.add(attempt.usage())
        return total.model_copy(update={"seconds": time.monotonic() - self.started})

    def parse_failed(self, error: Exception, **_) -> None:
        """instructor's parse:error hook: the last answer did not fit the schema."""
        if self.attempts:
            self.attempts[-1].error = f"{self.name}: {describe_invalid(error)}"
