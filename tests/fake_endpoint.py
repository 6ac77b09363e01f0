"""A fake OpenAI-compatible server on 127.0.0.1 for tests: it answers from a script of actions,
so it can misbehave on purpose (fail, hang, cut an answer) or obey an injected article.

It stops itself after `lifetime` seconds and refuses a runaway number of requests, so no test
can hang on it or flood it.
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.replay import chat_completion

LIFETIME = 15.0  # seconds before a fake server stops by itself
MAX_REQUESTS = 12  # more than any fault test needs: a runaway retry loop shows as an error, not a hang
Action = Callable[[BaseHTTPRequestHandler, "FakeServer"], None]


def _start(handler, status: int, length: int, headers: dict | None = None, content_type: str = "application/json") -> None:
    """The status line and headers of an answer of `length` bytes."""
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(length))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()


def reply(status: int, body: dict | str, headers: dict | None = None, content_type: str = "application/json") -> Action:
    def act(handler, server):
        data = (json.dumps(body) if isinstance(body, dict) else body).encode()
        _start(handler, status, len(data), headers, content_type)
        handler.wfile.write(data)
    return act


def answer(content: str, finish_reason: str = "stop", prompt_tokens: int = 100, completion_tokens: int = 50) -> Action:
    body = chat_completion(content, prompt_tokens, completion_tokens)
    body["choices"][0]["finish_reason"] = finish_reason
    return reply(200, body)


def obey(content_for: Callable[[dict], str]) -> Action:
    """Answer each request with the content `content_for(request body)` returns."""
    def act(handler, server):
        reply(200, chat_completion(content_for(handler.request_body)))(handler, server)
    return act


def hang(seconds: float) -> Action:
    """Say nothing for `seconds` (or until the server stops), then answer."""
    def act(handler, server):
        server.stopping.wait(seconds)
        reply(200, chat_completion('{"place": "Late", "names": []}'))(handler, server)
    return act


def cut_body(content: str) -> Action:
    """Promise a whole chat completion, send half of it, close the connection."""
    def act(handler, server):
        data = json.dumps(chat_completion(content)).encode()
        _start(handler, 200, len(data))
        handler.wfile.write(data[: len(data) // 2])
        handler.wfile.flush()
        handler.close_connection = True
        handler.connection.shutdown(socket.SHUT_RDWR)
    return act


def trickle(content: str, seconds_per_byte: float) -> Action:
    """Send a whole chat completion one byte at a time, each within any read timeout."""
    def act(handler, server):
        data = json.dumps(chat_completion(content)).encode()
        _start(handler, 200, len(data))
        for byte in data:
            if server.stopping.wait(seconds_per_byte):
                return
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
    return act


def gzipped(size: int) -> Action:
    """A gzip bomb: `size` bytes of spaces, sent gzip-compressed whatever the request asked for."""
    def act(handler, server):
        data = gzip.compress(b" " * size)
        _start(handler, 200, len(data), {"Content-Encoding": "gzip"})
        handler.wfile.write(data)
    return act


def redirect(url: str) -> Action:
    """A 307 to `url` (another host): a client that follows it sends the prompt there."""
    return reply(307, {"error": {"message": "moved"}}, {"Location": url})


class FakeServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, script: list[Action], lifetime: float = LIFETIME, max_requests: int = MAX_REQUESTS):
        super().__init__(("127.0.0.1", 0), Handler)
        self.script = list(script)  # the last action repeats once the others are used up
        self.max_requests = max_requests
        self.requests: list[dict] = []
        self.headers: list[dict] = []  # each request's, in order
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.url = f"http://127.0.0.1:{self.server_address[1]}/v1"
        threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.timer = threading.Timer(lifetime, self.stop)
        self.timer.daemon = True
        self.timer.start()

    def next_action(self, body: dict) -> Action:
        with self.lock:
            self.requests.append(body)
            if len(self.requests) > self.max_requests:
                return reply(500, {"error": {"message": "the fake server got too many requests"}})
            return self.script.pop(0) if len(self.script) > 1 else self.script[0]

    def stop(self) -> None:
        if not self.stopping.is_set():
            self.stopping.set()
            self.shutdown()
            self.server_close()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        self.request_body = body
        self.server.headers.append(dict(self.headers))
        action = self.server.next_action(body)
        try:
            action(self, self.server)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass  # the client gave up (a timeout): nothing to answer

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def fake():
    """fake(action, …, lifetime=…, max_requests=…) starts a server; all stop after the test."""
    servers: list[FakeServer] = []

    def start(*script: Action, **limits) -> FakeServer:
        server = FakeServer(list(script), **limits)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed
