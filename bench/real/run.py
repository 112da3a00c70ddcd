"""Convert the corpus documents present in a local folder and compare card counts.

For every entry of manifest.toml whose `local` path exists under CORPUS, runs
`qadeck build` into a temporary package, counts the notes in the package's
`notes` table and prints: id, the cards expected, the cards got, whether that is
within 2% of the expected count, the warnings and the first of them.

    .venv/bin/python bench/real/run.py /work/corpus
    .venv/bin/python bench/real/run.py /work/corpus --only sudheerj-react --markdown
"""

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = Path(__file__).with_name("manifest.toml")
TOLERANCE = 0.02
# Documents are saved without their pictures, so a missing image says nothing
# about how the document was read; such warnings are counted apart.
IMAGE_WARNING = "image not found"


@dataclass
class Doc:
    id: str
    repo: str
    path: str
    local: str
    expected: int
    questions: int | None


@dataclass
class Result:
    doc: Doc
    got: int
    failed: bool = False
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    images: int = 0

    @property
    def within(self) -> bool:
        return abs(self.got - self.doc.expected) <= TOLERANCE * self.doc.expected

    @property
    def first(self) -> str:
        if self.errors:
            return "error: " + self.errors[0]
        return self.warnings[0] if self.warnings else ""


def load_manifest(path: Path) -> list[Doc]:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return [
        Doc(
            id=entry["id"],
            repo=entry["repo"],
            path=entry["path"],
            local=entry["local"],
            expected=int(entry["expected"]),
            questions=entry.get("questions"),
        )
        for entry in data["doc"]
    ]


def find_qadeck(explicit: str | None) -> str:
    if explicit:
        return explicit
    beside = Path(sys.executable).with_name("qadeck")
    if beside.exists():
        return str(beside)
    found = shutil.which("qadeck")
    if found is None:
        sys.exit("qadeck not found: run `python3 tasks.py build` or pass --qadeck PATH")
    return found


def count_notes(package: Path) -> int:
    with zipfile.ZipFile(package) as archive, tempfile.TemporaryDirectory() as tmp:
        names = archive.namelist()
        name = "collection.anki21" if "collection.anki21" in names else "collection.anki2"
        collection = Path(tmp) / name
        collection.write_bytes(archive.read(name))
        connection = sqlite3.connect(collection)
        try:
            (count,) = connection.execute("SELECT count(*) FROM notes").fetchone()
        finally:
            connection.close()
    return int(count)


def describe(finding: dict[str, Any], source: Path) -> str:
    where = Path(str(finding.get("path") or source))
    name = where.name if source.is_file() else os.path.relpath(where, source)
    line = finding.get("line")
    return f"{name}:{line}: {finding['message']}" if line else f"{name}: {finding['message']}"


def convert(qadeck: str, doc: Doc, source: Path, timeout: float) -> Result:
    with tempfile.TemporaryDirectory(prefix="qadeck-real-") as tmp:
        package = Path(tmp) / "deck.apkg"
        command = [qadeck, "build", str(source), "-o", str(package), "--format", "json"]
        command += ["--no-cache", "--quiet", "--max-words", "0"]
        env = dict(os.environ, QADECK_CACHE_DIR=str(Path(tmp) / "cache"))
        try:
            proc = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, env=env, check=False
            )
        except subprocess.TimeoutExpired:
            return Result(doc, got=0, failed=True, errors=[f"timed out after {timeout:g} s"])
        try:
            report: dict[str, Any] = json.loads(proc.stdout)
        except json.JSONDecodeError:
            lines = (proc.stderr or proc.stdout).strip().splitlines() or [f"exit {proc.returncode}"]
            return Result(doc, got=0, failed=True, errors=[lines[-1]])
        result = Result(doc, got=0)
        for finding in report.get("diagnostics", []):
            text = describe(finding, source)
            if finding.get("severity") == "error":
                result.errors.append(text)
            elif IMAGE_WARNING in str(finding.get("message", "")):
                result.images += 1
            else:
                result.warnings.append(text)
        if report.get("output") and package.exists():
            result.got = count_notes(package)
        else:
            result.failed = True
        return result


def clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def table(results: list[Result], width: int, markdown: bool) -> str:
    head = ["id", "expected", "got", "within 2%", "warnings", "images", "first warning"]
    rows = [
        [
            r.doc.id,
            str(r.doc.expected),
            str(r.got) + (" (failed)" if r.failed else ""),
            "yes" if r.within else "no",
            str(len(r.warnings)),
            str(r.images),
            clip(r.first, width),
        ]
        for r in results
    ]
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for row in rows:
            lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
        return "\n".join(lines)
    sizes = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    return "\n".join(
        "  ".join(cell.ljust(size) for cell, size in zip(row, sizes, strict=True)).rstrip()
        for row in [head, *rows]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="folder holding the fetched documents")
    parser.add_argument("--manifest", type=Path, default=MANIFEST)
    parser.add_argument("--qadeck", help="the qadeck to run (default: beside this Python)")
    parser.add_argument("--only", action="append", metavar="ID", help="only these ids")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per document")
    parser.add_argument("--width", type=int, default=100, help="width of the warning column")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results here")
    args = parser.parse_args(argv)

    qadeck = find_qadeck(args.qadeck)
    docs = load_manifest(args.manifest)
    if args.only:
        unknown = set(args.only) - {doc.id for doc in docs}
        if unknown:
            parser.error("unknown id: " + ", ".join(sorted(unknown)))
        docs = [doc for doc in docs if doc.id in args.only]

    results: list[Result] = []
    missing: list[Doc] = []
    for doc in docs:
        source = args.corpus / doc.local
        if not source.exists():
            missing.append(doc)
            continue
        print(f"{doc.id} …", file=sys.stderr, flush=True)
        results.append(convert(qadeck, doc, source, args.timeout))

    if results:
        print(table(results, args.width, args.markdown))
        hits = sum(result.within for result in results)
        print(f"\n{hits} of {len(results)} documents within 2% ({100 * hits / len(results):.0f}%)")
    for doc in missing:
        print(f"not present: {doc.id} ({args.corpus / doc.local})", file=sys.stderr)
    if args.json:
        records = [
            {
                "id": r.doc.id,
                "repo": r.doc.repo,
                "path": r.doc.path,
                "expected": r.doc.expected,
                "questions": r.doc.questions,
                "got": r.got,
                "failed": r.failed,
                "within": r.within,
                "warnings": r.warnings,
                "errors": r.errors,
                "images": r.images,
            }
            for r in results
        ]
        args.json.write_text(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    return 0 if results else 1


if __name__ == "__main__":
    sys.exit(main())
