"""Prompt templates: every prompt is a jinja2 pair under prompts/, named by a content hash.

`prompts/NAME.system.j2` and `prompts/NAME.user.j2` render to the two chat messages; a prompt
written for one language of the sources is `NAME_LANG` (`extract_en`), used for pages in that
language when it exists (`load_prompt(name, lang)`). The hash
of both files goes into run records and the response cache key, so editing a prompt changes
exactly the answers that depend on it. The package reads them as package data
(`summarizer/prompt_templates` is a link to the project's prompts/), so an installed wheel has them.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


def prompts_dir() -> Traversable:
    """$SUMMARIZER_PROMPTS, else the templates shipped with the package."""
    if folder := os.environ.get("SUMMARIZER_PROMPTS"):
        return Path(folder)
    return files("summarizer") / "prompt_templates"


@dataclass(frozen=True)
class Prompt:
    name: str
    system: jinja2.Template
    user: jinja2.Template
    hash: str

    def messages(self, **variables) -> list[dict[str, str]]:
        return [
            {"role": "system", "content": self.system.render(**variables).strip()},
            {"role": "user", "content": self.user.render(**variables).strip()},
        ]


@cache
def load_prompt(name: str, lang: str | None = None) -> Prompt:
    """The prompt `name`; with `lang`, its version for sources in that language where there is one."""
    folder = prompts_dir()
    if lang and (folder / f"{name}_{lang}.system.j2").is_file():
        name = f"{name}_{lang}"
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    try:
        sources = [(folder / f"{name}.{part}.j2").read_text(encoding="utf-8") for part in ("system", "user")]
    except FileNotFoundError as error:
        raise FileNotFoundError(f"prompt {name!r} is missing from {folder}: {error.filename}") from error
    digest = hashlib.sha256("\0".join(sources).encode()).hexdigest()[:12]
    return Prompt(
        name=name,
        system=environment.from_string(sources[0]),
        user=environment.from_string(sources[1]),
        hash=digest,
    )


def prompt_hashes() -> dict[str, str]:
    """Every prompt's hash, for run records."""
    names = sorted({p.name.split(".")[0] for p in prompts_dir().iterdir() if p.name.endswith(".j2")})
    return {name: load_prompt(name).hash for name in names}
