"""Names of people: which words of a name pick out a person, and whether two names are one person.

`same_person` is the one matcher: attribution checks a claimed speaker with it, merge gathers one
participant's spellings with it, and the eval harness pairs predicted with gold names with it.
The word lists say what is never a person's name: offices, groups, countries, bodies, nationalities.
"""

from __future__ import annotations

from summarizer.lang.arabic import find_latin_name, fold, is_latin, light_stem, tokens

# Words that describe an office, not a person: they never decide that two names are one entity.
TITLE_WORDS = set(tokens(
    "وزير وزيره الوزير وزراء الخارجيه خارجيه الامريكي الأميركي الامريكيه الاردني المصري السعودي القطري "
    "الاماراتي الفلسطيني الرئيس رئيس الامير السيد الشيخ امين سر المتحدث الرسمي باسم الدوله للتعاون الدولي "
    "minister foreign secretary of state the mr president prince"
))


def name_core(name: str) -> set[str]:
    """The words of a name that pick out a person: office words ("وزير الخارجية") do not."""
    return {t for t in tokens(name) if t not in TITLE_WORDS and len(t) > 1}



# Office and group words head a subject phrase but never name a person.
OFFICES = set(tokens(
    "وزير وزيرة وزيرا وزيري وزراء الوزير الوزيرة الوزراء رئيس رئيسة الرئيس الرئيسة المتحدث المتحدثة "
    "متحدث الناطق الناطقة ناطق سفير السفير مندوب المندوب مبعوث المبعوث مستشار المستشار أمين الأمين نائب "
    "مدير المدير الملك ولي الأمير السيد الشيخ العاهل زعيم الزعيم قائد القائد مسؤول المسؤول منسق المنسق "
    "مفوض المفوض ممثل الممثل القنصل قنصل السيدة "
    "جنرال الجنرال أميرال الأميرال العقيد الكابتن الميجر ميجر العميد اللواء الرائد النقيب المقدم"  # ranks:
    # "نائب الأميرال تشارلز ستايل", "الميجر ديفيد جيل"
))
GROUPS = set(tokens("الوزراء الزعماء القادة المسؤولون الجانبان الطرفان المشاركون المجتمعون وزراء قادة زعماء"))
# Countries (grammatically feminine: "وقالت إسرائيل", never "وقال") and bodies that speak as one.
COUNTRIES = set(tokens(
    "مصر الأردن قطر السعودية الإمارات فلسطين إسرائيل أمريكا الولايات المتحدة لبنان سوريا العراق إيران "
    "تركيا روسيا الصين فرنسا بريطانيا ألمانيا الكويت البحرين عمان اليمن السودان ليبيا تونس الجزائر "
    "المغرب العرب العربية الأمريكية واشنطن موسكو طهران لندن باريس المملكة"  # "المملكة المتحدة"
))
BODIES = set(tokens(
    "وزارة الوزارة وزراة وكالة الوكالة وسائل جماعة الجماعة المفوضية الحكومة حكومة الرئاسة المنظمة منظمة "
    "الشرطة الجيش البيان بيان مصادر مصدر المصدر صحيفة الصحيفة التلفزيون الإذاعة المجلس مجلس البرلمان "
    "اللجنة لجنة السلطات السلطة السفارة الخارجية المكتب الحركة حركة"
))
NATIONALITIES = (
    "الأمريكي الأميركي الأردني المصري السعودي القطري الإماراتي الفلسطيني الإسرائيلي الإيراني اللبناني "
    "السوري التركي الروسي الصيني الفرنسي البريطاني الألماني العراقي الكويتي البحريني العماني اليمني "
    "السوداني الليبي التونسي الجزائري المغربي الأوروبي العربي الغربي الخليجي الأممي الياباني الهندي "
    "الباكستاني الأفغاني الإندونيسي الماليزي الكوري الإسباني الإيطالي الكندي الأسترالي الهولندي السويدي "
    "النرويجي الأوكراني البولندي اليوناني القبرصي الإثيوبي الصومالي النيجيري البرازيلي المكسيكي السويسري "
    "البلجيكي النمساوي الدنماركي البرتغالي الموريتاني الإريتري الجيبوتي"
).split()
TITLE_VOCAB = (
    set(TITLE_WORDS) | OFFICES | GROUPS
    | {fold(n) for n in NATIONALITIES} | {fold(n + "ة") for n in NATIONALITIES}
    | COUNTRIES | BODIES
    | set(tokens(
        "خارجية الدفاع الداخلية شؤون الشؤون المغتربين التنفيذية التحرير سر الحربي العام الأمم البيت "
        "الأبيض الرسمي الرسمية باسم الدولة الأعلى العليا العامة الخاص الدبلوماسية "
        "الثلاثة الأربعة الخمسة الستة السبعة الثمانية التسعة العشرة الإعلام الفريق"
    ))
)

