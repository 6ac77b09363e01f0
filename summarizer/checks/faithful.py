"""Does a model-written sentence say only what its cited words say? One check for every such text.

Renderings of a claim into English, the headline and the overview all pass through `restates`
before they reach any output. It compares the sentence with the source words it cites on the
three things a reader acts on and a small model gets wrong:

- numbers: digits and number words (Arabic and English) the cited words do not state ("32,000" and
  «32 ألف», "15" and «خمسة عشر», "two sides" and «الطرفين» agree), and days of a month they do not
  ("6 November" for «4 نوفمبر»);
- people: a Latin-script name must spell a name in the cited Arabic words (consonant skeleton,
  `summarizer.lang.arabic.find_latin_name`), or be the checked English name of a participant the cited
  words (or the claim's speaker) name; an Arabic participant name must be in the cited words; and
  the person the sentence has speak ("Blinken pointed out…", `speaking`) must be the claim's
  speaker or someone the cited words credit themselves («قال X», «حسب X»): the outlet's narration
  credits nobody;
- polarity: a refusal or negation (`summarizer.checks.polarity.negated`: "ruled out", "is against" too)
  is never restated without it, and none is added; «دون قيد أو شرط» is never "with conditions";
- topic words: an English word of the news vocabulary below (ceasefire, civilians, Israel, Iran,
  hostages…) needs one of its Arabic stems in the cited words (a pause, هدنة, is no ceasefire), and
  an Arabic sentence must take most of its content words from one passage it cites. A small
  model's generic sentence ("the meeting aimed to coordinate efforts to stop the conflict and
  protect civilians") fits almost any quote on the first three checks; it does not fit on this one;
- unsourced words: given the words of the event's pages (`vocabulary`), every content word of
  an Arabic sentence must be written there. Arabic has no capital letters to mark a name, so a
  name, a place or a story an article injected into the model ("زورباكس", "بيونغ يانغ") is caught
  as a word no source writes, however few of them a sentence adds.

It returns the reason for rejection, or None. It cannot tell a faithful sentence from one that
says something else without a number, a name, a topic word or a negation ("divergent" made
"shared"; who refused what swapped between two parties the sentence names; a negation moved to
another clause): that is what the citations, printed beside every sentence, are for.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping

from summarizer.lang import ar, en
from summarizer.lang.arabic import (
    ARABIC_LETTER, ARABIC_NUMBER_WORDS, LATIN_LETTER, STOPWORDS, content_words, find_latin_name, fold, light_stem, script,
    tokens,
)
from summarizer.checks.attribution import is_credit_word, sentence_speaker
from summarizer.lang.dates import MONTHS, ORDINAL_DAY, ORDINALS, days_of_month, months_named
from summarizer.checks.entities import (english_nations, mention_in, mentions, written_in_english, name_word_in, nation_of,
                                        nation_in, nations_in, nations_named, same_arabic_name, vocabulary)
from summarizer.lang.places import CITIES
from summarizer.lang.names import TITLE_VOCAB, person_words
from summarizer.checks.polarity import negated, negator_count, refusal_count

ARABIC_WORD_SHARE = 0.6  # share of an Arabic sentence's content words its cited words must hold
_NAME_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:bin|ibn|al-|el-|abu|abdel|de|van|von)?\s*[A-Z][\w'’-]*)*")
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")


_SCALE = {**ar.SCALE_WORDS, **en.SCALE_WORDS}
_SCALED = re.compile(rf"(\d+(?:d\d+)?)\s+({'|'.join(_SCALE)})\b")  # "1.5 million" (decimals read as 1d5)
# "1.4 tonnes", «1،4 طن»; not a clock time ("07.20", "8.26am": hours and minutes, two numbers).
_DECIMAL = re.compile(r"(?<![\d.٫])(?!0\d)(\d+)(?:[.٫](\d+)|[,،](\d{1,2}))(?![\d.٫])(?!\s?(?:[ap]\.?m\b|h\b|hrs\b|GMT|BST))")
def numbers(text: str, duals: bool = True) -> set[float]:
    """Every number `text` states: digits (Arabic-Indic too) and number words; "32,000", «32 ألف»,
    "32 thousand" and "$32K" are 32000; with `duals`, a word that may be an Arabic dual («الطرفين»,
    «عامين») states two (a translation need not say "two" for it: "the parties")."""
    text = en.SHORT_AMOUNT.sub(lambda m: str(round(float(m[1]) * en.SHORT_SCALES[m[2].lower()])), text)
    text = _DECIMAL.sub(lambda m: f"{m[1]}d{m[2] or m[3]}", text)
    folded = fold(re.sub(r"(?<=\d)[,،٬](?=\d{3}\b)", "", text))  # "120,000", «120،000»
    folded = _SCALED.sub(lambda m: str(round(float(m[1].replace("d", ".")) * _SCALE[m[2]])), folded)
    folded = ar.MONDAY.sub(" ", folded)  # «يوم الاثنين», «الاثنين 10 ديسمبر»: a day, not two
    folded = ORDINAL_DAY.sub(lambda m: m.group().replace(m[1], str(ORDINALS[m[1]])), folded)
    folded = ar.TEENS.sub(lambda m: str(10 + ARABIC_NUMBER_WORDS[m[1]]), folded)
    found: set[float] = {float(n.replace("d", ".")) if "d" in n else int(n) for n in re.findall(r"\d+(?:d\d+)?", folded)}
    for word in folded.split():
        bare = next((word[len(p):] for p in ar.PROCLITICS[1:] if word.startswith(p)
                     and (word[len(p):] in ARABIC_NUMBER_WORDS or word[len(p):] in _SCALE)), word)  # «الخمسة»
        if bare in ARABIC_NUMBER_WORDS:
            found.add(ARABIC_NUMBER_WORDS[bare])
        elif bare in _SCALE:  # «قرابة المليون»: a million; "thousands" is in the English table
            found.add(_SCALE[bare])
        elif duals and (ar.DUAL_LIKE.match(word) and ARABIC_LETTER.match(word)):
            found.add(2)
        parts = word.split("-")  # "seventy-two" is a number; "two-state" and "two-minute" say two
        if all(part in en.NUMBER_WORDS for part in parts) or len(parts) == 2 and parts[0] in en.NUMBER_WORDS:
            found.update(en.NUMBER_WORDS[part] for part in parts if part in en.NUMBER_WORDS)
    return found


def latin_names(text: str) -> list[str]:
    """Runs of capitalised Latin words that name someone or something, descriptive words left out
    (and a participle that opens a sentence: "Speaking at a press conference, …")."""
    names = []
    for match in _NAME_RUN.finditer(text):
        opens = not text[:match.start()].strip() or text[:match.start()].rstrip()[-1:] in ".!?\"“"
        words = [w for n, w in enumerate(match.group().split())
                 if w.lower().removesuffix("'s").removesuffix("’s") not in en.DESCRIPTIVE and not _ACRONYM.match(w)
                 and not (n == 0 and opens and len(w) >= 7 and w.endswith("ing"))]
        if words:
            names.append(" ".join(w.removesuffix("'s").removesuffix("’s") for w in words))
    return names


def _spelled(name: str, texts: str, known_names: Mapping[str, str | None]) -> bool:
    """A Latin name is in `texts`: as written, by consonant skeleton, as a known participant's
    checked English name whose Arabic name `texts` hold, or as a city whose Arabic name they hold."""
    folded = fold(texts)
    if fold(name) in folded or find_latin_name(name, texts, min_skeleton=3):
        return True
    if (words := [w for w in name.split() if not vocabulary(w)]) and all(name_word_in(w, texts) for w in words):
        return True
    wanted = {w.lower() for w in name.split()}
    for arabic, english in known_names.items():
        if english and wanted <= {w.lower() for w in english.split()} and arabic_name_in(arabic, folded):
            return True
    return any(english.lower() == name.lower() and re.search(rf"(?:^|\s)\w{{0,3}}{arabic}(?:\s|$)", folded)
               for arabic, english in CITIES.items())


def arabic_name_in(name: str, folded_text: str) -> bool:
    """One word of an Arabic name that picks out a person (`names.person_words`: not «الأردن» of
    «وزير خارجية الأردن») occurs in the folded text, proclitics and article allowed."""
    words = folded_text.split()
    return any(any(w == core or (w.endswith(core) and len(w) - len(core) <= 3) for w in words)
               for core in person_words(name) if len(core) >= 3)


_FIRST_REPORT = re.compile(rf"\b(?:{'|'.join(sorted(en.REPORTING_VERBS))})\b")
# What may stand between a speaker and the verb: an apposition in commas, "has", "also publicly".
_SPEAKER_BEFORE = re.compile(rf"({_NAME_RUN.pattern})(?:\s*,([^,.;]{{1,160}}),)?(?:\s+(?:\w+ly|also|again|then|has|had|have))*\s*$")
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|«[^»]*»")
def _credited(cited: list[str]) -> str:
    """The words around each credit cue of the cited words, as written: whoever they name is
    credited. A verb whose subject is a thing («كشف اللقاء … أنه», the meeting revealed) credits
    nobody: a definite noun right after it that is no office, group, nation or body."""
    words = " ".join(cited).split()
    near = set()
    for i, word in enumerate(words):
        after = fold(words[i + 1]) if i + 1 < len(words) else ""
        if is_credit_word(word) and not (after.startswith(ar.ARTICLE) and after not in TITLE_VOCAB):  # «قال X», «حسب X»
            near.update(range(max(0, i - 4), i + 9))
        elif i < 4 and word.endswith(":"):  # a headline's «بلينكن: سنستخدم نفوذنا…»
            near.update(range(0, i + 1))
    return " ".join(words[i] for i in sorted(near) if i < len(words))


def _before_first_report(text: str) -> str | None:
    """The text before its first reporting verb outside quotation marks (None: it has none)."""
    unquoted = _QUOTED.sub(lambda m: " " * len(m.group()), text)
    verb = _FIRST_REPORT.search(unquoted)
    return unquoted[:verb.start()] if verb else None


def _speaker_phrase(text: str) -> re.Match | None:
    """The capitalised run right before the text's first reporting verb."""
    before = _before_first_report(text)
    return _SPEAKER_BEFORE.search(before) if before is not None else None


