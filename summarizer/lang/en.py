"""The English pack: the words and patterns the checks read English news and renderings with.

Every English word table lives here once; the Arabic pack is `summarizer.lang.ar`.
"""

from __future__ import annotations

import re

# Reporting verbs: whoever stands before one is having words put in their mouth ("Blinken said…").
REPORTING_VERBS = frozenset((
    "said says added adds stressed stresses called calls urged urges pointed points noted notes warned "
    "warns rejected rejects refused refuses condemned condemns announced announces affirmed affirms "
    "confirmed confirms emphasized emphasizes emphasised emphasises explained explains revealed reveals "
    "told tells insisted insists expressed expresses reiterated reiterates demanded demands asked asks "
    "welcomed welcomes opposed opposes argued argues backed backs supported supports denied denies "
    "pledged pledges vowed vows acknowledged acknowledges admitted admits stated states highlighted "
    "highlights indicated indicates mentioned mentions described describes").split())

# Negations and refusals (the polarity check's cues).
NEGATION_CUES = frozenset("""
not no never nor cannot nobody none neither
refuse refuses refused refusing refusal
reject rejects rejected rejecting rejection
oppose opposes opposed opposing opposition
deny denies denied denying
abandon abandons abandoned abandoning
fail fails failed failing failure unable
decline declines declined declining
""".split())
NEGATORS = frozenset("not no never nor cannot nobody none neither".split())  # bare negators, one for one
# Refusals written as a verb and its particle ("ruled out a ceasefire", "warned against it", "the
# US is against a ceasefire"): one cue. A bare "against" is not one ("a ceasefire against Gaza").
REFUSAL_PHRASES = re.compile(r"\b(?:no one|(?:rule[sd]?|ruling) out|warn(?:s|ed|ing)? against|"
                             r"(?:is|are|was|were|be|been|being|stand|stands|stood|remain|remains|remained) against)\b",
                             re.IGNORECASE)
CONTRACTION = re.compile(r"n[’']t\b", re.IGNORECASE)  # "can't" -> "ca not": fold splits at apostrophes
PRIVATIVE = frozenset({"without"})  # "without conditions": not a refusal
TERMS = frozenset("conditions preconditions restrictions strings".split())  # "with no conditions" is "without"
PARTIES = frozenset({("the", "opposition")})  # "the opposition": parties, not a refusal

# Other names of countries, and nationality adjectives no rule derives from the name ("French"), by ISO code.
COUNTRY_ALSO_CALLED = {
    "US": "U.S. USA U.S.A. America American Americans", "GB": "UK U.K. Britain British Briton Britons "
    "English England Scottish Scotland Welsh Wales", "FR": "French Frenchman", "NL": "Dutch Holland",
    "CH": "Swiss", "IE": "Irish", "GR": "Greek Greeks", "ES": "Spanish Spaniard Spaniards", "DK": "Danish Dane Danes",
    "FI": "Finnish Finn Finns", "PL": "Polish Pole Poles", "PH": "Filipino Filipinos", "AE": "Emirati Emiratis UAE",
    "TH": "Thai Thais", "SA": "Saudi Saudis", "AF": "Afghan Afghans", "NO": "Norwegian Norwegians",
    "PS": "Palestine Palestinian Palestinians", "KR": "Korea Korean Koreans", "KP": "Korea Korean Koreans",
    "IR": "Persian Persia", "CD": "Congo Congolese", "CG": "Congo Congolese", "CZ": "Czech Czechs", "NZ": "Zealander Zealanders",
}
DEMONYM_ENDINGS = ("", "i", "is", "n", "ns", "an", "ans", "ian", "ians", "ese", "ish", "ean", "eans", "s")  # "Iraq" + "i", "Brazil" + "ian"
PREFIXES = frozenset("pre post anti non pro ex co mid multi pan trans inter sub super neo".split())  # "Pre-Tour"
DEFINITE_ARTICLE = "The"  # never the first word of a named institution
