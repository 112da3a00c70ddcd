"""Options shared by several commands, and the per-document lines they print."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import click

if TYPE_CHECKING:
    from qadeck.deck.model import Account
    from qadeck.sources.files import Selection

# The names of qadeck.shapes.SHAPES, kept here so that the CLI starts without loading the core.
STYLES = (
    "outline", "headings", "numbered", "details", "lines", "list", "files",
    "spaced-repetition", "obsidian-to-anki",
)  # fmt: skip

F = TypeVar("F", bound=Callable[..., Any])

# Subdecks numbered in document order, as Anki then studies them.
SECTION_NUMBERS = click.option(
    "--section-numbers/--no-section-numbers",
    default=None,
    help="Number the subdecks (`1 Basics`) so that Anki studies them in document order "
    "(default: deck.toml's section-numbers, else off).",
)


def style_option(command: F) -> F:
    """`--style`: read every document in one shape instead of detecting each one's; and which
    files to read, `--exclude` and `--tag` (see selection)."""
    command = click.option(
        "--tag",
        "tags",
        multiple=True,
        metavar="TAG",
        expose_value=False,
        callback=_remember,
        help="Read only the notes tagged TAG (or a tag below it); repeat for more "
        "(default: deck.toml's tag, else every note).",
    )(command)
    command = click.option(
        "--exclude",
        multiple=True,
        metavar="GLOB",
        expose_value=False,
        callback=_remember,
        help="Leave out the files, or folders, of a source folder that match GLOB; repeat "
        "for more (besides deck.toml's exclude).",
    )(command)
    return click.option(
        "--style", type=click.Choice(STYLES), help="Read every document in this shape."
    )(command)


def _remember(context: click.Context, parameter: click.Parameter, value: Any) -> None:
    context.meta[f"qadeck.{parameter.name}"] = tuple(value)


def selection() -> Selection:
    """What `--exclude` and `--tag` asked of the command being run."""
    from qadeck.sources.files import Selection

    meta = click.get_current_context().meta
    return Selection(meta.get("qadeck.exclude", ()), meta.get("qadeck.tags", ()))


DEFAULT_URL = "http://127.0.0.1:8765"  # AnkiConnect's own default (qadeck.sync.ankiconnect)
URL_OPTION = click.option(
    "--url",
    envvar="ANKICONNECT_URL",
    default=DEFAULT_URL,
    show_default=True,
    help="AnkiConnect's address, when there is no --collection (also ANKICONNECT_URL); "
    "http:// when it names no scheme.",
)


def ankiconnect_url(context: click.Context, collection: Path | None, url: str) -> str:
    """The AnkiConnect address to use: `http://` added when `url` names no scheme; a usage
    error for anything else that is not an http(s) URL, and beside --collection."""
    source = context.get_parameter_source("url")
    if collection is not None and source is click.core.ParameterSource.COMMANDLINE:
        raise click.UsageError("--collection and --url name two different targets; give one")
    if collection is not None:
        return url  # not used: whatever ANKICONNECT_URL says does not matter
    given = url.strip()
    full = given if "://" in given else f"http://{given}"
    parts = urlsplit(full)
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:  # not a number, or out of range
        port_ok = False
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or not port_ok
        or (any(character.isspace() for character in full))
    ):
        where = (
            " (from ANKICONNECT_URL)" if source is click.core.ParameterSource.ENVIRONMENT else ""
        )
        raise click.BadParameter(
            f"{url!r}{where} is not an http(s) URL; give one like {DEFAULT_URL}",
            context,
            param_hint="'--url'",
        )
    return full


def not_negative(context: click.Context, parameter: click.Parameter, value: int | None) -> Any:
    """A count of 0 or more (click's IntRange would show `[x>=0]` in the help)."""
    if value is not None and value < 0:
        raise click.BadParameter(f"{value} is below 0; give 0 or more")
    return value


def check_options(command: F) -> F:
    """The options that tune the checks, shared by `check`, `build` and `preview`."""
    command = click.option(
        "--max-words",
        type=int,
        callback=not_negative,
        metavar="N",
        help="Warn about answers longer than N words, N being 0 or more (0: never; "
        "default: deck.toml's max-words, else 200).",
    )(command)
    command = click.option("--strict", is_flag=True, help="Treat warnings as errors.")(command)
    command = click.option(
        "--root",
        type=click.Path(path_type=Path, file_okay=False),
        metavar="DIR",
        help="Local images may come from anywhere inside DIR (default: the repository the "
        "document is in, else the source folder).",
    )(command)
    return command


def print_accounts(accounts: Iterable[Account], prefix: str = "") -> None:
    """One line per document: its shape, the questions found, the notes made, what was skipped."""
    for account in accounts:
        click.echo(f"{prefix}{account.summary()}")
