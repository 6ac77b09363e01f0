"""`run_all`, the thread pool under `Gateway.map`, on plain functions: no model needed."""

import threading
import time

import pytest

from summarizer.llm.errors import EndpointDown
from summarizer.llm.runner import run_all
from summarizer.llm.stopping import RunState


def test_results_come_in_input_order_and_on_done_hears_each_once():
    heard = []
    results = run_all(lambda n: (time.sleep(0.01 * (5 - n)), n * n)[1], range(5), workers=2,
                      state=RunState(None), on_done=heard.append)
    assert results == [0, 1, 4, 9, 16]
    assert sorted(heard) == results


def test_a_run_stopped_error_stops_the_run_and_no_queued_item_starts():
    state, started = RunState(None), []

    def work(n):
        started.append(n)
        if n == 1:
            raise EndpointDown("cannot reach the endpoint")
        time.sleep(0.05)
        return n

    with pytest.raises(EndpointDown, match="cannot reach"):
        run_all(work, range(20), workers=2, state=state)
    assert isinstance(state.stopped, EndpointDown)  # sticky: every later call of the run fails at once
    assert len(started) < 20
    with pytest.raises(EndpointDown):
        run_all(lambda n: n, [1], workers=1, state=state)


def test_a_bug_in_one_item_is_raised_but_does_not_stop_the_run():
    state = RunState(None)
    with pytest.raises(ZeroDivisionError):
        run_all(lambda n: 1 / n, [1, 0, 2], workers=1, state=state)
    assert state.stopped is None
    assert run_all(lambda n: n, [3], workers=1, state=state) == [3]


def test_a_stop_from_outside_cancels_what_is_queued():
    state, gate = RunState(None), threading.Event()

    def work(n):
        if n == 0:
            state.interrupt()
            gate.set()
        return n

    with pytest.raises(Exception, match="interrupted"):
        run_all(work, range(10), workers=1, state=state)
    assert gate.is_set()


def test_a_pause_past_the_deadline_is_not_started():
    state = RunState(0.5)
    with pytest.raises(Exception, match="no time to retry after HTTP 503"):
        state.pause(5.0, "HTTP 503")
