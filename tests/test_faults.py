"""Fault suite: a fake OpenAI-compatible server on 127.0.0.1 that misbehaves on purpose.

For every fault the gateway either returns a result or raises one clear error whose message is
one line, and the usage counts every attempt; through `summarizer.cli.commands.main` the exit status is the
documented one and stderr holds no traceback. The server answers from a script, stops itself
after a few seconds, and every hang is shorter than that.
"""

from __future__ import annotations

import _thread
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pydantic import BaseModel, Field

from summarizer.cli import commands as cli
from summarizer.llm.gateway import (
    DeadlineReached,
    EndpointDown,
    Gateway,
    GatewayError,
    ModelConfig,
    RunStopped,
)
from summarizer.llm.prompts import load_prompt
from summarizer.llm.wire import MAX_ANSWER_BYTES
from tests.conftest import ROOT, seed_path
from tests.fake_endpoint import answer, closed_port, cut_body, gzipped, hang, redirect, reply, trickle
from tests.replay import Recording

SEED = seed_path("000")


# ---- through the gateway ------------------------------------------------------------------------
class Answer(BaseModel):
    place: str = Field(min_length=3)
    names: list[str] = Field(max_length=3)


GOOD = '{"place": "Amman", "names": ["Blinken"]}'


def gateway(url: str, tmp_path: Path, **changes) -> Gateway:
    settings = {"base_url": url, "model": "fake", "cache_path": tmp_path / "calls.sqlite", "timeout": 2.0,
                "retries": 2, "backoff": 0.01, "validation_retries": 2, **changes}
    return Gateway(ModelConfig(**settings))


def ask(url: str, tmp_path: Path, **changes):
    """(result, usage, seconds) or (error, error.usage, seconds)."""
    started = time.monotonic()
    with gateway(url, tmp_path, **changes) as gw:
        try:
            result, usage = gw.structured(load_prompt("extract"), Answer, 100, doc_id="d", sentences=["نص"],
                                          truncated=False)
        except (GatewayError, RunStopped) as error:
            result, usage = error, error.usage
    return result, usage, time.monotonic() - started


def one_line(error: Exception) -> str:
    message = str(error)
    assert "\n" not in message and 0 < len(message) <= 500 and "Traceback" not in message
    return message


def test_rate_limit_and_server_errors_are_retried_as_the_server_asks(fake, tmp_path):
    server = fake(reply(429, {"error": {"message": "slow down"}}, {"Retry-After": "0.3"}),
                  reply(503, {"error": {"message": "busy"}}),  # no Retry-After: backoff
                  answer(GOOD, prompt_tokens=120, completion_tokens=30))
    result, usage, seconds = ask(server.url, tmp_path)
    assert result.place == "Amman"
    assert (usage.calls, usage.prompt_tokens, usage.completion_tokens) == (3, 120, 30)
    assert seconds >= 0.3 and len(server.requests) == 3


@pytest.mark.parametrize("headers", [{}, {"Retry-After": "0"}])
def test_a_server_that_keeps_failing_ends_in_one_error_naming_the_attempts(fake, tmp_path, headers):
    """The first request failing before any answer fails alone (one page the server chokes on is
    not a dead endpoint); the second ends the run."""
    server = fake(reply(503, {"error": {"message": "model overloaded"}}, headers))
    with gateway(server.url, tmp_path) as gw:
        errors = []
        for text in ("نص", "آخر"):
            try:
                gw.structured(load_prompt("extract"), Answer, 100, doc_id="d", sentences=[text], truncated=False)
            except (GatewayError, RunStopped) as error:
                errors.append(error)
    assert [type(e) for e in errors] == [GatewayError, EndpointDown]
    assert one_line(errors[0]) == f"extract: {server.url} kept failing this request: HTTP 503: model overloaded (3 attempts)"
    assert one_line(errors[1]) == f"{server.url}: HTTP 503: model overloaded (3 attempts)"
    assert errors[1].usage.calls == 3 and len(server.requests) == 6


def test_a_server_asking_for_a_long_pause_ends_the_run_at_once(fake, tmp_path):
    server = fake(reply(429, {"error": {"message": "quota exceeded"}}, {"Retry-After": "3600"}))
    error, usage, seconds = ask(server.url, tmp_path)
    assert one_line(error) == f"{server.url}: HTTP 429: quota exceeded; the server asks to wait 3600 s"
    assert usage.calls == 1 and seconds < 1


def test_connection_refused_is_one_line_at_the_first_attempt(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}/v1"
    error, usage, seconds = ask(url, tmp_path)
    assert isinstance(error, EndpointDown)
    assert one_line(error) == f"cannot reach {url}: connection refused"
    assert usage.calls == 1 and seconds < 2


