"""One answer from the endpoint over HTTP: each attempt timed, counted and recorded on its call,
retried as `summarizer.llm.retry` says, and a 2xx body that is no chat completion ends the run."""

from __future__ import annotations

import logging
import time
from typing import Any

import httpx2 as httpx  # openai 3.x ships its HTTP client as httpx2
import openai

from summarizer.llm import retry
from summarizer.llm.attempts import Attempt, Call
from summarizer.llm.config import ModelConfig
from summarizer.llm.endpoint import Endpoint
from summarizer.llm.errors import (
    DeadlineReached,
    EndpointDown,
    GatewayError,
    RunStopped,
    one_line,
)
from summarizer.llm.stopping import RunState

MAX_CHARS_PER_TOKEN = 32  # an answer longer than max_tokens × this is not what was asked for
log = logging.getLogger(__name__)


class Transport:
    """Sends chat-completion requests for one run."""

    def __init__(self, config: ModelConfig, endpoint: Endpoint, state: RunState):
        self.config, self.endpoint, self.state = config, endpoint, state

    def send(self, call: Call, client: openai.OpenAI, **request) -> Any:
        """The chat completion for `request`, retrying what a retry can fix; every attempt on `call`."""
        where = self.endpoint.where()
        failures = 0
        while True:
            self.state.check()
            timeout = self.state.attempt_timeout(self.config.request_timeout)
            attempt = Attempt(messages=[dict(m) for m in request.get("messages", [])])
            call.attempts.append(attempt)
            retry_after: float | None = None
            with self.state.in_flight():
                try:
                    raw = client.chat.completions.with_raw_response.create(
                        **request, timeout=httpx.Timeout(timeout, connect=min(timeout, retry.CONNECT_TIMEOUT)))
                except openai.APIStatusError as error:
                    attempt.seconds = time.monotonic() - attempt.started
                    status, message = error.status_code, self.endpoint.scrub(retry.server_message(error))
                    attempt.error = f"HTTP {status}: {message}"
                    retry_after = retry.retry_after(error.response.headers)
                    failures += status in retry.RETRYABLE_STATUS
                    if failure := retry.status_failure(status, message, where, call.name, failures,
                                                       self.config.retries, retry_after, self.state.may_fail_alone):
                        raise failure from None
                except openai.APIConnectionError as error:  # also APITimeoutError
                    attempt.seconds = time.monotonic() - attempt.started
                    cause, retryable = self._connection_failure(error, timeout, where)
                    attempt.error = str(cause)
                    if not retryable:
                        raise (cause if isinstance(cause, RunStopped) else EndpointDown(cause)) from None
                    failures += 1
                    if failures > self.config.retries:
                        raise EndpointDown(f"{cause} ({failures} attempts)") from None
                except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
                    attempt.error = str(error)
                    raise EndpointDown(f"bad endpoint URL {where}: {self.endpoint.scrub(str(error))}") from None
                else:
                    attempt.seconds = time.monotonic() - attempt.started
                    completion = self._completion(call, attempt, raw, where)
                    self.state.answered = True
                    log.debug(f"{call.name}: answered in {attempt.seconds:.1f}s, {attempt.prompt_tokens} prompt + "
                              f"{attempt.completion_tokens} completion tokens")
                    return completion
            delay = retry.backoff(retry_after, failures, self.config.backoff)
            log.debug(f"{attempt.error}: retrying in {delay:.1f}s")
            self.state.pause(delay, attempt.error)

    def _connection_failure(self, error: openai.APIConnectionError, timeout: float,
                            where: str) -> tuple[str | RunStopped, bool]:
        """What went wrong, and whether a retry may help; a timeout at the deadline is the deadline."""
        if retry.is_timeout(error) and self.state.deadline_passed(slack=0.05):
            return DeadlineReached(f"deadline of {self.state.deadline:g} s reached while waiting for {where}"), False
        return retry.connection_failure(error, timeout, where, self.endpoint.host(), self.endpoint.scrub)

    def _completion(self, call: Call, attempt: Attempt, raw, where: str):
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
