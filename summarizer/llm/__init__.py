"""The one door to language models: `gateway` (instructor calls, cache keys, retries, tokens,
time, batch mode), `calllog` (every call and the response cache, in SQLite), `batch` (OpenAI batch
files), `embedded` (the packaged GGUF served by xllamacpp) and `prompts` (the jinja2 templates of
prompts/).

Knows nothing of news: it imports only `summarizer.models`.
"""
