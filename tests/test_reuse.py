"""A rerun's pairs from the last run's candidates (``core.pairing.reuse``) are the pairs a full
ranking gives: whenever ``reuse_pairs`` answers, its answer equals ``best_pairs`` on the
new vectors (scores to the bit), and when it can't prove one it says so (None)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from hatch_cli.core.pairing import products, reuse, topk
from hatch_cli.core.pairing.vectors import Vectors
from tests.conftest import random_vectors, vectors_of


def edited(seed: int, notes: int, changes: int) -> tuple[Vectors, Vectors]:
    """A random vault's vectors and the same vault's after ``changes`` notes got new words
    (the vocabulary is the same, so every other note keeps its vector)."""
    before = random_vectors(seed, notes)
    rnd = random.Random(seed + 1000)
    rows = [
        list(
            zip(
                before.terms[before.indptr[i] : before.indptr[i + 1]].tolist(),
                before.weights[before.indptr[i] : before.indptr[i + 1]].tolist(),
                strict=True,
            )
        )
        for i in range(notes)
    ]
    for row in rnd.sample(range(notes), changes):
        donor = rows[rnd.randrange(notes)]
        kept = dict(rows[row][: len(rows[row]) // 2])
        kept.update(dict(donor[: rnd.randint(1, 6)]))
        rows[row] = sorted(kept.items())
    indptr, terms, prior = [0], [], []
    for row_terms in rows:
        for term, weight in sorted(row_terms):
            terms.append(term)
            prior.append(weight)
        indptr.append(len(terms))
    return before, vectors_of(indptr, terms, prior, list(before.vocab))


def exact(found: list[topk.Candidate]) -> list[tuple[int, int, float]]:
    return [(item.a, item.b, item.score) for item in found]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("changes", [0, 1, 3])
@pytest.mark.parametrize("limit", [5, 20])
def test_reused_pairs_are_the_full_rankings(seed: int, changes: int, limit: int) -> None:
    before, after = edited(seed, notes=400, changes=changes)
    _, candidates = topk.best_pairs_and_candidates(before, limit=limit)
    assert candidates is not None
    rows = np.arange(len(after.indptr) - 1, dtype=np.int64)
    moved = reuse.drift(after, rows, before.indptr, before.terms, before.weights)
    if changes == 0:
        assert moved.max() < 1e-12  # rounding of the renormalised weights only
    found = reuse.reuse_pairs(after, candidates, moved, limit=limit, min_score=0.0)
    expected = exact(topk.best_pairs(after, limit=limit))
    if changes == 0:
        assert found is not None  # nothing moved: the last run's pairs are the answer
    if found is not None:
        best, kept = found
        assert exact(best) == expected
        # What it keeps for the next run is every pair at or above its floor.
        a, b = np.triu_indices(len(rows), k=1)
        scores = np.minimum(products.exact_scores(after, a, b), 1.0)
        above = {(int(x), int(y)) for x, y, s in zip(a, b, scores, strict=True) if s >= kept.floor}
        assert above <= set(zip(kept.a.tolist(), kept.b.tolist(), strict=True))


def test_reuse_answers_after_one_edit_in_most_vaults() -> None:
    """Not a vacuous pass: one edited note of 400 is proved from the candidates."""
    answered = 0
    for seed in range(6):
        before, after = edited(seed, notes=400, changes=1)
        _, candidates = topk.best_pairs_and_candidates(before, limit=20)
        assert candidates is not None
        rows = np.arange(len(after.indptr) - 1, dtype=np.int64)
        moved = reuse.drift(after, rows, before.indptr, before.terms, before.weights)
        answered += reuse.reuse_pairs(after, candidates, moved, limit=20, min_score=0.0) is not None
    assert answered >= 4


def test_a_note_with_no_past_is_scored_against_every_note() -> None:
    before, after = edited(3, notes=300, changes=0)
    _, candidates = topk.best_pairs_and_candidates(before, limit=10)
    assert candidates is not None
    rows = np.arange(len(after.indptr) - 1, dtype=np.int64)
    rows[7] = -1  # as if note 7 were new: it drifted infinitely far
    moved = reuse.drift(after, rows, before.indptr, before.terms, before.weights)
    assert np.isinf(moved[7]) and np.count_nonzero(np.isinf(moved)) == 1
    found = reuse.reuse_pairs(after, candidates, moved, limit=10, min_score=0.0)
    assert found is not None
    assert exact(found[0]) == exact(topk.best_pairs(after, limit=10))


@pytest.mark.parametrize("seed", range(5))
def test_first_occurrence_order_is_numpys(seed: int) -> None:
    from hatch_cli.vault.snapshot import by_first_occurrence

    generator = np.random.default_rng(seed)
    size = int(generator.integers(1, 3000))
    values = generator.integers(0, size, size=int(generator.integers(0, 200_000)))
    if seed == 4:  # a value met only at the very end
        values = np.concatenate((values % max(size - 1, 1), [size - 1]))
    present, first = np.unique(values, return_index=True)
    expected = present[np.argsort(first, kind="stable")]
    assert np.array_equal(by_first_occurrence(values, size), expected)
    assert np.array_equal(by_first_occurrence(values, size, head=1000), expected)
    assert np.array_equal(by_first_occurrence(values, size, head=0), expected)
