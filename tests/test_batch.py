"""OpenAI batch files: --batch-out writes what the cache cannot answer and calls nothing; `batch run`
answers a batch file from an OpenAI-compatible server; `batch import` files the answers in the
cache, after which the same command makes no call.

The server is the fake OpenAI server of tests/fake_endpoint.py on 127.0.0.1, answering each
extraction request with the recorded model answer for its page.
"""

from __future__ import annotations

import errno
import json
import pathlib
import re

import pytest

from summarizer.cli import commands as cli
from summarizer.llm.embedded import DEFAULT_MODEL, REPEAT_PENALTY
from summarizer.stages.extract import DraftRecord
from summarizer.llm.deferral import BATCH_URL
from tests.conftest import seed_path
from tests.fake_endpoint import answer, obey, reply
from tests.replay import Recording, chat_completion

PAGES = [seed_path("000"), seed_path("001")]  # two reports of the Amman meeting
BRIEF_ANSWER = {"headline": {"text": "اجتماع عمان", "claims": [1]}, "overview": []}


def recorded_answer(request: dict) -> str:
    """An extraction request's page's recorded answer; BRIEF_ANSWER for a brief request."""
    if request["response_format"]["json_schema"]["name"] == DraftRecord.__name__:
        doc_id = re.match(r"Article (\S+),", request["messages"][1]["content"]).group(1)
        return Recording.load(doc_id).text()
    return json.dumps(BRIEF_ANSWER, ensure_ascii=False)


@pytest.fixture
def server(fake):
    return fake(obey(recorded_answer), lifetime=120)


def run(capsys, *arguments) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in arguments])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def model(server) -> list[str]:
    return ["--base-url", server.url, "--model", "fake", "--timeout", "5"]


def batch_lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_batch_out_writes_what_the_cache_cannot_answer_as_the_live_request_and_calls_nothing(server, capsys, tmp_path):
    code, out, _ = run(capsys, "extract", PAGES[0], "--json", *model(server))  # page 000 is now cached
    assert code == 0 and len(server.requests) == 1
    batch = tmp_path / "batch.jsonl"
    code, out, err = run(capsys, "extract", *PAGES, "-o", tmp_path / "records", "--batch-out", batch, *model(server))
    assert code == 0 and out == "" and len(server.requests) == 1  # no call
    assert f"wrote 1 request(s) the cache could not answer to {batch}; no model was called" in err
    assert f"summarizer batch run {batch} -o" in err and "vllm run-batch -i" in err and "summarizer batch import" in err
    assert f"[2/2] {PAGES[1].stem}: deferred to the batch file" in err or f"[1/2] {PAGES[1].stem}: deferred" in err
    assert not list((tmp_path / "records").glob(f"{PAGES[1].stem}*"))  # nothing saved for the page without answer
    (line,) = batch_lines(batch)
    assert line.keys() == {"custom_id", "method", "url", "body"}
    assert (line["method"], line["url"]) == ("POST", BATCH_URL)
    assert line["custom_id"].startswith("extract-")

    code, *_ = run(capsys, "extract", PAGES[1], "--no-cache", "--json", *model(server))  # the live request
    assert code == 0 and len(server.requests) == 2
    assert line["body"] == server.requests[-1]  # what instructor's JSON_SCHEMA mode sends, to the byte of JSON
    assert line["body"]["response_format"]["type"] == "json_schema"
    assert line["body"]["response_format"]["json_schema"]["schema"] == DraftRecord.model_json_schema()


def test_batch_out_with_the_embedded_default_starts_no_model(capsys, tmp_path):
    batch = tmp_path / "batch.jsonl"
    code, _, err = run(capsys, "extract", PAGES[0], "--batch-out", batch)
    assert code == 0 and "starting embedded model" not in err
    (line,) = batch_lines(batch)
    assert line["body"]["model"] == DEFAULT_MODEL and line["body"]["repeat_penalty"] == REPEAT_PENALTY