def stripped(form: str) -> str:
    """A title word without what is glued to it: "ومصر" -> "مصر", "للأمم" -> "الأمم", "لمنظمة" -> "منظمة",
    "بوزارة" -> "وزارة"."""
    for glued, restored in (("و", ""), ("لل", "ال"), ("ل", ""), ("ب", "")):
        if form.startswith(glued) and restored + form[len(glued):] in TITLE_VOCAB:
            return restored + form[len(glued):]
    return form


def title_stems(words: str) -> frozenset[str]:
    """Title words without a glued و or the article: "الوزير" and "وزير" are one office word."""
    return frozenset(s[2:] if s.startswith("ال") and len(s) > 4 else s for s in map(stripped, tokens(words)))


def same_person(a: str, b: str) -> bool:
    """Whether two spellings name one person: one name's person words are all in the other's
    ("بلينكن" in "وزير الخارجية الأمريكي أنتوني بلينكن", "الصفدى" for "أيمن الصفدي" after folding;
    "Blinken" by its consonants). Office words never decide ("وزير الخارجية" is many people);
    descriptions without a name match only word for word; an empty name matches nothing."""
    core_a, core_b = person_words(a), person_words(b)
    if not core_a or not core_b:
        return not core_a and not core_b and bool(title_stems(a)) and title_stems(a) == title_stems(b)
    if is_latin(a) != is_latin(b):
        return _spelled_alike(a, b) if is_latin(a) else _spelled_alike(b, a)
    return core_a <= core_b or core_b <= core_a


def may_be_one_person(a: str, b: str) -> bool:
    """Whether two credits may name one person: the same name, or a name word in common ("أحمدي
    نجاد" and "محمود أحمدي" are one man). Weaker than `same_person`: only people surely different
    make a conflict."""
    return a == b or bool(person_words(a) & person_words(b))


def person_words(name: str) -> frozenset[str]:
    """`name_core` without any office, nationality, country, body or group word, light-stemmed."""
    return frozenset(light_stem(w) for w in name_core(name) if stripped(w) not in TITLE_VOCAB)


def _spelled_alike(latin: str, arabic: str) -> bool:
    """Every Latin name word spells an Arabic one, or every Arabic name word is spelled by one."""
    latin_words = set(person_words(latin))
    arabic_words = {w for w in tokens(arabic) if light_stem(w) in person_words(arabic)}
    pairs = {(lw, aw) for lw in latin_words for aw in arabic_words if find_latin_name(lw, aw, min_skeleton=3)}
    return bool(pairs) and ({lw for lw, _ in pairs} == latin_words or {aw for _, aw in pairs} == arabic_words)


# Words of an office and its portfolio, not of whose it is: «وزراء خارجية» alone names nobody.
_OFFICE_ONLY = (TITLE_WORDS | OFFICES) - COUNTRIES - BODIES - {fold(n) for n in NATIONALITIES}


def bare_title(name: str) -> bool:
    """A title alone («الرئيس», «السيد», «وزراء خارجية», "the President"): it names nobody until
    the page says whose. A title with its nation or name («الرئيس التشيلي», «وزير خارجية قطر»)
    is someone."""
    words = tokens(name)
    return bool(words) and all(w in _OFFICE_ONLY for w in words)

