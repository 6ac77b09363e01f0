"""Polarity: does a sentence report a refusal, rejection or negation?

One lexical rule, in Arabic and English, shared by the brief checks and the eval harness, so
"Blinken refused a ceasefire" restated as "Blinken backed a ceasefire" is caught the same way
everywhere. A sentence is negated when it holds a negation cue. Presence, not parity: news
sentences stack cues ("rejected … saying he would not"), and a double negation ("did not
reject") is rare enough to be read as a refusal. Privative words ("without conditions",
«غير حكومية», «دون») are not cues: they rarely flip what a sentence reports. Cues are whole
folded words; Arabic cues may carry the proclitics و ف ب ل and the article (ورفض، والرفض، لعدم).
"""

from __future__ import annotations


from summarizer.lang import ar, en
from summarizer.lang.arabic import fold

def negation_cues(text: str) -> list[str]:
    """The negation cue words of `text`, in order, folded (Arabic without proclitics)."""
    found = [" ".join(m.group().lower().split()) for m in en.REFUSAL_PHRASES.finditer(text)]
    words = fold(ar.THAT_NOT.sub(ar.THAT_NOT_SPELLED_OUT, en.CONTRACTION.sub(" not", text))).split()
    for previous, word, following in zip(["", *words], words, [*words[1:], ""]):
        if word in PRIVATIVE or following in ar.NOT_NEGATED_AFTER_LA or (previous, word) in en.PARTIES or (
                word == "no" and (following in en.TERMS or following == "one" or previous == "with")):  # "with no evidence"
            continue  # ("no one" is read as a phrase above)
        if word in en.NEGATION_CUES or word in ar.NEGATION_CUES:
            found.append(word)
            continue
        bare = next((word[len(p):] for p in ar.PROCLITICS[1:] if word.startswith(p)
                     and word[len(p):] in ar.NEGATION_CUES and not (p.endswith(ar.ARTICLE) and word[len(p):] in ar.PARTIES)), None)
        if bare:
            found.append(bare)
    return found


# Bare negators are rendered one for one, unlike refusal verbs ("failure" for «خطأ»): a sentence
# that gains or loses one says the opposite.
NEGATORS = en.NEGATORS | ar.NEGATORS
PRIVATIVE = en.PRIVATIVE | ar.PRIVATIVE  # "without conditions", «بلا شروط»: not a refusal


def negator_count(text: str) -> int:
    """How many bare negators (`NEGATORS`, "no one" included) `text` holds."""
    return sum(1 for cue in negation_cues(text) if cue in NEGATORS or cue == "no one")


def refusal_count(text: str) -> int:
    """How many refusal cues (a verb or phrase, not a bare negator) `text` holds."""
    return sum(1 for cue in negation_cues(text) if cue not in NEGATORS and cue != "no one")


def negated(text: str) -> bool:
    """True when `text` reports a refusal, rejection or negation."""
    return bool(negation_cues(text))
