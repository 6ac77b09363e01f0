"""Which model to call and how (`ModelConfig`), from the command line and the environment.

Light on purpose: the command line builds one without loading the model client.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from summarizer.llm import embedded

REMOTE_TIMEOUT = 120.0  # seconds per request to an endpoint; a hung server costs this once, not 5 times
ENDPOINT_CONCURRENCY = 2  # requests in flight at once to an endpoint, unless --concurrency says otherwise


@dataclass(frozen=True)
class ModelConfig:
    """Which model to call and how. Empty base_url means: serve a local GGUF ourselves."""

    base_url: str | None = None
    model: str | None = None
    api_key: str | None = None
    model_path: Path | None = None
    context_tokens: int = 8192
    temperature: float = 0.0
    timeout: float | None = None  # seconds per request; None: 900 embedded (CPU), 120 for an endpoint
    deadline: float | None = None  # seconds for the whole run (from the gateway's creation)
    retries: int = 4  # transport retries (429, 5xx, dropped connection) with exponential backoff
    backoff: float = 0.5  # first wait between transport retries, doubled each time (unless Retry-After)
    validation_retries: int = 2  # times a schema error is fed back to the model
    concurrency: int | None = None  # requests in flight; None: `in_flight`'s default
    # Repetition control: small models under a grammar repeat list items until max_tokens.
    frequency_penalty: float | None = None  # OpenAI's; sent when set
    repeat_penalty: float | None = None  # llama.cpp's (extra_body); None: embedded default, not sent elsewhere
    use_cache: bool = True
    cache_path: Path | None = None

    @classmethod
    def from_env(cls, **overrides) -> ModelConfig:
        """Settings from OPENAI_BASE_URL / OPENAI_API_KEY / SUMMARIZER_MODEL, then overrides."""
        values = {
            "base_url": os.environ.get("OPENAI_BASE_URL") or None,
            "api_key": os.environ.get("OPENAI_API_KEY") or None,
            "model": os.environ.get("SUMMARIZER_MODEL") or None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def is_embedded(self) -> bool:
        return not self.base_url

    @property
    def in_flight(self) -> int:
        """Requests at once: --concurrency, else the embedded server's slots (`embedded.SLOTS`), else
        ENDPOINT_CONCURRENCY."""
        return self.concurrency or (embedded.SLOTS if self.is_embedded else ENDPOINT_CONCURRENCY)

    @property
    def request_timeout(self) -> float:
        if self.timeout is not None:
            return self.timeout
        return embedded.TIMEOUT if self.is_embedded else REMOTE_TIMEOUT

    def repetition(self) -> dict[str, Any]:
        """The repetition settings sent with every request (and part of the cache key)."""
        settings: dict[str, Any] = {}
        if self.frequency_penalty is not None:
            settings["frequency_penalty"] = self.frequency_penalty
        repeat = self.repeat_penalty if self.repeat_penalty is not None else (
            embedded.REPEAT_PENALTY if self.is_embedded else None)
        if repeat is not None:
            settings["repeat_penalty"] = repeat
            settings["repeat_last_n"] = embedded.REPEAT_LAST_N
        return settings

    def describe(self) -> str:
        if self.model_path:
            return f"local GGUF {self.model_path}"
        if self.is_embedded:
            return f"embedded {self.model or embedded.DEFAULT_MODEL}"
        return f"{self.model} at {redact_url(self.base_url)}"


def redact_url(url: str) -> str:
    """The URL without credentials: user:password and query values become '***'."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc.rpartition("@")[2]
        if parts.username or parts.password:
            netloc = f"***@{netloc}"
    except ValueError:  # unparseable: keep nothing that could be a secret
        return "<unparseable URL>"
    query = "&".join(f"{k}=***" for k, _ in parse_qsl(parts.query, keep_blank_values=True))
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
