"""Where the model answers: the configured server, or the packaged model served on 127.0.0.1 and
started on the first call that needs it; the client with our timeout and no retries of its own;
the model's identity (what the cache keys on); and how the endpoint is named in messages, never
with its secrets.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx2 as httpx  # openai 3.x ships its HTTP client as httpx2
import openai

from summarizer.llm import embedded
from summarizer.llm.wire import GuardedTransport
from summarizer.llm.config import ModelConfig, redact_url
from summarizer.llm.errors import EndpointDown, NoModel

log = logging.getLogger(__name__)


class Endpoint:
    """One model endpoint for a run; `close` stops an embedded server it started."""

    def __init__(self, config: ModelConfig, client: openai.OpenAI | None = None):
        self.config = config
        self.client = client  # injectable, e.g. to replay recorded responses
        self._http: openai.OpenAI | None = None  # `client` with no retries of its own
        self._server: embedded.EmbeddedServer | None = None
        self._identity: str | None = None
        self._lock = threading.Lock()

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

    def model_name(self) -> str:
        if self.config.is_embedded:
            return self.config.model or embedded.DEFAULT_MODEL
        if not self.config.model:
            raise NoModel("--model (or SUMMARIZER_MODEL) is required with a --base-url endpoint")
        return self.config.model

    def host(self) -> str | None:
        return urlsplit(self._base_url()).hostname

    def where(self) -> str:
        """The endpoint as a user may read it: credentials redacted."""
        if self.config.is_embedded:
            return f"the embedded model at {self._base_url()}"
        return redact_url(self.config.base_url)

    def scrub(self, text: str) -> str:
        """`text` without the API key, the URL's password or its query values."""
        config = self.config
        secrets = [config.api_key]
        if config.base_url:
            try:
                parts = urlsplit(config.base_url)
                secrets += [parts.password, parts.username, config.base_url]
                secrets += [value for _, value in parse_qsl(parts.query)]
            except ValueError:
                secrets.append(config.base_url)
        for secret in sorted({s for s in secrets if s and len(s) >= 3}, key=len, reverse=True):
            text = text.replace(secret, redact_url(secret) if secret == config.base_url else "***")
        return text

    def http(self, may_start: Callable[[], None]) -> openai.OpenAI:
        """The client, made (and the embedded server started) on first use; `may_start` raises when
        the run has stopped meanwhile, so a stopped run starts no server."""
        with self._lock:
            if self._http is None:
                may_start()
                try:
                    if self.client is None:
                        base_url = self.config.base_url or self.start_embedded()
                        self.client = openai.OpenAI(base_url=base_url, api_key=self.config.api_key or "not-needed",
                                                    timeout=self.config.request_timeout, max_retries=0,
                                                    http_client=openai.DefaultHttpxClient(
                                                        transport=GuardedTransport(base_url)))
                    self._http = self.client.with_options(max_retries=0)
                except embedded.EmbeddedModelError as error:
                    raise EndpointDown(f"embedded model: {error}") from None
                except (httpx.InvalidURL, ValueError) as error:
                    raise EndpointDown(f"bad endpoint URL {self.where()}: {self.scrub(str(error))}") from None
            return self._http

    def start_embedded(self) -> str:
        """Serve the packaged model (or --model-path) on 127.0.0.1; its base URL."""
        config = self.config
        gguf = Path(config.model_path) if config.model_path else embedded.prepare_packaged(self._packaged())
        log.info(f"starting embedded model {gguf.name} on 127.0.0.1 ({config.in_flight} slot(s))")
        started = time.monotonic()
        self._server = embedded.EmbeddedServer(gguf, config.context_tokens, config.in_flight)
        log.info(f"model ready in {time.monotonic() - started:.1f}s at {self._server.base_url}")
        return self._server.base_url

    def close(self, abandon: bool) -> None:
        """Stop an embedded server this endpoint started. With `abandon` (a stopped run, a request in
        flight) the server may still be generating an answer nobody waits for; stopping it would wait
        for that answer, so it is left to the process exit instead."""
        if self._server:
            if abandon:
                self._server.abandon()
            else:
                self._server.stop()
            self._server = None

    def _packaged(self) -> embedded.PackagedModel:
        name = self.config.model or embedded.DEFAULT_MODEL
        if name not in embedded.PACKAGED_MODELS:
            raise NoModel(
                f"no endpoint configured and {name!r} is not a packaged model "
                f"({', '.join(embedded.PACKAGED_MODELS)}); set --base-url or OPENAI_BASE_URL to use a server"
            )
        return embedded.PACKAGED_MODELS[name]

    def _base_url(self) -> str:
        if self.config.base_url:
            return self.config.base_url
        return self._server.base_url if self._server else "http://127.0.0.1/v1"