def speaking(text: str) -> list[str]:
    """The names the text has speak: the one right before its first reporting verb outside quotation
    marks ("Blinken, beside the ministers, again called…"); none when a pronoun or a title says it
    ("he added that the leaders of Hamas said…") or the verb comes first."""
    before = _speaker_phrase(text)
    if before is None:
        return []
    # "US Secretary of State, Antony Blinken, publicly pointed…": the title's apposition names him.
    apposition = (before.group(2) or "").strip()
    return latin_names(before.group(1)) or (latin_names(apposition) if _NAME_RUN.fullmatch(apposition) else [])


def _wrong_nation(phrase: str, credited: str) -> str | None:
    """The nation a titled speaker is given ("The US Secretary of State") when the credited speaker's
    own title (`credited`, the claim's party) names another nation only («وزير الخارجية المصري»),
    or None. The cited words' other nations («…وتحصين إسرائيل…») are what was said, not who said it."""
    said = {nation.code: word.replace(".", "") for word in re.findall(r"[A-Za-z.']+", phrase)
            if (nation := nation_of(word.removesuffix("'s")) or nation_of(".".join(word) + "."))}  # "US": "U.S."
    named = nations_in(fold(credited))
    if said and named and not said.keys() & named:
        return sorted(said.values())[0].lower()
    return None


