"""Hostile and unlucky input files, made from the real seed pages: legacy and UTF-16 encodings,
NUL bytes, HTML pages (entities, scripts, an unclosed <script>, navigation), invisible and bidi
control characters, and a page saved as one 4.5 MB line without a full stop. Each is read as
the text a reader sees, or refused with one line naming the file; no model is needed except
for the long line, which a fake endpoint (`tests.fake_endpoint`) answers."""

from __future__ import annotations

import errno
import html
import json
import re
import shutil
from pathlib import Path

import pytest

from summarizer.lang.arabic import MAX_SENTENCE_CHARS
from summarizer.stages.clean import clean
from summarizer.cli.commands import main
from summarizer.checks.evidence import body_sentences, locate, resolves
from summarizer.stages.load import load_file, load_paths
from summarizer.models import Brief
from tests.conftest import GOLD, SEEDS, SEED_IDS, seed_path
from tests.fake_endpoint import obey
from tests.replay import Recording

SPANISH = ("Mañana el señor García, ministro de Asuntos Exteriores, se reunirá en Ammán con sus homólogos "
           "árabes para pedir un alto el fuego inmediato en Gaza y la entrega de ayuda humanitaria.")
GERMAN = ("Der Außenminister äußerte sich am Samstag in Amman über die Gespräche: Die Lage in Gaza sei "
          "äußerst ernst, die Hilfe müsse schnell und ungehindert ankommen.")
ZWSP, RLO, LRM, PDF = "\u200b", "\u202e", "\u200e", "\u202c"


def seed_text(prefix: str) -> str:
    return seed_path(prefix).read_text(encoding="utf-8")


def run(capsys, *arguments: str) -> tuple[int, list[str], str]:
    """Exit status, stderr lines and stdout of `summarizer ARGUMENTS`; never a traceback."""
    status = main(list(arguments))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return status, captured.err.splitlines(), captured.out


# ---- encodings ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [SPANISH, GERMAN])
def test_latin1_spanish_and_german_are_read_as_latin_not_as_arabic(tmp_path, text):
    (tmp_path / "latin.txt").write_bytes(text.encode("latin-1"))
    (document,) = load_paths([tmp_path]).documents
    assert document.text == text and document.encoding == "cp1252"


@pytest.mark.parametrize("encoding", ["cp1256", "iso8859_6", "utf-16", "utf-16-be-bom", "utf-32"])
def test_every_seed_in_a_legacy_arabic_or_utf16_encoding_reads_as_its_text(tmp_path, encoding):
    for doc_id in SEED_IDS:
        text = seed_text(doc_id[:3])
        if encoding == "utf-16-be-bom":
            data = b"\xfe\xff" + text.encode("utf-16-be")
        else:  # a letter the legacy code page lacks (ی in 003) was never in such a file
            data = text.encode(encoding, errors="replace")
        (tmp_path / f"{doc_id}.txt").write_bytes(data)
        expected = data.decode("utf-16" if encoding.startswith("utf-16") else encoding)
        assert load_file(tmp_path / f"{doc_id}.txt").text == expected.removeprefix("\ufeff")


def test_a_nul_byte_anywhere_refuses_the_file_with_one_line(tmp_path, capsys):
    text = seed_text("003")
    data = text.encode("utf-8")
    cut = data.index(b" ", 9_000)  # past the first 8 KB, where NULs used to pass
    (tmp_path / "nul.txt").write_bytes(data[:cut] + b"\x00" + data[cut:])
    (tmp_path / "nul16.txt").write_bytes(("\ufeff" + text[:500] + "\x00" + text[500:]).encode("utf-16-le"))
    at = len(data[:cut].decode("utf-8"))
    status, lines, out = run(capsys, "extract", str(tmp_path / "nul.txt"), str(tmp_path / "nul16.txt"))
    assert status == 1 and out == ""
    assert lines == [
        f"summarizer: skipped {tmp_path / 'nul.txt'}: binary file (a NUL character at offset {at:,}), not text",
        f"summarizer: skipped {tmp_path / 'nul16.txt'}: binary file (a NUL character at offset 500), not text",
        f"summarizer: no readable articles in {tmp_path / 'nul.txt'} {tmp_path / 'nul16.txt'}",
    ]


