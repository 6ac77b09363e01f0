"""Who does the article credit with a passage? A deterministic reading of its reporting structure.

Arabic news names a speaker once ("وقال وزير الخارجية الأردني أيمن الصفدي إن…") and goes on with
"وأضاف", "وتابع", "مشيرا إلى" or quotation marks for several sentences, and the next speaker's words
follow right after. So "the name occurs shortly before the quote" credits Safadi's words to Blinken
and the outlet's own narration to whoever was named last. This module reads, sentence by sentence:

- a reporting verb (قال، أكد…) with its subject after it (VSO) or before it (SVO)  -> "reported";
- a reporting verb whose subject is a pronoun ("وأضاف أن"), a participle ("مؤكدا"), a sentence that
  goes on with an open list ("بالإضافة إلى…")                              -> "continuation" of the last speaker;
- a passage inside quotation marks that one of those governs, or that a report right after its
  closing mark credits ("…"، قال X)                                     -> "direct_quote";
- anything else                                                         -> "narration", nobody's position.

Nothing here calls a model: the same text always gets the same answer, and every answer carries the
cue words that decided it, so a person can check it. The words and forms it reads by are the language
packs' (`summarizer.lang.ar`, `summarizer.lang.en`); the reading itself is here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from summarizer.lang import ar, en
from summarizer.lang.arabic import ARABIC_NUMBER_WORDS, fold
from summarizer.checks.evidence import body_sentences
from summarizer.models import MAX_QUOTE_CHARS, CleanDocument, Document, Evidence, Span
from summarizer.lang.names import (
    BODIES, COUNTRIES, GROUPS, OFFICES, TITLE_VOCAB, person_words, same_person, stripped, title_stems,
)

Kind = Literal["reported", "continuation", "direct_quote", "narration"]


class Attribution(BaseModel):
    """Who the article credits with a passage, how, and the words that decided it."""

    model_config = ConfigDict(frozen=True)

    speaker: str | None  # as the article writes it: «أيمن الصفدي», «الوزراء العرب»; None for narration
    kind: Kind
    cue: Evidence | None = None  # the reporting verb and its subject, the continuation word, the quote mark
    antecedent: Evidence | None = None  # for a continuation: where the article named the speaker


_WORD = re.compile(r"[\w\u0640\u064b-\u065f\u0670]+")
_HARD = set("،,:;.!?؟()[]{}–—-|/\\")
QUOTES = {"“": "”", "«": "»", '"': '"', "„": "”"}
MAX_WRAPPER_WORDS = 4  # `" أحمد أبو زيد "`: a short quoted run wraps a name; it is not a quotation
MIN_SHARE = 1 / 3  # a mixed passage supports each speaker who holds this much of it


# ---- words, verbs, quotation marks ---------------------------------------------------------------
@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    raw: str
    form: str  # folded

    @property
    def bare(self) -> str:
        """Without the proclitic و/ف: "وأكد" -> "اكد"."""
        return ar.without_conjunction(self.form)


def _words(text: str, start: int, end: int) -> list[_Word]:
    return [_Word(m.start(), m.end(), m.group(), f) for m in _WORD.finditer(text, start, end) if (f := fold(m.group()))]


def _verb(word: _Word) -> tuple[tuple[str, str, bool] | None, bool]:
    """(root and tense, whether a و/ف was glued on) for a reporting verb; "وصف" is itself a verb."""
    if found := ar.reporting_verb_forms().get(word.form):
        return found, False
    found = ar.reporting_verb_forms().get(word.bare) if word.bare != word.form else None
    return found, found is not None


def is_credit_word(word: str) -> bool:
    """A reporting verb in any of its forms («وأضاف», «قالت», «مؤكدا») or a word that names a source
    («حسب», «وفقا», «نقلا»): whoever the article names by it is credited with what it reports."""
    form = fold(word)
    forms = ar.reporting_verb_forms()
    return form in forms or ar.without_conjunction(form) in forms or form in ar.SOURCE_WORDS


def _is_verb(word: _Word) -> bool:
    return _verb(word)[0] is not None or word.form in en.REPORTING_VERBS


def quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quoted stretches of one paragraph, marks included; an unclosed one runs to the paragraph end."""
    spans, opened, closer = [], None, ""
    for i in range(start, end):
        if opened is None and text[i] in QUOTES:
            opened, closer = i, QUOTES[text[i]]
        elif opened is not None and text[i] == closer:
            spans.append((opened, i + 1))
            opened = None
    if opened is not None:
        spans.append((opened, end))
    return spans


def _is_wrapper(text: str, span: tuple[int, int]) -> bool:
    """A short quoted run without punctuation wraps a name or marks a term (`" أحمد أبو زيد "`,
    “الفصائل الفلسطينية”); it is not somebody's quotation ("“لم نطلق أي رصاصة،” قال…" is)."""
    inside = text[span[0] + 1:span[1] - 1]
    return (len(_words(text, *span)) <= MAX_WRAPPER_WORDS and text[span[1] - 1] in QUOTES.values()
            and not any(ch in _HARD for ch in inside))


# ---- what the reader carries through a document ------------------------------------------------------
@dataclass(frozen=True)
class _Subject:
    start: int  # the whole phrase, title included
    end: int
    text: str  # the speaker as the article writes it: the name if there is one, else the phrase
    named: bool  # a person's name, not only an office or a group
    group: bool = False
    name_start: int | None = None
    guessed: bool = False  # a name or noun nobody introduced, taken from its position alone


@dataclass(frozen=True)
class _Segment:
    """A stretch of a sentence and the attribution the article gives it."""

    start: int
    end: int
    speaker: str | None
    kind: Kind
    cue: tuple[int, int] | None = None
    antecedent: tuple[int, int] | None = None
    frame: tuple[int, int] | None = None  # circumstances before the content ("خلال مؤتمر صحفي…")
    topic: str | None = None  # narration whose doer a following "قائلا"/"ودعا" continues


