"""Attribution on the seeds' real text: every expectation below was judged by reading the Arabic."""

import re

import pytest

from summarizer.checks.attribution import (
    attributions, check_speaker, clauses, corrected_speaker, speaker_of,
)
from summarizer.stages.clean import clean
from summarizer.checks.evidence import body_sentences
from summarizer.models import Document, Evidence
from summarizer.lang.names import same_person
from tests.conftest import multiling_page


def passage(document, start: str, end: str | None = None) -> Evidence:
    """The words of `document` from `start` through `end` (or just `start`), found in the real text."""
    text = document.document.text
    words = re.escape(start) + (".*?" + re.escape(end) if end else "")
    found = re.search(words.replace(r"\ ", r"\s+"), text)  # pages put no-break spaces between words
    return Evidence(doc_id=document.doc_id, quote=found.group(), start=found.start(), end=found.end())


def sentence(document, prefix: str) -> Evidence:
    (found,) = [s for s in body_sentences(document) if s.quote.startswith(prefix)]
    return found


# Whole body sentences with one attribution: (seed, sentence prefix, speaker as written, kind).
# Sentences that hold several speakers are in CLAUSES instead.
SENTENCES = [
    ("000", "حيث تم عقد وزراء خارجية", None, "narration"),
    ("000", "اجتماع الدول العربية مع بلينكن", None, "narration"),  # a section heading
    ("000", "حيث شارك وزير الخارجية السعودي", None, "narration"),
    ("000", "بينما صرح المتحدث الرسيم باسنم", "أحمد أبو زيد", "reported"),  # name in quote marks, typos in the title
    ("000", "بالإضافة إلى أولوية دخول كافة", "أحمد أبو زيد", "continuation"),  # his list goes on
    ("000", "تنسيق الجهود المبذولة من الدول", None, "narration"),
    ("000", "بينما كانت وزراة الخارجية المصرية", "وزراة الخارجية المصرية", "reported"),  # SVO
    ("000", "بجاني تمكين إسرائيل من اجل", "بلينكن", "continuation"),  # "وقال بأن…" goes on with Blinken
    ("001", "بلينكن: سنستخدم نفوذنا لمنع أي", "بلينكن", "direct_quote"),  # headline
    ("001", "عمان 4 نوفمبر 2023 (شينخوا)", "أنتوني بلينكن", "reported"),
    ("001", "وقال بلينكن خلال مؤتمر صحفي", "بلينكن", "reported"),
    ("001", "وأكد التزام الولايات المتحدة باستخدام", "بلينكن", "continuation"),
    ("001", "ووصف بلينكن حركة المقاومة الإسلامية", "بلينكن", "reported"),
    ("001", "وعبر الوزير الأمريكي عن تعاطفه", "أنتوني بلينكن", "reported"),  # the office resolved to him
    ("001", "ودعا بلينكن الإسرائيليين إلى الحيلولة", "بلينكن", "reported"),
    ("001", 'ونوه بأن "جهودنا المشتركة مهمة', "بلينكن", "continuation"),
    ("001", 'وأضاف بلينكن "تحدثنا اليوم عن', "بلينكن", "reported"),
    ("001", 'وأكد بلينكن "على إسرائيل أن', "بلينكن", "reported"),
    ("001", "وقال الوزير الأمريكي عن سبب", "أنتوني بلينكن", "reported"),
    ("001", "وأضاف في رده على أسئلة", "أنتوني بلينكن", "continuation"),  # "قادة حماس قالوا" is his report
    ("001", "وأكد بلينكن أنه تحدث مع", "بلينكن", "reported"),
    ("001", "وكشف عن إمكانية التوصل لإيقاف", "بلينكن", "continuation"),
    ("001", "بدوره قال وزير الخارجية وشؤون", "أيمن الصفدي", "reported"),
    ("001", "وأكد في المؤتمر الصحفي المشترك", "أيمن الصفدي", "continuation"),  # Blinken, Shoukry only attend
    ("001", "وتابع الصفدي أن المواقف أكدت", "الصفدي", "reported"),
    ("001", "وأشار إلى أن القتل وجرائم", "الصفدي", "continuation"),
    ("001", "وكشف أنه تم التوصل لنقاط", "الصفدي", "continuation"),
    ("001", "بدوره قال سامح شكري إن", "سامح شكري", "reported"),
    ("001", "وأضاف أن قتل اسرائيل للمدنيين", "سامح شكري", "continuation"),
    ("001", "ودعا شكري إلى وقف إطلاق", "شكري", "reported"),
    ("001", "كما أكد أن أحداث القتل", "شكري", "continuation"),
    ("001", "وطالب شكري بالعمل على إعادة", "شكري", "reported"),
    ("001", "وأكد سامح شكري أن الموقف", "سامح شكري", "reported"),
    ("003", "عمان – كشف اللقاء الذي", None, "narration"),  # the outlet's reading of the meeting
    ("003", "أشار إلى ذلك علنا وزير", "أيمن الصفدي", "reported"),
    ("003", "وتحدث الصفدي عن نقاط التقاء", "الصفدي", "reported"),
    ("003", "أكد الوزراء العرب أن الأولوية", "الوزراء العرب", "reported"),
    ("003", "في المقابل، أكد بلينكن معارضة", "بلينكن", "reported"),
    ("003", "وأضاف، أن قادة “الفصائل الفلسطينية”", "بلينكن", "continuation"),
    ("003", "مع ذلك، أقر بلينكن بضرورة", "بلينكن", "reported"),
    ("003", "وأكد الوزير الأمريكي مرة أخرى", "أنتوني بلينكن", "reported"),
    ("003", "وقبل جولته الأخيرة إلى المنطقة", "بلينكن", "reported"),
    ("003", "بذلك يبدو أن أهم النتائج", None, "narration"),
    ("004", "انقسام حاد باجتماع بلينكن مع", None, "narration"),
    ("004", "ماذا حصل في عمّان؟", None, "narration"),
    ("004", "(CNN)-- استمرت الانقسامات الحادة بين", None, "narration"),
    ("004", "ودعا بلينكن إلى هدنة إنسانية", "بلينكن", "reported"),
    ("004", "ومع ذلك، سعى بلينكن، عقب", "بلينكن", "continuation"),  # "…، قائلا: …"
    ("004", "قد تكون لدينا وجهات نظر", "بلينكن", "direct_quote"),  # his quotation goes on
    ("004", 'وتابع بلينكن: "لقد اتفقنا جميعًا', "بلينكن", "reported"),
    ("004", "من جهته قال وزير الخارجية", "سامح شكري", "reported"),
    ("004", "وحضر بلينكن القمة التي دعا", None, "narration"),  # "التي دعا إليها" is background
    # Seed 002 (another meeting), read after the module was written: no expectation was tuned to it first.
    ("002", "قال وزير الخارجية الأميركي أنتوني", "أنتوني بلينكن", "reported"),
    ("002", "وأضاف وزير الخارجية الأميركي أن", "أنتوني بلينكن", "reported"),  # "الأميركي" spelling
    ("002", "وأكد بلينكن أن الولايات المتحدة", "بلينكن", "reported"),
    ("002", "وأضاف بلينكن في مؤتمر صحفي", "بلينكن", "reported"),
    ("002", "وقال بلينكن أيضا إن إسرائيل", "بلينكن", "reported"),
    ("002", "وأضاف شكري في مؤتمر صحفي", "شكري", "reported"),
    ("002", "وانطلق مساء الخميس في القاهرة", None, "narration"),
    ("002", "وقبل هذا اللقاء، اجتمع وزراء", None, "narration"),
    ("002", "وضم الاجتماع وزراء خارجية السعودية", None, "narration"),
    ("002", 'وهدف الاجتماع "لبحث جهود وقف', "وزارة الخارجية المصرية", "reported"),  # "…، بحسب X."
    ("002", "وفي بيان مشترك نشرته وزارة", "الوزراء الخمسة", "reported"),
    ("002", "من جهته، التقى بلينكن، الذي", None, "narration"),
    ("002", "وكان بلينكن قد أكد أمس", "بلينكن", "reported"),  # SVO across "قد"; "مشروع قرار… يدعو" is his
    ("002", "ومنذ اندلاع الحرب في السابع", None, "narration"),  # "قرارات تدعو": resolutions, not a speaker
    ("002", "غير أن الولايات المتحدة تقول", "الولايات المتحدة", "reported"),  # "غير أن" is "however"
]


