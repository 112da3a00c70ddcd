"""Audio and video: Anki plays a field's `[sound:name]` (both, through its player), never an
`<img>` or `<audio>` of the file. `![](a.mp3)`, `![[a.mp3]]` and `<audio src="a.mp3">` all
become `[sound:a-1a2b3c4d5e6f.mp3]`, with the file packaged like an image (see media).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

SOUND_SUFFIXES = frozenset(
    (".mp3", ".ogg", ".oga", ".opus", ".wav", ".m4a", ".flac", ".webm", ".mp4", ".mov", ".mkv")
)
# An <audio> or <video> element, closed or not, in an HTML block or a paragraph's raw HTML.
MEDIA_ELEMENT = re.compile(
    r"<(audio|video)\b[^>]*>(?:(?:(?!</?(?:audio|video)\b).)*</\1\s*>)?", re.I | re.S
)
_SRC = re.compile(r"""(?<![\w-])src\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)


def is_sound(src: str) -> bool:
    """Whether a file name or address names audio or video, by its suffix."""
    path = unquote(urlsplit(src).path) if "://" in src else src.split("#")[0].split("?")[0]
    return PurePosixPath(path).suffix.lower() in SOUND_SUFFIXES


def sound_tag(name: str) -> str:
    """What Anki plays: `[sound:name]`."""
    return f"[sound:{name}]"


def media_elements(block: str, resolve: Callable[[str], str]) -> str:
    """Each `<audio>`/`<video>` of raw HTML as the text `resolve` gives for its first source."""

    def replaced(element: re.Match[str]) -> str:
        found = _SRC.search(element[0])
        if found is None:
            return element[0]  # no source: the sanitizer removes it, and says so
        src = html.unescape(next(group for group in found.groups() if group is not None))
        return resolve(src)

    return MEDIA_ELEMENT.sub(replaced, block)