def test_a_hung_server_costs_one_timeout(fake, tmp_path):
    server = fake(hang(5))
    error, usage, seconds = ask(server.url, tmp_path, timeout=0.5)
    assert one_line(error) == (f"{server.url}: timed out after 0.5 s waiting for an answer "
                               "(--timeout raises the limit if the model is just slow)")
    assert usage.calls == 1 and seconds < 1.5


def test_the_deadline_cuts_a_hung_call_short(fake, tmp_path):
    server = fake(hang(5))
    error, usage, seconds = ask(server.url, tmp_path, timeout=30, deadline=0.5)
    assert isinstance(error, DeadlineReached)
    assert one_line(error) == f"deadline of 0.5 s reached while waiting for {server.url}"
    assert usage.calls == 1 and seconds < 1.5


@pytest.mark.parametrize("body, content_type", [
    ("<html><body>502 Bad Gateway</body></html>", "text/html"),
    ('{"id": "x", "choices": [{"mess', "application/json"),
    ('{"object": "list", "data": []}', "application/json"),
])
def test_a_body_that_is_not_a_chat_completion_ends_the_run(fake, tmp_path, body, content_type):
    server = fake(reply(200, body, content_type=content_type))
    error, usage, _ = ask(server.url, tmp_path)
    assert isinstance(error, EndpointDown)
    assert one_line(error).startswith(f"{server.url}: HTTP 200 but the body is not a chat completion ({content_type}")
    assert usage.calls == 1 == len(server.requests)


def test_a_server_trickling_its_answer_is_cut_at_the_timeout(fake, tmp_path):
    """One byte every 0.2 s is within any read timeout; the whole answer (about 300 bytes) would
    take a minute. The 2 s timeout is the answer's, so the call ends after about 2 s."""
    server = fake(trickle(GOOD, 0.2), lifetime=30)
    error, _, seconds = ask(server.url, tmp_path)
    assert isinstance(error, EndpointDown) and "timed out after 2 s" in one_line(error), error
    assert seconds < 6 and len(server.requests) == 1


def test_a_gzip_bomb_is_refused_unread(fake, tmp_path):
    server = fake(gzipped(200_000_000))  # 200 MB of spaces, 200 KB on the wire
    error, _, seconds = ask(server.url, tmp_path)
    assert isinstance(error, EndpointDown) and "gzip-compressed answer though none was asked for" in one_line(error)
    assert server.headers[0]["Accept-Encoding"] == "identity" and seconds < 5


def test_an_answer_past_the_memory_cap_is_cut_off(fake, tmp_path):
    server = fake(reply(200, " " * (MAX_ANSWER_BYTES + 1)))
    error, _, _ = ask(server.url, tmp_path)
    assert isinstance(error, EndpointDown) and "the answer is over 64 MB" in one_line(error)


def test_a_redirect_to_another_host_is_not_followed(fake, tmp_path):
    elsewhere = fake(answer(GOOD))
    for target in (elsewhere.url.replace("127.0.0.1", "localhost"), elsewhere.url):  # another host, another port
        server = fake(redirect(target + "/chat/completions"))
        error, _, _ = ask(server.url, tmp_path)
        origin = target.removesuffix("/v1")
        assert isinstance(error, EndpointDown) and (f"redirected to {origin}, not its own scheme, host and port; "
                                                    "not followed") in one_line(error)
    assert elsewhere.requests == []  # the prompt never left for it


def test_a_connection_dropped_mid_body_is_retried(fake, tmp_path):
    server = fake(cut_body(GOOD), answer(GOOD))
    result, usage, _ = ask(server.url, tmp_path)
    assert result.place == "Amman" and usage.calls == 2

    server = fake(cut_body(GOOD))
    error, usage, _ = ask(server.url, tmp_path, use_cache=False)
    assert one_line(error).startswith(f"{server.url}: the connection dropped mid-answer (")
    assert one_line(error).endswith("(3 attempts)") and usage.calls == 3


def test_a_schema_violation_is_fed_back_then_one_line_with_every_attempt_counted(fake, tmp_path):
    server = fake(answer('{"place": "A", "names": []}', prompt_tokens=100, completion_tokens=10))
    error, usage, _ = ask(server.url, tmp_path)
    assert isinstance(error, GatewayError)
    assert one_line(error) == ("extract: no answer fitted the schema in 3 attempts; "
                               "last: place: String should have at least 3 characters (got 'A')")
    assert (usage.calls, usage.prompt_tokens, usage.completion_tokens) == (3, 300, 30)
    assert "place" in server.requests[1]["messages"][-1]["content"]  # the error went back to the model