def _a_person(name: str) -> bool:
    """A capitalised run before a reporting verb names a person: a name word, or two words of
    which none is a nation, body or city ("Ken Livingstone", all of them dictionary words); a
    nation or body that acts ("Union", "European Commission") is no one given words."""
    kinds = {m.kind for m in mentions(name, en.DESCRIPTIVE)}
    return "name" in kinds or not kinds and len(name.split()) >= 2


def wrong_doer(text: str, speakers: Iterable[str], cited: list[str], known_names: Mapping[str, str | None]) -> str | None:
    """Who the text has speak (`speaking`, or a titled "US Secretary of State") though its cited
    words credit the words to none of `speakers` and do not credit them themselves («قال X»,
    «…، حسب X», «X أكد»), or None. The outlet's narration («ووقف وزيرا خارجية الأردن ومصر إلى جانب
    بلينكن… ودعا…») credits nobody."""
    allowed = [where for where in (" ".join(speakers), _credited(cited)) if where]
    people = [name for name in speaking(text) if _a_person(name)]
    named = next((name for name in people if not any(
        _spelled(part, where, known_names) for part in [name, *name.split()] for where in allowed)), None)
    before = _before_first_report(text)
    subject = re.split(r"[,.;:]", before)[-1] if before else ""  # "The US Secretary of State" added
    nation = _wrong_nation(subject, " ".join(speakers)) if subject and not speaking(text) else None
    return named or (f"the {nation.upper() if len(nation) <= 3 else nation.title()} official" if nation else None)


