"""``hatch ideas`` without the command line: which pairs to hatch, and under which names.

The planning is pure: slugging a title into a safe file name, choosing the best pairs not
hatched yet, giving each new note a name that clashes with nothing. Around it, what
touches the disk: the vault without OUTDIR (``vault_without``), the ``hatched_from`` of
the notes already in OUTDIR, each pair's notes read again for its outline, and
``write_idea`` (through ``output.write_atomic``, never overwriting). ``api.plan_ideas``
puts them together, and ``api.hatch_ideas`` carries a plan out.

The vault stage's reader and walk, and the writer (``core.writing.combine``), are imported
in the functions that use them: a bad VAULT or OUTDIR (``check_folders``) ends the run
before either loads.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hatch_cli.errors import NoteError, OutputExists, OutputFailed, UsageError
from hatch_cli.models import Note, Outline
from hatch_cli.notes import os_problem, read_note
from hatch_cli.output import output_problem, write_atomic
from hatch_cli.reports import NotePair, SkippedNote

if TYPE_CHECKING:
    import datetime as dt

    from hatch_cli.core.pairing.keywords import DocFreq
    from hatch_cli.notes import Warn
    from hatch_cli.vault import NoteCache, NoteFile, Progress, Vault

#: A slug is cut to this many UTF-8 bytes (file systems allow 255; leave room for suffixes).
MAX_SLUG_BYTES = 80
#: The file name used when a title has no letters or digits at all.
FALLBACK_SLUG = "idea"
SUFFIX = ".md"
#: Why a note whose path is not shown as it is on disk is left out of ``hatch ideas``.
UNRECORDABLE = (
    "its name has bytes that are not UTF-8 or control characters, which hatched_from "
    "cannot record exactly; rename it to hatch ideas from it"
)

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


@dataclass(frozen=True)
class PlannedIdea:
    """One new note to write: where, from which pair, and its outline."""

    path: str
    pair: NotePair
    outline: Outline
    notes: tuple[Note, ...] = ()
    """the pair's notes as combined (for ``--llm``, which sends their text)"""


@dataclass
class IdeasPlan:
    """What ``hatch ideas`` will write into ``outdir`` (nothing, when every pair that made
    the top ``count`` is hatched there already: ``ranked`` says how many did)."""

    outdir: str
    skipped: tuple[SkippedNote, ...] = ()
    ranked: int = 0
    ideas: tuple[PlannedIdea, ...] = ()


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
    per_note: int | None = None,
    similarity: Callable[[str, str], float] | None = None,
    duplicate: Callable[[NotePair], bool] | None = None,
) -> list[NotePair]:
    """Up to ``count`` of ``pairs`` (ranked best first) that are each good and different
    from each other, less those already hatched.

    One at a time, the pair whose score most exceeds its closeness to the pairs already
    chosen (the highest ``similarity`` of one of its notes to one of theirs) is taken:
    a pair whose note is as related to a chosen note as to its own partner is in the same
    corner of the vault, and one from another corner goes first. No note is in more than
    ``per_note`` chosen pairs. The choice is made before hatched pairs are dropped, so a
    rerun chooses the same pairs and adds only those not hatched yet. With ``unlinked``,
    pairs whose notes already link are left out. A pair of near-duplicates (``duplicate``)
    is set aside and taken only when no other pair is left: hatching two notes that say
    the same thing gives "merge these", not a new idea. They come back in ranking order."""
    candidates = [pair for pair in pairs if not (unlinked and pair.linked)]
    chosen = _choose(candidates, count, per_note, similarity, duplicate, {})
    ranks = {id(pair): rank for rank, pair in enumerate(pairs)}
    chosen.sort(key=lambda pair: ranks[id(pair)])  # listed best first, as ranked
    return [pair for pair in chosen if pair_key(pair) not in hatched]


