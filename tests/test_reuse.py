"""A rerun's pairs from the last run's candidates (``core.pairing.reuse``) are the pairs a full
ranking gives: whenever ``reuse_pairs`` answers, its answer equals ``best_pairs`` on the
new vectors (scores to the bit), and when it can't prove one it says so (None)."""

from __future__ import annotations

import random
from typing import Any

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


Rows = list[dict[int, tuple[float, float, float]]]


def _random_vault(seed: int, notes: int, terms: int) -> Rows:
    """Each note's entries: term -> (text_tf, fence_tf, prior); a few notes have code, a
    few terms are in most notes (so an edit moves their rarity in thousands of notes)."""
    rnd = random.Random(seed)
    prior = [rnd.uniform(0.2, 1.0) for _ in range(terms)]
    found = []
    for _ in range(notes):
        chosen = set(rnd.sample(range(terms), rnd.randint(3, 90))) | set(rnd.sample(range(6), 3))
        code = rnd.random() < 0.05
        found.append(
            {
                term: (1.0 + rnd.choice((0.0, 0.0, 0.69, 1.1)),
                       rnd.choice((0.0, 1.0)) if code else 0.0, prior[term])
                for term in chosen
            }
        )  # fmt: skip
    return found


def _weighed(rows: Rows, vocab: list[str], code_share: Any = None) -> tuple[Any, ...]:
    """(vectors, rarity, the arrays) of ``rows`` built from scratch (``code_share``: one
    per note, as a vault of several scripts has, else English's for all)."""
    from hatch_cli.core.pairing.keywords import FENCE_SHARE
    from hatch_cli.core.pairing.rarity import vault_rarity, weights_in
    from hatch_cli.core.pairing.vectors import build_vectors

    indptr = np.cumsum([0] + [len(row) for row in rows]).astype(np.int64)
    terms = np.asarray([term for row in rows for term in sorted(row)], dtype=np.int32)
    text_tf, fence_tf, prior = (
        np.asarray([row[term][part] for row in rows for term in sorted(row)], dtype=np.float64)
        for part in range(3)
    )
    columns = (text_tf, fence_tf, prior)
    found = vault_rarity(indptr, terms, text_tf, fence_tf, prior, len(vocab))
    share = FENCE_SHARE if code_share is None else code_share
    weight = weights_in(found, indptr, terms, *columns, n_docs=len(rows), code_share=share)
    return build_vectors(indptr, terms, weight, vocab, size=12), found, indptr, terms, columns


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("scripts", ["latin", "mixed"])
def test_vectors_again_are_a_full_builds_to_the_bit(seed: int, scripts: str) -> None:
    """After an edit that adds a common term (its rarity moves in most notes) and changes
    another note's counts, the vectors rebuilt from the last run's equal a full build's
    exactly, while most notes keep their vectors without being sorted again; also when a
    third of the notes are in a script whose code may count as much as the prose."""
    rnd = random.Random(seed)
    vocab = [f"t{index:04d}" for index in range(400)]
    rows = _random_vault(seed, 300, 400)
    share = None
    if scripts == "mixed":
        from hatch_cli.core.pairing.keywords import FENCE_SHARE, OTHER_SCRIPT_FENCE_SHARE

        share = np.where(np.arange(300) % 3 == 0, OTHER_SCRIPT_FENCE_SHARE, FENCE_SHARE)
    before, rarity, *_ = _weighed(rows, vocab, share)
    edited_rows = [dict(row) for row in rows]
    note = rnd.randrange(300)
    added = rnd.choice([term for term in range(6) if term not in edited_rows[note]] or [0])
    edited_rows[note][added] = (1.0, 0.0, 0.5)
    other = rnd.randrange(300)
    for term in sorted(rows[other])[:2]:
        tf, fence, p = rows[other][term]
        edited_rows[other][term] = (tf + 0.69, fence, p)
    after, found, indptr, terms, columns = _weighed(edited_rows, vocab, share)
    keys_changed = {note, other}
    previous = reuse.Previous(
        rows=np.asarray([-1 if row in keys_changed else row for row in range(300)]),
        indptr=before.indptr, terms=before.terms.astype(np.int64), weights=before.weights,
        cut=before.cut, df=rarity.df, burst=rarity.burst,
        scalars=reuse.rarity_scalars(rarity, 300),
    )  # fmt: skip
    answer = reuse.vectors_again(
        indptr, terms, columns, vocab, found, previous, size=12,
        **({} if share is None else {"code_share": share}),
    )  # fmt: skip
    # A note's edit leaves the vault's share, gamma and median length where they were here.
    assert reuse.rarity_scalars(found, 300) == previous.scalars
    assert answer is not None
    again_vectors, again = answer
    for name in ("indptr", "terms", "weights", "rows", "cut"):
        assert np.array_equal(getattr(again_vectors, name), getattr(after, name)), name
    assert again[note] and again[other]
    assert again.sum() < 300
    unchanged = [row for row in range(300) if not again[row]]
    assert unchanged
