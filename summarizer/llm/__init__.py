"""The one door to language models: `gateway`, the façade (instructor calls, tokens, batch mode),
over modules of one job each: `endpoint` (which server, the client, secrets), `transport` (one
answer over HTTP), `retry` (what a retry can fix), `stopping` (stop and deadline), `runner` (many
calls on threads), `keys` (cache keys), `attempts` (what a call did) and `salvage` (answers cut at
max_tokens); then `calllog` (every call and the response cache, in SQLite), `batch` (OpenAI batch
files), `embedded` (the packaged GGUF served by xllamacpp) and `prompts` (the jinja2 templates of
prompts/).

Knows nothing of news: it imports only `summarizer.models`.
"""
