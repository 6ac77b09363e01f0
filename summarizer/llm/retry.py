"""What a failed HTTP attempt means: retry it, fail this call, or end the run; and how long to wait.

A policy in words and numbers, no I/O: `status_failure` for an HTTP status, `connection_failure`
for a connection that failed, `backoff` for the pause.
"""

from __future__ import annotations

import random
import socket
from collections.abc import Callable
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import httpx2 as httpx  # openai 3.x ships its HTTP client as httpx2
import openai

from summarizer.llm.errors import EndpointDown, GatewayError, ModelError, one_line
from summarizer.llm.wire import AnswerTooLarge, CompressedAnswer, OffHost

CONNECT_TIMEOUT = 10.0  # a host that drops packets is reported after this, not after the full timeout
MAX_BACKOFF = 8.0  # seconds between transport retries when the server does not say
MAX_RETRY_AFTER = 60.0  # a server asking for a longer pause ends the run instead
RETRYABLE_STATUS = {408, 409, 425, 429, 500, 502, 503, 504}
DEAD_STATUS = {401: "check --api-key / OPENAI_API_KEY", 403: "check --api-key / OPENAI_API_KEY",
               404: "check --base-url and --model"}


def status_failure(status: int, message: str, where: str, call: str, failures: int, retries: int,
                   retry_after: float | None, may_fail_alone: Callable[[], bool] = lambda: False) -> ModelError | None:
    """The error an HTTP error status ends in, or None to retry (`failures` counts this one). A
    request that keeps failing fails alone, and the run goes on, when `may_fail_alone()` says the
    endpoint still works (`RunState.may_fail_alone`); otherwise the endpoint is down."""
    if status in DEAD_STATUS:
        return EndpointDown(f"{where}: HTTP {status}: {message} ({DEAD_STATUS[status]})")
    if status not in RETRYABLE_STATUS:
        return GatewayError(f"{call}: {where} refused the request: HTTP {status}: {message}")
    if retry_after is not None and retry_after > MAX_RETRY_AFTER:
        return EndpointDown(f"{where}: HTTP {status}: {message}; the server asks to wait {retry_after:.0f} s")
    if failures > retries:
        if may_fail_alone():
            return GatewayError(f"{call}: {where} kept failing this request: HTTP {status}: {message} "
                                f"({failures} attempts)")
        return EndpointDown(f"{where}: HTTP {status}: {message} ({failures} attempts)")
    return None


def connection_failure(error: openai.APIConnectionError, timeout: float, where: str, host: str | None,
                       scrub) -> tuple[str, bool]:
    """What went wrong in words (secrets scrubbed by `scrub`), and whether a retry may help. A
    timeout is "timed out" here; the caller tells it from a deadline."""
    chain = _causes(error)
    last = one_line(scrub(str(chain[-1])), 120)
    if any(isinstance(e, httpx.ConnectTimeout) for e in chain):
        return f"cannot reach {where}: no connection within {min(timeout, CONNECT_TIMEOUT):g} s", False
    if is_timeout(error):
        return (f"{where}: timed out after {timeout:g} s waiting for an answer "
                f"(--timeout raises the limit if the model is just slow)"), False
    if guarded := next((e for e in chain if isinstance(e, (OffHost, CompressedAnswer, AnswerTooLarge))), None):
        return f"{where}: {guarded}", False  # an endpoint that does this will do it again
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return f"cannot reach {where}: connection refused", False
    if any(isinstance(e, socket.gaierror) for e in chain):
        return f"cannot reach {where}: host {host!r} not found", False
    if any(isinstance(e, (httpx.UnsupportedProtocol, httpx.InvalidURL)) for e in chain):
        return f"bad endpoint URL {where}: {scrub(str(chain[-1]))}", False
    if any(isinstance(e, (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)) for e in chain):
        return f"{where}: the connection dropped mid-answer ({last})", True
    if any(isinstance(e, httpx.ConnectError) for e in chain):
        return f"cannot reach {where}: {last}", False
    return f"{where}: {type(chain[-1]).__name__}: {last}", True


def is_timeout(error: BaseException) -> bool:
    """An answer that did not come in time (not a connection that could not be made)."""
    chain = _causes(error)
    if any(isinstance(e, httpx.ConnectTimeout) for e in chain):
        return False
    return isinstance(error, openai.APITimeoutError) or any(isinstance(e, httpx.TimeoutException) for e in chain)


def _causes(error: BaseException) -> list[BaseException]:
    """The error and what caused it, outermost first (a bounded walk: chains can loop)."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def backoff(retry_after: float | None, failures: int, base: float) -> float:
    """Seconds before the next attempt: as the server asked, else exponential backoff with jitter."""
    if retry_after is not None:
        return max(0.0, retry_after)
    return min(MAX_BACKOFF, base * 2 ** (failures - 1)) * random.uniform(0.8, 1.0)


def server_message(error: openai.APIStatusError) -> str:
    """The server's own words for an error status, in one line."""
    body = error.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if message:
            return one_line(str(message), 200)
    text = ""
    try:
        text = error.response.text
    except Exception:
        pass
    return one_line(text, 200) or error.response.reason_phrase or "no message"


def retry_after(headers) -> float | None:
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
