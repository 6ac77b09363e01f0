"""Arabic text as the matchers see it: folding, sentences, tokens, stems, Latin renderings.

Normalization is for comparing text only: what is stored and shown is always the original.
`normalize` returns the folded string plus, for every folded character, the offset of the
original character it came from, so a match found in folded text maps back to an exact span.
Also here: sentence spans, `tokens` (the word unit every budget and metric counts), a light
proclitic stemmer, stopwords and content words, the script of a text, and `find_latin_name`,
which finds a Latin rendering of a name in Arabic text by its consonant skeleton.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from summarizer.lang.en import ABBREVIATION_BEFORE_STOP
from summarizer.lang.en import STOPWORDS as EN_STOPWORDS

# Harakat, Quranic marks and the superscript alef: they change nothing a matcher should see.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
ARABIC_LETTER = re.compile("[\u0621-\u064a]")  # a letter of the Arabic alphabet (hamza to yeh)
# A letter of the Latin alphabet, accented ones included ("Müller", "Erdoğan", "Nguyễn").
LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")
# Characters nobody sees: zero-width spaces and joiners, soft hyphens, direction marks, bidi
# embeddings, overrides and isolates (U+202E shows text backwards), invisible operators, tags.
INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000e0000-\U000e007f]"
)
_FOLD = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
        "ؤ": "و", "ئ": "ي", "ى": "ي", "ی": "ي", "ة": "ه", "ک": "ك",
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Extended (Persian) digits
    }
)


@dataclass(frozen=True)
class Folded:
    """Folded text and, per folded character, the index of its source character."""

    text: str
    origin: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) covering folded [start, end)."""
        return self.origin[start], self.origin[end - 1] + 1


@lru_cache(maxsize=8192)  # a page uses a few hundred distinct characters; folding is per character
def fold_char(ch: str) -> str:
    """Fold one character: '' to drop it, ' ' for separators, else its matching form."""
    if ch == _TATWEEL or _DIACRITICS.match(ch) or INVISIBLE.match(ch):
        return ""
    if ch.isspace() or unicodedata.category(ch)[0] in "PSZ":
        return " "  # punctuation and quote styles differ between copies of the same words
    return ch.translate(_FOLD).lower()


def normalize(text: str) -> Folded:
    """Fold text for matching; runs of separators collapse to one space and ends are trimmed."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        folded = fold_char(ch)
        if not folded:
            continue
        if folded == " " and (not out or out[-1] == " "):
            continue
        out.append(folded)
        origin.append(i)
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
    return Folded("".join(out), origin)


def strip_invisible(text: str) -> str:
    """`text` without the INVISIBLE characters: what a reader sees, and nothing that reorders it."""
    return INVISIBLE.sub("", text)


class _FoldTable(dict):
    """code point -> `fold_char` of it, filled on first use, for `str.translate`."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()
_SPACES = re.compile(" {2,}")


@lru_cache(maxsize=16)  # a page's body is folded by each reader of it (words, places, dates)
def fold(text: str) -> str:
    """Just the folded string, for comparisons that need no offsets: the same as
    `normalize(text).text`, a character table and one substitution instead of a Python loop.
    Line by line, each paragraph's fold kept: the clean stage folds each line of a page, and the
    body that clustering folds is made of those lines."""
    if "\n" not in text:  # a word, a name, a sentence, one line of a page
        return _fold_one_line(text)
    return " ".join(filter(None, map(_fold_one_line, text.split("\n"))))


# Longer lines are folded anew each time, not kept: 1,024 paragraphs take ~8 MB (16 MB beyond the BMP).
MAX_PARAGRAPH_CHARS = 2000


def _fold_one_line(line: str) -> str:
    return _fold_paragraph(line) if len(line) <= MAX_PARAGRAPH_CHARS else _fold_line(line)


def _fold_line(line: str) -> str:
    return _SPACES.sub(" ", line.translate(_FOLD_TABLE)).strip(" ")


_fold_paragraph = lru_cache(maxsize=1024)(_fold_line)


# A full stop ends a sentence before white space, or glued to the next Arabic word ("خطأ.وأضاف"):
# scraped pages lose the space there.
_SENTENCE_END = re.compile(r"[.!?؟!]+[\"”’»)]*(?=\s|$|[\u0621-\u064a])|\n+")


# The longest sentence of the seeds and eval suites has 454 characters. A longer run without a
# full stop (a page saved as one line with no punctuation) is cut into pieces of at most this many,
# so it still reaches the model as sentences that fit, not as one that fits nowhere.
MAX_SENTENCE_CHARS = 1000
_CLAUSE_BREAK = re.compile(r"[،؛,;:]\s")
_SPACE = re.compile(r"\s")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split text[start:end] into sentence spans, trimmed of surrounding white space.

    A sentence ends at . ! ? ؟ followed by white space or an Arabic letter, or at a line break;
    a full stop inside a number or a time stamp (2023:11:06.09:16) does not end one. A sentence
    longer than MAX_SENTENCE_CHARS is cut at its last clause break (، ؛ , ;) within the limit,
    else at its last space, else at the limit.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if _after_abbreviation(text, match.start(), match.end()):
            continue
        _append_trimmed(text, cursor, match.end() if text[match.start()] != "\n" else match.start(), spans)
        cursor = match.end()
    _append_trimmed(text, cursor, end, spans)
    return spans