@pytest.mark.parametrize("seed_id, prefix, speaker, kind", SENTENCES)
def test_each_sentence_is_credited_as_an_arabic_reader_credits_it(seed, seed_id, prefix, speaker, kind):
    document = seed(seed_id)
    attribution = speaker_of(document, sentence(document, prefix))
    assert (attribution.speaker, attribution.kind) == (speaker, kind)


# Clauses of sentences that hold several speakers: (seed, clause start, clause end, speaker).
CLAUSES = [
    ("000", "هذا من أجل وقف العمليات", "متطلبات الفلسطينيين،", None),
    ("000", "بينما شدد وزير الخارجية الأمريكي", "إلى مكان آخر.", "بلينكن"),
    ("000", "بينما صرح المتحدث الرسمي باسم", "بشكل موحد،", "المتحدث الرسمي باسم وزراة الخارجية"),
    ("000", 'وصرح " بلينكن "', "لصالح المدنيين وحمايتهم.", "بلينكن"),
    ("003", "وذكر بلينكن خلال المؤتمر", "نحو حل الدولتين،", "بلينكن"),
    ("003", "حيث دعا شكري", "بحث مستقبل غزة الآن”،", "شكري"),
    ("003", "بينما أشار الصفدي", "على ايقاف هذه الحرب”.", "الصفدي"),
    ("003", "أعداد الضحايا المدنيين في غزة", "تحت أي ذريعة", "سامح شكري"),  # "…”، حسب سامح شكري"
    ("003", "وبيدو أن لقاء عمان لم", "بشأن مستقبل غزة،", None),  # the outlet's analysis
    ("003", "هذه الحرب لن تجلب الأمن", "لإسرائيل والمنطقة", "الوزراء العرب"),  # "مشيرين": plural, not Shoukry
    ("004", "دعا الزعماء العرب", "لإطلاق النار في غزة،", "الزعماء العرب"),
    ("004", "في حين كرر بلينكن", "هجوم آخر على إسرائيل.", "بلينكن"),
    ("004", "ودعا مرة أخرى إلى وقف فوري", "على غزة،", "وزيرا خارجية الأردن ومصر"),  # the doers named before
    ("004", 'في حين دعا بلينكن إسرائيل', "في تل أبيب، الجمعة.", "بلينكن"),
    ("004", "قائلاً إنه لن يسمح", "الذين تحتجزهم حماس.", "نتنياهو"),  # "رفض نتنياهو الفكرة علنًا، قائلاً"
    ("001", "اجتماع عمان الذي ضم اليوم", "حسين الشيخ،", None),  # circumstances of Blinken's remark
    ("001", "قادة حماس قالوا قبل عدة أيام", "مرة تلو الأخرى", "أنتوني بلينكن"),  # his report of their words
    ("002", "من جهته أكد وزير الخارجية المصري", "باقتحام رفح،", "سامح شكري"),
    ("002", "فيما قال وزير الخارجية الأميركي", "برية إسرائيلية في المدينة.", "أنتوني بلينكن"),
]