def restates(text: str, cited_texts: Iterable[str], known_names: Mapping[str, str | None] | None = None,
             *, speakers: Iterable[str] = (), exact: bool = False, vocabulary: Collection[str] = ()) -> str | None:
    """Why `text` says more (or other) than its cited words, or None when it states only them.

    `cited_texts` are the source words cited; `speakers` the verified speakers of those words,
    who may be named without being in them and are the only ones it may have speak, besides whom
    the words credit themselves; `known_names` maps each participant's Arabic name to
    its checked English name (or None). With `exact` (a rendering of one claim), the numbers
    must be the same both ways; otherwise (a headline or overview over several claims) the text
    may leave numbers out. `vocabulary` holds the content words (`arabic.content_words`) of the
    event's pages; when given, an Arabic word none of them writes is rejected.
    """
    known_names, speakers = known_names or {}, list(speakers)
    cited = [c for c in cited_texts if c and c.strip()]
    if not text or not text.strip():
        return "empty"
    if not cited:
        return "cites nothing"
    if "<" in text or ">" in text:
        return "holds a template placeholder"
    quotes = " ".join(cited)
    # One is "a", "an", "single", "each one", «واحد» or nothing at all: never a count to hold a text to
    # (and two, which a translation may say as "both" or "the parties", is never one it must state).
    stated, available = numbers(text, duals=False) - {1}, numbers(quotes) - {1}
    digits = re.findall(r"\d{4,}", re.sub(r"\D", " ", fold(quotes).replace(" ", "")))  # «0800789321»
    if extra := {n for n in stated - available if not (n >= 1000 and any(str(n) in run for run in digits))}:
        return f"states {', '.join(map(_number, sorted(extra)))}, which its cited words do not"
    if exact and (lost := numbers(quotes, duals=False) - {1, 2} - stated):  # "both", "the parties"
        return f"drops {', '.join(map(_number, sorted(lost)))}, which its cited words state"
    unconditional = len(ar.UNCONDITIONAL.findall(fold(quotes)))  # a rendering keeps each; a summary one
    if en.CONDITION.search(text) and len(en.UNCONDITIONAL.findall(text)) < (unconditional if exact else min(unconditional, 1)):
        return "drops 'without conditions', which its cited words state"  # «دون قيد أو شرط» -> "with conditions"
    if exact and len(conditions := en.CONDITIONAL.findall(text)) > len(ar.CONDITIONAL.findall(fold(quotes))):
        return f"makes it depend on a condition ({conditions[-1]!r}) its cited words do not"
    if months := months_named(text) - months_named(quotes):
        return f"names {MONTHS[min(months)][-2].title()}, a month its cited words do not"
    if contrast := _contrast(text, fold(quotes)):
        return contrast
    if moved := days_of_month(text) - days_of_month(quotes):  # "4 states … 6 November" for 6 states, 4 November
        day, month = min(moved)
        return f"dates something {day}/{month}, a day its cited words do not"
    if reason := (_polarity(text, cited) if exact or len(cited) == 1 else _polarity_by_part(text, cited)):
        return reason
    if script(text) == "ar" and script(quotes) == "en":
        return _from_english(text, quotes, speakers, known_names, exact)
    where = " ".join([quotes, *speakers])
    for mention in mentions(text, en.DESCRIPTIVE):  # a nation, body or city by its own names; a person by spelling too
        if not (mention_in(mention, where) or written_in_english(mention, where)) and (
                mention.kind != "name" or not _spelled(mention.text, where, known_names)):
            return f"names {mention.text}, whom its cited words do not"
    folded_text, folded_where = fold(text), fold(where)
    for arabic in known_names:
        if arabic_name_in(arabic, folded_text) and not arabic_name_in(arabic, folded_where):
            return f"names {arabic}, whom its cited words do not"
    if elsewhere := _placed_elsewhere(text, quotes):
        return elsewhere
    if doer := wrong_doer(text, speakers, cited, known_names):
        return f"has {doer} say what its cited words credit to {' and '.join(speakers) or 'nobody (the outlet)'}"
    return _topic_outside(text, folded_where) or _untraced(text, [fold(c) for c in cited]) or _unsourced_word(text, vocabulary)


