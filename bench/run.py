"""Time `qadeck build` against a bare genanki floor, alternating, and print Markdown tables.

    python bench/run.py --sizes 10000 --repeat 5
    python bench/run.py --cases one-file --qadeck before=/tmp/old/.venv/bin/qadeck --qadeck now

Two cases of the same questions: `folder` (files of 500 questions and a deck.toml, built with
`qadeck build DIR`) and `one-file` (all of them in one file, no deck.toml, built with `qadeck
build FILE.md`). For each size and case: generate the sources, pre-render the notes once for
the floor, then repeat (floor; then for each qadeck: cold build, warm rebuild after editing
one answer, unchanged rebuild), each as its own process. Reports median wall time, ratio to
the floor, peak memory (max RSS) and CPU time (user + system, which other load on a shared
machine disturbs less than wall time), then the spread of each ratio over the repeats (each
repeat against its own floor). Also times `qadeck --help` against `python -c "import genanki"`.
Several `--qadeck NAME=PATH` are timed side by side, alternating, against the same floor.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from qadeck.diagnostics import Diagnostics  # noqa: E402
from qadeck.render.notes import render_deck  # noqa: E402
from qadeck.shapes.read import read_inputs  # noqa: E402

QADECK = str(Path(sys.executable).with_name("qadeck"))


@dataclass
class Run:
    seconds: float
    max_rss_mib: float
    cpu_seconds: float  # user + system, of the process and the workers it waited for


def timed(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Run a command to completion, through measure.py; its wall time and peak memory."""
    # stderr goes to a file: a pipe nobody reads while waiting blocks a chatty build forever.
    with tempfile.TemporaryFile() as errors:
        done = subprocess.run(
            [sys.executable, str(HERE / "measure.py"), *command],
            env=env,
            stdout=subprocess.PIPE,
            stderr=errors,
            check=False,
        )
        if done.returncode != 0:
            errors.seek(0)
            stderr = errors.read().decode(errors="replace")
            raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}\n{stderr}")
    report = json.loads(done.stdout)
    return Run(report["seconds"], report["max_rss_mib"], report["cpu_seconds"])


CASES = ("folder", "one-file")
BUILDS = ("cold", "warm", "unchanged")


def target(source: Path, case: str) -> Path:
    """What `qadeck build` is given: the folder, or the one file in it."""
    return source / "questions.md" if case == "one-file" else source


def prerender(source: Path, notes_json: Path) -> None:
    """Render the notes once, for the floor to write without rendering."""
    diagnostics = Diagnostics()
    deck = read_inputs([source], diagnostics).deck
    notes = render_deck(deck, diagnostics).notes
    data = [{"guid": n.guid, "fields": list(n.fields), "deck": n.deck} for n in notes]
    notes_json.write_text(json.dumps(data), encoding="utf-8")


def edit_one_answer(source: Path) -> None:
    first = sorted(source.glob("*.md"))[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("Note 0*", "Note 0, edited*", 1), encoding="utf-8")


def bench_case(
    size: int, case: str, repeat: int, work: Path, qadecks: dict[str, str]
) -> dict[str, dict[str, list[Run]]]:
    """Alternate the floor and each qadeck's builds `repeat` times for one size and case.

    The runs by qadeck name (the floor's under "floor"), then by "floor", "cold", "warm" and
    "unchanged".
    """
    source = work / f"src-{size}-{case}"
    generate(size, source, one_file=case == "one-file")
    notes_json = work / f"notes-{size}-{case}.json"
    prerender(target(source, case), notes_json)
    floor: list[Run] = []
    runs: dict[str, dict[str, list[Run]]] = {
        name: {build: [] for build in BUILDS} for name in qadecks
    }
    for attempt in range(repeat):
        floor.append(
            timed([sys.executable, str(HERE / "floor.py"), str(notes_json), str(work / "f.apkg")])
        )
        for name, qadeck in qadecks.items():
            copy = work / f"copy-{size}-{attempt}"
            shutil.copytree(source, copy)
            cache = str(work / f"cache-{size}-{case}-{name}-{attempt}")
            env = {**os.environ, "XDG_CACHE_HOME": cache, "QADECK_CACHE_DIR": cache}
            output = work / f"out-{size}-{case}-{name}-{attempt}.apkg"
            command = [qadeck, "build", str(target(copy, case)), "-o", str(output)]
            runs[name]["cold"].append(timed(command, env))
            edit_one_answer(copy)
            runs[name]["warm"].append(timed(command, env))
            runs[name]["unchanged"].append(timed(command, env))
            shutil.rmtree(copy)
            shutil.rmtree(cache, ignore_errors=True)
    for by_build in runs.values():
        by_build["floor"] = floor
    return runs