@dataclass
class _Context:
    text: str
    quotes: list[tuple[int, int]]  # real quotations, not name wrappers
    wrappers: dict[int, int]  # opening mark -> closing mark of each name wrapper
    known: set[str] = field(default_factory=set)  # folded words the article uses as names
    mentions: list[tuple[int, frozenset[str], str]] = field(default_factory=list)  # (at, title stems, name)
    last: _Segment | None = None  # the last segment that named or continued a speaker
    previous_attributed: bool = False
    credits: dict[int, _Segment] = field(default_factory=dict)  # opening mark -> the report right after its close

    def hard(self, a: int, b: int) -> bool:
        """Punctuation or a real quotation mark between two words: a phrase does not run across it."""
        marks = set(self.wrappers) | set(self.wrappers.values())
        return any(ch in _HARD or (ch in QUOTES or ch in QUOTES.values()) and i not in marks
                   for i, ch in enumerate(self.text[a:b], a))

    def wrapper_opens(self, a: int, b: int) -> int | None:
        """The closing mark's offset when a name wrapper opens between a and b."""
        return next((close for opening, close in self.wrappers.items() if a <= opening < b), None)

    def open_quote(self, at: int) -> int | None:
        """The opening mark of the quotation that `at` lies inside, if any."""
        return max((q0 for q0, q1 in self.quotes if q0 < at < q1), default=None)

    def credit(self, at: int) -> _Segment | None:
        """The report that closes the quotation holding `at` (its opening mark included), if any."""
        return next((self.credits[q0] for q0, q1 in reversed(self.quotes) if q0 <= at < q1 and q0 in self.credits), None)


@dataclass(frozen=True)
class _Analysis:
    segments: tuple[_Segment, ...]
    quotes: tuple[tuple[int, int], ...]
    mentions: tuple[tuple[int, frozenset[str], str], ...]


def _analysis(document: CleanDocument) -> _Analysis:
    sentences = tuple((s.start, s.end) for s in body_sentences(document))
    return _analyse(document.document.text, tuple((s.start, s.end) for s in document.kept), sentences)


@lru_cache(maxsize=64)
def _analyse(text: str, kept: tuple[tuple[int, int], ...], sentences: tuple[tuple[int, int], ...]) -> _Analysis:
    """Every body sentence cut into attributed segments, in reading order."""
    quotes = [q for s, e in kept for q in quote_spans(text, s, e)]
    wrappers = [q for q in quotes if _is_wrapper(text, q)]
    context = _Context(text, [q for q in quotes if q not in wrappers], {q0: q1 - 1 for q0, q1 in wrappers})
    for s, e in sentences:
        _harvest_names(context, _words(text, s, e))
    context.credits = {q0: credit for q0, q1 in context.quotes if (credit := _closing_report(context, q1))}
    segments: list[_Segment] = []
    for s, e in sentences:
        if (s, e) in kept and _is_heading(text, s, e):
            context.last, context.previous_attributed = None, False
            segments.append(_Segment(s, e, None, "narration"))
            continue
        found = _sentence_segments(context, s, e)
        segments.extend(found)
        context.previous_attributed = bool(found) and found[-1].speaker is not None
        context.last = next((g for g in reversed(found) if g.speaker), context.last)
    return _Analysis(tuple(segments), tuple(context.quotes), tuple(context.mentions))


def _closing_report(context: _Context, close: int) -> _Segment | None:
    """`"سيارة اقتربت… . العربات ردت باطلاق النار. … في الهواء"، قال الميجر ديفيد جيل…`: a report
    right after a quotation's closing mark credits the whole quotation, every sentence of it."""
    text = context.text
    if text[close - 1] not in QUOTES.values():
        return None
    line_end = text.find("\n", close)
    words = _words(text, close, line_end if line_end != -1 else len(text))[:12]
    if not words or text[close:words[0].start].strip(" ،,"):
        return None
    cue = _verb_cue(context, words, 0)
    if cue is None or cue.subject is None or cue.form != "verb":
        return None
    return _Segment(close, cue.end, _resolve(context, cue.subject), "direct_quote", (cue.verb[0], cue.end))


def _is_heading(text: str, start: int, end: int) -> bool:
    """A short line of its own without a full stop: a section title, after which nobody is still talking."""
    return len(_words(text, start, end)) <= 8 and text[end - 1] not in ".!?؟:\"”»" and ":" not in text[start:end]


# ---- names and titles ------------------------------------------------------------------------------
def _harvest_names(context: _Context, words: list[_Word]) -> None:
    """Learn "أنتوني بلينكن" from "وزير الخارجية الأمريكي أنتوني بلينكن", so that a bare "بلينكن" later
    is a name and "الوزير الأمريكي" later is him."""
    i = 0
    while i < len(words):
        if stripped(words[i].form) not in OFFICES:
            i += 1
            continue
        subject, title = _title_phrase(context, words, i)
        last = next((n for n in range(len(words) - 1, -1, -1) if words[n].end <= subject.end), i)
        if subject.named and (_phrase_ends(context, words, last) or len(subject.text.split()) > 1):
            _learn(context, words, subject)
            context.mentions.append((words[i].start, title_stems(title), subject.text))
        i = next((k for k, w in enumerate(words) if k > i and w.start >= subject.end), len(words))


def _learn(context: _Context, words: list[_Word], subject: _Subject) -> None:
    context.known.update(w.form for w in words if subject.name_start <= w.start < subject.end)


