"""A sync's way into a running Anki: the AnkiConnect add-on's documented API, version 6.

No action reads or sets a note's GUID, and `notesInfo` gives no `mod`. What AnkiConnect does
offer is enough: `exportPackage` writes a package whose collection holds every exported note's
GUID and `mod` by note id, and `importPackage` imports with File > Import's importer, keeping
the package's GUIDs. `findCards` with `did:` finds a deck's cards by their home deck, also while
they sit in a filtered deck; such cards are left out of a deck's export, so the filtered decks
holding any are exported too. A note of the deck whose cards are all outside its tree is known
only by the id the sync record keeps for it (with its GUID): no other note outside the tree is
read, and none is taken for one of the deck's by what its fields say. The packages pass through
a temporary folder: Anki must run on this machine.
"""

from __future__ import annotations

import base64
import json
import tempfile
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from qadeck.diagnostics import Location, QadeckError
from qadeck.sync.snapshot import (
    CollectionCard,
    CollectionNote,
    DeckNotes,
    ExportedNote,
    NotAnExportError,
    NoteTypeState,
    Snapshot,
    deck_key,
    deck_search,
    in_tree,
    read_exported,
)

DEFAULT_URL = "http://127.0.0.1:8765"
API_VERSION = 6
TIMEOUT = 600  # seconds: importing or exporting a large deck takes a while
START_ANKI = "start Anki with the AnkiConnect add-on, or sync a collection file with --collection"


