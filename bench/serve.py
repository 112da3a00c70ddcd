"""Serve a collection through the tests' AnkiConnect stand-in until stdin closes:
`serve.py COLLECTION` prints the URL, for bench/sync.py to sync through."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from anki.collection import Collection

from ankiconnect_server import serve


def main(path: str) -> None:
    """Serve `path` until stdin closes, then close the collection."""
    col = Collection(path)
    try:
        with serve(col) as (url, _):
            print(url, flush=True)
            sys.stdin.read()
    finally:
        col.close()


if __name__ == "__main__":
    main(sys.argv[1])
