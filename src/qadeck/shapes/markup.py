"""What GitHub Q&A documents look like line by line: headings, numbers, links to the top, TOCs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qadeck.shapes.questionwords import (
    ANSWER_PARTS,
    BOILERPLATE,
    CONTENTS,
    QUESTION_END,
    QUESTION_START,
    QUESTION_WORDS,
    TOPIC_CLAUSE,
)
from qadeck.shapes.remembered import remembered
from qadeck.shapes.trimming import trim_answer as trim_answer
from qadeck.sources.headings import ATX_HEADING, COMMENT_START, FENCE, closes_fence, parse_heading

LIST_HEADING = re.compile(r"^ {0,3}(\d+[.)]|[-*+])[ \t]+(#{1,6})[ \t]+(.*)$")  # _heading strips
NUMBER = re.compile(
    r"^(?:(?:Q|Question|Вопрос|Задача)\s*#?\d+\b\s*[.):：\-–—]?\s*"
    r"|(?:Q|Question|Вопрос)\s*[.:：]\s+"
    r"|(?:#\s?)?\d+(?:\.\d+)*\s*(?:[.):：](?!\d)|\s[-–—])\s*)",
    re.IGNORECASE,
)
ANSWER_WORDS = re.compile(
    r"^(?:(?:show|see|view|reveal|check|open|toggle|get)(?: me)?(?: the)? )?(?:the )?"
    r"(?:answers?|solutions?|explanation|answer (?:and|&) explanation)$"
    r"|^(?:reveal|hints?|tip|click to (?:expand|see|show|reveal)(?: \w+)*|click here"
    r"|ответ|показать ответ|решение|подсказка|答案|解答|查看答案|回答|提示|答え|解説|정답|답변"
    r"|respuesta"
    r"|réponse|antwort|resposta)$",
    re.IGNORECASE,
)
HINT_WORDS = re.compile(
    r"^(?:(?:show|see|view|reveal) (?:the |a )?)?(?:hints?|tip|clue|подсказка|提示)$", re.I
)
BACK_TO_TOP = re.compile(
    r"back\s+to\s+(?:the\s+)?(?:top|contents|index|table of contents|questions|list)"
    r"|go\s+to\s+top|^\s*top\s*$|наверх|к\s+(?:оглавлению|содержанию)|回到顶部|返回顶部"
    r"|返回目录|トップに戻る|맨\s*위로",
    re.IGNORECASE,
)
NAVIGATION_HINT = re.compile(r"#|top|наверх|оглавлен|содержан|顶部|目录|トップ|위로", re.I)
NAVIGATION_WORD = re.compile(
    r"^(?:top|back|home|up|next|previous|prev|index|contents|뒤로|위로|홈|목차|返回|目录|首页"
    r"|トップ|戻る|наверх|назад|voltar|volver|zurück)$",
    re.IGNORECASE,
)
ARROWS = re.compile(r"^[\s⬆↑↥⇧🔝☝^]+$")
ANCHOR_LINK = re.compile(r"\]\(#[^)]*\)|href=[\"']?#")
# The bullet takes its own spaces: with `\s*(bullet)?\s*` a long run of spaces could be split
# between the two every way, which took seconds for one line of 20,000 spaces.
TOC_ENTRY = re.compile(r"^\s*(?:(?:[-*+]|\d+[.)])\s*)?(?:\*\*)?\[[^\]]*\]\(#[^)]*\)(?:\*\*)?\s*$")
LINK_ENTRY = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\*\*)?\[[^\]]*\]\([^)]*\)(?:\*\*)?\s*$")
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
TAG = re.compile(r"<[^>]+>")
# A tag ends at the first `>`, but its match may not run past another `<details`: from each of
# 10,000 unclosed `<details` the scan went to the end of the line. Counts and ends are the same.
DETAILS_OPEN = re.compile(r"<details\b(?:[^<>]|<(?!details\b))*>", re.IGNORECASE)
DETAILS_CLOSE = re.compile(r"</details\s*>", re.IGNORECASE)
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
PLAIN_LIMIT = 1_000


@dataclass(frozen=True)
class Head:
    """A heading: 0-based line index, level, title and key, list form, number, `{.classes}`."""

    index: int
    level: int
    title: str
    key: str | None
    listed: bool
    number: int | None
    classes: tuple[str, ...] = ()

    @property
    def line(self) -> int:
        """The 1-based line number, as a user counts."""
        return self.index + 1


@dataclass(frozen=True)
class Doc:
    """A document's lines with navigation blanked out, which lines are code, and its headings."""

    lines: tuple[str, ...]
    code: tuple[bool, ...]
    heads: tuple[Head, ...]
    title: Head | None
    readme: bool

    def text(self, start: int, stop: int) -> str:
        """Lines `start` up to `stop` (0-based, exclusive) as one string."""
        return "\n".join(self.lines[start:stop])