def startup(repeat: int, qadeck: str) -> dict[str, float]:
    """Median seconds of `qadeck --help` and of importing genanki."""
    commands = {
        "qadeck --help": [qadeck, "--help"],
        'python -c "import genanki"': [sys.executable, "-c", "import genanki"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            times[name].append(timed(command).seconds)
    return {name: statistics.median(values) for name, values in times.items()}


COLUMNS = (
    "questions", "case", "floor s", "cold s", "cold/floor", "warm s", "warm/floor",
    "unchanged s", "unchanged/floor", "floor MiB", "cold MiB", "cold/floor mem", "warm MiB",
    "warm/floor mem", "ms/question cold", "floor CPU s", "cold CPU s", "warm CPU s",
)  # fmt: skip
SPREAD_COLUMNS = ("questions", "case", "cold/floor", "warm/floor", "unchanged/floor")


def row(size: int, case: str, runs: dict[str, list[Run]]) -> str:
    """One Markdown table row: medians of time, maxima of memory."""
    med = {k: statistics.median(r.seconds for r in v) for k, v in runs.items()}
    mem = {k: max(r.max_rss_mib for r in v) for k, v in runs.items()}
    cpu = {k: statistics.median(r.cpu_seconds for r in v) for k, v in runs.items()}
    cells = [
        f"{size:,}",
        case,
        f"{med['floor']:.2f}",
        f"{med['cold']:.2f}",
        f"{med['cold'] / med['floor']:.2f}",
        f"{med['warm']:.2f}",
        f"{med['warm'] / med['floor']:.2f}",
        f"{med['unchanged']:.2f}",
        f"{med['unchanged'] / med['floor']:.2f}",
        f"{mem['floor']:.0f}",
        f"{mem['cold']:.0f}",
        f"{mem['cold'] / mem['floor']:.2f}",
        f"{mem['warm']:.0f}",
        f"{mem['warm'] / mem['floor']:.2f}",
        f"{1000 * med['cold'] / size:.3f}",
        f"{cpu['floor']:.2f}",
        f"{cpu['cold']:.2f}",
        f"{cpu['warm']:.2f}",
    ]
    return "| " + " | ".join(cells) + " |"


def spread_row(size: int, case: str, runs: dict[str, list[Run]]) -> str:
    """The lowest and highest ratio of each build to the floor of the same repeat."""
    cells = [f"{size:,}", case]
    for build in BUILDS:
        ratios = [b.seconds / f.seconds for b, f in zip(runs[build], runs["floor"], strict=True)]
        cells.append(f"{min(ratios):.2f} to {max(ratios):.2f}")
    return "| " + " | ".join(cells) + " |"


def table(columns: tuple[str, ...], rows: list[str]) -> None:
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for line in rows:
        print(line)
    print()


def qadeck_option(value: str) -> tuple[str, str]:
    """`NAME=PATH`, or `NAME` alone for the qadeck beside this Python."""
    name, _, path = value.partition("=")
    return name, path or QADECK


def main() -> None:
    """Parse options, run the benchmarks, print the tables."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cases", nargs="+", choices=CASES, default=list(CASES))
    parser.add_argument(
        "--qadeck",
        action="append",
        type=qadeck_option,
        metavar="NAME=PATH",
        help="a qadeck executable to time (repeat to compare; default: the one beside Python)",
    )
    args = parser.parse_args()
    qadecks = dict(args.qadeck or [("qadeck", QADECK)])
    # An installed package has its bytecode compiled (pip does it); an editable one run with
    # PYTHONDONTWRITEBYTECODE would compile every module at every start.
    for qadeck in qadecks.values():
        python = Path(qadeck).with_name("python")
        compile_package = "import compileall, qadeck, pathlib; " + (
            "compileall.compile_dir(pathlib.Path(qadeck.__file__).parent, quiet=1)"
        )
        subprocess.run([str(python), "-c", compile_package], check=True)
    cores = os.cpu_count()
    print(f"machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}")
    print()
    rows: dict[str, list[str]] = {name: [] for name in qadecks}
    spreads: dict[str, list[str]] = {name: [] for name in qadecks}
    with tempfile.TemporaryDirectory(prefix="qadeck-bench-") as folder:
        for size in args.sizes:
            for case in args.cases:
                found = bench_case(size, case, args.repeat, Path(folder), qadecks)
                for name, runs in found.items():
                    rows[name].append(row(size, case, runs))
                    spreads[name].append(spread_row(size, case, runs))
                    print(f"{name}: {rows[name][-1]}", file=sys.stderr, flush=True)
    for name in qadecks:
        if len(qadecks) > 1:
            print(f"{name} ({qadecks[name]}):")
            print()
        table(COLUMNS, rows[name])
        print(f"Spread over {args.repeat} repeats, each against its own floor:")
        print()
        table(SPREAD_COLUMNS, spreads[name])
    for name, qadeck in qadecks.items():
        for command, seconds in startup(10, qadeck).items():
            print(f"- {name}: `{command}`: {seconds * 1000:.0f} ms (median of 10)")


if __name__ == "__main__":
    main()