def test_an_answer_that_is_not_json_is_one_line(fake, tmp_path):
    server = fake(answer("Sure! Here is the JSON you asked for:"))
    error, usage, _ = ask(server.url, tmp_path)
    assert one_line(error).startswith("extract: no answer fitted the schema in 3 attempts; "
                                      "last: the answer is not valid JSON (")
    assert usage.calls == 3


def test_an_answer_cut_at_max_tokens_is_salvaged(fake, tmp_path):
    server = fake(answer('{"place": "Amman", "names": ["Blinken", "Safadi", "Shoukry", "Blinken", "Saf',
                         finish_reason="length", completion_tokens=100))
    result, usage, _ = ask(server.url, tmp_path)
    assert result.model_dump() == {"place": "Amman", "names": ["Blinken", "Safadi", "Shoukry"]}
    assert (usage.calls, usage.truncated, usage.completion_tokens) == (1, 1, 100)

    server = fake(answer('{"names": ["Blinken", "Saf', finish_reason="length"))
    error, usage, _ = ask(server.url, tmp_path, use_cache=False)
    assert one_line(error) == ("extract: the answer was cut at max_tokens=100 and what came before the cut "
                               "does not fit the schema: place: Field required")
    assert (usage.calls, usage.truncated) == (1, 1)


def test_a_huge_answer_is_refused_without_parsing_or_feeding_it_back(fake, tmp_path):
    huge = '{"place": "Amman", "names": [' + ", ".join(['"Blinken"'] * 200_000) + "]}"
    server = fake(answer(huge, completion_tokens=100))
    error, usage, _ = ask(server.url, tmp_path)
    assert one_line(error) == (f"extract: the answer is {len(huge):,} characters long, more than max_tokens=100 "
                               f"allows; {server.url} ignores max_tokens?")
    assert usage.calls == 1 == len(server.requests)


def test_credentials_never_reach_a_message_or_the_log(fake, tmp_path):
    server = fake(reply(401, {"error": {"message": "Incorrect API key provided: sk-very-secret"}}))
    url = server.url.replace("http://", "http://bob:hunter2@") + "?token=t0ken"
    error, usage, _ = ask(url, tmp_path, api_key="sk-very-secret")
    redacted = server.url.replace("http://", "http://***@") + "?token=***"
    assert one_line(error) == (f"{redacted}: HTTP 401: Incorrect API key provided: *** "
                               "(check --api-key / OPENAI_API_KEY)")
    with Gateway(ModelConfig(cache_path=tmp_path / "calls.sqlite")) as gw:
        logged = json.dumps(gw.calls.db.execute("SELECT model, error, request FROM calls").fetchall())
    assert not {"hunter2", "bob", "t0ken", "sk-very-secret"} & set(logged.replace('"', " ").replace("@", " ").split())
    assert all(secret not in logged for secret in ("hunter2", "t0ken", "sk-very-secret"))


def test_refusals_of_the_first_pages_fail_those_pages_only(fake, capsys, tmp_path):
    """A content filter refuses pages by what they say: the first two pages refused (HTTP 400) fail
    alone, the others are extracted, and a run resumed from the cache goes on the same way. (Ending
    the run at a second refusal before any answer, as for a server that keeps failing, stopped
    such inboxes, and every resumed run, with nothing written.)"""
    from tests.conftest import SEEDS, SEED_IDS

    refused = SEED_IDS[:2]

    def act(handler, server):
        doc_id = handler.request_body["messages"][1]["content"].split("Article ", 1)[1].split(",", 1)[0]
        if doc_id in refused:
            return reply(400, {"error": {"message": "content filtered"}})(handler, server)
        return answer(Recording.load(doc_id).text())(handler, server)

    server = fake(act, lifetime=120)
    for _ in range(2):  # the second run answers the others from the cache
        status = cli.main(["extract", str(SEEDS), "-o", str(tmp_path / "records"), "--concurrency", "1", "--force",
                           *model_options(server.url)])
        err = capsys.readouterr().err
        assert status == 1, err
        assert err.count("refused the request: HTTP 400: content filtered") == 2
        assert sorted(p.stem for p in (tmp_path / "records").glob("*.json")) == SEED_IDS[2:]


def test_a_servers_text_in_the_extract_listing_is_escaped(fake, capsys):
    """The listing printed a server's error text raw: its ESC sequences recoloured the terminal."""
    server = fake(reply(400, {"error": {"message": "bad \x1b[31mred\x1b]0;title\x07 request"}}))
    status, _ = run_cli(capsys, *model_options(server.url))
    assert status == 1
    assert "\x1b" not in run_cli.out and "\x07" not in run_cli.out
    assert "HTTP 400: bad \\x1b[31mred\\x1b]0;title\\x07 request" in run_cli.out