@remembered
def plain(markdown: str) -> str:
    """The visible words of a line: no tags, link targets, emphasis or surrounding symbols."""
    # The link, tag and trailing-symbol patterns rescan the rest of the line from every `[`,
    # `<` or symbol: quadratic. Headings and items worth classifying are far shorter than this.
    markdown = markdown[:PLAIN_LIMIT]
    text = LINK.sub(r"\1", TAG.sub(" ", markdown))
    text = re.sub(r"[*_`~:]+", " ", text)
    return re.sub(r"\s+", " ", re.sub(r"^[^\w]+|[^\w?？]+$", "", text)).strip()


def is_boilerplate(title: str) -> bool:
    """Headings such as "Table of Contents", "License" or "Sponsors" that are no question."""
    return bool(BOILERPLATE.match(plain(title).rstrip("?？")))


def is_contents(title: str) -> bool:
    """A heading such as "Table of Contents" or "目录": a list of links follows it."""
    return bool(CONTENTS.match(plain(title)))


@remembered
def looks_like_question(title: str) -> bool:
    """Ends with a question mark or starts like one ("What", "How", "Explain", ...), and not
    like a topic ("How it works")."""
    text = plain(strip_number(title)[1])
    if QUESTION_END.search(text) or QUESTION_WORDS.search(text):
        return True
    return bool(QUESTION_START.match(text)) and not TOPIC_CLAUSE.match(text)


@remembered
def is_answer_word(text: str) -> bool:
    """A summary such as "Answer" or "Show solution" that only hides the answer."""
    return bool(ANSWER_WORDS.match(plain(text).rstrip(":：").strip()))


def is_hint(text: str) -> bool:
    """A summary such as "Hint" that folds help on the way to the answer, not the answer."""
    return bool(HINT_WORDS.match(plain(text).rstrip(":：").strip()))


@remembered
def is_answer_part(title: str) -> bool:
    """A sub-heading such as "Example" or "Output" that belongs to the answer above it."""
    return bool(ANSWER_PARTS.match(plain(title)))


@remembered
def strip_number(title: str) -> tuple[str | None, str]:
    """`12. What is X?` -> ("12", "What is X?"); the number is not part of the question."""
    bold = re.match(r"^(\*\*|__)(.+?)\1(.*)$", title)
    if bold and NUMBER.match(bold[2]):
        inner = NUMBER.sub("", bold[2], count=1).strip()
        title = f"{bold[1]}{inner}{bold[1]}{bold[3]}" if inner else bold[3]
        return bold[2][: len(bold[2]) - len(inner)].strip(), title.strip()
    found = NUMBER.match(title)
    rest = title[found.end() :].strip() if found else ""
    if not found or (rest and not re.search(r"\w", rest)):
        return None, title.strip()  # `Question 12?` is all title; `Q3` alone is a number
    return found[0].strip(), rest


def is_back_to_top(line: str) -> bool:
    """A navigation line such as `**[⬆ Back to Top](#table-of-contents)**`."""
    if len(line) > 300 or not NAVIGATION_HINT.search(line):
        return False  # most lines: no need to look closer
    visible = plain(line)
    if len(visible) > 40:
        return _navigation_links(line)
    if BACK_TO_TOP.search(visible):
        return True
    return bool(ANCHOR_LINK.search(line)) and bool(ARROWS.match(visible or "^"))


def _navigation_links(line: str) -> bool:
    """`> :arrow_up:[Top](#top)  [Back](…)  [Home](…)`: links to the top and around, only."""
    texts = [text for text in re.findall(r"\[([^\]]*)\]\([^)]*\)", line)]
    rest = re.sub(r"!?\[[^\]]*\]\([^)]*\)|:\w+:|[\s>*_|·•]+", "", line)
    return (
        bool(texts)
        and not rest
        and bool(ANCHOR_LINK.search(line))
        and all(NAVIGATION_WORD.match(plain(text) or "top") for text in texts)
    )