def test_round_trip_batch_run_then_import_then_the_command_makes_no_call(server, capsys, tmp_path):
    batch, results = tmp_path / "batch.jsonl", tmp_path / "results.jsonl"
    extract = ["extract", *PAGES, "--json", *model(server)]
    assert run(capsys, *extract, "--batch-out", batch)[0] == 0
    written = batch_lines(batch)
    assert len(written) == 2 and not server.requests

    code, _, err = run(capsys, "batch", "run", batch, "-o", results, "--concurrency", "2", *model(server))
    assert code == 0, err
    assert "2 answered, 0 failed: 2 model call(s), 200 prompt + 100 completion tokens" in err
    assert len(server.requests) == 2
    answered = batch_lines(results)
    assert sorted(r["custom_id"] for r in answered) == sorted(w["custom_id"] for w in written)
    for result in answered:  # OpenAI's batch output format
        assert result["id"].startswith("batch_req_") and result["error"] is None
        assert result["response"]["status_code"] == 200
        assert result["response"]["body"]["object"] == "chat.completion"

    code, _, err = run(capsys, "batch", "import", results)
    assert code == 0 and "stored 2 answer(s) in the response cache" in err
    assert "2 were there already" in run(capsys, "batch", "import", results)[2]

    code, out, err = run(capsys, *extract)
    assert code == 0 and len(server.requests) == 2  # no call
    assert "usage: 0 model call(s), 2 cached" in err
    from_batch = json.loads(out)
    code, out, _ = run(capsys, *extract, "--no-cache")  # the same pages asked live
    assert code == 0 and len(server.requests) == 4
    assert [e["record"] for e in from_batch] == [e["record"] for e in json.loads(out)]

    logged = json.loads(run(capsys, "logs", "--json", "-n", "0")[1])
    imported = [row for row in logged if row["custom_id"]]
    assert len(imported) == 2 and all(r["prompt"] == "extract" and r["prompt_tokens"] == 100 for r in imported)


@pytest.mark.parametrize("command", ["brief", "daily"])  # the two Amman pages: one event of two sources
def test_a_brief_takes_two_rounds_and_then_no_call(command, server, capsys, tmp_path):
    batch, results = tmp_path / "batch.jsonl", tmp_path / "results.jsonl"
    brief = [command, *PAGES, "--lang", "ar", "--format", "json", *model(server)]
    rounds = []
    for _ in range(2):
        code, out, err = run(capsys, *brief, "--batch-out", batch)
        assert code == 0 and out == ""
        rounds.append([line["custom_id"].split("-")[0] for line in batch_lines(batch)])
        assert run(capsys, "batch", "run", batch, "-o", results, *model(server))[0] == 0
        assert run(capsys, "batch", "import", results)[0] == 0
    assert rounds == [["extract", "extract"], ["brief"]]  # the brief's request needs the records first
    calls = len(server.requests)

    code, out, err = run(capsys, *brief, "--batch-out", batch)
    assert code == 0 and len(server.requests) == calls == 3
    assert batch.read_text() == "" and f"every model request was answered from the cache: {batch} is empty" in err
    written = json.loads(out)
    assert written["usage"]["calls"] == 0 and written["usage"]["cached_calls"] == 3  # two pages and the brief


def custom_id_of(batch, page) -> str:
    (custom_id,) = [line["custom_id"] for line in batch_lines(batch)
                    if f"Article {page.stem}," in line["body"]["messages"][1]["content"]]
    return custom_id


def result_line(custom_id: str, content: str | None = None, *, status: int = 200, error: dict | None = None,
                finish_reason: str = "stop") -> dict:
    body = chat_completion(content or "", 10, 5)
    body["choices"][0]["finish_reason"] = finish_reason
    if status != 200:
        body = {"error": {"message": "model overloaded"}}
    return {"id": "batch_req_1", "custom_id": custom_id, "error": error,
            "response": None if error else {"status_code": status, "request_id": "r", "body": body}}


