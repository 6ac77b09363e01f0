"""summarizer: cited cross-source briefs from scraped news articles.

The pipeline is one module per stage: load → clean → extract → group → merge → render →
evaluate; pydantic models in `summarizer.models` are the contracts between stages, and all
model traffic goes through `summarizer.gateway`.
"""

__version__ = "0.1.0"
