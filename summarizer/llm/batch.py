"""OpenAI batch files: run the model calls of a command somewhere else, then answer from the cache.

`--batch-out FILE.jsonl` puts the gateway in batch mode (`Gateway.defer`): every request the
response cache cannot answer becomes one line of the OpenAI Batch API's input format and no
model is called. Any of these turns the file into results in the Batch API's output format:
OpenAI's Batch API, `vllm run-batch -i FILE -o RESULTS`, or `run` here (any OpenAI-compatible
endpoint, the embedded model by default). `import_results` files each answer in the cache under
the request's cache key (matched by `custom_id`), parsed as the gateway parses a live answer, so
the same command then runs with no call for those requests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import importlib
import errno
import json
import logging
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import instructor
from instructor.core.exceptions import IncompleteOutputException
from instructor.processing.response import process_response
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError

from summarizer import jsontext
from summarizer import console
from summarizer.llm.calllog import CallLog
from summarizer.llm.deferral import BATCH_URL, BatchRequest
from summarizer.llm.errors import BatchFileError, GatewayError
from summarizer.llm.salvage import describe_invalid, salvaged
from summarizer.llm.transport import MAX_CHARS_PER_TOKEN
from summarizer.models import Usage

if TYPE_CHECKING:  # annotations only: the client loads when a command runs a model
    from summarizer.llm.gateway import Gateway

log = logging.getLogger(__name__)


def jsonl(requests: list[BatchRequest]) -> str:
    """The batch file: one request per line, in the Batch API's input format."""
    return "".join(json.dumps(r.line(), ensure_ascii=False) + "\n" for r in requests)


def next_steps(path: Path, count: int) -> list[str]:
    """What to tell the user once `count` requests are in `path`."""
    results = path.with_name(f"{path.stem}-results.jsonl")
    return [
        f"wrote {count} request(s) the cache could not answer to {path}; no model was called",
        "run them in one of three ways:",
        f"  OpenAI Batch API: upload {path} (purpose batch), create a batch for {BATCH_URL}, download its output",
        f"  vLLM:             vllm run-batch -i {path} -o {results} --model MODEL",
        f"  here:             summarizer batch run {path} -o {results}  (embedded model, or --base-url/--model)",
        f"then: summarizer batch import {results}, and run this command again (a later stage may write a new batch)",
    ]