def is_toc(lines: list[str]) -> bool:
    """Mostly links to anchors of this page: a table of contents, not an answer."""
    filled = [line for line in lines if line.strip()]
    entries = [
        line
        for line in filled
        if TOC_ENTRY.match(line) or (TABLE_ROW.match(line) and ANCHOR_LINK.search(line))
    ]
    if len(entries) >= 2 and len(entries) * 10 >= len(filled) * 6:
        return True
    # a list of links elsewhere ("Related questions", "Other languages") is navigation too
    links = [line for line in filled if LINK_ENTRY.match(line)]
    return len(links) >= 3 and len(links) * 10 >= len(filled) * 8


def code_mask(lines: list[str]) -> list[bool]:
    """Which lines are inside fenced code (fence lines included) or an HTML comment."""
    mask = []
    fence: str | None = None
    in_comment = False
    for line in lines:
        if fence is not None:
            mask.append(True)
            fence = None if closes_fence(line, fence) else fence
        elif in_comment:
            mask.append(True)
            in_comment = "-->" not in line
        elif (opened := FENCE.match(line)) and not (opened[1][0] == "`" and "`" in opened[2]):
            mask.append(True)
            fence = opened[1]
        elif COMMENT_START.match(line) and not re.match(r"^ {0,3}<!--\s*more\s*-->", line, re.I):
            mask.append(True)
            in_comment = "-->" not in line.split("<!--", 1)[1]
        else:
            mask.append(False)
    return mask


def read_doc(text: str, has_title: bool) -> Doc:
    """Scan a document: headings, code lines, and navigation (TOC, back-to-top) blanked out."""
    lines = text.split("\n")
    code = code_mask(lines)
    heads: list[Head] = []
    hidden = 0  # headings inside <details> belong to the hidden answer
    for index, line in enumerate(lines):
        if code[index]:
            continue
        was_hidden = hidden > 0
        hidden = max(0, hidden + len(DETAILS_OPEN.findall(line)) - len(DETAILS_CLOSE.findall(line)))
        if was_hidden:
            continue
        if found := ATX_HEADING.match(line):
            parsed = parse_heading(len(found[1]), found[2] or "", index + 1)
            listed, number = False, _number(strip_number(parsed.title)[0])
        elif found := LIST_HEADING.match(line):
            parsed = parse_heading(len(found[2]), found[3] or "", index + 1)
            listed, number = True, _number(found[1])
        else:
            continue
        heads.append(
            Head(index, parsed.level, parsed.title, parsed.key, listed, number, parsed.classes)
        )
    title = None
    if heads and heads[0].level == 1 and not heads[0].listed:
        # the title, also when the only other level-1 headings are "License" and the like;
        # a lone level-1 heading the deck did not take as its title names a file's section
        others = [h for h in heads[1:] if h.level == 1]
        if has_title or (others and all(is_boilerplate(h.title) for h in others)):
            title = heads[0]
    readme = False
    kept: list[Head] = []
    skip_below: int | None = None
    starts = [h.index for h in heads] + [len(lines)]
    for number, head in enumerate(heads):
        if skip_below is not None and head.level > skip_below:
            _blank(lines, head.index, starts[number + 1])
            continue
        skip_below = None
        if head is not title and is_boilerplate(head.title):
            readme = True
            # A table of contents is its list of links, not the headings that follow it;
            # a licence or a list of contributors keeps what is under it.
            skip_below = None if is_contents(head.title) else head.level
            _blank(lines, head.index, starts[number + 1])
        elif head is not title:
            kept.append(head)
    heading_lines = {h.index for h in heads}
    for start, stop in zip([0, *starts[:-1]], starts, strict=True):
        body = start + 1 if start in heading_lines else start
        if is_toc(lines[body:stop]):
            readme = True
            _blank(lines, body, stop)
    for index, line in enumerate(lines):
        if not code[index] and is_back_to_top(line):
            readme = True
            lines[index] = ""
    return Doc(tuple(lines), tuple(code), tuple(kept), title, readme)


def _number(text: str | None) -> int | None:
    digits = re.search(r"\d+", text or "")
    return int(digits[0]) if digits else None


def _blank(lines: list[str], start: int, stop: int) -> None:
    for index in range(start, stop):
        lines[index] = ""
