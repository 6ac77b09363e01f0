import pytest

from summarizer.checks.evidence import QuoteNotFound, locate, resolves


def test_exact_quote_gets_exact_offsets(seed):
    doc = seed("001")
    evidence = locate(doc, "أكد وزير الخارجية الأمريكي أنتوني بلينكن")
    assert doc.document.text[evidence.start : evidence.end] == evidence.quote
    assert evidence.doc_id == "001_104e0b002fc97bce"


def test_quote_typed_without_hamzas_and_punctuation_maps_back_to_the_original_words(seed):
    doc = seed("003")
    evidence = locate(doc, "حديثنا اليوم خلال الاجتماع كان معمقا وصادقا وعكس مواقف عربيه امريكيه متباينه")
    assert evidence.quote == "حديثنا اليوم خلال الاجتماع كان معمقا وصادقا، وعكس مواقف عربية – أمريكية متباينة"
    assert resolves(evidence, doc.document.text)


def test_invented_quote_is_refused(seed):
    with pytest.raises(QuoteNotFound, match="not found"):
        locate(seed("001"), "اتفق الوزراء على وقف دائم لإطلاق النار في غزة")


def test_quote_from_appended_story_is_refused_even_though_it_is_in_the_file(seed):
    doc = seed("003")
    quote = "أعلنت الفصائل عن قنص جندي إسرائيلي"
    assert quote in doc.document.text
    with pytest.raises(QuoteNotFound, match="removed from the article"):
        locate(doc, quote)


def test_a_bare_name_is_too_short_to_count_as_evidence(seed):
    with pytest.raises(QuoteNotFound, match="too short"):
        locate(seed("001"), "بلينكن")


def test_resolves_detects_a_shifted_span(seed):
    doc = seed("001")
    evidence = locate(doc, "أكد وزير الخارجية الأمريكي أنتوني بلينكن")
    shifted = evidence.model_copy(update={"start": evidence.start + 1, "end": evidence.end + 1})
    assert not resolves(shifted, doc.document.text)
