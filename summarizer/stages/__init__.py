"""The pipeline, one module per stage: load → clean → (cluster) → extract → group → merge → write
→ render, with `pipeline` wiring them for a brief, `daily` for a day's inbox and `digest` rendering it.

A stage takes and returns the pydantic contracts of `summarizer.models`; it asks `summarizer.lang`
what words mean, `summarizer.checks` whether a text holds, and `summarizer.llm` for model answers.
`RecordsError` is here so the command line can catch it without loading a stage.
"""


class RecordsError(ValueError):
    """A records file that cannot be used; the message names the file and says why, on one line."""
