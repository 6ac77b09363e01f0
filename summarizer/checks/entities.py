"""Is a name an English sentence writes also in the Arabic words it renders? Across scripts.

A translation keeps the people, places, nations and bodies of its source and adds none. In
English they are capitalised; in Arabic nothing marks them. So each capitalised run of the
English is read as one of:

- a nation, by country name, alternative name or nationality adjective ("Brazilian", "U.S.",
  "Iraqis"), looked for by its Arabic name and stem («البرازيل», «برازيلي»). The names in both
  languages are CLDR's (`babel`), so every country is known, not a story's handful;
- a body ("UN", "European Union", "Red Cross"), by `lang.ar.BODY_NAMES`; an institution named in common words
  ("the Metropolitan Police"), by what it is (`lang.ar.INSTITUTION_STEMS`: «شرطة»);
- a city, by CLDR's exemplar cities in both languages (London, «لندن») and the grouping stage's;
- a person or a place, word by word: a word spelled in the Arabic by consonant skeleton, or by
  `arabic-name-romanizer`'s Wikidata table of name spellings («بنيامين» is "Benjamin"), or by its
  romanisation of an Arabic word («نتنياهو» romanises to "Natiniahou", whose skeleton is
  Netanyahu's);
- neither: a word of English vocabulary capitalised as part of a title or a sentence's start
  ("Conference", "Delegates", "Without"), which a translator translates and nobody transliterates.
  A word is vocabulary when Webster's dictionary (`english-words`' web2 list, where names are
  capitalised) lists it in lower case, or English uses it very often (`wordfreq`), and no name
  table lists it as a name: "George" is a name, "Union" is not.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from summarizer.lang import ar, en
from summarizer.lang.arabic import arabic_skeleton, latin_skeleton, find_latin_name, fold

COMPOUND_ZIPF = 3.0  # a compound this common is English ("roadmap" 3.2); "Rushdie" (rush+die) is 2.6
EVERYDAY_ZIPF = 5.5  # a word English uses this often (log10 per billion, `wordfreq`) is vocabulary
LISTED = 3  # a word the name table gives for this many Arabic names is a name ("Hall", "Marine": once)
MIN_NAME_LETTERS = 3  # "Hu", "W." and initials are too short to look for

_INSTITUTION = re.compile(rf"\b(?!{en.DEFINITE_ARTICLE}\b)(?:[A-Z][\w'’.]*\s+){{1,4}}(?:{'|'.join(w.title() for w in ar.INSTITUTION_STEMS)})\b")


@dataclass(frozen=True)
class Nation:
    code: str
    arabic: tuple[str, ...]  # folded stems; "^" not needed: each must open a word


@cache
def _nations() -> tuple[dict[str, Nation], list[tuple[str, Nation]]]:
    """English word or phrase (lower case) -> Nation, and (name, Nation) for the adjective rule."""
    from babel import Locale

    english, arabic = Locale("en").territories, Locale("ar").territories
    by_word: dict[str, Nation] = {}
    names: list[tuple[str, Nation]] = []
    for code, name in english.items():
        if not code.isalpha() or code not in arabic or code in ("ZZ", "EU", "EZ", "UN", "QO"):
            continue
        stems = {_arabic_stem(part) for part in re.split(r"[()،,]| - ", arabic[code]) if fold(part).strip()}
        stems.update(s for s in ar.COUNTRY_ALSO_WRITTEN.get(code, "").split("|") if s)
        nation = Nation(code, tuple(sorted(s for s in stems if len(s) >= 3)))
        for part in re.split(r"[()]", name):
            if part.strip() and "&" not in part:
                by_word[part.strip().lower()] = nation
                names.append((part.strip().lower(), nation))
        for other in en.COUNTRY_ALSO_CALLED.get(code, "").split():
            by_word[other.lower()] = nation
    return by_word, names


def _arabic_stem(name: str) -> str:
    """«الولايات المتحدة» -> «ولايات المتحده»; «فرنسا» -> «فرنس» (so «الفرنسيه» has it)."""
    words = fold(name).split()
    words[0] = words[0].removeprefix(ar.ARTICLE) if len(words[0]) > 4 else words[0]
    if len(words) == 1 and len(words[0]) > 3 and words[0][-1] in ar.OPEN_ENDINGS:
        words[0] = words[0][:-1]
    return " ".join(words)


@cache
def _cities() -> dict[str, tuple[str, ...]]:
    """English city name -> its folded Arabic names: CLDR's exemplar cities of the time zones
    (capitals and large cities the world over) and the cities the grouping stage knows."""
    import zoneinfo

    from babel.dates import get_timezone_location

    from summarizer.lang.places import CITIES

    cities: dict[str, set[str]] = {}
    for zone in zoneinfo.available_timezones():
        if "/" not in zone or zone.startswith(("Etc/", "SystemV/")):
            continue
        english = get_timezone_location(zone, locale="en", return_city=True)
        arabic = get_timezone_location(zone, locale="ar", return_city=True)
        if english and arabic and not english.startswith(("GMT", "Unknown")):
            cities.setdefault(english, set()).add(fold(arabic))
    for arabic, english in CITIES.items():
        cities.setdefault(english, set()).add(arabic)
    return {english: tuple(sorted(forms)) for english, forms in cities.items()}


def city_in(city: str, folded_text: str) -> bool:
    """The Arabic names the city: one of its Arabic names (article merged or not), or by spelling."""
    padded = f" {folded_text} "
    for form in _cities().get(city, ()):
        if re.search(rf"\s(?:{'|'.join(ar.PROCLITICS)}){re.escape(form.removeprefix(ar.ARTICLE))}(?:\s)", padded):
            return True
    return find_latin_name(city, folded_text, min_skeleton=3) is not None  # «بانكوك»: a spelling CLDR lacks


def nation_of(words: str) -> Nation | None:
    """The nation an English name or adjective names ("Brazilian", "Sri Lanka", "U.S."), or None."""
    by_word, names = _nations()
    key = words.lower().removesuffix("'s").removesuffix("’s")
    if key in by_word:
        return by_word[key]
    for name, nation in names:
        if " " in name or len(name) < 4:
            continue
        for trim in (0, 1, 2):
            base = name[:len(name) - trim]
            if key.startswith(base) and key[len(base):] in en.DEMONYM_ENDINGS and len(base) >= 4:
                return nation
    return None




def english_nations(text: str) -> set[str]:
    """The ISO codes of the nations an English text names, by name or adjective, in one word or
    up to three ("Iranian", "U.S.", "US", "United States", "Sri Lanka")."""
    words = re.findall(r"[A-Z][A-Za-z.'’]*", text)
    runs = [" ".join(words[i:i + n]) for n in (1, 2, 3) for i in range(len(words) - n + 1)]
    found = {nation.code for run in runs if (nation := nation_of(run.rstrip(".")) or nation_of(run))}
    return found | {nation.code for word in words if len(word) <= 3 and word.isupper()
                    and (nation := nation_of(".".join(word) + "."))}  # "US" is "U.S."


def nation_in(nation: Nation, folded_text: str, english: str = "") -> bool:
    """The Arabic names the nation: a stem opening a word (after و، ب، ال…), or `english` spelled."""
    padded = f" {folded_text} "
    for stem in nation.arabic:
        if re.search(rf"\s(?:{'|'.join(ar.PROCLITICS)}){re.escape(stem)}", padded):
            return True
    # Spelled in a way CLDR does not («الدنماركية» for «الدانمرك», «تايلند»): the stem's consonants
    # opening a word, or the English name's, as one word or several.
    skeletons = {arabic_skeleton(stem) for stem in nation.arabic if " " not in stem}
    if any(word.startswith(skeleton) for skeleton in skeletons if len(skeleton) >= 4
           for word in map(arabic_skeleton, _bare_words(folded_text))):
        return True
    return bool(english) and any(find_latin_name(form, folded_text, min_skeleton=4) is not None
                                 for form in {english, english.replace(" ", "")})


@cache
def _nation_forms() -> dict[str, str]:
    """Folded Arabic word or phrase -> ISO code: each nation's Arabic names (CLDR's, article
    dropped, and `COUNTRY_ALSO_WRITTEN`) and, of a one-word name, its adjectives («إيراني»)."""
    from babel import Locale

    forms: dict[str, str] = {}
    by_word, _ = _nations()
    arabic = Locale("ar").territories
    for nation in set(by_word.values()):
        names = [fold(part).strip() for part in re.split(r"[()،,]| - ", arabic.get(nation.code, ""))]
        for name in [n for n in names if len(n) >= 3] + list(nation.arabic):
            bare = name.removeprefix(ar.ARTICLE) if len(name.split()[0]) > 4 else name
            forms.setdefault(bare, nation.code)
            if " " not in bare:
                for ending in ar.NISBA_ENDINGS:
                    forms.setdefault(bare.rstrip(ar.OPEN_ENDINGS) + ending, nation.code)
    return forms


def nations_named(folded_text: str) -> set[str]:
    """The ISO codes of the nations a (folded) Arabic text names as whole words: a nation's name or
    its adjective after a proclitic («والإيرانيين»), not a word that opens with its letters
    («التركيز», focus, is no Turkey): what an Arabic sentence names, where `nations_in` asks
    whether it names one nation in particular."""
    words, padded = _bare_words(folded_text), f" {folded_text} "
    return {code for form, code in _nation_forms().items()
            if (form in words if " " not in form else re.search(rf"\s(?:{'|'.join(ar.PROCLITICS)}){re.escape(form)}\s", padded))}


def same_arabic_name(code: str, others: set[str]) -> bool:
    """The nation shares an Arabic name with one of `others` («كونغو»: both Congos), so an Arabic
    text that names one may mean the other."""
    by_code = {nation.code: nation for nation in _nations()[0].values()}
    return code in by_code and any(set(by_code[code].arabic) & set(by_code[o].arabic) for o in others if o in by_code)


def nations_in(folded_text: str) -> set[str]:
    """The ISO codes of every nation the (folded) Arabic text names."""
    by_word, _ = _nations()
    return {nation.code for nation in set(by_word.values()) if nation_in(nation, folded_text)}


def body_in(arabic_forms: str, folded_text: str) -> bool:
    """One of the body's Arabic forms is in the text, each word with or without its article and
    with a proclitic («للأمم المتحدة»; «مجلس أمن الأمم المتحدة», a construct, drops the article)."""
    return any(re.search(_form_pattern(form), folded_text) for form in arabic_forms.split("|"))


@lru_cache(maxsize=256)
def _form_pattern(form: str) -> str:
    words = [re.escape(w.removeprefix(ar.ARTICLE)) for w in form.split()]
    return r"(?<!\w)" + r"\s+".join(rf"(?:{'|'.join(ar.PROCLITICS[1:])})?{w}" for w in words) + r"(?!\w)"


_BODY_FORMS = sorted(((form, arabic) for forms, arabic in ar.BODY_NAMES.items() for form in forms.split("|")),
                     key=lambda pair: -len(pair[0]))
_BODY = re.compile("|".join(rf"(?<![\w.]){re.escape(form)}(?![\w])" for form, _ in _BODY_FORMS))
_BODY_ARABIC = dict(_BODY_FORMS)


@dataclass(frozen=True)
class Mention:
    """One capitalised thing an English sentence names: its words and what it is."""

    text: str
    kind: str  # "nation" | "body" | "institution" | "city" | "name"


# Capitalised words and the particles inside names ("bin", "al-", "Ki-moon", "U.S.", "O'Brien").
_ACRONYM = re.compile(r"^[A-Z]{2,7}s?$")
_OPENING = re.compile(r"(?:^|[.!?:;\"“*–—-])[\s\"“'‘(]*$")  # what may stand before a sentence's first word
_CAPITALISED = re.compile(r"(?:[A-Z]\.){2,}|[A-Z][\w'’]*")  # "Ki-Moon", "Rotterdam-based": word by word


def mentions(text: str, descriptive: frozenset[str] = frozenset()) -> Iterator[Mention]:
    """The bodies, nations and names `text` writes, in order; words in `descriptive` (titles,
    days, "The") and everyday vocabulary are skipped."""
    spans: list[tuple[int, int]] = []
    for match in _BODY.finditer(text):
        spans.append(match.span())
        yield Mention(match.group(), "body")
    for match in _INSTITUTION.finditer(text):  # its other words are still read below ("West Yorkshire")
        if not any(a <= match.start() < b for a, b in spans):
            yield Mention(match.group(), "institution")
    words = [m for m in _CAPITALISED.finditer(text) if not any(a <= m.start() < b for a, b in spans)]
    i = 0
    while i < len(words):
        # Nations and cities of several words first ("United Arab Emirates", "Saudi Arabia", "Tel Aviv").
        run = next((n for n in (3, 2) if i + n <= len(words) and all(
            words[k + 1].start() - words[k].end() == 1 for k in range(i, i + n - 1))
            and _place_kind(" ".join(m.group() for m in words[i:i + n]))), 0)
        if run:
            phrase = " ".join(m.group() for m in words[i:i + run])
            yield Mention(phrase, _place_kind(phrase))
            i += run
            continue
        match = words[i]
        word = match.group().rstrip("'’").removesuffix("'s").removesuffix("’s")
        alone = (i == 0 or match.start() - words[i - 1].end() > 1) and (
            i + 1 == len(words) or words[i + 1].start() - match.end() > 1)
        opens = alone and _OPENING.search(text[:match.start()]) is not None
        i += 1
        if word in _cities() or _city_people(word):
            yield Mention(_city_people(word) or word, "city")  # "Londoners" are London's
        elif nation_of(word):
            yield Mention(word, "nation")
        elif word.lower() not in descriptive and not vocabulary(word, opens):
            yield Mention(word, "name")


def _city_people(word: str) -> str | None:
    """The city whose people a word names ("Londoners", "New Yorker"), or None."""
    city = re.sub(r"ers?$", "", word)
    return city if city != word and city in _cities() else None


def _place_kind(phrase: str) -> str | None:
    return "nation" if nation_of(phrase) else "city" if phrase in _cities() else None


def vocabulary(word: str, opens: bool = False) -> bool:
    """An English word capitalised, not a name: the dictionary lists it in lower case ("Forest",
    "Seismometers": Webster's, whose names are capitalised), it joins two and English uses it
    ("Roadmap"), or English uses it very often; unless a name table lists it as a name ("George", "Brown"),
    which alone at a sentence's start ("Media celebrities…") a dictionary word is not."""
    from wordfreq import zipf_frequency

    bare = word.lower()
    if len(bare) < MIN_NAME_LETTERS or "." in bare or _ACRONYM.match(word) or any(c.isdigit() for c in bare):
        return True  # an acronym no table lists ("GHG", "REDD") is written out or translated in Arabic
    if bare in en.PREFIXES:
        return True  # "Pre-Tour"
    forms = {bare, re.sub(r"(?:es|s)$", "", bare), re.sub(r"ies$", "y", bare), bare.removesuffix("s"),
             re.sub(r"(?:ing|ed)$", "", bare), re.sub(r"(?:ing|ed)$", "e", bare), re.sub(r"(.)\1(?:ing|ed)$", r"\1", bare),
             re.sub(r"re$", "er", bare), re.sub(r"our$", "or", bare), re.sub(r"is(e|ed|ation)$", r"iz\1", bare)}  # British
    words = _lower_case_words()
    zipf = max(zipf_frequency(form, "en") for form in forms)
    if zipf >= COMPOUND_ZIPF and any(bare[:i] in words and bare[i:] in words for i in range(3, len(bare) - 2)):
        return True  # "Roadmap", "Rainforest": two words in one, and one English uses
    listed = _listed_times(word) >= LISTED and zipf < EVERYDAY_ZIPF  # "George", "Brown": names
    return bool(forms & words) and (opens or not listed) or not listed and zipf >= EVERYDAY_ZIPF


@cache
def _lower_case_words() -> frozenset[str]:
    from english_words import get_english_words_set

    return frozenset(w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower())


@cache
def _names_table() -> sqlite3.Connection | None:
    try:
        from importlib.resources import files

        path = files("arabic_name_romanizer") / "resources" / "names.sqlite3"
    except ModuleNotFoundError:
        return None
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS ok (x)")  # fails early on an unreadable file
    return connection


@lru_cache(maxsize=4096)
def _arabic_spellings(latin: str) -> tuple[str, ...]:
    """The folded Arabic spellings the Wikidata table gives for a Latin name word ("Benjamin")."""
    table = _names_table()
    if table is None:
        return ()
    rows = table.execute("SELECT DISTINCT arabic_key FROM units WHERE latin = ? COLLATE NOCASE", (latin,))
    return tuple(fold(row[0]) for row in rows)


@lru_cache(maxsize=4096)
def _listed_times(word: str) -> int:
    """How many Arabic names the Wikidata table romanises as `word`."""
    table = _names_table()
    if table is None:
        return 0
    row = table.execute("SELECT SUM(count) FROM units WHERE latin = ? COLLATE NOCASE", (word,)).fetchone()
    return row[0] or 0


@lru_cache(maxsize=16384)
def _romanised(arabic_word: str) -> tuple[str, ...]:
    """The romaniser's top spellings of one Arabic word."""
    try:
        import arabic_name_romanizer
    except ModuleNotFoundError:
        return ()
    return tuple(c.text for c in arabic_name_romanizer.transliterate(arabic_word, top_k=3) if c.text)


NEAR_LETTERS = 5  # consonants a skeleton needs before one of them may differ
ALIKE = 0.8  # difflib ratio of two spellings of one name once vowels are folded ("Kyoto", "Kiyoto")
SHORT_ALIKE = 0.7  # ... for a name of two consonants, whose skeleton already matched ("Gore", «غور»: Ghour)
_VOWELS = str.maketrans("eiouyw", "aaaaaa")  # and the half-vowels: "Jowell" is «جويل» (Joel)


def _alike(latin: str, other: str, enough: float = ALIKE) -> bool:
    from difflib import SequenceMatcher

    a, b = (re.sub(r"(.)\1+", r"\1", w.lower().translate(_VOWELS)) for w in (latin, other))
    return SequenceMatcher(None, a, b).ratio() >= enough


_ARABIC_WORD = re.compile(r"[\u0621-\u064a]{2,}")


def _bare_words(folded_text: str) -> set[str]:
    words = set(_ARABIC_WORD.findall(folded_text))
    return words | {w[len(p):] for w in words for p in ar.PROCLITICS[1:] if w.startswith(p) and len(w) - len(p) >= 2}


def name_word_in(word: str, arabic_text: str) -> bool:
    """A Latin name word is written in the Arabic text: by consonant skeleton (one letter of
    slack in a long one), by the name table's spellings, or by the romaniser's."""
    word = _unaccented(word)  # "Klöden", "Menté"
    if "-" in word.strip("-"):  # "Abol-Ghassem" («أبو القاسم»), "Ki-moon"
        return all(name_word_in(part, arabic_text) for part in word.split("-") if len(part) >= MIN_NAME_LETTERS)
    if find_latin_name(word, arabic_text, min_skeleton=3):
        return True
    folded = fold(arabic_text)
    words = _bare_words(folded)
    if word.lower().startswith("al") and any(  # "Alberto" is «ألبرتو», whose «ال» is no article
            latin_skeleton(word) == arabic_skeleton(w, article=False) for w in words if w.startswith(ar.ARTICLE)):
        return True
    if any(spelling in words or spelling.replace(" ", "") in words for spelling in _arabic_spellings(word)):
        return True
    wanted = latin_skeleton(word)
    sequence = _ARABIC_WORD.findall(folded)
    joined = {a + b for a, b in zip(sequence, sequence[1:])}  # "Ahmadinejad" is «أحمدي نجاد»
    if len(wanted) < 2:
        return any(_alike(word, latin) for arabic in words for latin in _romanised(arabic))  # "Yvo" «ايفو»
    for arabic in words | joined:
        skeleton = arabic_skeleton(arabic).removesuffix("h")  # «سومطره»: the ة is not written
        if _near(wanted, skeleton) and (len(wanted) > 2 or any(_alike(word, latin, SHORT_ALIKE) for latin in _romanised(arabic))):
            return True  # "Gore" «غور», "Shatt" «شط»: two consonants, the same two, and the vowels alike
    # Short skeletons ("Kyoto", «كيوتو»: k-t) say too little: the romaniser's spellings, vowels and all.
    return any(_near(wanted, latin_skeleton(latin)) and (len(wanted) > 2 or _alike(word, latin))
               for arabic in words if len(arabic) >= 3 for latin in _romanised(arabic))


def _unaccented(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _near(a: str, b: str) -> bool:
    """Skeletons alike but for one letter, in names long enough for that to mean something
    (`NEAR_LETTERS`: "Netanyahu", n-t-n-h, is not «انسانيه», n-s-n-h)."""
    a, b = a.replace("z", "s"), b.replace("z", "s")  # «باروزو» is Barroso, «جوزيه» José
    if a == b:
        return True
    if min(len(a), len(b)) < NEAR_LETTERS or abs(len(a) - len(b)) > 1 or a[0] != b[0]:
        return False  # a name's first consonant is kept: "Salman" is not «مسلمين»
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def written_in_english(mention: Mention, text: str) -> bool:
    """Whether English cited words write what an English sentence mentions: its words ("U.K." is
    "UK"), an institution's head word ("police"), or another English name of the same nation
    ("Britain", "British" for "UK")."""
    def plain(words: str) -> str:
        return re.sub(r"(?<=\b[A-Za-z])\.", "", words).lower()

    written = plain(text)
    wanted = plain(mention.text) if mention.kind != "institution" else mention.text.split()[-1].lower()
    if re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", written):
        return True
    nation = nation_of(mention.text) if mention.kind == "nation" else None
    return nation is not None and any(nation_of(word) == nation for word in re.findall(r"[A-Z][A-Za-z.]+", text))


def mention_in(mention: Mention, arabic_text: str) -> bool:
    """Whether the Arabic writes what the English mentions."""
    folded = fold(arabic_text)
    if mention.kind == "body":
        return body_in(_BODY_ARABIC[mention.text], folded)
    if mention.kind == "city":
        return city_in(mention.text, folded)
    if mention.kind == "institution":
        head = mention.text.split()[-1].lower()
        return any(re.search(rf"(?<!\S)\w{{0,4}}{stem}", folded) for stem in ar.INSTITUTION_STEMS[head].split("|"))
    if mention.kind == "nation":
        nation = nation_of(mention.text)
        return nation is not None and nation_in(nation, folded, mention.text)
    return name_word_in(mention.text, arabic_text)
