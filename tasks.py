"""Developer tasks that need nothing but Python 3.11+: `python3 tasks.py build|test`.

Both create `.venv/` on first use and install the project into it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def run(*command: str | Path) -> None:
    """Run a command from the project root; stop with its exit code if it fails."""
    completed = subprocess.run([str(part) for part in command], cwd=ROOT, check=False)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def install(extra: str = "") -> None:
    """Create .venv when missing and install the project (editable) into it."""
    if not (BIN / "python").exists():
        venv.create(VENV, with_pip=True)
        run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--editable", f".{extra}")


def ensure_chromium() -> None:
    """Install Debian's chromium and its driver for the browser tests when missing and we may."""
    present = shutil.which("chromium") and shutil.which("chromedriver")
    if present or not shutil.which("apt-get") or os.geteuid() != 0:
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"]
    for command in (["apt-get", "update", "-qq"], install):
        subprocess.run(command, check=False, env=env, stdout=subprocess.DEVNULL)


def build(args: list[str]) -> None:
    """Install qadeck and build the deck (default: answers/ -> dist/mlops-questions.apkg)."""
    install()
    run(BIN / "qadeck", "build", *args)


def test(args: list[str]) -> None:
    """Install the test dependencies, then run the linters, the type checker and pytest."""
    install("[test]")
    ensure_chromium()
    run(BIN / "ruff", "check", ".")
    run(BIN / "ruff", "format", "--check", ".")
    run(BIN / "mypy")
    run(BIN / "python", "-m", "pytest", *args)


TASKS = {"build": build, "test": test}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        sys.exit(f"usage: python3 tasks.py {{{'|'.join(TASKS)}}} [ARGS...]")
    TASKS[sys.argv[1]](sys.argv[2:])
