"""Documents read in parts: the parts read what the whole reads, a rebuild reads the part that
changed, and a document with warnings rebuilt from memory writes and reports what a full build
writes and reports."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qadeck.commands.prepare import ReadOptions, prepare
from qadeck.diagnostics import Diagnostics
from qadeck.incremental.reading import RememberingReader
from qadeck.incremental.store import RenderCache
from qadeck.shapes import parts
from qadeck.shapes.read import read_inputs
from qadeck.sources.config import CheckSettings

from conftest import build

NOW = 1_767_225_600
Write = Callable[..., Path]
LIMIT = CheckSettings(max_words=12)

# A document with a finding of every kind a build makes, at every stage: reading it (no answer,
# `::` in a section, an empty heading, an unknown attribute), the deck (a duplicate), the whole
# document (a heading broken across lines, a link to no heading, a fence never closed), a
# question (too many words), rendering (a removed <script>), the note (a cloze never closed)
# and the file itself (a control character).
WARNINGS = """\
# Warnings

## Basics

### What is A?

Short, with <script>alert(1)</script> in it.

### What is B?

### Stream processing

 vs batch processing

### What is C? {.sideways}

An answer.

### Cloze?

The {{c1::answer is never closed.

### What is A?

Asked twice.

## More::Stuff

### Long one?

One two three four five six seven eight nine ten eleven twelve thirteen fourteen.
See [the missing part](#nowhere) and [the basics](#basics).

###

### What is E?

E\x01 is a letter.
{filler}
### The end?

```
never closed
"""


def filler(count: int) -> str:
    return "".join(f"\n### Filler {n}?\n\nFiller answer {n}.\n" for n in range(count))


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of a few headings, so that a small document has many."""
    monkeypatch.setattr(parts, "PART_HEADINGS", 3)
    monkeypatch.setattr(parts, "MOST_HEADINGS", 5)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("QADECK_CACHE_DIR", str(folder))
    return folder


def built(source: Path, previous: Path | None, output: Path, use_cache: bool) -> list[str]:
    """Build over a copy of the previous package; the findings, as printed."""
    if previous is not None:
        shutil.copy(previous, output)
    report = build([source], output, now=NOW, settings=LIMIT, use_cache=use_cache)
    return [str(finding) for finding in report.diagnostics]


def read_again(source: Path) -> tuple[int, int]:
    """How many parts the next build would read, of how many."""
    reader = RememberingReader(RenderCache(), LIMIT)
    inputs = read_inputs([source], Diagnostics(), reader=reader)
    found = [part for document in inputs.documents for part in document.parts]
    return sum(part.outline is not None for part in found), len(found)


@pytest.mark.parametrize("layout", ["one file", "folder"])
def test_a_document_with_warnings_rebuilds_from_memory_as_a_full_build_does(
    write: Write, tmp_path: Path, cache: Path, small_parts: None, layout: str
) -> None:
    path = write("deck/doc.md", WARNINGS.replace("{filler}", filler(12)))
    if layout == "folder":
        write("deck/other.md", "# Other\n\n## What is A?\n\nOnce more.\n")
    source = path if layout == "one file" else path.parent
    previous = None
    edits = [
        lambda text: text,  # the first build fills the memory
        lambda text: text,  # unchanged: every part from memory
        lambda text: text.replace("Filler answer 5.", "Filler answer five."),
        lambda text: text.replace("Filler answer 9.", "Filler answer 9.\n\nOne more line."),
        lambda text: text.replace("Asked twice.", "Asked twice, and <iframe>x</iframe>."),
        lambda text: "---\ntags: [front]\n---\n" + text,  # what front matter asks changes all
        lambda text: text.replace("tags: [front]", "reversed: true"),
    ]
    for number, edit in enumerate(edits):
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
        cached = tmp_path / f"cached-{number}.apkg"
        full = tmp_path / f"full-{number}.apkg"
        from_memory = built(source, previous, cached, use_cache=True)
        assert from_memory == built(source, previous, full, use_cache=False), number
        assert cached.read_bytes() == full.read_bytes(), number
        previous = full
    assert len(from_memory) == (14 if layout == "folder" else 13)
    assert all(": warning: " in found for found in from_memory)
    for expected in ("question has no answer", "'::' in a section heading",
                     "empty heading skipped", "unknown heading attribute", "duplicate question",
                     "heading looks broken", "link to #nowhere", "code block opened here",
                     "answer has 21 words", "removed <script>", "removed <iframe>",
                     "cloze deletion opened", "removed 1 control character"):  # fmt: skip
        assert any(expected in found for found in from_memory), expected
    assert read_again(source)[0] == 0


def test_an_edit_in_one_answer_reads_the_part_that_holds_it(
    write: Write, cache: Path, tmp_path: Path
) -> None:
    path = write("doc.md", "# Big\n" + filler(400))
    build([path], tmp_path / "out.apkg", now=NOW, settings=LIMIT)
    fresh, total = read_again(path)
    assert (fresh, total) == (0, total) and total > 4
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Filler answer 200.", "Filler answer 200, edited."), "utf-8")
    assert read_again(path) == (1, total)
    path.write_text(text.replace("Filler answer 200.", "Filler\n\nanswer 200.\n\n"), "utf-8")
    assert read_again(path) == (1, total)  # the parts after it moved down, and are remembered


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # the title is taken no more: the first heading becomes a section
        ("# T\n## Q?\nA.\n## R?\nB.\n", "# T\n## Q?\nA.\n## R?\nB.\n# U\n## S?\nC.\n"),
        # the question before an edited heading becomes a section
        ("# T\n## Q?\nA.\n## R?\nB.\n## S?\nC.\n", "# T\n## Q?\nA.\n### R?\nB.\n## S?\nC.\n"),
        # the section the parts after an edit are in is renamed
        ("# T\n## P\n### Q?\nA.\n### R?\nB.\n", "# T\n## O\n### Q?\nA.\n### R?\nB.\n"),
        # a fence opened above swallows the parts after it
        ("# T\n## Q?\nA.\n## R?\nB.\n", "# T\n## Q?\n```\nA.\n## R?\nB.\n"),
    ],
)
def test_an_edit_that_changes_what_follows_reads_it_again(
    write: Write,
    tmp_path: Path,
    cache: Path,
    monkeypatch: pytest.MonkeyPatch,
    before: str,
    after: str,
) -> None:
    monkeypatch.setattr(parts, "PART_HEADINGS", 1)  # every heading starts a part
    path = write("doc.md", before)
    built(path, None, tmp_path / "before.apkg", use_cache=True)
    path.write_text(after, encoding="utf-8")
    from_memory = built(path, tmp_path / "before.apkg", tmp_path / "cached.apkg", use_cache=True)
    full = built(path, tmp_path / "before.apkg", tmp_path / "full.apkg", use_cache=False)
    assert from_memory == full
    assert (tmp_path / "cached.apkg").read_bytes() == (tmp_path / "full.apkg").read_bytes()


LINES = ["", "text", "# A", "## B", "### C?", "#### D", "## E::F", "###", "```", "~~~", "<!--",
         "-->", "<!-- more -->", "[x](#b)", "[y](#c-2)", " vs more", "<script>x</script>",
         "one two three four five six seven eight nine ten eleven twelve thirteen"]  # fmt: skip
documents = st.lists(st.sampled_from(LINES), max_size=60).map("\n".join)


line_lists = st.lists(st.sampled_from(LINES), max_size=40)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(line_lists, st.integers(0, 40), st.sampled_from(["", *LINES]), st.booleans())
def test_a_deck_read_in_parts_is_the_deck_read_whole(
    lines: list[str], at: int, line: str, insert: bool
) -> None:
    """An edit (a line replaced, inserted or taken out), built over the memory of the
    document before it, reads as the edited document read whole, without a memory."""
    edited = list(lines)
    if insert:
        edited.insert(at, line)
    elif at < len(edited):
        edited[at : at + 1] = [line] if line else []
    with pytest.MonkeyPatch.context() as patch, tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        patch.setattr(parts, "PART_HEADINGS", 1)  # every heading starts a part
        path = folder / "doc.md"
        results = []
        for text, cache in (
            ("\n".join(lines), RenderCache(folder / "cache")),
            ("\n".join(edited), RenderCache(folder / "cache")),
            ("\n".join(edited), RenderCache(folder / "cache")),
            ("\n".join(edited), None),
        ):
            path.write_text(text, encoding="utf-8")
            diagnostics = Diagnostics()
            try:
                read = ReadOptions([path], settings=LIMIT)
                inputs, rendered = prepare(read, diagnostics, cache)
            finally:
                if cache is not None:
                    cache.wait()
            found = [str(d) for d in diagnostics.items]
            results.append((inputs.deck.name, inputs.deck.sections, rendered.notes, found))
        assert results[1] == results[3]
        assert results[2] == results[3]
