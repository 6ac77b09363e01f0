"""Merging hand-written gold records of the seeds into one brief."""

import pytest

from summarizer.evidence import locate, resolves
from summarizer.group import group
from summarizer.merge import (
    MergedItem, claim_text, count_conflicts, merge, overlap, resolve_entities, same_entity, supported_text,
)
from summarizer.models import Participant
from tests.test_group import AMMAN_PAGES, CAIRO_PAGE, gold_records, seeds  # noqa: F401 (fixtures)


@pytest.fixture(scope="module")
def brief(seeds, gold_records):
    return merge(group(seeds, gold_records), {d.doc_id: d for d in seeds})


def all_citations(brief):
    yield from brief.headline.citations
    yield from brief.event.citations
    for claim in brief.claims:
        yield from claim.citations
    for conflict in brief.conflicts:
        for side in conflict.sides:
            yield from side.citations


@pytest.mark.parametrize("a, b, same", [
    ("بلينكن", "أنتوني بلينكن", True),
    ("شكري", "سامح شكري", True),
    ("الصفدي", "أيمن الصفدي", True),
    ("وزير الخارجية الأمريكي أنتوني بلينكن", "بلينكن", True),
    ("سامح شكري", "أيمن الصفدي", False),
    ("وزير الخارجية الأردني", "وزير الخارجية المصري", False),
])
def test_same_entity_across_spellings_but_never_on_titles_alone(a, b, same):
    assert same_entity(a, b) is same


def test_participants_resolve_to_one_entity_per_person(seed):
    doc = seed("001")
    evidence = [locate(doc, "أكد وزير الخارجية الأمريكي أنتوني بلينكن")]
    people = [Participant(name=n, name_en=e, evidence=evidence)
              for n, e in [("أنتوني بلينكن", "Antony Blinken"), ("بلينكن", "Blinken"), ("سامح شكري", "Sameh Shoukry")]]
    entities = resolve_entities(people)
    assert [e.name for e in entities] == ["أنتوني بلينكن", "سامح شكري"]


def test_every_citation_resolves_and_none_comes_from_the_set_aside_page(brief, seeds):
    texts = {d.doc_id: d.document.text for d in seeds}
    citations = list(all_citations(brief))
    assert citations
    assert all(resolves(c, texts[c.doc_id]) for c in citations)
    assert CAIRO_PAGE not in {c.doc_id for c in citations}
    assert [e.doc_id for e in brief.excluded] == [CAIRO_PAGE]
    assert {s.doc_id for s in brief.sources if s.used} == set(AMMAN_PAGES)


def test_no_citation_points_into_removed_text(brief, seeds):
    removed = {d.doc_id: d.removed for d in seeds}
    for c in all_citations(brief):
        assert not any(r.start < c.end and c.start < r.end for r in removed[c.doc_id])


def test_brief_event_comes_from_the_records(brief):
    assert brief.event.date == "2023-11-04" and brief.event.place == "Amman"
    assert any("بلينكن" in p for p in brief.event.participants)
    assert len({c.doc_id for c in brief.event.citations}) == 4


def test_the_same_passage_in_two_records_is_one_claim_with_both_sources(brief):
    shared = [c for c in brief.claims if c.corroboration > 1]
    assert shared, "gold records of 001 and 003 both cite the points of convergence"
    for claim in shared:
        assert len({c.doc_id for c in claim.citations}) == claim.corroboration


def test_sources_that_count_differently_are_shown_side_by_side(seeds):
    docs = [d for d in seeds if d.doc_id in ("000_88ee41043186e22b", CAIRO_PAGE)]
    (conflict,) = [c for c in count_conflicts(docs) if "دول" in c.topic]
    values = [side.text.split()[0] for side in conflict.sides]
    assert values == ["5", "6"]  # "خمس دول عربية" (002) against "6 دول عربية" (000)
    assert {c.doc_id for side in conflict.sides for c in side.citations} == {d.doc_id for d in docs}


