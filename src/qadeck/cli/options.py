"""Options shared by several commands, and the per-document lines they print."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

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
