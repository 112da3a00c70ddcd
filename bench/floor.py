"""The floor: a bare genanki script writing pre-rendered notes. `floor.py NOTES.json OUT.apkg`.

It does the least any converter must: load genanki, create one model, one deck per subdeck and
one note per question from fields rendered beforehand, and write the package.
"""

from __future__ import annotations

import json
import sys

import genanki


def main(notes_path: str, output: str) -> None:
    """Write the notes listed in `notes_path` (JSON) to `output`."""
    with open(notes_path, encoding="utf-8") as file:
        notes = json.load(file)
    model = genanki.Model(
        1_607_392_319,
        "Floor",
        fields=[{"name": n} for n in ("Question", "Answer", "Section", "Extra", "Source")],
        templates=[{"name": "Card 1", "qfmt": "{{Question}}", "afmt": "{{Answer}}"}],
    )
    decks: dict[str, genanki.Deck] = {}
    for index, note in enumerate(notes):
        deck = decks.get(note["deck"])
        if deck is None:
            deck = decks[note["deck"]] = genanki.Deck(2_000_000 + len(decks), note["deck"])
        deck.add_note(
            genanki.Note(model=model, fields=note["fields"], guid=note["guid"], due=index)
        )
    genanki.Package(list(decks.values())).write_to_file(output, timestamp=1_700_000_000)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
