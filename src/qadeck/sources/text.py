"""Bytes to text: UTF-8 with or without a byte order mark, every line ending as `\n`."""

from __future__ import annotations

import codecs
from pathlib import Path

from qadeck.diagnostics import Diagnostics, Location


class DecodeError(Exception):
    """A file that is not UTF-8 text."""

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


def decode(data: bytes, display: str) -> str:
    """UTF-8 (with or without BOM) to text with `\\n` line endings."""
    skipped = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[skipped:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + skipped
        line = data.count(b"\n", 0, offset) + 1
        col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        message = f"not valid UTF-8: byte 0x{data[offset]:02x} at offset {offset}"
        raise DecodeError(Location(display, line, col), message) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def display_path(folder: Path, name: str) -> str:
    return f"{str(folder).rstrip('/')}/{name}"


def read_text(
    path: Path, display: str, diagnostics: Diagnostics, unreadable: Location, what: str = ""
) -> str | None:
    """The decoded text of a file, or None after reporting why it cannot be had: bytes that
    are not UTF-8 at their line, or `cannot read[ what]: reason` at `unreadable`."""
    try:
        return decode(path.read_bytes(), display)
    except DecodeError as exc:
        diagnostics.error(exc.location, exc.message)
    except OSError as exc:
        label = f"cannot read {what}" if what else "cannot read"
        diagnostics.error(unreadable, f"{label}: {exc.strerror or exc}")
    return None
