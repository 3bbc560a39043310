"""The vault ranking is exact: its pruned joins give the same pairs as scoring every pair.

``core.pairing.topk.best_pairs`` skips most pairs (a seed floor, then a prefix join on each note's
rarer terms); these tests compare it with a dense brute force over random vaults with
topic structure, where many pairs share terms and scores crowd near the floor.
"""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest

from hatch_cli.core.pairing import products, topk
from hatch_cli.core.pairing.twins import find_twins
from hatch_cli.core.pairing.vectors import Vectors, strongest_first
from tests.conftest import random_vectors, vectors_of


def brute_force(vectors: Vectors, limit: int, min_score: float) -> list[Any]:
    """Every pair scored (as listed pairs are scored), then ordered: what the join must find."""
    a, b = np.triu_indices(len(vectors.indptr) - 1, k=1)
    return topk.ordered(a, b, products.exact_scores(vectors, a, b), limit, min_score)


def as_tuples(found: list[topk.Candidate]) -> list[tuple[int, int, float]]:
    return [(item.a, item.b, round(item.score, 9)) for item in found]


# Two random vaults in the fast tier, four more in the slow one.
SEEDS = [0, 1, *(pytest.param(seed, marks=pytest.mark.slow) for seed in range(2, 6))]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("limit", "min_score"), [(1, 0.0), (10, 0.0), (60, 0.0), (0, 0.35)])
def test_best_pairs_equal_brute_force(seed: int, limit: int, min_score: float) -> None:
    vectors = random_vectors(seed, notes=300)
    expected = brute_force(vectors, limit, min_score)
    assert expected, "the random vault should have pairs to find"
    assert as_tuples(topk.best_pairs(vectors, limit=limit, min_score=min_score)) == as_tuples(
        expected
    )


@pytest.mark.slow
@pytest.mark.parametrize(("limit", "min_score"), [(20, 0.0), (0, 0.3), (0, 0.0)])
def test_chunks_on_threads_give_the_same_pairs(limit: int, min_score: float) -> None:
    # 900 notes are four chunks of CHUNK_ROWS: each thread gets several, results in order.
    vectors = random_vectors(7, notes=900)
    serial = as_tuples(topk.best_pairs(vectors, limit=limit, min_score=min_score))
    threaded = as_tuples(topk.best_pairs(vectors, limit=limit, min_score=min_score, workers=3))
    assert serial
    assert threaded == serial
    if limit:
        assert serial == as_tuples(brute_force(vectors, limit, min_score))


def test_the_join_prunes_but_finds_every_pair_above_its_threshold() -> None:
    vectors = random_vectors(42, notes=400)
    threshold = 0.6
    a, b, score = topk.pairs_above(vectors, threshold)
    expected = {(x.a, x.b) for x in brute_force(vectors, 0, threshold - 1e-9)}
    assert set(zip(a.tolist(), b.tolist(), strict=True)) == expected
    assert np.all(score >= threshold - 1e-9)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_strongest_first_is_the_lexsort_order(seed: int) -> None:
    """Rows of up to 40 entries, weights from a few values (so ties are common)."""
    generator = np.random.default_rng(seed)
    lengths = generator.integers(0, 40, size=300)
    rows = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    weight = generator.choice([0.5, 1.25, 2.0, 3.5], size=len(rows)) * generator.choice(
        [1.0, 1.0, 0.7], size=len(rows)
    )
    tie_rank = generator.permutation(len(rows))
    expected = np.lexsort((tie_rank, -weight, rows))
    assert np.array_equal(strongest_first(rows, weight, tie_rank), expected)


def twin_vectors(seed: int, notes: int, vocab_size: int = 9, per_note: int = 3) -> Vectors:
    """Tiny notes on a tiny vocabulary: a few words each, one weight per word, so most
    notes have twins (identical vectors), as in a vault of 50,000 five-word notes."""
    rnd = random.Random(seed)
    vocab = [f"w{i}" for i in range(vocab_size)]
    weight = [rnd.choice((0.5, 1.0, 2.0, 3.0)) for _ in vocab]
    indptr, terms, prior = [0], [], []
    for _ in range(notes):
        for word in sorted(rnd.sample(range(vocab_size), rnd.randint(1, per_note))):
            terms.append(word)
            prior.append(weight[word])
        indptr.append(len(terms))
    return vectors_of(indptr, terms, prior, vocab)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize(
    ("limit", "min_score"), [(1, 0.0), (10, 0.0), (300, 0.0), (5000, 0.0), (40, 0.6)]
)
def test_twins_are_ranked_once_and_exactly(seed: int, limit: int, min_score: float) -> None:
    vectors = twin_vectors(seed, notes=250)
    twins = find_twins(vectors)
    assert twins is not None and len(twins.members) < 130  # the twins path is taken
    expected = brute_force(vectors, limit, min_score)
    assert as_tuples(topk.best_pairs(vectors, limit=limit, min_score=min_score)) == as_tuples(
        expected
    )


@pytest.mark.parametrize("postings", [2, 5, 12])
def test_a_seed_kept_to_few_notes_a_term_leaves_the_pairs_exact(
    postings: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    vectors = random_vectors(3, notes=300)
    full = products.top_terms(vectors, topk.SEED_TERMS)
    monkeypatch.setattr(topk, "SEED_POSTINGS", postings)
    mask = topk._seed_terms(vectors)
    assert mask.sum() < full.sum() and not (mask & ~full).any()
    assert np.bincount(vectors.terms[mask]).max() <= postings
    for limit in (1, 10, 60):
        found = topk.best_pairs(vectors, limit=limit)
        assert as_tuples(found) == as_tuples(brute_force(vectors, limit, 0.0))


@pytest.mark.parametrize("workers", [2, 3])
def test_vectors_sorted_on_threads_are_the_same(monkeypatch: Any, workers: int) -> None:
    """``build_vectors`` sorts runs of whole rows on threads: the same vectors as one sort."""
    from hatch_cli.core.pairing import vectors as vectors_module

    one = random_vectors(11, notes=500)
    monkeypatch.setattr(vectors_module, "SPLIT_MIN_ENTRIES", 0)
    rnd = random.Random(11)
    weights = [rnd.choice((0.5, 1.0, 2.0)) for _ in range(len(one.terms))]  # many ties
    indptr = one.indptr.tolist()
    terms = one.terms.tolist()
    serial = vectors_of(indptr, terms, weights, list(one.vocab))
    threaded = vectors_module.build_vectors(
        np.asarray(indptr, dtype=np.int64),
        np.asarray(terms, dtype=np.int32),
        np.asarray(weights, dtype=np.float64),
        list(one.vocab),
        size=16,
        workers=workers,
    )
    for name in ("indptr", "rows", "terms", "weights"):
        assert np.array_equal(getattr(serial, name), getattr(threaded, name)), name