def _title_phrase(context: _Context, words: list[_Word], i: int) -> tuple[_Subject, str]:
    """Office words from words[i], then the person's name if one follows: (subject, title as written)."""
    k = i + 1
    # An adjective of origin after an office belongs to the title ("العسكري", "الإيرانية"); a family
    # name there, "الرئيس السيسي", stays in the phrase, where same_person still finds it.
    while k < len(words) and (stripped(words[k].form) in TITLE_VOCAB or ar.is_nisba(words[k].form)) and not context.hard(
            words[k - 1].end, words[k].start):
        if words[k].form != stripped(words[k].form) and stripped(words[k].form) in OFFICES:
            break  # "…الأمريكي ووزير الخارجية المصري": a second office is a second person
        k += 1
    start, title = words[i].start, context.text[words[i].start:words[k - 1].end]
    wrapped_next = k < len(words) and context.wrapper_opens(words[k - 1].end, words[k].start) is not None
    head = stripped(words[i].form)
    # "تقول الولايات المتحدة يجب…", "وطالبت الحكومة البريطانية عودة الجنود": a country, or a body its
    # adjective already names, takes no name after it ("وكالة رويترز" does).
    takes_name = head not in COUNTRIES and not (head in BODIES and k > i + 1)
    if takes_name and k < len(words) and not wrapped_next and _name_may_follow(context, words, k) and (
            name := _name_at(context, words, k, after_title=True)):
        return _named(context, start, name), title
    if wrapped := _wrapped_name(context, words, i):
        title_end, name = wrapped
        return _named(context, start, name), context.text[start:title_end]
    group = head not in OFFICES or head in GROUPS or words[i].form.endswith(ar.FINAL_ALEF)  # "وزيرا" is two
    return _Subject(start, words[k - 1].end, title, named=False, group=group), title


def _named(context: _Context, start: int, name: tuple[int, int]) -> _Subject:
    return _Subject(start, name[1], context.text[name[0]:name[1]], named=True, name_start=name[0])


def _name_may_follow(context: _Context, words: list[_Word], k: int) -> bool:
    """A name follows its title directly or after a comma ("وزير الخارجية، أنتوني بلينكن")."""
    between = context.text[words[k - 1].end:words[k].start]
    return not context.hard(words[k - 1].end, words[k].start) or between.strip() in ("،", ",")


def _wrapped_name(context: _Context, words: list[_Word], i: int) -> tuple[int, tuple[int, int]] | None:
    """`المتحدث الرسيم باسنم … " أحمد أبو زيد "`: a quoted run after a title is the name, whatever the
    title's spelling. (end of the title, span of the name)."""
    for j in range(i + 1, min(len(words), i + 9)):
        close = context.wrapper_opens(words[j - 1].end, words[j].start)
        if close is not None:
            inside = [w for w in words[j:] if w.end <= close]
            return (words[j - 1].end, (inside[0].start, inside[-1].end)) if inside else None
        if context.hard(words[j - 1].end, words[j].start) or words[j].form in ar.FUNCTION_WORDS:
            return None
    return None


def _name_at(context: _Context, words: list[_Word], k: int, after_title: bool) -> tuple[int, int] | None:
    """The span of a person's name starting at words[k], or None.

    After a title: two plain words ("سامح شكري"), a third only where the phrase ends ("بان كي مون إن"),
    names joined by بن/أبو/عبد, and a family name with the article only as the second word
    ("أيمن الصفدي"; not "…الإسرائيليين", an object).
    Without a title only words the article uses as a name elsewhere count ("بلينكن حركة المقاومة").
    """
    taken: list[_Word] = []
    plain = 0
    for n, word in enumerate(words[k:], k):
        if taken and context.hard(taken[-1].end, word.start):
            break
        form, linked = word.form, bool(taken) and taken[-1].form in ar.NAME_LINKS
        if not after_title:
            if not (form in context.known or linked or taken and form in ar.NAME_LINKS):
                break
        elif linked:
            pass
        elif form in ar.FUNCTION_WORDS or _is_verb(word) or not re.search(r"[^\d_]", form) or form.startswith(ar.TO_THE):
            break  # "زيجمار جابريل للصحافة": "to the press" ends the name
        elif form in ar.NAME_LINKS:
            if not taken:
                break
        elif stripped(form) in TITLE_VOCAB and not (plain == 1 and form in ar.HONORIFICS):
            break
        elif form.startswith(ar.ARTICLE):
            if plain != 1 or form.endswith(ar.PLURAL_OBJECT):
                break
            taken.append(word)
            break
        elif plain == 3 or plain == 2 and not _phrase_ends(context, words, n) or (
                not taken and ar.glued_wa(form)) or (
                taken and taken[-1].form in context.known and form not in context.known):
            break
        else:
            plain += 1
        taken.append(word)
    while taken and taken[-1].form in ar.NAME_LINKS:
        taken.pop()
    return (taken[0].start, taken[-1].end) if taken else None


def _phrase_ends(context: _Context, words: list[_Word], n: int) -> bool:
    """Nothing of the same phrase follows words[n]: punctuation, a particle, a verb or the end."""
    nxt = words[n + 1] if n + 1 < len(words) else None
    return nxt is None or context.hard(words[n].end, nxt.start) or nxt.form in ar.FUNCTION_WORDS or _is_verb(nxt)


def _resolve(context: _Context, subject: _Subject) -> str:
    """An office named without a person ("الوزير الأمريكي") is the person the article last gave that
    office ("وزير الخارجية الأمريكي أنتوني بلينكن"); groups and unmatched offices stay as written."""
    if subject.named or subject.group:
        return subject.text
    return _person_with_title(context.mentions, subject.text, subject.start) or subject.text


def _person_with_title(mentions, title: str, before: int) -> str | None:
    """The person last given an office that `title` names: "الوزير الأمريكي" is "وزير الخارجية الأمريكي
    أنتوني بلينكن", but "الرئيس" is not "رئيس الوزراء" (a second office word is another office)."""
    wanted = title_stems(title)
    found = [name for at, stems, name in mentions
             if at < before and wanted <= stems and not (stems - wanted) & _office_stems()]
    return found[-1] if found else None


@lru_cache(maxsize=1)
def _office_stems() -> frozenset[str]:
    return title_stems(" ".join(OFFICES | GROUPS))


