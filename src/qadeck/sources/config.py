"""What `deck.toml` and the options say: the deck's name and id, and the checks' settings."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from qadeck.diagnostics import Diagnostics, Location
from qadeck.sources.frontmatter import FrontMatter
from qadeck.sources.style import StyleSheet
from qadeck.sources.text import DecodeError, decode, display_path

CONFIG_NAME = "deck.toml"


CONFIG_KEYS = (
    "name", "id", "max-words", "section-numbers", "source-url", "reversed", "css", "exclude",
    "tag", "cloze-highlights", "cloze-braces",
)  # fmt: skip
# Obsidian Spaced Repetition's cloze marks, `==x==` and `{{x}}`, and whether they make clozes
# unless deck.toml or front matter says otherwise (see shapes.spaced).
CLOZE_SWITCHES = {"cloze-highlights": False, "cloze-braces": True}


@dataclass(frozen=True)
class DeckConfig:
    """The root deck's name, identity and settings as a folder's `deck.toml` states them."""

    name: str | None = None
    identity: str | None = None
    max_words: int | None = None
    # Prefix each subdeck with its position (`1 Basics`), so that Anki studies them in order.
    section_numbers: bool = False
    # Where the sources are published: each card links to its question there.
    source_url: str | None = None
    # A folder with a deck.toml is a qadeck deck: its files are in qadeck's own outline format.
    declared: bool = False
    where: Location | None = None  # of the `name` line, for what is wrong with the name
    reversed: bool = False  # every question asks for a reversed card unless it says otherwise
    css: StyleSheet | None = None  # the deck's own stylesheet
    exclude: tuple[str, ...] = ()  # globs of files and folders not to read
    tags: tuple[str, ...] = ()  # only the notes tagged with one of these are read
    clozes: tuple[tuple[str, bool], ...] = ()  # the cloze switches it sets (CLOZE_SWITCHES)


def read_config(folder: Path, diagnostics: Diagnostics) -> DeckConfig:
    """Read `deck.toml` in a source folder; a folder without one has an empty config."""
    path = folder / CONFIG_NAME
    display = display_path(folder, CONFIG_NAME)
    if not path.is_file():
        return DeckConfig()
    try:
        text = decode(path.read_bytes(), display)
        data = tomllib.loads(text)
    except DecodeError as exc:
        diagnostics.error(exc.location, exc.message)
        return DeckConfig()
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(match[1]), int(match[2])) if match else (None, None)
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        diagnostics.error(Location(display, line, col), f"invalid TOML: {reason}")
        return DeckConfig()
    except OSError as exc:
        diagnostics.error(Location(display), f"cannot read: {exc.strerror}")
        return DeckConfig()
    lines = text.split("\n")
    values: dict[str, str] = {}
    words = None
    numbers = False
    where = None
    reversed_cards = False
    lists: dict[str, tuple[str, ...]] = {}
    clozes: list[tuple[str, bool]] = []
    for key, value in data.items():
        location = Location(display, _key_line(lines, key))
        where = location if key == "name" else where
        if key not in CONFIG_KEYS:
            diagnostics.error(location, f"unknown key {key!r} (known: {', '.join(CONFIG_KEYS)})")
        elif key in ("exclude", "tag"):
            items = [value] if isinstance(value, str) else value
            if isinstance(items, list) and all(isinstance(i, str) and i.strip() for i in items):
                lists[key] = tuple(item.strip() for item in items)
            else:
                diagnostics.error(location, f"{key!r} must be a text or a list of texts")
        elif key in CLOZE_SWITCHES:
            if isinstance(value, bool):
                clozes.append((key, value))
            else:
                diagnostics.error(location, f"{key!r} must be true or false")
        elif key == "reversed":
            if isinstance(value, bool):
                reversed_cards = value
            else:
                diagnostics.error(location, f"{key!r} must be true or false")
        elif key == "max-words":
            if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                words = value
            else:
                diagnostics.error(location, f"{key!r} must be a whole number, 0 or more")
        elif key == "section-numbers":
            if isinstance(value, bool):
                numbers = value
            else:
                diagnostics.error(location, f"{key!r} must be true or false")
        elif not isinstance(value, str) or not value.strip():
            diagnostics.error(location, f"{key!r} must be a non-empty string")
        elif key == "source-url" and not _is_web_address(value.strip()):
            diagnostics.error(location, f"{key!r} must be an http:// or https:// address")
        else:
            values[key] = value.strip()
    url = values.get("source-url")
    css = None
    if "css" in values:
        css = StyleSheet(values["css"], folder, folder, Location(display, _key_line(lines, "css")))
    return DeckConfig(
        values.get("name"),
        values.get("id"),
        words,
        numbers,
        url.rstrip("/") if url else None,
        declared=True,
        where=where,
        reversed=reversed_cards,
        css=css,
        exclude=lists.get("exclude", ()),
        tags=lists.get("tag", ()),
        clozes=tuple(clozes),
    )


def cloze_marks(
    deck: Sequence[tuple[str, bool]], front: FrontMatter, display: str, diagnostics: Diagnostics
) -> tuple[str, ...]:
    """The cloze marks switched on for a file: by its front matter, else deck.toml, else the
    defaults (`cloze-highlights` gives "highlights", `cloze-braces` "braces")."""
    switches = {**CLOZE_SWITCHES, **dict(deck)}
    for key in CLOZE_SWITCHES:
        value = front.data.get(key)
        if isinstance(value, bool):
            switches[key] = value
        elif value is not None:
            diagnostics.error(Location(display, front.line(key)), f"{key!r} must be true or false")
    return tuple(key.removeprefix("cloze-") for key, on in switches.items() if on)


def _is_web_address(value: str) -> bool:
    parts = urlsplit(value)
    return (
        parts.scheme in ("http", "https")
        and bool(parts.netloc)
        and not any(char.isspace() or char in '"<>' for char in value)
    )


def _key_line(lines: list[str], key: str) -> int | None:
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    return next((i for i, line in enumerate(lines, 1) if pattern.match(line)), None)


DEFAULT_MAX_WORDS = 200


@dataclass(frozen=True)
class CheckSettings:
    """Options of the checks: `max_words` None means deck.toml or the default, 0 means off."""

    max_words: int | None = None
    strict: bool = False
    root: Path | None = None  # the folder local images must stay inside (`--root`)


DEFAULT_SETTINGS = CheckSettings()


def word_limit(settings: CheckSettings, config: DeckConfig) -> int:
    """The answer word limit: the option, else deck.toml's, else the default (0: no limit)."""
    if settings.max_words is not None:
        return settings.max_words
    if config.max_words is not None:
        return config.max_words
    return DEFAULT_MAX_WORDS
