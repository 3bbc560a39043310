"""``Vault``: a read vault as flat arrays, the input of the core's vectors and top-k join,
and the one way later stages reach its notes again.

Its per-term columns are defined once, in ``columns.COLUMNS``.
"""

from __future__ import annotations

import dataclasses
from array import array
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from hatch_cli.core.pairing.rarity import vault_docfreq
from hatch_cli.core.reading.boilerplate import strip_recurring
from hatch_cli.core.reading.inert import shown_path
from hatch_cli.core.reading.terms import analyse
from hatch_cli.errors import NoteError
from hatch_cli.notes import note_from_bytes, read_bytes
from hatch_cli.reports import SkippedNote
from hatch_cli.vault.columns import COLUMNS, DTYPES, empty_columns
from hatch_cli.vault.workers import default_workers

if TYPE_CHECKING:
    from hatch_cli.core.pairing.keywords import DocFreq
    from hatch_cli.core.reading.terms import NoteTerms
    from hatch_cli.models import Note
    from hatch_cli.vault.cache import NoteCache


@dataclass
class Vault:
    """The notes of a vault as flat arrays.

    Note ``i`` owns entries ``indptr[i]:indptr[i+1]`` of ``terms`` (ids into ``vocab``) and
    of each column of ``columns`` (``COLUMNS``). ``disks`` are where the notes are on disk,
    ``paths`` how they are shown; ``errors`` and ``lang`` are the options they were read
    with, ``recurring`` the template text left out: ``note`` reads one again the same way.
    """

    paths: list[str]
    disks: list[str]
    titles: list[str]
    langs: list[str]
    links: list[tuple[str, ...]]
    vocab: list[str]
    indptr: array[int]
    terms: array[int]
    columns: dict[str, array[Any]]
    skipped: list[SkippedNote]
    recurring: frozenset[int]
    errors: str = "strict"
    lang: str | None = None  # --lang: every note's language, instead of its own
    hatched: int = 0  # notes hatch wrote, left out of the vault
    fingerprints: list[bytes] = field(default_factory=list)
    """of each note, what its text as read depends on: how its embedding is found again"""
    keys: list[bytes] = field(default_factory=list)
    """with a cache, each note's key (its bytes, name and reading options; b"" if none):
    what a rerun knows it by (``snapshot``, ``ranking_memo``)"""
    name: bytes = b""
    """with a cache, the name of the vault's snapshot (its folders and options)"""
    warnings: list[tuple[str, str]] = field(default_factory=list)
    """(path, problem) of each note read with a problem worked around (``--errors
    replace``), for the user to hear of"""
    cache: NoteCache | None = None
    """the cache it was read with, if any (``term_forms`` keeps what it reads again there)"""

    @classmethod
    def empty(cls, recurring: frozenset[int], errors: str, lang: str | None) -> Vault:
        """A vault of no notes, read with these options."""
        return cls(
            paths=[], disks=[], titles=[], langs=[], links=[], vocab=[],
            indptr=array("q", [0]), terms=array("i"), columns=empty_columns(), skipped=[],
            recurring=recurring, errors=errors, lang=lang,
        )  # fmt: skip

    @property
    def workers(self) -> int:
        """Processes (threads) to work on this vault with (``workers.default_workers``)."""
        return default_workers(len(self.paths))

    def column(self, name: str) -> Any:
        """Column ``name`` as a numpy array (a view of the vault's own memory)."""
        import numpy as np

        found = self.columns[name]
        return np.frombuffer(found, dtype=DTYPES[found.typecode])

    def weighing_columns(self) -> tuple[Any, Any, Any]:
        """The columns ``keywords.weigh`` takes, in its order, as numpy arrays (three:
        a new one that weighs is a new argument of that function too)."""
        found = tuple(self.column(column.name) for column in COLUMNS if column.weighs)
        return cast("tuple[Any, Any, Any]", found)

    def docfreq(self) -> DocFreq:
        """What the vault says about the rarity of its terms (``rarity.vault_docfreq``)."""
        columns = self.columns
        return vault_docfreq(
            self.indptr, self.terms, columns["text_tf"], columns["fence_tf"],
            columns["informativeness"], self.vocab, self.langs,
        )  # fmt: skip

    def term_counts(self, row: int) -> dict[str, int]:
        """How often note ``row`` has each of its candidate terms."""
        start, end = self.indptr[row], self.indptr[row + 1]
        counts = self.columns["counts"]
        return {
            self.vocab[term]: count
            for term, count in zip(self.terms[start:end], counts[start:end], strict=True)
        }

    def as_read(self, note: Note, *, to_quote: bool = False) -> Note:
        """``note`` as this vault reads a note: in its ``--lang``, without its template text
        (``to_quote``: but with a template line that introduces code, "Example:", which is
        quoted with it)."""
        if self.lang:
            note = dataclasses.replace(note, lang=self.lang)
        return strip_recurring(note, self.recurring, keep_leads=to_quote)

    def note(self, row: int, *, whole: bool = False, to_quote: bool = False) -> Note:
        """Note ``row`` read again, as the vault read it (its language, the same parser,
        without the vault's template text, unless ``whole``), under the path it is shown
        as. A ``NoteError`` (it changed and can't be read now) names that path."""
        return self.read_again(row, whole=whole, to_quote=to_quote)[1]

    def read_again(
        self, row: int, *, whole: bool = False, to_quote: bool = False
    ) -> tuple[bytes, Note]:
        """Note ``row``'s bytes now, and the note they make (``note``)."""
        disk = self.disks[row]
        try:
            data = read_bytes(disk)
            note = note_from_bytes(data, shown_path(disk), errors=self.errors)
        except NoteError as err:
            raise NoteError(err.message, self.paths[row]) from None
        note = dataclasses.replace(note, path=self.paths[row])
        if whole:
            return data, dataclasses.replace(note, lang=self.lang) if self.lang else note
        return data, self.as_read(note, to_quote=to_quote)

    def terms_of(self, row: int, *, sentences: bool = False) -> NoteTerms | None:
        """Note ``row``'s terms with how it writes them and its phrases (and its sentences,
        if asked), read again on demand: ranking needs none of them, and keeping them for
        every note of a vault costs as much as the rest of the analysis. None if the note
        can no longer be read."""
        try:
            note = self.note(row)
        except NoteError:
            return None
        return analyse(note, keep_sentences=sentences)
