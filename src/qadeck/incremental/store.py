"""A content-addressed store of rendered fragments, so that a rebuild renders only what changed.

A fragment's key (see keys) is a hash of its text and of everything else its HTML depends on:
this cache format, the qadeck version, the versions of Markdown, Pygments and nh3, the
extensions and their settings. A changed input is a new key, never a stale hit, so the cache is
never invalidated; deleting the file is always safe. It is one SQLite file in the user's cache
folder ($QADECK_CACHE_DIR, else $XDG_CACHE_HOME/qadeck, else ~/.cache/qadeck). A cache that
cannot be opened, read or written is ignored: the build renders everything and still succeeds.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from qadeck.background import Forked
from qadeck.render.fragments import Fragment
from qadeck.render.keys import FORMAT, fragment_key
from qadeck.render.memo import Request
from qadeck.render.sanitize import Removal

# Entries are never stale, only unused: past this size the file starts afresh (the next build
# renders what it needs once more). 100,000 typical answers take about 120 MB.
MAX_BYTES = 512 * 1024 * 1024
T = TypeVar("T")
# Rows to store in one table: its name, columns and width, and the rows, made as written.
_Rows = tuple[str, str, int, Callable[[], Iterable[tuple[Any, ...]]]]
# What lists documents to store: each key with the function that encodes its entry.
Entries = Callable[[], Iterable[tuple[bytes, Callable[[], bytes]]]]


def cache_folder() -> Path:
    """Where the cache file lives, from the environment."""
    explicit = os.environ.get("QADECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "qadeck"


class RenderCache:
    """Fragments by key, in one SQLite file; every failure just means "not cached"."""

    def __init__(self, folder: Path | None = None) -> None:
        self.path = (folder or cache_folder()) / f"render-v{FORMAT}.sqlite3"
        self._pending: list[_Rows] = []
        self._writer: Forked[None] | None = None
        self._reader: sqlite3.Connection | None = None

    def flush(self) -> None:
        """Start writing what was stored so far, beside the caller: in a forked process, which
        holds everything to be written already and needs no GIL (see background.Forked)."""
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        if self._writer is not None:
            self._writer.result()  # one writer at a time: SQLite would make the second wait
        self._writer = Forked(partial(self._write_all, pending))

    def wait(self) -> None:
        """Wait until what was stored so far is written."""
        self.flush()
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.result()  # a failure to write is dropped in it; anything else is a bug

    def get_many(self, requests: Sequence[Request]) -> dict[Request, Fragment]:
        """The cached fragments among `requests`, read in one query."""
        self.wait()
        if not requests or not self.path.is_file():
            return {}
        keys = {fragment_key(text, inline): (text, inline) for text, inline in requests}
        try:
            with _connect(self.path) as connection:
                rows = _by_key(connection, "fragments", "html, removals", keys).fetchall()
            return {
                keys[key]: Fragment(html) if not removals else _fragment(html, removals)
                for key, html, removals in rows
            }
        except (sqlite3.Error, OSError, ValueError, TypeError, KeyError):
            return {}

    def documents(
        self, keys: Sequence[bytes], decode: Callable[[bytes], T | None]
    ) -> dict[bytes, T]:
        """The stored documents among `keys` (see documents), each decoded as it is read."""
        self.wait()
        if not keys or not self.path.is_file():
            return {}
        found: dict[bytes, T] = {}
        try:
            with _connect(self.path) as connection:
                for key, data in _by_key(connection, "documents", "data", keys):
                    document = decode(data)
                    if document is not None:
                        found[key] = document
            return found
        except (sqlite3.Error, OSError, ValueError, TypeError):
            return {}

    def put_documents(self, items: Entries) -> None:
        """Store documents, listed by `items` and each encoded, as they are written; see wait."""
        rows = partial(_encoded, items)
        self._put("documents", "data BLOB NOT NULL", 2, rows)

    def put_many(self, items: Iterable[tuple[Request, Fragment]]) -> None:
        """Store fragments, in the background; see wait."""
        self._put(
            "fragments",
            "html TEXT NOT NULL, removals TEXT NOT NULL",
            3,
            lambda: sorted(  # in key order, the B-tree grows at its end: about twice as fast
                (fragment_key(text, inline), fragment.html, _removals_json(fragment.removals))
                for (text, inline), fragment in items
            ),
        )

    def put_blocks(self, items: Sequence[tuple[bytes, str]]) -> None:
        """Store highlighted code blocks (see Blocks), in the background; see wait."""
        if items:
            self._put("blocks", "html TEXT NOT NULL", 2, lambda: sorted(items))

    def block(self, key: bytes) -> str | None:
        """A highlighted code block stored before, or None."""
        row = self._lookup("SELECT html FROM blocks WHERE key = ?", key)
        return None if row is None else str(row[0])

    def document(self, key: bytes) -> bytes | None:
        """One stored document entry (see documents), or None."""
        row = self._lookup("SELECT data FROM documents WHERE key = ?", key)
        return row[0] if row is not None and isinstance(row[0], bytes) else None

    def _lookup(self, query: str, key: bytes) -> tuple[Any, ...] | None:
        """One row by key, over a connection kept open between lookups (see close_reader)."""
        if self._reader is None:
            self.wait()
            if not self.path.is_file():
                return None
            try:
                self._reader = sqlite3.connect(self.path, timeout=2)
            except sqlite3.Error:
                return None
        try:
            row: tuple[Any, ...] | None = self._reader.execute(query, (key,)).fetchone()
        except sqlite3.Error:
            return None
        return row

    def close_reader(self) -> None:
        """Close the connection `block` and `document` keep open between lookups."""
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def _put(
        self, table: str, columns: str, width: int, rows: Callable[[], Iterable[tuple[Any, ...]]]
    ) -> None:
        # Kept until flush (or wait): a build flushes once, before it writes the package, so
        # that the rows are made and written beside it.
        self._pending.append((table, columns, width, rows))

    def _write_all(self, pending: Sequence[_Rows]) -> None:
        """One transaction; silently give up if the file is unusable."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.is_file() and self.path.stat().st_size > MAX_BYTES:
                self.path.unlink()
            with _connect(self.path) as connection:
                for table, columns, width, rows in pending:
                    connection.execute(
                        f"CREATE TABLE IF NOT EXISTS {table} (key BLOB PRIMARY KEY, {columns})"
                    )
                    marks = ",".join("?" * width)
                    connection.executemany(
                        f"INSERT OR REPLACE INTO {table} VALUES ({marks})", rows()
                    )
        except (sqlite3.Error, OSError):
            pass  # a cache is an optimisation: a build never fails because of it