def _choose(candidates: list[NotePair], count: int, per_note: int | None, similarity: Any,
            duplicate: Any, uses: dict[str, int]) -> list[NotePair]:  # fmt: skip
    aside: list[NotePair] = []  # near-duplicates, chosen from last
    # Each candidate's closeness to the pairs chosen so far, raised as each is chosen.
    near: list[float | None] = [None] * len(candidates)
    chosen: list[NotePair] = []
    while candidates and len(chosen) < count:
        best: tuple[float, int] | None = None
        for position, pair in enumerate(candidates):
            if per_note is not None and max(uses.get(pair.a, 0), uses.get(pair.b, 0)) >= per_note:
                continue
            value = pair.score - (near[position] or 0.0)
            if best is None or value > best[0]:
                best = (value, position)
        if best is None:
            break
        pair = candidates.pop(best[1])
        near.pop(best[1])
        if duplicate is not None and duplicate(pair):
            aside.append(pair)
            continue
        chosen.append(pair)
        for note in (pair.a, pair.b):
            uses[note] = uses.get(note, 0) + 1
        if similarity is not None:
            for position, other in enumerate(candidates):
                both = [(m, t) for m in (other.a, other.b) for t in (pair.a, pair.b) if m != t]
                closeness = [similarity(mine, theirs) for mine, theirs in both]
                if closeness:
                    known = near[position]
                    near[position] = max(closeness) if known is None else max(known, *closeness)
    if aside and len(chosen) < count:
        chosen += _choose(aside, count - len(chosen), per_note, similarity, None, uses)
    return chosen


def plan_names(titles: Sequence[str], taken: Iterable[str]) -> list[str]:
    """A file name for each title: its slug, with -2, -3... when the name is taken (by a
    file already there or an earlier title), compared without case as macOS and
    Windows do."""
    used = {name.casefold() for name in taken}
    names: list[str] = []
    for title in titles:
        name = next(name for name in _names(slugify(title)) if name.casefold() not in used)
        used.add(name.casefold())
        names.append(name)
    return names


def _names(stem: str) -> Iterator[str]:
    """The names a title's note may have, in the order they are tried."""
    yield stem + SUFFIX
    for number in itertools.count(2):
        yield f"{stem}-{number}{SUFFIX}"


def pair_key(pair: NotePair) -> frozenset[str]:
    """A pair as ``hatched_pairs`` records it."""
    return frozenset((source_key(pair.a), source_key(pair.b)))


def write_idea(idea: PlannedIdea, text: str) -> str | None:
    """Write one planned note (atomically, never over a file); the path written, or None
    when another run hatched the same pair into the folder meanwhile.

    Two runs that plan the same pair give it the same title, so they try the same names in
    the same order (the slug, then -2, -3...): each name is created exclusively, and a
    name found taken is read back. If that note was hatched from this pair, the pair is
    written already; otherwise the next name is tried. So a pair is written once, however
    the runs interleave, and the planned name is kept whenever nobody else took it.
    """
    folder, planned = os.path.split(idea.path)
    if planned.startswith(".") or not planned.endswith(SUFFIX):
        raise ValueError(f"unsafe file name {planned!r}")  # plan_names never makes one
    wanted = pair_key(idea.pair)
    taken = {name.casefold(): name for name in list_outdir(folder)}
    for name in _names(slugify(idea.outline.title)):
        there = taken.get(name.casefold())
        if there is None:
            path = os.path.join(folder, name)
            try:
                write_atomic(path, text)
                return path
            except OutputExists:  # made a moment ago
                there = name
        if wanted in hatched_pairs(_sources_of(os.path.join(folder, there))):
            return None
    raise AssertionError("unreachable: _names never ends")  # pragma: no cover


def _sources_of(path: str) -> list[tuple[str, ...]]:
    """The ``hatched_from`` of one note (none if it can't be read)."""
    try:
        return [read_note(path).hatched_from]
    except NoteError:
        return []


# --------------------------------------------------------------------------- disk


def check_folders(vault_dir: str, outdir: str) -> None:
    if not os.path.exists(vault_dir):
        raise NoteError("no such folder", vault_dir)
    if not os.path.isdir(vault_dir):
        raise UsageError("is not a folder; hatch ideas pairs the notes of a folder", vault_dir)
    if os.path.exists(outdir) and not os.path.isdir(outdir):
        raise OutputFailed("is not a folder; -o names the folder for the new notes", outdir)