def test_import_stores_what_fits_and_reports_every_other_line(capsys, tmp_path):
    batch = tmp_path / "batch.jsonl"
    assert run(capsys, "extract", *PAGES, "--batch-out", batch)[0] == 0  # the embedded default: no model started
    first, second = (custom_id_of(batch, page) for page in PAGES)
    good = Recording.load(PAGES[0].stem).text()
    cut = good[: good.index('"participants"') + len('"participants": [')]  # cut inside the second field
    lines = [
        json.dumps(result_line("extract-unknown", good)),
        "{not json",
        json.dumps(result_line(first, error={"code": "batch_expired", "message": "This request could not be executed"})),
        json.dumps(result_line(first, status=500)),
        json.dumps(result_line(first, '{"event": 3}')),
        json.dumps({"response": {}}),
        "",
        json.dumps({"custom_id": first, "response": "200 OK"}),  # a string, then a list: one line each
        json.dumps({"custom_id": first, "response": [1, 2]}),
        json.dumps(result_line(first, good + " " * 1_000_000)),  # 1 MB: the live path refuses it too
        json.dumps(result_line(second, cut, finish_reason="length")),
        "[" * 100_000 + "]" * 100_000,  # past the parser's recursion limit
    ]
    results = tmp_path / "results.jsonl"
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "batch", "import", results)
    assert code == 1
    problems = [line.removeprefix(f"summarizer: {results}, ") for line in err.splitlines()[:-1]]
    assert problems == [
        "line 1: extract-unknown: no request with this custom_id was written to a batch file with this cache "
        "(another SUMMARIZER_HOME?)",
        "line 2: not JSON (Expecting property name enclosed in double quotes at character 1)",
        f"line 3: {first}: the batch reports an error: This request could not be executed",
        f"line 4: {first}: HTTP 500: model overloaded",
        f"line 5: {first}: the answer does not fit the schema: event: Input should be an object (got 3); 5 more "
        "problems",
        "line 6: no custom_id",
        f"line 8: {first}: the response is a JSON str, not an object with status_code and body",
        f"line 9: {first}: the response is a JSON list, not an object with status_code and body",
        f"line 10: {first}: the answer is {len(good) + 1_000_000:,} characters long, more than max_tokens=640 allows",
        "line 12: not JSON (nested too deeply at character 0)",
    ]
    assert err.splitlines()[-1] == "summarizer: stored 1 answer(s) in the response cache; 10 line(s) failed"

    code, out, err = run(capsys, "extract", PAGES[1], "--json", "--batch-out", batch)  # the cut answer, salvaged
    assert code == 0 and batch.read_text() == ""
    (extraction,) = json.loads(out)
    assert extraction["record"]["event"] is not None and extraction["usage"]["truncated"] == 1


def test_batch_run_reports_a_refused_request_on_its_line(fake, capsys, tmp_path):
    server = fake(reply(400, {"error": {"message": "the request exceeds the available context size"}}),
                  answer(Recording.load(PAGES[1].stem).text()))
    batch, results = tmp_path / "batch.jsonl", tmp_path / "results.jsonl"
    assert run(capsys, "extract", *PAGES, "--batch-out", batch, *model(server))[0] == 0
    code, _, err = run(capsys, "batch", "run", batch, "-o", results, "--concurrency", "1", *model(server))
    assert code == 1 and "1 answered, 1 failed" in err
    refused, answered = batch_lines(results)
    assert refused["response"] is None and refused["error"]["message"] == (
        f"{refused['custom_id']}: {server.url} refused the request: HTTP 400: the request exceeds the available "
        "context size")
    assert answered["error"] is None and answered["response"]["status_code"] == 200


@pytest.mark.parametrize("content, message", [
    ('{"custom_id": "a", "method": "POST", "url": "/v1/embeddings", "body": {}}\n',
     "line 1: url '/v1/embeddings'; only /v1/chat/completions can be run"),
    ('{"custom_id": "a"}\n', "line 1: not a batch request (custom_id, method, url, body)"),
])
def test_batch_run_refuses_a_file_it_cannot_run_in_one_line(capsys, tmp_path, content, message):
    batch = tmp_path / "batch.jsonl"
    batch.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "batch", "run", batch, "-o", tmp_path / "r.jsonl", "--base-url", "http://127.0.0.1:9/v1",
                       "--model", "m")
    assert code == 2 and err.splitlines() == [f"summarizer: error: {batch}, {message}"]
    assert not (tmp_path / "r.jsonl").exists()


