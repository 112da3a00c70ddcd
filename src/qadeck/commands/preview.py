"""One self-contained HTML page with every card, front and back, as the note type renders it.

The fields go through the note type's own templates, using the small part of Anki's template
language they use: `{{Field}}`, `{{#Field}}…{{/Field}}`, `{{^Field}}…{{/Field}}`,
`{{cloze:Field}}` and `{{FrontSide}}`. Each card a note makes is shown: a reversed card, and
one per cloze deletion number. Packaged images are embedded as data URLs, so the page needs no
network.
"""

from __future__ import annotations

import base64
import html
import json
import mimetypes
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from qadeck.checks.output import check_output
from qadeck.commands.prepare import ReadOptions, prepare
from qadeck.deck.identity import slug
from qadeck.deck.model import Account, Deck, Kind
from qadeck.diagnostics import Diagnostic, Diagnostics, Location
from qadeck.package.kinds import field_values, note_types, preview_css
from qadeck.package.notetype import NoteType
from qadeck.package.rows import card_ords
from qadeck.package.writer import write_atomically
from qadeck.render.cloze import reveal
from qadeck.render.media import MediaFile
from qadeck.render.notes import RenderedDeck

SECTION = re.compile(r"\{\{([#^])\s*([^}]+?)\s*\}\}(.*?)\{\{/\s*\2\s*\}\}", re.DOTALL)
FIELD = re.compile(r"\{\{\s*([^#^/}][^}]*?)\s*\}\}")

PAGE_CSS = """\
body.qd-preview { margin: 0; background: #eaeef2; color: #1f2328;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Arial, sans-serif; }
body.qd-preview.nightMode { background: #010409; color: #e6edf3; }
.qd-page-head { position: sticky; top: 0; z-index: 1; display: flex; align-items: center; gap: 12px;
  flex-wrap: wrap; padding: 10px 14px; background: inherit; border-bottom: 1px solid #d1d9e0; }
.nightMode .qd-page-head { border-color: #3d444d; }
.qd-page-head h1 { font-size: 1.15em; margin: 0; flex: 1 1 12em; }
.qd-page-head button { font: inherit; padding: 6px 12px; border-radius: 6px; cursor: pointer;
  border: 1px solid #59636e; background: #ffffff; color: #1f2328; }
.nightMode .qd-page-head button { background: #161b22; color: #e6edf3; border-color: #9198a1; }
.qd-subdeck { max-width: 44em; margin: 0 auto; padding: 0 8px; }
.qd-subdeck > h2 { font-size: 1em; margin: 24px 6px 8px; overflow-wrap: anywhere; }
.qd-note { margin: 0 0 20px; }
.qd-side { margin: 10px 6px 4px; font-size: 0.8em; font-weight: 600; letter-spacing: 0.04em;
  text-transform: uppercase; color: #424a53; }
.nightMode .qd-side { color: #b7bdc8; }
.qd-note > .card { border-radius: 8px; border: 1px solid #d1d9e0; }
.nightMode .qd-note > .card { border-color: #3d444d; }
"""

PAGE_SCRIPT = """\
const media = JSON.parse(document.getElementById("qd-media").textContent);
for (const image of document.querySelectorAll(".card img")) {
  const name = image.getAttribute("src");
  if (Object.prototype.hasOwnProperty.call(media, name)) image.src = media[name];
}
const button = document.getElementById("qd-theme");
function setDark(dark) {
  document.body.classList.toggle("nightMode", dark);
  button.textContent = dark ? "Light mode" : "Dark mode";
  button.setAttribute("aria-pressed", String(dark));
}
button.addEventListener("click", () => setDark(!document.body.classList.contains("nightMode")));
setDark(location.hash === "#dark");
"""


@dataclass(frozen=True)
class PreviewReport:
    """What the preview wrote and what the user should know about it."""

    output: Path
    cards: int
    diagnostics: tuple[Diagnostic, ...]
    accounts: tuple[Account, ...] = ()  # what each document gave


def render_template(
    template: str, fields: Mapping[str, str], cloze: tuple[int, bool] | None = None
) -> str:
    """Fill an Anki card template: fields, conditional sections and `{{FrontSide}}`, and
    `{{cloze:Field}}` for the deletion number and side in `cloze`."""

    def section(match: re.Match[str]) -> str:
        shown = bool(fields[match[2]].strip()) == (match[1] == "#")
        return render_template(match[3], fields, cloze) if shown else ""

    def field(match: re.Match[str]) -> str:
        name = match[1]
        if name.startswith("cloze:"):
            assert cloze is not None, "a cloze template needs the card's deletion number"
            return reveal(fields[name.removeprefix("cloze:")], *cloze)
        return fields[name]

    return FIELD.sub(field, SECTION.sub(section, template))


