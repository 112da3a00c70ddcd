"""Cards and the preview in headless Chromium at phone size: no sideways scroll, readable text.

Every card of the MLOps deck is imported with the real Anki backend and shown as Anki's reviewer
shows it: `card.question()` / `card.answer()` (they start with the note type's `<style>`) in a
`<body class="card">`, with `nightMode` added for dark mode. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import os
import re
import struct
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qadeck.commands.prepare import ReadOptions
from qadeck.commands.preview import PreviewOptions, preview

from conftest import ANSWERS, Anki, build

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# Screenshots go outside the working tree: tests never write into it.
ARTIFACTS = Path(
    os.environ.get("QADECK_TEST_ARTIFACTS") or Path(tempfile.gettempdir()) / "qadeck-test-artifacts"
)
WIDTH, HEIGHT = 390, 844
MIN_CONTRAST = 4.5
NOW = 1_767_225_600

CHECK_PAGE = (Path(__file__).parent / "check_page.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium through its own chromedriver; Selenium Manager never downloads."""
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        message = (
            "needs Debian's chromium and chromium-driver (python3 tasks.py test installs them)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tempfile.TemporaryDirectory(prefix="qadeck-chromium-")
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile.name}",
        f"--window-size={WIDTH},{HEIGHT}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        _viewport(driver, HEIGHT)
        yield driver
    finally:
        driver.quit()
        profile.cleanup()


@pytest.fixture(scope="module")
def card_pages(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str, str]]:
    """(name, question html, answer html) of every card of the built MLOps deck."""
    folder = tmp_path_factory.mktemp("browser")
    report = build([ANSWERS], folder / "mlops.apkg", now=NOW)
    anki = Anki(folder / "collection.anki2")
    try:
        anki.import_package(report.output)
        cards = [anki.col.get_card(cid) for cid in anki.col.find_cards("")]
        cards.sort(key=lambda card: card.due)
        pages = []
        for card in cards:
            title = re.sub(r"[^a-z0-9]+", "-", card.note()["Source"].split("#")[1].lower())
            pages.append(
                (f"{card.due:02d}-{title[:40].strip('-')}", card.question(), card.answer())
            )
    finally:
        anki.close()
    assert len(pages) == report.notes == 34
    return pages


def _viewport(driver: Any, height: int) -> None:
    metrics = {"width": WIDTH, "height": height, "deviceScaleFactor": 1, "mobile": False}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)


def _check(driver: Any, what: str, dark: bool) -> dict[str, Any]:
    result: dict[str, Any] = driver.execute_script(CHECK_PAGE, MIN_CONTRAST)
    assert result["checked"] > 0, what
    assert result["overflow"] <= 0, f"{what}: page scrolls sideways by {result['overflow']}px"
    assert result["failures"] == [], f"{what}: contrast below {MIN_CONTRAST}"
    if dark:
        assert result["background"] < 0.02, f"{what}: dark mode background is not dark"
        assert result["text"] > 0.6, f"{what}: dark mode text is not light"
    else:
        assert result["background"] > 0.9, f"{what}: light mode background is not light"
    return result


def _screenshot(driver: Any, path: Path, height: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    _viewport(driver, min(max(height, HEIGHT), 6000))
    driver.save_screenshot(str(path))
    _viewport(driver, HEIGHT)


def _card_document(body: str, dark: bool) -> str:
    classes = "card nightMode" if dark else "card"
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        f'<body class="{classes}">{body}</body></html>'
    )


# The layout of a back: whether "More" is open and what shows, tables of the short answer
# wider than the card, and words kept whole (qd-nowrap) that a line break split anyway.
LAYOUT = """
const more = document.querySelector("details.qd-more");
// checkVisibility also sees what a closed <details> hides (content-visibility), unlike rects.
const shown = el => !!el && el.checkVisibility();
return {
  more: !!more,
  open: !!more && more.open,
  extra: shown(document.querySelector(".qd-extra")),
  source: shown(document.querySelector(".qd-source")),
  wide: [...document.querySelectorAll(".qd-answer table")]
    .filter(t => t.scrollWidth > t.clientWidth).map(t => t.textContent.slice(0, 40)),
  split: [...document.querySelectorAll(".qd-nowrap")]
    .filter(w => shown(w) && w.getClientRects().length > 1).map(w => w.textContent),
};
"""