def test_a_request_the_server_refuses_fails_that_call_only(fake, tmp_path):
    server = fake(reply(400, {"error": {"message": "the request exceeds the available context size"}}),
                  answer(GOOD))
    with gateway(server.url, tmp_path) as gw:
        with pytest.raises(GatewayError) as raised:
            gw.structured(load_prompt("extract"), Answer, 100, doc_id="d", sentences=["نص"], truncated=False)
        result, _ = gw.structured(load_prompt("extract"), Answer, 100, doc_id="d", sentences=["آخر"], truncated=False)
    assert one_line(raised.value) == (f"extract: {server.url} refused the request: HTTP 400: "
                                      "the request exceeds the available context size")
    assert result.place == "Amman"


# ---- through the command line -------------------------------------------------------------------
def run_cli(capsys, *arguments: str) -> tuple[int, list[str]]:
    """Exit status and stderr lines of `summarizer extract SEED ARGUMENTS`; stdout in `run_cli.out`."""
    status = cli.main(["extract", str(SEED), *arguments])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    run_cli.out = captured.out
    return status, captured.err.splitlines()


def model_options(url: str, *more: str) -> list[str]:
    return ["--base-url", url, "--model", "fake", "--timeout", "2", *more]


@pytest.mark.parametrize("make_script, last_line", [
    (lambda: [reply(401, {"error": {"message": "invalid key"}})],
     "summarizer: error: {url}: HTTP 401: invalid key (check --api-key / OPENAI_API_KEY)"),
    (lambda: [reply(200, "<html>hello</html>", content_type="text/html")],
     "summarizer: error: {url}: HTTP 200 but the body is not a chat completion (text/html, 18 bytes: '<html>hello</html>')"),
])
def test_cli_a_dead_endpoint_ends_the_run_with_one_line_and_status_2(fake, capsys, tmp_path, make_script, last_line):
    server = fake(*make_script())
    status, lines = run_cli(capsys, *model_options(server.url, "-o", str(tmp_path / "out.json")))
    assert status == 2
    assert lines[-1] == last_line.format(url=server.url)
    assert not any("ERROR" in line for line in lines)  # no per-article failure lines
    assert not (tmp_path / "out.json").exists()


def test_cli_a_server_failing_every_request_ends_the_run_at_the_second_page(fake, capsys, tmp_path):
    """Seed pages 000 and 001 one at a time against a server answering 503 to all: the first
    page fails alone with its reason, the second ends the run (two pages, no answer)."""
    server = fake(reply(503, {"error": {"message": "busy"}}, {"Retry-After": "0"}))
    status = cli.main(["extract", str(SEED), str(seed_path("001")), *model_options(server.url, "--concurrency", "1")])
    lines = capsys.readouterr().err.splitlines()
    assert status == 2 and lines[-1] == f"summarizer: error: {server.url}: HTTP 503: busy (5 attempts)"
    assert sum("kept failing this request: HTTP 503: busy (5 attempts)" in line for line in lines) == 1
    assert len(server.requests) == 10


def test_cli_connection_refused(capsys):
    url = f"http://127.0.0.1:{closed_port()}/v1"
    status, lines = run_cli(capsys, *model_options(url))
    assert status == 2 and lines[-1] == f"summarizer: error: cannot reach {url}: connection refused"
    assert len(lines) == 2  # "extracting 1 article(s) …" and the error


@pytest.mark.parametrize("url, last_line", [
    ("htp://x/v1", "bad endpoint URL htp://x/v1: Request URL has an unsupported protocol 'htp://'."),
    ("http://[::1/v1", "bad endpoint URL <unparseable URL>: Invalid IPv6 URL"),
    ("http://host:abc/v1", "bad endpoint URL http://host:abc/v1: Port could not be cast to integer value as 'abc'"),
    ("http://no-such-host.invalid/v1", "cannot reach http://no-such-host.invalid/v1: host 'no-such-host.invalid' not found"),
])
def test_cli_a_bad_url_is_one_line_and_status_2(capsys, url, last_line):
    status, lines = run_cli(capsys, *model_options(url))
    assert status == 2 and lines[-1] == f"summarizer: error: {last_line}"