def card_sides(kind: NoteType, values: Sequence[str], card_ord: int = 0) -> tuple[str, str]:
    """The front and back HTML of a note's card `card_ord`, as Anki's templates produce them."""
    fields = dict(zip(kind.fields, values, strict=True))
    template = kind.templates[0 if kind.cloze else card_ord]
    number = card_ord + 1
    front = render_template(template.front, fields, (number, True))
    return front, render_template(template.back, {**fields, "FrontSide": front}, (number, False))


def note_cards(kind: NoteType, values: Sequence[str]) -> list[tuple[str, str, str]]:
    """(name, front, back) of each card a note makes; a note of one card has no name."""
    ords = card_ords(kind, values)
    names = [
        f"Cloze {card_ord + 1}" if kind.cloze else kind.templates[card_ord].name
        for card_ord in ords
    ]
    if len(ords) == 1 and not kind.cloze:
        names = [""]
    return [
        (name, *card_sides(kind, values, card_ord))
        for name, card_ord in zip(names, ords, strict=True)
    ]


def preview_page(
    deck: Deck, rendered: RenderedDeck, kinds: Mapping[Kind, NoteType]
) -> tuple[str, int]:
    """The whole page, and how many cards it shows: every card grouped by subdeck, in
    document order, with a theme switch."""
    groups: dict[str, list[str]] = {}
    count = 0
    for note in rendered.notes:
        kind = kinds[note.kind]
        sides = []
        for name, front, back in note_cards(kind, field_values(note.kind, note.fields)):
            label = f"{name}: " if name else ""
            sides.append(
                f'<div class="qd-side">{label}Front</div>\n<div class="card">\n{front}\n</div>\n'
                f'<div class="qd-side">{label}Back</div>\n<div class="card">\n{back}\n</div>\n'
            )
            count += 1
        groups.setdefault(note.deck, []).append(
            '<article class="qd-note">\n' + "".join(sides) + "</article>"
        )
    sections = "\n".join(
        f'<section class="qd-subdeck">\n<h2>{html.escape(name)}</h2>\n'
        + "\n".join(cards)
        + "\n</section>"
        for name, cards in groups.items()
    )
    media = json.dumps({item.name: _data_url(item) for item in rendered.media}, sort_keys=True)
    media = media.replace("</", "<\\/")  # JSON inside <script> must not close the element
    css = preview_css({note.kind for note in rendered.notes}, deck.style)
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(deck.name)}: preview</title>
<style>
{PAGE_CSS}</style>
<style>
{css}</style>
</head>
<body class="qd-preview">
<header class="qd-page-head">
<h1>{html.escape(deck.name)}: {count} card{"" if count == 1 else "s"}</h1>
<button id="qd-theme" type="button" aria-pressed="false">Dark mode</button>
</header>
<main>
{sections}
</main>
<script type="application/json" id="qd-media">{media}</script>
<script>
{PAGE_SCRIPT}</script>
</body>
</html>
"""
    return page, count


def default_preview_output(deck: Deck) -> Path:
    """`dist/<slug of the deck's identity>-preview.html`, beside the package."""
    return Path("dist") / f"{slug(deck.identity)}-preview.html"


@dataclass(frozen=True)
class PreviewOptions:
    """What `preview` is asked: how to read the sources, and where to write the page (None:
    beside the package, see default_preview_output)."""

    read: ReadOptions
    output: Path | None = None


def preview(options: PreviewOptions) -> PreviewReport:
    """Write the preview page; on any error raise QadeckError and write nothing."""
    diagnostics = Diagnostics()
    output = options.output
    if output is not None:
        check_output(output, diagnostics)
        diagnostics.raise_if_errors()
    # The checks build runs, with its options, and the subdeck names it gives.
    inputs, rendered = prepare(options.read, diagnostics)
    deck = inputs.deck
    target = output or default_preview_output(deck)
    if output is None:
        check_output(target, diagnostics)
    diagnostics.raise_if_errors()
    page, cards = preview_page(deck, rendered, note_types(deck.identity, deck.name, deck.style))
    try:
        write_atomically(target, page.encode("utf-8"))
    except OSError as exc:
        diagnostics.error(Location(str(target)), f"cannot write: {exc.strerror or exc}")
        diagnostics.raise_if_errors()
    return PreviewReport(target, cards, tuple(diagnostics.items), inputs.accounts)


def _data_url(item: MediaFile) -> str:
    kind = mimetypes.guess_type(item.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(item.data).decode('ascii')}"