def read_lines(path: Path) -> Iterator[tuple[int, dict | str]]:
    """(line number, object) for each non-blank line of a JSONL file; a line that is not a JSON
    object gives its problem as a string instead."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BatchFileError(f"cannot read {path}: {error}") from None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = jsontext.loads(line)
        except json.JSONDecodeError as error:
            yield number, f"not JSON ({error.msg} at character {error.pos})"
            continue
        yield number, item if isinstance(item, dict) else "not a JSON object"


# ---- import ---------------------------------------------------------------------------------
@dataclass
class ImportReport:
    stored: int = 0
    already_cached: int = 0
    errors: list[str] = field(default_factory=list)  # one line each: "FILE, line N: custom_id: why"


def import_results(path: Path, calls: CallLog) -> ImportReport:
    """File every answer of a results file in the response cache; report each line that fails."""
    report = ImportReport()
    for number, item in read_lines(path):
        custom_id = item.get("custom_id") if isinstance(item, dict) else None
        where = f"{path}, line {number}" + (f": {custom_id}" if custom_id else "")
        try:
            outcome = _import_line(item, calls)
        except ValueError as error:
            report.errors.append(f"{where}: {error}")
            continue
        if outcome == "stored":
            report.stored += 1
        else:
            report.already_cached += 1
    return report


def _import_line(item: dict | str, calls: CallLog) -> str:
    if isinstance(item, str):
        raise ValueError(item)
    if not isinstance(item.get("custom_id"), str):
        raise ValueError("no custom_id")
    request = calls.batch_request(item["custom_id"])
    if request is None:
        raise ValueError("no request with this custom_id was written to a batch file with this cache "
                         "(another SUMMARIZER_HOME?)")
    if item.get("error"):
        raise ValueError(f"the batch reports an error: {_message(item['error'])}")
    response = item.get("response") or {}
    if not isinstance(response, dict):
        raise ValueError(f"the response is a JSON {type(response).__name__}, not an object with status_code and body")
    status, body = response.get("status_code"), response.get("body")
    if status != 200:
        error = body.get("error", body) if isinstance(body, dict) else body
        raise ValueError(f"HTTP {status}: {_message(error)}")
    try:
        completion = ChatCompletion.model_validate(body)
    except ValidationError:
        raise ValueError("the response body is not a chat completion") from None
    if not completion.choices:
        raise ValueError("the completion has no choices")
    content, max_tokens = completion.choices[0].message.content or "", request["max_tokens"]
    if isinstance(max_tokens, int) and len(content) > max_tokens * MAX_CHARS_PER_TOKEN:  # as a live answer is held
        raise ValueError(f"the answer is {len(content):,} characters long, more than max_tokens={max_tokens} allows")
    if calls.lookup(request["key"]) is not None:
        return "already cached"
    answer, truncated = parse_answer(_response_model(request["response_model"]), completion)
    usage = completion.usage
    calls.record(request["key"], model=request["model"], prompt=request["prompt"], prompt_hash=request["prompt_hash"],
                 request=json.loads(request["request"]), response=answer.model_dump(mode="json"), error=None,
                 usage=Usage(prompt_tokens=usage.prompt_tokens if usage else 0,
                             completion_tokens=usage.completion_tokens if usage else 0),
                 truncated=truncated, custom_id=item["custom_id"])
    return "stored"


def parse_answer(response_model: type[BaseModel], completion: ChatCompletion) -> tuple[BaseModel, bool]:
    """The answer in `completion` as instructor's JSON_SCHEMA mode parses a live one, and whether it
    was cut at max_tokens (then what came before the cut is kept, as the gateway does)."""
    try:
        return process_response(completion, response_model=response_model, stream=False,
                                mode=instructor.Mode.JSON_SCHEMA), False
    except IncompleteOutputException:
        content = completion.choices[0].message.content or ""
        try:
            return salvaged(response_model, content), True
        except (ValueError, ValidationError) as error:
            raise ValueError(f"the answer was cut at max_tokens and what came before the cut does not fit "
                             f"the schema: {describe_invalid(error)}") from None
    except (ValidationError, json.JSONDecodeError) as error:
        raise ValueError(f"the answer does not fit the schema: {describe_invalid(error)}") from None


def _response_model(path: str) -> type[BaseModel]:
    module, _, name = path.partition(":")
    try:
        found = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        raise ValueError(f"this version has no answer schema {path}") from None
    return found


def _message(error) -> str:
    if isinstance(error, dict):
        return str(error.get("message") or error.get("code") or error)
    return str(error)


# ---- run ------------------------------------------------------------------------------------
@dataclass
class RunReport:
    answered: int = 0
    failed: int = 0
    usage: Usage = field(default_factory=Usage)


def run(path: Path, output: Path, gateway: Gateway) -> RunReport:
    """Send every line of the batch file `path` through `gateway`, `config.in_flight` at a time,
    and add each result to `output` as it arrives (OpenAI's batch output format, as vLLM's
    run-batch writes it): an interrupted run keeps every finished line. A request that fails is a
    result line with its error; a dead endpoint stops the run (`RunStopped`).

    `output` is added to, never truncated: the answers an earlier run paid for stay, and a request
    `output` already answers is not sent again, so running the same command after a failure goes
    on where it stopped."""
    if output.exists() and output.resolve() == path.resolve():
        raise BatchFileError(f"-o {output}: is the batch file itself; give another file for the results")
    answered = answered_ids(output)
    lines = []
    for number, item in read_lines(path):
        if isinstance(item, str) or not isinstance(item.get("body"), dict) or not item.get("custom_id"):
            raise BatchFileError(f"{path}, line {number}: not a batch request (custom_id, method, url, body)"
                                 + (f": {item}" if isinstance(item, str) else ""))
        if item.get("url") != BATCH_URL:
            raise BatchFileError(f"{path}, line {number}: url {item.get('url')!r}; only {BATCH_URL} can be run")
        lines.append(item)
    report = RunReport()
    if kept := [item for item in lines if item["custom_id"] in answered]:
        log.info(f"{len(kept)} request(s) already answered in {output}: kept, not sent again")
        lines = [item for item in lines if item["custom_id"] not in answered]
    started = time.monotonic()
    log.info(f"running {len(lines)} request(s) of {path} with {gateway.config.describe()}")

    def send(item: dict) -> tuple[dict, Usage]:
        try:
            completion, usage = gateway.complete(item["custom_id"], item["body"])
        except GatewayError as error:
            return _result(item["custom_id"], error=str(error)), error.usage
        return _result(item["custom_id"], body=completion), usage

    if output.exists() and output.stat().st_size:
        with output.open("rb+") as results:
            results.seek(-1, os.SEEK_END)
            if results.read(1) != b"\n":
                results.write(b"\n")  # a line cut by a crash stays a line of its own, which import reports
    with output.open("ab", buffering=0) as results, console.progress("batch", len(lines)) as advance:
        def written(outcome: tuple[dict, Usage]) -> None:
            result, usage = outcome
            line, end = (json.dumps(result, ensure_ascii=False) + "\n").encode("utf-8"), results.tell()
            try:
                if results.write(line) != len(line):
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            except OSError as error:  # a full disk: no half line, and the lines before stay
                results.truncate(end)
                raise BatchFileError(f"{output}: cannot write ({error.strerror}); the {report.answered + report.failed} "
                                     "result(s) before are kept: run the same command again to go on") from None
            report.usage = report.usage.add(usage)
            done = report.answered + report.failed + 1
            if result["error"]:
                report.failed += 1
                log.warning(f"[{done}/{len(lines)}] {result['custom_id']}: ERROR {result['error']['message']}")
            else:
                report.answered += 1
                log.info(f"[{done}/{len(lines)}] {result['custom_id']}: {usage.prompt_tokens} prompt + "
                         f"{usage.completion_tokens} completion tokens, {time.monotonic() - started:.0f}s elapsed")
            advance()

        gateway.map(send, lines, written)
    return report


def answered_ids(output: Path) -> set[str]:
    """The custom_ids a results file already holds an answer (not an error) for; none when it does
    not exist or cannot be read as one."""
    if not output.is_file():
        return set()
    try:
        return {item["custom_id"] for _, item in read_lines(output)
                if isinstance(item, dict) and isinstance(item.get("custom_id"), str)
                and isinstance(item.get("response"), dict) and not item.get("error")}
    except BatchFileError:
        return set()


def _result(custom_id: str, body: dict | None = None, error: str | None = None) -> dict:
    """One line of OpenAI's batch output format."""
    return {
        "id": f"batch_req_{uuid.uuid4().hex}",
        "custom_id": custom_id,
        "response": None if body is None else {"status_code": 200, "request_id": f"req_{uuid.uuid4().hex}",
                                               "body": body},
        "error": None if error is None else {"code": "request_failed", "message": error},
    }