def _from_english(text: str, quotes: str, speakers: list[str], known_names: Mapping[str, str | None],
                  exact: bool) -> str | None:
    """Why an Arabic sentence says other than the English words it cites, past numbers, dates and
    polarity, or None. Arabic has no capital letters, so what it names is read from the tables: a
    nation, a city, a participant of the brief; and whom it has speak from the attribution reader
    (`sentence_speaker`), whose name must spell a capitalised word of the cited words or speakers.
    A rendering of one claim (`exact`) keeps every nation, city and body its cited words name,
    keeps "without conditions" and adds no condition. A name none of those tables knows («ميركل»
    where nobody in the story is called so) is caught only in the speaker's place."""
    folded = fold(text)
    where = " ".join([quotes, *speakers])
    if exact:
        for mention in mentions(quotes, en.DESCRIPTIVE):
            if mention.kind in ("nation", "city", "body") and not mention_in(mention, text):
                return f"drops {mention.text}, which its cited words name"
    stated = english_nations(where)
    if extra := {code for code in nations_named(folded) - stated if not same_arabic_name(code, stated)}:
        return f"names {sorted(extra)[0]}, a nation its cited words do not"
    words = set(folded.split())
    for arabic, city in CITIES.items():
        if any(w == arabic or w.endswith(arabic) and len(w) - len(arabic) <= 3 for w in words) and city.lower() not in where.lower():
            return f"names {city}, a city its cited words do not"
    for arabic, english in known_names.items():
        for name in filter(None, {arabic if LATIN_LETTER.search(arabic) else None, english}):
            if any(name_word_in(w, text) for w in name.split() if len(w) >= 4 and not vocabulary(w)) and not any(
                    w in where for w in name.split()):
                return f"names {name}, whom its cited words do not"
    if (speaker := sentence_speaker(text)) and person_words(speaker) and not nations_named(fold(speaker)):
        latin = set(re.findall(r"[A-Z][\w'-]{2,}", where))
        if not any(name_word_in(w, speaker) for w in latin):
            return f"has {speaker} say what its cited words credit to {' and '.join(speakers) or 'nobody (the outlet)'}"
    if exact and len(ar.UNCONDITIONAL.findall(folded)) < len(en.UNCONDITIONAL.findall(quotes)):
        return "drops 'without conditions', which its cited words state"
    if exact and len(ar.CONDITION_STATED.findall(folded)) > len(en.CONDITIONAL.findall(quotes)):
        return "makes it depend on a condition its cited words do not"
    return None


_PLACED = re.compile(rf"\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:territorial\s+)?({'|'.join(ar.PLACE_NOUNS)})\b")
_PLACE_STEMS = [stem for stems in ar.PLACE_NOUNS.values() for stem in stems.split("|")]  # folded Arabic


def _placed_elsewhere(text: str, quotes: str) -> str | None:
    """Why the text places something in a nation's waters, territory, airspace or coast ("in
    Iranian waters") where its cited words give that nation no such place ("captured by Iranian
    authorities … off the Iraqi coast"), or None: where a seizure happened is the contested fact."""
    for match in _PLACED.finditer(text):
        if (nation := nation_of(match[1])) is not None and not _nation_places(nation, quotes):
            return f"places it in {match.group()}, which its cited words do not"
    return None


def _nation_places(nation, quotes: str) -> bool:
    """The cited words give `nation` a place noun: "Iranian waters", «المياه الإيرانية»."""
    if any(nation_of(match[1]) == nation for match in _PLACED.finditer(quotes)):
        return True
    words = fold(quotes).split()
    return any(any(stem in word for stem in _PLACE_STEMS) and nation_in(nation, " ".join(words[i + 1:i + 3]))
               for i, word in enumerate(words))


def _number(n: float) -> str:
    return str(int(n)) if n == int(n) else str(n)


