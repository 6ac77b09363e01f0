"""What can go wrong with a model call, in two kinds, each with a one-line message and `.usage`
summed over every attempt:

- `GatewayError`: this one call failed for good (the answer never fitted the schema, the server
  refused this request, it cannot fit the context); other calls may still succeed.
- `RunStopped`: no further call can succeed in this run: the endpoint is dead (`EndpointDown`),
  the run's deadline passed (`DeadlineReached`), no model can be called (`NoModel`) or the user
  pressed Ctrl-C (`Interrupted`). It is not a `GatewayError`, so code that handles one failed
  call lets it through.

Light on purpose (no openai, no instructor): stages and the command line catch these without
loading the model client.
"""

from __future__ import annotations

from summarizer.models import Usage


class ModelError(RuntimeError):
    """Base of the gateway's errors: a one-line message and the usage of every attempt made."""

    def __init__(self, message: str, usage: Usage | None = None):
        super().__init__(one_line(message, 500))
        self.usage = usage or Usage()


class GatewayError(ModelError):
    """One model call failed for good (after retries); the message says which and why."""


class ContextOverflow(GatewayError):
    """The request cannot fit the model's context window."""


class Deferred(GatewayError):
    """Batch mode (`Gateway.defer`): the cache cannot answer this request, so it waits in the batch
    instead of being sent; `.usage.deferred` is 1."""


class RunStopped(ModelError):
    """No further model call can succeed in this run; the message names the endpoint and the cause."""


class EndpointDown(RunStopped):
    """The endpoint is unusable: unreachable, refusing our credentials, hung or answering garbage."""


class NoModel(RunStopped):
    """The settings name no model that can be called (no --model for an endpoint, unknown packaged name)."""


class DeadlineReached(RunStopped):
    """The run's time limit (`ModelConfig.deadline`) has passed; no new call starts."""


class CacheUnusable(RunStopped):
    """calls.sqlite cannot be opened as the run needs (damaged, written by a newer version, a file
    where its folder should be); the message says what to do, and nothing in it is changed."""


class Interrupted(RunStopped):
    """The user pressed Ctrl-C; calls still running on worker threads end at their next step."""


class BatchFileError(ValueError):
    """A batch or results file that cannot be read at all."""


def one_line(text: str, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