@pytest.mark.parametrize("seed_id, start, end, speaker", CLAUSES)
def test_each_clause_of_a_mixed_sentence_has_its_own_speaker(seed, seed_id, start, end, speaker):
    document = seed(seed_id)
    assert speaker_of(document, passage(document, start, end)).speaker == speaker


def test_a_report_given_as_a_noun_credits_its_doer(seed):
    """«رغم تأكيد بلينكن أن…» ("despite Blinken's assurance that…") reports as «أكد بلينكن أن…» would."""
    document = seed("003")
    found = passage(document, "أن واشنطن ودولا عربية تعتقد", "الفصائل الفلسطينية”.")
    assert speaker_of(document, found).speaker == "بلينكن"
    assert speaker_of(document, passage(document, "تأكيد بلينكن")).cue.quote == "تأكيد بلينكن"


def test_safadi_is_credited_with_his_words_not_blinken_who_spoke_just_before(seed):
    document = seed("001")
    found = passage(document, "بدوره قال وزير الخارجية وشؤون المغتربين الأردني أيمن الصفدي إن النقاش",
                    "كان شاملا وشفافا")
    attribution = speaker_of(document, found)
    assert attribution.speaker == "أيمن الصفدي"
    assert attribution.cue.quote == "قال وزير الخارجية وشؤون المغتربين الأردني أيمن الصفدي"
    assert check_speaker(document, found, "بلينكن") == "the article credits these words to أيمن الصفدي, not بلينكن"
    assert corrected_speaker(document, found, "بلينكن") == "أيمن الصفدي"
    assert check_speaker(document, found, "الصفدي") is None
    assert corrected_speaker(document, found, "الصفدي") == "الصفدي"


