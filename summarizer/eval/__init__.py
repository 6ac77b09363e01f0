"""The eval harness: gold data, systems, metrics, run records, comparisons and meta-evaluation.

It sits beside the pipeline and imports from it, never the other way round. The names below are
what the command line needs before any of it loads (`summarizer --help` stays fast).
"""

from typing import Literal

System = Literal["pipeline", "pipeline-gold-records", "lead", "centroid", "brief-file"]
RUNNABLE: tuple[System, ...] = ("pipeline", "pipeline-gold-records", "lead", "centroid")


class EvalError(ValueError):
    """Bad input to the harness: an unknown suite or case, unreadable gold, an unreadable run."""
