"""Anki's rules for a tag, checked where a tag is written so that the user reads why.

Anki separates a note's tags with spaces and nests them with `::`: a tag holds no whitespace,
no control character and no `"`, and none of its `::` parts is empty.
"""

from __future__ import annotations

import re

FORBIDDEN = re.compile(r'[\s"\x00-\x1f\x7f]')


def tag_problem(tag: str) -> str | None:
    """What is wrong with `tag` as an Anki tag, as one sentence; None for a good tag."""
    found = FORBIDDEN.search(tag)
    if found is not None:
        what = "a space" if found[0].isspace() else f"the character {found[0]!r}"
        return f"tag {tag!r} holds {what}; Anki tags are single words (use _ or - instead)"
    if any(not part for part in tag.split("::")) or ":::" in tag:
        return f"tag {tag!r} has an empty part; nest tags as parent::child"
    return None
