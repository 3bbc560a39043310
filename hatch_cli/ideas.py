"""``hatch ideas`` without the command line: which pairs to hatch, and under which names.

The planning here is pure (no I/O): slugging a title into a safe file name, choosing the
best pairs not hatched yet, giving each new note a name that clashes with nothing. Only
``write_idea`` touches the disk, through ``output.write_atomic`` (never overwriting).
"""

from __future__ import annotations

import os
import posixpath
import re
import unicodedata
from collections.abc import Iterable, Sequence

from hatch_cli.output import write_atomic
from hatch_cli.reports import NotePair

#: A slug is cut to this many UTF-8 bytes (file systems allow 255; leave room for suffixes).
MAX_SLUG_BYTES = 80
#: The file name used when a title has no letters or digits at all.
FALLBACK_SLUG = "idea"
SUFFIX = ".md"

_WORD = re.compile(r"[^\W_]+")
# Words a cut slug should not end on ("...-more-than-to-and").
_DANGLING = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "than",
        "the",
        "to",
        "with",
        "und",
        "oder",
        "der",
        "die",
        "das",
    ]
)
# Names Windows refuses for a file whatever its extension.
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"com{n}" for n in range(10)]
    + [f"lpt{n}" for n in range(10)]
    + ["com¹", "com²", "com³", "lpt¹", "lpt²", "lpt³"]
)


def slugify(title: str, *, max_bytes: int = MAX_SLUG_BYTES) -> str:
    """A title as a file name stem: lowercase letters and digits (any script) joined by
    '-', so never a separator, a dot, a leading '-' or a name Windows reserves."""
    words = _WORD.findall(unicodedata.normalize("NFKC", title).lower())
    slug = "-".join(words)
    if len(slug.encode("utf-8")) > max_bytes:
        cut = slug.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")
        whole_words = cut.rsplit("-", 1)[0] if "-" in cut else cut
        # Cut at a word boundary unless that loses most of what is left.
        words = (whole_words if len(whole_words) >= len(cut) // 2 else cut).split("-")
        while len(words) > 1 and words[-1] in _DANGLING:
            words.pop()
        slug = "-".join(words).strip("-")
    if not slug:
        return FALLBACK_SLUG
    if slug in _RESERVED:
        return f"{slug}-{FALLBACK_SLUG}"
    return slug


def source_key(path: str) -> str:
    """A source path as ``hatched_from`` records it: POSIX, normalised, relative."""
    cleaned = posixpath.normpath(path.replace("\\", "/"))
    return cleaned[2:] if cleaned.startswith("./") else cleaned


def hatched_pairs(hatched_from: Iterable[Sequence[str]]) -> set[frozenset[str]]:
    """Every pair of sources already hatched together, from notes' ``hatched_from``."""
    found: set[frozenset[str]] = set()
    for sources in hatched_from:
        keys = sorted({source_key(source) for source in sources})
        for i, first in enumerate(keys):
            for second in keys[i + 1 :]:
                found.add(frozenset((first, second)))
    return found


def choose_pairs(
    pairs: Sequence[NotePair],
    hatched: set[frozenset[str]],
    count: int,
    *,
    unlinked: bool = False,
) -> list[NotePair]:
    """The best ``count`` pairs (best first, as given; with ``unlinked``, of the pairs
    whose notes don't link yet) less those already hatched: a rerun adds only the pairs
    that newly made the top ``count``."""
    best = [pair for pair in pairs if not (unlinked and pair.linked)][:count]
    return [
        pair for pair in best if frozenset((source_key(pair.a), source_key(pair.b))) not in hatched
    ]


def plan_names(titles: Sequence[str], taken: Iterable[str]) -> list[str]:
    """A file name for each title: its slug, with -2, -3... when the name is taken (by a
    file already there or an earlier title), compared without case as macOS and
    Windows do."""
    used = {name.casefold() for name in taken}
    names: list[str] = []
    for title in titles:
        stem = slugify(title)
        name, number = stem + SUFFIX, 1
        while name.casefold() in used:
            number += 1
            name = f"{stem}-{number}{SUFFIX}"
        used.add(name.casefold())
        names.append(name)
    return names


def write_idea(folder: str, name: str, text: str) -> str:
    """Write one planned note into ``folder`` (atomically, never over a file); its path."""
    if os.path.basename(name) != name or name.startswith(".") or not name.endswith(SUFFIX):
        raise ValueError(f"unsafe file name {name!r}")  # plan_names never makes one
    path = os.path.join(folder, name)
    write_atomic(path, text)
    return path
