"""What Python-Markdown can render in reasonable time, found before it is asked to.

Python-Markdown recurses per nesting level and rescans text in ways that grow with the square of
a paragraph's length; a hostile answer could otherwise hang a build or end it in a RecursionError.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from qadeck.deck.model import Question
from qadeck.diagnostics import Diagnostics, Location
from qadeck.sources.headings import COMMENT_START, FENCE, closes_fence

# Python-Markdown recurses once per nested list or quote level and fails somewhere past 200
# levels, after seconds of work; no real answer comes near this.
MAX_NESTING = 100
# Python-Markdown copies a paragraph's whole text at every inline match, and its emphasis
# patterns can rescan the rest from one opener: the work grows with the paragraph's length
# times its markup characters. At 2e8 the worst shape found (`__` then 10,000 `**`) takes about
# two seconds; a 2 MB paragraph of plain words or one 2 MB data: image stays far below.
MAX_INLINE_WORK = 200_000_000
INLINE_MARKUP = "`\\[<&*_"
# Python-Markdown reads about three million characters a second hunting for closing brackets.
MAX_LINK_SCAN = 5_000_000
# From a run of backticks it walks, one character at a time in Python, to a run as long.
MAX_CODE_SPAN_SCAN = 5_000_000
BACKTICKS = re.compile(r"`+")
# Python's HTML parser, under Python-Markdown, reads from every `<` that may open a tag to
# the `>` that closes it, or to the end: 6,666 unclosed `<a` in 20,000 characters took 3.5 s.
MAX_TAG_SCAN = 20_000_000
TAG_START = re.compile(r"<[A-Za-z/!?]")
# A `#` line or a rule inside a paragraph splits it, and Python-Markdown tests the whole rest of
# the paragraph again after each split: 5,000 `#/` lines in one paragraph took three seconds.
MAX_BLOCK_SPLITS = 30_000_000
BLOCK_SPLIT = re.compile(
    r"^(?:#|[ ]{0,3}([-_*])(?:[ ]{0,2}\1){2,}[ ]*$|[=-]+[ ]*$)", re.MULTILINE
)  # `#` lines, rules, and setext underlines
# Every cost above is at most the square of the text's length, and a nesting depth at most the
# length of a line's lead of markers and indentation: a text shorter than this, with no lead
# longer than the nesting limit, is safe without measuring anything.
SAFE_LENGTH = math.isqrt(
    min(MAX_INLINE_WORK, MAX_LINK_SCAN, MAX_CODE_SPAN_SCAN, MAX_TAG_SCAN, MAX_BLOCK_SPLITS)
)
LONG_LEAD = re.compile(rf"^[ \t>*+\-\d.)]{{{MAX_NESTING + 1}}}", re.MULTILINE)
LIST_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)")
NESTING_LEAD = re.compile(r"(?:[ \t]|>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))*")


def plainly_renderable(question: Question) -> bool:
    """True for a question short and shallow enough that unrenderable need measure nothing."""
    return all(_short(part) for part in (question.title, question.answer, question.extra))


def _short(text: str) -> bool:
    # A lead longer than the nesting limit takes more characters than that.
    return len(text) <= MAX_NESTING or (len(text) <= SAFE_LENGTH and not LONG_LEAD.search(text))


def unrenderable(question: Question, diagnostics: Diagnostics) -> bool:
    """Whether a part of the question is too deep or too long for Python-Markdown."""
    parts = (
        (question.title, question.line),
        (question.answer, question.answer_line),
        (question.extra, None),  # its first line is not kept: report at the heading
    )
    for part, first_line in parts:
        if _short(part):
            continue
        lines = part.split("\n")
        problem = next(
            (found for found in map(_paragraph_problem, _paragraphs(lines)) if found), None
        )
        if problem is None:
            problem = _nesting_problem(lines)
        if problem is None and "<" in part and tag_scan_cost(part) > MAX_TAG_SCAN:
            first = TAG_START.search(part)
            assert first is not None
            problem = (
                part.count("\n", 0, first.start()) + 1,
                ("too many unclosed < tags to render in reasonable time; close them or write &lt;"),
            )
        if problem is not None:
            number, message = problem
            at = question.line if first_line is None else first_line + number - 1
            diagnostics.error(Location(question.source.display, at), message)
            return True
    return False


def _paragraphs(lines: list[str]) -> Iterator[tuple[int, str]]:
    """(first line number, text) of each run of non-blank prose lines."""
    start, run = 0, list[str]()
    for number, line in rendered_lines(lines):
        if not line.strip():
            if run:
                yield start, "\n".join(run)
            run = []
        else:
            if not run:
                start = number
            run.append(line)
    if run:
        yield start, "\n".join(run)


def _paragraph_problem(paragraph: tuple[int, str]) -> tuple[int, str] | None:
    start, text = paragraph
    markup = sum(text.count(char) for char in INLINE_MARKUP)
    if len(text) * markup > MAX_INLINE_WORK:
        return start, (
            f"paragraph of {len(text):,} characters with {markup:,} markup characters "
            "cannot be rendered in reasonable time; split it with blank lines"
        )
    if ("[" in text or "](" in text) and link_scan_cost(text) > MAX_LINK_SCAN:
        return start, (
            "too many unclosed [ or ( in one paragraph to render in reasonable time; "
            "close or escape them (\\[)"
        )
    splits = len(BLOCK_SPLIT.findall(text))
    if splits * len(text) > MAX_BLOCK_SPLITS:
        return start, (
            f"{splits:,} heading or rule lines in one paragraph of {len(text):,} characters "
            "cannot be rendered in reasonable time; put blank lines between them"
        )
    if "`" in text and code_span_scan_cost(text) > MAX_CODE_SPAN_SCAN:
        return start, (
            "too many unmatched ` in one paragraph to render in reasonable time; "
            "close or escape them (\\`)"
        )
    return None


def code_span_scan_cost(text: str) -> int:
    """A bound on how many characters Python-Markdown walks looking for closing backticks.

    From a run of backticks it walks to the next run as long, or to the end of the paragraph
    when there is none, and then skips past the run by twice its length, which can cut the
    next run short so that it fails too: one escaped run (`\\```) among 5,000 took seven
    seconds. The bound is every run walking to the end.
    """
    return len(BACKTICKS.findall(text)) * len(text)


def tag_scan_cost(text: str) -> int:
    """How many characters the HTML parser reads from each `<` that may open a tag to its `>`."""
    cost, close = 0, -1
    for opened in TAG_START.finditer(text):
        start = opened.start()
        if close < start:
            close = text.find(">", start)
            if close == -1:
                close = len(text)
        cost += close - start
    return cost


def link_scan_cost(text: str) -> int:
    """How many characters Python-Markdown reads looking for the `]` and `)` that close links.

    It scans from every `[` to its matching `]`, and from every `](` to its matching `)`, to
    the end of the paragraph when there is none: 20,000 unclosed `[` take a minute.
    """
    cost = 0
    brackets: list[int] = []
    parens: list[tuple[int, bool]] = []
    for index, char in enumerate(text):
        if char == "[":
            brackets.append(index)
        elif char == "]" and brackets:
            cost += index - brackets.pop()
        elif char == "(":
            parens.append((index, index > 0 and text[index - 1] == "]"))
        elif char == ")" and parens:
            opened, link = parens.pop()
            cost += index - opened if link else 0
    end = len(text)
    cost += sum(end - i for i in brackets) + sum(end - i for i, link in parens if link)
    return cost


def _nesting_problem(lines: list[str]) -> tuple[int, str] | None:
    for number, line in rendered_lines(lines):
        depth = nesting_depth(line)
        if depth > MAX_NESTING:
            return number, (
                f"Markdown nested {depth} levels deep (limit {MAX_NESTING}) cannot be "
                "rendered; flatten the lists or quotes"
            )
    return None


def nesting_depth(line: str) -> int:
    """How many lists and quotes a line opens or sits in, counted from its leading markers.

    `> > x` is two quotes, `- - - x` three lists (each marker opens one), and every four
    columns of indentation before a list marker one more list. Indentation with no marker after
    it is a code block or a continuation, which nests nothing.
    """
    lead = NESTING_LEAD.match(line)
    assert lead is not None
    prefix = lead[0]
    markers = prefix.count(">") + len(LIST_MARKER.findall(prefix))
    if not markers:
        return 0
    spaces = len(re.sub(r"[^ \t]", "", prefix).expandtabs(4))
    return markers + spaces // 4


def rendered_lines(lines: list[str]) -> Iterator[tuple[int, str]]:
    """Numbered (from 1) lines Python-Markdown reads as Markdown: all but closed code fences.

    Unlike the outline it has no use for a fence that never closes, or for a comment: it reads
    what follows them as text, and every cost above applies there too.
    """
    code = _closed_fences(lines)
    return ((n, line) for n, line in enumerate(lines, 1) if n not in code)


def _closed_fences(lines: list[str]) -> set[int]:
    code: set[int] = set()
    never: dict[str, int] = {}  # fence character -> shortest fence seen never to close
    index = 0
    while index < len(lines):
        opened = FENCE.match(lines[index])
        if opened is None or (opened[1][0] == "`" and "`" in opened[2]):
            index += 1
            continue
        fence = opened[1]
        if len(fence) >= never.get(fence[0], len(fence) + 1):
            index += 1  # no line after a longer unclosed fence can close this one
            continue
        end = next((j for j in range(index + 1, len(lines)) if closes_fence(lines[j], fence)), None)
        if end is None:
            never[fence[0]] = len(fence)
            index += 1
            continue
        code.update(range(index + 1, end + 2))
        index = end + 1
    return code


def prose_lines(lines: list[str]) -> Iterator[tuple[int, str]]:
    """Numbered (from 1) lines that are neither fenced code nor inside an HTML comment."""
    fence: str | None = None
    in_comment = False
    for number, line in enumerate(lines, 1):
        if fence is not None:
            fence = None if closes_fence(line, fence) else fence
        elif in_comment:
            in_comment = "-->" not in line
        elif (opened := FENCE.match(line)) and not (opened[1][0] == "`" and "`" in opened[2]):
            fence = opened[1]
        elif COMMENT_START.match(line):
            in_comment = "-->" not in line.split("<!--", 1)[1]
        else:
            yield number, line