def _layout(driver: Any, what: str) -> dict[str, Any]:
    layout: dict[str, Any] = driver.execute_script(LAYOUT)
    assert layout["wide"] == [], f"{what}: a table of the short answer is wider than the card"
    assert layout["split"] == [], f"{what}: inline code broken inside a word"
    return layout


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_mlops_card_reads_well_at_phone_width(
    browser: Any, card_pages: list[tuple[str, str, str]], tmp_path: Path, dark: bool
) -> None:
    mode = "dark" if dark else "light"
    opened = 0
    for name, question, answer in card_pages:
        for side, body in (("front", question), ("back", answer)):
            page = tmp_path / f"{name}-{side}.html"
            page.write_text(_card_document(body, dark), encoding="utf-8")
            browser.get(page.as_uri())
            result = _check(browser, f"{name} {side} ({mode})", dark)
            if side == "front":
                continue
            # The back opens with the short answer alone: the extra part waits behind "More",
            # and the bare source path stays off the card.
            layout = _layout(browser, f"{name} back ({mode})")
            assert (layout["open"], layout["extra"], layout["source"]) == (False, False, False)
            _screenshot(browser, ARTIFACTS / "cards" / f"{name}-{mode}.png", result["height"])
            if not layout["more"]:
                continue
            browser.find_element("css selector", "details.qd-more > summary").click()
            what = f"{name} back, More open ({mode})"
            result = _check(browser, what, dark)
            layout = _layout(browser, what)
            assert (layout["open"], layout["extra"]) == (True, True), what
            _screenshot(browser, ARTIFACTS / "cards" / f"{name}-{mode}-open.png", result["height"])
            opened += 1
    assert opened == 34  # every answer of the deck has an extra part


def test_a_source_link_shows_on_the_card(browser: Any, tmp_path: Path) -> None:
    source = tmp_path / "notes"
    source.mkdir()
    (source / "deck.toml").write_text(
        'name = "N"\nsource-url = "https://example.org/notes"\n', encoding="utf-8"
    )
    (source / "a.md").write_text("# S\n## Q?\nAnswer.\n", encoding="utf-8")
    report = build([source], tmp_path / "n.apkg", now=NOW)
    anki = Anki(tmp_path / "collection.anki2")
    try:
        anki.import_package(report.output)
        (card_id,) = anki.col.find_cards("")
        answer = anki.col.get_card(card_id).answer()
    finally:
        anki.close()
    for dark in (False, True):
        page = tmp_path / f"source-{dark}.html"
        page.write_text(_card_document(answer, dark), encoding="utf-8")
        browser.get(page.as_uri())
        _check(browser, f"source link (dark={dark})", dark)
        assert _layout(browser, "source link")["source"]
        link = browser.find_element("css selector", ".qd-source a")
        assert link.get_attribute("href") == "https://example.org/notes/a.md#q"


KINDS = """\
# World
## Capitals
### Capital of France
The capital of France is {{c1::Paris::city}}, on the {{c2::Seine}}, a river of
`{{c3::776 km}}` written in code.

<!-- more -->
Paris has been the capital since 987.
### Bonjour {.reversed}
Hello, in French: a greeting for the day, `bonjour` in code, and a long word like
Donaudampfschifffahrtsgesellschaftskapitän.

<!-- more -->
*Bonsoir* in the evening.
"""


@pytest.fixture(scope="module")
def kind_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str]]:
    """(front, back) of the first card of a cloze note and the reversed card of another."""
    folder = tmp_path_factory.mktemp("kinds")
    (folder / "world.md").write_text(KINDS, encoding="utf-8")
    report = build([folder / "world.md"], folder / "world.apkg", now=NOW)
    anki = Anki(folder / "collection.anki2")
    try:
        anki.import_package(report.output)
        cards = {}
        for card_id in anki.col.find_cards(""):
            card = anki.col.get_card(card_id)
            name = f"{card.note_type()['name']} {card.ord + 1}"
            cards[name] = (card.question(), card.answer())
    finally:
        anki.close()
    assert set(cards) == {
        "qadeck Cloze 1",
        "qadeck Cloze 2",
        "qadeck Q&A (and reversed card) 1",
        "qadeck Q&A (and reversed card) 2",
    }
    return {"cloze": cards["qadeck Cloze 1"], "reversed": cards["qadeck Q&A (and reversed card) 2"]}


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("kind", ["cloze", "reversed"])
def test_a_cloze_and_a_reversed_card_read_well_at_phone_width(
    browser: Any, kind_pages: dict[str, tuple[str, str]], tmp_path: Path, kind: str, dark: bool
) -> None:
    mode = "dark" if dark else "light"
    question, answer = kind_pages[kind]
    for side, body in (("front", question), ("back", answer)):
        page = tmp_path / f"{kind}-{side}.html"
        page.write_text(_card_document(body, dark), encoding="utf-8")
        browser.get(page.as_uri())
        what = f"{kind} {side} ({mode})"
        result = _check(browser, what, dark)
        if kind == "cloze":
            deletion = browser.find_element("css selector", ".cloze")
            assert deletion.text == ("[city]" if side == "front" else "Paris")
            assert int(deletion.value_of_css_property("font-weight")) >= 700
        _screenshot(browser, ARTIFACTS / "kinds" / f"{kind}-{side}-{mode}.png", result["height"])
        if side == "back":  # the extra part behind "More", as on a Q&A card
            layout = _layout(browser, what)
            assert (layout["more"], layout["open"], layout["extra"]) == (True, False, False)
            browser.find_element("css selector", "details.qd-more > summary").click()
            result = _check(browser, f"{what}, More open", dark)
            assert _layout(browser, what)["extra"]
            _screenshot(browser, ARTIFACTS / "kinds" / f"{kind}-{mode}-open.png", result["height"])


