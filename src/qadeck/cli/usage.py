"""What the command line assumes and suggests: the default sources, the options several
commands share, and the command meant when none is named."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
DECK_HELP = (
    "Name of the root deck; `Parent::Child` puts it under Parent (default: deck.toml's name, "
    "else the document's title, else the file or folder name)."
)
OUTPUT_HELP = (
    "Where to write the .apkg (default: dist/<id>.apkg, the id being deck.toml's `id`, the "
    "front matter's `deck-id` or else the file or folder name)."
)


def default_sources(command: str) -> tuple[Path, ...]:
    """What the command reads without SOURCES (see commands.defaults); else stop with one line
    saying what to pass."""
    from qadeck.commands.defaults import default_sources as found_sources  # read config lazily

    found = found_sources()
    if found is not None:
        return found
    click.echo(
        f"qadeck {command}: no SOURCES given, and there is neither an answers/ folder nor a "
        f"Markdown file here; name the files or folders to read, as in "
        f"`qadeck {command} notes.md`",
        err=True,
    )
    sys.exit(1)


def format_option(help_text: str) -> Callable[[F], F]:
    """`--format text|json`, for `check`, `build` and `sync`."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=help_text,
    )


class Commands(click.Group):
    """The commands, which point `qadeck notes.md` to `qadeck build notes.md`."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else None
        if name is not None and self.get_command(ctx, name) is None and _names_a_source(name):
            command = shlex.join(["qadeck", "build", *args])
            raise click.UsageError(f"No such command {name!r}; to build it: {command}", ctx)
        return super().resolve_command(ctx, args)


def _names_a_source(argument: str) -> bool:
    from qadeck.sources.files import MARKDOWN_SUFFIXES

    path = Path(argument)
    if path.suffix.lower() in MARKDOWN_SUFFIXES or "/" in argument:
        return True
    try:
        return path.exists()
    except OSError:
        return False
