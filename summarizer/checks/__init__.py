"""Deterministic checks of what a text says against the words it cites, with no model:
`evidence` (is a quote in the page), `attribution` (whom the article credits), `polarity` (a
refusal or negation), `entities` (who and what an English sentence names, found in Arabic) and
`faithful` (does a written sentence say only what its cited words say).

Used by the stages and by the eval harness alike, so a brief and its score read text one way;
imports only `summarizer.lang` and `summarizer.models`.
"""