def _contrast(text: str, folded_quotes: str) -> str | None:
    """Why `text` says one side of a contrast where its cited words say the other more often than
    it does ("shared approaches with different people" for «نهج مختلفة مع أشخاص مختلفين»), or None."""
    words = re.findall(r"[a-z][a-z-]*", text.lower())
    for said, other_stems, other_words in ar.CONTRASTS:
        hit = [w for w in words if w in said.split()]
        rendered = sum(1 for w in words if w in other_words.split())
        written = sum(1 for w in folded_quotes.split() if any(stem in w for stem in other_stems.split("|")))
        if hit and rendered < written:
            return f"says {hit[0]!r} where its cited words say otherwise"
    return None


def _polarity(text: str, cited: list[str]) -> str | None:
    """Why `text` does not hold the negations and refusals of `cited`, all of which it renders:
    one negated without the other, a bare negator more or fewer ("was not in the hospital" where
    «لم يدرك» negates another clause), a refusal verb gone ("accepted" for «رفض»). A refusal verb
    may render a bare negation ("failure" for «لم يكن خطأ»): one added is not counted."""
    if negated(text) and not any(negated(c) for c in cited):
        return "adds a negation or refusal its cited words do not hold"
    if not negated(text) and any(negated(c) for c in cited):
        return "drops the negation or refusal its cited words hold"
    if difference := negator_count(text) - sum(map(negator_count, cited)):
        return "adds a negation its cited words do not hold" if difference > 0 else "drops a negation its cited words hold"
    if not refusal_count(text) and any(map(refusal_count, cited)):
        return "drops the refusal its cited words hold"
    return None


_CLAUSE = re.compile(rf";|\s(?:while|but|whereas|although|though)\s|,\s+(?:and|but)\s|(?:\sand|,)\s(?=(?:{'|'.join(sorted(en.REPORTING_VERBS))})\b)",
                     re.IGNORECASE)  # "…, rejected describing… and said this war…": each verb a clause of its own


def _polarity_by_part(text: str, cited: list[str]) -> str | None:
    """A headline or overview over several passages restates some of them: each of its clauses
    is held to the polarity of the passages it fits best (by the topic words and names they
    share), not to a negation in a passage it leaves out."""
    for clause in (c for c in _CLAUSE.split(text) if c.strip()):
        scores = [_fit(clause, passage) for passage in cited]
        best = [p for p, score in zip(cited, scores) if score == max(scores)]
        if negated(clause) and not any(negated(p) for p in best):
            return f"adds a negation or refusal the words it restates do not hold: {clause.strip()!r}"
        if not negated(clause) and not any(not negated(p) for p in best):
            return f"drops the negation or refusal the words it restates hold: {clause.strip()!r}"
    return None


def _fit(clause: str, passage: str) -> int:
    """How many of the clause's topic words and names the passage writes."""
    folded = fold(passage)
    topics = sum(1 for word in set(re.findall(r"[a-z][a-z-]*", clause.lower()))
                 if (stems := ar.TOPIC_STEMS.get(word)) and any(_has_stem(stem, folded) for stem in stems))
    names = {w for w in re.findall(r"\b[A-Z][a-z]{2,}\b", clause) if w.lower() not in en.DESCRIPTIVE}
    return topics + sum(1 for name in names if name_word_in(name, passage))


SUFFIX_LETTERS = 2  # "اجتماع" and "اجتماعات": a word and its inflection differ by a suffix this long


def _unsourced_word(text: str, vocabulary: Collection[str]) -> str | None:
    """Why an Arabic content word of `text` is in none of the pages (`vocabulary`), or None: a
    present-tense verb is written when its past is (`ar.past_forms`)."""
    if not vocabulary:
        return None
    for word in dict.fromkeys(w for w in content_words(text) if ARABIC_LETTER.match(w)):
        if not _in_vocabulary(word, vocabulary) and not _past_written(word, vocabulary):
            return f"says «{word}», which no source page writes"
    return None


def _in_vocabulary(word: str, vocabulary: Collection[str]) -> bool:
    return word in vocabulary or any(
        (v.startswith(word) or word.startswith(v)) and abs(len(v) - len(word)) <= SUFFIX_LETTERS
        for v in vocabulary if min(len(v), len(word)) >= 3)


def _past_written(word: str, vocabulary: Collection[str]) -> bool:
    """A present-tense verb whose past a page writes, as the vocabulary holds words: light-stemmed
    («التقى» as «تقي», «وافق» as «افق»)."""
    return any(light_stem(past) in vocabulary for past in ar.past_forms(word))