def test_a_date_one_day_off_between_sources_is_a_conflict(seeds, gold_records):
    records = {r.doc_id: r for r in gold_records}
    moved = records["001_104e0b002fc97bce"]
    moved = moved.model_copy(update={"event": moved.event.model_copy(update={"date": "2023-11-05"})})
    brief = merge(group(seeds, [*(r for r in gold_records if r.doc_id != moved.doc_id), moved]),
                  {d.doc_id: d for d in seeds})
    (conflict,) = [c for c in brief.conflicts if c.topic == "date of the event"]
    assert [s.text for s in conflict.sides] == ["2023-11-04", "2023-11-05"]


def test_paraphrase_with_a_number_its_quote_lacks_falls_back_to_the_quote(seed):
    evidence = [locate(seed("001"), "ودعا شكري إلى وقف إطلاق النار دون قيد أو شرط")]
    invented = MergedItem(text="Shoukry called for a 72-hour ceasefire.", speaker="سامح شكري", evidence=evidence)
    assert claim_text(invented, "en") == f"سامح شكري: «{evidence[0].quote}»"
    honest = MergedItem(text="Shoukry called for an unconditional ceasefire.", speaker="سامح شكري", evidence=evidence)
    assert claim_text(honest, "en") == "Shoukry called for an unconditional ceasefire."
    assert claim_text(honest, "ar") == f"سامح شكري: «{evidence[0].quote}»"


def test_arabic_brief_prints_source_words_not_english_paraphrases(seeds, gold_records):
    brief = merge(group(seeds, gold_records), {d.doc_id: d for d in seeds}, lang="ar")
    for claim in brief.claims:
        assert any(c.quote in claim.text for c in claim.citations)


def test_the_same_words_credited_to_different_speakers_are_a_conflict(brief):
    (conflict,) = [c for c in brief.conflicts if c.topic.startswith("who said")]
    sides = {side.citations[0].doc_id: side.text for side in conflict.sides}
    assert sides == {"001_104e0b002fc97bce": "said by Ayman Safadi (أيمن الصفدي)",
                     "003_78942ce5f88155b8": "said by الوزراء العرب"}


@pytest.mark.parametrize("paraphrase, speaker, supported", [
    ("Coach Khaled Hassan said the match was hard on the players.", "أنتوني بلينكن", False),
    ("US Secretary of State Antony Blinken said Washington will use its influence.", "أنتوني بلينكن", True),
    ("Mahmoud Abbas welcomed the outcome.", "أنتوني بلينكن", False),
    ("Blinken said the United States will use its influence to stop new fronts.", "أنتوني بلينكن", True),
    ("<one English sentence>", "أنتوني بلينكن", False),
])
def test_a_paraphrase_naming_someone_its_quote_and_speaker_do_not_is_unsupported(seed, paraphrase, speaker, supported):
    evidence = [locate(seed("001"), "أكد وزير الخارجية الأمريكي أنتوني بلينكن أن الولايات المتحدة الأمريكية ستستخدم نفوذها")]
    assert supported_text(paraphrase, evidence, speaker) is supported


def test_the_verified_speaker_may_be_named_in_short(seed):
    evidence = [locate(seed("000"), "على أهمية ضرورة الوقف الفوري للاعتداء الإسرائيلي في حق المدنيين")]
    assert supported_text("Abu Zeid stressed the need for an immediate halt.", evidence, "أحمد أبو زيد")
    assert not supported_text("Abu Zeid stressed the need for an immediate halt.", evidence, "سامح شكري")


def test_an_english_rendering_that_does_not_spell_the_name_is_not_shown(seed):
    evidence = [locate(seed("001"), "ودعا شكري إلى وقف إطلاق النار دون قيد أو شرط")]
    (entity,) = resolve_entities([Participant(name="سامح شكري", name_en="Samah Shariq", evidence=evidence)])
    assert entity.name_en is None and entity.display("en") == "سامح شكري"
    (entity,) = resolve_entities([Participant(name="سامح شكري", name_en="Sameh Shoukry", evidence=evidence)])
    assert entity.display("en") == "Sameh Shoukry (سامح شكري)"


def test_a_short_passage_never_merges_with_every_sentence_that_contains_it():
    assert overlap("وزير الخارجية الأمريكي", "شدد وزير الخارجية الأمريكي على ضرورة عدم امتداد الصراع") == 0.0
