"""The brief command end to end, from hand-written records or from (failed) extractions.

The write stage's model call and its checks are tested in tests/test_write.py with replayed
answers; here the brief is built without a model (`--no-prose`), as a user without one gets it.
"""

import json

import pytest

from summarizer.stages import pipeline
from summarizer.cli.commands import main
from summarizer.checks.evidence import resolves
from summarizer.checks.faithful import word_count
from summarizer.stages.merge import UNRENDERED, overlap, source_words
from summarizer.models import Brief, Excluded, Extraction, MeetingRecord, Usage
from summarizer.stages.pipeline import build_briefs
from summarizer.stages.render import render
from tests.conftest import AMMAN_PAGES, CAIRO_PAGE, GOLD, SEEDS


def run_brief(tmp_path, capsys, *extra):
    """The seeds' brief from the gold records, in English unless `extra` asks for a language."""
    lang = () if "--lang" in extra else ("--lang", "en")
    code = main(["brief", str(SEEDS), "--records", str(GOLD), "--no-prose", *lang, *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_brief_from_records_has_the_contract_fields_and_every_citation_resolves(tmp_path, capsys):
    code, out, err = run_brief(tmp_path, capsys, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert {"event", "overview", "claims", "more_claims", "conflicts", "excluded", "failed", "sources",
            "usage"} <= data.keys()
    assert data["excluded"][0]["doc_id"] == CAIRO_PAGE and data["excluded"][0]["reason"]
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    brief = Brief.model_validate(data)
    citations = [c for claim in brief.claims + brief.more_claims for c in claim.citations]
    assert citations and all(resolves(c, texts[c.doc_id]) for c in citations)
    assert data["usage"]["calls"] == 0
    assert "no extraction calls" in err


def test_markdown_and_html_briefs_are_written_to_files(tmp_path, capsys):
    md, html = tmp_path / "brief.md", tmp_path / "brief.html"
    assert run_brief(tmp_path, capsys, "-o", str(md))[0] == 0
    assert run_brief(tmp_path, capsys, "--format", "html", "-o", str(html))[0] == 0
    markdown = md.read_text(encoding="utf-8")
    assert markdown.startswith("# ") and "Amman" in markdown and CAIRO_PAGE in markdown
    page = html.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html") and "<mark" in page and "http://" not in page


def test_arabic_brief_keeps_source_words(tmp_path, capsys):
    code, out, _ = run_brief(tmp_path, capsys, "--lang", "ar")
    assert code == 0
    assert "مواقف الأطراف" in out and "«" in out


def test_a_brief_speaks_its_sources_language_unless_asked_for_another(tmp_path, capsys):
    code = main(["brief", str(SEEDS), "--records", str(GOLD), "--no-prose", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0 and Brief.model_validate_json(out).lang == "ar"  # the seeds are Arabic
    assert "cannot render" not in err


def test_the_embedded_model_is_said_once_to_be_unable_to_render_another_language(seeds, caplog):
    from summarizer.cli.brief import note_renderings
    from summarizer.cli.commands import build_parser

    def notes(*options):
        caplog.clear()
        note_renderings(build_parser().parse_args(["brief", str(SEEDS), *options]), seeds)
        return [r.getMessage() for r in caplog.records if "cannot render" in r.getMessage()]

    (note,) = notes("--lang", "en")
    assert "'ar'" in note and "--base-url" in note
    assert not notes()  # the sources' language: nothing to render
    assert not notes("--lang", "en", "--base-url", "http://127.0.0.1:9/v1", "--model", "m")  # a model of the user's
    assert not notes("--lang", "en", "--no-prose")


def test_all_events_writes_one_brief_per_event(tmp_path, capsys):
    out = tmp_path / "brief.md"
    assert run_brief(tmp_path, capsys, "--all-events", "-o", str(out))[0] == 0
    first, second = (tmp_path / "brief-1.md").read_text(encoding="utf-8"), (tmp_path / "brief-2.md").read_text(encoding="utf-8")
    assert "Amman" in first and "Cairo" in second


def test_hand_edited_record_with_a_moved_quote_is_repaired_and_an_invented_one_dropped(tmp_path, capsys):
    records = tmp_path / "records"
    records.mkdir()
    for path in GOLD.glob("*.json"):
        (records / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    target = records / "001_104e0b002fc97bce.json"
    record = json.loads(target.read_text(encoding="utf-8"))
    record["statements"][0]["evidence"][0]["start"] += 5  # offsets drifted by hand editing
    record["statements"][0]["evidence"][0]["end"] += 5
    record["statements"][1]["evidence"] = [{"doc_id": record["doc_id"], "quote": "قال بلينكن إن الحرب انتهت تماما اليوم",
                                            "start": 0, "end": 37}]
    target.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    code = main(["brief", str(SEEDS), "--records", str(records), "--no-prose", "--format", "json"])
    captured = capsys.readouterr()
    assert code == 0
    assert "statements item dropped" in captured.err
    assert "الحرب انتهت تماما" not in captured.out
    assert record["statements"][0]["evidence"][0]["quote"] in captured.out


def test_no_readable_input_is_exit_1_with_a_message(tmp_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["brief", str(tmp_path), "--no-prose"]) == 1
    err = capsys.readouterr().err
    assert "empty.txt: empty file" in err and "no readable articles" in err


# ---- what a user sees: one language, a brief length, nothing twice --------------------------------
def shown(brief: Brief):
    return [brief.headline, *brief.overview, *brief.claims]


def words(brief: Brief) -> int:
    return sum(word_count(c.text) for c in shown(brief))


def json_brief(tmp_path, capsys, *extra) -> Brief:
    code, out, err = run_brief(tmp_path, capsys, "--format", "json", *extra)
    assert code == 0, err
    return Brief.model_validate_json(out)


def test_every_claim_of_an_english_brief_is_english_or_says_it_is_not(tmp_path, capsys):
    brief = json_brief(tmp_path, capsys)
    assert brief.lang == "en" and brief.claims
    for claim in shown(brief) + brief.more_claims:
        arabic = any("\u0600" <= ch <= "\u06ff" for ch in claim.text)
        assert not arabic or claim.text.startswith(UNRENDERED), claim.text
    # Without a model there is no checked rendering: every claim says so, and prints its source words.
    assert all(source_words(c) in c.text for c in brief.claims)


def test_a_brief_is_at_most_300_words_by_default_and_n_with_words(tmp_path, capsys):
    brief = json_brief(tmp_path, capsys)
    assert 200 < words(brief) <= 300 and brief.more_claims
    short = json_brief(tmp_path, capsys, "--words", "120")
    assert 0 < words(short) <= 120 and len(short.claims) < len(brief.claims)
    assert len(short.claims) + len(short.more_claims) >= len(brief.claims)


def test_a_budget_below_a_headline_and_a_claim_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["brief", str(SEEDS), "--records", str(GOLD), "--no-prose", "--words", "20"])
    assert "at least 60 words" in capsys.readouterr().err


def test_no_claim_twice_and_the_headline_not_a_key_point(tmp_path, capsys):
    for lang in ("en", "ar"):
        brief = json_brief(tmp_path, capsys, "--lang", lang)
        spans = [(e.doc_id, e.start, e.end) for c in brief.claims for e in c.citations]
        assert len(spans) == len(set(spans)), "a passage cited by two claims"
        headline = {(e.doc_id, e.start, e.end) for e in brief.headline.citations}
        assert not headline & set(spans)
        texts = [source_words(c) for c in shown(brief)]
        for i, a in enumerate(texts):
            assert all(overlap(a, b) < 0.8 for b in texts[:i]), a


def test_an_arabic_brief_prints_its_sources_words(tmp_path, capsys):
    brief = json_brief(tmp_path, capsys, "--lang", "ar")
    for claim in shown(brief):
        assert source_words(claim) in claim.text and UNRENDERED not in claim.text
    assert words(brief) <= 300


def test_without_records_the_brief_is_filled_with_central_sentences(seeds):
    (brief,) = build_briefs(seeds, [], lang="ar")
    assert brief.claims and all(c.section == "key_point" and len(c.citations) == 1 for c in brief.claims)
    assert {c.citations[0].doc_id for c in brief.claims} <= set(AMMAN_PAGES)
    assert 200 < words(brief) <= 300


# ---- failed pages -----------------------------------------------------------------------------
FAILED = "001_104e0b002fc97bce"


def test_a_page_whose_extraction_failed_is_shown_as_failed_not_used(seeds, gold_records):
    failed = [Excluded(doc_id=FAILED, reason="extraction failed: GatewayError: timed out")]
    (brief,) = build_briefs(seeds, gold_records, lang="en", failed=failed)
    assert brief.failed == failed and FAILED not in {e.doc_id for e in brief.excluded}
    assert not next(s for s in brief.sources if s.doc_id == FAILED).used
    assert FAILED not in {c.doc_id for claim in shown(brief) + brief.more_claims for c in claim.citations}
    texts = {d.doc_id: d.document.text for d in seeds}
    md, page = render(brief, "md"), render(brief, "html", texts)
    assert FAILED not in md.split("### Used")[1].split("###")[0]
    assert f"### Failed\n\n- **{FAILED}:** extraction failed: GatewayError: timed out" in md
    assert json.loads(render(brief, "json"))["failed"] == [f.model_dump() for f in failed]
    assert "<h3>Failed</h3>" in page and "extraction failed: GatewayError: timed out" in page


def failing_extraction(documents, gateway, save=None):
    return [Extraction(record=MeetingRecord(doc_id=d.doc_id), error="GatewayError: connection refused")
            for d in documents]


def test_no_brief_when_every_page_failed(seeds, monkeypatch, capsys):
    assert build_briefs(seeds, [], failed=[Excluded(doc_id=d.doc_id, reason="x") for d in seeds]) == []
    monkeypatch.setattr(pipeline, "run_extraction", failing_extraction)
    assert main(["brief", str(SEEDS), "--base-url", "http://127.0.0.1:9/v1", "--model", "m"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no brief" in captured.err
    for doc_id in AMMAN_PAGES + [CAIRO_PAGE]:
        assert f"failed {doc_id}: extraction failed: GatewayError: connection refused" in captured.err


def test_one_failed_page_still_gives_a_brief_and_exit_1(seeds, monkeypatch, capsys, gold_records):
    records = {r.doc_id: r for r in gold_records}

    def one_fails(documents, gateway, save=None):
        return [Extraction(record=MeetingRecord(doc_id=d.doc_id), error="GatewayError: timed out") if d.doc_id == FAILED
                else Extraction(record=records[d.doc_id], usage=Usage()) for d in documents]

    monkeypatch.setattr(pipeline, "run_extraction", one_fails)
    code = main(["brief", str(SEEDS), "--no-prose", "--format", "json", "--base-url", "http://127.0.0.1:9/v1",
                 "--model", "m"])
    out = capsys.readouterr().out
    assert code == 1
    brief = Brief.model_validate_json(out)
    assert [f.doc_id for f in brief.failed] == [FAILED]
    assert {s.doc_id for s in brief.sources if s.used} == set(AMMAN_PAGES) - {FAILED}


# ---- pages set aside by their text, before extraction -----------------------------------------
def asked_for(records):
    """A stand-in for the extraction that answers with `records` and notes which pages it was asked."""
    asked: list[list[str]] = []

    def extraction(documents, gateway, save=None):
        asked.append([d.doc_id for d in documents])
        return [Extraction(record=records.get(d.doc_id, MeetingRecord(doc_id=d.doc_id)), usage=Usage())
                for d in documents]

    return extraction, asked


def test_a_page_its_text_places_in_another_event_costs_no_call_and_is_set_aside(seeds, gold_records, monkeypatch,
                                                                                 capsys):
    extraction, asked = asked_for({r.doc_id: r for r in gold_records})
    monkeypatch.setattr(pipeline, "run_extraction", extraction)
    code = main(["brief", str(SEEDS), "--no-prose", "--format", "json", "--base-url", "http://127.0.0.1:9/v1",
                 "--model", "m"])
    brief = Brief.model_validate_json(capsys.readouterr().out)
    assert code == 0 and asked == [sorted(AMMAN_PAGES, key=lambda d: [s.doc_id for s in seeds].index(d))]
    (aside,) = brief.excluded
    assert aside.doc_id == CAIRO_PAGE and "القاهرة" in aside.reason and "عمّان، 2023-11-04" in aside.reason
    # the same reason as when the page is extracted and its record read
    (with_record,) = build_briefs(seeds, gold_records)
    assert with_record.excluded == brief.excluded


def test_all_events_extracts_every_page(seeds, gold_records, monkeypatch, capsys):
    extraction, asked = asked_for({r.doc_id: r for r in gold_records})
    monkeypatch.setattr(pipeline, "run_extraction", extraction)
    main(["brief", str(SEEDS), "--no-prose", "--all-events", "--base-url", "http://127.0.0.1:9/v1", "--model", "m"])
    assert [sorted(pages) for pages in asked] == [sorted(AMMAN_PAGES + [CAIRO_PAGE])]


def test_when_the_records_split_the_main_pages_the_next_event_is_extracted_then(seeds, gold_records, monkeypatch):
    """Text alone joins the four Amman pages; records dated months apart split them into four
    events of one page, so the two copies of the Cairo page are the main event: read them too."""
    cairo = next(d for d in seeds if d.doc_id == CAIRO_PAGE)
    copy = cairo.model_copy(update={"document": cairo.document.model_copy(update={"doc_id": "cairo-copy"})})
    apart = {r.doc_id: r.model_copy(update={"event": r.event.model_copy(update={"date": f"2023-0{k + 1}-01"})})
             for k, r in enumerate(r for r in gold_records if r.doc_id in AMMAN_PAGES)}
    extraction, asked = asked_for(apart)
    monkeypatch.setattr(pipeline, "run_extraction", extraction)
    extractions = pipeline.extract_for_brief([*seeds, copy], gateway=None)
    assert sorted(asked[0]) == sorted(AMMAN_PAGES) and sorted(asked[1]) == sorted([CAIRO_PAGE, "cairo-copy"])
    assert len(asked) == 2 and len(extractions) == 6


def test_events_as_large_as_the_main_one_are_all_read_for_their_records_decide(seeds, gold_records, monkeypatch):
    """One Amman page and the Cairo page: two events of one page each, and the larger record wins
    the tie, whichever page comes first: so both are read."""
    extraction, asked = asked_for({r.doc_id: r for r in gold_records})
    monkeypatch.setattr(pipeline, "run_extraction", extraction)
    pair = [d for d in seeds if d.doc_id in (AMMAN_PAGES[0], CAIRO_PAGE)]
    for pages in (pair, pair[::-1]):
        asked.clear()
        pipeline.extract_for_brief(pages, gateway=None)
        assert [sorted(round) for round in asked] == [sorted([AMMAN_PAGES[0], CAIRO_PAGE])]


def test_with_batch_out_only_the_main_pages_are_written_to_the_batch(seeds, monkeypatch):
    asked: list[list[str]] = []

    def deferred(documents, gateway, save=None):
        asked.append([d.doc_id for d in documents])
        return [Extraction(record=MeetingRecord(doc_id=d.doc_id), error="deferred to the batch file",
                           usage=Usage(deferred=1)) for d in documents]

    monkeypatch.setattr(pipeline, "run_extraction", deferred)
    pipeline.extract_for_brief(seeds, gateway=None)
    assert [sorted(round) for round in asked] == [sorted(AMMAN_PAGES)]
