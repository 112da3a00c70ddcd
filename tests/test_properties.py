"""Random outlines with random answers: check and build never crash, and count every question.

Answers mix Markdown punctuation, control characters and random bytes. Each answer line starts
with a fixed prefix so that the random part can never open a heading, a code fence or an HTML
comment: the outline is then known, and with it the number of notes a build must write.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from qadeck.cli.main import cli

from conftest import Anki

PUNCTUATION = "#*_`~[]()<>!&|\\-+=:{}.,;'\"/ \t"
LINE_PREFIXES = [b"x", b"- ", b"> ", b"1. ", b"    ", b"* ", b"| "]
LINE_BREAKS = "\r\n\x85\u2028\u2029"
# These documents are outlines; shape detection may read some of them otherwise (see below).
OUTLINE = ("--style", "outline")
SUMMARY = re.compile(r"^(\d+) notes?(?: in \d+ subdecks?)?: ")

title_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=LINE_BREAKS)
    | st.sampled_from(PUNCTUATION),
    max_size=30,
)
answer_line = st.tuples(
    st.sampled_from(LINE_PREFIXES),
    st.text(alphabet=st.sampled_from(PUNCTUATION + "ab1 \x00\x1f\x0b\r\n"), max_size=40)
    | st.text(max_size=20),
).map(lambda pair: pair[0] + re.sub(r"[\r\n\x85\u2028\u2029]", " ", pair[1]).encode())
# Random bytes, often not UTF-8 at all, in about one document in four.
junk = st.none() | st.none() | st.none() | st.binary(min_size=1, max_size=8)


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    answer: tuple[bytes, ...]


outlines = st.tuples(
    st.lists(
        st.builds(
            Heading,
            st.integers(1, 3),
            title_text.map(lambda text: "Q" + text.replace("\x00", "")),
            st.lists(answer_line, max_size=4).map(tuple),
        ),
        min_size=1,
        max_size=8,
    ),
    junk,
)


CONTROLS = re.compile(rb"[\x00-\x08\x0b-\x1f]")  # removed from the text (see shapes.read)
CLOZE = re.compile(r"\{\{c[\d,]*::")


def answered(heading: Heading, lines: list[bytes]) -> bool:
    """Whether a question has an answer (or is a cloze heading): else it makes no card."""
    return bool(CLOZE.search(heading.title)) or any(CONTROLS.sub(b"", x).strip() for x in lines)


def document(generated: tuple[list[Heading], bytes | None]) -> tuple[bytes, int]:
    """The file's bytes and how many notes it must give: one per heading without sub-headings
    that has an answer."""
    outline, extra_bytes = generated
    parts: list[bytes] = []
    expected = 0
    only_title = outline[0].level == 1 and sum(h.level == 1 for h in outline) == 1
    for index, heading in enumerate(outline):
        following = outline[index + 1] if index + 1 < len(outline) else None
        section = following is not None and following.level > heading.level
        parts.append(b"#" * heading.level + b" " + heading.title.encode())
        if section:  # no intro text, so a section makes no card of its own
            continue
        lines = list(heading.answer)
        if extra_bytes is not None and index == len(outline) - 1:
            lines.append(b"x" + re.sub(rb"[\r\n]", b" ", extra_bytes))
        parts.extend(lines)
        if not (index == 0 and only_title) and answered(heading, lines):
            expected += 1
    return b"\n".join(parts) + b"\n", expected


def run(source: bytes, folder: Path, *style: str) -> tuple[int, int | None, Path]:
    """Check and build one document; return build's exit code and the notes it reports."""
    path, output = folder / "doc.md", folder / "out" / "deck.apkg"
    path.write_bytes(source)
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", str(path), "--format", "json", *style])
    assert checked.exit_code in (0, 1), checked.output
    built = runner.invoke(cli, ["build", str(path), "-o", str(output), *style])
    assert built.exit_code in (0, 1), built.output
    assert built.exit_code == checked.exit_code, (checked.output, built.output)
    if built.exit_code == 1:
        assert built.stderr and not output.exists()
        return 1, None, output
    match = SUMMARY.match(built.stdout.splitlines()[-1])  # after a line per converted document
    assert match, built.stdout
    return 0, int(match[1]), output


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(outlines)
def test_random_outlines_never_crash(generated: tuple[list[Heading], bytes | None]) -> None:
    source, _ = document(generated)
    with tempfile.TemporaryDirectory() as temp:
        code, _, _ = run(source, Path(temp))  # each document's shape detected, as by default
    event(f"exit {code}")


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(outlines)
def test_random_outlines_give_one_note_per_question(
    generated: tuple[list[Heading], bytes | None],
) -> None:
    source, expected = document(generated)
    with tempfile.TemporaryDirectory() as temp:
        code, notes, _ = run(source, Path(temp), *OUTLINE)
    event(f"exit {code}")
    if code == 0:
        assert notes == expected
    else:  # the only errors these documents can have
        assert expected == 0 or b"{#" in source or not _is_utf8(source)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(outlines)
def test_real_anki_holds_one_note_per_question(
    generated: tuple[list[Heading], bytes | None],
) -> None:
    source, expected = document(generated)
    with tempfile.TemporaryDirectory() as temp:
        code, notes, output = run(source, Path(temp), *OUTLINE)
        event(f"exit {code}, {expected} notes")
        if code == 1:
            return
        assert notes == expected
        collection = Anki(Path(temp) / "collection.anki2")
        try:
            log = collection.import_package(output)
            assert len(log.new) == expected == len(collection.notes())
        finally:
            collection.close()


def test_two_top_level_questions_give_two_notes(tmp_path: Path) -> None:
    # Found by test_random_outlines_give_one_note_per_question without --style outline: the
    # first question-like level-1 heading was taken for a one-question file.
    code, notes, _ = run(b"# Q?\nA\n# Q\nB\n", tmp_path)
    assert (code, notes) == (0, 2)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
