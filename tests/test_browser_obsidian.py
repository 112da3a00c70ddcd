"""Obsidian's callouts and highlights in headless Chromium, as Anki shows the cards: readable
in light and night mode, folded callouts opened too (see test_browser for the checks)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import Anki, build
from test_browser import ARTIFACTS, _card_document, _check, _screenshot, browser  # noqa: F401

pytestmark = pytest.mark.browser

VAULT = Path(__file__).parent / "fixtures" / "vault"
NOW = 1_767_225_600
OPEN_EVERY_FOLD = "document.querySelectorAll('details').forEach(d => d.open = true);"
# What the marks and callouts look like: each one's text colour and background.
LOOKS = """
const looks = el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor];
return {
  marks: [...document.querySelectorAll("mark")].map(looks),
  callouts: [...document.querySelectorAll("blockquote.callout")].map(
    q => [q.className, q.querySelector("strong").textContent, q.checkVisibility()]),
};
"""


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_callouts_and_highlights_read_well(browser: Any, tmp_path: Path, dark: bool) -> None:  # noqa: F811
    report = build([VAULT], tmp_path / "vault.apkg", now=NOW, use_cache=False)
    anki = Anki(tmp_path / "collection.anki2")
    try:
        anki.import_package(report.output)
        answers = {}
        for card_id in anki.col.find_cards(""):
            card = anki.col.get_card(card_id)
            answer = card.answer()
            if "callout" in answer or "<mark>" in answer:
                answers[card.note().fields[0]] = answer
    finally:
        anki.close()
    assert {"What is a layer?", "How do CMD and ENTRYPOINT differ?"} <= set(answers)
    mode = "dark" if dark else "light"
    seen: dict[str, Any] = {"marks": [], "callouts": []}
    for number, (title, answer) in enumerate(sorted(answers.items())):
        page = tmp_path / f"obsidian-{number}-{mode}.html"
        page.write_text(_card_document(answer, dark), encoding="utf-8")
        browser.get(page.as_uri())
        browser.execute_script(OPEN_EVERY_FOLD)
        _check(browser, f"{title} ({mode})", dark)
        looks = browser.execute_script(LOOKS)
        seen["marks"] += looks["marks"]
        seen["callouts"] += looks["callouts"]
        _screenshot(browser, ARTIFACTS / "obsidian" / f"{number}-{mode}.png", 900)
    assert seen["marks"] and all(colour != background for colour, background in seen["marks"])
    assert ["callout callout-tip", "Remember", True] in seen["callouts"]
    assert ["callout callout-warning", "Shell form", True] in seen["callouts"]
