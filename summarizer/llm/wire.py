"""What crosses the wire to an endpoint, bounded: only the host the user named, no compression,
and a limit on the whole answer's time and size.

openai's HTTP client follows a redirect to any host (the prompt, and the key, sent there),
decompresses whatever a server sends (a 200 KB gzip answer became 200 MB in memory) and times out
per read only (a server sending one byte every half second never timed out). `GuardedTransport`
wraps httpx's transport: a request to another host than the endpoint's is refused, the request
asks for no compression and a compressed answer is refused, and the body stops at
`MAX_ANSWER_BYTES` or once the request has taken longer than its read timeout (the attempt's
timeout, which the run's deadline shortens). Each is an httpx transport error, so the gateway
ends the run with one line (`retry.connection_failure`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx2 as httpx  # openai 3.x ships its HTTP client as httpx2

MAX_ANSWER_BYTES = 64 * 1024 * 1024  # memory, not policy: an answer past max_tokens is refused per call (transport.py)
DEFAULT_TIMEOUT = 900.0  # seconds, for a request that carries no read timeout (the gateway's all do)


class OffHost(httpx.TransportError):
    """A request (a redirect's) to another host than the endpoint's."""


class CompressedAnswer(httpx.TransportError):
    """A compressed answer though the request asked for none."""


class AnswerTooLarge(httpx.TransportError):
    """An answer body over MAX_ANSWER_BYTES."""


class AnswerTooSlow(httpx.ReadTimeout):
    """An answer still arriving when the request's timeout has passed (a timeout, as a read's is)."""


class GuardedTransport(httpx.BaseTransport):
    """httpx's transport for one endpoint (its scheme, host and port), with the limits above."""

    def __init__(self, base_url: str, inner: httpx.BaseTransport | None = None):
        self.origin = _origin(httpx.URL(base_url))
        self.inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if _origin(request.url) != self.origin:
            where = f"{request.url.scheme}://{request.url.netloc.decode('ascii', 'replace')}"
            raise OffHost(f"the endpoint redirected to {where}, not its own scheme, host and port; not followed",
                          request=request)
        request.headers["Accept-Encoding"] = "identity"
        timeout = (request.extensions.get("timeout") or {}).get("read") or DEFAULT_TIMEOUT
        until = time.monotonic() + timeout
        response = self.inner.handle_request(request)
        encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
        if encoding not in ("", "identity"):
            response.close()
            raise CompressedAnswer(f"the endpoint sent a {encoding}-compressed answer though none was asked for",
                                   request=request)
        response.stream = _Bounded(response.stream, until, timeout, request)
        return response

    def close(self) -> None:
        self.inner.close()


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port


class _Bounded(httpx.SyncByteStream):
    """A response body that stops at MAX_ANSWER_BYTES or at `until` (time.monotonic)."""

    def __init__(self, stream, until: float, timeout: float, request: httpx.Request):
        self.stream, self.until, self.timeout, self.request = stream, until, timeout, request

    def __iter__(self) -> Iterator[bytes]:
        size = 0
        for chunk in self.stream:
            size += len(chunk)
            if size > MAX_ANSWER_BYTES:
                raise AnswerTooLarge(f"the answer is over {MAX_ANSWER_BYTES // 1024 // 1024} MB", request=self.request)
            if time.monotonic() > self.until:
                raise AnswerTooSlow(f"the answer was still arriving after {self.timeout:g} s", request=self.request)
            yield chunk

    def close(self) -> None:
        self.stream.close()