def test_a_continuation_points_at_the_sentence_that_named_the_speaker(seed):
    document = seed("001")
    attribution = speaker_of(document, sentence(document, "وكشف أنه تم التوصل"))
    assert attribution.kind == "continuation"
    assert attribution.cue.quote == "وكشف"
    assert attribution.antecedent.quote == "وتابع الصفدي"
    assert check_speaker(document, sentence(document, "وكشف أنه تم التوصل"), "بلينكن") is not None


def test_cnn_narration_is_nobodys_statement(seed):
    document = seed("004")
    found = passage(document, "استمرت الانقسامات الحادة بين الولايات المتحدة وشركائها العرب")
    assert speaker_of(document, found).kind == "narration"
    assert check_speaker(document, found, "بلينكن") == "the outlet's narration, not a statement by بلينكن"
    assert corrected_speaker(document, found, "بلينكن") is None


def test_the_list_of_attendees_is_narration_inside_safadis_sentence(seed):
    document = seed("003")
    found = passage(document, "بالإضافة إلى بلينكن والصفدي وشكري شارك فيه", "منظمة التحرير الفلسطينية.")
    assert speaker_of(document, found) .kind == "narration"
    whole = sentence(document, "أشار إلى ذلك علنا")
    assert speaker_of(document, whole).speaker == "أيمن الصفدي"  # with the cue, the circumstances are his report's


def test_words_inside_quotation_marks_are_a_direct_quote_of_the_reporter(seed):
    document = seed("001")
    found = passage(document, "أتألم عندما أرى طفلا فلسطينيا يخرج من تحت الأنقاض")
    attribution = speaker_of(document, found)
    assert (attribution.kind, attribution.speaker, attribution.cue.quote) == ("direct_quote", "أنتوني بلينكن", "قائلا")
    assert attribution.antecedent.quote == "وعبر الوزير الأمريكي"


def test_a_quotation_that_runs_into_the_next_sentence_keeps_its_speaker(seed):
    document = seed("004")
    attribution = speaker_of(document, sentence(document, "قد تكون لدينا وجهات نظر"))
    assert attribution.cue.quote == '"'
    assert attribution.antecedent.quote == "بلينكن"


def test_an_office_without_a_name_is_checked_against_the_person_the_article_gives_it(seed):
    document = seed("001")
    found = sentence(document, "ودعا بلينكن الإسرائيليين")
    assert check_speaker(document, found, "وزير الخارجية الأمريكي") is None
    assert check_speaker(document, found, "وزير الخارجية المصري") is not None
    assert check_speaker(document, found, "Antony Blinken") is None


def test_a_passage_mixing_narration_and_a_statement_supports_the_statements_speaker(seed):
    document = seed("000")
    found = sentence(document, "هذا من أجل وقف العمليات")
    assert speaker_of(document, found).kind == "narration"  # most of it is the outlet's
    assert check_speaker(document, found, "بلينكن") is None  # but his words are a real part of it
    assert check_speaker(document, found, "شكري") is not None


def test_every_sentence_of_every_seed_gets_an_attribution(seed):
    for seed_id in ("000", "001", "002", "003", "004"):
        document = seed(seed_id)
        found = attributions(document)
        assert len(found) == len(body_sentences(document))
        assert all((a.speaker is None) == (a.kind == "narration") for _, a in found)
        assert all(a.cue is None or document.document.text[a.cue.start:a.cue.end] == a.cue.quote for _, a in found)


def _article(text: str):
    return clean(Document(doc_id="t", path="t.txt", encoding="utf-8", text=text))