def _by_key(
    connection: sqlite3.Connection, table: str, columns: str, keys: Iterable[bytes]
) -> sqlite3.Cursor:
    """The rows (key, then `columns`) of `table` whose key is among `keys`, in one query."""
    connection.execute("CREATE TEMP TABLE wanted (key BLOB)")
    connection.executemany("INSERT INTO wanted VALUES (?)", ((key,) for key in keys))
    return connection.execute(
        f"SELECT {table}.key, {columns} FROM wanted JOIN {table} ON {table}.key = wanted.key"
    )


class _connect:
    """A connection that commits on success and is always closed (sqlite3's own does not)."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(path, timeout=2)
        # Entries are read and written in key order: a small page cache does as well.
        self.connection.execute("PRAGMA cache_size = -512")

    def __enter__(self) -> sqlite3.Connection:
        return self.connection

    def __exit__(self, kind: object, *_: object) -> None:
        try:
            if kind is None:
                self.connection.commit()
        finally:
            self.connection.close()


def _encoded(items: Entries) -> Iterator[tuple[bytes, bytes]]:
    return ((key, encode()) for key, encode in sorted(items(), key=lambda item: item[0]))


def _removals_json(removals: tuple[Removal, ...]) -> str:
    # Almost no fragment has removals: "" saves a JSON round trip per fragment.
    return json.dumps([[r.message, r.needle] for r in removals]) if removals else ""


def _fragment(html: str, removals: str) -> Fragment:
    if not removals:
        return Fragment(str(html))
    found = tuple(Removal(str(message), str(needle)) for message, needle in json.loads(removals))
    return Fragment(str(html), found)
