"""The committed deck in dist/ is exactly what the committed answers build."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ANSWERS, ROOT, build

COMMITTED = ROOT / "dist" / "mlops-questions.apkg"


def test_committed_deck_is_not_stale(tmp_path: Path) -> None:
    # The committed package is its own baseline: unchanged answers keep every note's mod, so
    # the rebuild is byte-identical. A difference means answers/ (or the renderer) changed
    # without `python3 tasks.py build` and a commit of dist/.
    output = tmp_path / COMMITTED.name
    shutil.copyfile(COMMITTED, output)
    build([ANSWERS], output, now=2_000_000_000)
    assert output.read_bytes() == COMMITTED.read_bytes(), (
        "dist/mlops-questions.apkg is stale: run `python3 tasks.py build` and commit dist/"
    )
