"""Extraction: verification of drafts built from real seed text, and replay of recorded answers."""

import pytest

from summarizer.clean import clean
from summarizer.evidence import body_sentences, locate, resolves
from summarizer.extract import DraftRecord, copied_from, date_in_quote, extract, extract_all, fit_sentences, verify
from summarizer.gateway import Gateway, ModelConfig
from summarizer.load import load_file
from tests.conftest import SEED_IDS, SEEDS, seed_path
from tests.replay import RECORDINGS, Replay, chat_completion, recorded


def draft(**parts) -> DraftRecord:
    """A draft as the model would send it; items that name no sentence get sentence 0 (none)."""
    base = {
        "event": {"sentence": 0, "quote": "عمان 4 نوفمبر 2023 (شينخوا) أكد وزير الخارجية الأمريكي أنتوني بلينكن",
                  "what": "Blinken met Arab foreign ministers in Amman.", "date": "2023-11-04",
                  "city": "Amman", "country": "Jordan", "kind": "meeting"},
        "participants": [], "statements": [], "agreements": [], "disagreements": [], "outcomes": [],
    }
    merged = {**base, **parts}
    for value in merged.values():
        for item in value if isinstance(value, list) else [value]:
            item.setdefault("sentence", 0)
    return DraftRecord.model_validate(merged)


def test_verified_items_carry_exact_offsets_into_the_file(seed):
    doc = seed("001")
    record, dropped, _ = verify(draft(
        participants=[{"quote": "بدوره قال وزير الخارجية وشؤون المغتربين الأردني أيمن الصفدي",
                       "name": "أيمن الصفدي", "name_en": "Ayman Safadi", "role": "Foreign Minister",
                       "affiliation": "Jordan"}],
        statements=[{"quote": "ودعا شكري إلى وقف إطلاق النار دون قيد أو شرط", "speaker": "شكري",
                     "content": "Shoukry called for an unconditional ceasefire.", "stance": "calls_for"}],
    ), doc)
    assert dropped == []
    assert record.event.date == "2023-11-04"
    assert [p.name for p in record.participants] == ["أيمن الصفدي"]
    assert [(e.start, e.end) for item in record.items() for e in item.evidence] == [(145, 213), (2392, 2451), (3290, 3334)]
    for item in record.items():
        for evidence in item.evidence:
            assert resolves(evidence, doc.document.text)


def test_invented_quote_translated_name_and_appended_story_never_leave_the_stage(seed):
    doc = seed("003")
    record, dropped, _ = verify(draft(
        event={"quote": "US will use its power to prevent new fronts", "what": "x", "date": None,
               "city": None, "country": None, "kind": "meeting"},
        participants=[{"quote": "أشار إلى ذلك علنا وزير الخارجية الأردني أيمن الصفدي", "name": "Ayman Sadat",
                       "name_en": "Ayman Sadat", "role": None, "affiliation": None}],
        statements=[{"quote": "أعلنت الفصائل عن قنص جندي إسرائيلي وتدمير دبابة", "speaker": "الفصائل",
                     "content": "The factions sniped a soldier.", "stance": "reports"}],
    ), doc)
    assert record.event is None and record.participants == [] and record.statements == []
    assert [(d.field, d.reason) for d in dropped] == [
        ("event", "quote not found in the source, even after normalization"),
        ("participants", "name not found in the article"),
        ("statements", "quote is in text removed from the article (ads, related or appended stories)"),
    ]
    assert [d.detail for d in dropped if d.field == "participants"] == ["Ayman Sadat"]


def test_a_name_written_in_latin_letters_is_kept_in_the_articles_own_spelling(seed):
    record, dropped, _ = verify(draft(participants=[
        {"quote": "أشار إلى ذلك علنا وزير الخارجية الأردني أيمن الصفدي", "name": "Ayman Safadi",
         "name_en": "", "role": "Foreign Minister", "affiliation": "Jordan"},
        {"quote": "أشار إلى ذلك علنا وزير الخارجية الأردني أيمن الصفدي", "name": "أيمن الصفدي",
         "name_en": "Ayman Safadi", "role": "Foreign Minister", "affiliation": "Jordan"},
    ]), seed("003"))
    (participant,) = record.participants
    assert (participant.name, participant.name_en) == ("أيمن الصفدي", "Ayman Safadi")
    assert [d for d in dropped if d.field == "participants"] == []


