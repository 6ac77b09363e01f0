"""The one check on model-written text, on real sentences of the seeds and renderings of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.checks.evidence import locate
from summarizer.checks.faithful import (
    in_language, latin_names, numbers, restates, says_who_but_not_what, speaking, verdict,
)
from summarizer.lang.ar import REPORTING_VERB_TABLE, past_forms
from summarizer.lang.arabic import content_words, fold
from tests.conftest import REFUSAL, SHOUKRY

# Page 001: Blinken explains why the US refuses a ceasefire now.
KNOWN = {"أنتوني بلينكن": "Antony Blinken", "بلينكن": "Antony Blinken", "سامح شكري": "Sameh Shoukry",
         "أيمن الصفدي": "Ayman Safadi"}
BLINKEN = "Antony Blinken (أنتوني بلينكن)"


def rendering_of(text: str, quote: str = REFUSAL, speaker: str = BLINKEN) -> str | None:
    return restates(text, [quote], KNOWN, speakers=[speaker], exact=True)


def test_the_seed_sentences_are_the_ones_quoted(seed):
    assert locate(seed("001"), REFUSAL).quote == REFUSAL
    assert locate(seed("001"), SHOUKRY).quote == SHOUKRY


def test_a_faithful_rendering_of_the_refusal_is_kept():
    assert rendering_of("Blinken explained why the US rejects a ceasefire in Gaza for now: a ceasefire now "
                        "would leave Hamas in place, able to regroup and repeat what it did on 7 October.") is None


def test_a_rendering_that_drops_the_refusal_is_rejected():
    reason = rendering_of("Blinken said a ceasefire now would leave Hamas in place, able to regroup and repeat "
                          "what it did on 7 October.")
    assert reason and "drops the negation" in reason


def test_against_is_no_refusal_so_a_reversed_overview_is_rejected(seed):
    """The 1.5B model's overview of page 003's «في المقابل، أكد بلينكن معارضة الولايات المتحدة لوقف إطلاق
    النار في غزة…» said he would "continue to call for a ceasefire against Gaza": it passed, "against"
    counting as the opposition. Written as an overview is checked (numbers may be left out)."""
    opposition = locate(seed("003"), "في المقابل، أكد بلينكن معارضة الولايات المتحدة لوقف إطلاق النار في غزة").quote
    reason = restates("Blinken said that the US would continue to call for a ceasefire against Gaza.", [opposition],
                      KNOWN, speakers=[BLINKEN])
    assert reason and "drops the negation" in reason
    assert restates("Blinken said the US opposes a ceasefire in Gaza.", [opposition], KNOWN, speakers=[BLINKEN]) is None


SAFADI = "Ayman Safadi (أيمن الصفدي)"
SHOUKRY_PARTY = "Sameh Shoukry (سامح شكري)"
SHOUKRY_CALL = "ودعا شكري إلى وقف إطلاق النار دون قيد أو شرط"
TOLL = "اقتربت من 32 ألف قتيل وخطر المجاعة المحدق بالقطاع المحاصر"
SHOUKRY_SELF_DEFENCE = "وأضاف أن قتل اسرائيل للمدنيين واستهداف المستشفيات ومحاولة تهجير الفلسطينيين ليس دفاعا عن النفس"


@pytest.mark.parametrize("page, cited, speaker, text, reason", [
    # A humanitarian pause is not a ceasefire: the US backed one and opposed the other.
    ("004", "ودعا بلينكن إلى هدنة إنسانية مؤقتة لتسهيل إدخال الوقود إلى القطاع", BLINKEN,
     "Blinken called for a ceasefire to allow fuel into the Strip.", "says 'ceasefire'"),
    ("001", SHOUKRY_CALL, SHOUKRY_PARTY, "Shoukry called for a temporary pause.", "says 'pause'"),
    # Refusals written without a negation word.
    ("001", SHOUKRY_CALL, SHOUKRY_PARTY, "Shoukry ruled out a ceasefire without restriction or condition.",
     "adds a negation"),
    ("001", SHOUKRY_CALL, SHOUKRY_PARTY, "Shoukry warned against an unconditional ceasefire.", "adds a negation"),
    ("004", "وتابع بلينكن: \"لقد اتفقنا جميعًا على أهمية استخدام نفوذنا", BLINKEN,
     "Blinken added that they all failed to agree on using their influence.", "adds a negation"),
    # Countries and places are checked like names.
    ("001", "ستستخدم نفوذها لمنع أي دول إضافية من فتح جبهات جديدة في الصراع بين إسرائيل وحركة حماس", BLINKEN,
     "Blinken said the US would use its influence to prevent Iran and Lebanon from opening new fronts in the "
     "conflict between Israel and Hamas.", "names Iran"),
    ("001", SHOUKRY_CALL, SHOUKRY_PARTY, "Shoukry called for a ceasefire in the West Bank without restriction or condition.",
     "says 'bank'"),
    # "without restriction or condition" turned around; "divergent" positions made "shared" ones.
    ("001", SHOUKRY_CALL, SHOUKRY_PARTY, "Shoukry called for a ceasefire with conditions.", "drops 'without conditions'"),
    ("001", "بدوره قال وزير الخارجية وشؤون المغتربين الأردني أيمن الصفدي إن النقاش في اجتماع عمان كان شاملا وشفافا وعكس مواقف متباينة",
     SAFADI, "Safadi said the discussion at the Amman meeting was comprehensive and transparent and reflected shared "
     "positions.", "says 'shared'"),
    # Numbers swapped between the count and the date: 6 states on 4 November, not 4 states on 6 November.
    ("000", "حيث تم عقد وزراء خارجية 6 دول عربية منها، المملكة العربية السعودية وجمهورية مصر العربية، والأردن "
     "والإمارات المتحدة العربية، وقطر وفلسطين تنسيقاً، اليوم السبت الموافق 4 من شهر نوفمبر 2023", None,
     "Foreign ministers of four Arab states including Saudi Arabia, Egypt, Jordan, the Emirates, Qatar and "
     "Palestine met on 6 November 2023.", "a day its cited words do not"),
    # Thousands: «32 ألف» is 32,000, not 32.
    ("002", TOLL, None, "The death toll nears 32 and famine threatens the besieged Strip.", "states 32"),
    # The person the rendering has speak is the one the article credits.
    ("003", "أشار إلى ذلك علنا وزير الخارجية الأردني أيمن الصفدي خلال مؤتمر صحفي مشترك مع بلينكن ووزير خارجية مصر سامح شكري",
     SAFADI, "Blinken pointed this out publicly during a joint press conference with Ayman Safadi and Sameh Shoukry.",
     "has Blinken say"),
    ("004", "ووقف وزيرا خارجية الأردن ومصر إلى جانب بلينكن في مؤتمر صحفي بعد القمة، ودعا مرة أخرى إلى وقف فوري لإطلاق النار",
     "وزيرا خارجية الأردن ومصر", "Blinken, standing beside the Jordanian and Egyptian foreign ministers, again called "
     "for an immediate ceasefire.", "has Blinken say"),
    # An office of another nation made the speaker: Shoukry's words given to "the US Secretary of State".
    ("001", SHOUKRY_SELF_DEFENCE, "وزير خارجية مصر سامح شكري", "The US Secretary of State added that Israel's killing "
     "of civilians, targeting of hospitals and attempt to displace Palestinians is not self-defence.",
     "has the US official say"),
    # The outlet's narration credits nobody: Blinken did not call for a ceasefire, the two ministers did.
    ("004", "ووقف وزيرا خارجية الأردن ومصر إلى جانب بلينكن في مؤتمر صحفي بعد القمة، ودعا مرة أخرى إلى وقف فوري لإطلاق النار",
     None, "Blinken, standing beside the Jordanian and Egyptian foreign ministers at a press conference after the summit, "
     "again called for an immediate ceasefire.", "has Blinken say what its cited words credit to nobody"),
    # Stems that must open a word: «أيمن» holds no Yemen, «يترك» no Turkey; and weekdays are checked.
    ("001", "بدوره قال وزير الخارجية وشؤون المغتربين الأردني أيمن الصفدي إن النقاش في اجتماع عمان كان شاملا وشفافا",
     SAFADI, "Safadi said the discussion with Yemen at the Amman meeting was comprehensive and transparent.", "names Yemen"),
    ("000", "اليوم السبت الموافق 4 من شهر نوفمبر 2023، مع وزير الخارجية الأمريكي \" أنتوني بلينكن \"", BLINKEN,
     "On Friday, 4 November 2023, with US Secretary of State Antony Blinken.", "says 'friday'"),
    ("000", "حيث تم عقد وزراء خارجية 6 دول عربية منها، المملكة العربية السعودية وجمهورية مصر العربية، والأردن "
     "والإمارات المتحدة العربية، وقطر وفلسطين تنسيقاً، اليوم السبت الموافق 4 من شهر نوفمبر 2023", None,
     "Foreign ministers of four Arab states including Saudi Arabia, Egypt, Jordan, the Emirates, Qatar and "
     "Palestine met on Saturday, 6th November 2023.", "a day its cited words do not"),
])
def test_an_unfaithful_rendering_of_a_seed_sentence_is_rejected(seed, page, cited, speaker, text, reason):
    """Found by attacking the check with the 1.5B model's likely garbles of real seed sentences."""
    quote = locate(seed(page), cited).quote
    speakers = [speaker] if speaker else []
    found = restates(text, [quote], KNOWN, speakers=speakers, exact=True)
    assert found and reason in found, found


