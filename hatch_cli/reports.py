"""The contracts of the vault commands: what ``hatch pairs``, ``hatch keywords`` and
``hatch ideas`` print.

Kept apart from ``models`` (the note and outline contracts) so that ``hatch combine``, which
never prints them, does not pay for building their classes at start-up. Same rules as
there: dataclasses that pydantic validates, and a field added here is a field added to the
public JSON contract (``hatch schema pairs|keywords``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from hatch_cli.models import PYDANTIC_CONFIG, Article, Count, Keyword, Outline, Unit, rounded

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from hatch_cli.errors import NoteError

#: Shared keywords listed per pair, at most.
SHARED_LIMIT = 10


@dataclass(slots=True)
class SkippedNote:
    """A note a vault command passed over, and why."""

    __pydantic_config__ = PYDANTIC_CONFIG

    path: str
    """the note's path"""
    reason: str
    """why it was skipped"""


def changed_note(err: NoteError, path: str) -> SkippedNote:
    """A note that could be read a moment ago and no longer can (deleted, emptied, made a
    FIFO or unreadable meanwhile): skipped, saying why."""
    return SkippedNote(path=err.path or path, reason=f"changed while hatch ran: {err.message}")


@dataclass(slots=True)
class NotePair:
    """Two notes worth combining: the score is the same one ``combine`` reports."""

    __pydantic_config__ = PYDANTIC_CONFIG

    a: str
    """path relative to the folder given (as given for files)"""
    b: str
    """path of the other note"""
    score: Unit
    """relatedness, 0 to 1"""
    shared: tuple[str, ...]
    """shared keywords, strongest first"""
    linked: bool
    """whether either note already links to the other"""
    code: tuple[str, ...] = ()
    """those of ``shared`` the notes write as code (shown as code)"""
    lexical: Unit | None = None
    """with --embed: the score by words alone (``score`` mixes it with ``embedding``)"""
    embedding: Unit | None = None
    """with --embed: the cosine of the notes' embeddings, each less the vault's mean
    embedding (below 0 counted as 0)"""
    title_a: str = ""
    """the title of note ``a`` (people know notes by their titles)"""
    title_b: str = ""
    """the title of note ``b``"""
    duplicate: bool = False
    """near-duplicates: half or more of the shorter note's runs of five words are in the
    other note too (they say nearly the same thing)"""

    def __post_init__(self) -> None:
        self.score = rounded(self.score)
        if self.lexical is not None:
            self.lexical = rounded(self.lexical)
        if self.embedding is not None:
            self.embedding = rounded(max(0.0, min(1.0, self.embedding)))


@dataclass(slots=True)
class PairsReport:
    """What ``hatch pairs`` prints: the best pairs of a set of notes."""

    __pydantic_config__ = PYDANTIC_CONFIG

    notes: Count
    """number of notes read"""
    skipped: tuple[SkippedNote, ...] = ()
    """notes passed over, with the reason"""
    pairs: tuple[NotePair, ...] = ()
    """score descending, then paths"""
    schema_version: Literal[2] = 2
    """version of this JSON contract"""


@dataclass(slots=True)
class NoteKeywords:
    """One note's keywords, strongest first."""

    __pydantic_config__ = PYDANTIC_CONFIG

    path: str
    """the note's path"""
    title: str
    """the note's title"""
    lang: str
    """the note's language"""
    keywords: tuple[Keyword, ...]
    """strongest first"""


@dataclass(slots=True)
class KeywordsReport:
    """What ``hatch keywords`` prints."""

    __pydantic_config__ = PYDANTIC_CONFIG

    notes: tuple[NoteKeywords, ...]
    """one entry per note read"""
    skipped: tuple[SkippedNote, ...] = ()
    """notes passed over, with the reason"""
    schema_version: Literal[2] = 2
    """version of this JSON contract"""


#: What became of one new note of ``hatch ideas``.
IdeaStatus = Literal["written", "planned", "hatched meanwhile"]


@dataclass(slots=True)
class HatchedIdea:
    """One new note of ``hatch ideas``: where, its title, from which pair."""

    __pydantic_config__ = PYDANTIC_CONFIG

    path: str
    """the new note's path"""
    title: str
    """its title"""
    status: IdeaStatus
    """written; planned (--dry-run: nothing written); or not written because another run
    hatched the same pair into the folder meanwhile"""
    pair: NotePair
    """the two notes it was hatched from"""


