import json
import time

import pytest
from pydantic import BaseModel, Field, ValidationError

from summarizer.llm.gateway import (
    ContextOverflow,
    DeadlineReached,
    EndpointDown,
    Gateway,
    GatewayError,
    Interrupted,
    ModelConfig,
    NoModel,
)
from summarizer.llm.salvage import describe_invalid, salvage_json
from summarizer.models import Usage
from summarizer.llm.prompts import load_prompt
from tests.conftest import Answer
from tests.replay import Replay, chat_completion


CONFIG = ModelConfig(base_url="http://replay.invalid/v1", model="replay-model", validation_retries=2, backoff=0.01)


def gateway(replay: Replay, tmp_path, **changes) -> Gateway:
    config = ModelConfig(**{**CONFIG.__dict__, "cache_path": tmp_path / "calls.sqlite", **changes})
    return Gateway(config, client=replay.client())


def ask(gw: Gateway, body: str = "نص المقال"):
    return gw.structured(load_prompt("extract"), Answer, 200, doc_id="d1", sentences=[body], truncated=False)


def test_answer_is_parsed_counted_and_served_from_cache_the_second_time(tmp_path):
    replay = Replay([(200, chat_completion('{"place": "Amman", "count": 6}', 120, 30))])
    with gateway(replay, tmp_path) as gw:
        first, usage = ask(gw)
        second, cached_usage = ask(gw)
    assert first.model_dump() == second.model_dump() == {"place": "Amman", "count": 6}
    assert (usage.calls, usage.prompt_tokens, usage.completion_tokens) == (1, 120, 30)
    assert (cached_usage.calls, cached_usage.cached_calls) == (0, 1)
    assert len(replay.requests) == 1
    assert replay.requests[0]["response_format"]["type"] == "json_schema"


def test_cache_survives_a_new_process_and_no_cache_asks_again(tmp_path):
    answer = (200, chat_completion('{"place": "Amman", "count": 6}'))
    with gateway(Replay([answer]), tmp_path) as gw:
        ask(gw)
    with gateway(Replay([]), tmp_path) as gw:  # a fresh gateway on the same database
        assert ask(gw)[1].cached_calls == 1
    replay = Replay([answer])
    with gateway(replay, tmp_path, use_cache=False) as gw:
        assert ask(gw)[1].calls == 1
    assert len(replay.requests) == 1


def test_changed_input_is_a_cache_miss(tmp_path):
    replay = Replay([(200, chat_completion('{"place": "Amman", "count": 6}'))] * 2)
    with gateway(replay, tmp_path) as gw:
        ask(gw, "نص أول")
        ask(gw, "نص ثان")
    assert len(replay.requests) == 2


def test_validation_error_is_fed_back_and_usage_sums_over_attempts(tmp_path):
    replay = Replay([
        (200, chat_completion('{"place": "A", "count": 6}', 100, 10)),  # too short: invalid
        (200, chat_completion('{"place": "Amman", "count": 6}', 150, 12)),
    ])
    with gateway(replay, tmp_path) as gw:
        result, usage = ask(gw)
    assert result.place == "Amman"
    assert (usage.calls, usage.prompt_tokens, usage.completion_tokens) == (2, 250, 22)
    retry_messages = replay.requests[1]["messages"]
    assert len(retry_messages) > len(replay.requests[0]["messages"])
    assert "place" in json.dumps(retry_messages[-1], ensure_ascii=False)


def test_server_errors_and_rate_limits_are_retried_with_backoff(tmp_path):
    replay = Replay([
        (500, {"error": {"message": "overloaded"}}),
        (429, {"error": {"message": "slow down"}}),
        (200, chat_completion('{"place": "Amman", "count": 6}')),
    ])
    with gateway(replay, tmp_path) as gw:
        assert ask(gw)[0].place == "Amman"
    assert len(replay.requests) == 3