_PRESS_RELEASE = re.compile(r"\bpress releases?\b")  # «بيان»: nobody is released


def _topic_outside(text: str, folded_where: str) -> str | None:
    """Why the text's topic words are not its cited words' (see `TOPIC_STEMS`), or None. The words
    of a nation, body or city the name check has passed are not topic words ("United Arab Emirates"
    for «الإمارات» says no "Arab")."""
    for mention in mentions(text, en.DESCRIPTIVE):
        if mention.kind != "name":
            text = text.replace(mention.text, " ")
    for word in re.findall(r"[a-z][a-z-]*", _PRESS_RELEASE.sub(" ", text.lower().replace("’", "'"))):
        stems = ar.TOPIC_STEMS.get(word.removesuffix("-"))
        if stems and not any(_has_stem(stem, folded_where) for stem in stems) and not _written(word, folded_where):
            return f"says {word!r}, which its cited words do not"
    return None


def _written(word: str, where: str) -> bool:
    """English cited words say the topic word: it, or a word of its `TOPICS` entry, opening a word
    ("release" in "released", "truce" for "pause")."""
    kin = next((words.split() for words, _ in ar.TOPICS if word in words.split()), [word])
    return any(re.search(rf"(?<![a-z]){re.escape(w[:max(4, len(w) - 2)])}", where.lower()) for w in kin)


def _has_stem(stem: str, folded: str) -> bool:
    if not stem.startswith("^"):
        return stem in folded
    return re.search(rf"(?:^|\s)(?:{_WORD_OPENERS}){stem[1:]}", folded) is not None


_WORD_OPENERS = "|".join([*ar.PROCLITICS, *ar.WEEKDAY_OPENERS])


def _untraced(text: str, folded_cited: list[str]) -> str | None:
    """Why an Arabic sentence takes too few of its content words from any one passage it cites
    (as the eval's support check reads it), or None. Words from several passages pieced together
    ("البلدان المتضررة…" over a sentence on donations) are not what any one source says."""
    words = [w for w in content_words(text) if ARABIC_LETTER.match(w)]
    if not words:
        return None
    best = 0
    for passage in folded_cited:
        available = set(content_words(passage))
        best = max(best, sum(1 for w in words if w in available or any(
            a.startswith(w) or w.startswith(a) for a in available if min(len(a), len(w)) >= 3)))
    return "takes too few of its words from any one passage it cites" if best < ARABIC_WORD_SHARE * len(words) else None


def verdict(text: str, cited_texts: Iterable[str], lang: str, known_names: Mapping[str, str | None] | None = None,
            *, speakers: Iterable[str] = (), exact: bool = False, vocabulary: Collection[str] = ()) -> str | None:
    """Why the brief would leave `text` out, or None to show it: the language check, then `restates`.

    The one verdict the writer gives each rendering, headline and overview sentence, and the one
    `summarizer eval checker` measures on labelled pairs."""
    return in_language(text, lang) or restates(text, cited_texts, known_names, speakers=speakers, exact=exact,
                                               vocabulary=vocabulary)


def says_who_but_not_what(text: str) -> bool:
    """An Arabic sentence that only names a speaker and a reporting verb («بينما شدد وزير الخارجية
    الأمريكي», the 1.5B model's overview sentence): past its particles, offices, nations and
    reporting verbs, no word is left to say what was said."""
    words = [w for w in tokens(text) if ARABIC_LETTER.match(w)]
    return bool(words) and all(w in ar.REPORT_PARTICLES or w in STOPWORDS or is_credit_word(w)
                               or not person_words(w) for w in words)


def in_language(text: str, lang: str) -> str | None:
    """Why `text` is not written in `lang` ("en": no Arabic letters; "ar": mostly Arabic letters)."""
    arabic, latin = len(ARABIC_LETTER.findall(text)), len(LATIN_LETTER.findall(text))
    if lang == "en" and arabic:
        return "is not in English"
    if lang == "ar" and latin >= arabic:
        return "is not in Arabic"
    return None


def word_count(text: str) -> int:
    """Words as the budget and the eval count them (`summarizer.lang.arabic.tokens`)."""
    return len(tokens(text))
