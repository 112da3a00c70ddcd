"""Time `qadeck build` against a bare genanki floor, alternating, and print a Markdown table.

    python bench/run.py --sizes 10000 --repeat 5

For each size: generate the sources, pre-render the notes once for the floor, then repeat
(floor, cold build, warm rebuild after editing one answer), each as its own process. Reports
median wall time, ratio to the floor, peak memory (max RSS) and CPU time (user + system, which
other load on a shared machine disturbs less than wall time). Also times `qadeck --help`
against `python -c "import genanki"`.
"""

from __future__ import annotations

import argparse
import compileall
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

import qadeck  # noqa: E402
from qadeck.build import load_deck  # noqa: E402
from qadeck.diagnostics import Diagnostics  # noqa: E402
from qadeck.render.notes import render_deck  # noqa: E402

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


def prerender(source: Path, notes_json: Path) -> None:
    """Render the notes once, for the floor to write without rendering."""
    diagnostics = Diagnostics()
    deck = load_deck([source], diagnostics)
    notes = render_deck(deck, diagnostics).notes
    data = [{"guid": n.guid, "fields": list(n.fields), "deck": n.deck} for n in notes]
    notes_json.write_text(json.dumps(data), encoding="utf-8")


def edit_one_answer(source: Path) -> None:
    first = sorted(source.glob("*.md"))[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("Note 0*", "Note 0, edited*", 1), encoding="utf-8")


def bench_size(size: int, repeat: int, work: Path) -> dict[str, list[Run]]:
    """Alternate floor, cold and warm runs `repeat` times for one size."""
    source = work / f"src-{size}"
    generate(size, source)
    notes_json = work / f"notes-{size}.json"
    prerender(source, notes_json)
    runs: dict[str, list[Run]] = {"floor": [], "cold": [], "warm": []}
    for attempt in range(repeat):
        runs["floor"].append(
            timed([sys.executable, str(HERE / "floor.py"), str(notes_json), str(work / "f.apkg")])
        )
        copy = work / f"copy-{size}-{attempt}"
        shutil.copytree(source, copy)
        cache = str(work / f"cache-{size}-{attempt}")
        env = {**os.environ, "XDG_CACHE_HOME": cache, "QADECK_CACHE_DIR": cache}
        output = work / f"out-{size}-{attempt}.apkg"
        runs["cold"].append(timed([QADECK, "build", str(copy), "-o", str(output)], env))
        edit_one_answer(copy)
        runs["warm"].append(timed([QADECK, "build", str(copy), "-o", str(output)], env))
        shutil.rmtree(copy)
    return runs


def startup(repeat: int) -> dict[str, float]:
    """Median seconds of `qadeck --help` and of importing genanki."""
    commands = {
        "qadeck --help": [QADECK, "--help"],
        'python -c "import genanki"': [sys.executable, "-c", "import genanki"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            times[name].append(timed(command).seconds)
    return {name: statistics.median(values) for name, values in times.items()}


COLUMNS = (
    "questions", "floor s", "cold s", "cold/floor", "warm s", "warm/floor",
    "floor MiB", "cold MiB", "cold/floor mem", "warm MiB", "warm/floor mem",
    "ms/question cold", "floor CPU s", "cold CPU s", "warm CPU s",
)  # fmt: skip


def row(size: int, runs: dict[str, list[Run]]) -> str:
    """One Markdown table row: medians of time, maxima of memory."""
    med = {k: statistics.median(r.seconds for r in v) for k, v in runs.items()}
    mem = {k: max(r.max_rss_mib for r in v) for k, v in runs.items()}
    cpu = {k: statistics.median(r.cpu_seconds for r in v) for k, v in runs.items()}
    cells = [
        f"{size:,}",
        f"{med['floor']:.2f}",
        f"{med['cold']:.2f}",
        f"{med['cold'] / med['floor']:.2f}",
        f"{med['warm']:.2f}",
        f"{med['warm'] / med['floor']:.2f}",
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


def main() -> None:
    """Parse options, run the benchmarks, print the tables."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    # An installed package has its bytecode compiled (pip does it); an editable one run with
    # PYTHONDONTWRITEBYTECODE would compile every module at every start.
    compileall.compile_dir(Path(qadeck.__file__).parent, quiet=1)
    cores = os.cpu_count()
    print(f"machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}")
    print()
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    with tempfile.TemporaryDirectory(prefix="qadeck-bench-") as folder:
        for size in args.sizes:
            print(row(size, bench_size(size, args.repeat, Path(folder))), flush=True)
    print()
    for name, seconds in startup(10).items():
        print(f"- `{name}`: {seconds * 1000:.0f} ms (median of 10)")


if __name__ == "__main__":
    main()