def test_a_decks_own_stylesheet_changes_the_rendered_card(browser: Any, tmp_path: Path) -> None:
    (tmp_path / "look.css").write_text(
        ".qd-question { color: rgb(122, 31, 92); }\n", encoding="utf-8"
    )
    (tmp_path / "a.md").write_text("## What is a pod?\nA group of containers.\n", "utf-8")
    shown = {}
    for styled in (False, True):
        config = 'css = "look.css"\n' if styled else 'name = "Plain"\n'
        (tmp_path / "deck.toml").write_text(config, encoding="utf-8")
        output = tmp_path / f"deck-{styled}.apkg"
        anki = Anki(tmp_path / f"collection-{styled}.anki2")
        try:
            anki.import_package(build([tmp_path], output, now=NOW).output)
            (note,) = anki.notes()
            page = tmp_path / f"card-{styled}.html"
            page.write_text(_card_document(note.cards()[0].question(), False), "utf-8")
        finally:
            anki.close()
        browser.get(page.as_uri())
        element = browser.find_element("css selector", ".qd-question")
        shown[styled] = element.value_of_css_property("color")
    assert shown[True] == "rgba(122, 31, 92, 1)"
    assert shown[False] != shown[True]


def test_preview_page_in_light_and_dark(browser: Any, tmp_path: Path) -> None:
    report = preview(PreviewOptions(ReadOptions([ANSWERS]), tmp_path / "preview.html"))
    browser.get(report.output.as_uri())
    _check(browser, "preview (light)", dark=False)
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "preview-light.png"))

    browser.find_element("id", "qd-theme").click()
    assert browser.execute_script("return document.body.classList.contains('nightMode')")
    _check(browser, "preview (dark)", dark=True)
    browser.save_screenshot(str(ARTIFACTS / "preview-dark.png"))


def test_the_checks_catch_a_bad_page(browser: Any, tmp_path: Path) -> None:
    # The assertions above are only worth something if they fail on a page that is wrong.
    page = tmp_path / "bad.html"
    body = '<p style="color:#aaa">pale</p><pre style="width:600px">wide</pre>'
    page.write_text(_card_document(body, dark=False), encoding="utf-8")
    browser.get(page.as_uri())
    result = browser.execute_script(CHECK_PAGE, MIN_CONTRAST)
    assert result["overflow"] > 0
    assert [failure.split(" ")[:2] for failure in result["failures"]] == [["p.", "2.32"]]


def _png(width: int, height: int) -> bytes:
    """A solid grey PNG, written with the standard library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels))


def test_preview_shows_packaged_images_without_network(browser: Any, tmp_path: Path) -> None:
    (tmp_path / "notes/img").mkdir(parents=True)
    (tmp_path / "notes/img/plot.png").write_bytes(_png(20, 10))
    (tmp_path / "notes/doc.md").write_text("# T\n## Q\n![plot](img/plot.png)\n", encoding="utf-8")
    read = ReadOptions([tmp_path / "notes/doc.md"])
    report = preview(PreviewOptions(read, tmp_path / "out" / "preview.html"))
    browser.get(report.output.as_uri())
    sizes = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const images = [...document.querySelectorAll(".card img")];
        Promise.all(images.map(i => i.decode()))
          .then(() => done(images.map(i => [i.naturalWidth, i.src.slice(0, 22)])));
    """)
    assert sizes == [[20, "data:image/png;base64,"]]
