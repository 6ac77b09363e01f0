from summarizer.stages.clean import clean
from summarizer.models import Document


def kept_text(doc):
    return doc.body


def test_appended_unrelated_story_and_link_list_are_removed_from_003(seed):
    doc = seed("003")
    body = kept_text(doc)
    assert "أكد الوزراء العرب أن الأولوية تعود إلى وقف إطلاق النار" in body
    assert "الشجاعية" not in body  # the appended Gaza battle story
    assert "مقالات مشابهة" not in body and "قائد الثورة" not in body
    assert "كلمات دلالية" not in body
    removed = {doc.document.text[r.start : r.end]: r.reason for r in doc.removed}
    assert removed["إقرأ أيضاً:"] == "related-articles marker"


def test_ads_and_reading_time_are_removed_from_004(seed):
    doc = seed("004")
    assert "محتوى إعلاني" not in kept_text(doc)
    assert "دقائق قراءة" not in kept_text(doc)
    assert "دعا الزعماء العرب إلى وقف فوري لإطلاق النار" in kept_text(doc)


def test_navigation_dateline_and_photo_teaser_are_removed_from_001(seed):
    doc = seed("001")
    body = kept_text(doc)
    assert "الصفحة الرئيسية" not in body and "صور ساخنة" not in body and "شينخوا/" not in body
    assert body.startswith("بلينكن: سنستخدم نفوذنا")


def test_related_teasers_after_marker_are_removed_from_002(seed):
    doc = seed("002")
    assert "بلينكن يزور السعودية ومصر" not in kept_text(doc)
    assert "أنتوني بلينكن\n" not in kept_text(doc)[:20]  # photo caption at the top


def test_clean_never_changes_text_only_marks_spans(seed):
    for prefix in ("000", "001", "002", "003", "004"):
        doc = seed(prefix)
        spans = sorted([(s.start, s.end) for s in doc.kept] + [(r.start, r.end) for r in doc.removed])
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), "spans overlap"
        covered = "".join(doc.document.text[a:b] for a, b in spans)
        assert "".join(covered.split()) == "".join(doc.document.text.split())


def test_inline_read_also_teaser_does_not_cut_the_rest_of_the_article():
    text = (
        "قال الوزير إن الاجتماع كان مثمرا وناقش كل الملفات المطروحة.\n"
        "اقرأ أيضا: الوزير يزور العاصمة الأسبوع المقبل لبحث العلاقات\n"
        "وأضاف الوزير أن المحادثات ستستمر في الأيام المقبلة بين الطرفين.\n"
    )
    doc = clean(Document(doc_id="x", path="x.txt", encoding="utf-8", text=text))
    assert "وأضاف الوزير" in doc.body
    assert "يزور العاصمة" not in doc.body


def test_a_reading_time_line_is_page_furniture_however_long():
    doc = clean(Document(doc_id="t", path="t.txt", encoding="utf-8", text="3 دقائق قراءة عن القمة العربية الطارئة في عمان\n"
                         "دعا الزعماء العرب إلى وقف فوري لإطلاق النار في غزة خلال القمة الطارئة.\n"))
    removed = {doc.document.text[r.start:r.end]: r.reason for r in doc.removed}
    assert removed == {"3 دقائق قراءة عن القمة العربية الطارئة في عمان": "page furniture"}


def test_an_image_file_name_opening_a_line_is_removed_and_the_rest_kept():
    """MultiLing M0021 (Wikinews): a pull quote opens with its glyph's file name, «Cquote1.svg»;
    the quotation after it is the article's (Ahmadinejad's words), the file name is not."""
    from tests.conftest import ROOT

    path = ROOT / "evals" / "suites" / "multiling2011_en_dev" / "M002" / "docs" / "M0021.txt"
    page = clean(Document(doc_id="M0021", path=str(path), encoding="utf-8", text=path.read_text(encoding="utf-8")))
    text = page.document.text
    assert [(text[r.start:r.end].strip(), r.reason) for r in page.removed] == [("Cquote1.svg", "image file name")]
    quote = text.index("On the occasion of the birth anniversary")
    assert any(s.start <= quote < s.end for s in page.kept)
    assert "Cquote1.svg" not in page.body
