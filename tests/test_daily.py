"""The daily digest on the real seeds: from saved records (no model), and with recorded model answers
replayed through the real gateway to count what a re-run after adding a page calls."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3

import pytest

from summarizer.stages.clean import clean
from summarizer.cli.commands import main
from summarizer.stages.cluster import cluster
from summarizer.stages.daily import build_digest
from summarizer.lang.dates import stated_dates
from summarizer.checks.evidence import body_sentences, resolves
from summarizer.llm.gateway import Gateway, ModelConfig
from summarizer.stages.load import load_paths
from summarizer.models import Digest, Event, MeetingRecord
from tests.conftest import AMMAN_PAGES, CAIRO_PAGE, GOLD, SEEDS
from tests.replay import Replay, chat_completion, recorded

TEXTS = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}


def run_daily(capsys, *extra, paths=(SEEDS,)):
    code = main(["daily", *map(str, paths), "--records", str(GOLD), "--no-prose", *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_digest_opens_with_contents_then_the_briefs_also_reported_and_usage(capsys):
    code, out, err = run_daily(capsys, "--lang", "ar")
    assert code == 0, err
    contents, brief, also, usage = (out.index(heading) for heading in (
        "## المحتويات", "## 1. ", "## أخبار أخرى", "## الاستهلاك والتوقيت"))
    assert contents < brief < also < usage
    assert re.search(r"\| 1 \| .+ \| عمّان \| 2023-11-04 \| 4 \|", out)  # one language: the place too
    assert "seeds/002_0c3e5edbc3d019b7.txt" in out[also:usage] and "seeds/002" not in out[brief:also]
    assert "0 model call(s)" in err and "cluster: 5 page(s) -> 2 event(s)" in err


def test_pages_past_the_model_budget_corroborate_claims_and_are_listed_as_sources(capsys):
    code, out, err = run_daily(capsys, "--format", "json")  # two pages of an event by default
    assert code == 0, err
    digest = Digest.model_validate_json(out)
    (item,) = digest.events
    assert sorted(item.event.doc_ids) == AMMAN_PAGES and len(item.extracted) == 2
    others = set(item.event.doc_ids) - set(item.extracted)
    brief = item.brief
    assert {s.doc_id for s in brief.sources if s.used} == set(AMMAN_PAGES)
    citations = [c for claim in brief.claims + brief.more_claims for c in claim.citations]
    assert others & {c.doc_id for c in citations}, "no page past the budget corroborates any claim"
    assert all(resolves(c, TEXTS[c.doc_id]) for c in citations)
    assert [p.doc_id for p in digest.also_reported] == [CAIRO_PAGE]


def test_max_pages_per_event_reads_more_pages_of_an_event(capsys):
    code, out, err = run_daily(capsys, "--format", "json", "--max-pages-per-event", "3")
    assert code == 0, err
    (item,) = Digest.model_validate_json(out).events
    assert len(item.extracted) == 3 and set(item.extracted) < set(AMMAN_PAGES)


def test_the_html_digest_keeps_each_briefs_links_inside_it_and_can_load_and_run_nothing(capsys, tmp_path):
    page = tmp_path / "digest.html"
    code, _, err = run_daily(capsys, "--format", "html", "--lang", "ar", "-o", str(page))
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert set(re.findall(r'href="#([^"]+)"', html)) <= set(ids)
    assert "<script" not in html.lower() and "default-src 'none'" in html
    assert '<html lang="ar" dir="rtl">' in html


# ---- incremental: the response cache answers everything but the new page and its event's brief ----

BRIEF_ANSWER = json.dumps({"headline": {"text": "اجتماع عمان بين بلينكن ووزراء خارجية عرب", "claims": [1]},
                           "overview": []}, ensure_ascii=False)
EMPTY_RECORD = json.dumps({"event": {"sentence": 1, "date": None, "city": None, "kind": "meeting"},
                           "participants": [], "statements": [], "agreements": [], "disagreements": [],
                           "outcomes": []})


def calls(database) -> list[tuple[str, str]]:
    """(prompt, request) of every model call in the call log (answers served from the cache are
    logged too, as `cached` rows: they are no call)."""
    with sqlite3.connect(database) as db:
        return db.execute("SELECT prompt, request FROM calls WHERE NOT cached ORDER BY id").fetchall()


def digest_with(tmp_path, folder, answers, brief_may_be_cached: bool = False, max_pages: int = 3):
    """The digest of `folder` with the model answering `answers` in order, every one of them used
    (the last, a brief's, may go unused with `brief_may_be_cached`: the brief asked nothing new),
    `max_pages` extracted per event (three: a page added to two is still read)."""
    documents = [clean(d) for d in load_paths([folder]).documents]
    replay = Replay(answers)
    config = ModelConfig(base_url="http://replay.invalid/v1", model="recorded-1.5b", concurrency=1,
                         cache_path=tmp_path / "calls.sqlite")
    lines = []
    with Gateway(config, client=replay.client()) as gateway:
        digest = build_digest(documents, gateway, lang="ar", max_pages=max_pages, say=lines.append)
    assert not replay.answers[1 if brief_may_be_cached else 0:], "fewer model calls than expected"
    return digest, documents, lines


def test_adding_a_page_calls_the_model_only_for_that_page_and_its_events_brief(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for doc_id in ("001_104e0b002fc97bce", "003_78942ce5f88155b8", CAIRO_PAGE):
        shutil.copy(SEEDS / f"{doc_id}.txt", inbox)
    amman = cluster([clean(d) for d in load_paths([inbox]).documents])[0].doc_ids  # most central first
    digest, _, lines = digest_with(tmp_path, inbox, [recorded(doc_id) for doc_id in amman]
                                   + [(200, chat_completion(BRIEF_ANSWER))])
    assert [prompt for prompt, _ in calls(tmp_path / "calls.sqlite")] == ["extract", "extract", "brief"]
    assert digest.usage.calls == 3 and digest.events[0].brief.usage.calls == 3
    assert any(re.search(r"extract \[1/2\] event 1/1 .+, \d+s elapsed, about \d+s left", line) for line in lines)

    # A new page on the Amman meeting, as a round-up would write it: the first paragraph of each
    # Amman page. The event has two of its three pages extracted: the new one is the third.
    leads = [next(p for p in TEXTS[doc_id].split("\n\n") if len(p.split()) > 8) for doc_id in AMMAN_PAGES]
    (inbox / "new_amman.txt").write_text("\n\n".join(leads) + "\n", encoding="utf-8")
    before = len(calls(tmp_path / "calls.sqlite"))
    digest, _, _ = digest_with(tmp_path, inbox, [(200, chat_completion(EMPTY_RECORD)),
                                                 (200, chat_completion(BRIEF_ANSWER))], brief_may_be_cached=True)
    new = calls(tmp_path / "calls.sqlite")[before:]
    # The brief is asked again only if the new page changed it: its leads say again what the shown
    # claims say (one speaker's one stance is one fact), so it may come from the cache.
    assert [prompt for prompt, _ in new] in (["extract", "brief"], ["extract"])
    assert "new_amman" in new[0][1]
    assert digest.usage.calls + digest.usage.cached_calls == 4  # the two old pages: from the cache
    assert digest.usage.cached_calls >= 2
    assert sorted(digest.events[0].extracted) == ["001_104e0b002fc97bce", "003_78942ce5f88155b8", "new_amman"]

    # Past the budget, a further page only corroborates: the event's brief is the one new call.
    (inbox / "another_amman.txt").write_text("\n\n".join(reversed(leads)) + "\n", encoding="utf-8")
    before = len(calls(tmp_path / "calls.sqlite"))
    digest, _, _ = digest_with(tmp_path, inbox, [(200, chat_completion(BRIEF_ANSWER))], brief_may_be_cached=True)
    assert [prompt for prompt, _ in calls(tmp_path / "calls.sqlite")[before:]] in (["brief"], [])
    assert "another_amman" not in digest.events[0].extracted
    assert "another_amman" in {s.doc_id for s in digest.events[0].brief.sources if s.used}


def test_a_second_run_of_the_same_inbox_calls_nothing(tmp_path):
    first = cluster([clean(d) for d in load_paths([SEEDS]).documents])[0].doc_ids[:3]
    digest_with(tmp_path, SEEDS, [recorded(doc_id) for doc_id in first] + [(200, chat_completion(BRIEF_ANSWER))])
    digest, _, _ = digest_with(tmp_path, SEEDS, [])
    assert digest.usage.calls == 0 and digest.usage.cached_calls == 4


@pytest.mark.parametrize("option", ["--min-sources", "--max-pages-per-event"])
def test_budgets_below_one_are_refused(capsys, option):
    with pytest.raises(SystemExit):
        main(["daily", str(SEEDS), option, "0"])
    assert "at least 1" in capsys.readouterr().err


def test_a_storys_follow_up_pages_on_other_days_are_used_in_its_brief():
    """MultiLing M002 is one story over a fortnight (the sailors held by Iran): `cluster` makes it
    one event, and its brief must use every chosen page, not set aside the ones of other days."""
    folder = SEEDS.parent / "evals" / "suites" / "multiling2011_ar_dev" / "M002" / "docs"
    documents = [clean(d) for d in load_paths([folder]).documents]
    records = {}
    for document in documents:  # a record as a reader would write it: the first sentence, the page's date
        first = body_sentences(document)[0]
        dates = stated_dates(document.body)
        records[document.doc_id] = MeetingRecord(doc_id=document.doc_id, event=Event(
            what=first.quote, date=dates[0].isoformat() if dates else None, evidence=[first]))
    assert len({r.event.date for r in records.values()}) > 1  # follow-ups on several days
    digest = build_digest(documents, None, max_pages=3, records=records, prose=False)
    (item,) = [e for e in digest.events if e.brief]
    used = {s.doc_id for s in item.brief.sources if s.used}
    assert len(item.extracted) == 3 and set(item.extracted) <= used
