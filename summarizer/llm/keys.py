"""Cache keys: a hash of everything that changes a model's answer, so an answer is reused only for
the same question asked of the same model the same way."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import urlsplit

from summarizer.llm.config import ModelConfig


def cache_key(config: ModelConfig, identity: str, prompt_hash: str, messages: list, schema: dict,
              max_tokens: int, sample: int = 1) -> str:
    """The response cache's key: model, prompt template, rendered messages, schema and sampling;
    and, from the second on, which `sample` of the same question it is (`eval --repeat`)."""
    material = {
        "model": identity,
        "prompt": prompt_hash,
        "messages": messages,
        "schema": schema,
        "max_tokens": max_tokens,
        "temperature": config.temperature,
        "validation_retries": config.validation_retries,
    }
    if sample > 1:
        material["sample"] = sample
    if repetition := config.repetition():
        material["repetition"] = repetition
    if not config.is_embedded and (query := urlsplit(config.base_url).query):  # parsed in the identity
        material["query"] = query  # e.g. an API version; hashed into the key, never written
    return _digest(material)


def request_hash(messages: list, schema: dict | None) -> str:
    """Hash of what the model is asked (rendered messages, answer schema), as in the cache key.

    The cache key adds model and sampling settings; this is the part a recorded answer
    (tests/recordings/) depends on, so an edited prompt or schema shows the recording is stale.
    """
    return _digest({"messages": messages, "schema": schema})


def _digest(material: dict) -> str:
    return hashlib.sha256(json.dumps(material, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