# ---- subjects of verbs ---------------------------------------------------------------------------------
def _subject_at(context: _Context, words: list[_Word], k: int, marked: bool = False) -> _Subject | None:
    """The subject phrase that starts at words[k]: an office (with or without a name), a group
    ("الوزراء العرب"), a body ("البيان", "وكالة رويترز"), a name the article uses elsewhere, or a name
    nobody introduced that ends before "إن"/punctuation. After a feminine or plural verb the noun that
    follows is its subject ("وذكرت إيران", "وقالت المفوضية الأوروبية", "ويقول مسؤولون أمريكيون")."""
    if k >= len(words):
        return None
    word, form = words[k], stripped(words[k].form)
    if form in OFFICES or form in GROUPS or form in BODIES or (marked and form in COUNTRIES):
        return _title_phrase(context, words, k)[0]
    if form.startswith(ar.ARTICLE) and form.endswith(ar.PLURAL_OBJECT):
        return None  # "ودعا بلينكن الإسرائيليين": an -ين plural after the verb is its object
    if form in context.known:
        name = _name_at(context, words, k, after_title=False)
        return _named(context, word.start, name) if name else None
    if marked or form.endswith(ar.PLURAL_SUBJECT):
        return _noun_phrase(context, words, k)
    run = _run(context, words, k, _plain)
    after = words[k + len(run)] if k + len(run) < len(words) else None
    lone = len(run) == 1 and not run[0].form.endswith(ar.FINAL_ALEF)  # "وقال ردا على": an adverb, not a name
    if run and (after is None or context.hard(run[-1].end, after.start) or after.form in ar.COMPLEMENTIZERS
                or after.form in ar.AFTER_NAME or lone and after.form in ar.FUNCTION_WORDS):
        return replace(_named(context, word.start, (word.start, run[-1].end)), guessed=True)  # "وقال نتنياهو إن…"
    return None


def _run(context: _Context, words: list[_Word], k: int, accept, limit: int = 3) -> list[_Word]:
    """Up to `limit` words from words[k] that `accept` takes, with no punctuation between them."""
    run: list[_Word] = []
    for word in words[k:k + limit]:
        if not accept(word) or (run and context.hard(run[-1].end, word.start)):
            break
        run.append(word)
    return run


def _noun_phrase(context: _Context, words: list[_Word], k: int) -> _Subject | None:
    """Nouns up to a particle, verb or punctuation: "المفوضية الأوروبية", "مارجريت بيكيت"."""
    definite = words[k].form.startswith(ar.ARTICLE)  # "المفوضية الأوروبية", "مسؤولون أمريكيون", not "الهند موقفها"
    run = _run(context, words, k, lambda w: w.form not in ar.FUNCTION_WORDS and not _is_verb(w)
               and w.form not in ARABIC_NUMBER_WORDS and bool(re.search(r"[^\d_]", w.form))
               and w.form.startswith(ar.ARTICLE) == definite)
    if not run:
        return None
    if all(_plain(w) for w in run):
        return replace(_named(context, run[0].start, (run[0].start, run[-1].end)), guessed=True)
    return _Subject(run[0].start, run[-1].end, context.text[run[0].start:run[-1].end], named=False, group=True, guessed=True)


def _plain(word: _Word) -> bool:
    """A word that may be part of a name nobody introduced: no article, office, particle or verb."""
    form = word.form
    return not (form in ar.FUNCTION_WORDS or form.startswith((ar.ARTICLE, ar.TO_THE)) or _is_verb(word)
                or stripped(form) in TITLE_VOCAB or not re.search(r"[^\d_]", form) or form in ARABIC_NUMBER_WORDS)


def _subject_after_verb(context: _Context, words: list[_Word], i: int, marked: bool = False) -> tuple[_Subject | None, bool]:
    """VSO: the subject after the verb at words[i], past "أيضا", "مرة أخرى", "إلى ذلك علنا"; and
    whether the verb's content is an anaphor ("أشار إلى ذلك": what he said came before)."""
    k, anaphor = i + 1, False
    while k < len(words) and k - i <= 4 and not context.hard(words[k - 1].end, words[k].start):
        nxt = words[k + 1].form if k + 1 < len(words) else ""
        if words[k].form in ar.SKIP_AFTER_VERB:
            k += 1
        elif words[k].form in ar.ANAPHORIC_PREPOSITIONS and nxt in ar.DEMONSTRATIVES:
            k, anaphor = k + 2, True
        elif (words[k].form, nxt) == ar.ONCE_MORE:
            k += 2
        else:
            break
    if k >= len(words) or context.hard(words[k - 1].end, words[k].start):
        return None, anaphor
    return _subject_at(context, words, k, marked), anaphor


def _subject_before_verb(context: _Context, words: list[_Word], i: int) -> _Subject | None:
    """SVO: "بينما كانت وزارة الخارجية المصرية صرحت" -> the office, group or name right before the verb.

    None after "أن"/"إن": in "أكد أن قادة حماس قالوا…" the outer speaker is still talking; and None
    for a phrase that is not a subject ("قدمت مشروع قرار… يدعو": the draft is not a speaker)."""
    i = i - 1 if i > 0 and words[i - 1].form in ar.AUXILIARY else i  # "وكان بلينكن قد أكد"
    k = i
    while k > 0 and i - k < 6 and not context.hard(words[k - 1].end, words[k].start) and not (
            words[k - 1].form in ar.REPORT_PARTICLES or words[k - 1].form in ar.FUNCTION_WORDS):
        k -= 1
    if k == i or (k > 0 and words[k - 1].form in ar.COMPLEMENTIZERS and not (
            k > 1 and words[k - 2].form in ar.HOWEVER)):  # "غير أن الولايات المتحدة تقول": "however"
        return None
    phrase = words[k:i]
    subject = _subject_at(context, words, k)
    if subject and subject.end == phrase[-1].end:
        return subject
    if stripped(phrase[0].form) in TITLE_VOCAB and all(stripped(w.form) in TITLE_VOCAB for w in phrase):
        text = context.text[phrase[0].start:phrase[-1].end]  # "الولايات المتحدة تقول"
        return _Subject(phrase[0].start, phrase[-1].end, text, named=False, group=True)
    return None


# ---- cues ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Cue:
    start: int  # where its segment starts: particles and an SVO subject included
    verb: tuple[int, int]
    end: int  # end of the verb and its subject
    subject: _Subject | None
    form: Literal["verb", "participle", "according", "headline", "topic"]
    anaphor: bool = False


def _cues(context: _Context, words: list[_Word]) -> list[_Cue]:
    """The reports, continuations and named doers of one sentence, in order."""
    cues: list[_Cue] = []
    headline = _headline_cue(context, words)
    if headline:
        cues.append(headline)
    for i in range(len(words)):
        cue = (_verb_cue(context, words, i) or _noun_cue(context, words, i) or _according_cue(context, words, i)
               or _topic_cue(context, words, i))
        if cue and not (cues and cue.start < cues[-1].end):
            cues.append(_with_particles(context, words, cue))
    return cues