class AnkiConnect:
    """The operations a sync needs, as AnkiConnect actions."""

    def __init__(self, url: str) -> None:
        self.url = self.target = url
        self._names: dict[int, str] = {}  # each note type's name in Anki, by id

    def call(self, action: str, **params: Any) -> Any:
        """One action; its result, or a QadeckError with AnkiConnect's message."""
        body = json.dumps({"action": action, "version": API_VERSION, "params": params})
        request = urllib.request.Request(
            self.url, body.encode(), {"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                reply = json.load(response)
        except urllib.error.HTTPError as exc:
            raise self._error(f"answered HTTP {exc.code} {exc.reason}; {START_ANKI}") from None
        except urllib.error.URLError as exc:
            reason = getattr(exc.reason, "strerror", None) or str(exc.reason)
            raise self._error(f"cannot connect ({reason.lower()}); {START_ANKI}") from None
        except (OSError, ValueError) as exc:
            raise self._error(f"no AnkiConnect answer ({exc}); {START_ANKI}") from None
        return self._result(action, reply)

    def multi(self, actions: Sequence[tuple[str, Mapping[str, Any]]]) -> list[Any]:
        """Several actions in one request, each result checked."""
        if not actions:
            return []
        calls = [{"action": a, "version": API_VERSION, "params": p} for a, p in actions]
        replies = self.call("multi", actions=calls)
        return [self._result(a, reply) for (a, _), reply in zip(actions, replies, strict=True)]

    def _result(self, action: str, reply: Any) -> Any:
        if not isinstance(reply, dict) or set(reply) != {"result", "error"}:
            raise self._error(f"{action}: not an AnkiConnect answer of API version {API_VERSION}")
        if reply["error"] is not None:
            raise self._error(f"AnkiConnect refused {action}: {reply['error']}")
        return reply["result"]

    def _error(self, message: str) -> QadeckError:
        return QadeckError.at(Location(self.url), message)

    def check_version(self) -> None:
        """Refuse an AnkiConnect older than the API this module speaks."""
        version = self.call("version")
        if not isinstance(version, int) or version < API_VERSION:
            raise self._error(f"AnkiConnect speaks API version {version}; {API_VERSION} is needed")

    def snapshot(self, root: str, model_ids: Sequence[int], ours: DeckNotes) -> Snapshot:
        """The notes of `model_ids` with a card in `root`'s tree, the deck's own notes that the
        record knows by id (`ours`) elsewhere, every deck name and those note types."""
        decks: dict[str, int] = self.call("deckNamesAndIds")
        tree = {name: deck_id for name, deck_id in decks.items() if in_tree(name, root)}
        home: dict[int, str] = {}
        found = self.multi([("findCards", {"query": f"did:{i}"}) for i in tree.values()])
        for name, card_ids in zip(tree, found, strict=True):
            home.update((card_id, name) for card_id in card_ids)
        models = " OR ".join(f"mid:{model_id}" for model_id in model_ids)
        in_decks = " OR ".join(f"did:{deck_id}" for deck_id in tree.values())
        tree_notes = self.call("findNotes", query=f"({models}) ({in_decks})") if tree else []
        outside = sorted(set(ours.note_ids) - set(tree_notes))
        ids = {name: i for name, i in self.call("modelNamesAndIds").items() if i in model_ids}
        infos = [
            info
            for info in self.call("notesInfo", notes=[*tree_notes, *outside])
            if info and info.get("modelName") in ids
        ]
        elsewhere = [c for info in infos for c in info["cards"] if c not in home]
        if elsewhere:  # a deck outside the tree, or a filtered deck it sits in
            for card in self.call("cardsInfo", cards=elsewhere):
                home[card["cardId"]] = card["deckName"]
        in_tree_cards = {card for card, deck in home.items() if in_tree(deck, root)}
        inside = [info for info in infos if not in_tree_cards.isdisjoint(info["cards"])]
        exported, states = self._export(root, tree, inside, model_ids)
        inside_ids = {info["noteId"] for info in inside}
        notes: list[CollectionNote] = []
        others: list[CollectionNote] = []
        for info in infos:
            note_id = info["noteId"]
            if note_id not in inside_ids and note_id not in ours.note_ids:
                continue
            fields = tuple(v["value"] for v in sorted(info["fields"].values(), key=_order))
            known = exported.get(note_id)
            cards = tuple(
                CollectionCard(c, home.get(c, ""), known.position if known else 0)
                for c in info["cards"]
            )
            guid, mod = (known.guid, known.mod) if known else (ours.note_ids.get(note_id, ""), 0)
            tags = tuple(info["tags"])
            note = CollectionNote(note_id, guid, mod, fields, tags, cards, ids[info["modelName"]])
            (notes if note_id in inside_ids else others).append(note)
        self._names.update((model_id, state.look[0]) for model_id, state in states.items())
        return Snapshot(tuple(notes), frozenset(decks), states, tuple(others))

    def note_ids(self, root: str, model_ids: Sequence[int], guids: Sequence[str]) -> dict[str, int]:
        """The id of each note of `guids` (the notes a sync added, all in `root`'s tree), by
        GUID: read from an export of the tree, the one place AnkiConnect gives GUIDs."""
        decks = self.call("deckNamesAndIds")
        spelled = [name for name in decks if deck_key(name) == deck_key(root)]
        if not spelled:
            return {}
        exported, _ = self._export_deck(spelled[0], model_ids)
        wanted = set(guids)
        return {note.guid: note_id for note_id, note in exported.items() if note.guid in wanted}

    def _export(
        self,
        root: str,
        tree: Mapping[str, int],
        inside: Sequence[Mapping[str, Any]],
        model_ids: Sequence[int],
    ) -> tuple[dict[int, ExportedNote], dict[int, NoteTypeState]]:
        """GUIDs and mods of the tree's notes: the tree exported, and the filtered decks that
        hold some of its cards."""
        if not inside:
            return {}, {}
        top = next(name for name in tree if deck_key(name) == deck_key(root))
        exported, states = self._export_deck(top, model_ids)
        missing = [c for info in inside if info["noteId"] not in exported for c in info["cards"]]
        if missing:
            filtered = {card["deckName"] for card in self.call("cardsInfo", cards=missing)}
            for name in sorted(filtered - set(tree)):
                more, more_states = self._export_deck(name, model_ids)
                exported.update(more)
                states = {**more_states, **states}
        return exported, states

    def _export_deck(
        self, deck: str, model_ids: Sequence[int]
    ) -> tuple[dict[int, ExportedNote], dict[int, NoteTypeState]]:
        with tempfile.TemporaryDirectory(prefix="qadeck-") as folder:
            path = Path(folder) / "deck.apkg"
            if not self.call("exportPackage", deck=deck, path=str(path), includeSched=False):
                raise self._error(f'AnkiConnect could not export the deck "{deck}"')
            try:
                return read_exported(path, model_ids)
            except NotAnExportError as exc:
                raise self._error(f'cannot read the export of "{deck}": {exc}') from None

    def read_media(self, name: str) -> bytes | None:
        """A file of the media folder, or None."""
        data = self.call("retrieveMediaFile", filename=name)
        return base64.b64decode(data) if isinstance(data, str) else None

    def write_media(self, name: str, data: bytes) -> None:
        """Replace a file of the media folder."""
        encoded = base64.b64encode(data).decode()
        written = self.call("storeMediaFile", filename=name, data=encoded, deleteExisting=True)
        if written != name:
            raise self._error(f"AnkiConnect stored media file {name} as {written}")

    def set_look(self, model_id: int, css: str, templates: Sequence[tuple[str, str, str]]) -> None:
        """Give the note type new CSS and template text (each template's name, front and
        back), in place."""
        model = self._names[model_id]
        self.call("updateModelStyling", model={"name": model, "css": css})
        texts = {name: {"Front": front, "Back": back} for name, front, back in templates}
        self.call("updateModelTemplates", model={"name": model, "templates": texts})

    def import_package(self, path: Path) -> None:
        """Import new and changed notes with Anki's own importer (GUIDs kept)."""
        if not self.call("importPackage", path=str(path.resolve())):
            raise self._error("AnkiConnect could not import the package (no collection open?)")

    def move_cards(self, moves: Mapping[str, Sequence[int]]) -> None:
        """Move cards to decks by name, creating the decks that are missing."""
        self.multi([("changeDeck", {"cards": list(c), "deck": d}) for d, c in moves.items()])

    def copy_options(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Give each new deck the options group of the deck it replaces."""
        configs = self.multi([("getDeckConfig", {"deck": old}) for old, _ in pairs])
        self.multi(
            [
                ("setDeckConfigId", {"decks": [new], "configId": config["id"]})
                for (_, new), config in zip(pairs, configs, strict=True)
                if isinstance(config, dict) and "id" in config
            ]
        )

    def add_tags(self, tags: Sequence[tuple[int, tuple[str, ...]]]) -> None:
        """Add tags to notes."""
        self.multi([("addTags", {"notes": [n], "tags": " ".join(t)}) for n, t in tags])

    def remove_notes(self, note_ids: Sequence[int]) -> None:
        """Delete notes and their cards (their review log stays, as in Anki)."""
        if note_ids:
            self.call("deleteNotes", notes=list(note_ids))

    def remove_empty_decks(self, names: Sequence[str]) -> tuple[str, ...]:
        """Remove each deck (deepest first) that holds no card, subdecks included."""
        spelled = {deck_key(name): name for name in self.call("deckNamesAndIds")}
        removed = []
        for name in names:
            actual = spelled.get(deck_key(name))
            if actual is not None and not self.call("findCards", query=deck_search(actual)):
                self.call("deleteDecks", decks=[actual], cardsToo=True)  # empty: nothing else
                removed.append(actual)
        return tuple(removed)


def _order(field: Mapping[str, Any]) -> int:
    return int(field["order"])
