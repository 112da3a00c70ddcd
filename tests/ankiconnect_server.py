"""A stand-in for the AnkiConnect add-on: its documented API version 6, on a real collection.

Each action does what the add-on's own code does inside Anki (`plugin/__init__.py`), through the
same `anki` library calls: `importPackage` is the legacy importer (note types merged, scheduling
and deck options imported), `exportPackage` the legacy exporter limited to one deck, and the
replies have the add-on's shape, `{"result": ..., "error": ...}`, always with HTTP 200.
Only the actions a sync uses are answered; anything else is an "unsupported action".
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

from anki.collection import (
    Collection,
    DeckIdLimit,
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)
from anki.errors import NotFoundError


class AnkiConnectActions:
    """The actions, each a method named like the action, on one open collection."""

    def __init__(self, col: Collection) -> None:
        self.col = col
        self.calls: list[str] = []

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        action = request.get("action", "")
        self.calls.append(action)
        method: Callable[..., Any] | None = getattr(self, f"action_{action}", None)
        try:
            if method is None or request.get("version") != 6:
                raise Exception("unsupported action")
            return {"result": method(**request.get("params", {})), "error": None}
        except Exception as exc:
            return {"result": None, "error": str(exc)}

    def action_version(self) -> int:
        return 6

    def action_multi(self, actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [self.handle(action) for action in actions]

    def action_deckNamesAndIds(self) -> dict[str, int]:
        return {d.name: d.id for d in self.col.decks.all_names_and_ids()}

    def action_modelNamesAndIds(self) -> dict[str, int]:
        return {m.name: m.id for m in self.col.models.all_names_and_ids()}

    def action_findNotes(self, query: str) -> list[int]:
        return list(self.col.find_notes(query))

    def action_findCards(self, query: str) -> list[int]:
        return list(self.col.find_cards(query))

    def action_notesInfo(self, notes: list[int]) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = []
        for note_id in notes:
            try:
                note = self.col.get_note(note_id)  # type: ignore[arg-type]
            except NotFoundError:
                result.append({})
                continue
            model = note.note_type()
            assert model is not None
            fields = {
                name: {"value": note.fields[order], "order": order}
                for name, (order, _) in self.col.models.field_map(model).items()
            }
            result.append(
                {
                    "noteId": note.id,
                    "modelName": model["name"],
                    "tags": note.tags,
                    "fields": fields,
                    "cards": [card.id for card in note.cards()],
                }
            )
        return result

    def action_cardsInfo(self, cards: list[int]) -> list[dict[str, Any]]:
        result = []
        for card_id in cards:
            card = self.col.get_card(card_id)  # type: ignore[arg-type]
            deck = self.col.decks.get(card.did)
            assert deck is not None
            result.append({"cardId": card.id, "note": card.nid, "deckName": deck["name"]})
        return result

    def action_exportPackage(self, deck: str, path: str, includeSched: bool = False) -> bool:
        found = self.col.decks.by_name(deck)
        if found is None:
            return False
        options = ExportAnkiPackageOptions(
            with_scheduling=includeSched,
            with_deck_configs=includeSched,
            with_media=True,
            legacy=True,
        )
        limit = DeckIdLimit(deck_id=found["id"])
        self.col.export_anki_package(out_path=path, options=options, limit=limit)
        return True

    def action_importPackage(self, path: str) -> bool:
        options = ImportAnkiPackageOptions(
            merge_notetypes=True, with_scheduling=True, with_deck_configs=True
        )
        self.col.import_anki_package(ImportAnkiPackageRequest(package_path=path, options=options))
        return True

    def action_changeDeck(self, cards: list[int], deck: str) -> None:
        deck_id = self.col.decks.id(deck)
        assert deck_id is not None
        self.col.set_deck(cards, deck_id)  # type: ignore[arg-type]

    def action_getDeckConfig(self, deck: str) -> Any:
        found = self.col.decks.by_name(deck)
        if found is None:
            return False
        return self.col.decks.config_dict_for_deck_id(found["id"])

    def action_setDeckConfigId(self, decks: list[str], configId: int) -> bool:
        for name in decks:
            found = self.col.decks.by_name(name)
            if found is None:
                return False
            found["conf"] = int(configId)
            self.col.decks.save(found)
        return True

    def action_addTags(self, notes: list[int], tags: str) -> None:
        self.col.tags.bulk_add(notes, tags)  # type: ignore[arg-type]

    def action_deleteNotes(self, notes: list[int]) -> None:
        self.col.remove_notes(notes)  # type: ignore[arg-type]

    def action_deleteDecks(self, decks: list[str], cardsToo: bool = False) -> None:
        if not cardsToo:
            raise Exception(
                "Since Anki 2.1.28 it's not possible to delete decks without deleting cards as well"
            )
        ids = [d["id"] for name in decks if (d := self.col.decks.by_name(name)) is not None]
        self.col.decks.remove(ids)

    def action_storeMediaFile(self, filename: str, data: str, deleteExisting: bool = True) -> str:
        if deleteExisting and (Path(self.col.media.dir()) / filename).exists():
            self.col.media.trash_files([filename])
        return self.col.media.write_data(filename, base64.b64decode(data))

    def action_retrieveMediaFile(self, filename: str) -> str | bool:
        path = Path(self.col.media.dir()) / filename
        return base64.b64encode(path.read_bytes()).decode() if path.exists() else False

    def action_updateModelStyling(self, model: dict[str, Any]) -> None:
        found = self.col.models.by_name(model["name"])
        if found is None:
            raise Exception(f"model was not found: {model['name']}")
        found["css"] = model["css"]
        self.col.models.update_dict(found)

    def action_updateModelTemplates(self, model: dict[str, Any]) -> None:
        found = self.col.models.by_name(model["name"])
        if found is None:
            raise Exception(f"model was not found: {model['name']}")
        for template in found["tmpls"]:
            given = model["templates"].get(template["name"], {})
            template["qfmt"] = given.get("Front", template["qfmt"])
            template["afmt"] = given.get("Back", template["afmt"])
        self.col.models.update_dict(found)


@contextmanager
def serve(col: Collection) -> Iterator[tuple[str, AnkiConnectActions]]:
    """An AnkiConnect on 127.0.0.1 (a free port) for the collection: its URL and its actions."""
    actions = AnkiConnectActions(col)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            reply = json.dumps(actions.handle(json.loads(self.rfile.read(length)))).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", actions
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
