"""The scoring rule in a vault (``core.pairing.rarity``): weights from the vault's own evidence."""

from __future__ import annotations

import math
from itertools import pairwise

import numpy as np
import pytest

from hatch_cli.core.pairing.rarity import function_terms, vault_rarity, vault_weights


def _vault(notes: list[dict[int, tuple[int, float]]]) -> tuple[np.ndarray, ...]:
    """Flat arrays of a vault from each note's {term id: (count, informativeness)}."""
    indptr = np.cumsum([0] + [len(note) for note in notes]).astype(np.int64)
    entries = [(term, count, info) for note in notes for term, (count, info) in note.items()]
    terms = np.array([term for term, _, _ in entries], dtype=np.int32)
    text_tf = np.array([1.0 + math.log(count) for _, count, _ in entries])
    info = np.array([info for _, _, info in entries])
    return indptr, terms, text_tf, np.zeros(len(entries)), info


def _weights(notes: list[dict[int, tuple[int, float]]]) -> list[dict[int, float]]:
    indptr, terms, text_tf, fence_tf, info = _vault(notes)
    weight = vault_weights(indptr, terms, text_tf, fence_tf, info, int(terms.max()) + 1)
    return [
        dict(zip(terms[start:end].tolist(), weight[start:end].tolist(), strict=True))
        for start, end in pairwise(indptr.tolist())
    ]


def test_a_term_the_notes_repeat_outweighs_one_they_say_in_passing() -> None:
    """Terms 1 and 2 are in the same notes, as rare by the prior, once each in note 0; the
    other notes say term 1 many times and term 2 once: term 1 names their topic."""
    filler = {10 + k: (1, 5.0) for k in range(4)}
    notes = [{1: (1, 5.0), 2: (1, 5.0), **filler}]
    notes += [{1: (6, 5.0), 2: (1, 5.0), **filler} for _ in range(3)]
    notes += [dict(filler) for _ in range(4)]
    first = _weights(notes)[0]
    assert first[1] > first[2] > 0


def test_a_long_notes_words_said_once_fall_behind_its_repeated_words() -> None:
    """In a note four times the vault's median length, a word said once counts for less
    against one said four times than in a note of typical length."""
    common = {10 + k: (2, 5.0) for k in range(6)}
    short = {1: (4, 5.0), 2: (1, 5.0), **common}
    long = {1: (4, 5.0), 2: (1, 5.0), **common, **{20 + k: (6, 5.0) for k in range(9)}}
    notes = [short, long, *(dict(short) for _ in range(4)), {20 + k: (1, 5.0) for k in range(9)}]
    short_weights, long_weights = _weights(notes)[:2]
    typical = short_weights[1] / short_weights[2]
    assert long_weights[1] / long_weights[2] > 1.5 * typical
    assert long_weights[2] > 0  # said once, but said: it still weighs


def _gamma(rare_terms_repeated: bool, n_terms: int = 400) -> float:
    """gamma of a vault where half the shared terms are rare by the prior (info 12) and
    half common (info 2), and the notes repeat the rare half or the common half."""
    notes: list[dict[int, tuple[int, float]]] = [{} for _ in range(20)]
    for term in range(n_terms):
        rare = term % 2 == 0
        count = 5 if rare == rare_terms_repeated else 1
        for note in (term % 20, (term + 7) % 20):
            notes[note][term] = (count, 12.0 if rare else 2.0)
    indptr, terms, text_tf, fence_tf, info = _vault(notes)
    return vault_rarity(indptr, terms, text_tf, fence_tf, info, n_terms).gamma


def test_the_prior_counts_as_far_as_it_agrees_with_what_the_notes_repeat() -> None:
    """Where the notes repeat the words the prior calls rare (tool names), the prior keeps
    its full say; where they repeat ordinary words (long prose), it counts for little."""
    assert _gamma(rare_terms_repeated=True) == pytest.approx(1.0)
    assert _gamma(rare_terms_repeated=False) < 0.25


def test_a_small_vault_keeps_the_prior_whatever_its_few_terms_say() -> None:
    """Six shared terms are too few to overrule the prior: gamma stays near 1."""
    assert _gamma(rare_terms_repeated=False, n_terms=6) > 0.9


def test_a_stopword_of_the_vaults_languages_gets_no_weight_from_repeats() -> None:
    """Term 1 is repeated by the notes that have it, as a Spanish note read as another
    language repeats "de": marked as a stopword of a language of the vault, it weighs as
    term 2, said once in each, instead of leading the note's vector."""
    filler = {10 + k: (1, 5.0) for k in range(4)}
    notes = [{1: (1, 5.0), 2: (1, 5.0), **filler}]
    notes += [{1: (6, 5.0), 2: (1, 5.0), **filler} for _ in range(3)]
    notes += [dict(filler) for _ in range(4)]
    indptr, terms, text_tf, fence_tf, info = _vault(notes)
    function_words = np.zeros(int(terms.max()) + 1, dtype=bool)
    function_words[1] = True
    weight = vault_weights(indptr, terms, text_tf, fence_tf, info, len(function_words),
                           function_words)  # fmt: skip
    first = dict(zip(terms[: indptr[1]].tolist(), weight[: indptr[1]].tolist(), strict=True))
    assert first[1] == pytest.approx(first[2])
    assert _weights(notes)[0][1] > first[1]  # unmarked, its repeats count


def test_function_terms_are_the_stopwords_of_the_vaults_languages() -> None:
    vocab = ["de", "que", "the", "paquet", "maintenance"]
    assert function_terms(vocab, ["en", "es"]).tolist() == [True, True, True, False, False]
    assert function_terms(vocab, ["en"]).tolist() == [False, False, True, False, False]
