"""Lists the way GitHub writes them, rewritten into the indentation Python-Markdown expects.

Python-Markdown nests a list only when it is indented by four spaces and starts a list only
after a blank line. GitHub (CommonMark) nests a line inside an item when it is indented to the
item's content column (two spaces after `- `), and lets a list follow a paragraph directly.
This preprocessor re-indents every line inside a list to Python-Markdown's four-space levels
and inserts the missing blank line. It skips fenced code, so `- x` in a code block stays.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from qadeck.sources.headings import FENCE, closes_fence

# After tab expansion (30), before fenced code blocks are stashed (25).
PRIORITY = 27
LEVEL = 4

ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[-+*]|\d{1,9}\.)(?P<gap> +|$)(?P<text>.*)$")


class GitHubLists(Preprocessor):  # type: ignore[misc]
    """Re-indent nested lists to four-space levels; separate a list from a paragraph above."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        stack: list[int] = []  # the source content column of each open item, outermost first
        fence: tuple[str, int, int] | None = None  # (fence, its indent, where its lines go)
        previous_blank = True
        # Inside an item, a paragraph after a blank line needs a blank line before the next
        # item too, or Python-Markdown reads that item as more of the paragraph.
        in_loose_paragraph = False
        for line in lines:
            indent = len(line) - len(line.lstrip(" "))
            if fence is not None:
                if closes_fence(line, fence[0]):
                    out.append("" if fence[2] else line)
                    fence = None
                else:
                    column = fence[2] + max(indent - fence[1], 0)
                    out.append(_at(line, column) if fence[2] else line)
                continue
            if not line.strip():
                out.append(line)
                previous_blank = True
                continue
            item = ITEM.match(line)
            if item and not _is_item(item, stack, previous_blank):
                item = None
            opened = FENCE.match(line)
            if opened and opened[1][0] == "`" and "`" in opened[2]:
                opened = None
            starts_block = bool(opened) or line.lstrip().startswith("#")
            in_list = bool(stack)
            if stack and (item or previous_blank or starts_block):
                while stack and indent < stack[-1]:
                    stack.pop()
                if not stack and not item and not previous_blank:
                    out.append("")  # a fence or heading ends the list, as on GitHub
            if item:
                if not previous_blank and out and (in_loose_paragraph or not in_list):
                    out.append("")  # GitHub lets a list follow a paragraph directly
                gap = len(item["gap"])
                out.append(" " * (LEVEL * len(stack)) + item["marker"] + " " + item["text"])
                width = len(item["marker"]) + (gap if 1 <= gap <= LEVEL else 1)
                stack.append(indent + width)
                previous_blank = in_loose_paragraph = False
                continue
            in_loose_paragraph = bool(stack) and (previous_blank or in_loose_paragraph)
            previous_blank = False
            target = LEVEL * len(stack) + max(indent - stack[-1], 0) if stack else 0
            if opened:
                # Python-Markdown finds fences only at the margin: inside an item the block
                # becomes indented code, its language on CodeHilite's `:::lang` first line.
                fence = (opened[1], indent, target + LEVEL if stack else 0)
                if stack:
                    language = opened[2].strip().split(" ")[0].lstrip(".{").rstrip("}")
                    out.append("")
                    if language:
                        out.append(_at(":::" + language, fence[2]))
                    continue
            out.append(_at(line, target) if stack else line)
        return out


def _is_item(item: re.Match[str], stack: list[int], previous_blank: bool) -> bool:
    indent = len(item["indent"])
    if indent >= (stack[-1] if stack else 0) + LEVEL:
        return False  # indented code, not a list item
    if stack or previous_blank:
        return True
    # Interrupting a paragraph: only a non-empty bullet or an ordered list starting at 1.
    marker = item["marker"]
    return bool(item["text"].strip()) and (marker in "-+*" or marker == "1.")


def _at(line: str, column: int) -> str:
    return " " * column + line.lstrip(" ")


class GitHubListsExtension(Extension):  # type: ignore[misc]
    """Register the list preprocessor."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(GitHubLists(md), "qadeck-github-lists", PRIORITY)