def _after_abbreviation(text: str, stop: int, end: int) -> bool:
    """A lone full stop after an abbreviation ("U.S.", "George W. Bush") on the same line: no end."""
    if text[stop:end] != "." or text[end:end + 1] == "\n":
        return False
    return bool(ABBREVIATION_BEFORE_STOP.search(text, max(0, stop - 12), stop))


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while span := trimmed(text, start, end):
        start, end = span
        if end - start <= MAX_SENTENCE_CHARS:
            spans.append(span)
            return
        limit = start + MAX_SENTENCE_CHARS
        half = start + MAX_SENTENCE_CHARS // 2
        cut = _last_match(_CLAUSE_BREAK, text, half, limit) or _last_match(_SPACE, text, half, limit) or limit
        spans.append(trimmed(text, start, cut) or (start, cut))
        start = cut


def _last_match(pattern: re.Pattern, text: str, start: int, end: int) -> int | None:
    """End of the last match of `pattern` inside text[start:end], or None."""
    last = None
    for last in pattern.finditer(text, start, end):
        pass
    return last.end() if last else None


def trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """text[start:end] without surrounding white space, as a span; None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


_ARABIC_RUN = re.compile("[\u0600-\u06ff]+")
_LATIN_RUN = re.compile(LATIN_LETTER.pattern + "+")


def script(text: str) -> str:
    """"ar" when Arabic letters outnumber Latin ones, else "en": which language a text is written in.
    Counted in runs of letters, not one by one: half the time on a page."""
    arabic = sum(map(len, _ARABIC_RUN.findall(text)))
    return "ar" if arabic > sum(map(len, _LATIN_RUN.findall(text))) else "en"


def is_latin(text: str) -> bool:
    """Written in Latin letters (accents allowed: "Müller" is), with no Arabic letter."""
    return bool(LATIN_LETTER.search(text)) and not ARABIC_LETTER.search(text)


def unaccented(text: str) -> str:
    """Latin letters without their accents ("Müller" -> "Muller"), for skeletons made of A-Z."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """Folded word tokens (letters and digits), the unit for overlap metrics and grouping."""
    return re.findall(r"\w+", fold(text))



# ---- topic words ---------------------------------------------------------------------------------
# Larkey's light10 prefixes (folded): "and", then the article alone or with a proclitic.
# Single ب ل ف ك are never stripped: too many stems begin with them (بلينكن, فلسطين, كتب).
_CONJUNCTION = "و"
_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")


@functools.lru_cache(maxsize=1 << 16)  # an inbox writes the same words again and again
def light_stem(token: str) -> str:
    """Strip Arabic proclitics (و, ال, وال, بال, كال, فال, لل) so "والحرب" and "حرب" count as one word.

    Larkey's light10 prefix rules: و goes if 3+ letters remain, an article if 2+ remain.
    Prefixes only; suffixes (plurals, pronouns) are left alone.
    """
    if token.startswith(_CONJUNCTION) and len(token) - 1 >= 3:
        token = token[1:]
    for article in _ARTICLES:
        if token.startswith(article) and len(token) - len(article) >= 2:
            return token[len(article) :]
    return token


# Folded Arabic number words (ة→ه, ى→ي, أ→ا): counts a sentence states, and words that are no name.
ARABIC_NUMBER_WORDS = {
    "واحد": 1, "اثنين": 2, "اثنان": 2, "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5,
    "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثماني": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9, "عشر": 10, "عشره": 10,
    **{form: 10 * tens for tens, stem in enumerate("عشر ثلاث اربع خمس ست سبع ثمان تسع".split(), 2)
       for form in (stem + "ين", stem + "ون")},  # «الخمسين سنة»: fifty
    "مئه": 100, "مائه": 100,
}

# Function words carry no topic; without them the centroid is "في" and "من". Folded forms.
STOPWORDS = frozenset(
    tokens(
        "في من على إلى عن مع أن إن أو ثم قد لا ما لم لن هذا هذه ذلك تلك التي الذي الذين كان كانت "
        "هو هي هم بين كما حيث بعد قبل عند كل أي غير بعض حتى لكن أنه أنها منذ خلال وفي ومن وقد "
        "وأن وقال قال إنه إنها أيضا عليه فيه منه له لها به إذا أما إلا وهو وهي يكون تكون"
    )
)


def content_words(text: str) -> list[str]:
    """Folded, proclitic-stripped words without function words (Arabic or English): what a text is about."""
    return [light_stem(t) for t in tokens(text) if t not in STOPWORDS and t not in EN_STOPWORDS]


# ---- Latin renderings of Arabic names --------------------------------------------------------
# Consonant skeletons: weak models write "Antony Blinken" for «أنتوني بلينكن». Both spellings reduce
# to the same consonants (n t n / b l n k n) once vowels, weak letters and the article are gone.
_ARABIC_CONSONANTS = str.maketrans({
    "ب": "b", "ت": "t", "ط": "t", "ث": "t", "ج": "j", "ح": "h", "ه": "h", "ة": "h", "خ": "x", "د": "d",
    "ض": "d", "ذ": "d", "ظ": "d", "ر": "r", "ز": "z", "س": "s", "ص": "s", "ش": "c", "غ": "g", "ف": "f",
    "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "پ": "b", "چ": "c", "ڤ": "f", "گ": "g",
    "ا": "", "أ": "", "إ": "", "آ": "", "ء": "", "ؤ": "", "ئ": "", "ع": "", "و": "", "ي": "", "ى": "",
})
_LATIN_DIGRAPHS = (("sh", "c"), ("ch", "c"), ("kh", "x"), ("gh", "g"), ("th", "t"), ("dh", "d"), ("ph", "f"))
_LATIN_CONSONANTS = str.maketrans({
    "c": "k", "q": "k", "v": "f", "p": "b", "x": "ks", "g": "j", "a": "", "e": "", "i": "", "o": "", "u": "",
    "y": "", "w": "", "'": "", "`": "",
})


def arabic_skeleton(word: str, article: bool = True) -> str:
    """The consonants of an Arabic word as Latin letters, its «ال» read as the article (dropped)
    or, with `article=False`, as letters of the name («ألبرتو» is Alberto)."""
    word = fold(word)
    if article and word.startswith("ال") and len(word) > 3:
        word = word[2:]
    return _collapse(word.translate(_ARABIC_CONSONANTS).replace("g", "j"))


def latin_skeleton(word: str) -> str:
    """The consonants of a Latin-script name as `arabic_skeleton` writes them ("Shoukry": c-k-r)."""
    word = word.lower()
    for article in ("al-", "el-"):
        word = word.removeprefix(article)
    marked = re.sub(r"c(?=[eiy])", "s", word)  # a soft c: "Felicia" is «فيليسيا», "Frances" «فرانسيس»
    for digraph, mark in _LATIN_DIGRAPHS:
        marked = marked.replace(digraph, mark.upper())  # upper case survives the table below
    return _collapse(marked.translate(_LATIN_CONSONANTS).lower())


def _collapse(skeleton: str) -> str:
    """'nn' -> 'n': doubled letters (shadda in Arabic) are written once or twice in Latin."""
    return re.sub(r"(.)\1+", r"\1", skeleton)


MIN_NAME_SKELETON = 4  # shorter skeletons ("Ali" -> "l") match too many unrelated words


def find_latin_name(name: str, text: str, min_skeleton: int = MIN_NAME_SKELETON) -> tuple[int, int] | None:
    """Span of the Arabic words in `text` that a Latin-script `name` renders, or None.

    Every word of the name must match, in order, consecutive Arabic words by consonant skeleton;
    the words found are the source's own spelling of the name.
    """
    name = unaccented(name)
    wanted = [s for s in (latin_skeleton(w) for w in re.findall(r"[A-Za-z'`-]+", name)) if s]
    if not wanted or len("".join(wanted)) < min_skeleton or not is_latin(name):
        return None
    words = [(m.start(), m.end(), arabic_skeleton(m.group())) for m in re.finditer(r"[\u0621-\u064a\u0640\u064b-\u065f]+", text)]
    for i in range(len(words) - len(wanted) + 1):
        window = words[i : i + len(wanted)]
        if all(skeleton == w[2] for skeleton, w in zip(wanted, window)):
            return window[0][0], window[-1][1]
    return None


# A phrase that opens a word: what a key fact's alternatives and a fact's stems are matched by.
_WORD_OPENING = "(?:[وفبلك]{0,2}(?:ال)?)"


def _alternative_pattern(alternative: str) -> re.Pattern[str]:
    return re.compile(r"(?:^|(?<= ))" + _WORD_OPENING + re.escape(fold(alternative)))


def alternative_starts(folded_summary: str, alternative: str) -> list[int]:
    """Where `alternative` starts a word of `folded_summary` (see `alternative_present`)."""
    return [match.start() for match in _alternative_pattern(alternative).finditer(folded_summary)]


def alternative_present(folded_summary: str, alternative: str) -> bool:
    """True when `alternative`, folded, starts a word of `folded_summary` (already `fold`ed).

    The word may begin with Arabic proclitics (up to two of و ف ب ل ك, then optionally ال) and
    anything may follow, so "عمان" is in "وبعمان" and "هدن" in "الهدنات", but "مان" is not in
    "عمان" (it does not start the word).
    """
    return bool(_alternative_pattern(alternative).search(folded_summary))