@pytest.mark.parametrize("page, cited, speaker, text", [
    ("003", "في المقابل، أكد بلينكن معارضة الولايات المتحدة لوقف إطلاق النار في غزة", BLINKEN,
     "In contrast, Blinken said the US is against a ceasefire in Gaza."),
    ("002", TOLL, None, "The death toll nears 32,000 and famine threatens the besieged Strip."),
    ("001", SHOUKRY_CALL, SHOUKRY_PARTY, "Shoukry called for an unconditional ceasefire."),
    ("000", "اليوم السبت الموافق 4 من شهر نوفمبر 2023، مع وزير الخارجية الأمريكي \" أنتوني بلينكن \"", BLINKEN,
     "On Saturday, November 4, 2023, with US Secretary of State Antony Blinken."),
    ("002", "وفي بيان مشترك نشرته وزارة الخارجية المصرية، أكد الوزراء الخمسة", None,
     "In a joint statement published by the Egyptian Foreign Ministry, the five ministers stressed it."),
    ("002", "إن هناك إجماع واضح من دول المنطقة على أهمية وقف النار في غزة", BLINKEN,
     "Blinken said there was a clear consensus among the region's states on the importance of a ceasefire in Gaza."),
    ("004", "وحث المسؤولين الإسرائيليين على إقامة مثل هذه الوقفات المؤقتة خلال لقائه مع رئيس الوزراء الإسرائيلي", BLINKEN,
     "He urged Israeli officials to set up such pauses during his meeting with the Israeli prime minister."),
    # A strong model's faithful renderings that the first version of these checks rejected:
    ("001", "مؤكدا أن الولايات المتحدة ما زالت تؤمن بحل الدولتين", BLINKEN,
     "Blinken stressed that the United States still believes in the two-state solution."),
    ("003", "أنه رغم وجود قواسم مشتركة، لا يزال هناك خلاف جوهري يفصل بين مواقف الطرفين من حرب غزة", None,
     "Despite common ground, a fundamental disagreement still separates the two sides' positions on the Gaza war."),
    ("002", "ومنذ اندلاع الحرب في السابع من أكتوبر بين حماس واسرائيل", None,
     "Since the war between Hamas and Israel broke out on 7 October."),
    ("003", "أكد الوزراء العرب أن الأولوية تعود إلى وقف إطلاق النار دون شروط في غزة، ورفضوا وصف ما تقوم به إسرائيل في "
     "غزة بالدفاع عن النفس، وأن “أعداد الضحايا المدنيين في غزة لا يمكن تبريره تحت أي ذريعة”، حسب سامح شكري", "الوزراء العرب",
     "The Arab ministers stressed that an unconditional ceasefire in Gaza is the priority and rejected describing Israel's "
     "actions in Gaza as self-defence; the number of civilian casualties in Gaza \"cannot be justified under any pretext,\" "
     "Sameh Shoukry said."),
    ("001", "وأضاف في رده على أسئلة للصحفيين أن قادة حماس قالوا قبل عدة أيام أنهم سيكررون 7 أكتوبر مرة تلو الأخرى", BLINKEN,
     "In reply to reporters' questions, he added that a few days earlier the leaders of Hamas said they would repeat "
     "7 October again and again."),
    ("001", "وقال بلينكن خلال مؤتمر صحفي عقب اجتماع عمان", BLINKEN,
     "Speaking at a press conference after the Amman meeting, Blinken said so."),
    ("001", SHOUKRY_CALL, SHOUKRY_PARTY, "Shoukry called for a ceasefire with no restrictions or conditions."),
    ("001", SHOUKRY_SELF_DEFENCE, "وزير خارجية مصر سامح شكري", "Egypt's foreign minister added that Israel's killing "
     "of civilians, targeting of hospitals and attempt to displace Palestinians is not self-defence."),
    # Israel is in the cited words as what was said, not as the nation of who said it (Blinken).
    ("002", "وقال بلينكن أيضا إن إسرائيل لا تزال بحاجة إلى بذل المزيد من الجهود للسماح بوصول المساعدات الإنسانية إلى غزة",
     BLINKEN, "The US Secretary of State also said that Israel still needs to do more to allow humanitarian aid into Gaza."),
    ("001", "بلينكن: سنستخدم نفوذنا لمنع أي دول من فتح جبهات جديدة في الصراع بين إسرائيل وحماس", None,
     "Blinken said the US would use its influence to prevent any countries from opening new fronts in the conflict "
     "between Israel and Hamas."),  # a headline credits its speaker with a colon
    ("003", "وقف إطلاق النار الآن سيجعل “الفصائل الفلسطينية” قادرة على إعادة تجميع صفوفها ومهاجمة إسرائيل مرة أخرى", BLINKEN,
     "A ceasefire now would let the Palestinian factions regroup and attack Israel again."),
    # Another person as the doer of a report inside the speaker's words is not the speaker's credit.
    ("001", "وأكد في المؤتمر الصحفي المشترك الذي ضم وزير الخارجية الأمريكي ووزير الخارجية المصري سامح شكري الحرص على وقف الحرب في غزة",
     SAFADI, "Safadi stressed at the joint press conference with Sameh Shoukry the keenness to stop the war in Gaza."),
])
def test_a_faithful_rendering_of_a_seed_sentence_is_kept(seed, page, cited, speaker, text):
    quote = locate(seed(page), cited).quote
    speakers = [speaker] if speaker else []
    assert restates(text, [quote], KNOWN, speakers=speakers, exact=True) is None


