"""Model-written prose for the top of a brief, kept only where it checks out.

The model sees the brief's verified claims, numbered, and writes a headline and a few overview
sentences, each naming the claims it restates. A sentence survives only if it names existing
claims and states no number or known name that those claims' quotes lack; it then carries their
citations. If nothing survives, the deterministic brief stands as it was.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from summarizer.arabic import fold
from summarizer.gateway import Gateway, GatewayError
from summarizer.merge import supported_text
from summarizer.models import Brief, Claim, Usage
from summarizer.prompts import load_prompt

MAX_FACTS_SHOWN = 16
MAX_OUTPUT_TOKENS = 700


class DraftSentence(BaseModel):
    text: str
    facts: list[int] = Field(min_length=1, max_length=4)


class DraftProse(BaseModel):
    headline: DraftSentence
    overview: list[DraftSentence] = Field(max_length=4)


def write_prose(brief: Brief, gateway: Gateway) -> tuple[Brief, list[str]]:
    """The brief with a checked model-written headline and overview, and the reasons for rejections."""
    facts = sorted(brief.claims, key=lambda c: -c.corroboration)[:MAX_FACTS_SHOWN]
    if not facts:
        return brief, ["no claims to write prose from"]
    try:
        draft, usage = gateway.structured(
            load_prompt("brief"), DraftProse, MAX_OUTPUT_TOKENS, lang=brief.lang, event=brief.event, facts=facts
        )
    except GatewayError as error:
        return brief, [f"prose not written: {error}"]
    rejected: list[str] = []
    # The headline may also name what the verified event says: its participants, place and date.
    event_support = " ".join([brief.event.what, *brief.event.participants])
    headline = _checked(draft.headline, facts, brief, rejected, event_support)
    overview = [claim for s in draft.overview if (claim := _checked(s, facts, brief, rejected))]
    update = {"usage": brief.usage.add(usage), "claims": overview + brief.claims}
    if headline:
        update["headline"] = headline.model_copy(update={"section": "event"})
    return brief.model_copy(update=update), rejected


def _checked(sentence: DraftSentence, facts: list[Claim], brief: Brief, rejected: list[str],
             extra_support: str = "") -> Claim | None:
    cited = [facts[i - 1] for i in dict.fromkeys(sentence.facts) if 1 <= i <= len(facts)]
    if not cited or not sentence.text.strip():
        rejected.append(f"cites no existing fact: {sentence.text!r}")
        return None
    citations = [c for claim in cited for c in claim.citations]
    support = " ".join([claim.text for claim in cited] + [brief.event.date or "", brief.event.place or "", extra_support])
    if not supported_text(sentence.text, citations) and not _numbers_in(sentence.text, support):
        rejected.append(f"states a number its facts lack: {sentence.text!r}")
        return None
    unknown = _names_outside(sentence.text, support, brief)
    if unknown:
        rejected.append(f"names {', '.join(unknown)} that its facts do not: {sentence.text!r}")
        return None
    return Claim(text=sentence.text.strip(), citations=citations, section="key_point")


def _numbers_in(text: str, support: str) -> bool:
    return set(re.findall(r"\d+", fold(text))) <= set(re.findall(r"\d+", fold(support)))


def _names_outside(text: str, support: str, brief: Brief) -> list[str]:
    """Participant names the sentence mentions that none of its cited facts mention."""
    folded_text, folded_support = fold(text), fold(support)
    unknown = []
    for entry in brief.event.participants:
        for name in re.split(r"[()]", entry):
            key = fold(name).split()[-1] if fold(name).split() else ""
            if len(key) > 3 and key in folded_text.split() and key not in folded_support:
                unknown.append(name.strip())
    return unknown
