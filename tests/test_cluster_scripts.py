"""Issue #21: an inbox of Arabic and English pages, where the two scripts share no word. The
cluster stage joins each script's events by the numbers, dates and names their pages share."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from summarizer.eval import clusters, suites
from summarizer.lang import crossscript
from summarizer.lang.tfidf import TfIdf, count_matrix
from summarizer.stages import cluster as stage

ARABIC, ENGLISH = "multiling2011_ar_dev", "multiling2011_en_dev"


def inbox(*names: str):
    return clusters.mixed_inbox(suites.select(suites.discover(), list(names)))


@pytest.fixture(scope="module")
def mixed():
    """The Arabic MultiLing pages, the English pages they were translated from, and the seeds."""
    return inbox(ARABIC, ENGLISH, "seeds")


def test_an_arabic_case_and_the_english_case_declaring_the_same_event_are_one_gold_event(mixed):
    documents, gold = mixed
    assert len(documents) == 105 and len(gold) == 7
    tsunami = next(event for event in gold if "M0000" in event)
    assert len(tsunami) == 20 and f"{ENGLISH}/M000/M0000" in tsunami


def test_the_mixed_arabic_and_english_inbox_reaches_the_goal(mixed):
    result = clusters.score_clusters(*mixed)
    assert result.score.f1 >= 0.9, result.score
    by_script = [{page.startswith(ENGLISH) for page in event.doc_ids} for event in result.events]
    assert sum(scripts == {True, False} for scripts in by_script) == 5  # each story: both languages


def test_the_arabic_only_inbox_keeps_its_score():
    result = clusters.score_clusters(*inbox(ARABIC, "seeds"))
    assert result.score.f1 >= 0.95, result.score


def test_english_stories_beside_the_arabic_seeds_are_not_joined_to_them():
    """A mixed-script inbox with no event in both scripts: nothing is joined across scripts."""
    documents, gold = inbox(ENGLISH, "seeds")
    events = stage.cluster(documents)
    seeds = {doc_id for event in gold for doc_id in event if not doc_id.startswith("M")}
    assert all(set(e.doc_ids) <= seeds or not set(e.doc_ids) & seeds for e in events)


def test_reports_that_are_not_translations_are_joined_too(mixed):
    """Arabic pages 0-4 of each story with English pages 5-9: no page's translation is in the
    inbox, so only what two reports of one story share joins them."""
    documents, gold = mixed

    def kept(doc_id: str) -> bool:
        if doc_id.startswith(ENGLISH):
            return int(doc_id[-1]) >= 5
        return not doc_id.startswith("M") or int(doc_id[-1]) < 5

    documents = [d for d in documents if kept(d.doc_id)]
    gold = [[doc_id for doc_id in event if kept(doc_id)] for event in gold]
    assert clusters.score_clusters(documents, gold).score.f1 >= 0.85


def test_without_the_terms_across_scripts_the_mixed_inbox_falls_apart(mixed, monkeypatch):
    monkeypatch.setattr(crossscript, "terms", lambda text, stated=None: [])
    assert clusters.score_clusters(*mixed).score.f1 < 0.7


def test_terms_read_numbers_dates_and_names_alike_in_both_scripts():
    english = crossscript.terms("Secretary Blinken met ministers in Amman on November 4, 2023; 120,000 dead.")
    arabic = crossscript.terms("التقى بلينكن الوزراء في عمّان يوم 4 نوفمبر 2023؛ مقتل ١٢٠،٠٠٠ شخص.")
    shared = {"~blnkn", "@2023-11-04", "#2023", "#120000"}
    assert shared <= set(english) and shared <= set(arabic)
    assert crossscript.numbers("3 killed on 08/01") == []  # single digits, leading zeros: in every report


def test_cross_standout_judges_a_pair_only_against_the_other_script():
    # pages 0, 1 Arabic; 2, 3, 4 English. Page 0 is far more alike to page 2 than to 3 and 4.
    similarity = np.array([[1.0, 0.9, 0.6, 0.1, 0.1],
                           [0.9, 1.0, 0.1, 0.1, 0.2],
                           [0.6, 0.1, 1.0, 0.9, 0.9],
                           [0.1, 0.1, 0.9, 1.0, 0.9],
                           [0.1, 0.2, 0.9, 0.9, 1.0]])
    z = stage.cross_standout(similarity, ["ar", "ar", "en", "en", "en"])
    assert np.isnan(z[0, 1]) and np.isnan(z[2, 3])  # one script: judged by words, not here
    assert z[0, 2] == z[2, 0] and z[0, 2] > 1 and z[0, 3] < 0


def page(doc_id: str, text: str):
    from summarizer.models import Document
    from summarizer.stages.clean import clean

    return clean(Document(doc_id=doc_id, path=f"{doc_id}.txt", encoding="utf-8", text=text))


AMMAN_AR = ("بلينكن يلتقي الصفدي وشكري في عمّان\nالتقى وزير الخارجية الأمريكي أنتوني بلينكن في عمّان يوم 4 نوفمبر "
            "2023 نظيريه الأردني أيمن الصفدي والمصري سامح شكري. وقال بلينكن في عمّان إن 1,500 شاحنة تنتظر.")
AMMAN_EN = ("Blinken meets Safadi and Shoukry in Amman\nUS Secretary of State Antony Blinken met Ayman Safadi "
            "and Sameh Shoukry in Amman on November 4, 2023. In Amman Blinken said 1,500 trucks were waiting.")
FLOOD_AR = ("فيضانات النيل تشرد الآلاف في الخرطوم\nشردت فيضانات النيل في الخرطوم 12,000 أسرة يوم 9 أغسطس 2024، "
            "وقال مسؤولون في الخرطوم إن فرق الإنقاذ وصلت إلى ضواحي أم درمان.")
FLOOD_EN = ("Nile floods displace thousands in Khartoum\nFloods along the Nile in Khartoum displaced 12,000 "
            "families on August 9, 2024; officials in Khartoum said rescuers reached the suburbs of Omdurman.")


def test_a_small_arabic_and_english_inbox_is_two_events_each_in_both_languages():
    events = stage.cluster([page("amman-ar", AMMAN_AR), page("flood-ar", FLOOD_AR),
                            page("amman-en", AMMAN_EN), page("flood-en", FLOOD_EN)])
    assert sorted(sorted(e.doc_ids) for e in events) == [["amman-ar", "amman-en"], ["flood-ar", "flood-en"]]
    assert {e.place for e in events} == {"Amman", "Khartoum"}


def test_pages_placed_in_two_cities_are_not_joined_across_scripts_either():
    cairo_en = AMMAN_EN.replace("Amman", "Cairo")  # the same names, numbers and date, in Cairo
    events = stage.cluster([page("amman-ar", AMMAN_AR), page("flood-ar", FLOOD_AR),
                            page("cairo-en", cairo_en), page("flood-en", FLOOD_EN)])
    assert ["cairo-en"] in [e.doc_ids for e in events]


# ---- a large inbox: no pages × pages matrix --------------------------------------------------------
def test_the_sparse_linkage_and_join_find_the_same_groups_as_the_dense_ones(mixed):
    """Fed the same similarities, the paths for large inboxes (`sparse_average_linkage`,
    `sparse_join_across_scripts`) give exactly the groups of the dense ones, on the real pages
    of both scripts, from single pages and from the groups of each script."""
    documents, _ = mixed
    pages = [stage.Page.read(d) for d in documents]
    for written in ("ar", "en"):
        some = [p for p in pages if p.script == written]
        rows = TfIdf([p.bag for p in some], shared_only=True).rows
        similarity, places = rows @ rows.T, [p.place for p in some]
        for threshold in (0.5, 1.0, 2.0):
            assert stage.sparse_average_linkage(sparse.csr_matrix(similarity), places, threshold) == \
                stage.average_linkage(stage.standout(similarity), similarity, places, threshold)
    rows = TfIdf([crossscript.terms(p.body, p.dates) for p in pages], shared_only=True).rows
    similarity = sparse.csr_matrix(rows @ rows.T)
    by_script = []
    for written in ("ar", "en"):
        indices = [i for i, p in enumerate(pages) if p.script == written]
        by_script += [[indices[k] for k in group] for group in stage.by_words([pages[i] for i in indices], count_matrix([pages[i].words for i in indices], [pages[i].counts for i in indices]))]
    for groups in (by_script, [[i] for i in range(len(pages))]):
        for threshold in (0.5, 2.0):
            assert stage.sparse_join_across_scripts(groups, pages, threshold, similarity) == \
                stage.join_across_scripts(groups, pages, threshold)


def test_a_large_mixed_inbox_is_clustered_without_a_pages_by_pages_matrix(mixed, monkeypatch):
    """Past DENSE_PAGES pages the dense paths are not taken (they raise here), and the pages are
    still clustered into their events by the words few pages share."""
    documents, gold = mixed
    monkeypatch.setattr(stage, "DENSE_PAGES", 10)
    for dense in ("average_linkage", "standout", "join_across_scripts", "cross_standout"):
        monkeypatch.setattr(stage, dense, lambda *_, name=dense: pytest.fail(f"{name} took a pages × pages matrix"))
    score = clusters.bcubed([e.doc_ids for e in stage.cluster(documents)], gold)
    assert score.f1 >= 0.95, score