@pytest.mark.parametrize("text, names", [
    ("Blinken, standing beside the Jordanian and Egyptian foreign ministers, again called for a ceasefire.", ["Blinken"]),
    ("US Secretary of State, Antony Blinken, publicly pointed this out.", ["Antony Blinken"]),
    ("Safadi said Blinken stressed the need for aid.", ["Safadi"]),  # the first report only
    ('"Vino denies any blood manipulation," Astana manager Marc Biver said.', ["Marc Biver"]),  # not a quote's own subject
    ("He added that the leaders of Hamas said they would do it again.", []),  # a pronoun speaks
    ("The Arab ministers, with Blinken, called for a ceasefire.", []),  # a title speaks; Blinken is only beside them
])
def test_who_a_sentence_has_speak(text, names):
    assert speaking(text) == names


def test_a_rendering_that_adds_a_refusal_is_rejected():
    reason = rendering_of("Shoukry refused a ceasefire.", SHOUKRY, "Sameh Shoukry (سامح شكري)")
    assert reason and "adds a negation" in reason


@pytest.mark.parametrize("added", [
    "a ceasefire of 72 hours would leave Hamas in place",
    "a ceasefire would leave Hamas' two brigades in place",
])
def test_a_rendering_that_adds_a_number_is_rejected(added):
    reason = rendering_of(f"Blinken explained why the US rejects a ceasefire for now: {added}, able to regroup "
                          "and repeat 7 October.")
    assert reason and reason.startswith("states ")