def test_a_date_the_article_does_not_state_is_dropped_but_the_event_stays(seed):
    record, dropped, _ = verify(draft(event={
        "quote": "انقسام حاد باجتماع بلينكن مع وزراء خارجية عرب", "what": "Split at Blinken meeting",
        "date": "2023-11-05", "city": "Amman", "country": "Jordan", "kind": "meeting"}), seed("004"))
    assert record.event is not None and record.event.date is None
    assert [d.field for d in dropped] == ["event.date"]


def test_a_date_stated_elsewhere_in_the_article_is_kept_with_that_sentence_as_evidence(seed):
    doc = seed("000")
    quote = "مع وزير الخارجية الأمريكي \" أنتوني بلينكن \" في العاصمة الأردنية بعمان"
    record, dropped, anchored = verify(draft(event={
        "quote": quote, "what": "Arab ministers met Blinken in Amman", "date": "2023-11-04", "city": "Amman",
        "country": "Jordan", "kind": "meeting"}), doc)
    assert (record.event.date, dropped, anchored) == ("2023-11-04", [], 0)
    stated = body_sentences(doc)[0]  # "... اليوم السبت الموافق 4 من شهر نوفمبر 2023، ..."
    assert "4 من شهر نوفمبر 2023" in stated.quote
    assert record.event.evidence == [locate(doc, quote), stated]


def test_repeated_items_and_one_passage_under_several_headings_are_dropped(seed):
    fact = {"quote": "وكشف أنه تم التوصل لنقاط التقاء بين العرب وأمريكا بشأن غزة", "text": "Points of convergence."}
    record, dropped, _ = verify(draft(agreements=[fact, fact], disagreements=[fact], outcomes=[fact]), seed("001"))
    assert len(record.agreements) == 1 and record.disagreements == [] and record.outcomes == []
    assert [d.reason for d in dropped] == ["same passage already filed under another heading"] * 2


@pytest.mark.parametrize("iso, quote, expected", [
    ("2023-11-04", "عمان 4 نوفمبر 2023 (شينخوا)", True),
    ("2023-11-04", "اليوم السبت الموافق ٤ من شهر تشرين الثاني", True),
    ("2023-11-03", "يوم الجمعه الموافق 3 من شهر نوفمبر 2023", True),
    ("2023-11-06", "عمان 4 نوفمبر 2023", False),
    ("2024-11-04", "4 نوفمبر 2023", False),
    ("2023-11-04", "اليوم السبت", False),
    ("not-a-date", "4 نوفمبر 2023", False),
])
def test_date_in_quote(iso, quote, expected):
    assert date_in_quote(iso, quote) is expected


def test_long_article_keeps_the_numbered_sentences_that_fit_the_context(seed, tmp_path):
    doc = seed("003")
    with Gateway(ModelConfig(base_url="http://x/v1", model="m", context_tokens=3000,
                             cache_path=tmp_path / "c.sqlite")) as gateway:
        shown, truncated = fit_sentences(doc, gateway)
        full, not_truncated = fit_sentences(doc, gateway.__class__(ModelConfig(
            base_url="http://x/v1", model="m", cache_path=tmp_path / "d.sqlite")))
    assert truncated and not not_truncated
    assert (len(shown), len(full)) == (2, 12) and full[:2] == shown


def test_garbled_copy_of_the_named_sentence_cites_that_sentence(seed):
    doc = seed("001")
    sentences = body_sentences(doc)
    number = next(i for i, s in enumerate(sentences, 1) if s.quote.startswith("عمان 4 نوفمبر"))
    garbled = "الدولة الأمريكية ستستخدم نفوذها لمنع أي دول إضافية من فتح جبهات جديدة في الصراع بين إسرائيل"
    record, dropped, anchored = verify(draft(statements=[
        {"sentence": number, "quote": garbled, "speaker": "أنتوني بلينكن",
         "content": "Blinken said the US will use its influence to stop new fronts.", "stance": "warns"},
        {"sentence": number, "quote": "اتفق الجميع على وقف دائم لإطلاق النار في كل المنطقة فورا",
         "speaker": "أنتوني بلينكن", "content": "Invented.", "stance": "supports"},
    ]), doc)
    assert anchored == 1
    (statement,) = record.statements
    assert statement.evidence == [sentences[number - 1]]
    assert [d.field for d in dropped] == ["statements"]


@pytest.mark.parametrize("quote, expected", [
    ("الدولة الأمريكية ستستخدم نفوذها لمنع أي دول إضافية", True),  # one word wrong in seven
    ("ستستخدم نفوذها", False),  # too short to tell a copy from a coincidence
    ("الحرب انتهت والجميع عاد إلى منازلهم بسلام", False),
])
def test_copied_from(quote, expected):
    sentence = "أكد أن الولايات المتحدة الأمريكية ستستخدم نفوذها لمنع أي دول إضافية من فتح جبهات جديدة"
    assert copied_from(quote, sentence) is expected


