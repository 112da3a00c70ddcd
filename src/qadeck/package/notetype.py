"""The note type every qadeck Q&A note uses: decided once, pinned by a test.

Anki matches a note type by id. Changing the field list or the template names (the schema)
makes Anki create a second note type `NAME+` on import, and notes imported before never update
again. CSS and template text may change freely: they apply in place when the note type's
`mod` grows. A schema change needs a new MODEL_ID and a migration note for users. The other
note types (cloze, reversed) are in kinds.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

MODEL_ID = 1_730_905_117
MODEL_NAME = "qadeck Q&A"
FIELDS = ("Question", "Answer", "Section", "Extra", "Source")
TEMPLATE_NAME = "Card 1"

FRONT = """\
{{#Section}}<div class="qd-section">{{Section}}</div>{{/Section}}
<div class="qd-question">{{Question}}</div>"""

# The extra part waits behind "More": a <details> element, which the desktop reviewer,
# AnkiDroid and AnkiMobile all open and close without any script.
BACK = """\
{{FrontSide}}
<hr id="answer">
<div class="qd-answer">{{Answer}}</div>
{{#Extra}}<details class="qd-more"><summary>More</summary>
<div class="qd-extra">{{Extra}}</div></details>{{/Extra}}
{{#Source}}<div class="qd-source">{{Source}}</div>{{/Source}}"""


@dataclass(frozen=True)
class Template:
    """One card of a note type: its name (part of the schema), front and back."""

    name: str
    front: str
    back: str


@dataclass(frozen=True)
class NoteType:
    """Fields, templates and the stylesheet, as plain data; `cloze` for Anki's cloze type."""

    model_id: int
    name: str
    fields: tuple[str, ...]
    templates: tuple[Template, ...]
    css: str
    cloze: bool = False

    @property
    def schema(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """What Anki compares to decide whether a note type is still the same one."""
        return self.fields, tuple(template.name for template in self.templates)


def card_css() -> str:
    """The stylesheet shipped in the package, shared by every note type."""
    return resources.files("qadeck.package").joinpath("card.css").read_text(encoding="utf-8")


def note_type() -> NoteType:
    """The Q&A note type with the stylesheet shipped in the package."""
    template = Template(TEMPLATE_NAME, FRONT, BACK)
    return NoteType(MODEL_ID, MODEL_NAME, FIELDS, (template,), card_css())
