"""Text under a question that is no answer: placeholders, bare links, more questions."""

from __future__ import annotations

import re

from qadeck.shapes.markup import LINK, TAG, looks_like_question, plain
from qadeck.shapes.questionwords import REQUEST
from qadeck.shapes.remembered import remembered

PLACEHOLDER = re.compile(
    r"^(?:to be (?:completed|done|added|written|continued|updated)|answers? (?:here|goes here"
    r"|to come|coming soon)|your answer|todo|tbd|tba|tbc|coming soon|work in progress"
    r"|wip|placeholder|in progress|fill (?:me|this) in|待补充|待完善|待更新|暂无|未完成|준비 ?중"
    r"|작성 ?중|por completar|em breve|a completar)$",
    re.IGNORECASE,
)
FILLER = re.compile(r"^[\s.…·•\-–—_*~=#>|]*$")
BULLET = re.compile(r"^\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s+")
SENTENCE_END = re.compile(r"(?<=[.!?？])\s+")
PROMPT_SENTENCES = 3
THEN = re.compile(r"^(?:then|and|now|also|so),?\s+", re.IGNORECASE)
PROSE_BREAK = re.compile(r"^\s*(?:```|~~~|\||>|#|    )")
# What is left of a line once its links (not images: a picture answers), emoji codes and
# markers are gone: nothing, for
# `- [Docs](https://…)`, `> :arrow_up:[Top](#top) [Back](…)`, `<https://…>`, `[1]: https://…`.
LINKS = re.compile(r"(?<!!)\[[^\]]*\]\([^)]*\)|<?https?://\S+>?|^\s*\[[^\]]+\]:\s*\S+.*$|:\w+:")
# A list item that starts with a link, perhaps described after it: "* [Pro Git](…) - a book".
LINKED_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[[^\]]+\]\([^)]+\)")
MARKERS = re.compile(r"^\s*(?:>\s*)*(?:(?:[-*+]|\d+[.)])\s+)?")


LINKS_ONLY = "the text under it is only links"


@remembered
def link_only(line: str) -> bool:
    """A line that holds links (or navigation) and nothing else."""
    rest, found = LINKS.subn("", MARKERS.sub("", line))
    return found > 0 and not re.sub(r"[\s*_|,;·•()\[\]]+", "", rest)


# Markup that renders as nothing: anchors for links to land on, line breaks, comments, empty
# paragraphs, and thematic breaks between sections.
INVISIBLE = re.compile(
    r"<!--.*?-->|<a\s[^>]*>\s*</a>|<br\s*/?>|</?(?:p|div|span)\b[^>]*>|&nbsp;", re.I | re.S
)
RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$", re.M)


def shows_nothing(text: str) -> bool:
    """Text that renders as nothing at all: `<a name="…"></a>`, `<br>`, `---`, comments."""
    return not RULE.sub("", INVISIBLE.sub("", text)).strip()


# A short line that only names what follows: "Useful resources:", "**References**".
LABEL = re.compile(r"^\s*(?:>\s*)*(?:\*\*|__)?[^.!?]{1,40}?[:：]?(?:\*\*|__)?[:：]\s*$")


@remembered
def not_an_answer(front: str, answer: str) -> str | None:
    """Why the text under a question is not its answer, or None when it is one."""
    lines = [line for line in answer.split("\n") if line.strip()]
    if not lines:
        return None
    words = [line for line in lines if not (link_only(line) or LABEL.match(line))]
    if not words:
        if looks_like_question(front):
            return None  # "Where can I learn more?" is answered by its links
        return LINKS_ONLY
    resources = len(lines) > 1 and all(LINKED_ITEM.match(line) for line in lines)
    if resources and not looks_like_question(front):
        return "the text under it is a list of links"  # "Books", "Tools": no question's answer
    visible = plain(LINK.sub(r"\1", TAG.sub(" ", " ".join(words)))).strip()
    if FILLER.match(" ".join(words)) or PLACEHOLDER.match(visible.rstrip(".!… ")):
        shown = " ".join(" ".join(words).split())
        return f"its answer is a placeholder ({shown[:40]})"
    items = [line for line in lines if BULLET.match(line)]
    if items and len(items) * 10 >= len(lines) * 8:
        asking = sum(looks_like_question(BULLET.sub("", line)) for line in items)
        if asking * 10 >= len(items) * 8:
            noun = "question" if asking == 1 else "questions"
            return f"the text under it is a list of {asking} {noun} without answers"
    if _restates(front, answer):
        return "the text under it is the question itself, without an answer"
    return None


def _restates(front: str, answer: str) -> bool:
    """Whether the text is a question (a sentence or two of setting, then what is asked, or,
    under a heading that only names its topic, asked for: "Write one."), with at most links
    to read more below it, rather than its answer."""
    paragraphs = [
        [line for line in paragraph.split("\n") if line.strip() and not link_only(line)]
        for paragraph in re.split(r"\n\s*\n", answer.strip())
    ]
    paragraphs = [paragraph for paragraph in paragraphs if paragraph]
    lines = [line for paragraph in paragraphs for line in paragraph]
    if not lines or len(paragraphs) > 2 or len(lines) > 4:
        return False
    if any(BULLET.match(line) or PROSE_BREAK.match(line) for line in lines):
        return False  # a list, code, a table or a quote is an answer's
    last = plain(" ".join(paragraphs[-1]))
    if re.search(r"[?？]\s*$", last):
        return True
    if looks_like_question(front):
        return False
    # under a heading that names a topic, a few sentences that ask or ask for something
    sentences = [THEN.sub("", part) for part in SENTENCE_END.split(plain(" ".join(lines)))]
    asked = any(REQUEST.match(part) or re.search(r"[?？]$", part) for part in sentences)
    return asked and len(sentences) <= PROMPT_SENTENCES