def test_a_rendering_that_drops_a_number_is_rejected_but_a_headline_may():
    text = "Blinken explained why the US rejects a ceasefire now: Hamas would regroup and do it again."
    assert rendering_of(text) == "drops 7, which its cited words state"
    assert restates(text, [REFUSAL], KNOWN, speakers=[BLINKEN]) is None


@pytest.mark.parametrize("text, name", [
    ("Netanyahu explained why the US rejects a ceasefire now: Hamas would regroup and repeat 7 October.", "Netanyahu"),
    ("Ayman Safadi explained why the US rejects a ceasefire now: Hamas would regroup and repeat 7 October.", "Ayman Safadi"),
    ("Blinken told Khaled Hassan why the US rejects a ceasefire now: Hamas would regroup and repeat 7 October.",
     "Khaled Hassan"),
])
def test_a_rendering_that_adds_a_name_is_rejected(text, name):
    reason = rendering_of(text)  # names are checked word by word: the first unwritten one is named
    assert reason.startswith("names ") and reason.endswith(", whom its cited words do not")
    assert reason.removeprefix("names ").split(",")[0] in name.split()


def test_a_name_is_spelled_in_the_quote_or_is_the_checked_name_of_someone_it_names():
    quote = "وأكد وزير الخارجية الأمريكي أنتوني بلينكن التزام الولايات المتحدة باستخدام نفوذها"
    assert restates("US Secretary of State Antony Blinken affirmed the US commitment to use its influence.", [quote]) is None
    short = "ووصف بلينكن حركة حماس بأنها منظمة إرهابية"
    # «بلينكن» alone in the quote: the full checked English name of that participant may be written.
    assert restates("Antony Blinken described Hamas as a terrorist organisation.", [short], KNOWN) is None
    assert restates("Antony Blinken described Hamas as a terrorist organisation.", [short]) is not None


