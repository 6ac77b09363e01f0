"""Write stage: one model call per brief, after selection, and nothing it writes unchecked.

The model sees the claims the brief will show, numbered, as their sources' own words (the event
sentence first), and returns a headline and one to three overview sentences, each naming the
claims it restates, and a rendering into the brief's language of each claim written in another
(English claims of an Arabic brief, Arabic ones of an English brief; a claim in the brief's language
keeps its words, and no rendering is asked when every claim is). The answer is
taken whenever its shape is sound; each of its items is then judged on its own, so one malformed
or overlong item costs only itself: it must be well formed, no longer than its source words allow
(`RENDERING_GROWTH`), and pass `summarizer.checks.faithful.verdict` against the words it cites (same
numbers, same people, same polarity, the brief's language); a headline must also cite sentences,
not a bare name or title. What fails is reported and left out: a claim without a checked rendering
keeps its source words, marked as such, and a rejected headline falls back to the event sentence.

Then the brief is fitted to its word budget (headline + overview + claims): the lowest-ranked
claims move to `more_claims`. Without a model (`gateway=None`) only that fitting is done.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection
from dataclasses import dataclass
from typing import Annotated, Any, TYPE_CHECKING, TypeVar

from pydantic import AfterValidator, BaseModel, Field, ValidationError, WithJsonSchema

from summarizer.lang import en
from summarizer.lang.arabic import (
    LATIN_LETTER, content_words, find_latin_name, fold, script, sentence_spans, strip_invisible, tokens,
)
from summarizer.checks.faithful import arabic_name_in, in_language, latin_names, says_who_but_not_what, verdict, word_count
from summarizer.llm.errors import GatewayError
from summarizer.llm.salvage import describe_invalid
from summarizer.stages.merge import (
    MIN_STATEMENT_WORDS, conflict_words, shown_citations, source_words,
)
from summarizer.models import DEFAULT_BUDGET_WORDS, MAX_HEADLINE_WORDS, Brief, Claim, Usage
from summarizer.llm.prompts import load_prompt

if TYPE_CHECKING:  # annotations only: the client loads when a command runs a model
    from summarizer.llm.gateway import Gateway

MAX_ITEMS = 16  # numbered claims the model sees, the event sentence included
MAX_OVERVIEW = 3
MIN_OVERVIEW_WORDS = 4  # fewer ("أنتوني بلينكن") name someone; a headline may be short ("Blinken rejects ceasefire")
MAX_CITED = 4
SAME_WORDS = 0.7  # content words two sentences share (Jaccard) to be one sentence said twice
RENDERING_GROWTH = 2.5  # a text longer than this many words per word it restates (+6) adds something
MAX_TEXT_CHARS = 5000  # whatever it restates, a longer text is a hostile answer, not a sentence
# Output tokens (~0.08 s each on the embedded 1.5B model): headline and overview, then per claim
# a rendering plus its JSON: an English one of up to 2.5 tokens per Arabic word, an Arabic one of
# up to 4 per English word (Arabic takes more tokens per word).
PROSE_TOKENS = 220
TOKENS_PER_SOURCE_WORD = {"en": 2.5, "ar": 4.0}
TOKENS_PER_RENDERING = 20


class DraftSentence(BaseModel):
    text: Annotated[str, AfterValidator(strip_invisible)]
    claims: list[int] = Field(min_length=1, max_length=MAX_CITED, description="numbers of the claims it restates")


class Rendering(BaseModel):
    claim: int = Field(description="number of the claim it renders")
    text: Annotated[str, AfterValidator(strip_invisible)]


# The answer's items as the model is shown them, taking any JSON: each is parsed on its own
# (`_parsed`), so one bad item costs only itself, not the whole answer and its retries.
AnySentence = Annotated[Any, WithJsonSchema(DraftSentence.model_json_schema())]
Sentences = Annotated[list[Any], WithJsonSchema(
    {"type": "array", "items": DraftSentence.model_json_schema(), "maxItems": MAX_OVERVIEW})]
Renderings = Annotated[list[Any], WithJsonSchema(
    {"type": "array", "items": Rendering.model_json_schema(), "maxItems": MAX_ITEMS})]


# Headline and overview only: every claim is in the brief's language. With renderings: an English
# brief of Arabic claims, or (its own name in the schema the model sees) an Arabic brief of English
# ones. (No docstrings: they would go into the schema the model is sent.)
class DraftArabic(BaseModel):
    headline: AnySentence
    overview: Sentences


class DraftEnglish(BaseModel):
    renderings: Renderings
    headline: AnySentence
    overview: Sentences


class DraftArabicRendered(DraftEnglish):
    pass


_DRAFTS = {"en": DraftEnglish, "ar": DraftArabicRendered}


@dataclass(frozen=True)
class Item:
    """One numbered claim as the model sees it: its source words and who says them."""

    number: int
    claim: Claim
    words: str
    party: str | None
    event: bool = False
    lang: str = "en"  # the brief's

    @property
    def quotes(self) -> list[str]:
        return [c.quote for c in shown_citations(self.claim)]

    @property
    def sources(self) -> int:
        return self.claim.corroboration

    @property
    def needs_rendering(self) -> bool:
        """Its words are not in the brief's language: the brief shows them rendered."""
        return script(self.words) != self.lang


