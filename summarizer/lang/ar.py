"""The Arabic pack: the words and patterns the checks and stages read Arabic news with, and the
little morphology they need (a reporting verb's forms, a glued و/ف or ل, an adjective of origin).

Every Arabic word table lives here once, folded as `summarizer.lang.arabic.fold` folds text
(ة→ه, ى→ي, أ/إ/آ→ا) unless a comment says otherwise. The English pack is `summarizer.lang.en`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from summarizer.lang.arabic import ARABIC_NUMBER_WORDS, fold, tokens
from summarizer.lang.names import NATIONALITIES

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

# Bodies as English writes them -> how Arabic writes them, folded (any one will do).
BODY_NAMES = {
    "UN Security Council|U.N. Security Council|United Nations Security Council": "مجلس الامن",
    "United Nations|UN|U.N.": "الامم المتحده|امم المتحده|الاممي|اممي",
    "Security Council": "مجلس الامن|المجلس الامني|مجلس الامني",
    "General Assembly": "الجمعيه العامه",
    "NATO": "الناتو|ناتو|حلف شمال الاطلسي|الاطلسي",
    "European Union|EU|E.U.": "الاتحاد الاوروبي|الاتحاد الاوربي|الاوروبي|الاوربي",
    "European Commission": "المفوضيه الاوروبيه|المفوضيه الاوربيه",
    "African Union": "الاتحاد الافريقي",
    "Arab League": "الجامعه العربيه|جامعه الدول العربيه",
    "Red Cross": "الصليب الاحمر",
    "Red Crescent": "الهلال الاحمر",
    "World Bank": "البنك الدولي",
    "IMF|International Monetary Fund": "صندوق النقد",
    "WHO|World Health Organization|World Health Organisation": "الصحه العالميه",
    "UNICEF": "يونيسف|اليونيسف|يونيسيف",
    "IPCC|Intergovernmental Panel": "الحكوميه الدوليه|الحكومي الدولي|الفريق الحكومي",
    "Greenpeace": "السلام الاخضر|غرينبيس|جرينبيس",
    "Hamas": "حماس",
    "Hezbollah|Hizbollah": "حزب الله",
    "Fatah": "فتح",
    "PLO": "منظمه التحرير",
    "Congress": "الكونغرس|الكونجرس|كونغرس|كونجرس",
    "Senate": "الشيوخ",
    "House of Representatives": "مجلس النواب",
    "Parliament": "البرلمان|برلمان|مجلس",
    "White House": "البيت الابيض",
    "Supreme Court": "المحكمه العليا",
    "Pentagon": "البنتاغون|البنتاجون",
    "State Department": "الخارجيه",
    "BBC": "بي بي سي",
    "CNN": "سي ان ان|سي إن إن",
    "Reuters": "رويترز",
    "AFP": "فرانس برس|ا ف ب",
    "Associated Press|AP": "اسوشيتد|ا ف ب|اب",
    "Xinhua": "شينخوا",
    "Wikinews": "ويكي نيوز|ويكينيوز",
}
# What a named institution is ("the Metropolitan Police", "the Home Office", "the International
# Cycling Union") -> folded Arabic stems of that word, one of which its translation writes.
INSTITUTION_STEMS = {
    "police": "شرط|بوليس", "union": "اتحاد", "federation": "اتحاد", "office": "وزار|مكتب|خارجي|داخلي",
    "ministry": "وزار", "department": "وزار|دائر|قسم|خارجي", "council": "مجلس", "party": "حزب",
    "parties": "احزاب|حزب", "court": "محكم", "committee": "لجن", "commission": "لجن|مفوضي|هيئ",
    "agency": "وكال|هيئ", "army": "جيش", "navy": "بحري", "team": "فريق", "government": "حكوم",
    "association": "جمعي|رابط|اتحاد", "organization": "منظم|هيئ", "organisation": "منظم|هيئ",
    "fund": "صندوق", "university": "جامع", "institute": "معهد", "company": "شرك",
    "embassy": "سفار", "guard": "حرس", "guards": "حرس", "forces": "قوات|قوه", "channel": "قنا",
}
# Countries as Arabic news also writes them, beyond CLDR's names (by ISO code).
COUNTRY_ALSO_WRITTEN = {"IR": "فارس", "SA": "سعودي", "US": "امريك|اميرك|واشنطن", "GB": "بريطان|برطان|انجلتر|انكلتر|انكليز|انجليز",
                "PS": "فلسطين", "KR": "كوري", "KP": "كوري", "AE": "امارات|اماراتي"}
OPEN_ENDINGS = "اه"  # final letters a country name drops before its adjective: «فرنسا» -> «فرنسي»
NISBA_ENDINGS = ("ي", "يه", "يون", "يين", "يان", "يتين", "يات")  # «الإيرانية», «الإيرانيون» (folded)

# English nouns of where something happened and whose ("Iraqi waters", "Iranian territory") ->
# folded Arabic stems of the same nouns, which the nation follows («المياه العراقية»): a sea or
# border a report places an incident in is a fact, and contested (summarizer.checks.faithful).
PLACE_NOUNS = {"waters": "مياه", "territory": "اراضي|اقليم", "airspace": "اجواء|مجال الجوي", "coast": "ساحل|سواحل",
               "coastline": "ساحل|سواحل", "border": "حدود", "soil": "اراضي|ارض"}

# Stems of the words that say two sides differ («خلاف جوهري», «انقسام حاد»), folded: however many
# outlets write that the sides disagree, it is one fact (summarizer.stages.merge).
SIDES_DIFFER = ("تباين", "خلاف", "انقسام", "اختلاف", "تباعد")

# English news words -> folded Arabic stems, one of which the cited words must hold. Only listed
# words are checked; the list is deliberately about what briefs of this kind state.
TOPICS = (
    # A pause (هدنة, وقفة) is not a ceasefire: the US backed the one and opposed the other.
    ("ceasefire ceasefires cease-fire cease", "اطلاق النار|اطلاق نار|وقف النار|وقف القتال"),
    ("permanent", "دائم|نهائي|مستدام"),
    ("truce truces pause pauses", "هدن|توقف|وقفات|وقفه|ايقاف"),
    ("humanitarian", "انسان"),
    ("aid assistance relief supplies", "مساعد|اغاث|دعم|امداد|اعان"),
    ("civilian civilians", "مدني"),
    ("war wars fighting warfare", "حرب|قتال|قاتل|معارك|معرك|اشتباك|اطلاق النار"),
    ("conflict conflicts", "صراع|حرب|نزاع"),
    ("meeting meetings met meet meets summit talks conference", "اجتماع|اجتمع|لقاء|لقاي|التقي|التقاء|يلتقي|قمه|محادث|مباحث|حديث|موتمر|نظراء|جلسه|جتمع|عقد|مقابل"),
    ("coordinate coordinating coordination", "نسيق|نسق"),
    ("effort efforts", "جهود|جهد|مساع|محاول|سعي"),
    ("protect protecting protection protected", "حمايه|حماي|يحمي"),
    ("hostage hostages captives prisoners", "رهائن|رهينه|محتجز|اسري|اسير|سراح"),
    ("displacement displace displaced displacing expulsion", "تهجير|هجير|نزوح|ترحيل"),
    ("two-state", "دولتين"),
    ("influence", "نفوذ"),
    ("front fronts", "جبه"),
    ("terrorist terrorists terrorism terror", "ارهاب"),
    ("occupation", "احتلال"),
    ("defend defends defending defence defense self-defence self-defense", "دفاع"),
    ("casualties victims losses", "ضحايا|ضحيه|خسائر|قتلي"),
    ("kill killed killing killings", "قتل"),
    ("regroup", "تجميع|جمع"),
    ("peace", "سلام"),
    ("agreement agreements agree agreed agrees consensus convergence", "اتفاق|اتفق|توافق|التقاء|تفاهم|اجماع|موافق|متفق"),
    ("divergent divergence differences different disagreement disagree disagreed divisions divided rift",
     "|".join((*SIDES_DIFFER, "مختلف"))),
    ("attack attacks assault aggression", "هجوم|هجمات|هاجم|مهاجم|اعتداء|عدوان|تفجير"),
    ("condemn condemned condemns condemnation", "ادان|يدين|تدين|استنكر|شجب"),
    ("law laws", "قانون"),
    ("conditions condition unconditional unconditionally preconditions", "شرط|شروط|قيد|ظروف"),
    # «مواقف متباينة» ("divergent positions") are not "shared" ones.
    ("shared common similar aligned convergent converging share shares", "مشترك|قواسم|التقاء|توافق|اتفاق|موحد|متشابه|متقارب|تقارب|مماثل|شارك"),
    ("immediate immediately", "فور"),
    ("spread widen widening expand expansion escalation escalate", "امتداد|امتد|توسيع|اتساع|توسع|تصعيد|نشر|انتشار"),
    ("priority", "اولوي"),
    ("israel israeli israelis", "اسرائيل"),
    ("gaza", "غزه"),
    ("palestinian palestinians palestine", "فلسطين"),
    ("arab arabs", "عرب"),
    ("egypt egyptian egyptians", "مصر"),
    ("jordan jordanian jordanians", "اردن"),
    ("american americans america washington", "امريك|اميرك|واشنطن|الولايات المتحده"),
    ("saudi saudis", "سعود"),
    ("qatar qatari", "قطر"),
    ("emirates emirati", "امارات"),
    ("hamas", "حماس"),
    # Countries, places and days a sentence may name without a capitalised name check (see
    # DESCRIPTIVE); "^" marks a stem that must open a word («أيمن» holds no Yemen).
    ("iran iranian iranians", "^ايران"),
    ("lebanon lebanese", "^لبنان"),
    ("syria syrian syrians", "^سوري"),
    ("turkey turkish", "^ترك"),
    ("iraq iraqi iraqis", "^عراق"),
    ("yemen yemeni", "^يمن"),
    ("bank", "^ضفه"),
    ("aviv", "^ابيب"),
    ("rafah", "^رفح"),
    ("russia russian", "^روس"),
    ("china chinese", "^صين"),
    ("britain british", "^بريطان|^برطان"),
    ("france french", "^فرنس"),
    ("saturday", "^سبت"), ("sunday", "^احد"), ("monday", "^اثنين"), ("tuesday", "^ثلاثاء"),
    ("wednesday", "^اربعاء"), ("thursday", "^خميس"), ("friday", "^جمعه"),
    ("minister ministers ministry", "وزير|وزراء|وزار|وزرا"),
    ("countries", "دول|بلد"),
    ("children", "اطفال"),
    ("future", "مستقبل"),
    ("stability", "استقرار"),
    ("unified united", "موحد|توحيد|وحد|متحده"),
    ("release released", "سراح|افراج|فرج|تحرير|نشر|صدر"),  # not «إطلاق», which is also «إطلاق النار»
    ("independent", "مستقل"),
)
# Folded like the text they are looked for in («إسرائيل» is «اسراييل» there, «رهائن» is «رهاين»).
TOPIC_STEMS = {word: tuple("^" + fold(stem[1:]) if stem.startswith("^") else fold(stem) for stem in stems.split("|"))
               for words, stems in TOPICS for word in words.split()}
UNCONDITIONAL = re.compile(r"\b(?:و|ف)?(?:دون|بدون|بلا|غير) (?:اي )?(?:ال)?(?:قيد|قيود|شرط|شروط|مشروط)")  # folded text
# The conditionals a condition would render (folded; «إن» is left out: folded, it is «أن»).
CONDITIONAL = re.compile(r"(?:^|\s)(?:و|ف)?(?:اذا|لو|لولا|شرط|بشرط|شريطه|طالما|مالم|ما لم|رهن|رهنا|حال|حاله|متي|ان لم|مشروط)\b")
# A condition an Arabic sentence states (folded): «إذا», «بشرط», «في حال»; not «ما إذا» (whether),
# «حالة» alone (a state) or «غير مشروط» (unconditional).
CONDITION_STATED = re.compile(r"(?:^|\s)(?<!ما )(?:و|ف)?(?:اذا|لو|لولا|بشرط|شريطه|طالما|مالم|ما لم|رهنا|في حال|في حاله|ان لم)\b")
SCALE_WORDS = {"الف": 1000, "الاف": 1000, "مليون": 10**6, "ملايين": 10**6, "مليار": 10**9}  # «32 ألف», «قرابة المليون»
# «خمسة عشر» is 15; «الطرفين», «حل الدولتين» are two (and «السابع من أكتوبر» is 7 October: `dates`).
TEENS = re.compile(rf"\b(?:و|ال)?({'|'.join(w for w in ARABIC_NUMBER_WORDS if ARABIC_NUMBER_WORDS[w] < 10)}) عشر[ه]?\b")
MONDAY = re.compile(r"(?:(?<=يوم )|^)الاثنين\b|\bالاثنين(?= \d)")
# Any Arabic noun can be dual («عامين», «خيارين», «كلا البلدين»): a sentence's "two" may render one.
DUAL_LIKE = re.compile(r"^\w{3,}(?:ين|ان|تين|تان)$")


WEEKDAY_OPENERS = ("يوم ال", "ويوم ال")  # «يوم السبت»: a weekday's stem after «يوم»

# Words a weak model writes for their opposite, as (English words of one side, Arabic stems of the
# other, English words that render the other): "shared" positions for «مواقف متباينة», a
# "ceasefire" for a temporary pause («هدنة», «إيقاف مؤقت»).
CONTRASTS = (
    ("shared common similar same convergent converging share shares aligned identical",
     "تباين|متباين|مختلف|اختلاف|خلاف|تباعد", "different differing differ differs divergent diverging disagree "
     "disagreement disagreements divided division divisions differences"),
    ("ceasefire ceasefires cease-fire", "هدن|موقت|وقفات|وقفه", "pause pauses truce truces temporary temporarily"),
)



# Words that may stand right before a report's verb ("بينما صرح", "من جهته قال", "في حين كرر"). Folded.
REPORT_PARTICLES = frozenset(tokens(
    "بينما فيما حيث حين كما ثم وقد قد لقد وكان كان كانت وكانت لكنه لكنها ولكنه ولكن لكن بدوره بدورها "
    "جهته جهتها جانبه جانبها ذلك أيضا كذلك بعدما عندما فقد إذ المقابل"
))

# ---- who the article credits with what (summarizer.checks.attribution): folded ------------------
# Reporting verbs: past, present (3rd person masculine), active participle. "" = form not counted
# (a participle that is mostly something else: مقر "headquarters", مفيد "useful", مجددا "anew").
REPORTING_VERB_TABLE = """
قال يقول قائل | أكد يؤكد مؤكد | أضاف يضيف مضيف | دعا يدعو داعي | شدد يشدد مشدد | أوضح يوضح موضح
أشار يشير مشير | أعرب يعرب معرب | طالب يطالب مطالب | اعتبر يعتبر معتبر | نوه ينوه منوه
كشف يكشف كاشف | حذر يحذر محذر | أعلن يعلن معلن | رأى يرى "" | لفت يلفت لافت | تابع يتابع متابع
وصف يصف واصف | عبر يعبر معبر | جدد يجدد "" | كرر يكرر مكرر | صرح يصرح مصرح | ذكر يذكر ""
أفاد يفيد "" | أقر يقر "" | حث يحث "" | تحدث يتحدث متحدث | "" يبين مبين | أدان يدين ""
نفى ينفي "" | رحب يرحب مرحب
"""
IRREGULAR_PAST = {"دعا": ("دعت", "دعوا"), "رأى": ("رأت", "رأوا"), "نفى": ("نفت", "نفوا")}  # feminine, plural


@lru_cache(maxsize=1)
def reporting_verb_forms() -> dict[str, tuple[str, str, bool]]:
    """Folded form -> (root, 'past' | 'present' | 'participle' | 'participle_bare', marked), where
    marked forms are feminine or plural ("قالت", "تقول", "قالوا"): a noun after them is their subject."""
    forms: dict[str, tuple[str, str, bool]] = {}
    for entry in REPORTING_VERB_TABLE.replace("\n", "|").split("|"):
        if not entry.strip():
            continue
        past, present, participle = [w.strip('"') for w in entry.split()]
        root = fold(past or present)
        if past:
            for form in IRREGULAR_PAST.get(past, (past + "ت", past + "وا")):
                forms[fold(form)] = (root, "past", True)
            forms[fold(past + "ا")] = forms[fold(past)] = (root, "past", False)
        if present:
            forms[fold(present)] = (root, "present", False)
            for form in ("ت" + present[1:], present + "ون"):
                forms[fold(form)] = (root, "present", True)
        if participle:
            for suffix in ("ا", "ة", "ين", "ون"):
                forms[fold(participle + suffix)] = (root, "participle", False)
            forms.setdefault(fold(participle), (root, "participle_bare", False))  # "، مشدد على": a dropped alef
    return forms


# A present-tense verb's person and number, by its prefix and suffix, and the endings its past takes
# for the same subject: «يدعو»/«دعا», «تدعو»/«دعت», «يدعون»/«دعوا», «يلتقيان»/«التقيا». A verb
# before its subject stays singular («دعا الزعماء»), so a plural's past may be singular too.
PRESENT_PERSONS = {"ي": ("",), "ت": ("ت",)}
PRESENT_PLURALS = {("ي", "ون"): ("وا", ""), ("ي", "وا"): ("وا", ""), ("ي", "ان"): ("ا", ""), ("ت", "ان"): ("تا", "ت")}


def past_forms(form: str) -> set[str]:
    """The past-tense forms, for the same subject, that a folded present-tense verb of the third
    person may restate: Arabic headlines tell in the present («بلينكن يلتقي…») what pages tell in
    the past («التقى»). The root's letters stay in their order; what changes is the prefix, the
    alef a derived past opens with («يعلن»/«أعلن», «يلتقي»/«التقى», «يستخدم»/«استخدم»), a hamza's
    seat («يؤكد»/«أكد»), a first waw («يصف»/«وصف»), a middle long vowel («يقول»/«قال», «يشير»/
    «أشار») or a last one («يدعو»/«دعا»), and the ending that says who («تدعو» is a she: «دعت»,
    never «دعا»). A stem that ends as a plural does («يتعاون») is read both ways. Forms of fewer
    than three letters are left out: too many words begin so. Empty for any other word."""
    person = form[:1]
    if person not in PRESENT_PERSONS or len(form) < 3:
        return set()
    readings = [(form[1:], PRESENT_PERSONS[person])]
    for (prefix, suffix), past_endings in PRESENT_PLURALS.items():
        if prefix == person and form.endswith(suffix) and len(form) - 1 - len(suffix) >= 2:
            readings.append((form[1:-len(suffix)], past_endings))
    pasts: set[str] = set()
    for stem, endings in readings:
        stems = {stem, "ا" + stem}
        if stem.startswith("و"):  # «يؤكد» folds to «يوكد»: the hamza sat on a waw
            stems.add("ا" + stem[1:])
        if len(stem) == 2:  # a first waw the present drops («يصف»), or a last vowel the suffix took («يدعون»)
            stems |= {"و" + stem, stem + "ا", stem + "ي"}
        if stem[-1] in "وي":  # a last long vowel: «يدعو»/«دعا», «يلقي»/«ألقى», «يلتقي»/«التقى»
            stems |= {s[:-1] + vowel for s in set(stems) for vowel in ("ا", "ي")}
        if len(stem) == 3 and stem[1] in "وي":  # a middle one: «يقول»/«قال», «يشير»/«أشار»
            stems |= {stem[0] + "ا" + stem[2], "ا" + stem[0] + "ا" + stem[2]}
        # «دعا» + «ت» is «دعت»: a last long vowel gives way to the ending
        pasts |= {s + e for s in stems for e in endings} | {s[:-1] + e for s in stems for e in endings if e and s[-1] in "اي"}
    return {past for past in pasts if len(past) >= 3}


GLUED_CONJUNCTIONS = ("و", "ف")  # "and", "so": written glued to the next word («وأكد»)


def without_conjunction(form: str) -> str:
    """A folded word without a glued و/ف: "واكد" -> "اكد"; a word of two letters keeps it."""
    return form[1:] if form[:1] in GLUED_CONJUNCTIONS and len(form) > 2 else form


# Nouns of reporting verbs: with their doer and «أن» after them they report as the verb does.
REPORT_NOUNS = frozenset(tokens("تأكيد تصريح إعلان تحذير إشارة قول تشديد توضيح اعتبار"))
# Verbs that are something else without their complement: عبر "via", رأي "opinion".
NEEDS_AFTER = {fold("عبر"): frozenset(tokens("عن")), fold("رأى"): frozenset(tokens("أن إن بأن أنه أنها"))}
# Words that name a source before it: «حسب X», «وفقا لـX» (its ل glued to the source), «نقلا عن X».
ACCORDING = frozenset(tokens("حسب بحسب وحسب وبحسب"))
IN_ACCORDANCE = frozenset(tokens("وفقا طبقا"))
QUOTING = tuple(tokens("نقلا عن"))
SOURCE_WORDS = ACCORDING | IN_ACCORDANCE | {QUOTING[0]}
WHAT = frozenset(tokens("ما لما"))  # «حسب ما قال X», «وفقا لما قاله X»
OBJECT_PRONOUN = "ه"  # «قاله»: said it
CONTINUATION_MARKERS = frozenset(tokens("بدوره بدورها"))  # "in his turn"; a verb after it may name a new speaker
# A sentence opening so goes on with what the last speaker listed, as token lists.
WEAK_CONTINUATIONS = [tokens(m) for m in ("بالإضافة إلى", "إلى جانب", "فضلا عن", "علاوة على", "بجانب")]
RELATIVES = frozenset(tokens("الذي التي الذين اللذين اللتين اللذان اللتان اللواتي"))  # «القمة التي دعا إليها»
COMPLEMENTIZERS = frozenset(tokens("أن إن أنه إنه أنها إنها أنهم إنهم أنهما أننا إننا بأن بأنه بأنها بأنهم وأن وأنه لأن"))
# Words that end a name, or show that the word after a verb is not its subject ("وأكد في", "وكشف عن").
FUNCTION_WORDS = COMPLEMENTIZERS | frozenset(tokens(
    "في على إلى عن من مع خلال عقب بعد قبل أثناء لدى أمام حول ضد منذ حتى عبر بين لـ ب ل و ف ما لا لم لن "
    "قد هذا هذه ذلك تلك اليوم أمس أيضا كذلك مجددا علنا مرة أخرى الذي التي وهو وهي هو هي كل بعدم بضرورة بشكل"
))
# What opens the circumstances between a report and its content ("خلال مؤتمر صحفي…").
CIRCUMSTANCE = frozenset(tokens("في خلال عقب بعد قبل أثناء لدى أمام عن مع اليوم أمس"))
PREPOSITIONS = frozenset(tokens("في على إلى عن من مع لدى بين بموجب"))  # «من الأمم المتحدة»: an object
# What may stand between a verb and its subject: "أيضا", "مرة أخرى", "إلى ذلك" (which also says that
# the content came before: «أشار إلى ذلك»).
SKIP_AFTER_VERB = frozenset(tokens("أيضا كذلك مجددا علنا اليوم أمس بدوره بدورها"))
ONCE_MORE = tuple(tokens("مرة أخرى"))
ANAPHORIC_PREPOSITIONS = frozenset(tokens("إلى على"))
DEMONSTRATIVES = frozenset(tokens("ذلك هذا هذه تلك"))
CLAUSE_OPENERS = frozenset(tokens("ولكن لكن بينما فيما ثم"))
HOWEVER = frozenset(tokens("غير إلا بيد حين رغم بالرغم مع"))  # "غير أن", "في حين أن": "however", "while"
AUXILIARY = frozenset(tokens("قد لقد"))  # «وكان بلينكن قد أكد»
AFTER_NAME = frozenset(tokens("وهو وهي الذي التي"))  # "وقال ديفيد كاساني وهو عضو سابق…"
PARTICLE_PREPOSITIONS = ("في", "من")  # «من جهته», «في حين»: they open a report particle

NAME_LINKS = frozenset(tokens("بن بنت ابن أبو أبي عبد آل ولد"))  # «عبد الله بن زايد»
HONORIFICS = frozenset(tokens("الشيخ السيد السيدة الأمير"))  # also family names: «حسين الشيخ»
WA_NAMES = frozenset(tokens("وليد وائل وسام وجدي وفاء وضاح"))  # first names that begin with و


def glued_wa(form: str) -> bool:
    """A folded word with «و» ("and") glued on: «وقال», not a first name that begins with و («وليد»)."""
    return form.startswith("و") and form not in WA_NAMES


TO_THE = "لل"  # ل + the article: «للصحافة», "to the press"
LI = "ل"  # "to": glued to its word («لروجر») or written alone («لـ»)


def without_li(form: str) -> str:
    """A folded word without the ل glued to it: «لروجر» -> «روجر», «للقانون» -> «القانون»."""
    return ARTICLE + form[2:] if form.startswith(TO_THE) else form[1:]


# The alef that ends a dual before what it is of («وزيرا خارجية»: two ministers) or an adverb («ردا على»).
FINAL_ALEF = "ا"
# The sound masculine plural: «مسؤولون» as a subject, «الإسرائيليين» as an object.
PLURAL_SUBJECT, PLURAL_OBJECT = "ون", "ين"


def is_nisba(form: str) -> bool:
    """«العسكري», «الإيرانية»: a folded word that is a definite adjective of origin."""
    return form.startswith(ARTICLE) and len(form) > 4 and (form.endswith("ي") or form.endswith("يه"))

# The headings and lines of a brief and a digest (summarizer.stages.render and digest).
LABELS = {
    "unrendered": "(دون ترجمة عربية مدققة)",
    "event": "الحدث",
    "what": "ماذا",
    "when": "متى",
    "where": "أين",
    "who": "من",
    "overview": "نظرة عامة",
    "key_point": "أبرز النقاط",
    "position": "مواقف الأطراف",
    "agreement": "نقاط الاتفاق",
    "disagreement": "نقاط الخلاف",
    "outcome": "النتائج",
    "conflicts": "تعارض بين المصادر",
    "sources": "المصادر",
    "used": "المستخدمة",
    "set_aside": "المستبعدة",
    "failed": "تعذّر استخراجها",
    "no_reason": "لم يُستخدم، دون سبب مسجَّل",
    "unattributed": "غير منسوب",
    "usage": "الاستهلاك",
    "usage_line": "استدعاءات النموذج: {calls} (منها {cached} من الذاكرة المؤقتة)، الرموز: {prompt} للمدخلات + {completion} للمخرجات، الزمن: {seconds:.1f} ث",
    "corroboration": "عدد المصادر: {n}",
    "list_separator": "، ",
    "passages": "المقاطع المستشهد بها",
    "unresolved": "غير موثَّق: ليس في هذا الموضع من المصدر",
    "digest": "الموجز اليومي",
    "digest_scope": "أحداث لها موجز: {events}، الصفحات: {pages}",
    "contents": "المحتويات",
    "toc_event": "الحدث",
    "toc_place": "المكان",
    "toc_date": "التاريخ",
    "toc_sources": "المصادر",
    "not_stated": "غير مذكور",
    "no_brief": "لا موجز: تعذّر الاستخراج من كل الصفحات المختارة له.",
    "also_reported": "أخبار أخرى (مصدر واحد لكل منها، دون استدعاء النموذج)",
    "usage_timing": "الاستهلاك والتوقيت",
    "timing_line": "التجميع {cluster:.1f} ث، الاستخراج {extract:.1f} ث، كتابة الموجزات {briefs:.1f} ث، المجموع {total:.1f} ث",
}

# Why a page is set aside (summarizer.stages.group).
SET_ASIDE_REASONS = {
    "other": "يتناول حدثاً آخر ({other})؛ الحدث الرئيسي: {main}",
    "story": "لا يشارك الحدث الرئيسي ({main}) ما يكفي من المحتوى ليكون القصة نفسها",
    "no_place": "المكان غير مذكور",
    "no_date": "التاريخ غير مذكور",
    "comma": "، ",
}

# What may open a city's name in a sentence («وبعمان», «لبيروت», «كالقاهرة»). Folded.
CITY_CLITICS = "(?:و|ف)?(?:ب|ل|ك)?"
# Phrases in which a city's name means something else: «سلطنة عمان» is Oman, not Amman. Folded.
CITY_LOOKALIKES = ("سلطنه عمان",)

# ---- what of a scraped page is not the article (summarizer.stages.clean), as written ---------
# Markers after which a page carries related-article lists and appended stories, not the article.
TAIL_MARKERS = (
    "اقرأ أيضا", "اقرأ ايضا", "إقرأ أيضاً", "اقرأ المزيد", "مقالات مشابهة", "مقالات ذات صلة",
    "أخبار ذات صلة", "قد يهمك أيضا", "قد يهمك ايضاً", "اخترنا لك", "الأكثر قراءة", "موضوعات متعلقة",
)
# Whole lines that are page furniture wherever they stand.
FURNITURE = (
    "محتوى إعلاني", "إعلان", "نشر", "شارك", "صور ساخنة", "كلمات دلالية", "المصدر", "مصدر",
    "الصفحة الرئيسية", "تابعونا",
)
# «5 دقائق»: a reading time, matched against the folded line.
READING_TIME_UNITS = tuple(fold(unit) for unit in ("دقائق", "دقيقة"))
# Folded phrases that address a language model rather than a reader (prompt injection).
TO_THE_MODEL = tuple(re.compile(pattern) for pattern in (
    r"(تجاهل|اهمل|انس|تناس)( \w+){0,3} (التعليمات|تعليمات|الاوامر|اوامر|الارشادات|التوجيهات)",
    r"(بصفتك|انت الان|ايها) (نموذج|النموذج|مساعد|المساعد)",
    r"في (ملخصك|الملخص|اجابتك|ردك) (اذكر|قل|اكتب)",
))

# ---- counts and conflicts between sources (summarizer.stages.merge) ----------------------------------
# Nouns a count is checked across sources for («6 دول» here, «خمس دول» there), folded.
COUNTED_NOUNS = frozenset(fold(noun) for noun in ("دول", "دوله", "وزراء", "وزير", "قتيل", "قتلي", "شهيد", "جرحي",
                                                  "جنود", "اسري", "رهائن"))
# «أكثر من 180 دولة» and «نحو 190 دولة» do not disagree: a count so qualified is no exact count.
ROUGHLY = frozenset(tokens("نحو حوالي حوالى قرابة زهاء تقريبا"))
BOUNDS = frozenset(tokens("أكثر اكثر أقل اقل يقرب يزيد يقارب"))


def approximate(before: list[str]) -> bool:
    """The two words before a count make it approximate: «نحو 190», «أكثر من 180», «ما يقرب من 80»."""
    return bool(before) and (before[-1] in ROUGHLY or before[-1] == "من" and len(before) > 1 and before[-2] in BOUNDS)


# A conflict's topic and side labels.
CONFLICT_LABELS = {"date": "تاريخ الحدث", "count": "عدد {noun}", "who": "من قال «{words}»", "said": "قالها {name}"}

# ---- what a sentence presents (summarizer.stages.extract): folded word starts ----------------------
AGREEMENT_CUES = (
    "اتفق", "اتفاق", "توافق", "التوافق", "متفق", "نقاط التقاء", "نقاط الالتقاء", "التقاء", "قواسم مشترك", "اجمع",
    "اجماع", "تفاهم",
    # a goal or interest the sides share («ونتشارك نفس المصلحة والهدف»)
    "نفس المصلح", "نفس الهدف", "مصلحه مشترك", "المصلحه المشترك", "مصالح مشترك", "المصالح المشترك", "هدف مشترك",
    "الهدف المشترك", "اهتمام مشترك", "الاهتمام المشترك",
)
# Not «رفض» alone: one party's refusal («ورفض التهجير», a shared position) is not a split (extract's
# `opposes_another` says when it is). Not «مختلف» alone: «مختلف الدول» is "the various countries".
DISAGREEMENT_CUES = (
    "خلاف", "اختلاف", "تباين", "متباين", "انقسام", "انقسامات", "تباعد", "فجوه", "مواقف مختلف", "المواقف المختلف",
    "نظر مختلف", "اراء مختلف", "الاراء المختلف",
)
OUTCOME_CUES = (
    "اسفر", "اثمر", "نتج", "تقرر", "قرر", "اعلن", "خلص", "تم الاتفاق", "اتفقوا علي", "سيعقد", "لم يسهم", "لم يسفر",
    "بيان ختامي", "البيان الختامي", "بيان مشترك", "البيان المشترك",
)
# A refusal, and what sets it against another party's position: a contrast opening its clause, a proposal.
REFUSAL_CUES = ("رفض", "يرفض", "ترفض", "رافض", "عارض", "يعارض", "تعارض", "معارض")
CONTRAST_CUES = ("في حين", "بينما", "لكن", "في المقابل", "غير ان", "الا ان")
PROPOSAL_CUES = ("مقترح", "اقتراح", "فكره", "خطه", "مبادره")

# A run of article words holding one of these is a phrase, not a name: the 1.5B model gave
# «وزير الخارجية المصري سامح شكري الحرص على وقف الحرب في غزة» as a participant.
NOT_IN_NAMES = frozenset(tokens("في على إلى عن من مع خلال حول بشأن أيضا حديثا كذلك مجددا"))  # «شاركو أيضا»
# Nationality adjectives, masculine and feminine («الإماراتي», «الإماراتية»), folded.
NATION_ADJECTIVES = frozenset(fold(n + ending) for n in NATIONALITIES for ending in ("", "ة"))

# Folded first words of what a vessel is («الفرقاطة كورنوول»), article aside: a ship is where
# things happen, not who acts (summarizer.stages.extract).
VESSEL_WORDS = ("فرقاطه", "سفينه", "مدمره", "بارجه", "ناقله", "زورق", "حامله")