@dataclass(slots=True)
class IdeasReport:
    """What ``hatch ideas --format json`` prints: the new notes, written or planned."""

    __pydantic_config__ = PYDANTIC_CONFIG

    outdir: str
    """the folder the notes go into"""
    dry_run: bool
    """whether nothing was written (--dry-run)"""
    ideas: tuple[HatchedIdea, ...] = ()
    """in the order they were written, best pair first"""
    skipped: tuple[SkippedNote, ...] = ()
    """notes passed over, with the reason"""
    schema_version: Literal[1] = 1
    """version of this JSON contract"""


@dataclass(frozen=True)
class PairColumns:
    """Many ``NotePair``s as columns (``hatch pairs --limit 0`` lists hundreds of
    thousands): pair ``i`` is notes ``a[i]`` and ``b[i]`` (rows of ``paths`` and
    ``titles``), its ``score``, ``linked`` and ``duplicate`` as a ``NotePair`` has them
    (the score not yet rounded), its shared keywords ``shown[offsets[i]:offsets[i + 1]]``
    each marked in ``code`` when the notes write it as code, and with embeddings each
    pair's ``lexical`` and ``embedding`` parts (None: without). Not a contract: iterating gives the
    ``NotePair``s, and ``render`` writes their JSON straight from the columns."""

    paths: Sequence[str]
    titles: Sequence[str]
    a: Sequence[int]
    b: Sequence[int]
    score: Sequence[float]
    linked: Sequence[bool]
    duplicate: Sequence[bool]
    offsets: Sequence[int]
    shown: Sequence[str]
    code: Sequence[bool]
    lexical: Sequence[float | None] | None = None
    embedding: Sequence[float | None] | None = None

    @classmethod
    def of(cls, pairs: Sequence[NotePair]) -> PairColumns:
        """``pairs`` as columns (each pair's two notes rows of their own)."""
        offsets = [0]
        for pair in pairs:
            offsets.append(offsets[-1] + len(pair.shared))
        lexical = [pair.lexical for pair in pairs]
        embedding = [pair.embedding for pair in pairs]
        return cls(
            paths=[path for pair in pairs for path in (pair.a, pair.b)],
            titles=[title for pair in pairs for title in (pair.title_a, pair.title_b)],
            a=range(0, 2 * len(pairs), 2),
            b=range(1, 2 * len(pairs), 2),
            score=[pair.score for pair in pairs],
            linked=[pair.linked for pair in pairs],
            duplicate=[pair.duplicate for pair in pairs],
            offsets=offsets,
            shown=[item for pair in pairs for item in pair.shared],
            code=[item in pair.code for pair in pairs for item in pair.shared],
            lexical=lexical if any(value is not None for value in lexical) else None,
            embedding=embedding if any(value is not None for value in embedding) else None,
        )

    def __len__(self) -> int:
        return len(self.a)

    def __iter__(self) -> Iterator[NotePair]:
        paths, titles, offsets, shown, code = (
            self.paths, self.titles, self.offsets, self.shown, self.code
        )  # fmt: skip
        rows = zip(self.a, self.b, self.score, self.linked, self.duplicate, strict=True)
        for at, (x, y, value, linked, duplicate) in enumerate(rows):
            start, end = offsets[at], offsets[at + 1]
            listed = tuple(shown[start:end])
            flags = code[start:end]
            yield NotePair(
                paths[x], paths[y], value, listed, linked,
                code=tuple(item for item, flag in zip(listed, flags, strict=True) if flag)
                if any(flags) else (),
                lexical=self.lexical[at] if self.lexical is not None else None,
                embedding=self.embedding[at] if self.embedding is not None else None,
                title_a=titles[x], title_b=titles[y], duplicate=duplicate,
            )  # fmt: skip


CONTRACTS: dict[str, type[Any]] = {
    "outline": Outline,
    "article": Article,
    "pairs": PairsReport,
    "keywords": KeywordsReport,
    "ideas": IdeasReport,
}