def test_svo_english_and_according_to_on_small_articles():
    arabic = _article(
        "وزير الخارجية الأردني أيمن الصفدي قال إن الحرب يجب أن تتوقف فورا.\n"
        "وبحسب المتحدث باسم الأمم المتحدة ستيفان دوجاريك، فإن المساعدات لا تكفي سكان القطاع.\n"
        "وأضاف أن القوافل تنتظر عند المعبر منذ أيام.\n"
    )
    assert speaker_of(arabic, passage(arabic, "الحرب يجب أن تتوقف")).speaker == "أيمن الصفدي"
    assert speaker_of(arabic, passage(arabic, "المساعدات لا تكفي سكان القطاع")).speaker == "ستيفان دوجاريك"
    assert speaker_of(arabic, passage(arabic, "القوافل تنتظر عند المعبر")).speaker == "ستيفان دوجاريك"
    english = _article(
        "Secretary of State Antony Blinken said a ceasefire now would leave Hamas in place.\n"
        "The talks lasted four hours in the Jordanian capital on Saturday.\n"
        "Aid must reach Gaza faster, according to Ayman Safadi.\n"
    )
    assert speaker_of(english, passage(english, "a ceasefire now would leave Hamas")).speaker == "Secretary of State Antony Blinken"
    assert speaker_of(english, passage(english, "The talks lasted four hours")).kind == "narration"
    assert speaker_of(english, passage(english, "Aid must reach Gaza faster")).speaker == "Ayman Safadi"
    assert same_person("Secretary of State Antony Blinken", "أنتوني بلينكن")


def test_a_verb_that_names_a_new_speaker_is_never_the_last_speaker_going_on():
    article = _article(
        "وقال وزير الخارجية البريطاني ديفيد كاميرون إن البحارة يجب أن يعودوا فورا.\n"
        "وذكرت إيران أن البحارة دخلوا مياهها الإقليمية.\n"
        "وقال البيان إن التحقيق سيستمر.\n"
        '"لم نطلق أي رصاصة،" قال المتحدث العسكري جون سميث.\n'
        "وأضاف أن الدورية كانت في المياه الدولية.\n"
    )
    assert speaker_of(article, passage(article, "البحارة دخلوا مياهها")).speaker == "إيران"
    assert speaker_of(article, passage(article, "التحقيق سيستمر")).speaker == "البيان"
    assert speaker_of(article, passage(article, "لم نطلق أي رصاصة")).speaker == "جون سميث"  # "…،" قال X.
    assert speaker_of(article, passage(article, "الدورية كانت في المياه الدولية")).speaker == "جون سميث"
    assert check_speaker(article, passage(article, "البحارة دخلوا مياهها"), "ديفيد كاميرون") is not None


def test_a_military_rank_heads_the_name_that_follows_it():
    """MultiLing M0027: "قال نائب الاميرال تشارلز ستايل" credits Vice Admiral Charles Style, not "نائب"."""
    article = multiling_page("M002", "M0027")
    credit = speaker_of(article, passage(article, "ان ايران قدمت للحكومة البريطانية مجموعتين مختلفتين"))
    assert credit.speaker == "تشارلز ستايل" and credit.kind == "reported"


def test_a_verb_after_a_prepositions_object_does_not_make_that_object_its_speaker():
    """MultiLing M0021: «…بموجب تفويض من الأمم المتحدة ودعت إلى إطلاق سراحهم» — it is the UK (the
    sentence's subject) that called for the release; the UN is the object of «من». The clause goes on
    with the sentence's own credit (none: narration), never the UN's."""
    article = multiling_page("M002", "M0021")
    sentence = next(s for s in body_sentences(article) if "ودعت إلى إطلاق سراحهم" in s.quote)
    assert all(credit.speaker is None for _, credit in clauses(article, sentence))


def test_a_report_after_a_quotations_closing_mark_credits_every_sentence_of_it():
    """MultiLing M0026: «"سيارة اقتربت… . العربات ردت باطلاق النار. … في الهواء "، قال الميجر ديفيد جيل
    المتحدث باسم القوات البريطانية». The five sentences are Major David Gil's, not Britain's (named two
    sentences before the quotation), and the first, which opens with the mark, is not narration."""
    article = multiling_page("M002", "M0026")
    for words in ("سيارة اقتربت من مؤخرة", "العربات ردت باطلاق النار", "ليست هناك اي صلة مع اي موقع"):
        credit = speaker_of(article, passage(article, words))
        assert (credit.speaker, credit.kind) == ("ديفيد جيل", "direct_quote"), words
        assert credit.cue.quote == "قال الميجر ديفيد جيل"
    # "…غير مقبول "، قال توني بلير ، وزير في…": an apposition after the name does not undo the credit
    assert speaker_of(article, passage(article, "القول ان هناك بعض المقايضة")).speaker == "توني بلير"


