"""Grouping on the real seeds, from hand-written gold records and from no records at all."""


import re

import pytest

from summarizer.stages.clean import clean
from summarizer.checks.evidence import body_sentences
from summarizer.stages.group import event_place, focus, group
from summarizer.stages.load import load_file, load_paths
from summarizer.models import Document, MeetingRecord
from tests.conftest import AMMAN_PAGES, CAIRO_PAGE, MULTILING

def test_the_meeting_most_pages_report_is_main_and_the_cairo_page_is_set_aside_with_a_checkable_reason(seeds, gold_records):
    grouping = group(seeds, gold_records)
    assert [r.doc_id for r in grouping.main.records] == AMMAN_PAGES
    assert grouping.main.label == "Amman, 2023-11-04"
    (excluded,) = grouping.excluded
    assert excluded.doc_id == CAIRO_PAGE
    assert "Cairo" in excluded.reason and "Amman" in excluded.reason
    # An Arabic brief gives the same reason in Arabic, its places as Arabic writes them.
    (arabic,) = focus(grouping, 0, "ar").excluded
    assert "القاهرة" in arabic.reason and "عمّان" in arabic.reason and not re.search("[A-Za-z]", arabic.reason)


def test_grouping_needs_no_model_output_at_all(seeds):
    grouping = group(seeds, [])
    assert [r.doc_id for r in grouping.main.records] == AMMAN_PAGES
    assert [e.doc_id for e in grouping.excluded] == [CAIRO_PAGE]


def test_place_counts_city_names_with_arabic_clitics(seeds):
    places = {d.doc_id: event_place(d) for d in seeds}
    assert places == {**{p: "Amman" for p in AMMAN_PAGES}, CAIRO_PAGE: "Cairo"}


def test_a_story_about_something_else_is_set_aside(seeds, gold_records):
    tour = clean(load_file(next((MULTILING / "M003" / "docs").glob("*.txt"))))  # Tour de France 2007
    grouping = group(seeds + [tour], gold_records)
    assert tour.doc_id in {e.doc_id for e in grouping.excluded}
    assert [r.doc_id for r in grouping.main.records] == AMMAN_PAGES


def test_dates_more_than_a_day_apart_split_pages_one_day_apart_do_not(seeds, gold_records):
    amman = [d for d in seeds if d.doc_id in AMMAN_PAGES[:2]]
    records = {r.doc_id: r for r in gold_records}

    def with_date(doc_id, iso):
        record = records[doc_id]
        return record.model_copy(update={"event": record.event.model_copy(update={"date": iso})})

    near = group(amman, [records[AMMAN_PAGES[0]], with_date(AMMAN_PAGES[1], "2023-11-05")])
    assert near.excluded == []
    far = group(amman, [records[AMMAN_PAGES[0]], with_date(AMMAN_PAGES[1], "2023-12-20")])
    assert len(far.excluded) == 1 and "2023-12-20" in far.excluded[0].reason + far.main.label


def test_focus_makes_each_event_the_main_one_in_turn(seeds, gold_records):
    grouping = group(seeds, gold_records)
    cairo = focus(grouping, 1)
    assert [r.doc_id for r in cairo.main.records] == [CAIRO_PAGE]
    assert sorted(e.doc_id for e in cairo.excluded) == AMMAN_PAGES


def test_grouping_nothing_is_an_error():
    with pytest.raises(ValueError):
        group([], [])


def test_by_story_follow_ups_over_days_stay_together(gold_records):
    cluster = [clean(d) for d in load_paths([MULTILING / "M001" / "docs"]).documents]  # London bombings, over days
    dated = [MeetingRecord.model_validate({"doc_id": d.doc_id, "event": {
        "what": "x", "date": f"2005-07-{7 + i:02d}", "kind": "other_news",
        "evidence": [body_sentences(d)[0].model_dump()]}}) for i, d in enumerate(cluster)]
    by_event = group(cluster, dated)
    by_story = group(cluster, dated, by="story")
    assert len(by_event.main.records) < len(cluster)
    assert len(by_story.main.records) == len(cluster)


@pytest.fixture(scope="module")
def stories():
    """The five MultiLing stories, ten reports each over several days."""
    return {case.name: [clean(d) for d in load_paths([case / "docs"]).documents] for case in sorted(MULTILING.glob("M00*"))}


def test_by_story_every_report_of_every_multiling_story_stays(stories):
    # M0037 (ETA explosives on the route of the Tour de France) shares the story through words
    # every report uses («دراجات»، «سباق»): weighed by the ten pages' own IDF they count for
    # little and it was set aside (0.066); against everyday language it reaches 0.162.
    for name, pages in stories.items():
        assert not group(pages, [], by="story").excluded, name


def test_by_story_a_report_of_another_story_seldom_joins(stories):
    """Each report of each story put among the ten pages of each other story (200 trials): weighed
    by the eleven pages' own IDF, 35 joined; weighed against everyday language, 5."""
    joined = [(name, page.doc_id) for name, pages in stories.items()
              for other, others in stories.items() if other != name for page in others
              if page.doc_id not in {e.doc_id for e in group([*pages, page], [], by="story").excluded}]
    assert len(joined) <= 5, joined


def test_by_story_english_pages_are_not_joined_by_their_function_words():
    """Weighed against everyday English, "the", "that" and "said" weigh nothing: three unrelated
    reports full of them are three stories, two reports of one flood are one."""
    def page(doc_id, text):
        return clean(Document(doc_id=doc_id, path=f"{doc_id}.txt", encoding="utf-8", text=text))

    flood = "Floods in Khartoum displaced thousands of families along the Nile on Monday, officials said."
    pages = [page("a", f"{flood} Rescue teams said that they reached the Khartoum suburbs."),
             page("b", f"{flood} The floods cut the roads south of Khartoum, and the army said that it would help."),
             page("c", "The government said on Monday that it would raise fuel prices next month, and that the decision was final."),
             page("d", "The football club said that its coach had left the team after a long run of defeats this season.")]
    grouping = group(pages, [], by="story")
    assert [r.doc_id for r in grouping.main.records] == ["a", "b"]
    assert sorted(e.doc_id for e in grouping.excluded) == ["c", "d"]


def test_by_story_a_page_about_something_else_is_still_set_aside(seeds):
    tour = clean(load_file(next((MULTILING / "M003" / "docs").glob("*.txt"))))
    grouping = group(seeds + [tour], [], by="story")
    assert [e.doc_id for e in grouping.excluded] == [tour.doc_id]