def test_cli_timeout_and_deadline(fake, capsys):
    server = fake(hang(4))
    status, lines = run_cli(capsys, "--base-url", server.url, "--model", "fake", "--timeout", "0.5")
    assert status == 2 and lines[-1] == (f"summarizer: error: {server.url}: timed out after 0.5 s waiting for an "
                                         "answer (--timeout raises the limit if the model is just slow)")
    status, lines = run_cli(capsys, "--base-url", server.url, "--model", "fake", "--deadline", "0.5")
    assert status == 2 and lines[-1] == (f"summarizer: error: deadline of 0.5 s reached while waiting for "
                                         f"{server.url}; answers so far are cached: run again to go on")


def recorded_answer() -> str:
    return Recording.load(SEED.stem).text()


def test_cli_a_schema_violation_fails_that_article_with_status_1(fake, capsys):
    server = fake(answer('{"event": 3}'))
    status, lines = run_cli(capsys, *model_options(server.url))
    assert status == 1 and len(server.requests) == 3
    assert any("ERROR extract: no answer fitted the schema in 3 attempts; last: " in line for line in lines)


def test_cli_an_answer_cut_at_max_tokens_keeps_what_came_before(fake, capsys, tmp_path):
    text = recorded_answer()
    cut = text[: text.rindex('"sentence"') + len('"sentence": ')]  # inside the last list item
    server = fake(answer(cut, finish_reason="length"))
    status, lines = run_cli(capsys, *model_options(server.url, "--json"))
    assert status == 0, lines
    (extraction,) = json.loads(run_cli.out)
    assert extraction["error"] is None and extraction["record"]["event"] is not None
    assert (extraction["usage"]["calls"], extraction["usage"]["truncated"]) == (1, 1)


def test_cli_ctrl_c_exits_130_with_one_line_and_no_output_file(fake, capsys, tmp_path):
    server = fake(hang(3))
    output = tmp_path / "records.json"
    timer = threading.Timer(0.8, _thread.interrupt_main)  # Ctrl-C while the answer is awaited
    started = time.monotonic()
    timer.start()
    try:
        status, lines = run_cli(capsys, *model_options(server.url, "--timeout", "10", "-o", str(output)))
    finally:
        timer.cancel()
    assert time.monotonic() - started < 0.8 + 2
    assert status == 130
    assert lines[-1] == "summarizer: interrupted: no output written; answers received so far are cached"
    assert not output.exists() and not list(tmp_path.glob(".*.tmp"))


def test_ctrl_c_returns_within_two_seconds_even_with_a_request_in_flight(fake, tmp_path):
    server = fake(hang(12))
    env = {**os.environ, "SUMMARIZER_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "summarizer.cli.commands", "extract", str(SEED), *model_options(server.url, "--timeout", "30"),
         "-o", str(tmp_path / "out.json")],
        stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 60  # start-up (imports) is slow on a busy machine
    while not server.requests and time.monotonic() < deadline:  # wait until the request is in flight
        time.sleep(0.05)
    assert server.requests, "the command never called the model"
    process.send_signal(signal.SIGINT)
    interrupted = time.monotonic()
    try:
        _, err = process.communicate(timeout=5)
    finally:
        process.kill()
    assert time.monotonic() - interrupted < 2
    assert process.returncode == 130 and "Traceback" not in err
    assert err.splitlines()[-1] == "summarizer: interrupted: no output written; answers received so far are cached"
    assert not (tmp_path / "out.json").exists()


def test_one_request_the_server_keeps_failing_fails_its_page_alone(fake, capsys, tmp_path):
    """A server that answers every page but one, which gets HTTP 503 each time, ended the whole run
    with exit 2 and nothing written. The endpoint works (it answered the first page), so that page
    is listed as failed with the reason and the others are extracted."""
    from tests.conftest import SEEDS, SEED_IDS

    failing = SEED_IDS[1]

    def act(handler, server):
        request = handler.request_body
        if f"Article {failing}," in request["messages"][1]["content"]:
            return reply(503, {"error": {"message": "busy"}}, {"Retry-After": "0"})(handler, server)
        doc_id = request["messages"][1]["content"].split("Article ", 1)[1].split(",", 1)[0]
        return answer(Recording.load(doc_id).text())(handler, server)

    server = fake(act, lifetime=120)
    status = cli.main(["extract", str(SEEDS), "-o", str(tmp_path / "records"), "--concurrency", "1",
                       *model_options(server.url)])
    err = capsys.readouterr().err
    assert status == 1, err
    assert "kept failing this request: HTTP 503: busy (5 attempts)" in err
    assert f"summarizer: {len(SEED_IDS) - 1} record(s) (1 page(s) failed): " in err  # the failed page is no record
    assert sorted(p.stem for p in (tmp_path / "records").glob("*.json")) == [d for d in SEED_IDS if d != failing]