def test_the_arabic_name_of_a_participant_its_words_lack_is_rejected():
    assert restates("قال أيمن الصفدي إن شكري دعا إلى وقف إطلاق النار", [SHOUKRY], KNOWN) == \
        "names أيمن الصفدي, whom its cited words do not"
    assert restates("دعا شكري إلى وقف إطلاق النار دون شروط", [SHOUKRY], KNOWN) is None


def test_a_generic_sentence_that_fits_any_quote_is_rejected_by_its_topic_words():
    generic = "Shoukry said that the meeting aimed to coordinate efforts to stop the ongoing conflict and protect civilians."
    assert restates(generic, [SHOUKRY], KNOWN, speakers=["Sameh Shoukry (سامح شكري)"]) == \
        "says 'meeting', which its cited words do not"
    assert restates("Shoukry called for a ceasefire without restriction or condition.", [SHOUKRY], KNOWN) is None


def test_an_arabic_sentence_must_take_its_words_from_its_quotes():
    assert restates("شكري يطالب بانسحاب القوات من لبنان فورا", [SHOUKRY], KNOWN) == \
        "takes too few of its words from any one passage it cites"
    # Half from Shoukry's call, half from Blinken's words (seed 000): no one passage says it.
    talks = "وأكد بلينكن أنه تحدث مع الحكومة الإسرائيلية حول اتخاذ الإجراءات الممكنة لحماية الارواح البشرية"
    pieced = "شكري يدعو إلى وقف إطلاق النار وبلينكن تحدث مع الحكومة الإسرائيلية لحماية الارواح"
    assert restates(pieced, [SHOUKRY, talks], KNOWN) == "takes too few of its words from any one passage it cites"
    assert restates("بلينكن تحدث مع الحكومة الإسرائيلية لحماية الارواح", [SHOUKRY, talks], KNOWN) is None


@pytest.fixture(scope="module")
def amman_vocabulary(seeds):
    """The content words of the Amman meeting's pages, as the pipeline gives `restates`."""
    return frozenset(w for d in seeds if not d.doc_id.startswith("002") for w in content_words(d.body))


ARAB_CALL = ("في الاجتماع، دعا الزعماء العرب إلى وقف فوري لإطلاق النار في غزة، في حين كرر بلينكن معارضة "
             "الولايات المتحدة، بحجة أن ذلك سيمنح حماس الوقت لإعادة تجميع صفوفها وشن هجوم آخر على إسرائيل")  # page 004


