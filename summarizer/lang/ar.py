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
