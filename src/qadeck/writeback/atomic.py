"""Replacing a source file safely: all of it or nothing, and never over a change made by
someone else while the pull ran.

The new text is written to a temporary file in the same folder (so the replacement is a rename
within one file system), flushed to disk, and swapped in with `os.replace`, which readers see
happen at once. Just before the swap, the file is read again: when its bytes are no longer
those the pull read, the pull leaves it alone.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import tempfile
from pathlib import Path

BOM = codecs.BOM_UTF8.decode()


class ChangedOnDisk(Exception):
    """The file's bytes changed after the pull read them."""


def decoded(data: bytes) -> tuple[str, str]:
    """A source file's byte order mark (or '') and its text, line endings as written."""
    text = data.decode("utf-8")
    return (BOM, text[1:]) if text.startswith(BOM) else ("", text)


def replace_file(path: Path, before: bytes, after: bytes) -> None:
    """Put `after` in place of the file, unless its bytes are no longer `before`."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(after)
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(OSError):
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        if path.read_bytes() != before:
            raise ChangedOnDisk(str(path))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_new(path: Path, data: bytes) -> None:
    """Write a file that is not there yet (an image pasted in Anki), its folder made first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_bytes() == data:
        return
    with path.open("xb") as file:
        file.write(data)