def test_a_headline_in_the_present_tense_restates_what_the_pages_tell_in_the_past(amman_vocabulary):
    # Arabic headlines tell news in the present: «يدعون» is the pages' «دعا», «يكرر» their «كرر»,
    # «يلتقي» their «التقى» (004: «بعد أن التقى وزير الخارجية»), «يؤكد» their «أكد»
    for headline in ("الزعماء العرب يدعون إلى وقف فوري لإطلاق النار وبلينكن يكرر معارضة الولايات المتحدة",
                     "بلينكن يلتقي الزعماء العرب ويكرر معارضة وقف إطلاق النار في غزة"):
        assert restates(headline, [ARAB_CALL], KNOWN, vocabulary=amman_vocabulary) is None, headline
    # a verb no page writes in any tense is still the writer's own
    assert restates("بلينكن ينسحب من الاجتماع ويكرر معارضة وقف إطلاق النار في غزة", [ARAB_CALL], KNOWN,
                    vocabulary=amman_vocabulary) == "says «ينسحب», which no source page writes"
    # the present's person is the past's: «تدعو» (she) restates «دعت», never «دعا»
    assert past_forms(fold("تدعو")) >= {"دعت"} and "دعا" not in past_forms(fold("تدعو"))
    assert "دعا" in past_forms(fold("يدعو")) and "دعوا" in past_forms(fold("يدعون"))


def test_every_present_of_the_reporting_verbs_restates_its_past():
    # the package's own table of verbs of saying pairs each past with its present (ar.REPORTING_VERB_TABLE);
    # two are not read: a past of two letters («حث»), and «رأى», whose hamza the present drops
    unread = []
    for entry in filter(str.strip, REPORTING_VERB_TABLE.replace("\n", "|").split("|")):
        past, present, _ = (w.strip('"') for w in entry.split())
        if past and present and fold(past) not in past_forms(fold(present)):
            unread.append(past)
    assert unread == ["رأى", "حث"]


def test_placeholders_and_empty_text_are_rejected():
    assert restates("<one English sentence>", [SHOUKRY]) == "holds a template placeholder"
    assert restates("  ", [SHOUKRY]) == "empty"
    assert restates("Shoukry called for a ceasefire.", []) == "cites nothing"


def test_numbers_are_digits_and_number_words_in_both_languages():
    assert numbers("حيث تم عقد وزراء خارجية 6 دول عربية") == {6}
    assert numbers("خمس دول عربية و٧ أكتوبر") == {5, 7}
    assert numbers("six Arab states, a 72-hour truce, one of them") == {6, 72}


def test_latin_names_leave_out_descriptions_and_acronyms():
    assert latin_names("US Secretary of State Antony Blinken met the PLO in Amman.") == ["Antony Blinken", "Amman"]


def test_language_of_a_text():
    assert in_language("Blinken met «بلينكن»", "en") == "is not in English"
    assert in_language("Blinken met Arab ministers", "en") is None
    assert in_language("التقى بلينكن الوزراء العرب", "ar") is None
    assert in_language("Blinken met Arab ministers", "ar") == "is not in Arabic"


# The title of page 001, and what the embedded model rendered it as in a cold run.
TITLE = "بلينكن: سنستخدم نفوذنا لمنع أي دول من فتح جبهات جديدة في الصراع بين إسرائيل وحماس"


def test_topic_words_are_found_in_hamza_spellings(seed):
    """«إسرائيل» folds to «اسراييل»: the topic table must be folded the same way, or every
    rendering that names Israel is rejected."""
    assert locate(seed("001"), TITLE).quote == TITLE
    rendering = "Blinken will use its power to prevent any country from opening new frontiers in the conflict between Israel and Hamas."
    assert restates(rendering, [TITLE], exact=True) is None
    assert "israel" in restates("Shoukry called for a ceasefire in Israel.", [SHOUKRY], exact=True).lower()


def _pair(file: str, pair_id: str) -> dict:
    """A labelled pair of the checker's dev or held-out set, by id (real sentences, real translations)."""
    path = Path(__file__).resolve().parents[1] / "evals" / "checker" / f"{file}.jsonl"
    return next(row for row in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if row["id"] == pair_id)


@pytest.mark.parametrize("file, pair_id, reason", [
    # Names across scripts: accents, «ال» that is part of a name, a city's people, a nation misspelt.
    ("heldout", "M0033:1", None),  # "Alberto Contador" for «ألبرتو كونتادور»
    ("heldout", "M0038:12", None),  # "Londoners"
    ("heldout", "M0031:11", None),  # "Danish" for «الدنماركية» (CLDR writes «الدانمرك»)
    ("heldout", "M0012:7", None),  # "07.20" is a clock time, not 7.2
    ("pairs", "M0042:17", None),  # "Frances" for «فرانسيس»: a soft c
    # A condition added; an institution named in common words that the Arabic does not write.
    ("heldout", "M0036:7~conditions_added", "makes it depend on a condition ('if')"),
    ("heldout", "M0016:17~body_swapped", "names Home Office"),
    ("heldout", "M0034:3~body_swapped", "names International Cycling Union"),
])
def test_a_translation_pair_gets_its_verdict(file, pair_id, reason):
    pair = _pair(file, pair_id)
    source = pair["source"]
    got = verdict(pair["rendering"], [source] if isinstance(source, str) else source, "en",
                  speakers=[pair["speaker"]] if pair.get("speaker") else (), exact=isinstance(source, str))
    assert got == reason if reason is None else got and got.startswith(reason), got


