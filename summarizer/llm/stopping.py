"""When a run may still call the model: the sticky stop (dead endpoint, Ctrl-C), the deadline,
how long one attempt may wait, and the pause before a retry that a stop cuts short.

Shared by every thread of a run: the first `RunStopped` wins and every later call raises it at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from summarizer.llm.errors import DeadlineReached, Interrupted, RunStopped


class RunState:
    """A run's stop, deadline and requests in flight."""

    def __init__(self, deadline: float | None):
        self.deadline = deadline  # seconds from now, as configured; None: no deadline
        self._deadline_at = time.monotonic() + deadline if deadline else None
        self._event = threading.Event()
        self._stopped: RunStopped | None = None
        self._lock = threading.Lock()
        self._in_flight = 0
        self.answered = False  # some request of this run got an answer: the endpoint works
        self._failed_unanswered = 0  # requests that kept failing before any answer

    def may_fail_alone(self) -> bool:
        """Whether a request the server keeps failing fails alone, the run going on: yes once the
        endpoint has answered another request, and for the first to fail before any answer (one
        page the server chokes on at the start of a run is not a dead endpoint; two are)."""
        with self._lock:
            if self.answered:
                return True
            self._failed_unanswered += 1
            return self._failed_unanswered == 1

    @property
    def stopped(self) -> RunStopped | None:
        """The error that stopped this run (dead endpoint, deadline, Ctrl-C), or None."""
        return self._stopped

    def check(self, deadline: bool = True) -> None:
        """Raise when no new request may start: the run was stopped, or its deadline passed."""
        if self._stopped is not None:
            raise type(self._stopped)(str(self._stopped))
        if deadline and self._deadline_at is not None and time.monotonic() >= self._deadline_at:
            raise DeadlineReached(f"deadline of {self.deadline:g} s reached: no new model call started")

    def stop(self, error: RunStopped) -> None:
        with self._lock:
            if self._stopped is None:
                self._stopped = error
        self._event.set()

    def interrupt(self) -> None:
        """Ctrl-C: calls running on worker threads start no new request and end at their next step."""
        self.stop(Interrupted("interrupted"))

    def attempt_timeout(self, request_timeout: float) -> float:
        """How long one HTTP attempt may wait: the configured timeout, cut to what the deadline leaves."""
        if self._deadline_at is not None:
            return min(request_timeout, max(0.05, self._deadline_at - time.monotonic()))
        return request_timeout

    def deadline_passed(self, slack: float = 0.0) -> bool:
        return self._deadline_at is not None and time.monotonic() >= self._deadline_at - slack

    def pause(self, delay: float, cause: str | None) -> None:
        """Wait `delay` seconds before a retry; a stop ends the wait (and raises), and a wait past
        the deadline is not started."""
        if self._deadline_at is not None and time.monotonic() + delay > self._deadline_at:
            raise DeadlineReached(f"deadline of {self.deadline:g} s reached: no time to retry after {cause}")
        if self._event.wait(delay):
            self.check()

    @contextmanager
    def in_flight(self) -> Iterator[None]:
        """Counts a request under way (an embedded server is not stopped under one)."""
        with self._lock:
            self._in_flight += 1
        try:
            yield
        finally:
            with self._lock:
                self._in_flight -= 1

    @property
    def busy(self) -> bool:
        return self._stopped is not None or self._in_flight > 0
