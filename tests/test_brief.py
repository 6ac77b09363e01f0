"""The brief command end to end from hand-written records, and the checks on model-written prose."""

import json

import pytest

from summarizer.cli import main
from summarizer.evidence import resolves
from summarizer.gateway import Gateway, ModelConfig
from summarizer.group import group
from summarizer.merge import merge
from summarizer.models import Brief
from summarizer.prose import MAX_FACTS_SHOWN, write_prose
from tests.conftest import SEEDS
from tests.replay import Replay, chat_completion
from tests.test_group import CAIRO_PAGE, GOLD, gold_records, seeds  # noqa: F401 (fixtures)


def run_brief(tmp_path, capsys, *extra):
    code = main(["brief", str(SEEDS), "--records", str(GOLD), "--no-prose", *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_brief_from_records_has_the_contract_fields_and_every_citation_resolves(tmp_path, capsys):
    code, out, err = run_brief(tmp_path, capsys, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert {"event", "claims", "conflicts", "excluded", "sources", "usage"} <= data.keys()
    assert data["excluded"][0]["doc_id"] == CAIRO_PAGE and data["excluded"][0]["reason"]
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    brief = Brief.model_validate(data)
    citations = [c for claim in brief.claims for c in claim.citations]
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


# ---- prose: what the model writes is checked against the verified claims -------------------------
@pytest.fixture
def base_brief(seeds, gold_records):
    return merge(group(seeds, gold_records), {d.doc_id: d for d in seeds})


def prose_gateway(tmp_path, answer: dict) -> Gateway:
    replay = Replay([(200, chat_completion(json.dumps(answer, ensure_ascii=False)))])
    config = ModelConfig(base_url="http://replay.invalid/v1", model="m", cache_path=tmp_path / "c.sqlite")
    return Gateway(config, client=replay.client())


def test_prose_sentences_are_kept_only_when_their_facts_support_them(tmp_path, base_brief):
    answer = {
        "headline": {"text": "Blinken met Arab ministers in Amman on 2023-11-04", "facts": [1]},
        "overview": [
            {"text": "The sources report divided positions on a ceasefire.", "facts": [1, 2]},
            {"text": "Ministers agreed on a 72-hour truce.", "facts": [1]},
            {"text": "Nobody cited anything.", "facts": [99]},
        ],
    }
    with prose_gateway(tmp_path, answer) as gateway:
        brief, rejected = write_prose(base_brief, gateway)
    assert brief.headline.text == answer["headline"]["text"]
    assert brief.claims[0].text == "The sources report divided positions on a ceasefire."
    assert brief.claims[0].citations
    assert not any("72-hour" in c.text for c in brief.claims)
    assert len(rejected) == 2 and any("number" in r for r in rejected) and any("no existing fact" in r for r in rejected)
    assert brief.usage.calls == 1


def test_prose_failure_leaves_the_deterministic_brief(tmp_path, base_brief):
    replay = Replay([(200, chat_completion("no json"))] * 3)
    config = ModelConfig(base_url="http://replay.invalid/v1", model="m", cache_path=tmp_path / "c.sqlite")
    with Gateway(config, client=replay.client()) as gateway:
        brief, rejected = write_prose(base_brief, gateway)
    assert brief.headline == base_brief.headline and brief.claims == base_brief.claims
    assert rejected and "prose not written" in rejected[0]


def test_prose_naming_a_person_its_facts_do_not_mention_is_rejected(tmp_path, base_brief):
    shown = sorted(base_brief.claims, key=lambda c: -c.corroboration)[:MAX_FACTS_SHOWN]
    fact = next(i for i, c in enumerate(shown, 1) if "Shoukry" not in c.text and "شكري" not in c.text)
    answer = {
        "headline": {"text": "Arab ministers met in Amman", "facts": [fact]},
        "overview": [{"text": "Shoukry said the talks reflected divergent positions.", "facts": [fact]}],
    }
    with prose_gateway(tmp_path, answer) as gateway:
        brief, rejected = write_prose(base_brief, gateway)
    assert not any(c.text.startswith("Shoukry said the talks") for c in brief.claims)
    assert any("Sameh Shoukry" in r for r in rejected), rejected
