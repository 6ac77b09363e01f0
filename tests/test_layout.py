"""The package layout the README's map promises: who may import whom, and where words live.

Each package's docstring says what it may import; these tests hold the code to it, so a stage that
reaches into another stage's word table, or a check that imports a stage, fails here."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "summarizer"
# What each part of the package may import of the project (besides itself).
MAY_IMPORT = {
    "models": {"lang"},
    "console": set(),
    "jsontext": set(),
    "lang": {"models"},
    "checks": {"lang", "models"},
    "llm": {"models", "console", "jsontext"},
    "stages": {"checks", "lang", "llm", "models", "console", "jsontext"},
    "eval": {"stages", "checks", "lang", "llm", "models", "console", "cli", "jsontext"},
    "cli": {"stages", "checks", "lang", "llm", "models", "console", "eval", "jsontext"},
}
_ARABIC = re.compile("[\u0621-\u064a]")


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "prompt_templates" not in p.parts)


def part(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) of every `from summarizer… import …` in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.module, [a.name for a in node.names]) for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("summarizer")]


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_imports_only_what_its_package_may(path):
    own = part(path)
    for module, names in imports(path):
        if module == "summarizer":  # the package itself: its version, or a module at its root
            targets = [n for n in names if not n.startswith("__")]
        else:
            targets = [module.split(".")[1]]
        for target in targets:
            _assert_may_import(path, own, module, target, names)


def _assert_may_import(path: Path, own: str, module: str, target: str, names: list[str]) -> None:
    if target != own:
        assert target in MAY_IMPORT[own], f"{path.relative_to(PACKAGE)} imports {module} ({', '.join(names)})"


def _is_table(value) -> bool:
    return isinstance(value, (dict, set, frozenset, list, tuple, re.Pattern))


@pytest.mark.parametrize("path", [p for p in modules() if part(p) == "stages"], ids=lambda p: p.stem)
def test_a_stage_takes_no_word_table_from_another_stage(path):
    """Tables of words and patterns live in `summarizer.lang`; a stage that needs one asks there."""
    for module, names in imports(path):
        if module.startswith("summarizer.stages.") and module != f"summarizer.stages.{path.stem}":
            source = importlib.import_module(module)
            tables = [n for n in names if n.isupper() and _is_table(getattr(source, n))]
            assert not tables, f"{path.stem} takes {tables} from {module}"


# Modules that still hold words of a language outside `summarizer.lang` (the house issue moves them
# there, one pack per language). The list only shrinks: a new module with Arabic words fails.
STILL_HOLDING_WORDS = {
    "eval/cli.py",  # an example pair in `eval checker --help`
}


def test_words_of_a_language_live_in_lang():
    holding = {str(p.relative_to(PACKAGE)) for p in modules()
               if part(p) != "lang" and _ARABIC.search(_code_without_docstrings(p))}
    assert holding <= STILL_HOLDING_WORDS, f"language words outside lang/: {sorted(holding - STILL_HOLDING_WORDS)}"
    assert not STILL_HOLDING_WORDS - holding, f"moved to lang/, take off the list: {sorted(STILL_HOLDING_WORDS - holding)}"


def _code_without_docstrings(path: Path) -> str:
    """A module's source less its comments and docstrings (examples there are prose, not tables)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(
                getattr(body[0], "value", None), ast.Constant) and isinstance(body[0].value.value, str):
            body[0] = ast.Pass()
    return ast.unparse(tree)


def test_every_language_pack_says_every_heading_and_reason():
    """A brief in any language has every heading: the packs' label tables have the same keys."""
    from summarizer.lang import LANGUAGES, pack

    for table in ("LABELS", "SET_ASIDE_REASONS", "CONFLICT_LABELS"):
        keys = {lang: set(getattr(pack(lang), table)) for lang in LANGUAGES}
        assert len({frozenset(k) for k in keys.values()}) == 1, f"{table} differs between packs: {keys}"
    with pytest.raises(ValueError, match="no language pack for 'fr'"):
        pack("fr")


def test_every_pack_holds_every_table_the_stages_read_of_any_language():
    """`lang.every(NAME)` and `pack(lang).NAME` read a table of each pack: a pack without it (a
    third language added half-way) fails here, not in the middle of a user's run."""
    from summarizer.lang import LANGUAGES, pack

    source = "\n".join(p.read_text(encoding="utf-8") for p in modules())
    read = set(re.findall(r'every\("([A-Z_]+)"\)', source)) | set(re.findall(r"pack\(\w+\)\.([A-Z_]+)", source))
    assert {"LABELS", "AGREEMENT_CUES", "FURNITURE"} <= read
    for lang in LANGUAGES:
        missing = sorted(name for name in read if not hasattr(pack(lang), name))
        assert not missing, f"summarizer/lang/{lang}.py lacks {missing}"