def test_an_office_of_a_country_written_out_heads_the_name_after_it():
    """MultiLing M0029: «قال رئيس وزراء المملكة المتحدة توني بلير» credits Tony Blair, not «رئيس وزراء»."""
    article = multiling_page("M002", "M0029")
    assert speaker_of(article, passage(article, "يوم الثلاثاء قال رئيس وزراء")).speaker == "توني بلير"


@pytest.mark.parametrize("case, doc_id, words, speaker", [
    # a body its adjective already names takes no name: "عودة الجنود" is what the government asked for
    ("M002", "M0020", "وطالبت الحكومة البريطانية عودة الجنود", "الحكومة البريطانية"),
    ("M002", "M0021", "طالب السيد بلير بعدم وضع", "بلير"),  # "بعدم" ("not to") ends the name
    ("M002", "M0021", "وقالت وسائل الاعلام الايرانية", "وسائل الاعلام الايرانية"),
    ("M001", "M0014", "كما اشارت السيدة نورث", "نورث"),  # "السيدة" is a title, not the speaker
    ("M003", "M0034", "الفحوصات التي اجريت لفينو", "كورين دروي"),  # "المتحدث باسم الفريق كورين دروي"
    ("M004", "M0047", "اعلن وزير البيئة الألماني زيجمار", "زيجمار جابريل"),  # not "…جابريل للصحافة"
    # "أطراف… واللجنة التنفيذية… قد أعربوا": a subject not read is nobody, not the last speaker
    ("M004", "M0047", "أطراف عديدة ومراقبين", None),
    ("M002", "M0025", "وقد كشفت اثنين من التحقيقات", None),  # "two of the inquiries": a number is nobody
    # "بوزارة" is "at the ministry": the office phrase goes on through it (the «لل» is the page's typo)
    ("M002", "M0020", "على العدوان السافر", "للمسؤول بوزارة الخارجية الايرانية"),
], ids=["body-with-adjective", "name-ends-at-bedam", "media", "sayyida", "team-spokesman", "name-ends-at-lil",
        "unread-subject", "number", "bi-ministry"])
def test_a_speaker_is_a_name_or_office_never_the_words_around_it(case, doc_id, words, speaker):
    """MultiLing pages credited «عودة الجنود», «بلير بعدم», «السيدة», «المتحدث باسم» and «لتغير المناخ»."""
    article = multiling_page(case, doc_id)
    assert speaker_of(article, passage(article, words)).speaker == speaker


def _english_speakers(cluster: str, doc: str) -> dict[str, tuple[str, str | None]]:
    """Each attributed passage's first 40 characters -> (kind, speaker), of an English MultiLing page."""
    from summarizer.checks.attribution import attributions
    from summarizer.eval.suites import SUITES
    from summarizer.stages.clean import clean
    from summarizer.stages.load import load_file

    page = clean(load_file(SUITES / "multiling2011_en_dev" / cluster / "docs" / f"{doc}.txt"))
    return {evidence.quote[:40]: (a.kind, a.speaker) for evidence, a in attributions(page)}


def _opening(passages: dict, words: str) -> tuple[str, str | None]:
    return next(credit for start, credit in passages.items() if start.startswith(words))


def test_an_english_report_names_its_speaker_through_an_appositive_and_an_adverb():
    m0001, m0023 = _english_speakers("M000", "M0001"), _english_speakers("M002", "M0023")
    assert _opening(m0001, "Despite the encouraging promises") == ("reported", "Michael Elmquist")
    assert _opening(m0023, "Tony Blair, the U.K.'s Prime Minister") == ("reported", "Tony Blair")
    assert _opening(m0023, "General Alireza Afshar, Iran's top") == ("reported", "General Alireza Afshar")
    assert _opening(m0023, "\"The quicker it is resolved")[1] == "Blair"


def test_an_english_sentence_without_a_speaker_is_nobodys_not_the_last_speakers():
    m0001 = _english_speakers("M000", "M0001")
    assert _opening(m0001, "In the meantime, the confirmed death") == ("narration", None)  # an adjective
    assert _opening(m0001, "U.N. warns of delays") == ("narration", None)  # a heading's verb with no one to say it
