"""The eval harness: gold data, systems, metrics, run records, comparisons and meta-evaluation.

It sits beside the pipeline and imports from it, never the other way round.
"""
