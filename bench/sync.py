"""Time `qadeck sync`, each run as its own process, and print Markdown tables.

    python bench/sync.py --repeat 3

Two cases, each through the collection file and through AnkiConnect (the tests' stand-in,
`serve.py`, in a process of its own, on the same collection):

- **beside**: a deck of 10 questions synced into an empty collection (`alone`) and into one
  that holds a 20,000-note qadeck deck synced before (`beside`): the first sync and a sync with
  no change. The target: beside within 1.5x of alone.
- **large**: a deck of 10,000 questions: the first sync, a sync with no change, and a sync
  after editing one answer.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from anki.collection import Collection  # noqa: E402
from generate import generate  # noqa: E402
from run import QADECK, edit_one_answer, timed  # noqa: E402

WAYS = ("collection", "ankiconnect")


def deck(folder: Path, size: int, name: str) -> Path:
    """A generated deck of `size` questions with its own name and id."""
    generate(size, folder)
    (folder / "deck.toml").write_text(f'name = "{name}"\nid = "{name.lower()}"\n', "utf-8")
    return folder


@contextmanager
def target(collection: Path, way: str) -> Iterator[list[str]]:
    """The options that sync into `collection` the chosen way."""
    if way == "collection":
        yield ["--collection", str(collection)]
        return
    server = subprocess.Popen(
        [sys.executable, str(HERE / "serve.py"), str(collection)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        yield ["--url", server.stdout.readline().strip()]
    finally:
        server.communicate("")


def sync_seconds(source: Path, collection: Path, way: str, env: dict[str, str]) -> float:
    with target(collection, way) as options:
        return timed([QADECK, "sync", "-q", str(source), *options], env).seconds


def fresh(collection: Path, copy_of: Path | None) -> Path:
    """An empty collection at `collection`, or a copy of another (with its media)."""
    shutil.rmtree(collection.parent, ignore_errors=True)
    collection.parent.mkdir(parents=True)
    if copy_of is None:
        Collection(str(collection)).close()
    else:
        shutil.copytree(copy_of.parent, collection.parent, dirs_exist_ok=True)
    return collection


def main() -> None:
    """Parse options, run both cases, print the tables."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--others", type=int, default=20_000)
    parser.add_argument("--large", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qadeck-sync-bench-") as name:
        work = Path(name)
        env = {**os.environ, "QADECK_CACHE_DIR": str(work / "cache")}
        small = deck(work / "small", 10, "Small")
        others = deck(work / "others", args.others, "Others")
        large = deck(work / "large", args.large, "Large")
        beside = fresh(work / "beside" / "collection.anki2", None)
        subprocess.run([QADECK, "sync", "-q", str(others), "--collection", str(beside)], check=True)
        rows = []
        for way in WAYS:
            times: dict[str, list[float]] = {}
            for _ in range(args.repeat):
                for label, base in (("alone", None), ("beside", beside)):
                    col = fresh(work / "run" / "collection.anki2", base)
                    times.setdefault(f"{label} first", []).append(
                        sync_seconds(small, col, way, env)
                    )
                    times.setdefault(f"{label} no change", []).append(
                        sync_seconds(small, col, way, env)
                    )
                col = fresh(work / "run" / "collection.anki2", None)
                copy = work / "large-copy"
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(large, copy)
                times.setdefault("large first", []).append(sync_seconds(copy, col, way, env))
                times.setdefault("large no change", []).append(sync_seconds(copy, col, way, env))
                edit_one_answer(copy)
                times.setdefault("large one edit", []).append(sync_seconds(copy, col, way, env))
            med = {key: statistics.median(values) for key, values in times.items()}
            rows.append(
                f"| {way} | {med['alone first']:.2f} | {med['beside first']:.2f} | "
                f"{med['beside first'] / med['alone first']:.2f} | {med['alone no change']:.2f} | "
                f"{med['beside no change']:.2f} | "
                f"{med['beside no change'] / med['alone no change']:.2f} | "
                f"{med['large first']:.2f} | {med['large no change']:.2f} | "
                f"{med['large one edit']:.2f} |"
            )
            print(rows[-1], file=sys.stderr, flush=True)
    print(
        f"| way | 10 alone, first s | 10 beside {args.others:,}, first s | ratio | "
        f"10 alone, no change s | 10 beside, no change s | ratio | {args.large:,} first s | "
        f"{args.large:,} no change s | {args.large:,} one edit s |"
    )
    print("|" + "---|" * 10)
    for row in rows:
        print(row)


if __name__ == "__main__":
    main()