def test_failure_after_all_retries_is_one_gateway_error_with_the_usage_of_every_attempt(tmp_path):
    replay = Replay([(200, chat_completion('{"place": "A", "count": 1}', 100 + i, 10 + i)) for i in range(3)])
    with gateway(replay, tmp_path) as gw:
        with pytest.raises(GatewayError) as raised:
            ask(gw)
        rows = gw.calls.db.execute(
            "SELECT attempt, error, prompt_tokens, completion_tokens FROM calls ORDER BY id").fetchall()
    error = raised.value
    assert str(error) == ("extract: no answer fitted the schema in 3 attempts; "
                          "last: place: String should have at least 3 characters (got 'A')")
    usage = error.usage
    assert (usage.calls, usage.prompt_tokens, usage.completion_tokens) == (3, 303, 33)
    assert usage.seconds > 0
    # every failed attempt is logged with its own tokens and why it failed
    assert [(r[0], r[2], r[3]) for r in rows] == [(1, 100, 10), (2, 101, 11), (3, 102, 12)]
    assert all(r[1].startswith("extract: place: String should have at least 3 characters") for r in rows)


def test_request_that_cannot_fit_the_context_is_refused_before_calling(tmp_path):
    replay = Replay([])
    with gateway(replay, tmp_path, context_tokens=300) as gw:
        with pytest.raises(ContextOverflow):
            ask(gw, "كلمة " * 400)
    assert replay.requests == []


