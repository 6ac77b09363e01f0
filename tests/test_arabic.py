import pytest

from summarizer.lang.arabic import find_latin_name, fold, normalize, sentence_spans, tokens


def test_fold_unifies_the_forms_a_matcher_must_ignore():
    assert fold("أَحْمَد") == fold("احمد")  # diacritics
    assert fold("بلـــينكن") == fold("بلينكن")  # tatweel
    assert fold("إسرائيل") == fold("اسرائيل") == fold("آسرائيل")  # alef/hamza forms
    assert fold("اللجنة") == fold("اللجنه")  # taa marbuta
    assert fold("مستوى") == fold("مستوي")  # alef maqsura
    assert fold("٤ نوفمبر ٢٠٢٣") == fold("4 نوفمبر 2023") == "4 نوفمبر 2023"  # Arabic-Indic digits
    assert fold("۴") == "4"  # extended digits
    assert fold("«الثوابت العربية»") == fold('"الثوابت  العربية"') == "الثوابت العربيه"
    assert fold("ِAmman") == "amman"


def test_normalize_maps_every_folded_character_back_to_its_original():
    text = "قالَ: «أيمنُ الصفدي»  ــ ٤ نوفمبر"
    folded = normalize(text)
    at = folded.text.index("ايمن الصفدي")
    start, end = folded.span(at, at + len("ايمن الصفدي"))
    assert text[start:end] == "أيمنُ الصفدي"
    assert len(folded.origin) == len(folded.text)


@pytest.mark.parametrize("page", ["000", "001", "002", "003", "004"])
def test_fold_of_a_page_is_its_normalized_text_line_by_line_or_as_one_line(seed, page):
    text = seed(page).document.text + "\n\u200b\n \n"  # a line of nothing visible, a blank one
    assert fold(text) == normalize(text).text
    one_line = text.replace("\n", " ")  # a page saved as one line, longer than a paragraph kept
    assert fold(one_line) == normalize(one_line).text == fold(text)


def test_sentence_spans_split_seed_paragraph_and_keep_numbers_whole(seed):
    doc = seed("001")
    text = doc.document.text
    spans = sentence_spans(text)
    sentences = [text[a:b] for a, b in spans]
    assert "/مصدر: شينخوا/\xa0\xa0\xa02023:11:06.09:16" in sentences  # no split inside the time stamp
    first = next(s for s in sentences if s.startswith("عمان 4 نوفمبر"))
    assert first.endswith("وحركة حماس .")
    assert all(s == s.strip() and s for s in sentences)


def test_sentence_spans_end_at_arabic_question_mark_and_line_breaks():
    text = "هل انتهى الاجتماع؟ نعم انتهى.\nسطر جديد بلا نقطة"
    assert [text[a:b] for a, b in sentence_spans(text)] == ["هل انتهى الاجتماع؟", "نعم انتهى.", "سطر جديد بلا نقطة"]


def test_tokens_are_folded_words_and_digits():
    assert tokens("وزراء خارجية ٦ دول عربية!") == ["وزراء", "خارجيه", "6", "دول", "عربيه"]


def test_full_stop_glued_to_the_next_arabic_word_still_ends_the_sentence(seed):
    text = seed("002").document.text
    sentences = [text[a:b] for a, b in sentence_spans(text)]
    assert any(s.endswith("أي عملية برية في رفح ستكون خطأ.") for s in sentences)
    assert any(s.startswith("وأضاف وزير الخارجية الأميركي أن واشنطن") for s in sentences)


@pytest.mark.parametrize("latin, arabic", [
    ("Antony Blinken", "أنتوني بلينكن"), ("Anthony Blinken", "أنتوني بلينكن"), ("Ayman al-Safadi", "أيمن الصفدي"),
    ("Sameh Shoukry", "سامح شكري"), ("Hussein al-Sheikh", "حسين الشيخ"), ("Faisal bin Farhan", "فيصل بن فرحان"),
])
def test_latin_rendering_finds_the_sources_own_spelling(seed, latin, arabic):
    text = "\n".join(seed(p).body for p in ("000", "001", "003"))
    start, end = find_latin_name(latin, text)
    assert text[start:end] == arabic


@pytest.mark.parametrize("latin", ["Samah Shariq", "Amnon Saad", "Qatar", "Ali", "Secretary of State", "بلينكن"])
def test_latin_names_not_in_the_source_or_too_short_to_tell_are_not_found(seed, latin):
    assert find_latin_name(latin, "\n".join(seed(p).body for p in ("000", "001", "003"))) is None


def test_an_english_abbreviation_ends_no_sentence_but_a_full_stop_after_a_word_does():
    from summarizer.eval.suites import SUITES

    page = (SUITES / "multiling2011_en_dev" / "M000" / "docs" / "M0001.txt").read_text(encoding="utf-8")
    sentences = [page[a:b] for a, b in sentence_spans(page)]
    assert "Promised funds have doubled in the past 24 hours, to nearly 2 Billion U.S. dollars (USD)." in sentences
    assert not any(s.endswith(("U.S.", "U.N.")) and len(s) < 8 for s in sentences)
    text = "Mr. Koizumi agreed on Jan. 8. It ends. George W. Bush signed."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Mr. Koizumi agreed on Jan. 8.", "It ends.", "George W. Bush signed."]


def test_an_accented_latin_name_is_latin_and_is_found_in_arabic_by_its_skeleton():
    from summarizer.lang.arabic import is_latin

    assert is_latin("Müller") and is_latin("Nguyễn") and not is_latin("مولر") and not is_latin("2024")
    text = "وقال الرئيس الفنزويلي نيكولاس مادورو إن"
    start, end = find_latin_name("Nicolás Maduro", text)
    assert text[start:end] == "نيكولاس مادورو"
    assert find_latin_name("Erdoğan", "وقال رجب طيب أردوغان إن") is not None
