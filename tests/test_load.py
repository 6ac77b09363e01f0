import shutil
from pathlib import Path

import pytest

from summarizer.stages.load import LoadError, _resolved, decode, expand, load_file, load_paths
from tests.conftest import ROOT, SEED_IDS, SEEDS, seed_path


def test_seed_folder_loads_every_page_with_stem_ids_and_exact_text():
    loaded = load_paths([SEEDS])
    assert loaded.errors == []
    assert [d.doc_id for d in loaded.documents] == SEED_IDS
    for document in loaded.documents:
        assert document.text == Path(document.path).read_bytes().decode("utf-8")


def test_utf8_bom_is_removed_so_offsets_start_at_the_first_character(tmp_path):
    text = seed_path("000").read_text(encoding="utf-8")
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (document,) = load_paths([tmp_path]).documents
    assert document.text == text
    assert document.encoding == "utf-8-sig"


def test_windows_1256_arabic_decodes_to_the_same_text(tmp_path):
    text = "قال وزير الخارجية الأردني أيمن الصفدي إن النقاش كان شاملا"
    (tmp_path / "legacy.txt").write_bytes(text.encode("cp1256"))
    (document,) = load_paths([tmp_path]).documents
    assert document.text == text
    assert document.encoding == "cp1256"


@pytest.mark.parametrize(
    "content, message",
    [(b"", "empty file"), (b"  \n\t ", "empty file"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary")],
)
def test_bad_files_get_one_line_errors_naming_the_file_and_the_rest_still_loads(tmp_path, content, message):
    (tmp_path / "bad.txt").write_bytes(content)
    (tmp_path / "good.txt").write_text(seed_path("004").read_text(encoding="utf-8"), encoding="utf-8")
    loaded = load_paths([tmp_path])
    assert [d.doc_id for d in loaded.documents] == ["good"]
    (error,) = loaded.errors
    assert "bad.txt" in error and message in error and "\n" not in error


def test_missing_path_and_oversized_file_are_reported_not_raised(tmp_path):
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"a" * 5_000_001)
    loaded = load_paths([tmp_path / "nope.txt", huge])
    assert loaded.documents == []
    assert any("no such file" in e for e in loaded.errors)
    assert any("huge.txt" in e and "limit" in e for e in loaded.errors)


def test_two_pages_of_one_name_in_two_folders_are_both_read_and_told_apart(tmp_path):
    """An Arabic translation and its English original often share a file name (MultiLing's
    M0000.txt in ar/ and en/): both are pages; the second is named with its folder."""
    (tmp_path / "ar").mkdir()
    (tmp_path / "en").mkdir()
    (tmp_path / "ar" / "M0000.txt").write_text("نص عربي طويل بما يكفي ليكون مقالا.", encoding="utf-8")
    (tmp_path / "en" / "M0000.txt").write_text("An English text long enough to be an article.", encoding="utf-8")
    loaded = load_paths([tmp_path / "ar", tmp_path / "en", tmp_path / "en" / "M0000.txt"])
    assert [d.doc_id for d in loaded.documents] == ["M0000", "en-M0000"] and not loaded.errors


def test_decode_refuses_data_that_is_neither_utf8_nor_arabic_text():
    with pytest.raises(LoadError):
        decode(bytes(range(1, 32)) * 50, "noise.txt")


def test_a_pipe_or_device_is_one_line_not_a_hang(tmp_path):
    """`/dev/zero` or a FIFO named on the command line read forever or blocked, and a FIFO inside
    a folder was passed over without a word. Both are FIFOs here: any file that is not a regular
    one is refused before it is opened."""
    import os

    named = tmp_path / "named.txt"
    os.mkfifo(named)
    fifo = tmp_path / "inbox" / "feed.txt"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    shutil.copy(SEEDS / "000_88ee41043186e22b.txt", fifo.parent / "page.txt")
    loaded = load_paths([named, fifo.parent])
    assert [d.doc_id for d in loaded.documents] == ["page"]
    assert loaded.errors == [
        f"{named}: not a regular file (a pipe, socket or device); only files are read",
        f"{fifo}: not a regular file (a pipe, socket or device); only files are read"]


def _reads_all_but_cairo(path: Path):
    """A stage's reader that a page breaks: pydantic's ValidationError, a ValueError of many lines."""
    from summarizer.models import Evidence

    if path.stem.startswith("002"):
        Evidence(doc_id=path.stem, quote="ab", start=0, end=5)
    return load_file(path)


def test_a_page_that_breaks_a_stages_reader_is_one_line_and_the_rest_is_read():
    loaded = load_paths([SEEDS], read=_reads_all_but_cairo)
    assert [d.doc_id for d in loaded.documents] == [i for i in SEED_IDS if not i.startswith("002")]
    (error,) = loaded.errors
    assert error.startswith(str(seed_path("002"))) and "ValidationError" in error and "\n" not in error


def test_a_symbolic_link_loop_is_one_line_and_the_rest_is_read(tmp_path):
    shutil.copy(SEEDS / "000_88ee41043186e22b.txt", tmp_path / "page.txt")
    (tmp_path / "l1.txt").symlink_to(tmp_path / "l2.txt")
    (tmp_path / "l2.txt").symlink_to(tmp_path / "l1.txt")
    loaded = load_paths([tmp_path])
    assert [d.doc_id for d in loaded.documents] == ["page"]
    assert loaded.errors == [f"{tmp_path / name}: a symbolic link that leads back to itself" for name in ("l1.txt", "l2.txt")]


def test_a_folder_linked_into_the_inbox_is_read_once_and_a_link_back_is_one_line(tmp_path):
    """rglob passed over linked folders without a word; a link to a folder holding the inbox would
    read the inbox again and everything beside it."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "elsewhere").symlink_to(SEEDS, target_is_directory=True)
    (inbox / "again").symlink_to(SEEDS, target_is_directory=True)
    (inbox / "up").symlink_to(tmp_path, target_is_directory=True)
    for name, other in (("a", "b"), ("b", "a")):  # two folders linked into each other
        (inbox / name).mkdir()
        shutil.copy(SEEDS / "000_88ee41043186e22b.txt", inbox / name / f"page-{name}.txt")
    (inbox / "a" / "to-b").symlink_to(inbox / "b", target_is_directory=True)
    (inbox / "b" / "to-a").symlink_to(inbox / "a", target_is_directory=True)
    outside = tmp_path / "outside"  # a folder linked in that links up to what holds it, beside the inbox
    (outside / "x").mkdir(parents=True)
    (outside / "private").mkdir()
    shutil.copy(SEEDS / "000_88ee41043186e22b.txt", outside / "x" / "page-x.txt")
    shutil.copy(SEEDS / "000_88ee41043186e22b.txt", outside / "private" / "not-in-the-inbox.txt")
    (outside / "x" / "up").symlink_to(outside, target_is_directory=True)
    (inbox / "x").symlink_to(outside / "x", target_is_directory=True)
    loaded = load_paths([inbox, inbox])  # named twice: each line once
    assert [d.doc_id for d in loaded.documents] == ["page-a", *SEED_IDS, "page-b", "page-x"]
    assert len(expand([inbox])) == len(loaded.documents)  # each listed once, not forty times round the loop
    assert loaded.errors == [f"{inbox / 'up'}: a link to a folder that holds it, not followed",
                             f"{inbox / 'x' / 'up'}: a link to a folder that holds it, not followed"]


def test_a_folder_that_cannot_be_listed_is_one_line_and_the_rest_is_read(tmp_path, monkeypatch):
    import os

    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "page.txt").write_text("A page nobody may list.", encoding="utf-8")
    listable = os.scandir

    def scandir(folder):  # as for a folder of another user's, mode 0700 (root may list anything)
        if Path(folder).name == "private":
            raise PermissionError(13, "Permission denied", str(folder))
        return listable(folder)

    monkeypatch.setattr(os, "scandir", scandir)
    loaded = load_paths([tmp_path])
    assert [d.doc_id for d in loaded.documents] == SEED_IDS
    assert loaded.errors == [f"{tmp_path / 'private'}: folder not read (Permission denied)"]


def _slow_read(path: Path):
    """A reader that says which process read the page and takes its time."""
    import os
    import time

    (path.parent.parent / "readers" / str(os.getpid())).touch()
    time.sleep(0.05)
    return load_file(path)


def test_reader_processes_end_when_their_parent_is_killed(tmp_path):
    """SIGTERM to the command alone (not its process group) left its readers waiting for work
    forever, holding the caller's pipes open."""
    import contextlib
    import os
    import signal
    import subprocess
    import sys
    import time

    (tmp_path / "inbox").mkdir()
    (tmp_path / "readers").mkdir()
    for k in range(1000):
        (tmp_path / "inbox" / f"p{k}.txt").write_text("Storm hits the harbour town of Aqaba tonight.\n")
    script = ("import sys; from pathlib import Path; from tests.test_load import _slow_read; "
              "from summarizer.stages.load import load_paths; load_paths([Path(sys.argv[1])], read=_slow_read, workers=2)")
    command = subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "inbox")], cwd=ROOT,
                               stdout=subprocess.PIPE)
    while len(list((tmp_path / "readers").iterdir())) < 2:
        time.sleep(0.1)
    command.send_signal(signal.SIGTERM)
    try:
        command.communicate(timeout=10)  # ends when every process holding its stdout has ended
    except subprocess.TimeoutExpired:
        for reader in (tmp_path / "readers").iterdir():  # not to leave them behind when the test fails
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(reader.name), signal.SIGKILL)
        pytest.fail("the readers outlived their killed parent, holding its stdout open")


