"""Malformed and hostile sources: exact findings, exit codes, nothing written, no temp files left.

Every case runs through `qadeck check` and `qadeck build`, which must agree: check prints the
findings and a summary on stdout, build prints the same findings on stderr and writes the
package only when there is no error.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from qadeck.cli.main import cli

LONG_NAME = "n" * 300 + ".md"
DEEP_LIST = "".join("    " * i + "- level\n" for i in range(120))
DEEP_QUOTE = "".join(">" * i + " quoted\n" for i in range(1, 150))


@dataclass(frozen=True)
class Case:
    """Files to write (path -> text or bytes), the command's arguments and what must happen."""

    id: str
    files: dict[str, str | bytes]
    lines: list[str]
    summary: str
    code: int = 1
    args: tuple[str, ...] = ("doc.md",)
    output: str = "out/deck.apkg"
    build_lines: list[str] = field(default_factory=list)  # findings only build makes (output)
    setup: Callable[[Path], None] | None = None


def _fifo(root: Path) -> None:
    os.mkfifo(root / "pipe.md")


def _garbage_package(root: Path) -> None:
    (root / "out" / "deck.apkg").write_bytes(b"not a zip")


CASES = [
    # ---- sources that are not UTF-8 text ------------------------------------------------
    Case(
        "invalid-byte",
        {"doc.md": b"# T\n## Q\nan\xffswer\n"},
        ["doc.md:3:3: error: not valid UTF-8: byte 0xff at offset 11"],
        "1 error, 0 warnings in 1 file",
    ),
    Case(
        "latin-1",
        {"doc.md": "# T\n## Café?\nyes\n".encode("latin-1")},
        ["doc.md:2:7: error: not valid UTF-8: byte 0xe9 at offset 10"],
        "1 error, 0 warnings in 1 file",
    ),
    Case(
        "utf-16-with-bom",
        {"doc.md": "## Q\nA\n".encode("utf-16")},
        ["doc.md:1:1: error: not valid UTF-8: byte 0xff at offset 0"],
        "1 error, 0 warnings in 1 file",
    ),
    Case(
        "truncated-sequence-at-end",
        {"doc.md": b"## Q\nA \xe2\x82"},
        ["doc.md:2:3: error: not valid UTF-8: byte 0xe2 at offset 7"],
        "1 error, 0 warnings in 1 file",
    ),
    Case(
        "bad-byte-after-bom-counts-the-bom",
        {"doc.md": b"\xef\xbb\xbf## Q\n\x80\n"},
        ["doc.md:2:1: error: not valid UTF-8: byte 0x80 at offset 8"],
        "1 error, 0 warnings in 1 file",
    ),
    Case(
        "one-bad-file-in-a-folder",
        {"src/a.md": "## A\nfine\n", "src/b.md": b"## B\n\xc3\x28\n"},
        ["src/b.md:2:1: error: not valid UTF-8: byte 0xc3 at offset 5"],
        "1 error, 0 warnings in 2 files",
        args=("src",),
    ),
    Case(
        "utf-16-without-bom-reads-as-text-with-nuls",
        {"doc.md": "## Q\nA\n".encode("utf-16-le")},
        [
            "doc.md:1:2: warning: removed 7 control characters (first U+0000); "
            "Anki notes cannot hold them"
        ],
        "0 errors, 1 warning in 1 file",
        code=0,
    ),
    Case(
        "field-separator-in-answer",
        {"doc.md": "## Q\nA\x1fB\n"},
        [
            "doc.md:2:2: warning: removed 1 control character (first U+001F); "
            "Anki notes cannot hold them"
        ],
        "0 errors, 1 warning in 1 file",
        code=0,
    ),
    # ---- keys, questions, empty sources ---------------------------------------------------
    Case(
        "duplicate-explicit-key",
        {"doc.md": "# T\n## One {#k}\na\n## Two {#k}\nb\n"},
        ["doc.md:4:1: error: duplicate key {#k}: also used by doc.md:2"],
        "1 error, 0 warnings in 1 file",
    ),
    Case(
        "duplicate-explicit-key-across-files",
        {"src/a.md": "## One {#k}\na\n", "src/b.md": "## Two {#k}\nb\n"},
        ["src/b.md:1:1: error: duplicate key {#k}: also used by src/a.md:1"],
        "1 error, 0 warnings in 2 files",
        args=("src",),
    ),
    Case(
        "empty-file",
        {"doc.md": ""},
        ["doc.md: error: no questions found (files read: doc.md)"],
        "1 error, 0 warnings in 1 file",
    ),
    Case(
        "title-and-text-only",
        {"doc.md": "# Title\n\nSome introduction.\n"},
        ["doc.md: error: no questions found (files read: doc.md)"],
        "1 error, 0 warnings in 1 file",
    ),
    Case(
        "empty-files-in-a-folder-are-named",
        {"src/a.md": "no headings\n", "src/b.md": "\n"},
        ["src: error: no questions found (files read: src/a.md, src/b.md)"],
        "1 error, 0 warnings in 2 files",
        args=("src",),
    ),
    Case(
        "headings-only-inside-code",
        {"doc.md": "```\n## Q\nA\n```\n"},
        ["doc.md: error: no questions found (files read: doc.md)"],
        "1 error, 0 warnings in 1 file",
    ),
    Case(
        "unclosed-comment-swallows-everything",
        {"doc.md": "<!-- draft\n## Q\nA\n"},
        [
            "doc.md: error: no questions found (files read: doc.md)",
            "doc.md:1:1: warning: HTML comment opened here is never closed; "
            "it hides the rest of the file",
        ],
        "1 error, 1 warning in 1 file",
    ),
    Case(
        "unclosed-fence-swallows-everything",
        {"doc.md": "~~~\n## Q\nA\n"},
        [
            "doc.md: error: no questions found (files read: doc.md)",
            "doc.md:1:1: warning: code block opened here is never closed; "
            "it swallows the rest of the file",
        ],
        "1 error, 1 warning in 1 file",
    ),
    # ---- paths ----------------------------------------------------------------------------
    Case(
        "missing-source",
        {},
        ["nowhere.md: error: no such file or folder"],
        "1 error, 0 warnings in 0 files",
        args=("nowhere.md",),
    ),
    Case(
        "folder-without-markdown",
        {"src/notes.txt": "## Q\nA\n"},
        ["src: error: no Markdown (.md) files in this folder"],
        "1 error, 0 warnings in 0 files",
        args=("src",),
    ),
    Case(
        "source-is-a-pipe",
        {},
        ["pipe.md: error: not a regular file or folder"],
        "1 error, 0 warnings in 0 files",
        args=("pipe.md",),
        setup=_fifo,
    ),
    Case(
        "source-name-too-long",
        {},
        [f"{LONG_NAME}: error: cannot read: File name too long"],
        "1 error, 0 warnings in 0 files",
        args=(LONG_NAME,),
    ),
    Case(
        "output-is-a-folder",
        {"doc.md": "## Q\nA\n"},
        [],
        "0 errors, 0 warnings in 1 file",
        code=0,
        output="out",
        build_lines=["out: error: output path is a folder"],
    ),
    Case(
        "output-inside-a-file",
        {"doc.md": "## Q\nA\n"},
        [],
        "0 errors, 0 warnings in 1 file",
        code=0,
        output="doc.md/deck.apkg",
        build_lines=["doc.md/deck.apkg: error: cannot write: doc.md is not a folder"],
    ),
    Case(
        "output-is-a-device",
        {"doc.md": "## Q\nA\n"},
        [],
        "0 errors, 0 warnings in 1 file",
        code=0,
        output="/dev/null",
        build_lines=["/dev/null: error: output path exists and is not a regular file"],
    ),
    Case(
        "output-is-not-a-package",
        {"doc.md": "## Q\nA\n"},
        [],
        "0 errors, 0 warnings in 1 file",
        code=0,
        build_lines=[
            "out/deck.apkg: error: exists but is not an Anki package "
            "(File is not a zip file); not overwritten"
        ],
        setup=_garbage_package,
    ),
    # ---- deck.toml --------------------------------------------------------------------------
    Case(
        "config-not-toml",
        {"src/a.md": "## Q\nA\n", "src/deck.toml": 'name = "x\n'},
        ["src/deck.toml:1:10: error: invalid TOML: Illegal character '\\n'"],
        "1 error, 0 warnings in 1 file",
        args=("src",),
    ),
    Case(
        "config-unknown-key",
        {"src/a.md": "## Q\nA\n", "src/deck.toml": 'name = "X"\nmax_words = 3\n'},
        [
            "src/deck.toml:2: error: unknown key 'max_words' "
            "(known: name, id, max-words, section-numbers, source-url, reversed, css, exclude, "
            "tag, cloze-highlights, cloze-braces)"
        ],
        "1 error, 0 warnings in 1 file",
        args=("src",),
    ),
    Case(
        "config-section-numbers-not-a-boolean",
        {"src/a.md": "## Q\nA\n", "src/deck.toml": 'section-numbers = "yes"\n'},
        ["src/deck.toml:1: error: 'section-numbers' must be true or false"],
        "1 error, 0 warnings in 1 file",
        args=("src",),
    ),
    Case(
        "config-source-url-not-a-web-address",
        {"src/a.md": "## Q\nA\n", "src/deck.toml": 'source-url = "javascript:alert(1)"\n'},
        ["src/deck.toml:1: error: 'source-url' must be an http:// or https:// address"],
        "1 error, 0 warnings in 1 file",
        args=("src",),
    ),
    Case(
        "config-max-words-not-a-number",
        {"src/a.md": "## Q\nA\n", "src/deck.toml": 'max-words = "ten"\n'},
        ["src/deck.toml:1: error: 'max-words' must be a whole number, 0 or more"],
        "1 error, 0 warnings in 1 file",
        args=("src",),
    ),
    Case(
        "config-not-utf-8",
        {"src/a.md": "## Q\nA\n", "src/deck.toml": b'name = "\xff"\n'},
        ["src/deck.toml:1:9: error: not valid UTF-8: byte 0xff at offset 8"],
        "1 error, 0 warnings in 1 file",
        args=("src",),
    ),
    # ---- warnings: the package is still written ---------------------------------------------
    Case(
        "empty-answer",
        {"doc.md": "# T\n## Q one\n## Q two\nA\n"},
        [
            "doc.md:2:1: warning: question has no answer; no card made"
            ": write an answer under it, or remove the heading"
        ],
        "0 errors, 1 warning in 1 file",
        code=0,
    ),
    Case(
        "duplicate-question-text",
        {"doc.md": "# T\n## Same?\none\n## same\ntwo\n"},
        [
            "doc.md:4:1: warning: duplicate question (also at doc.md:2): "
            "kept as a separate note with key {#same~2}"
            ", told apart from the other copies by its section and its answer; "
            "give each copy a {#key} of its own to pin its note"
        ],
        "0 errors, 1 warning in 1 file",
        code=0,
    ),
    Case(
        "heading-broken-across-lines",
        {"doc.md": "# T\n## Stream Processing\n\n vs Batch Processing\n\n## Next\nA\n"},
        [
            "doc.md:2:1: warning: heading looks broken across lines (line 4 continues it); "
            'did you mean "## Stream Processing vs Batch Processing"?'
        ],
        "0 errors, 1 warning in 1 file",
        code=0,
    ),
    Case(
        "toc-link-to-no-heading",
        {
            "doc.md": "# T\n- [Model/Concept](#model-concept)\n- [Gone](#gone)\n- [Ok](#q)\n"
            "## Model/Concept\nA\n## Q\nB\n"
        },
        [
            "doc.md:2:3: warning: link to #model-concept matches no heading "
            "(did you mean #modelconcept?)",
            "doc.md:3:3: warning: link to #gone matches no heading",
        ],
        "0 errors, 2 warnings in 1 file",
        code=0,
    ),
    Case(
        "toc-link-to-broken-heading",
        {"doc.md": "# T\n- [A vs B](#a-vs-b)\n## A\n\n vs B\n\n## C\nc\n"},
        [
            "doc.md:2:3: warning: link to #a-vs-b matches no heading "
            "(the heading at line 3 looks broken across lines)",
            "doc.md:3:1: warning: heading looks broken across lines (line 5 continues it); "
            'did you mean "## A vs B"?',
        ],
        "0 errors, 2 warnings in 1 file",
        code=0,
    ),
    Case(
        "unclosed-comment-after-questions",
        {"doc.md": "# T\n## Q\nA <!-- x --> ok\n<!-- closes -->\n## R\nB\n <!-- hides\n## S\n"},
        [
            "doc.md:7:2: warning: HTML comment opened here is never closed; "
            "it hides the rest of the file"
        ],
        "0 errors, 1 warning in 1 file",
        code=0,
    ),
    Case(
        "unclosed-fence-after-questions",
        {"doc.md": "# T\n## Q\nA\n## R\n  ```python\n## not a question\n"},
        [
            "doc.md:5:3: warning: code block opened here is never closed; "
            "it swallows the rest of the file"
        ],
        "0 errors, 1 warning in 1 file",
        code=0,
    ),
    Case(
        "double-colon-in-section",
        {"doc.md": "# T\n## C++::Basics\n### Q\nA\n"},
        [
            "doc.md:2:1: warning: '::' in a section heading would split the Anki deck name; "
            "written as ':'"
        ],
        "0 errors, 1 warning in 1 file",
        code=0,
    ),
    Case(
        "double-colon-in-question-is-no-deck-name",
        {"doc.md": "# Rust\n## What does `Vec::new` return?\nAn empty vector.\n"},
        [],
        "0 errors, 0 warnings in 1 file",
        code=0,
        args=("doc.md", "--strict"),
    ),
    Case(
        "answer-over-max-words-option",
        {"doc.md": "# T\n## Q\none two three four five six\n<!-- more -->\nlong extra is fine\n"},
        [
            "doc.md:2:1: warning: answer has 6 words (limit 5): "
            "move the detail below <!-- more --> or split the question"
        ],
        "0 errors, 1 warning in 1 file",
        code=0,
        args=("doc.md", "--max-words", "5"),
    ),
    Case(
        "answer-over-max-words-in-deck-toml",
        {"src/a.md": "## Q\none two ``` three\n", "src/deck.toml": "max-words = 2\n"},
        [
            "src/a.md:1:1: warning: answer has 3 words (limit 2): "
            "move the detail below <!-- more --> or split the question"
        ],
        "0 errors, 1 warning in 1 file",
        code=0,
        args=("src",),
    ),
    Case(
        "strict-makes-warnings-errors",
        {"doc.md": "# T\n## Q one\n## Q two\nA\n"},
        [
            "doc.md:2:1: error: question has no answer; no card made"
            ": write an answer under it, or remove the heading"
        ],
        "1 error, 0 warnings in 1 file",
        args=("doc.md", "--strict"),
    ),
    Case(
        "empty-heading-with-key",
        {"doc.md": "# T\n## {#only-a-key}\nA\n## Q\nB\n"},
        ["doc.md:2:1: warning: empty heading skipped"],
        "0 errors, 1 warning in 1 file",
        code=0,
    ),
    # ---- inputs built to exhaust Python-Markdown ------------------------------------------
    Case(
        "list-nested-120-deep",
        {"doc.md": "# T\n## Q\n" + DEEP_LIST},
        [
            "doc.md:103:401: error: Markdown nested 101 levels deep (limit 100) cannot be "
            "rendered; flatten the lists or quotes"
        ],
        "1 error, 0 warnings in 1 file",
        args=("doc.md", "--max-words", "0"),
    ),
    Case(
        "quotes-nested-150-deep",
        {"doc.md": "# T\n## Q\n" + DEEP_QUOTE},
        [
            "doc.md:103:1: error: Markdown nested 101 levels deep (limit 100) cannot be "
            "rendered; flatten the lists or quotes"
        ],
        "1 error, 0 warnings in 1 file",
        args=("doc.md", "--max-words", "0"),
    ),
    Case(
        "unclosed-brackets",
        {"doc.md": "# T\n## Q\nintro\n\n" + "[" * 5000 + "\n"},
        [
            "doc.md:5:1: error: too many unclosed [ or ( in one paragraph to render in "
            "reasonable time; close or escape them (\\[)"
        ],
        "1 error, 0 warnings in 1 file",
    ),
    Case(
        "paragraph-dense-with-markup",
        {"doc.md": "# T\n## Q\nintro\n\n" + "*a* " * 50_000 + "\n"},
        [
            "doc.md:5:1: error: paragraph of 199,999 characters with 100,000 markup characters "
            "cannot be rendered in reasonable time; split it with blank lines"
        ],
        "1 error, 0 warnings in 1 file",
        args=("doc.md", "--max-words", "0"),
    ),
    Case(
        "two-megabyte-single-line",
        {"doc.md": "# T\n## Q\n" + "word " * 400_000 + "\n"},
        [],
        "0 errors, 0 warnings in 1 file",
        code=0,
        args=("doc.md", "--max-words", "0"),
    ),
    Case(
        "list-markers-nested-on-one-line",
        {"doc.md": "# T\n## Q\n" + "- " * 200 + "x\n"},
        [
            "doc.md:3:1: error: Markdown nested 250 levels deep (limit 100) cannot be "
            "rendered; flatten the lists or quotes"
        ],
        "1 error, 0 warnings in 1 file",
    ),
    Case(
        "heading-of-list-markers",
        {"doc.md": "# T\n## " + "* " * 200 + "x?\nA\n"},
        [
            "doc.md:2:1: error: Markdown nested 250 levels deep (limit 100) cannot be "
            "rendered; flatten the lists or quotes"
        ],
        "1 error, 0 warnings in 1 file",
    ),
    Case(
        "heading-of-image-brackets",
        {"doc.md": "# T\n## " + "![" * 5000 + "\nA\n"},
        [
            "doc.md:2:1: error: too many unclosed [ or ( in one paragraph to render in "
            "reasonable time; close or escape them (\\[)"
        ],
        "1 error, 0 warnings in 1 file",
    ),
    # Each of these took seconds in one of the shape recognizers' patterns, which split a long
    # run of one character every possible way before failing.
    Case(
        "line-of-20000-spaces",
        {"doc.md": "# T\n## Q\nA\n\n" + " " * 20_000 + "x\n"},
        [],
        "0 errors, 0 warnings in 1 file",
        code=0,
    ),
    Case(
        "line-of-20000-tildes",
        {"doc.md": "# T\n## Q\nA\n\n" + "~" * 20_000 + "\n"},
        [
            "doc.md:5:1: warning: code block opened here is never closed; "
            "it swallows the rest of the file"
        ],
        "0 errors, 1 warning in 1 file",
        code=0,
    ),
    Case(
        "label-followed-by-20000-spaces",
        {"doc.md": "# T\n## Q\nA\n\nQ:" + " " * 20_000 + "\nQ" + "\t" * 20_000 + "x\n"},
        [],
        "0 errors, 0 warnings in 1 file",
        code=0,
    ),
    Case(
        "unclosed-html-tags",
        {"doc.md": "# T\n## Q\nA\n\n:" + " <a" * 6_666 + "\n"},  # 3.6 s unchecked
        [
            "doc.md:5:1: error: too many unclosed < tags to render in reasonable time; "
            "close them or write &lt;"
        ],
        "1 error, 0 warnings in 1 file",
        args=("doc.md", "--max-words", "0"),
    ),
    Case(
        "unmatched-backtick-runs",
        {"doc.md": "# T\n## Q\nA\n\nA:\\" + "```>" * 2_000 + "\n"},  # the runs never pair
        [
            "doc.md:5:1: error: too many unmatched ` in one paragraph to render in reasonable "
            "time; close or escape them (\\`)"
        ],
        "1 error, 0 warnings in 1 file",
    ),
    Case(
        "tabs-inside-a-heading",
        {"doc.md": "# T\n## a" + "\t" * 20_000 + "b {#k}\nA\n- ## c" + " " * 20_000 + "d\n"},
        [],
        "0 errors, 0 warnings in 1 file",
        code=0,
    ),
    Case(
        "links-after-an-unclosed-comment",
        {"doc.md": "# T\n## Q\n<!--" + "|---|[" * 3_333 + "\n"},
        [
            "doc.md:3:1: warning: HTML comment opened here is never closed; "
            "it hides the rest of the file",
            "doc.md:3:1: error: too many unclosed [ or ( in one paragraph to render in "
            "reasonable time; close or escape them (\\[)",
        ],
        "1 error, 1 warning in 1 file",
    ),
    Case(
        "hash-lines-in-one-paragraph",
        {"doc.md": "# T\n## Q\n" + "#/\t\n" * 5_000},
        [
            "doc.md:3:1: error: 5,000 heading or rule lines in one paragraph of 19,998 "
            "characters cannot be rendered in reasonable time; put blank lines between them"
        ],
        "1 error, 0 warnings in 1 file",
    ),
    Case(
        "toc-of-unclosed-links",
        {"doc.md": "# T\n## Q\nA\n\n" + "[](#" * 1_000 + "\n"},
        [],
        "0 errors, 0 warnings in 1 file",
        code=0,
    ),
    # ---- handled silently -----------------------------------------------------------------
    Case(
        "bom-crlf-lone-cr-tabs-trailing-spaces",
        {"doc.md": b"\xef\xbb\xbf# T\r\n##\tQ one  \r\n\tcode\r\n## Q two \rA \t\n"},
        [],
        "0 errors, 0 warnings in 1 file",
        code=0,
    ),
    Case(
        "deeply-nested-html",
        {"doc.md": "## Q\n" + "<div>" * 500 + "x" + "</div>" * 500 + "\n"},
        [],
        "0 errors, 0 warnings in 1 file",
        code=0,
    ),
    Case(
        "heading-of-10k-characters",
        {"doc.md": "## " + "Why " * 2500 + "?\nBecause.\n"},
        [],
        "0 errors, 0 warnings in 1 file",
        code=0,
    ),
]


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A working folder (the cwd, with an empty out/) and an empty folder as TMPDIR."""
    work, temp = tmp_path / "work", tmp_path / "tmp"
    (work / "out").mkdir(parents=True)
    temp.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", None)  # make tempfile read TMPDIR again
    return work, temp


def listing(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_fifo()
    }


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input(case: Case, sandbox: tuple[Path, Path]) -> None:
    work, temp = sandbox
    for name, content in case.files.items():
        path = work / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    if case.setup:
        case.setup(work)
    before = listing(work)
    runner = CliRunner()

    checked = runner.invoke(cli, ["check", *case.args])
    assert (checked.exit_code, checked.stdout.splitlines()) == (
        case.code,
        [*case.lines, case.summary],
    ), checked.output
    assert checked.stderr == ""
    assert listing(work) == before, "check wrote something"

    built = runner.invoke(cli, ["build", *case.args, "-o", case.output])
    code = 1 if case.build_lines else case.code
    assert (built.exit_code, built.stderr.splitlines()) == (
        code,
        [*case.lines, *case.build_lines],
    ), built.output
    after = listing(work)
    if code == 0:
        assert built.stdout.endswith(f" -> {case.output}\n")
        assert set(after) - set(before) == {case.output}
    else:
        assert built.stdout == ""
        assert after == before, "a failed build wrote something"
    assert list(temp.iterdir()) == [], "temporary files left behind"


def test_unreadable_file(sandbox: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    work, temp = sandbox
    (work / "doc.md").write_text("## Q\nA\n")
    (work / "doc.md").chmod(0)
    if os.geteuid() == 0:  # root reads anything: stand in for the kernel's refusal
        read_bytes = Path.read_bytes

        def refuse(path: Path) -> bytes:
            if path.name == "doc.md":
                raise PermissionError(13, "Permission denied", str(path))
            return read_bytes(path)

        monkeypatch.setattr(Path, "read_bytes", refuse)
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", "doc.md"])
    assert (checked.exit_code, checked.stdout) == (
        1,
        "doc.md: error: cannot read: Permission denied\n1 error, 0 warnings in 1 file\n",
    )
    built = runner.invoke(cli, ["build", "doc.md", "-o", "out/deck.apkg"])
    assert (built.exit_code, built.stderr) == (1, "doc.md: error: cannot read: Permission denied\n")
    assert list((work / "out").iterdir()) == [] and list(temp.iterdir()) == []


def test_output_folder_not_writable(sandbox: tuple[Path, Path]) -> None:
    work, temp = sandbox
    (work / "doc.md").write_text("## Q\nA\n")
    if os.geteuid() != 0:
        (work / "out").chmod(0o555)
        built = CliRunner().invoke(cli, ["build", "doc.md", "-o", "out/deck.apkg"])
        assert (built.exit_code, built.stderr) == (
            1,
            "out/deck.apkg: error: cannot write: folder out is not writable\n",
        )
        return
    # Root may write into any folder by its mode bits; sysfs still refuses new files.
    built = CliRunner().invoke(cli, ["build", "doc.md", "-o", "/sys/qadeck-deck.apkg"])
    assert (built.exit_code, built.stderr) == (
        1,
        "/sys/qadeck-deck.apkg: error: cannot write: Permission denied\n",
    )
    assert not Path("/sys/qadeck-deck.apkg").exists() and list(temp.iterdir()) == []
