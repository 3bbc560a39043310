"""A vault read into flat arrays: the input of the core's vectors and top-k join.

Plain data: reading it is ``read_vault``'s job, ranking it the core's.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

from hatch_cli.core.boilerplate import strip_recurring
from hatch_cli.core.keywords import VECTOR_SIZE, DocFreq, top_vector, weights
from hatch_cli.core.rarity import vault_docfreq
from hatch_cli.core.terms import analyse
from hatch_cli.models import Note
from hatch_cli.reports import SkippedNote


@dataclass
class Vault:
    """The notes of a vault as flat arrays.

    Note ``i`` owns entries ``indptr[i]:indptr[i+1]`` of ``terms`` (ids into ``vocab``),
    ``text_tf``, ``fence_tf`` and ``info`` (what its weight is made of, see
    ``keywords.term_weights``) and ``counts``. ``disks`` are
    where the notes are on disk, ``paths`` how they are shown; ``errors`` and ``lang``
    are the options they were read with (to read one again the same way).
    """

    paths: list[str]
    disks: list[str]
    titles: list[str]
    langs: list[str]
    links: list[tuple[str, ...]]
    vocab: list[str]
    indptr: array[int]
    terms: array[int]
    text_tf: array[float]
    fence_tf: array[float]
    info: array[float]
    counts: array[int]
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

    def docfreq(self) -> DocFreq:
        """What the vault says about the rarity of its terms (``rarity.vault_docfreq``)."""
        return vault_docfreq(
            self.indptr, self.terms, self.text_tf, self.fence_tf, self.info, self.vocab
        )

    def term_counts(self, row: int) -> dict[str, int]:
        """How often note ``row`` has each of its candidate terms."""
        start, end = self.indptr[row], self.indptr[row + 1]
        return {
            self.vocab[term]: count
            for term, count in zip(self.terms[start:end], self.counts[start:end], strict=True)
        }


@dataclass(frozen=True)
class VaultContext:
    """What ``hatch combine --vault FOLDER`` needs to score notes as ``hatch pairs`` does."""

    docfreq: DocFreq
    recurring: frozenset[int]

    def prepare(self, note: Note) -> Note:
        """The note without the template text of the vault (as ``pairs`` reads it)."""
        return strip_recurring(note, self.recurring)

    def vector(self, note: Note) -> dict[str, float]:
        """The note's keyword vector in this vault: the one ``hatch pairs`` compares."""
        terms = analyse(self.prepare(note), keep_sentences=False)
        return top_vector(weights(terms, self.docfreq), VECTOR_SIZE)
