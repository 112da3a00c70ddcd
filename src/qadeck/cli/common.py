"""What the commands share besides their options (cli/options): the default source, exit
codes, and turning errors into lines."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from contextlib import suppress
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from qadeck.diagnostics import Diagnostic, QadeckError

DEFAULT_SOURCE = Path("answers")
EXIT_ERROR = 1
EXIT_INTERNAL = 3
EXIT_BROKEN_PIPE = 141  # what a shell reports for a process ended by SIGPIPE

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Turn QadeckError into one line per finding and exit 1; anything else into a bug line."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except QadeckError as exc:
            print_diagnostics(exc.diagnostics)
            sys.exit(EXIT_ERROR)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:
            # The reader has gone (`qadeck check | head`): not a bug, so stop quietly, and
            # keep Python from failing again while it flushes stdout at exit.
            with suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_BROKEN_PIPE)
        except KeyboardInterrupt:
            click.echo("qadeck: interrupted; nothing written", err=True)
            sys.exit(130)
        except Exception as exc:  # the one place where an unexpected failure becomes a line
            click.echo(
                f"qadeck: internal error ({type(exc).__name__}: {exc}); "
                "please report this bug with the input that caused it",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)

    return run  # type: ignore[return-value]


def print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    """Each finding on its own line, on stderr."""
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)