@pytest.mark.parametrize("text, empty", [
    ("بينما شدد وزير الخارجية الأمريكي", True),  # the 1.5B model's overview sentence of the cold Arabic brief
    ("بدوره قال وزير الخارجية الأردني", True),
    ("أكد الوزراء العرب أن الأولوية تعود إلى وقف إطلاق النار", False),
    ("قال بلينكن إن الولايات المتحدة ستستخدم نفوذها", False),
])
def test_a_sentence_that_names_who_speaks_but_not_what_says_nothing(text, empty):
    assert says_who_but_not_what(text) is empty


def test_money_written_short_or_with_a_decimal_scale_is_the_same_number():
    from summarizer.checks.faithful import numbers

    # MultiLing M000 (English): the writer's "$10K" restates the page's "$10,000" and was rejected.
    assert numbers("Meadow Lake donates $10K to the Red Cross") == numbers("it accidentally donated $10,000") == {10000}
    assert numbers("a pledge of £2.5bn") == {2_500_000_000}
    assert numbers("1.5 million people") == numbers("1,500,000 people") == {1_500_000}
    assert numbers("a 5m wall") == {5}  # no currency sign: metres, not millions


def test_an_english_headline_over_english_words_passes_when_it_says_what_they_say():
    """MultiLing M002 (English): the writer's 'UK freezes Iran business deals…' was rejected as
    naming the UK, which the page writes 'The United Kingdom'; its wrong twins still fail."""
    from summarizer.checks.faithful import verdict
    from summarizer.eval.suites import SUITES

    page = "\n".join(p.read_text(encoding="utf-8") for p in (SUITES / "multiling2011_en_dev" / "M002" / "docs").glob("*.txt"))
    (quote,) = [s.strip() + "." for s in page.split(".") if "frozen all bilateral business deals" in s]
    assert verdict("UK freezes Iran business deals until sailors released", [quote], "en", {}) is None
    assert verdict("Britain freezes business deals with Iran until its 15 sailors are released", [quote], "en", {}) is None
    assert "France" in verdict("France freezes Iran business deals until sailors released", [quote], "en", {})
    assert "12" in verdict("UK freezes Iran deals until 12 British sailors are released", [quote], "en", {})
    assert "negation" in verdict("UK does not freeze Iran business deals", [quote], "en", {})
    assert "ceasefire" in verdict("UK freezes Iran business deals until a ceasefire", [quote], "en", {})


# MultiLing M002 (English WikiNews): the two passages the 1.5B's headline cited, and that headline.
CAPTURED = ("Fifteen British Royal Navy personnel have been captured by Iranian authorities at gunpoint in the "
            "Persian Gulf off the Iraqi coast, according to the British Ministry of Defence.")
RELEASED = ("Iranian President Mahmoud Ahmadinejad has announced that the fifteen British captured navy personnel "
            "detained by Iran would be released, saying they have been pardoned as a gift to the British people.")


def test_where_a_seizure_happened_is_the_nation_the_cited_words_give_the_place():
    """The cited words name Iran as the captor and Iraq's coast as the place: "in Iranian waters"
    moves the incident to the other side of a contested border. Placed as the words place it, or
    by a source that does say so («المياه الإقليمية الإيرانية»), the sentence stands."""
    assert restates("British sailors detained in Iranian waters, Iran announces release", [CAPTURED, RELEASED]) == (
        "places it in Iranian waters, which its cited words do not")
    assert restates("British sailors detained off the Iraqi coast, Iran announces release", [CAPTURED, RELEASED]) is None
    assert restates("Iran says the sailors were in Iranian waters", ["وتقول ايران انهم كانوا في المياه الاقليمية الايرانية"]) is None