def numbered(brief: Brief) -> list[Item]:
    """The event sentence (the fallback headline) as [1], then the claims the brief shows."""
    claims = [brief.headline, *brief.claims][:MAX_ITEMS]
    return [Item(i, c, source_words(c), c.party, event=i == 1, lang=brief.lang) for i, c in enumerate(claims, 1)]


def english_names(items: list[Item], known_names: dict[str, str | None]) -> list[tuple[str, str]]:
    """(Arabic, English) for each participant the items name whose English spelling is checked:
    a small model left to transliterate writes «بلينكن» as "Linenkin", which the check rejects."""
    said = fold(" ".join(f"{item.party or ''} {item.words}" for item in items))
    names: dict[str, str] = {}
    for arabic, english in sorted(known_names.items(), key=lambda pair: -len(pair[0])):
        if english and english not in names and arabic_name_in(arabic, said):
            names[english] = arabic
    return [(arabic, english) for english, arabic in names.items()]


def write_brief(brief: Brief, gateway: Gateway | None, known_names: dict[str, str | None] | None = None,
                budget_words: int = DEFAULT_BUDGET_WORDS, vocabulary: Collection[str] = ()) -> tuple[Brief, list[str]]:
    """The brief with its checked model-written text, fitted to `budget_words`; and why anything
    the model wrote was left out. `vocabulary`: the content words of the event's pages, which
    every word of an Arabic headline or overview sentence must be one of (`faithful.restates`)."""
    known_names = known_names or {}
    items = numbered(brief)
    rejected: list[str] = []
    rendered: dict[int, str] = {}
    headline: tuple[Claim, list[int]] | None = None
    overview: list[Claim] = []
    usage = Usage()
    if gateway is not None:
        render = any(item.needs_rendering for item in items)
        schema = _DRAFTS[brief.lang] if render else DraftArabic
        names = english_names(items, known_names) if brief.lang == "en" else []
        try:
            draft, usage = gateway.structured(load_prompt("brief"), schema, _max_tokens(items, render), lang=brief.lang,
                                              render=render, items=items, names=names)
        except GatewayError as error:
            usage = error.usage  # a failed call's attempts still count
            rejected.append(f"brief text not written: {error}")
        else:
            if render:
                rendered = _renderings(draft.renderings, items, brief.lang, known_names, rejected)
            headline = _sentence(draft.headline, items, brief.lang, known_names, rejected, vocabulary, headline=True)
            # An overview sentence that says again what a shown sentence says is the same claim twice; one
            # that sums up several claims resembles each of them and repeats none.
            said = ([(0, headline[0].text)] if headline else []) + list(rendered.items()) + [(i.number, i.words) for i in items]
            for extra in draft.overview[MAX_OVERVIEW:]:
                rejected.append(f"overview sentence beyond the {MAX_OVERVIEW} asked for: {_shown(extra)}")
            for draft_sentence in draft.overview[:MAX_OVERVIEW]:
                checked = _sentence(draft_sentence, items, brief.lang, known_names, rejected, vocabulary)
                if checked is None:
                    continue
                cited = [" ".join(t for n, t in said if n == number) for number in checked[1]]
                summed = set(checked[1]) if _sums_up(checked[0].text, cited) else set()
                if any(same_words(checked[0].text, text) for number, text in said if number not in summed):
                    rejected.append(f"overview sentence repeats the headline, a claim or another overview sentence: "
                                    f"{checked[0].text!r}")
                    continue
                overview.append(checked[0])
                said.append((0, checked[0].text))
    return _assemble(brief, items, rendered, headline, overview, usage, budget_words, rejected), rejected


def _max_tokens(items: list[Item], render: bool) -> int:
    if not render:
        return PROSE_TOKENS
    return PROSE_TOKENS + sum(math.ceil(TOKENS_PER_SOURCE_WORD[i.lang] * word_count(i.words)) + TOKENS_PER_RENDERING
                              for i in items if i.needs_rendering)