def test_an_unwritable_batch_file_is_one_line_before_any_work(capsys, tmp_path):
    batch = tmp_path / "no-such-folder" / "batch.jsonl"
    code, out, err = run(capsys, "extract", *PAGES, "--batch-out", batch)
    assert code == 2 and out == ""
    assert err.splitlines() == [f"summarizer: error: --batch-out {batch}: cannot write there (No such file or directory)"]


def test_batch_run_adds_to_its_results_and_never_truncates_them(fake, capsys, tmp_path):
    """Five paid answers in results.jsonl, then the same command against a dead endpoint: they
    stay. Run again against a live one, only the requests not yet answered are sent. A batch file
    named as its own results is refused before anything is written."""
    live = fake(obey(recorded_answer), lifetime=120)
    batch, results = tmp_path / "batch.jsonl", tmp_path / "results.jsonl"
    assert run(capsys, "extract", *PAGES, "--batch-out", batch, *model(live))[0] == 0
    requests = batch_lines(batch)
    first = tmp_path / "first.jsonl"
    first.write_text(json.dumps(requests[0]) + "\n", encoding="utf-8")
    assert run(capsys, "batch", "run", first, "-o", results, *model(live))[0] == 0
    paid = results.read_text(encoding="utf-8")
    assert len(batch_lines(results)) == 1

    code, _, err = run(capsys, "batch", "run", batch, "-o", results, "--base-url", "http://127.0.0.1:9/v1",
                       "--model", "m", "--timeout", "2")
    assert code == 2 and results.read_text(encoding="utf-8") == paid, err

    sent_before = len(live.requests)
    code, _, err = run(capsys, "batch", "run", batch, "-o", results, *model(live))
    assert code == 0 and "1 request(s) already answered" in err
    assert len(live.requests) - sent_before == len(requests) - 1  # the answered one is not sent again
    assert {line["custom_id"] for line in batch_lines(results)} == {r["custom_id"] for r in requests}

    before = batch.read_text(encoding="utf-8")
    code, _, err = run(capsys, "batch", "run", batch, "-o", batch, *model(live))
    assert code == 2 and err.splitlines() == [
        f"summarizer: error: -o {batch}: is the batch file itself; give another file for the results"]
    assert batch.read_text(encoding="utf-8") == before


def test_a_full_disk_during_batch_run_leaves_no_half_line_and_keeps_what_was_written(fake, capsys, tmp_path, monkeypatch):
    """The second result line meets a full disk: the first stays whole, nothing of the second is
    left, and the run ends in one line saying how to go on."""
    live = fake(obey(recorded_answer), lifetime=120)
    batch, results = tmp_path / "batch.jsonl", tmp_path / "results.jsonl"
    assert run(capsys, "extract", *PAGES, "--batch-out", batch, *model(live))[0] == 0
    opened = pathlib.Path.open

    def open_on_a_small_disk(path, mode="r", *args, **kwargs):
        file = opened(path, mode, *args, **kwargs)
        if path != results or mode != "ab":
            return file

        class SmallDisk(type(file)):  # room for one line
            def write(self, data):
                if self.tell() > 0:
                    super().write(data[:100])
                    raise OSError(errno.ENOSPC, "No space left on device")
                return super().write(data)

        file.close()
        return SmallDisk(path, mode)

    monkeypatch.setattr(pathlib.Path, "open", open_on_a_small_disk)
    code, _, err = run(capsys, "batch", "run", batch, "-o", results, *model(live), "--concurrency", "1")
    assert code == 2 and err.splitlines()[-1] == (f"summarizer: error: {results}: cannot write (No space left on "
                                                  "device); the 1 result(s) before are kept: run the same command "
                                                  "again to go on")
    assert len(batch_lines(results)) == 1 and results.read_text(encoding="utf-8").endswith("\n")
