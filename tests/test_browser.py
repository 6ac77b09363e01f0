"""The seeds' HTML digest in a real browser (headless Chromium from the distribution's packages,
driven by Playwright): Arabic renders right to left, every citation link lands on its highlighted
passage, nothing is fetched from the network and no script from an article runs.

The inbox is the five seed pages plus a copy of one of them whose paragraphs carry a script, an
event handler and a remote image as text, where the digest quotes them. Set SUMMARIZER_SCREENSHOT=FILE.png to keep the
screenshot of the digest's first screen (it is always written under the test's tmp folder).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from summarizer.cli.commands import main
from tests.conftest import GOLD, SEEDS

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')")

RISKY = ("<script>window.articleScriptRan = true; document.title = 'script ran'</script>"
         '<img src="http://tracker.invalid/pixel.png" onerror="window.articleScriptRan = true">')


def chromium() -> str:
    """The distribution's Chromium, installed with apt-get when missing; skip when it cannot be."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium", "fonts-noto-core"]):
            subprocess.run(command, check=True, capture_output=True, timeout=900, env=environment)
    except (OSError, subprocess.SubprocessError) as error:
        pytest.skip(f"Chromium is not installed and `apt-get install -y chromium` failed here ({error}); "
                    "install it to run the browser check")
    found = shutil.which("chromium")
    if not found:
        pytest.skip("`apt-get install -y chromium` ran but no chromium is on PATH")
    return found


@pytest.fixture(scope="module")
def digest_page(tmp_path_factory) -> Path:
    """The Arabic HTML digest of the seeds plus an HTML copy of seed 001 with a script in its paragraphs."""
    folder = tmp_path_factory.mktemp("browser")
    inbox = folder / "inbox"
    shutil.copytree(SEEDS, inbox)
    source = (SEEDS / "001_104e0b002fc97bce.txt").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in source.split("\n\n") if p.strip()]
    # Saved as text, the markup stays in the page's text (an HTML page is read as the text a browser
    # shows, scripts dropped): the digest must print it, never run it.
    (inbox / "risky_001.txt").write_text("\n\n".join(f"{p} {RISKY}" for p in paragraphs) + "\n", encoding="utf-8")
    page = folder / "digest.html"
    code = main(["daily", str(inbox), "--records", str(GOLD), "--no-prose", "--lang", "ar", "--format", "html",
                 "-o", str(page)])
    assert code == 0
    text = page.read_text(encoding="utf-8")
    assert "risky_001" in text and "&lt;script&gt;" in text, "the article's script is not among the quoted passages"
    return page


@pytest.fixture(scope="module")
def browser():
    executable = chromium()
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def opened(browser, digest_page, tmp_path_factory):
    """The digest loaded in a 1200x1400 window; every request the page made, in order."""
    page = browser.new_page(viewport={"width": 1200, "height": 1400})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())  # the network is never reached
    page.goto(digest_page.as_uri())
    page.wait_for_load_state("load")
    screenshot = tmp_path_factory.mktemp("screenshot") / "daily-seeds.png"
    page.screenshot(path=str(screenshot))
    if os.environ.get("SUMMARIZER_SCREENSHOT"):
        shutil.copy(screenshot, os.environ["SUMMARIZER_SCREENSHOT"])
    yield page, requests
    page.close()


def test_arabic_text_renders_right_to_left(opened):
    page, _ = opened
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # The first claim of the brief: its first letter is drawn to the right of its last one.
    first_right, last_left = page.evaluate("""() => {
        const text = [...document.querySelectorAll('article.event section li')].flatMap(item => [...item.childNodes])
            .find(n => n.nodeType === Node.TEXT_NODE && /[\\u0600-\\u06ff]{3}/.test(n.data) && n.data.length > 30);
        const range = document.createRange();
        range.setStart(text, 0); range.setEnd(text, 1);
        const first = range.getBoundingClientRect().right;
        const end = text.data.trimEnd().length;
        range.setStart(text, end - 1); range.setEnd(text, end);
        return [first, range.getBoundingClientRect().left];
    }""")
    assert first_right > last_left
    passages = page.locator("#event-1-passages span[dir=rtl]")
    assert passages.count() > 0
    assert passages.first.evaluate("el => getComputedStyle(el).direction") == "rtl"


def test_every_citation_link_lands_on_its_highlighted_passage(opened, digest_page):
    page, _ = opened
    texts = {p.stem: p.read_text(encoding="utf-8") for p in digest_page.parent.glob("inbox/*.txt")}
    links = page.locator("article.event a[href^='#event-1-cite-']")
    count = links.count()
    assert count > 10
    for index in range(count):
        link = links.nth(index)
        target = link.get_attribute("href")[1:]
        prefix, start, end = re.fullmatch(r"\[(.+?)…?:(\d+)–(\d+)\]", link.inner_text().strip()).groups()
        link.click()
        landed = page.evaluate("""target => {
            const item = document.getElementById(target), mark = item.querySelector('mark');
            const box = mark.getBoundingClientRect();
            return {hash: location.hash, text: mark.textContent, visible: box.top >= 0 && box.bottom <= innerHeight};
        }""", target)
        (doc_id,) = [d for d in texts if d.startswith(prefix)]
        assert landed["hash"] == f"#{target}" and landed["visible"], (target, landed)
        assert landed["text"] == texts[doc_id][int(start):int(end)]


def test_nothing_is_fetched_and_no_article_script_runs(opened, digest_page):
    page, requests = opened
    assert requests == [digest_page.as_uri()]
    assert page.evaluate("document.scripts.length") == 0
    assert page.evaluate("window.articleScriptRan") is None
    assert page.title() == "الموجز اليومي"
    assert page.evaluate("document.images.length") == 0