# ---- replay of answers recorded from the embedded 1.5B model on the seeds ---------------------
def replay_gateway(tmp_path, answers) -> tuple[Gateway, Replay]:
    """Answers are recorded(doc_id) entries (checked against their request) or plain strings."""
    replay = Replay([a if isinstance(a, tuple) else (200, chat_completion(a, 1000, 600)) for a in answers])
    config = ModelConfig(base_url="http://replay.invalid/v1", model="recorded-1.5b", concurrency=1,
                         cache_path=tmp_path / "calls.sqlite")
    return Gateway(config, client=replay.client()), replay


def test_recordings_exist_for_every_seed():
    assert sorted(p.stem for p in RECORDINGS.glob("*.json")) == SEED_IDS


# What verification keeps of each recorded answer: items kept under each heading (an event every
# time), how many of them cite a named sentence in place of a garbled quote, and the dropped items.
# tests/recordings/verified/ pins every detail; this is the summary to read.
KEPT = ("participants", "statements", "agreements", "disagreements", "outcomes")
RECORDED_RESULTS = {
    "000_88ee41043186e22b": ((1, 1, 0, 0, 0), 0, ["statements", "statements"]),
    "001_104e0b002fc97bce": ((0, 11, 0, 0, 0), 6, ["participants", "statements"]),
    "002_0c3e5edbc3d019b7": ((1, 1, 1, 0, 0), 3, ["event.date", "outcomes"]),
    "003_78942ce5f88155b8": ((2, 0, 2, 0, 0), 0, ["event.date", "participants", "statements", "disagreements", "outcomes"]),
    "004_0199f5b47c6c6fbc": ((3, 1, 1, 0, 0), 0, ["event.date", "participants", "participants", "disagreements", "outcomes"]),
}


def summary(result) -> tuple:
    return tuple(len(getattr(result.record, f)) for f in KEPT), result.anchored, [d.field for d in result.dropped]


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_recorded_answer_yields_a_record_whose_every_quote_resolves(doc_id, tmp_path):
    doc = clean(load_file(SEEDS / f"{doc_id}.txt"))
    gateway, replay = replay_gateway(tmp_path, [recorded(doc_id)])
    with gateway:
        result = extract(doc, gateway)
    assert (result.error, result.truncated, result.usage.calls, len(replay.requests)) == (None, False, 1, 1)
    assert result.record.event is not None
    assert summary(result) == RECORDED_RESULTS[doc_id]
    for item in result.record.items():
        assert all(resolves(e, doc.document.text) for e in item.evidence)
    assert doc_id in replay.requests[0]["messages"][1]["content"]


def test_extract_all_keeps_order_and_one_failure_does_not_lose_the_others(tmp_path):
    docs = [clean(load_file(seed_path(p))) for p in ("000", "001")]
    gateway, replay = replay_gateway(tmp_path, ["not json at all"] * 3 + [recorded(docs[1].doc_id)])
    seen = []
    with gateway:
        results = extract_all(docs, gateway, progress=lambda r: seen.append(r.record.doc_id))
    assert [r.record.doc_id for r in results] == [d.doc_id for d in docs]
    assert results[0].error.startswith("extract: ") and results[0].record.items() == []
    assert len(replay.requests) == 4  # three attempts at the first article, one at the second
    assert results[1].error is None and summary(results[1]) == RECORDED_RESULTS[docs[1].doc_id]
    assert sorted(seen) == sorted(d.doc_id for d in docs)


def test_a_quote_credited_to_someone_the_article_does_not_name_there_is_dropped(seed):
    doc = seed("000")
    faisal = "حيث شارك وزير الخارجية السعودي الأمير \" فيصل بن فرحان بن عبد الله \""
    record, dropped, _ = verify(draft(statements=[
        {"quote": faisal, "speaker": "أحمد أبو زيد", "content": "x", "stance": "reports"},
        {"quote": "في اجتماع من أجل تنسيق الجهود للوصول إلى وقف فوري للحرب الإسرائيلية", "speaker": "فيصل بن فرحان",
         "content": "Faisal took part.", "stance": "reports"},
    ]), doc)
    assert [s.speaker for s in record.statements] == ["فيصل بن فرحان"]
    assert [d.reason for d in dropped if d.field == "statements"] == ["speaker not named at the quote"]