def _with_particles(context: _Context, words: list[_Word], cue: _Cue) -> _Cue:
    """"بينما صرح…", "من جهته قال…", "في حين دعا…": the particles that open a report belong to it."""
    k = next(n for n, w in enumerate(words) if w.start >= cue.start)
    while k > 0 and not context.hard(words[k - 1].end, words[k].start) and (
            words[k - 1].form in ar.REPORT_PARTICLES
            or words[k - 1].form in ar.PARTICLE_PREPOSITIONS and words[k].form in ar.REPORT_PARTICLES):
        k -= 1
    return replace(cue, start=words[k].start)


def _verb_cue(context: _Context, words: list[_Word], i: int) -> _Cue | None:
    """A reporting verb at words[i] with its subject, if it reports anything here."""
    word = words[i]
    found, proclitic = _verb(word)
    if found is None and word.form not in en.REPORTING_VERBS:
        return None
    prev = words[i - 1] if i else None
    soft_prev = prev is not None and not context.hard(prev.end, word.start)
    if soft_prev and (prev.form in ar.RELATIVES or prev.bare in ar.RELATIVES or prev.form in ar.COMPLEMENTIZERS):
        return None  # "القمة التي دعا إليها": background; "أنه تحدث": inside the outer report
    if found is None:
        return _english_cue(context, words, i)
    root, tense, marked = found
    if root in ar.NEEDS_AFTER and not any(w.form in ar.NEEDS_AFTER[root] for w in words[i + 1:i + 7]):
        return None
    verb = (word.start, word.end)
    if tense == "participle_bare" and not (prev and any(c in "،," for c in context.text[prev.end:word.start])):
        return None
    if tense.startswith("participle"):
        return _Cue(word.start, verb, word.end, None, "participle")
    subject, anaphor = _subject_after_verb(context, words, i, marked)
    if subject is None and proclitic and soft_prev and _object_of_preposition_before(context, words, i):
        return None  # "…بموجب تفويض من الأمم المتحدة ودعت إلى…": the doer is not the noun before; the clause goes on
    if subject is None and (before := _subject_before_verb(context, words, i)):
        return _Cue(before.start, verb, word.end, before, "verb")
    if subject is None and prev is not None and prev.form in ar.AUXILIARY and i >= 2 and not context.hard(
            words[i - 2].end, prev.start) and not (
            words[i - 2].form in ar.REPORT_PARTICLES or words[i - 2].form in ar.FUNCTION_WORDS):
        return None  # "…واللجنة التنفيذية للأمم المتحدة قد أعربوا": a subject this reading does not know
    if not proclitic and soft_prev and prev.form not in ar.REPORT_PARTICLES and not (subject and not subject.guessed):
        return None  # "ورفضوا وصف ما…": a noun after a verb; "قرارات تدعو…": a description of a noun
    return _Cue(word.start, verb, subject.end if subject else word.end, subject, "verb", anaphor)


def _noun_cue(context: _Context, words: list[_Word], i: int) -> _Cue | None:
    """«رغم تأكيد بلينكن أن…», «بعد إعلان الجيش أن…»: a reporting verb's noun, then its doer, then «أن»
    credits the doer with what follows, as the verb would."""
    if words[i].bare not in ar.REPORT_NOUNS or i + 1 >= len(words) or context.hard(words[i].end, words[i + 1].start):
        return None
    subject = _subject_at(context, words, i + 1)
    after = next((w for w in words[i + 1:] if subject and w.start >= subject.end), None)
    if subject is None or subject.guessed or after is None or after.form not in ar.COMPLEMENTIZERS or context.hard(
            subject.end, after.start):
        return None
    return _Cue(words[i].start, (words[i].start, words[i].end), subject.end, subject, "verb")


def _object_of_preposition_before(context: _Context, words: list[_Word], i: int) -> bool:
    """The words right before words[i] are a noun phrase governed by a preposition ("من الأمم المتحدة"):
    an object, which a verb glued to و after it does not take as its subject."""
    k = i - 1
    while k >= 0 and i - k <= 4 and not context.hard(words[k].end, words[k + 1].start):
        if words[k].form in ar.PREPOSITIONS:
            return k < i - 1
        if words[k].form in ar.FUNCTION_WORDS or words[k].form in ar.REPORT_PARTICLES or _is_verb(words[k]):
            return False
        k -= 1
    return False


def _english_cue(context: _Context, words: list[_Word], i: int) -> _Cue | None:
    """"Blinken said", "Michael Elmquist, the UN's man there, warned", "the ministers said", "said
    Blinken": an English report, SVO or VSO. "He added" continues the last speaker; a reporting
    verb with no subject ("is said to", "warns of delays") or after a determiner ("the confirmed
    toll": an adjective) reports nothing."""
    verb = (words[i].start, words[i].end)
    if i and words[i - 1].form in en.DETERMINERS:
        return None
    k = i  # past "then", "has", "also": "General Afshar, Iran's top general, then stated"
    while k > 0 and words[k - 1].form in en.BEFORE_REPORTING_VERB and not context.hard(words[k - 1].end, words[k].start):
        k -= 1
    if subject := _english_subject_before(context, words, k):
        return _Cue(subject.start, verb, words[i].end, subject, "verb")
    if k and words[k - 1].form in en.SUBJECT_PRONOUNS and not context.hard(words[k - 1].end, words[k].start):
        return _Cue(words[k - 1].start, verb, words[i].end, None, "verb")
    if i + 1 < len(words) and (subject := _capitalised_run(context, words, i + 1)):
        return _Cue(words[i].start, verb, subject.end, subject, "verb")
    return None


