"""Many model calls at once: a function over items on a few daemon threads, stopped cleanly.

concurrent.futures' pool is not used because its worker threads cannot be abandoned: on Ctrl-C a
run must return at once, not after the requests in flight are answered.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from typing import TypeVar

from summarizer.llm.errors import RunStopped
from summarizer.llm.stopping import RunState

I = TypeVar("I")
R = TypeVar("R")


def run_all(function: Callable[[I], R], items: Iterable[I], workers: int, state: RunState,
            on_done: Callable[[R], None] | None = None) -> list[R]:
    """`function(item)` for every item on `workers` threads; results in input order. The contract is
    `Gateway.map`'s; `state` is the run's, stopped here on a `RunStopped` or Ctrl-C."""
    state.check(deadline=False)
    items = list(items)
    futures: list[Future] = [Future() for _ in items]
    queue = deque(range(len(items)))
    queue_lock = threading.Lock()
    halted = threading.Event()  # this map stops; the run itself only on RunStopped or Ctrl-C

    def cancel_queued() -> None:
        with queue_lock:  # only the thread that takes an item off the queue touches its future
            while queue:
                future = futures[queue.popleft()]
                if future.cancel():
                    future.set_running_or_notify_cancel()  # wakes `wait` below

    def work() -> None:
        while not halted.is_set() and state.stopped is None:
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

    threads = [threading.Thread(target=work, name=f"gateway-map-{n}", daemon=True)
               for n in range(min(max(1, workers), len(items)))]
    for thread in threads:
        thread.start()
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
                        state.stop(error)
                    cancel_queued()
    except BaseException as error:  # Ctrl-C, or on_done failed: stop, do not wait for calls in flight
        halted.set()
        if isinstance(error, KeyboardInterrupt):
            state.interrupt()
        cancel_queued()
        raise
    if first_error is not None:
        raise first_error
    if any(future.cancelled() for future in futures):  # stopped from outside this map
        state.check(deadline=False)
    return [future.result() for future in futures]