def test_a_path_resolves_as_pathlib_resolves_it_each_folder_once(tmp_path, monkeypatch):
    """A file named twice is read once by its resolved path; a folder's is worked out once for its
    files, and a link or a name ending in ".." is resolved whole (`load._resolved`)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("text", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    (tmp_path / "b.txt").symlink_to(tmp_path / "real" / "a.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    names = ["real/a.txt", "./real/a.txt", "linked/a.txt", "linked/../b.txt", "b.txt", "dangling.txt", "missing.txt",
             "real/../real/a.txt", "missing/..", "real/..", "real/a.txt/..", str(tmp_path / "linked" / "a.txt")]
    folders: dict[str, str] = {}
    assert [_resolved(Path(name), folders) for name in names] == [str(Path(name).resolve()) for name in names]


def test_control_characters_are_no_page_text(tmp_path):
    """ESC sequences go, other systems' line breaks become lines, and C1 controls are the Windows-1252
    punctuation Latin-1 decoding read them as."""
    page = tmp_path / "page.txt"
    news = "\nThe ministers met in Amman on Saturday and spoke of the war for three hours." * 6  # mostly text
    page.write_text("Talks \x1b[31mended\x1b[0m.\rMac line\x0bvertical\x0cpage\r\nWindows line don\x92t\x85\x81" + news,
                    encoding="utf-8")
    assert load_file(page).text == "Talks [31mended[0m.\nMac line\nvertical\npage\r\nWindows line don’t…" + news
