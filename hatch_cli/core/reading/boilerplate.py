"""Template text: what a vault repeats verbatim is structure, not content. Pure.

``unit_key`` reduces a line or block to its words; a unit found in ``RECURRING_MIN_NOTES``
notes or more is template text (``## Summary``, ``Status:: draft``, a boilerplate footer),
and ``strip_recurring`` drops a note's blocks that are, before its keywords are counted.
Words that merely recur (in many notes, not verbatim) are weighed down by the vault's
``DocFreq`` instead (``keywords``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Sequence

from hatch_cli.models import Note

#: A line or paragraph found verbatim in this many notes is template text, not content.
RECURRING_MIN_NOTES = 3

_UNIT_WORD = re.compile(r"[^\W_]+")
# What a line of Markdown source holds besides its words. Applied to a whole note at once,
# so none of them may match across a line end ([^\S\n]: whitespace but a newline).
_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:[^\S\n]+\"[^\"\n]*\")?\)")
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+", re.IGNORECASE)
_LIST_MARK = re.compile(r"^[^\S\n]*(?:(?:[-*+>]|#{1,6}|\d{1,9}[.)])[^\S\n]+)+", re.MULTILINE)
_WIKI_ALIAS = re.compile(r"\[\[[^\]|\n]*\|")


def unit_key(text: str) -> str:
    """A line or block reduced to its lowercase words: how recurring text is recognised."""
    return " ".join(_UNIT_WORD.findall(text.lower()))


def _hash(key: str) -> int:
    # A stable hash (not hash()): workers and runs must agree on it.
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")


def unit_hashes(markdown: str) -> set[int]:
    """Hashes of a note's units: each line, and each paragraph of two or more lines.

    A line's unit is its words without list or heading marks, link targets and URLs
    (``[[target|alias]]`` reads as its alias). The marks are removed from the whole
    note in three regex passes rather than three per line (URLs only from the lines that
    have one): this runs on every note of a vault before anything else.
    """
    text = _LIST_MARK.sub("", "\n".join(markdown.splitlines()))
    text = _WIKI_ALIAS.sub("[[", text)
    text = _LINK_TARGET.sub("]", text).lower()
    found: set[int] = set()
    group: list[str] = []
    words = _UNIT_WORD.findall
    for line in [*text.split("\n"), ""]:
        if "://" in line or "www." in line:  # on the whole note, a third of the time
            line = _URL.sub(" ", line)
        key = " ".join(words(line))
        if key:
            found.add(_hash(key))
            group.append(key)
            continue
        if len(group) > 1:
            found.add(_hash(" ".join(group)))
        group = []
    return found


def block_units(note: Note) -> list[int]:
    """The unit hash of each of a note's blocks (-1 for a block with no words): what
    ``strip_recurring`` looks up."""
    return [_hash(key) if (key := unit_key(block.text)) else -1 for block in note.blocks]


def strip_recurring(
    note: Note,
    recurring: frozenset[int],
    units: Sequence[int] | None = None,
    *,
    keep_leads: bool = False,
) -> Note:
    """The note without the blocks whose text recurs across the vault (``units``: its
    ``block_units``, when the caller has them already); with ``keep_leads`` (to quote
    it), not one just before a code block, which introduces that code ("Example:"), nor
    a code block the note's own prose introduces (``$ go test`` after "The standard
    command when testing go:" is that note's payload, however many notes show it)."""
    if not recurring:
        return note
    if units is None:
        units = block_units(note)
    blocks = note.blocks

    def introduced(at: int) -> bool:
        return (
            blocks[at].kind == "code"
            and at > 0
            and blocks[at - 1].kind != "code"
            and units[at - 1] not in recurring
        )

    kept = tuple(
        block
        for at, (block, unit) in enumerate(zip(blocks, units, strict=True))
        if unit not in recurring
        or (keep_leads and at + 1 < len(blocks) and blocks[at + 1].kind == "code")
        or (keep_leads and introduced(at))
    )
    return note if len(kept) == len(note.blocks) else dataclasses.replace(note, blocks=kept)
