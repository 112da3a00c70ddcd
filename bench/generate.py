"""Write deterministic sources of N questions for benchmarks: `generate.py N DIR [--one-file]`.

A folder of files of PER_FILE questions with a deck.toml, or (--one-file) the same questions
in one file, `DIR/questions.md`, where each part is a level-2 heading under one title.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

PER_FILE = 500
PER_SECTION = 50
WORDS = [
    "model",
    "data",
    "feature",
    "pipeline",
    "drift",
    "training",
    "serving",
    "latency",
    "batch",
    "stream",
    "registry",
    "version",
    "metric",
    "label",
    "schema",
    "container",
    "deploy",
    "rollback",
    "canary",
    "shadow",
    "monitor",
    "alert",
    "window",
    "sample",
]


def answer(rng: random.Random, index: int) -> str:
    """A typical answer: a paragraph, a list, inline and fenced code, and every fifth a table."""
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 60)))
    items = "\n".join(
        f"- **{rng.choice(WORDS)}**: `{rng.choice(WORDS)}()` {words[:60]}" for _ in range(3)
    )
    parts = [words.capitalize() + ".", items]
    if index % 3 == 0:
        parts.append(f"```python\ndef f_{index}(x):\n    return x * {index}\n```")
    if index % 5 == 0:
        parts.append("| Metric | Value |\n|---|---|\n| " + rng.choice(WORDS) + f" | {index} |")
    parts.append(f"*Note {index}*: see `{rng.choice(WORDS)}`.")
    return "\n\n".join(parts)


def generate(count: int, folder: Path, seed: int = 1, one_file: bool = False) -> None:
    """Write `count` questions under `folder`, PER_FILE per part, PER_SECTION per section.

    Each part is a file, or with `one_file` a level-2 heading of one file: the same questions,
    the same subdecks.
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    if one_file:
        lines = ["# Bench", ""]
    else:
        (folder / "deck.toml").write_text('name = "Bench"\n', encoding="utf-8")
    mark = "#" if one_file else ""  # one level deeper under the file's title
    for start in range(0, count, PER_FILE):
        if not one_file:
            lines = []
        lines += [f"{mark}# Part {start // PER_FILE + 1}", ""]
        for index in range(start, min(start + PER_FILE, count)):
            if (index - start) % PER_SECTION == 0:
                lines += [f"{mark}## Section {index // PER_SECTION + 1}", ""]
            lines += [
                f"{mark}### What is {rng.choice(WORDS)} in case {index}?",
                "",
                answer(rng, index),
                "",
            ]
        if not one_file:
            name = f"part-{start // PER_FILE + 1:04d}.md"
            (folder / name).write_text("\n".join(lines), encoding="utf-8")
    if one_file:
        (folder / "questions.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]), one_file="--one-file" in sys.argv[3:])
