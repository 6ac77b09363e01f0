import json

import pytest
from pydantic import BaseModel, Field

from summarizer.gateway import ContextOverflow, Gateway, GatewayError, ModelConfig
from summarizer.prompts import load_prompt
from tests.replay import Replay, chat_completion


class Answer(BaseModel):
    place: str = Field(min_length=3)
    count: int


CONFIG = ModelConfig(base_url="http://replay.invalid/v1", model="replay-model", validation_retries=2)


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


def test_failure_after_all_retries_is_one_gateway_error_and_is_logged(tmp_path):
    replay = Replay([(200, chat_completion('{"place": "A", "count": 1}'))] * 3)
    with gateway(replay, tmp_path) as gw:
        with pytest.raises(GatewayError, match="extract"):
            ask(gw)
        errors = gw.calls._db.execute("SELECT count(*) FROM calls WHERE error IS NOT NULL").fetchone()[0]
    assert errors == 1


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
        with pytest.raises(GatewayError, match="--base-url"):
            gw.identity
