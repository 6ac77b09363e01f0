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

import re

from summarizer.lang.arabic import fold

# Folded forms (see `summarizer.lang.arabic.fold`): ة→ه, ى→ي, أ/إ/آ→ا.
ARABIC_CUES = frozenset("""
لا لن لم ليس ليست لست لسنا ليسوا عدم
رفض رفضت رفضه رفضها رفضته رفضتها رفضوا يرفض ترفض نرفض يرفضون رافض رافضه
عارض عارضت يعارض تعارض نعارض يعارضون معارضه معارض عورض
نفي نفت ينفي تنفي
فشل فشلت فشلوا يفشل تفشل فاشل فاشله
""".split())

ENGLISH_CUES = frozenset("""
not no never nor cannot nobody none neither
refuse refuses refused refusing refusal
reject rejects rejected rejecting rejection
oppose opposes opposed opposing opposition
deny denies denied denying
abandon abandons abandoned abandoning
fail fails failed failing failure unable
decline declines declined declining
""".split())
# Refusals written as a verb and its particle ("ruled out a ceasefire", "warned against it", "the
# US is against a ceasefire"): read as one cue. A bare "against" is not one (see below).
_PHRASES = re.compile(r"\b(?:no one|(?:rule[sd]?|ruling) out|warn(?:s|ed|ing)? against|"
                      r"(?:is|are|was|were|be|been|being|stand|stands|stood|remain|remains|remained) against)\b",
                      re.IGNORECASE)

# Not "against": "a ceasefire against Gaza", "the war against Hamas" report no refusal, and the 1.5B
# model's «Blinken said the US would continue to call for a ceasefire against Gaza» passed as a
# restatement of his opposition («معارضة الولايات المتحدة لوقف إطلاق النار»).
_CONTRACTION = re.compile(r"n[’']t\b", re.IGNORECASE)  # "can't" -> "ca not": fold splits at apostrophes
PRIVATIVE = frozenset({"بلا", "without"})  # "without conditions": not a refusal
_TERMS = frozenset("conditions preconditions restrictions strings".split())  # "with no conditions" is "without"
# "the opposition" and «المعارضة» are parties, not a refusal («معارضة الولايات المتحدة لوقف…» is one).
_PARTIES = {("the", "opposition")}
_PROCLITICS = ("و", "ف", "ب", "ل", "وب", "ول", "فب", "فل", "ال", "وال", "بال", "فال", "لل", "ولل")


# «لا يزال» / «ما زال» mean "still" and «لا سيما» "especially": the لا is not a negation there.
# «لا يقل عن» / «لا تقل عن» are "at least".
_STILL = frozenset({"يزال", "تزال", "نزال", "يزالون", "زال", "زالت", "سيما", "سيّما", "يقل", "تقل"})
# «ألا» is «أن لا» ("that … not"); «إلا» ("except", folded alike) is not.
_THAT_NOT = re.compile(r"(?<![\wء-ي])ألا(?![\wء-ي])")


def negation_cues(text: str) -> list[str]:
    """The negation cue words of `text`, in order, folded (Arabic without proclitics)."""
    found = [" ".join(m.group().lower().split()) for m in _PHRASES.finditer(text)]
    words = fold(_THAT_NOT.sub("أن لا", _CONTRACTION.sub(" not", text))).split()
    for previous, word, following in zip(["", *words], words, [*words[1:], ""]):
        if word in PRIVATIVE or following in _STILL or (previous, word) in _PARTIES or word == "no" and (
                following in _TERMS or following == "one" or previous == "with"):  # "with no evidence": without
            continue  # ("no one" is read as a phrase above)
        if word in ENGLISH_CUES or word in ARABIC_CUES:
            found.append(word)
            continue
        bare = next((word[len(p):] for p in _PROCLITICS if word.startswith(p) and word[len(p):] in ARABIC_CUES
                     and not (p.endswith("ال") and word[len(p):] == "معارضه")), None)
        if bare:
            found.append(bare)
    return found


# The bare negators, which a translation renders one for one («لم يكن … ولم تطلق»: "no … and no"),
# unlike refusal verbs ("failure" for «خطأ»): a sentence that gains or loses one says the opposite.
NEGATORS = frozenset("not no never nor cannot nobody none neither لا لن لم ليس ليست لست لسنا ليسوا عدم".split())


def negator_count(text: str) -> int:
    """How many bare negators (`NEGATORS`, "no one" included) `text` holds."""
    return sum(1 for cue in negation_cues(text) if cue in NEGATORS or cue == "no one")


def refusal_count(text: str) -> int:
    """How many refusal cues (a verb or phrase, not a bare negator) `text` holds."""
    return sum(1 for cue in negation_cues(text) if cue not in NEGATORS and cue != "no one")


def negated(text: str) -> bool:
    """True when `text` reports a refusal, rejection or negation."""
    return bool(negation_cues(text))