def _english_subject_before(context: _Context, words: list[_Word], i: int) -> _Subject | None:
    """The subject that ends right before words[i], an English verb: a name ("Junichiro Koizumi
    announced"); an appositive's name ("Tony Blair, the U.K.'s Prime Minister, calls"; "the UN
    chief, Michael Elmquist, warned"); else a noun phrase from its determiner ("the ministers")."""
    if i == 0:
        return None
    if context.text[words[i - 1].end:words[i].start].strip() == ",":
        opening = context.text.rfind(",", words[max(0, i - 9)].end, words[i - 1].start)
        before = next((j for j in range(i - 2, -1, -1) if words[j].end <= opening), None) if opening >= 0 else None
        for k in (before, i - 1):
            if k is not None and (name := _name_ending_at(context, words, k)) and words[k].form not in en.DETERMINERS:
                return name
        return None
    if context.hard(words[i - 1].end, words[i].start) or words[i - 1].form in en.SUBJECT_PRONOUNS:
        return None
    if name := _name_ending_at(context, words, i - 1):
        return name
    k = i - 1
    while k > 0 and i - k < 6 and not context.hard(words[k - 1].end, words[k].start) and words[k].form not in en.DETERMINERS:
        k -= 1
    phrase = words[k:i]
    if phrase[0].form not in en.DETERMINERS or any(w.form in en.RELATIVES for w in phrase):
        return None  # no noun phrase opens here: the verb is inside a longer clause
    return _Subject(phrase[0].start, phrase[-1].end, context.text[phrase[0].start:phrase[-1].end], named=False)


def _name_ending_at(context: _Context, words: list[_Word], k: int) -> _Subject | None:
    """The capitalised run (with "of", "bin"…) that ends at words[k]: a name."""
    if not words[k].raw[:1].isupper():
        return None
    j = k
    while j > 0 and k - j < 4 and (words[j - 1].raw[:1].isupper() or words[j - 1].form in en.NAME_LINKS) and not context.hard(
            words[j - 1].end, words[j].start):
        j -= 1
    while not words[j].raw[:1].isupper():
        j += 1
    return _named(context, words[j].start, (words[j].start, words[k].end))


def _capitalised_run(context: _Context, words: list[_Word], k: int) -> _Subject | None:
    j = k
    while j < len(words) and j - k < 4 and words[j].raw[:1].isupper() and (
            j == k or not context.hard(words[j - 1].end, words[j].start)):
        j += 1
    return _named(context, words[k].start, (words[k].start, words[j - 1].end)) if j > k else None


def _according_cue(context: _Context, words: list[_Word], i: int) -> _Cue | None:
    """"حسب سامح شكري", "حسب ما قال X", "وفقا لـX", "نقلا عن X", "according to X": the source named
    after the words."""
    form, nxt = words[i].form, words[i + 1].form if i + 1 < len(words) else ""
    if (form, nxt) == en.ACCORDING_TO:
        subject = _capitalised_run(context, words, i + 2)
        return subject and _Cue(words[i].start, (words[i].start, words[i + 1].end), subject.end, subject, "according")
    if form in ar.ACCORDING:
        rest = words[i + 1:]
    elif form in ar.IN_ACCORDANCE and nxt.startswith(ar.LI):
        glued = words[i + 1]  # "وفقا لروجر بلهام": the ل is glued to the name
        bare = ar.without_li(nxt)  # "للقانون" is ل + "القانون"
        rest = words[i + 2:] if nxt == ar.LI else [_Word(glued.start + 1, glued.end, glued.raw[1:], bare)] + words[i + 2:]
    elif (form, nxt) == ar.QUOTING:
        rest = words[i + 2:]
    else:
        return None
    if rest and rest[0].form in ar.WHAT and len(rest) > 1 and ar.reporting_verb_forms().get(
            rest[1].form.removesuffix(ar.OBJECT_PRONOUN)):
        rest = rest[2:]  # "حسب ما قال X", "وفقا لما قاله X"
    subject = _subject_at(context, rest, 0)
    return subject and _Cue(words[i].start, (words[i].start, words[i].end), subject.end, subject, "according")


def _topic_cue(context: _Context, words: list[_Word], i: int) -> _Cue | None:
    """A clause that opens with an act of a named person ("ووقف وزيرا خارجية الأردن ومصر…",
    "ولكن بعد ساعات رفض نتنياهو…"): narration, but a "ودعا"/"قائلا" after it is that person's.
    A clause that opens with a report ("بدوره قال…") belongs to its verb instead."""
    opens_clause = i > 0 and context.hard(words[i - 1].end, words[i].start) and words[i].form in ar.CLAUSE_OPENERS
    if not (i == 0 or opens_clause):
        return None
    for k in range(i + 1, min(len(words), i + 5)):
        if _is_verb(words[k - 1]) or (opens_clause and context.hard(words[k - 1].end, words[k].start)):
            return None
        if words[k].form in ar.FUNCTION_WORDS or words[k - 1].form in ar.FUNCTION_WORDS:
            continue
        if stripped(words[k].form) in OFFICES or words[k].form in context.known:
            subject = _subject_at(context, words, k)
            after = next((w for w in words[k:] if subject and w.start >= subject.end and w.form not in ar.AUXILIARY), None)
            if subject is None or (after and _is_verb(after)):
                return None
            return _Cue(words[i].start, (words[k - 1].start, words[k - 1].end), subject.end, subject, "topic")
    return None


def _headline_cue(context: _Context, words: list[_Word]) -> _Cue | None:
    """"بلينكن: سنستخدم نفوذنا…": a headline's speaker, one the article names elsewhere, before a colon."""
    for k in range(1, min(len(words), 5)):
        if ":" in context.text[words[k - 1].end:words[k].start]:
            subject = _subject_at(context, words, 0)
            if subject and not subject.guessed and subject.end == words[k - 1].end:  # not "تفجيرات لندن:"
                return _Cue(words[0].start, (subject.start, subject.end), subject.end, subject, "headline")
            return None
    return None