def make_folder(outdir: str) -> None:
    """OUTDIR, made if missing (and the folders above it)."""
    try:
        os.makedirs(outdir, exist_ok=True)
    except OSError as err:
        raise OutputFailed(output_problem(err), outdir) from None


def _inside(path: str, folder: str) -> bool:
    real, root = os.path.realpath(path), os.path.realpath(folder)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def vault_without(
    vault_dir: str,
    outdir: str,
    *,
    errors: str = "strict",
    cache: NoteCache | None = None,
    progress: Progress | None = None,
    include_hatched: bool = False,
) -> Vault:
    """The vault as ``rank_pairs`` reads it, without the notes inside OUTDIR."""
    from hatch_cli.vault import read_vault  # see the module docstring
    from hatch_cli.vault import walk_notes as walk

    found = walk([vault_dir])
    files: list[NoteFile] = []
    unnamed: list[SkippedNote] = []
    for item in found.files:
        if _inside(item.disk, outdir):
            continue
        if item.shown != _relative(item.disk, vault_dir):
            unnamed.append(SkippedNote(path=item.shown, reason=UNRECORDABLE))
            continue
        files.append(item)
    vault = read_vault(
        files, errors=errors, cache=cache, progress=progress, include_hatched=include_hatched
    )
    vault.skipped[:0] = [
        item for item in found.skipped if not _inside(os.path.join(vault_dir, item.path), outdir)
    ] + unnamed
    return vault


def _relative(disk: str, folder: str) -> str:
    """The path of a file found under ``folder`` relative to it, with '/', as on disk."""
    return os.path.relpath(disk, folder).replace(os.sep, "/")


def list_outdir(outdir: str) -> list[str]:
    """The names in OUTDIR (none while it does not exist). One that can't be listed is an
    error: hatch could neither tell which ideas it holds already nor avoid their names."""
    try:
        return os.listdir(outdir)
    except FileNotFoundError:
        return []
    except OSError as err:
        raise OutputFailed(
            f"cannot be listed ({os_problem(err)}), so hatch cannot tell which ideas are "
            "there already",
            outdir,
        ) from None


def hatched_from(
    outdir: str, *, errors: str = "strict", warn: Warn | None = None
) -> list[tuple[str, ...]]:
    """The ``hatched_from`` of every note already in OUTDIR."""
    if not os.path.isdir(outdir):
        return []
    from hatch_cli.vault import walk_notes as walk  # see the module docstring

    found: list[tuple[str, ...]] = []
    listed = walk([outdir])
    if warn is not None:
        for skipped in listed.skipped:
            warn(os.path.join(outdir, skipped.path), f"{skipped.reason} (not checked)")
    for item in listed.files:
        try:
            note = read_note(item.disk, errors=errors, warn=warn)
        except NoteError as err:
            if warn is not None:
                warn(err.path or item.shown, f"{err.message} (not checked)")
            continue
        if note.hatched_from:
            found.append(note.hatched_from)
    return found


def idea_outline(
    vault: Vault, docfreq: DocFreq, pair: NotePair, when: dt.date, *, rows: tuple[int, int]
) -> tuple[Outline, tuple[Note, ...]]:
    """Combine one pair (its notes are ``rows`` of the vault) as ``combine --vault`` would,
    with the score it was ranked by; the outline and the two notes (their template text
    left out). A note that changed since it was ranked (deleted, emptied, made a FIFO or
    unreadable) raises a ``NoteError`` naming it."""
    from hatch_cli.core.writing.combine import combine  # see the module docstring

    notes = [vault.note(row, to_quote=True) for row in rows]
    outline = combine(notes, date=when, docfreq=docfreq)
    # The note reports the score it was chosen by, the one hatch pairs prints.
    return dataclasses.replace(outline, relatedness=pair.score), tuple(notes)
