"""The keys of the render cache: a hash of a fragment's text (or a code block's) and of
everything else its HTML depends on, so that a changed input is a new key, never a stale hit."""

from __future__ import annotations

import hashlib
import json
from functools import cache

from qadeck import __version__
from qadeck.render.fragments import EXTENSIONS
from qadeck.render.highlight import CODEHILITE
from qadeck.render.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES

# Raise when the stored layout or the meaning of a key changes; it is part of the file name.
FORMAT = 4


def key_hasher() -> hashlib._Hash:
    """A SHA-256 that has hashed everything besides a text that its rendering depends on."""
    return _key_hasher().copy()  # the long prefix is hashed once per process


@cache
def _key_hasher() -> hashlib._Hash:
    return hashlib.sha256(_key_prefix())


def _key_prefix() -> bytes:
    # Everything besides the text that the HTML depends on.
    parts = {
        "format": FORMAT,
        "qadeck": __version__,
        "packages": [_version(name) for name in ("markdown", "pygments", "nh3")],
        "extensions": [
            *EXTENSIONS,
            "qadeck-math",
            "qadeck-github-lists",
            "qadeck-code-words",
            "qadeck-obsidian",
        ],
        "codehilite": CODEHILITE,
        "tags": sorted(ALLOWED_TAGS),
        "attributes": {tag: sorted(names) for tag, names in sorted(ALLOWED_ATTRIBUTES.items())},
        "schemes": sorted(URL_SCHEMES),
        "cloze-in-code": "literal",
    }
    return json.dumps(parts, sort_keys=True).encode() + b"\0"


def _version(package: str) -> str:
    # From the installed metadata: loading Markdown or nh3 only to read a version would cost
    # a rebuild that needs neither more than this does.
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ""


def block_key(code: str, language: str | None) -> bytes:
    """The SHA-256 naming a highlighted code block."""
    digest = key_hasher()
    digest.update(f"code\0{language or ''}\0".encode("utf-8", "surrogatepass"))
    digest.update(code.encode("utf-8", "surrogatepass"))
    return digest.digest()


def fragment_key(text: str, inline: bool) -> bytes:
    """The SHA-256 naming a fragment's rendering."""
    digest = key_hasher()
    digest.update(b"inline\0" if inline else b"block\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.digest()
