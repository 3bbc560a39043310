"""A read vault -> ranked ``NotePair``s and per-note keywords: the pipeline behind
``hatch pairs``, ``hatch keywords`` and ``hatch ideas``, between the reader (``reading``)
and the pure core (``core.vectors``, ``core.topk``, ``core.similarity``, ``core.links``).

Not pure only because a listed pair's keywords are shown as its notes write them, and
surface forms are read again for the few notes listed (``reading.surfaces``).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hatch_cli.errors import NoteError, UsageError
from hatch_cli.vault import Vault

if TYPE_CHECKING:
    from hatch_cli.core.vectors import Vectors
    from hatch_cli.reports import NotePair


@dataclass(frozen=True)
class RankedPair:
    """A listed pair and the rows of its notes in the vault: how hatch tells the notes
    apart inside (two notes may be shown by the same path; see ``shown_path``)."""

    rows: tuple[int, int]
    pair: NotePair


def rank_vault(
    vault: Vault,
    *,
    limit: int,
    min_score: float = 0.0,
    row: int | None = None,
    unlinked: bool = False,
) -> list[RankedPair]:
    """The ranking behind ``hatch pairs`` and ``hatch ideas``: the best ``limit`` pairs of a
    vault read by ``open_vault`` (of note ``row``'s pairs, if given), each with the rows of
    its notes."""
    from hatch_cli.core import links, topk
    from hatch_cli.reading import default_workers

    if len(vault.paths) < 2:
        return []
    vectors = vault_vectors(vault)
    linked = links.linked_pairs(vault.paths, vault.titles, vault.links)
    # The best N unlinked pairs are among the best N + (linked pairs) pairs.
    wanted = limit + len(linked) if unlinked and limit else limit
    if row is not None:
        found = topk.partners(vectors, row, limit=wanted, min_score=min_score)
    else:
        workers = default_workers(len(vault.paths))
        found = topk.best_pairs(vectors, limit=wanted, min_score=min_score, workers=workers)
    if unlinked:
        found = [item for item in found if (item.a, item.b) not in linked]
        if limit:
            found = found[:limit]
    describe = PairDescriber(vault, vectors)
    ranked = []
    for item in found:
        rows = (item.a, item.b)
        ranked.append(RankedPair(rows, describe(*rows, item.score, rows in linked)))
    return ranked


class PairDescriber:
    """Turns a ranked pair of rows into a ``NotePair``: paths, score, what they share.

    Each note's vector, counts and surface forms are fetched once, however many of the
    listed pairs it is in (surface forms mean reading the note again)."""

    def __init__(self, vault: Vault, vectors: Vectors) -> None:
        self.vault = vault
        self.vectors = vectors
        self.rows: dict[int, tuple[dict[str, float], dict[str, int], dict[str, Counter[str]]]] = {}

    def _row(self, row: int) -> tuple[dict[str, float], dict[str, int], dict[str, Counter[str]]]:
        from hatch_cli.core.vectors import row_vector
        from hatch_cli.reading import surfaces

        if row not in self.rows:
            self.rows[row] = (
                row_vector(self.vectors, row),
                self.vault.term_counts(row),
                surfaces(self.vault, row),
            )
        return self.rows[row]

    def __call__(self, a: int, b: int, score: float, linked: bool) -> NotePair:
        from hatch_cli.core.keywords import shared_display
        from hatch_cli.core.similarity import shared_keywords
        from hatch_cli.reports import SHARED_LIMIT, NotePair

        (vector_a, counts_a, shown_a), (vector_b, counts_b, shown_b) = self._row(a), self._row(b)
        shared = shared_keywords(
            [vector_a, vector_b], [counts_a, counts_b], [self.vault.langs[a], self.vault.langs[b]]
        )
        return NotePair(
            a=self.vault.paths[a],
            b=self.vault.paths[b],
            score=score,
            shared=tuple(
                shared_display(term, [shown_a, shown_b]) for term, _ in shared[:SHARED_LIMIT]
            ),
            linked=linked,
        )


def vault_vectors(vault: Vault, size: int | None = None) -> Vectors:
    import numpy as np

    from hatch_cli.core.similarity import VECTOR_SIZE
    from hatch_cli.core.vectors import build_vectors

    return build_vectors(
        np.frombuffer(vault.indptr, dtype=np.int64),
        np.frombuffer(vault.terms, dtype=np.int32),
        np.frombuffer(vault.prior, dtype=np.float64),
        vault.vocab,
        size=size or VECTOR_SIZE,
    )


def find_row(vault: Vault, wanted: str) -> int:
    """The row of the ``--for`` note: the same file on disk, else the note shown by that
    path (when only one is)."""
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
    rows = [row for row, path in enumerate(vault.paths) if path == wanted]
    if len(rows) == 1:
        return rows[0]
    if rows:
        raise UsageError(f"--for {wanted!r} names {len(rows)} notes; give its path on disk")
    if wanted in {item.path for item in vault.skipped}:
        raise NoteError("was skipped (see the warning above), so it has no partners", wanted)
    raise UsageError(f"--for {wanted!r} is not one of the notes read")
