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


CONTRACTS: dict[str, type[Any]] = {
    "outline": Outline,
    "article": Article,
    "pairs": PairsReport,
    "keywords": KeywordsReport,
    "ideas": IdeasReport,
}