def test_config_reads_the_environment_and_flags_win(monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1")
    monkeypatch.setenv("SUMMARIZER_MODEL", "qwen2.5:7b")
    monkeypatch.setenv("OPENAI_API_KEY", "k")
    config = ModelConfig.from_env(model="llama3.1")
    assert (config.base_url, config.model, config.api_key) == ("http://127.0.0.1:11434/v1", "llama3.1", "k")
    assert not config.is_embedded


def test_unknown_packaged_model_without_endpoint_says_how_to_fix(tmp_path):
    with Gateway(ModelConfig(model="gpt-4o", cache_path=tmp_path / "c.sqlite")) as gw:
        with pytest.raises(NoModel, match="--base-url"):
            gw.identity


def test_transport_retries_count_as_calls_and_a_dead_status_is_not_retried(tmp_path):
    replay = Replay([
        (500, {"error": {"message": "overloaded"}}),
        (503, {"error": {"message": "busy"}}),
        (200, chat_completion('{"place": "Amman", "count": 6}', 120, 30)),
    ])
    with gateway(replay, tmp_path) as gw:
        _, usage = ask(gw)
    assert (usage.calls, usage.prompt_tokens, usage.completion_tokens) == (3, 120, 30)

    replay = Replay([(401, {"error": {"message": "Incorrect API key provided"}})] * 3)
    with gateway(replay, tmp_path, use_cache=False) as gw:
        with pytest.raises(EndpointDown) as raised:
            ask(gw)
        with pytest.raises(EndpointDown):  # sticky: the next call does not even try
            ask(gw, "نص آخر")
    assert str(raised.value) == ("http://replay.invalid/v1: HTTP 401: Incorrect API key provided "
                                 "(check --api-key / OPENAI_API_KEY)")
    assert raised.value.usage.calls == 1 and len(replay.requests) == 1


def test_errors_after_every_transport_retry_say_how_many_attempts(tmp_path):
    replay = Replay([(503, {"error": {"message": "busy"}})] * 6)
    with gateway(replay, tmp_path, retries=2) as gw:
        with pytest.raises(GatewayError, match=r"^extract: http://replay.invalid/v1 kept failing this request: "
                                               r"HTTP 503: busy \(3 attempts\)$"):
            ask(gw)  # the first to fail before any answer fails alone
        with pytest.raises(EndpointDown, match=r"^http://replay.invalid/v1: HTTP 503: busy \(3 attempts\)$") as raised:
            ask(gw, "نص آخر")
    assert raised.value.usage.calls == 3


def test_credentials_of_the_base_url_are_never_written(tmp_path):
    url = "http://alice:s3cret-pw@replay.invalid/v1?api-key=k3y-in-query"
    replay = Replay([(200, chat_completion('{"place": "Amman", "count": 6}')),
                     (403, {"error": {"message": "key k3y-in-query is not allowed for alice"}})])
    with gateway(replay, tmp_path, base_url=url, api_key="sk-abcdef") as gw:
        ask(gw)
        with pytest.raises(EndpointDown) as raised:
            ask(gw, "نص آخر")
        logged = gw.calls.db.execute("SELECT model, error FROM calls").fetchall()
        identity, described = gw.identity, gw.config.describe()
    text = " ".join(map(str, [logged, identity, described, raised.value]))
    for secret in ("s3cret-pw", "k3y-in-query", "alice", "sk-abcdef"):
        assert secret not in text
    assert logged[0][0] == "http://***@replay.invalid/v1?api-key=***|replay-model"


class Listing(BaseModel):
    place: str
    names: list[str] = Field(max_length=3)
    counts: list[int]


def cut(content: str, prompt_tokens: int = 100, completion_tokens: int = 200) -> tuple[int, dict]:
    body = chat_completion(content, prompt_tokens, completion_tokens)
    body["choices"][0]["finish_reason"] = "length"
    return 200, body


def ask_listing(gw: Gateway):
    return gw.structured(load_prompt("extract"), Listing, 200, doc_id="d1", sentences=["نص"], truncated=False)


def test_an_answer_cut_at_max_tokens_is_salvaged_counted_and_cached(tmp_path):
    replay = Replay([cut('{"place": "Amman", "names": ["a", "b", "c", "d", "e", "f", "g", "h", "i')])
    with gateway(replay, tmp_path) as gw:
        result, usage = ask_listing(gw)
        again, cached = ask_listing(gw)
        flags = gw.calls.db.execute("SELECT truncated, error, cached FROM calls").fetchall()
    # the unfinished item is dropped, the list kept to its schema's bound, the unwritten list empty
    assert result.model_dump() == again.model_dump() == {"place": "Amman", "names": ["a", "b", "c"], "counts": []}
    assert (usage.calls, usage.truncated, usage.completion_tokens) == (1, 1, 200)
    assert (cached.cached_calls, cached.truncated) == (1, 1)
    assert flags == [(1, None, 0), (1, None, 1)] and len(replay.requests) == 1  # the answer, then the cache hit


def test_a_cut_answer_with_nothing_usable_is_one_error_with_its_usage(tmp_path):
    replay = Replay([cut('{"names": ["a"], "pla')])
    with gateway(replay, tmp_path) as gw:
        with pytest.raises(GatewayError) as raised:
            ask_listing(gw)
    assert str(raised.value) == ("extract: the answer was cut at max_tokens=200 and what came before the cut "
                                 "does not fit the schema: place: Field required")
    assert (raised.value.usage.calls, raised.value.usage.truncated) == (1, 1)


@pytest.mark.parametrize("text, expected", [
    ('{"a": [1, 2, 3', {"a": [1, 2]}),  # 3 may have been 30
    ('{"a": [1, 2, 3,', {"a": [1, 2, 3]}),
    ('{"a": [{"x": 1}, {"x": 2, "y": "ab', {"a": [{"x": 1}]}),  # the unfinished item goes whole
    ('{"a": [{"x": 1}', {"a": [{"x": 1}]}),
    ('{"a": "done", "b": "unfini', {"a": "done"}),
    ('{"a": "x\\" still", "b": tr', {"a": 'x" still'}),
    ('{"a": {"b": [', {"a": {"b": []}}),
    ('```json\n{"a": 1, "b": 2', {"a": 1}),
])
def test_salvage_keeps_exactly_the_values_written_in_full(text, expected):
    assert salvage_json(text) == expected


def test_repetition_control_is_sent_and_is_part_of_the_cache_key(tmp_path):
    answer = (200, chat_completion('{"place": "Amman", "count": 6}'))
    replay = Replay([answer] * 3)
    with Gateway(ModelConfig(cache_path=tmp_path / "e.sqlite"), client=replay.client()) as gw:  # embedded
        ask(gw)
    assert (replay.requests[0]["repeat_penalty"], replay.requests[0]["repeat_last_n"]) == (1.1, 64)
    assert "frequency_penalty" not in replay.requests[0]
    with gateway(replay, tmp_path) as gw:  # a remote endpoint gets nothing it may not know
        ask(gw)
    assert not {"repeat_penalty", "frequency_penalty"} & set(replay.requests[1])
    with gateway(replay, tmp_path, frequency_penalty=0.3) as gw:
        assert ask(gw)[1].calls == 1  # not the answer cached without the penalty
    assert replay.requests[2]["frequency_penalty"] == 0.3 and "repeat_penalty" not in replay.requests[2]


def test_remote_endpoints_get_a_short_timeout_the_embedded_model_a_long_one():
    assert ModelConfig(base_url="http://x/v1").request_timeout == 120
    assert ModelConfig().request_timeout == 900
    assert ModelConfig(base_url="http://x/v1", timeout=5).request_timeout == 5


def test_past_the_deadline_no_call_starts_but_cached_answers_are_served(tmp_path):
    replay = Replay([(200, chat_completion('{"place": "Amman", "count": 6}'))])
    with gateway(replay, tmp_path) as gw:
        ask(gw)
    with gateway(replay, tmp_path, deadline=0.01) as gw:
        time.sleep(0.02)
        assert ask(gw)[1].cached_calls == 1
        with pytest.raises(DeadlineReached, match="^deadline of 0.01 s reached: no new model call started$"):
            ask(gw, "نص جديد")
    assert len(replay.requests) == 1


def test_schema_errors_are_described_in_one_line():
    with pytest.raises(ValidationError) as raised:
        Listing.model_validate({"place": 3, "names": "x"})
    assert describe_invalid(raised.value) == "place: Input should be a valid string (got 3); 2 more problems"
    with pytest.raises(ValidationError) as raised:
        Listing.model_validate_json('{"place": ')
    assert describe_invalid(raised.value).startswith("the answer is not valid JSON (EOF while parsing")


# ---- Gateway.map --------------------------------------------------------------------------
def asker(gw: Gateway):
    """Like extract: a failed call is the item's own business, returned as text."""
    def ask_one(body: str) -> str:
        try:
            return ask(gw, body)[0].place
        except GatewayError as error:
            return f"failed: {error}"
    return ask_one


def test_map_returns_in_input_order_and_one_failed_item_does_not_stop_the_others(tmp_path):
    bad = (200, chat_completion('{"place": "A", "count": 1}'))
    replay = Replay([bad] * 3 + [(200, chat_completion('{"place": "Amman", "count": 6}'))])
    done = []
    with gateway(replay, tmp_path, concurrency=1) as gw:
        results = gw.map(asker(gw), ["نص أول", "نص ثان"], done.append)
    assert results[0].startswith("failed: extract: no answer fitted the schema in 3 attempts")
    assert results[1] == "Amman" and done == results


def test_map_stops_at_a_dead_endpoint_and_raises_its_error_once(tmp_path):
    replay = Replay([(401, {"error": {"message": "bad key"}})] * 5)
    done = []
    with gateway(replay, tmp_path, concurrency=2) as gw:
        with pytest.raises(EndpointDown, match="HTTP 401: bad key"):
            gw.map(asker(gw), [f"نص {i}" for i in range(5)], done.append)
    assert done == [] and 1 <= len(replay.requests) <= 2  # the second worker's call may have been in flight


def test_map_on_ctrl_c_cancels_the_queue_and_returns_at_once(tmp_path):
    replay = Replay([(200, chat_completion('{"place": "Amman", "count": 6}'))] * 5)

    def interrupt(_):
        raise KeyboardInterrupt

    with gateway(replay, tmp_path, concurrency=1) as gw:
        started = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            gw.map(asker(gw), [f"نص {i}" for i in range(5)], interrupt)
        assert time.monotonic() - started < 2
        assert isinstance(gw.stopped, Interrupted)
        time.sleep(0.1)
    assert len(replay.requests) <= 2  # the finished item and at most the one in flight


def test_usage_adds_every_counter():
    total = Usage(calls=2, prompt_tokens=10, truncated=1).add(Usage(calls=1, cached_calls=1, truncated=1))
    assert (total.calls, total.cached_calls, total.prompt_tokens, total.truncated) == (3, 1, 10, 2)