# ---- segments ------------------------------------------------------------------------------------------
def _sentence_segments(context: _Context, start: int, end: int) -> list[_Segment]:
    """One sentence cut at its cues: each report runs to the next one; "…"، حسب X" takes the quotation
    before it."""
    words = _words(context.text, start, end)
    cues = _cues(context, words)
    trailing = [c for c in cues if c.form == "according" and not _opens(words, c) or _trails(context, c, start, end)]
    main = [c for c in cues if c not in trailing]
    segments: list[_Segment] = []
    if (main[0].start if main else end) > start:
        segments.append(_lead(context, words, start, main[0].start if main else end))
    for n, cue in enumerate(main):
        segments.append(_cue_segment(context, cue, main[n + 1].start if n + 1 < len(main) else end, segments))
        if cue.subject and cue.subject.named and not cue.subject.guessed and cue.form != "topic":
            _learn(context, words, cue.subject)
    for cue in trailing:
        segments = _carve(context, segments, cue, start)
    return _merge_topics([s for s in segments if s.end > s.start])


def _trails(context: _Context, cue: _Cue, start: int, end: int) -> bool:
    """"…لم تتأثر،" قال بيلهام." / "…لدينا أجهزة، تابع عمون.": a report whose verb and subject close
    the sentence after a comma or quotation credits what came before it."""
    text = context.text
    return (cue.form == "verb" and cue.subject is not None and cue.start == cue.verb[0] and cue.start > start
            and not re.search(r"\w", text[cue.end:end]) and bool(re.search(r"[،,\"”»]\s*$", text[start:cue.start])))


def _opens(words: list[_Word], cue: _Cue) -> bool:
    """"وبحسب X، …" opens its sentence and governs what follows; "…”، حسب X" governs what precedes."""
    return all(w.form in ar.REPORT_PARTICLES or w.form in ar.GLUED_CONJUNCTIONS for w in words if w.end <= cue.start)


def _lead(context: _Context, words: list[_Word], start: int, end: int) -> _Segment:
    """The words before a sentence's first cue: a quotation or a list still going on, else narration."""
    last = context.last
    if credit := context.credit(start):
        return replace(credit, start=start, end=end, antecedent=credit.cue)
    if last and (opener := context.open_quote(start)) is not None:
        return _Segment(start, end, last.speaker, "direct_quote", (opener, opener + 1), _named_at(last))
    forms = [w.form for w in words]
    for marker in ar.WEAK_CONTINUATIONS + [[m] for m in ar.CONTINUATION_MARKERS]:
        if forms[:len(marker)] == marker and last and context.previous_attributed:
            cue = (words[0].start, words[len(marker) - 1].end)
            return _Segment(start, end, last.speaker, "continuation", cue, _named_at(last))
    return _Segment(start, end, None, "narration")


def _named_at(segment: _Segment) -> tuple[int, int] | None:
    """Where the speaker of a chain of continuations was named."""
    return segment.antecedent or segment.cue


def _cue_segment(context: _Context, cue: _Cue, end: int, before: list[_Segment]) -> _Segment:
    if cue.form == "topic":
        return _Segment(cue.start, end, None, "narration", antecedent=(cue.subject.start, cue.subject.end),
                        topic=_resolve(context, cue.subject))
    frame = _frame(context, cue, end)
    if cue.subject is not None:
        kind: Kind = "direct_quote" if cue.form == "headline" else "reported"
        cue_span = (min(cue.verb[0], cue.subject.start), cue.end)
        return _Segment(cue.start, end, _resolve(context, cue.subject), kind, cue_span, frame=frame)
    speaker, named = _antecedent(context, before)
    if speaker is None:
        return _Segment(cue.start, end, None, "narration")
    return _Segment(cue.start, end, speaker, "continuation", cue.verb, named, frame=frame)


def _antecedent(context: _Context, before: list[_Segment]) -> tuple[str | None, tuple[int, int] | None]:
    """Who a verb without its own subject continues: the person this sentence last named (as a speaker
    or as the doer of its first act), else the last speaker of the preceding sentences."""
    for segment in reversed(before):
        if segment.speaker:
            return segment.speaker, _named_at(segment)
        if segment.topic:
            return segment.topic, segment.antecedent
    last = context.last
    return (last.speaker, _named_at(last)) if last else (None, None)


def _frame(context: _Context, cue: _Cue, end: int) -> tuple[int, int] | None:
    """Circumstances between a report's verb and subject and its content ("خلال مؤتمر صحفي… الذي ضم…"):
    the outlet's narration, not the speaker's words. With "أشار إلى ذلك" the content came before."""
    if cue.form != "verb":
        return None
    if cue.anaphor:
        return (cue.end, end) if end > cue.end else None
    words = _words(context.text, cue.end, end)
    if not words or words[0].form not in ar.CIRCUMSTANCE:
        return None
    for prev, word in zip(words, words[1:]):
        if word.form in ar.COMPLEMENTIZERS:
            return cue.end, word.start
        between = context.text[prev.end:word.start]
        if ":" in between or context.hard(prev.end, word.start) and any(ch in QUOTES for ch in between):
            return cue.end, prev.end
    return None


def _carve(context: _Context, segments: list[_Segment], cue: _Cue, sentence_start: int) -> list[_Segment]:
    """A trailing "حسب X" takes the quotation right before it (else the clause since the last comma)
    from the segment that holds it."""
    text = context.text
    closing = [q0 for q0, q1 in context.quotes if q1 <= cue.start and not text[q1:cue.start].strip(" ،,")]
    edge = len(text[:cue.start].rstrip(" ،,"))  # the comma right before "، بحسب" opens nothing
    commas = [i + 1 for i in range(sentence_start, edge) if text[i] in "،,"]
    governed = closing[-1] if closing else (commas[-1] if commas else sentence_start)
    credited = _Segment(governed, cue.end, _resolve(context, cue.subject), "reported", (cue.start, cue.end))
    out: list[_Segment] = []
    for seg in segments:
        out.extend(piece for piece in (_cut(seg, seg.start, min(seg.end, governed)),
                                       _cut(seg, max(seg.start, cue.end), seg.end)) if piece)
    out.append(credited)
    return sorted(out, key=lambda s: s.start)


def _cut(segment: _Segment, start: int, end: int) -> _Segment | None:
    if end <= start:
        return None
    frame = segment.frame and (max(segment.frame[0], start), min(segment.frame[1], end))
    return replace(segment, start=start, end=end, frame=frame if frame and frame[1] > frame[0] else None)


