"""Suites and cases on disk: discovery, selection, documents, references, gold version.

Suites are folders `evals/suites/<suite>/` with a `suite.json`; their cases are subfolders with a
`case.json` (format: evals/README.md, schema: `summarizer.eval.gold`). Adding a suite is adding
a folder. The gold data is the repository's, not package data (`repository_folder`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from summarizer.stages.clean import clean
from summarizer.lang.arabic import script
from summarizer.eval import EvalError
from summarizer.eval.gold import CaseGold, Suite
from summarizer.stages.load import load_paths
from summarizer.models import DEFAULT_BUDGET_WORDS, CleanDocument, MeetingRecord  # a case may set its own budget_words

EVALS = Path(__file__).resolve().parents[2] / "evals"
SUITES = EVALS / "suites"


def repository_folder(folder: Path) -> Path:
    """`folder` of the repository's evals/, or an EvalError saying where the gold data is: it is
    not package data, so an installed wheel has none (`eval score --case` and `eval compare` need none)."""
    if not folder.is_dir():
        raise EvalError(f"no gold data at {folder}: it is in the project's repository (evals/), not in the "
                        "installed package; run this from a clone installed with pip install -e '.[local,test]'")
    return folder


@dataclass(frozen=True)
class Case:
    suite: str
    name: str
    folder: Path
    language: str  # of the source documents, hence of the baselines' summaries
    gold: CaseGold
    group_by: str = "event"

    @property
    def id(self) -> str:
        return f"{self.suite}/{self.name}"

    @property
    def docs(self) -> Path:
        return (self.folder / self.gold.docs).resolve()

    @property
    def refs(self) -> list[Path]:
        return sorted(p for p in (self.folder / "refs").glob("*") if p.is_file())

    @property
    def records(self) -> Path | None:
        folder = self.folder / "records"
        return folder if any(folder.glob("*.json")) else None

    @property
    def budget_words(self) -> int:
        return self.gold.budget_words or DEFAULT_BUDGET_WORDS

    def gold_hash(self) -> str:
        """Content hash of everything a score depends on besides the system: case.json, refs/, records/.

        Run records carry it, so a comparison can refuse runs scored against different gold.
        """
        digest = hashlib.sha256()
        files = [self.folder / "case.json", *self.refs, *sorted((self.folder / "records").glob("*.json"))]
        for path in files:
            digest.update(path.relative_to(self.folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        return digest.hexdigest()[:16]


def read_case(folder: Path, suite: Suite) -> Case:
    """One case folder, its gold validated by the schema (a bad file is an EvalError naming it)."""
    path = folder / "case.json"
    try:
        gold = CaseGold.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError) as error:
        raise EvalError(f"{path}: unreadable gold: {str(error).splitlines()[0]}") from error
    return Case(suite.name, folder.name, folder, suite.language, gold, suite.group_by)


def discover(root: Path = SUITES) -> dict[str, list[Case]]:
    """Every suite under `root` and its cases, both sorted by name."""
    suites: dict[str, list[Case]] = {}
    for suite_file in sorted(repository_folder(root).glob("*/suite.json")):
        try:
            suite = Suite.model_validate_json(suite_file.read_text(encoding="utf-8"))
        except (OSError, ValidationError) as error:
            raise EvalError(f"{suite_file}: unreadable suite: {str(error).splitlines()[0]}") from error
        suite = suite.model_copy(update={"name": suite_file.parent.name})
        suites[suite.name] = [read_case(c.parent, suite) for c in sorted(suite_file.parent.glob("*/case.json"))]
    return suites


def select(suites: Mapping[str, list[Case]], suite_names: Sequence[str] = (),
           case_names: Sequence[str] = ()) -> list[Case]:
    """The cases of the named suites (all when none named), narrowed to the named cases."""
    if unknown := [s for s in suite_names if s not in suites]:
        raise EvalError(f"no such suite: {', '.join(unknown)} (known: {', '.join(suites)})")
    cases = [c for name in (suite_names or list(suites)) for c in suites[name]]
    if unknown := [n for n in case_names if n not in {c.name for c in cases}]:
        raise EvalError(f"no such case in the selected suites: {', '.join(unknown)}")
    return [c for c in cases if not case_names or c.name in case_names]


def case_at(folder: Path) -> Case:
    """The case in `folder` (its suite.json one level up), for scoring a file against one case."""
    folder = folder.resolve()
    suite_file = folder.parent / "suite.json"
    if not (folder / "case.json").is_file() or not suite_file.is_file():
        raise EvalError(f"{folder}: not a case folder (needs case.json, and suite.json in the folder above)")
    try:
        suite = Suite.model_validate_json(suite_file.read_text(encoding="utf-8"))
    except (OSError, ValidationError) as error:
        raise EvalError(f"{suite_file}: unreadable suite: {str(error).splitlines()[0]}") from error
    return read_case(folder, suite.model_copy(update={"name": folder.parent.name}))


def load_documents(case: Case) -> list[CleanDocument]:
    loaded = load_paths([case.docs])
    if loaded.errors or not loaded.documents:
        raise EvalError(f"{case.id}: documents unreadable: {'; '.join(loaded.errors) or 'none found'}")
    return [clean(document) for document in loaded.documents]


def gold_records(case: Case) -> list[MeetingRecord] | None:
    """The case's hand-written records as written: the gold is not put through the system's checks
    (`pipeline-gold-records` does that, as a system); `summarizer.eval.check` validates them."""
    if case.records is None:
        return None
    try:
        return [MeetingRecord.model_validate_json(p.read_text(encoding="utf-8"))
                for p in sorted(case.records.glob("*.json"))]
    except (OSError, ValidationError) as error:
        raise EvalError(f"{case.id}: unreadable gold record: {str(error).splitlines()[0]}") from error


def references(case: Case, lang: str) -> list[str]:
    """The case's reference summaries written in `lang`: a summary is compared in its own language."""
    texts = [p.read_text(encoding="utf-8") for p in case.refs]
    return [t for t in texts if script(t) == lang]