T = TypeVar("T", bound=BaseModel)


def _parsed(model: type[T], raw: Any, what: str, rejected: list[str]) -> T | None:
    """One item of the answer as `model`, or None with why in `rejected`."""
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        rejected.append(f"{what} is malformed ({describe_invalid(error).removeprefix('the answer: ')}): {_shown(raw)}")
        return None


def _shown(raw: Any) -> str:
    return json.dumps(raw, ensure_ascii=False)[:200]


def _oversized(text: str, source_words: str) -> str | None:
    """Why `text` cannot restate `source_words` for its size: empty, or longer than they allow."""
    if not text:
        return "is empty"
    if len(text) > MAX_TEXT_CHARS:
        return f"is over {MAX_TEXT_CHARS} characters"
    if word_count(text) > RENDERING_GROWTH * word_count(source_words) + 6:
        return "is longer than its source words allow"
    return None


def _renderings(renderings: list, items: list[Item], lang: str, known_names, rejected: list[str]) -> dict[int, str]:
    """The checked rendering into `lang` of each claim written in another language, by number."""
    kept: dict[int, str] = {}
    by_number = {i.number: i for i in items}
    for raw in renderings:
        if (rendering := _parsed(Rendering, raw, "rendering", rejected)) is None:
            continue
        item, text = by_number.get(rendering.claim), rendering.text.strip()
        if item is not None and not item.needs_rendering:
            continue  # words in the brief's language are shown as they are: nothing to render
        if item is None or rendering.claim in kept:
            rejected.append(f"rendering of no claim (or of one already rendered) [{rendering.claim}]: {text[:200]!r}")
            continue
        reason = _oversized(text, item.words) or verdict(text, item.quotes, lang, known_names,
                                                         speakers=_speakers(item), exact=True)
        if reason:
            rejected.append(f"rendering of claim {item.number} {reason}: {text[:200]!r}")
        else:
            kept[item.number] = text
    # One sentence cannot render two different passages: a small model repeats a generic one.
    twins = {n for n in kept for m in kept if m != n and same_words(kept[n], kept[m])}
    for n in sorted(twins):
        rejected.append(f"rendering of claim {n} is also given for another claim: {kept.pop(n)!r}")
    return kept


SUMMED_WORDS = 2  # content words a summary takes from a cited text and from none of the others


def _sums_up(text: str, cited: list[str]) -> bool:
    """The sentence takes SUMMED_WORDS words of its own from each of two or more of the texts it
    cites: a summary of them, not one of them copied under several citations (a word more, «في
    عمان», does not make it one)."""
    words, each = set(content_words(text)), [set(content_words(t)) for t in cited]
    own = [words & mine - set().union(*(other for j, other in enumerate(each) if j != i)) for i, mine in enumerate(each)]
    return sum(1 for w in own if len(w) >= SUMMED_WORDS) >= 2


def _content(text: str) -> set[str]:
    return {w for w in tokens(text) if w not in en.STOPWORDS and len(w) > 1}


def same_words(a: str, b: str) -> bool:
    """Nearly the same sentence: the two share SAME_WORDS of their content words (Jaccard, at
    least 4 words each); function words and "said" do not count."""
    wa, wb = _content(a), _content(b)
    if min(len(wa), len(wb)) < 4:
        return fold(a) == fold(b)
    return len(wa & wb) / len(wa | wb) >= SAME_WORDS


def _speakers(*items: Item) -> list[str]:
    return [i.party for i in items if i.party]


def _sentence(raw: Any, items: list[Item], lang: str, known_names, rejected: list[str],
              vocabulary: Collection[str] = (), headline: bool = False) -> tuple[Claim, list[int]] | None:
    """A headline or overview sentence as a claim carrying the citations of the claims it cites,
    with their numbers; or None (and the reason in `rejected`)."""
    what = "headline" if headline else "overview sentence"
    if (sentence := _parsed(DraftSentence, raw, what, rejected)) is None:
        return None
    text = sentence.text.strip()
    by_number = {i.number: i for i in items}
    cited = [by_number[n] for n in dict.fromkeys(sentence.claims) if n in by_number]
    reason = None
    if not cited:
        reason = "cites no existing claim"
    elif size := _oversized(text, " ".join(i.words for i in cited)):
        reason = size
    elif headline and (short := [i for i in cited if word_count(i.words) < MIN_STATEMENT_WORDS]):
        reason = f"cites «{short[0].words}», a name or title, not a statement"
    elif headline and word_count(text) > MAX_HEADLINE_WORDS:
        reason = f"is longer than {MAX_HEADLINE_WORDS} words"
    elif not headline and word_count(text) < MIN_OVERVIEW_WORDS:  # the 1.5B gave «أنتوني بلينكن» as one
        reason = "is a name or a title, not a sentence"
    elif len(sentence_spans(text)) > 1:  # the 1.5B gave three for one overview item, one of them unchecked prose
        reason = "is several sentences, not one"
    elif says_who_but_not_what(text):
        reason = "names who speaks but not what was said"
    else:
        reason = verdict(text, [q for i in cited for q in i.quotes], lang, known_names, speakers=_speakers(*cited),
                         vocabulary=vocabulary)
    if reason:
        rejected.append(f"{what} {reason}: {text[:200]!r}")
        return None
    citations = list({(c.doc_id, c.start, c.end): c for i in cited for c in i.claim.citations}.values())
    return Claim(text=text, citations=citations, section="event" if headline else "key_point"), [i.number for i in cited]