def _merge_topics(segments: list[_Segment]) -> list[_Segment]:
    """"سعى بلينكن إلى التأكيد على…، قائلا: …": the clause that named the doer frames the words he
    then says, as the circumstances before a quotation do."""
    out: list[_Segment] = []
    for seg in segments:
        prev = out[-1] if out else None
        if prev and prev.topic and seg.kind == "continuation" and seg.antecedent == prev.antecedent:
            out[-1] = replace(seg, start=prev.start, frame=(prev.start, seg.start))
        else:
            out.append(seg)
    return out


# ---- public API ----------------------------------------------------------------------------------------
def _span(document: CleanDocument, span: tuple[int, int] | None) -> Evidence | None:
    if span is None:
        return None
    text = document.document.text
    return Evidence(doc_id=document.doc_id, quote=text[span[0]:span[1]], start=span[0], end=span[1])


def _shares(document: CleanDocument, evidence: Evidence) -> list[tuple[_Segment | None, int]]:
    """(segment, characters of the passage credited as it says), in reading order; circumstances
    count as narration (None) unless the passage also holds the cue they belong to."""
    shares: list[tuple[_Segment | None, int]] = []
    for seg in _analysis(document).segments:
        overlap = min(seg.end, evidence.end) - max(seg.start, evidence.start)
        if overlap <= 0:
            continue
        framed = 0
        if seg.frame and not (seg.cue and evidence.start <= seg.cue[0] and seg.cue[1] <= evidence.end):
            framed = max(0, min(seg.frame[1], evidence.end) - max(seg.frame[0], evidence.start))
        shares.append((seg if seg.speaker else None, overlap - framed))
        shares.append((None, framed))
    return shares


def speaker_of(document: CleanDocument, evidence: Evidence) -> Attribution:
    """Who the article credits with the passage: the speaker holding most of its words (a tie goes to
    the speaker), how the article says so, and the cue words that decided it."""
    totals: dict[str, int] = defaultdict(int)
    first: dict[str, _Segment | None] = {}
    for seg, chars in _shares(document, evidence):
        key = fold(seg.speaker) if seg else ""
        totals[key] += chars
        first.setdefault(key, seg)
    best = max(totals, key=lambda k: (totals[k], k != ""), default="")
    seg = first.get(best)
    if seg is None:
        return Attribution(speaker=None, kind="narration")
    quoted = any(q0 < evidence.start and evidence.end <= q1 for q0, q1 in _analysis(document).quotes)
    return Attribution(speaker=seg.speaker, kind="direct_quote" if quoted else seg.kind,
                       cue=_span(document, seg.cue), antecedent=_span(document, seg.antecedent))


def sentence_speaker(text: str) -> str | None:
    """Whom a lone sentence (a model's rendering) has speak, read as an article's sentence is."""
    text = text[:MAX_QUOTE_CHARS]
    document = CleanDocument(document=Document(doc_id="sentence", path="", encoding="utf-8", text=text),
                             kept=[Span(start=0, end=len(text))], removed=[])
    return speaker_of(document, Evidence(doc_id="sentence", quote=text, start=0, end=len(text))).speaker


def clauses(document: CleanDocument, evidence: Evidence) -> list[tuple[Evidence, Attribution]]:
    """The passage cut where its credit changes, each part with its own attribution, in reading
    order: "دعا الزعماء العرب إلى…، في حين كرر بلينكن معارضة…" is two parts with two speakers, so a
    statement can cite the words of its own speaker rather than the whole sentence."""
    text = document.document.text
    parts: list[tuple[int, int, str]] = []  # start, end, folded speaker ("" for narration)
    for seg in _analysis(document).segments:
        start, end = max(seg.start, evidence.start), min(seg.end, evidence.end)
        if end <= start:
            continue
        key = fold(seg.speaker) if seg.speaker else ""
        if parts and parts[-1][2] == key:
            parts[-1] = (parts[-1][0], end, key)
        else:
            parts.append((start, end, key))
    out = []
    for start, end, _ in parts:
        trimmed_span = _trim(text, start, end)
        if trimmed_span:
            clause = _span(document, trimmed_span)
            out.append((clause, speaker_of(document, clause)))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without surrounding white space and clause punctuation."""
    while start < end and (text[start].isspace() or text[start] in "،,؛;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "،,؛;:"):
        end -= 1
    return (start, end) if end > start else None


def attributions(document: CleanDocument) -> list[tuple[Evidence, Attribution]]:
    """Every body sentence with its attribution, in reading order: for reading an article's structure."""
    return [(sentence, speaker_of(document, sentence)) for sentence in body_sentences(document)]


def _credits(document: CleanDocument, claimed: str, speaker: str, at: int) -> bool:
    """same_person, reading an office given without a name ("وزير الخارجية الأمريكي") as the person
    the article gives that office before `at`."""
    if same_person(claimed, speaker):
        return True
    person = None if person_words(claimed) else _person_with_title(_analysis(document).mentions, claimed, at)
    return person is not None and same_person(person, speaker)


def check_speaker(document: CleanDocument, evidence: Evidence, claimed: str) -> str | None:
    """None when the article credits the passage to `claimed`, else a one-line reason. A passage that
    mixes narration and statements supports each speaker who holds a third of it or more."""
    attribution = speaker_of(document, evidence)
    if attribution.speaker and _credits(document, claimed, attribution.speaker, evidence.end):
        return None
    size = max(1, evidence.end - evidence.start)
    for seg, chars in _shares(document, evidence):
        if seg and chars >= MIN_SHARE * size and _credits(document, claimed, seg.speaker, evidence.end):
            return None
    if attribution.speaker is None:
        return f"the outlet's narration, not a statement by {claimed}"
    return f"the article credits these words to {attribution.speaker}, not {claimed}"


def corrected_speaker(document: CleanDocument, evidence: Evidence, claimed: str) -> str | None:
    """The speaker a statement built on this passage should carry: `claimed` when the article credits
    it, the article's own speaker when it names another, None when the passage is narration."""
    if check_speaker(document, evidence, claimed) is None:
        return claimed
    return speaker_of(document, evidence).speaker