# ---- HTML -------------------------------------------------------------------------------------
LEAKED = "نص داخل سكريبت لم يغلق لا يجوز أن يقتبس"


def news_page(text: str) -> str:
    """Seed text as a scraped news page: head, menu, entities, inline markup, footer, and an
    unclosed <script> with text after it."""
    lines = [line for line in text.splitlines() if line.strip()]
    paragraphs = []
    for i, line in enumerate(lines):
        if i % 2:  # every other paragraph writes its alefs as numeric entities
            line = "".join("&#1575;" if ch == "ا" else html.escape(ch) for ch in line)
        else:
            line = html.escape(line).replace(" ", " <b></b>", 1)
        paragraphs.append(f"<p>{line}</p>")
    return (
        "<!DOCTYPE html><html><head><title>بلينكن | شينخوا</title><style>p { color: red }</style>"
        "<script>var tracker = 'وزير الخارجية';</script></head><body>"
        "<nav><a href='/'>الرئيسية</a> | <a href='/world'>العالم</a> | <a href='/sport'>رياضة</a></nav>"
        "<article>" + "\n".join(paragraphs) + "</article>"
        "<aside>الأكثر قراءة: عنوان خبر آخر لا علاقة له بالاجتماع</aside>"
        "<footer>جميع الحقوق محفوظة</footer>"
        f'<script>var leaked = "{LEAKED}";\n<p>فقرة بعد السكريبت غير المغلق</p></body></html>'
    )