def english_parties(items: list[Item], rendered: dict[int, str]) -> dict[str, str]:
    """Arabic-only party -> 'Ayman Safadi (أيمن الصفدي)', from the checked renderings of its claims.

    The extractor writes no English; a rendering that passed `restates` names the speaker in
    Latin letters, and a name whose consonant skeleton spells the party's Arabic name is that
    party's English name (the longest such name wins)."""
    found: dict[str, str] = {}
    for item in items:
        party = item.party
        if not party or item.number not in rendered or LATIN_LETTER.search(party):
            continue
        for name in latin_names(rendered[item.number]):
            if find_latin_name(name, party, min_skeleton=3) and len(name) > len(found.get(party, "")):
                found[party] = name
    return {party: f"{name} ({party})" for party, name in found.items()}


def _attributed(text: str, party: str | None) -> str:
    """A rendering of a party's words names the party: if it does not and the party has a checked
    English name ('Antony Blinken (أنتوني بلينكن)'), that name is prefixed. An Arabic-only party
    is not: the claim would no longer be English (it is the heading of its position anyway)."""
    english = party.split(" (")[0] if party else ""
    if not english or in_language(english, "en"):
        return text
    party_words = {w.lower() for name in latin_names(english) for w in name.split()}
    if any(w.lower() in party_words for name in latin_names(text) for w in name.split()):
        return text
    return f"{english}: {text}"


def _assemble(brief: Brief, items: list[Item], rendered: dict[int, str], headline: tuple[Claim, list[int]] | None,
              overview: list[Claim], usage: Usage, budget_words: int, rejected: list[str]) -> Brief:
    event_item = items[0]
    event_what = rendered.get(1, brief.event.what)
    fallback = brief.headline.model_copy(update={"text": event_what}) if 1 in rendered else brief.headline
    number = {id(i.claim): i.number for i in items}
    parties = english_parties(items, rendered) if brief.lang == "en" else {}
    claims = []
    for claim in brief.claims:
        n = number.get(id(claim))
        if claim.party in parties:
            claim = claim.model_copy(update={"party": parties[claim.party]})
        if n in rendered:
            text = _attributed(rendered[n], claim.party) if brief.lang == "en" else rendered[n]
            claim = claim.model_copy(update={"text": text})
        claims.append(claim)
    head = fallback
    if headline is not None:  # the headline is not repeated as a key point
        head, cited = headline
        restated = [n for n in cited if n != event_item.number]
        claims = [c for c in claims
                  if not (restated == [number.get(id(c))] or same_words(head.text, c.text))]
    more = [c.model_copy(update={"party": parties[c.party]}) if c.party in parties else c for c in brief.more_claims]
    total = word_count(head.text) + sum(word_count(c.text) for c in overview + claims) + conflict_words(brief.conflicts)
    while total > budget_words and claims:  # the shortest claim whose leaving is enough, or else the last
        enough = [i for i, c in enumerate(claims) if total - word_count(c.text) <= budget_words]
        dropped = claims.pop(min(enough, key=lambda i: word_count(claims[i].text)) if enough else -1)
        more.insert(0, dropped)
        total -= word_count(dropped.text)
    while total > budget_words and overview:
        dropped = overview.pop()
        rejected.append(f"overview sentence over the word budget: {dropped.text!r}")
        total -= word_count(dropped.text)
    return brief.model_copy(update={
        "headline": head,
        "event": brief.event.model_copy(update={"what": event_what}),
        "overview": overview,
        "claims": claims,
        "more_claims": more,
        "usage": brief.usage.add(usage),
    })

