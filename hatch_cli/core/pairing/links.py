"""Which notes already link to each other: by file name or by title. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import unquote

_LINK_EXT = re.compile(r"\.(?:md|markdown)$", re.IGNORECASE)


def link_key(target: str) -> str:
    """What a link names: its last path part, without anchor, extension or case."""
    target = unquote(target.split("#", 1)[0].split("?", 1)[0]).strip().rstrip("/")
    return _LINK_EXT.sub("", target.rsplit("/", 1)[-1]).strip().lower()


def linked_pairs(
    paths: Sequence[str], titles: Sequence[str], links: Sequence[Sequence[str]]
) -> set[tuple[int, int]]:
    """Pairs of notes (row indices, ``a < b``) where either links to the other, by file
    name (``[[note]]``, ``[x](note.md)``, ``[x](../dir/note.md)``) or by title."""
    names: dict[str, list[int]] = {}
    for row, (path, title) in enumerate(zip(paths, titles, strict=True)):
        for key in {link_key(path), title.strip().lower()}:
            if key:
                names.setdefault(key, []).append(row)
    found: set[tuple[int, int]] = set()
    for row, targets in enumerate(links):
        for target in targets:
            if "://" in target or target.startswith("mailto:"):
                continue
            for other in names.get(link_key(target), ()):
                if other != row:
                    found.add((min(row, other), max(row, other)))
    return found
