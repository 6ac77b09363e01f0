"""The Arabic pack: the words and patterns the checks and stages read Arabic news with.

Every Arabic word table lives here once, folded as `summarizer.lang.arabic.fold` folds text
(ة→ه, ى→ي, أ/إ/آ→ا) unless a comment says otherwise. The English pack is `summarizer.lang.en`.
"""

from __future__ import annotations

import re

ARTICLE = "ال"
# What may open a word before its stem: conjunctions, prepositions and the article, alone or joined
# («وبالقاهرة», «للمدنيين»). The empty opener comes first: a stem may open the word itself.
PROCLITICS = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل", "ال", "وال", "بال", "فال", "لل", "ولل")

# Negations and refusals (the polarity check's cues).
NEGATION_CUES = frozenset("""
لا لن لم ليس ليست لست لسنا ليسوا عدم
رفض رفضت رفضه رفضها رفضته رفضتها رفضوا يرفض ترفض نرفض يرفضون رافض رافضه
عارض عارضت يعارض تعارض نعارض يعارضون معارضه معارض عورض
نفي نفت ينفي تنفي
فشل فشلت فشلوا يفشل تفشل فاشل فاشله
""".split())
# The bare negators, rendered one for one («لم يكن … ولم تطلق»: "no … and no").
NEGATORS = frozenset("لا لن لم ليس ليست لست لسنا ليسوا عدم".split())
PRIVATIVE = frozenset({"بلا"})  # «بلا شروط»: without, not a refusal
# «لا يزال» / «ما زال» mean "still", «لا سيما» "especially", «لا يقل عن» "at least": no negation there.
NOT_NEGATED_AFTER_LA = frozenset({"يزال", "تزال", "نزال", "يزالون", "زال", "زالت", "سيما", "سيّما", "يقل", "تقل"})
# «ألا» is «أن لا» ("that … not"); «إلا» ("except", folded alike) is not. Unfolded text.
THAT_NOT = re.compile(r"(?<![\wء-ي])ألا(?![\wء-ي])")
THAT_NOT_SPELLED_OUT = "أن لا"
PARTIES = frozenset({"معارضه"})  # «المعارضة» with its article: the opposition parties, not a refusal