def words_per_line(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def test_an_html_page_reads_as_the_text_a_browser_shows(tmp_path):
    page = tmp_path / "001_104e0b002fc97bce.html"
    page.write_text(news_page(seed_text("001")), encoding="utf-8")
    document = load_file(page)
    assert words_per_line(document.text) == words_per_line(seed_text("001"))
    assert document.path == str(page)
    for absent in ("&#", "&quot;", "<", "tracker", "بلينكن | شينخوا", "رياضة", "الأكثر قراءة", "الحقوق", LEAKED,
                   "بعد السكريبت"):
        assert absent not in document.text


def test_an_html_page_nested_300_deep_is_read_whole(tmp_path):
    """Past 255 levels of markup libxml2 stopped reading, and the page was skipped as having "no text
    outside markup"; the parser reads huge trees now (to 2,048 levels)."""
    page = tmp_path / "001_104e0b002fc97bce.html"
    nested = (news_page(seed_text("001")).replace("<article>", "<div>" * 300 + "<article>")
              .replace("</article>", "</article>" + "</div>" * 300))
    page.write_text(nested, encoding="utf-8")
    assert words_per_line(load_file(page).text) == words_per_line(seed_text("001"))


def copy_gold_record(doc_id: str, folder: Path, change=lambda text: text) -> Path:
    folder.mkdir(exist_ok=True)
    record = GOLD / f"{doc_id}.json"
    (folder / record.name).write_text(change(record.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def test_a_brief_of_an_html_page_cites_its_text_and_links_the_page(tmp_path, capsys):
    page = tmp_path / "001_104e0b002fc97bce.html"
    page.write_text(news_page(seed_text("001")), encoding="utf-8")
    records = copy_gold_record(page.stem, tmp_path / "records")
    base = ["brief", str(page), "--records", str(records), "--no-prose"]
    status, lines, out = run(capsys, *base, "--format", "json")
    assert status == 0, lines
    shutil.copy(seed_path("001"), tmp_path / f"{page.stem}.txt")
    _, lines_of_text, _ = run(capsys, "brief", str(tmp_path / f"{page.stem}.txt"), "--records", str(records),
                              "--no-prose", "--format", "json")
    assert lines == lines_of_text  # the page's text keeps every item the text file keeps
    brief = Brief.model_validate_json(out)
    text = load_file(page).text
    citations = [c for claim in [brief.headline, *brief.claims, *brief.more_claims] for c in claim.citations]
    assert citations and all(resolves(c, text) for c in citations)
    assert brief.sources[0].path == str(page)
    status, lines, out = run(capsys, *base, "--format", "html")
    assert status == 0 and f'<a href="{page.resolve().as_uri()}">' in out
    assert LEAKED not in out and "&amp;#1575;" not in out


# ---- invisible and bidi control characters --------------------------------------------------------
def sprinkle(text: str) -> str:
    """Zero-width spaces inside Arabic words, a right-to-left override and direction marks."""
    text = re.sub(r"([\u0621-\u064a]{2})([\u0621-\u064a]{2})", lambda m: m.group(1) + ZWSP + m.group(2), text)
    return text.replace("بلينكن", f"{RLO}بلينكن{PDF}").replace("عمان", f"{LRM}عمان")


def test_invisible_and_bidi_characters_are_removed_when_a_page_is_read(tmp_path):
    (tmp_path / "000.txt").write_text(sprinkle(seed_text("000")), encoding="utf-8")
    assert load_file(tmp_path / "000.txt").text == seed_text("000")


def test_a_quote_with_a_zero_width_space_inside_a_word_is_found(seed):
    document = seed("001")
    quote = "أكد وزير الخارجية الأمريكي أنتوني بلينكن"
    evidence = locate(document, f"أكد وز{ZWSP}ير الخارجية الأمر{ZWSP}يكي {RLO}أنتوني بلينكن{PDF}")
    assert evidence.quote == quote and resolves(evidence, document.document.text)


def test_a_record_file_sprinkled_with_invisible_characters_gives_the_same_clean_brief(tmp_path, capsys):
    doc_id = SEED_IDS[0]
    shutil.copy(seed_path("000"), tmp_path / f"{doc_id}.txt")
    outputs = {}
    for name, change in (("plain", lambda text: text), ("sprinkled", sprinkle)):
        records = copy_gold_record(doc_id, tmp_path / name, change)
        for fmt in ("md", "json", "html"):
            status, lines, out = run(capsys, "brief", str(tmp_path / f"{doc_id}.txt"), "--records", str(records),
                                     "--no-prose", "--format", fmt)
            assert status == 0, lines
            outputs[name, fmt] = out
    for fmt in ("md", "json", "html"):
        assert outputs["sprinkled", fmt] == outputs["plain", fmt]
        assert not re.search(f"[{ZWSP}{RLO}{LRM}{PDF}]", outputs["sprinkled", fmt])


# ---- a page saved as one huge line --------------------------------------------------------------
def test_a_45_mb_page_on_one_line_without_full_stops_reaches_the_model_as_sentences(tmp_path, capsys, fake):
    one_line = re.sub(r"[.!?؟\n]+", " ", seed_text("000"))
    page = tmp_path / "one-line.txt"
    page.write_text(one_line * (4_500_000 // len(one_line.encode("utf-8")) + 1), encoding="utf-8")
    assert page.stat().st_size > 4_500_000 and "\n" not in page.read_text(encoding="utf-8")
    sentences = body_sentences(clean(load_file(page)))
    assert len(sentences) > 2000 and max(len(s.quote) for s in sentences) <= MAX_SENTENCE_CHARS

    draft = {"event": {"sentence": 1, "date": None, "city": None, "kind": "meeting"}, "participants": [],
             "statements": [], "agreements": [], "disagreements": [], "outcomes": []}
    server = fake(obey(lambda request: json.dumps(draft)))
    status, lines, out = run(capsys, "extract", str(page), "--json", "--base-url", server.url, "--model", "fake")
    assert status == 0, lines
    (request,) = server.requests
    prompt = request["messages"][-1]["content"]
    numbered = re.findall(r"^\[(\d+)\] ", prompt, re.M)
    assert len(numbered) >= 5 and "(shortened to fit; the end is cut)" in prompt
    (extraction,) = json.loads(out)
    assert extraction["truncated"] and extraction["record"]["event"]["evidence"][0]["quote"] == sentences[0].quote


# ---- records files and -o that cannot be used: one line naming them, before any model call ----------
def recorded_extraction(request: dict) -> str:
    """The recorded answer of the embedded model for the article the request shows."""
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    return Recording.load(re.match(r"Article (\S+),", user).group(1)).text()


def records_with(tmp_path: Path, name: str, content: str) -> Path:
    folder = tmp_path / "records"
    shutil.copytree(GOLD, folder)
    (folder / name).write_text(content, encoding="utf-8")
    return folder


def gold_record_changed(change) -> str:
    record = json.loads((GOLD / f"{SEED_IDS[1]}.json").read_text(encoding="utf-8"))
    change(record)
    return json.dumps(record, ensure_ascii=False)


@pytest.mark.parametrize("name, content, problem", [
    (f"{SEED_IDS[1]}.json", '{"doc_id": "x",\n  "participants": [}', "not valid JSON (Expecting value at line 2, column 20)"),
    (f"{SEED_IDS[1]}.json", gold_record_changed(lambda r: r["participants"][0]["evidence"][0].update(start=-5)),
     "not a meeting record: participants.0.evidence.0.start: Input should be greater than or equal to 0 (got -5)"),
    (f"{SEED_IDS[1]}.json", gold_record_changed(lambda r: r["participants"][0].update(name="Z" * 5_000_000)),
     "not a meeting record: participants.0.name: String should have at most 200 characters (got '" + "Z" * 58 + "…)"),
    (f"{SEED_IDS[1]}.json", "[" * 100_000 + "]" * 100_000, "not valid JSON (nested too deeply at line 1, column 1)"),
    ("zz-list.json", "[{\"doc_id\": \"x\"}, {\"event\": 3}]",
     "not a meeting record: doc_id: Field required; 1 more problem"),
])
def test_a_bad_records_file_is_one_line_naming_it_before_any_model_call(tmp_path, capsys, fake, name, content, problem):
    records = records_with(tmp_path, name, content)
    server = fake(obey(recorded_extraction))
    status, lines, out = run(capsys, "brief", str(SEEDS), "--records", str(records), "--base-url", server.url,
                             "--model", "fake")
    where = records / name if name.startswith("0") else f"{records / name} item 2"
    assert (status, out, server.requests) == (2, "", [])
    assert lines[-1] == f"summarizer: error: {where}: {problem}"


def test_records_that_are_not_there_are_one_line(tmp_path, capsys):
    status, lines, _ = run(capsys, "brief", str(SEEDS), "--records", str(tmp_path / "nope"), "--no-prose")
    assert status == 2 and lines == [f"summarizer: error: {tmp_path / 'nope'}: no such file or folder"]
    (tmp_path / "empty").mkdir()
    status, lines, _ = run(capsys, "brief", str(SEEDS), "--records", str(tmp_path / "empty"), "--no-prose")
    assert status == 2 and lines == [f"summarizer: error: {tmp_path / 'empty'}: no .json record files in this folder"]


@pytest.mark.parametrize("command, output, problem", [
    ("brief", "{tmp}", "is a folder; give a file name"),
    ("brief", "{tmp}/seed.txt/brief.md", "cannot write there (Not a directory)"),
    ("brief", "{tmp}/no/such/folder/brief.md", "cannot write there (No such file or directory)"),
    ("extract", "{tmp}/seed.txt", "is a file; give a folder, or a name ending in .json"),
    ("extract", "{tmp}/seed.txt/records", "cannot create this folder (Not a directory)"),
    ("extract", "{tmp}/folder.json", "is a folder; give a file name"),
])
def test_an_unusable_output_is_one_line_before_any_model_call(tmp_path, capsys, fake, command, output, problem):
    shutil.copy(seed_path("000"), tmp_path / "seed.txt")
    (tmp_path / "folder.json").mkdir()
    output = output.format(tmp=tmp_path)
    server = fake(obey(recorded_extraction))
    status, lines, out = run(capsys, command, str(SEEDS), "-o", output, "--base-url", server.url, "--model", "fake")
    assert (status, out, server.requests) == (2, "", [])
    assert lines == [f"summarizer: error: -o {output}: {problem}"]


def test_the_extraction_report_is_this_runs_not_every_runs(tmp_path, capsys, fake):
    server = fake(obey(recorded_extraction))
    for _ in range(2):  # the second run is answered from the cache
        status, lines, _ = run(capsys, "extract", str(SEEDS), "-o", str(tmp_path / "records"),
                               "--base-url", server.url, "--model", "fake")
        assert status == 0, lines
    report = (tmp_path / "records" / "extraction-report.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["doc_id"] for line in report) == SEED_IDS
    assert len(server.requests) == len(SEED_IDS)


def test_a_5_mb_model_answer_does_not_make_a_big_brief(tmp_path, capsys, fake):
    huge = json.dumps({"headline": {"text": "Blinken " * 700_000, "claims": [1]}, "overview": []})
    server = fake(obey(lambda request: huge if "news brief" in request["messages"][0]["content"]
                       else recorded_extraction(request)))
    status, lines, out = run(capsys, "brief", str(SEEDS), "--lang", "ar", "--format", "json",
                             "--base-url", server.url, "--model", "fake")
    assert status == 0, lines
    assert len(huge) > 5_000_000 and len(out) < 100_000
    (left_out,) = [line for line in lines if line.startswith("summarizer: left out: brief text not written")]
    assert f"the answer is {len(huge):,} characters long, more than max_tokens" in left_out


@pytest.mark.parametrize("command", ["brief", "daily"])
def test_an_output_that_is_one_of_the_pages_read_is_refused_and_the_page_kept(tmp_path, capsys, fake, command):
    """`brief inbox/ -o inbox/000….txt` overwrote the article it read, exit 0; `daily inbox/ -o
    inbox/digest.md`, run again the next day, read yesterday's digest as a page."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for doc_id in ("000", "001"):
        shutil.copy(seed_path(doc_id), inbox / seed_path(doc_id).name)
    for output in (inbox / seed_path("000").name, inbox / "digest.md"):
        if not output.exists():
            output.write_text("# yesterday's digest\n\nWhat was written yesterday.\n", encoding="utf-8")
        before = output.read_bytes()
        server = fake(obey(recorded_extraction))
        status, lines, out = run(capsys, command, str(inbox), "-o", str(output), "--base-url", server.url,
                                 "--model", "fake")
        assert (status, out, server.requests) == (2, "", [])
        assert lines == [f"summarizer: error: -o {output}: is one of the pages this command reads; give another name"]
        assert output.read_bytes() == before


def test_a_record_corrected_by_hand_is_kept_when_extract_runs_again(tmp_path, capsys, fake):
    """Re-running `extract … -o records/` silently overwrote a record the user had corrected."""
    server = fake(obey(recorded_extraction))
    records = tmp_path / "records"
    model = ["--base-url", server.url, "--model", "fake"]
    assert run(capsys, "extract", str(SEEDS), "-o", str(records), *model)[0] == 0
    corrected = records / f"{SEED_IDS[1]}.json"
    record = json.loads(corrected.read_text(encoding="utf-8"))
    record["participants"][0]["name_en"] = "Corrected By Hand"
    corrected.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    untouched = (records / f"{SEED_IDS[0]}.json").read_text(encoding="utf-8")

    status, lines, _ = run(capsys, "extract", str(SEEDS), "-o", str(records), *model)
    assert status == 0
    assert f"summarizer: kept {corrected}: changed since extract wrote it (by hand?); --force overwrites it" in lines
    assert "Corrected By Hand" in corrected.read_text(encoding="utf-8")
    assert (records / f"{SEED_IDS[0]}.json").read_text(encoding="utf-8") == untouched
    status, lines, out = run(capsys, "brief", str(SEEDS), "--records", str(records), "--no-prose")  # the folder reads
    assert status == 0 and out, lines

    status, lines, _ = run(capsys, "extract", str(SEEDS), "-o", str(records), "--force", *model)
    assert status == 0 and not any(line.startswith("summarizer: kept") for line in lines)
    assert "Corrected By Hand" not in corrected.read_text(encoding="utf-8")


def test_a_file_name_cannot_take_over_the_terminal_or_forge_a_line(tmp_path, capsys):
    """File names and server text reached the terminal with their ESC sequences, U+202E and
    newlines: a page named to print a fake `summarizer: error:` line printed one."""
    evil = tmp_path / "page\x1b[31m\nsummarizer: error: all pages lost\u202etxt.txt"
    evil.write_text("", encoding="utf-8")
    status, lines, _ = run(capsys, "brief", str(evil), str(seed_path("000")), "--records", str(GOLD), "--no-prose",
                           "--lang", "ar")
    assert status == 1
    assert not any(line.startswith("summarizer: error: all pages lost") for line in lines), lines
    assert not any(ch in "\n".join(lines) for ch in "\x1b\u202e")
    skipped = next(line for line in lines if line.startswith("summarizer: skipped"))
    assert "\\x1b[31m\\nsummarizer: error: all pages lost\\u202etxt.txt: empty file" in skipped


def test_no_control_character_of_a_page_or_a_file_name_reaches_the_brief(tmp_path, capsys):
    """A page's ESC sequences, and a folder name's ESC, BEL and U+202E, were printed raw in the
    brief's Markdown and HTML (a name ending in ESC ] 0 ; … BEL sets the terminal's title)."""
    folder = tmp_path / "in\x1b]0;title\x07\u202e"
    folder.mkdir()
    page = folder / seed_path("000").name  # the seed's name: the hand-written records apply
    page.write_text(seed_path("000").read_text(encoding="utf-8") + "\n\x1b[31mred\x1b[0m and \x9b2J cleared.\n",
                    encoding="utf-8")
    status, _, markdown = run(capsys, "brief", str(page), "--records", str(GOLD), "--no-prose", "--lang", "ar")
    assert status == 0
    status, _, html_page = run(capsys, "brief", str(page), "--records", str(GOLD), "--no-prose", "--lang", "ar",
                               "--format", "html")
    for shown in (markdown, html_page):
        assert not set("\x1b\x07\x9b\u202e") & set(shown)
        assert re.search(r"x1b\W*0;title\W*x07\W*u202e", shown)  # the name is there, escaped


def test_a_full_disk_when_writing_the_brief_is_one_line_and_the_old_file_stays(tmp_path, capsys, monkeypatch):
    output = tmp_path / "brief.md"
    output.write_text("yesterday's brief", encoding="utf-8")
    written = Path.write_text

    def full_disk(path, text, *args, **kwargs):
        if path.name.startswith(".brief.md."):
            written(path, text[:10], *args, **kwargs)
            raise OSError(errno.ENOSPC, "No space left on device")
        return written(path, text, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full_disk)
    status, lines, _ = run(capsys, "brief", str(SEEDS), "--no-prose", "--records", str(GOLD), "-o", str(output))
    assert (status, lines[-1]) == (2, f"summarizer: error: {output}: cannot write (No space left on device); "
                                      "nothing was written")
    assert output.read_text(encoding="utf-8") == "yesterday's brief" and not list(tmp_path.glob(".brief.md.*"))
