"""A read vault -> ranked ``NotePair``s and per-note keywords: the pipeline behind
``hatch pairs``, ``hatch keywords`` and ``hatch ideas``, between the reader (``reading``)
and the pure core (``core.vectors``, ``core.topk``, ``core.similarity``, ``core.links``).

Not pure only because a listed pair's keywords are shown as its notes write them, and
surface forms are read again for the few notes listed (``reading.surfaces``).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from hatch_cli.errors import NoteError, UsageError
from hatch_cli.vault import Vault

if TYPE_CHECKING:
    from hatch_cli.core.terms import NoteTerms
    from hatch_cli.core.vectors import Vectors
    from hatch_cli.reports import NotePair


class Ranking:
    """A read vault with its vectors and links: ranks its pairs and describes them.

    The vectors and the link graph are built once, however many questions are asked
    (``hatch ideas`` ranks candidates, compares notes, then describes the chosen few)."""

    def __init__(self, vault: Vault) -> None:
        from hatch_cli.core import links

        self.vault = vault
        self.vectors = vault_vectors(vault)
        self.linked = links.linked_pairs(vault.paths, vault.titles, vault.links)
        self.rows = {path: row for row, path in enumerate(vault.paths)}
        self._describer = PairDescriber(vault, self.vectors)

    def pairs(
        self,
        *,
        limit: int,
        min_score: float = 0.0,
        row: int | None = None,
        unlinked: bool = False,
        describe: bool = True,
    ) -> list[NotePair]:
        """The best ``limit`` pairs (of note ``row``'s pairs, if given); without
        ``describe``, without their shared keywords (which mean reading notes again)."""
        from hatch_cli.core import topk
        from hatch_cli.reading import default_workers
        from hatch_cli.reports import NotePair

        if len(self.vault.paths) < 2:
            return []
        # The best N unlinked pairs are among the best N + (linked pairs) pairs.
        wanted = limit + len(self.linked) if unlinked and limit else limit
        if row is not None:
            found = topk.partners(self.vectors, row, limit=wanted, min_score=min_score)
        else:
            workers = default_workers(len(self.vault.paths))
            found = topk.best_pairs(
                self.vectors, limit=wanted, min_score=min_score, workers=workers
            )
        if unlinked:
            found = [item for item in found if (item.a, item.b) not in self.linked]
            if limit:
                found = found[:limit]
        if not describe:
            paths = self.vault.paths
            return [
                NotePair(paths[c.a], paths[c.b], c.score, (), (c.a, c.b) in self.linked)
                for c in found
            ]
        return [
            self._describer(item.a, item.b, item.score, (item.a, item.b) in self.linked)
            for item in found
        ]

    def describe(self, pair: NotePair) -> NotePair:
        """``pair`` with its shared keywords."""
        return self._describer(self.rows[pair.a], self.rows[pair.b], pair.score, pair.linked)

    def similarity(self, a: str, b: str) -> float:
        """The score of two notes of the vault (by path), listed or not."""
        from hatch_cli.core import topk

        row_a, row_b = self.rows[a], self.rows[b]
        first, second = min(row_a, row_b), max(row_a, row_b)
        return float(topk.exact_scores(self.vectors, [first], [second])[0])


def vault_pairs(
    vault: Vault,
    *,
    limit: int,
    min_score: float = 0.0,
    row: int | None = None,
    unlinked: bool = False,
) -> list[NotePair]:
    """The ranking behind ``hatch pairs`` and ``hatch ideas``: the best ``limit`` pairs of a
    vault read by ``open_vault`` (of note ``row``'s pairs, if given)."""
    if len(vault.paths) < 2:
        return []
    return Ranking(vault).pairs(limit=limit, min_score=min_score, row=row, unlinked=unlinked)


class PairDescriber:
    """Turns a ranked pair of rows into a ``NotePair``: paths, score, what they share.

    Each note's vector and its terms as read again (counts with phrases, surface forms)
    are fetched once, however many of the listed pairs it is in."""

    def __init__(self, vault: Vault, vectors: Vectors) -> None:
        self.vault = vault
        self.vectors = vectors
        self.rows: dict[int, tuple[dict[str, float], NoteTerms | None]] = {}

    def _row(self, row: int) -> tuple[dict[str, float], NoteTerms | None]:
        from hatch_cli.core.vectors import row_vector
        from hatch_cli.reading import reread

        if row not in self.rows:
            self.rows[row] = (row_vector(self.vectors, row), reread(self.vault, row))
        return self.rows[row]

    def __call__(self, a: int, b: int, score: float, linked: bool) -> NotePair:
        from hatch_cli.core.similarity import shared_keywords
        from hatch_cli.core.terms import shared_display
        from hatch_cli.reports import SHARED_LIMIT, NotePair

        (vector_a, terms_a), (vector_b, terms_b) = self._row(a), self._row(b)
        counts = [
            terms.counts if terms is not None else self.vault.term_counts(row)
            for row, terms in ((a, terms_a), (b, terms_b))
        ]
        shared = shared_keywords(
            [vector_a, vector_b], counts, [self.vault.langs[a], self.vault.langs[b]]
        )
        surfaces = [terms.surfaces if terms is not None else {} for terms in (terms_a, terms_b)]
        listed = [term for term, _ in shared[:SHARED_LIMIT]]
        code = [
            term
            for term in listed
            if any(terms is not None and terms.is_code(term) for terms in (terms_a, terms_b))
        ]
        return NotePair(
            a=self.vault.paths[a],
            b=self.vault.paths[b],
            score=score,
            shared=tuple(shared_display(term, surfaces) for term in listed),
            linked=linked,
            code=tuple(shared_display(term, surfaces) for term in code),
        )


def vault_vectors(vault: Vault, size: int | None = None) -> Vectors:
    """Every note's vector in the vault (``keywords.vault_weights``), ``size`` terms long."""
    import numpy as np

    from hatch_cli.core.keywords import VECTOR_SIZE, vault_weights
    from hatch_cli.core.vectors import build_vectors

    indptr = np.frombuffer(vault.indptr, dtype=np.int64)
    terms = np.frombuffer(vault.terms, dtype=np.int32)
    weight = vault_weights(
        indptr,
        terms,
        np.frombuffer(vault.text_tf, dtype=np.float64),
        np.frombuffer(vault.fence_tf, dtype=np.float64),
        np.frombuffer(vault.info, dtype=np.float64),
        len(vault.vocab),
    )
    return build_vectors(indptr, terms, weight, vault.vocab, size=size or VECTOR_SIZE)


def find_row(vault: Vault, wanted: str) -> int:
    """The row of the ``--for`` note: by shown path, or by being the same file on disk."""
    if wanted in vault.paths:
        return vault.paths.index(wanted)
    try:
        target = os.stat(wanted)
    except OSError:
        target = None
    if target is not None:
        for row, disk in enumerate(vault.disks):
            try:
                if os.path.samestat(os.stat(disk), target):
                    return row
            except OSError:
                continue
    if wanted in {item.path for item in vault.skipped}:
        raise NoteError("was skipped (see the warning above), so it has no partners", wanted)
    raise UsageError(f"--for {wanted!r} is not one of the notes read")
