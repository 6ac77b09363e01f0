"""An answer that does not fit: what of it can be kept, and one line on why it failed.

`salvaged` keeps the part of an answer cut at max_tokens that was written before the cut;
`describe_invalid` says in one line why an answer did not fit its schema.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import from_json

from summarizer.llm.errors import one_line

T = TypeVar("T", bound=BaseModel)


def salvage_json(text: str) -> Any:
    """The complete part of a JSON text cut short: every value that was fully written.

    The text is cut back to the end of the last complete value (an unfinished string, number
    or literal is dropped, and with it the unfinished trailing item of any list or the last
    member of any object), then `pydantic_core.from_json(allow_partial=True)` closes what is
    still open. Raises ValueError when nothing is left.
    """
    text = text.strip()
    if text.startswith("```"):  # a fenced answer
        text = text.partition("\n")[2]
    return from_json(text[:_complete_prefix(text)], allow_partial=True)


def _complete_prefix(text: str) -> int:
    """Length of the longest prefix of a (cut) JSON text that ends after a complete value and
    holds no unfinished list item."""
    stack: list[tuple[str, int]] = []  # open brackets, each with the safe cut before it opened
    expecting_key = False
    safe = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            if j >= n:
                break  # unfinished string
            i = j + 1
            if stack and stack[-1][0] == "{" and expecting_key:
                expecting_key = False  # a key: its value is still to come
            else:
                safe = i
        elif c in "{[":
            stack.append((c, safe))
            expecting_key = c == "{"
            i += 1
            safe = i
        elif c in "}]":
            if stack:
                stack.pop()
            i += 1
            safe = i
            expecting_key = False
        elif c == ",":
            expecting_key = bool(stack) and stack[-1][0] == "{"
            i += 1
        elif c in ": \t\r\n":
            i += 1
        else:  # a number or a literal: complete only when something follows it
            j = i
            while j < n and text[j] not in ",}] \t\r\n":
                j += 1
            if j >= n:
                break
            i = j
            safe = i
    for (parent, _), (_, before) in zip(stack, stack[1:]):
        if parent == "[":  # an unfinished item of a list goes whole
            return before
    return safe


def salvaged(response_model: type[T], content: str) -> T:
    """The part of an answer cut at max_tokens that was written before the cut, as `response_model`.
    Raises ValueError or ValidationError when it does not fit."""
    return response_model.model_validate(fill_missing_lists(response_model, salvage_json(content)))


def fill_missing_lists(model: type[BaseModel], data: Any) -> Any:
    """An object cut short lacks its last fields: a missing list is an empty one (nothing was
    written for it), and a list longer than its schema allows keeps its first items."""
    if not isinstance(data, dict):
        return data
    data = dict(data)
    for name, info in model.model_fields.items():
        key = info.alias or name
        annotation = info.annotation
        if get_origin(annotation) is list:
            if key not in data and info.is_required():
                data[key] = []
            if isinstance(data.get(key), list):
                limit = next((m.max_length for m in info.metadata if getattr(m, "max_length", None)), None)
                item_type = (get_args(annotation) or (None,))[0]
                items = data[key][:limit] if limit else data[key]
                if isinstance(item_type, type) and issubclass(item_type, BaseModel):
                    items = [fill_missing_lists(item_type, item) for item in items]
                data[key] = items
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and key in data:
            data[key] = fill_missing_lists(annotation, data[key])
    return data


def describe_invalid(error: BaseException) -> str:
    """One line on why an answer did not fit: the first field and what was wrong, not a dump."""
    if isinstance(error, ValidationError):
        errors = error.errors(include_url=False)
        if not errors:
            return "invalid answer"
        first = errors[0]
        if first.get("type") == "json_invalid":
            reason = str(first.get("msg")).removeprefix("Invalid JSON: ")
            return f"the answer is not valid JSON ({one_line(reason, 120)})"
        where = ".".join(str(part) for part in first.get("loc", ())) or "the answer"
        got = first.get("input")
        shown = "" if isinstance(got, (dict, list)) or got is None else f" (got {one_line(repr(got), 60)})"
        more = f"; {len(errors) - 1} more problem{'s' * (len(errors) > 2)}" if len(errors) > 1 else ""
        return f"{where}: {first.get('msg')}{shown}{more}"
    if isinstance(error, json.JSONDecodeError):
        return f"the answer is not valid JSON ({error.msg} at character {error.pos})"
    return f"{type(error).__name__}: {one_line(str(error), 200)}"
