"""summarizer: cited cross-source briefs from scraped news articles.

The pipeline is one module per stage: load → clean → extract → group → merge → write → render
(wired together in `summarizer.stages.pipeline`); pydantic models in `summarizer.models` are the
contracts between stages, all model traffic goes through `summarizer.llm.gateway`, and the eval
harness is the `summarizer.eval` subpackage. The README's "How it works" lists every module.
"""

__version__ = "0.1.0"
