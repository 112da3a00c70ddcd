"""The decks of a sync: renamed sections, and the decks it leaves empty.

A renamed section shows as moves that take every card of a deck to one deck that did not exist.

A sync moves cards one by one; the report should still say "renamed" when a section was renamed
(`Docker::Basics` -> `Docker::Fundamentals`), and name the outermost renamed deck when a section
was renamed with its subsections (`Docker::Sub::A` and `Docker::Sub::B` moving to
`Docker::Sub2::…` is `Docker::Sub` renamed). The new deck then takes the old one's options.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from qadeck.deck.model import Deck
from qadeck.sync.planned import PlannedMove
from qadeck.sync.record import SyncRecord
from qadeck.sync.snapshot import Snapshot, deck_key, in_tree


@dataclass(frozen=True)
class DeckRename:
    """A deck renamed with its section; `decks` pairs each deck whose cards moved with its new
    name (the deck itself, or its subdecks)."""

    old: str
    new: str
    decks: tuple[tuple[str, str], ...]
    questions: int = 0  # whose cards the rename moves


def find_renames(
    moves: Sequence[PlannedMove], sections: Collection[str], existing: Collection[str]
) -> tuple[tuple[DeckRename, ...], list[PlannedMove]]:
    """The renamed decks among `moves`, and the moves with those that rename marked."""
    wanted = {deck_key(name) for name in sections}
    exists = {deck_key(name) for name in existing}
    targets: dict[str, tuple[str, dict[str, str]]] = {}
    for move in moves:
        entry = targets.setdefault(deck_key(move.old_deck), (move.old_deck, {}))
        entry[1][deck_key(move.new_deck)] = move.new_deck
    pairs = []
    for key, (old, news) in targets.items():
        if key in wanted or len(news) != 1:
            continue  # the section is still there, or its cards went different ways
        ((new_key, new),) = news.items()
        if new_key not in exists:
            pairs.append((old, new))
    claimed = Counter(deck_key(new) for _, new in pairs)
    pairs = [(old, new) for old, new in pairs if claimed[deck_key(new)] == 1]
    renamed = {(deck_key(old), deck_key(new)) for old, new in pairs}
    marked = [
        replace(move, by_rename=True)
        if (deck_key(move.old_deck), deck_key(move.new_deck)) in renamed
        else move
        for move in moves
    ]
    questions = Counter(deck_key(move.old_deck) for move in marked if move.by_rename)
    renames = tuple(
        replace(rename, questions=sum(questions[deck_key(old)] for old, _ in rename.decks))
        for rename in _outermost(pairs, wanted, exists)
    )
    return renames, marked


def _outermost(
    pairs: Sequence[tuple[str, str]], wanted: set[str], exists: set[str]
) -> tuple[DeckRename, ...]:
    """Each rename named by its outermost deck: parents whose last parts agree, that are no
    longer a section and whose new name did not exist, were renamed themselves."""
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    names: dict[tuple[str, str], tuple[str, str]] = {}
    for old, new in pairs:
        old_parts, new_parts = old.split("::"), new.split("::")
        while (
            len(old_parts) > 1
            and len(new_parts) > 1
            and deck_key(old_parts[-1]) == deck_key(new_parts[-1])
            and deck_key("::".join(old_parts[:-1])) not in wanted
            and deck_key("::".join(new_parts[:-1])) not in exists
        ):
            old_parts, new_parts = old_parts[:-1], new_parts[:-1]
        top = ("::".join(old_parts), "::".join(new_parts))
        key = (deck_key(top[0]), deck_key(top[1]))
        names.setdefault(key, top)
        groups.setdefault(key, []).append((old, new))
    # One old deck going two ways, or two old decks into one, is not a rename of the parent.
    olds = Counter(old for old, _ in groups)
    news = Counter(new for _, new in groups)
    renames: list[DeckRename] = []
    for key, members in groups.items():
        top_old, top_new = names[key]
        if olds[key[0]] > 1 or news[key[1]] > 1:
            renames.extend(DeckRename(old, new, ((old, new),)) for old, new in members)
            continue
        decks = [(top_old, top_new), *(pair for pair in members if pair != (top_old, top_new))]
        renames.append(DeckRename(top_old, top_new, tuple(decks)))
    return tuple(sorted(renames, key=lambda rename: deck_key(rename.old)))


def stale_decks(
    deck: Deck,
    snapshot: Snapshot,
    record: SyncRecord,
    decks: Sequence[str],
    renamed: Sequence[str],
) -> tuple[str, ...]:
    """Decks that held qadeck's cards in the tree, that a sync made or that were renamed, with
    their parents, and are no longer sections: each is removed if it ends up holding no card."""
    wanted = {deck_key(name) for name in decks}
    names = {c.deck for note in snapshot.notes for c in note.cards if in_tree(c.deck, deck.name)}
    names.update(record.decks)
    names.update(renamed)
    stale: dict[str, str] = {}
    for name in names:
        parts = name.split("::")
        for end in range(len(parts), 0, -1):
            candidate = "::".join(parts[:end])
            if deck_key(candidate) not in wanted:
                stale.setdefault(deck_key(candidate), candidate)
    return tuple(sorted(stale.values(), key=lambda name: (-name.count("::"), deck_key(name))))
