"""The English pack: the words and patterns the checks and stages read English news and
renderings with.

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
ACCORDING_TO = ("according", "to")  # "according to X": X is the source
SOURCE_WORDS = frozenset(ACCORDING_TO[:1])  # a clause opening so names the source of what comes before
COMPLEMENTIZERS = frozenset({"that"})  # "said, at a news conference…, that": what was said follows
NAME_LINKS = frozenset({"of"})  # "Secretary of State": a small word inside a capitalised name
# An office, written in lower case, that with a nation or body names one person ("the Qatari foreign
# minister", "a U.N. official"): news lists delegations so.
OFFICE_WORDS = frozenset("""
minister ministers president prime secretary ambassador envoy spokesman spokeswoman spokesperson official
officials chief general commander governor mayor king queen prince emir sheikh chancellor delegation foreign
defence defense interior finance deputy vice senior top head
""".split())
# Small words a name may hold in lower case ("Bank of England", "Friends of the Earth", "bin Laden").
LOWER_CASE_IN_NAMES = frozenset("of the and for on in de del da di van von der al el bin ibn la le du".split())

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

# English number words (the Arabic ones are `lang.arabic.ARABIC_NUMBER_WORDS`). "one" and "a" are left
# out on purpose: "one of", "no one" are rarely counts, and flagging them would reject most sentences.
NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "million": 10**6,
    "billion": 10**9, "dozen": 12, "dozens": 12, "hundreds": 100, "thousands": 1000, "millions": 10**6,
}
# Capitalised words that describe, not name (offices, nations, places everyone knows, days and
# months), and common words a sentence starts with: none of them needs to be spelled in a quote.
DESCRIPTIVE = frozenset("""
the a an and of in on for to at by with from us u.s. usa uk un eu secretary state minister ministers foreign
ministry president prime king prince crown sheikh emir general spokesman spokeswoman spokesperson official
officials arab arabs israeli israelis palestinian palestinians american americans egyptian egyptians
jordanian jordanians saudi saudis qatari emirati iranian lebanese syrian turkish british french russian
chinese european league nations united security council assembly government army forces authority movement
committee executive liberation organization organisation affairs expatriates he she they it we i you his her
their its our your this that these those there here monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december mr ms dr
jan feb mar apr jun jul aug sep sept oct nov dec
gaza strip west bank east middle red sea tel aviv white house israel egypt jordan qatar iran lebanon syria
turkey arabia emirates uae bahrain kuwait oman iraq yemen sudan libya morocco tunisia algeria palestine
states kingdom republic arab-american
both all some many most several each every nobody none neither either no not such talks leaders sources
reports aid civilians humanitarian meanwhile however also later earlier today yesterday after before during
while despite although because since when where why how what who which if as but so yet then thus still
according at an one two three ministers' meeting meetings ceasefire war peace hostages displacement
""".split())
CONDITION = re.compile(r"\b(?:pre)?condition(?:s|al)?\b|\brestrictions?\b", re.IGNORECASE)
UNCONDITIONAL = re.compile(r"\bunconditional(?:ly)?\b|\b(?:without|no)\b[^.,;]{0,30}\b(?:(?:pre)?conditions?|restrictions?)\b",
                               re.IGNORECASE)
# A condition a rendering adds ("…, provided they pass fresh tests", "if the weather allows").
CONDITIONAL = re.compile(r"\b(?:if|unless|(?<!to )(?<!be )(?<!is )(?<!are )(?<!was )(?<!been )(?<!being )"
                             r"provided(?= (?:that|they|he|she|it|we|you|the|a|an|there)\b)|providing that|"
                             r"as long as|so long as|subject to|on condition|conditional on|only when)\b", re.IGNORECASE)
SCALE_WORDS = {"thousand": 1000, "million": 10**6, "billion": 10**9}  # "32 thousand"
# An amount of money written short: "$10K", "£2.5bn", "€5m" (after a currency sign only: "a 5m wall" is metres).
SHORT_AMOUNT = re.compile(r"(?<=[$£€])(\d+(?:\.\d+)?)\s?(k|K|m|mn|bn|b)\b")
SHORT_SCALES = {"k": 1000, "m": 10**6, "mn": 10**6, "b": 10**9, "bn": 10**9}

# The headings and lines of a brief and a digest (summarizer.stages.render and digest).
LABELS = {
    "unrendered": "(no checked English rendering)",  # a claim shown in its sources' words, another language
    "event": "The event",
    "what": "What",
    "when": "When",
    "where": "Where",
    "who": "Who",
    "overview": "Overview",
    "key_point": "Key points",
    "position": "Positions by party",
    "agreement": "Agreements",
    "disagreement": "Disagreements",
    "outcome": "Outcomes",
    "conflicts": "Conflicts between sources",
    "sources": "Sources",
    "used": "Used",
    "set_aside": "Set aside",
    "failed": "Failed",
    "no_reason": "not used; no reason recorded",
    "unattributed": "Unattributed",
    "usage": "Usage",
    "usage_line": "{calls} model calls ({cached} cached), {prompt} prompt + {completion} completion tokens, {seconds:.1f} s",
    "corroboration": "{n} sources",
    "list_separator": ", ",
    "passages": "Cited passages",
    "unresolved": "unresolved: not at these offsets in the source",
    "digest": "Daily digest",
    "digest_scope": "events with a brief: {events}; pages: {pages}",
    "contents": "Contents",
    "toc_event": "Event",
    "toc_place": "Place",
    "toc_date": "Date",
    "toc_sources": "Sources",
    "not_stated": "not stated",
    "no_brief": "No brief: the extraction failed on every page chosen for it.",
    "also_reported": "Also reported (one source each, no model call)",
    "usage_timing": "Usage and timing",
    "timing_line": "clustering {cluster:.1f} s, extraction {extract:.1f} s, briefs {briefs:.1f} s, total {total:.1f} s",
}

# Why a page is set aside (summarizer.stages.group).
SET_ASIDE_REASONS = {
    "other": "reports a different event ({other}); the main event is {main}",
    "story": "shares too little content with the main event ({main}) to be the same story",
    "no_place": "place not stated",
    "no_date": "date not stated",
    "comma": ", ",
}

# ---- what of a scraped page is not the article (summarizer.stages.clean), as written ---------
# Markers after which a page carries related-article lists and appended stories, not the article.
TAIL_MARKERS = ("Read also", "Related articles", "Related stories", "More stories")
FURNITURE = ("Advertisement", "Sponsored")  # whole lines that are page furniture wherever they stand
READING_TIME_UNITS = ("min",)  # "5 min read"
# Folded phrases that address a language model rather than a reader (prompt injection).
TO_THE_MODEL = tuple(re.compile(pattern) for pattern in (
    r"\b(ignore|disregard|forget|override)( \w+){0,3} (instructions?|prompts?|rules|directions|directives)\b",
    r"\b(system|developer) (prompt|message|instructions?)\b",
    r"\b(you are|act as|pretend to be) (now )?(an? )?(ai|llm|language model|assistant|chatbot)\b",
    r"\b(ai|llm|language model|assistant|chatbot|summari[sz]er) (must|should|shall|will) (now )?"
    r"(state|say|write|report|output|ignore|claim)\b",
    r"\bin (your|the) (summary|brief|answer|response|output) (state|say|write|claim)\b",
))

# A conflict's topic and side labels (summarizer.stages.merge).
CONFLICT_LABELS = {
    "date": "date of the event", "count": "how many {noun}", "who": "who said «{words}»", "said": "said by {name}",
}

# ---- what a sentence presents (summarizer.stages.extract): folded word starts ----------------------
AGREEMENT_CUES = (
    "agree", "consensus", "common ground", "converge",
    "same goal", "same interest", "shared goal", "shared interest", "common goal", "common interest",  # shared aims
)
DISAGREEMENT_CUES = ("disagree", "division", "divided", "split", "diverg", "differ")  # not "reject" alone
OUTCOME_CUES = ("outcome", "result", "decid", "announc", "conclud", "joint statement")
# A refusal, and what sets it against another party's position: a contrast opening its clause, a proposal.
REFUSAL_CUES = ("reject", "refus", "oppos")
CONTRAST_CUES = ("whereas", "while", "but", "however", "in contrast")
PROPOSAL_CUES = ("proposal", "idea", "plan", "initiative")

# Words that say nothing of a sentence's topic: two sentences sharing only these are not alike.
STOPWORDS = frozenset("""
a an the and or of in on at to for from with by as that this these those it its is are was were be been has have
had will would should could can may also who which what he she they his her their about into after over than but
said says say told added stressed noted
""".split())

# A name with one of these words is a place ("Aceh province", "the Aceh Besar district of Indonesia").
PLACE_KINDS = frozenset("""
province provinces district districts region regions city town village county state island islands coast
peninsula valley river mountains capital municipality prefecture governorate neighbourhood neighborhood
""".split())
# Words before a place ("in Talca", "from Chillan"): a name the page writes only after these is where, not who.
LOCATIVES = frozenset("in at near from to into across outside inside throughout around toward towards via".split())

# Before a reporting verb: "he added" continues the last speaker; "the ministers said" is a subject.
SUBJECT_PRONOUNS = frozenset("he she they we i it".split())
DETERMINERS = frozenset("the a an this that these those his her their its our some many several both all".split())
RELATIVES = frozenset("who which that whom whose".split())  # "a conference today who also said": not its subject
# Between a subject and its reporting verb: "then stated", "has said", "also told".
BEFORE_REPORTING_VERB = frozenset("then also later again earlier further has have had was were is are would will "
                                  "later".split())

# A full stop after these ends no sentence: dotted initials ("U.S. dollars", "the U.N. envoy",
# "10 a.m."), a middle initial ("George W. Bush"), and titles and months before a name or a day
# ("Mr. Koizumi", "Jan. 8"). Matched against the text right before the stop.
ABBREVIATION_BEFORE_STOP = re.compile(
    r"(?:\b(?:[A-Za-z]\.){1,3}[A-Za-z]|(?<![\w.])[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Capt|Sgt|Sen|Rep|Gov|"
    r"Pres|St|Jr|Sr|Rev|Hon|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|No))$")

# Word starts that say two sides differ ("deep divisions", "a rift"), lower case: however many
# outlets write that the sides disagree, it is one fact (summarizer.stages.merge).
SIDES_DIFFER = ("disagree", "divergen", "divisions", "divided", "rift", "differences")

# The first word of a vessel's name or of what it is ("HMS Cornwall", "the frigate Cornwall"),
# lower case: a ship is where things happen, not who acts (summarizer.stages.extract).
VESSEL_WORDS = ("hms", "uss", "rms", "hmas", "hmcs", "ins", "mv", "frigate", "destroyer", "warship", "ship",
                "vessel", "tanker", "gunboat", "boat")
