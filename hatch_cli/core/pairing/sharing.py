"""What every pair of a long list shares, found for all pairs at once. Pure.

``hatch pairs --limit 0`` lists every pair that scores: hundreds of thousands on a vault
of a thousand notes. Describing them one at a time (``similarity.shared_keywords``, the
near-duplicate check of ``overlap``) cost about a millisecond a pair. Here the same
answers come from array operations over the whole list:

* the terms two notes share are the pairs of notes in each term's column of the
  vectors: one join over the vault's terms, not a loop over pairs;
* which shared terms can be named (not only in link targets, informative in the notes'
  language) is a lookup a (note, term) or a (language, term);
* a pair whose shared words make phrases both notes use goes through
  ``similarity.drop_subsumed`` in Python, the one rule, on those words only (the others
  carry through it unchanged), or, with one phrase, through that rule's short form
  (``_one_phrase``); the rest are sorted, cut and floored as arrays;
* near-duplicates are the pairs whose notes share enough runs of five words: a sparse
  product of notes by the runs more than one note has.

The answer is the one the pair-by-pair rule gives (``tests/test_pairs_all.py`` checks it
on the golden vaults and the dev corpora); runs are compared by 64-bit hashes, so two
different runs count as one only when their hashes collide (about one chance in 10^8 for
a vault's million runs).

Why it is long: it is one rule (``similarity.shared_keywords``) said again for arrays,
step by step, with each note's facts it reads; split, each part would make sense only
beside the others.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hatch_cli.core.pairing.keywords import nameable
from hatch_cli.core.pairing.overlap import DUPLICATE_SHARE, MIN_SHARED, note_runs
from hatch_cli.core.pairing.shown import shown_terms
from hatch_cli.core.pairing.similarity import (
    MIN_SHARED_CONTRIBUTION,
    SUBSUMED_RATIO,
    drop_subsumed,
)
from hatch_cli.core.pairing.vectors import term_order

if TYPE_CHECKING:
    from hatch_cli.core.pairing.vectors import Vectors
    from hatch_cli.core.reading.terms import NoteTerms

#: Shared keywords listed per pair, at most (``reports.SHARED_LIMIT``, which the caller passes).
Surfaces = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class NoteFacts:
    """What one note brings to the description of its pairs, for the terms that can be
    named: its candidate terms (``candidates``: the vault's terms of the note) and the
    phrases made only of them, each with its count and how the note writes it; those it
    mostly writes as code; those only its link targets have (never named); and the
    hashes of its runs of five words (``overlap``)."""

    counts: dict[str, int]
    surfaces: dict[str, Surfaces]
    code: frozenset[str]
    hidden: frozenset[str]
    runs: tuple[int, ...]

    @classmethod
    def of(
        cls, terms: NoteTerms | None, said: NoteTerms | None, candidates: Iterable[str]
    ) -> NoteFacts:
        """The facts of a note read again without its sentences (``terms``: what
        ``similarity`` is given) and with them (``said``: what ``overlap`` is given); None
        for a note that can't be read now (``unread``)."""
        if terms is None:
            return cls({}, {}, frozenset(), frozenset(), ())
        words = set(candidates)
        kept = [
            term
            for term in terms.counts
            if term in words or (" " in term and all(part in words for part in term.split(" ")))
        ]
        surfaces = {term: folded(terms.surfaces[term]) for term in kept if term in terms.surfaces}
        return cls(
            counts={term: terms.counts[term] for term in kept},
            surfaces=surfaces,
            code=frozenset(term for term in kept if terms.is_code(term)),
            hidden=frozenset(terms.linked_only() & words),
            runs=run_hashes(note_runs(said)) if said is not None else (),
        )

    @classmethod
    def unread(cls, counts: Mapping[str, int]) -> NoteFacts:
        """A note that can no longer be read: its counts as the vault read them, nothing
        else (as ``ranking.PairDescriber`` takes it)."""
        return cls(dict(counts), {}, frozenset(), frozenset(), ())


def folded(written: Mapping[str, int]) -> Surfaces:
    """How a note writes a term, sorted; a word and its capitalised form at a sentence
    start ("data", "Data") as the word alone, with both counts: ``display_form`` counts
    them so, whatever another note writes (it gives the capitalised form's votes to the
    word), and most pairs then have one way of writing each term they share."""
    if len(written) == 2:
        first, second = sorted(written)  # "Data" < "data"
        if second == first.lower() and first == second[:1].upper() + second[1:]:
            return ((second, written[first] + written[second]),)
    return tuple(sorted(written.items()))


def run_hashes(runs: Iterable[tuple[str, ...]]) -> tuple[int, ...]:
    """Each run of words as a 64-bit hash, sorted."""
    found = {
        int.from_bytes(hashlib.blake2b("\0".join(run).encode(), digest_size=8).digest(), "little")
        for run in runs
    }
    return tuple(sorted(found))


@dataclass(frozen=True)
class Shared:
    """What each pair of a list shares: pair ``i``'s listed terms are
    ``shown[offsets[i]:offsets[i+1]]`` (strongest first, as the notes write them), each
    marked in ``code`` when either note writes it as code; ``duplicate`` marks
    near-duplicates."""

    offsets: Any
    shown: list[str]
    code: list[bool]
    duplicate: Any


def share_all(
    vectors: Vectors,
    a: Any,
    b: Any,
    facts: Sequence[NoteFacts],
    langs: Sequence[str],
    limit: int,
) -> Shared:
    """What each pair (``a[i]``, ``b[i]``) shares, as ``similarity.shared_keywords`` says
    pair by pair (its first ``limit`` terms, shown as ``terms.shared_display`` shows
    them), and whether they are near-duplicates (``overlap.duplicates``). ``facts`` and
    ``langs`` are each note's, by row."""
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    n_notes = len(vectors.indptr) - 1
    low, high = np.minimum(a, b), np.maximum(a, b)
    index = _PairIndex(low * n_notes + high)

    # Every (pair, term) both vectors hold and either note's language can name, with the
    # term's share of the score, by pair, strongest first (ties by term).
    left, right, pair = _shared_entries(vectors, index, low, high, n_notes)
    hidden, named = _entry_masks(vectors, facts, langs)
    keep = (pair >= 0) & ~(hidden[left] | hidden[right]) & (named[left] | named[right])
    left, right, pair = left[keep], right[keep], pair[keep]
    term = vectors.terms[left].astype(np.int64)
    weight = vectors.weights[left] * vectors.weights[right]
    names = _Names(vectors.vocab)
    order = np.lexsort((names.rank[term], -weight, pair))
    pair, term, weight = pair[order], term[order], weight[order]

    phrased, words = _phrase_pairs(vectors, facts, index, pair, term, n_notes)
    if phrased:
        pair, term, weight = _with_phrases(
            names, facts, low, high, pair, term, weight, phrased, words
        )  # fmt: skip
    item_pair, item_name = _listed(vectors, low, high, pair, term, weight, limit)
    # How each listed term is shown, a block of items at a time: each item's answer is its
    # own, and blocks of arrays the allocator reuses cost fewer fresh pages than arrays
    # of every item (seconds of system time on gov-dev's 1.95 million items).
    shown: list[str] = []
    code = []
    for start in range(0, len(item_pair), SHOWN_BLOCK):
        block = slice(start, start + SHOWN_BLOCK)
        at = item_pair[block]
        found = shown_terms(low[at], high[at], item_name[block], names.names, facts)
        shown += found[0]
        code += found[1].tolist()
    offsets = np.zeros(len(a) + 1, dtype=np.int64)
    np.cumsum(np.bincount(item_pair, minlength=len(a)), out=offsets[1:])
    duplicate = _duplicates(facts, low, high)
    return Shared(offsets=offsets, shown=shown, code=code, duplicate=duplicate)


class _Names:
    """The vault's terms, then the phrases pairs share: each name's id and its rank in
    sorted order (the tie-break of ``similarity``)."""

    def __init__(self, vocab: Sequence[str]) -> None:
        self.names = list(vocab)
        self.rank = term_order(vocab)
        self.phrases: dict[str, int] = {}

    def phrase(self, text: str) -> int:
        found = self.phrases.get(text)
        if found is None:
            found = self.phrases[text] = len(self.names)
            self.names.append(text)
        return found

    def ranked(self) -> Any:
        """The rank of every name, phrases included."""
        if not self.phrases:
            return self.rank
        return term_order(self.names)


#: Listed terms shown at once (``shown_terms``): its arrays stay under about 10 MiB.
SHOWN_BLOCK = 1 << 18

#: The join by term is used while it meets at most this many times the entries of the
#: listed pairs' rows: a vault whose notes all share common words, asked for its few best
#: pairs, would otherwise meet every pair of notes to keep a few.
JOIN_MAX_SHARE = 4


def _shared_entries(
    vectors: Vectors, index: _PairIndex, low: Any, high: Any, n_notes: int
) -> tuple[Any, Any, Any]:
    """Every (pair, term) both vectors hold, as positions into the vectors of its two
    entries and the pair's place in the list: by a join over each term's column when
    that is cheaper, else from the rows of each listed pair."""
    _, per_term = np.unique(vectors.terms, return_counts=True)
    sizes = np.diff(vectors.indptr)
    rows_cost = int(sizes[low].sum() + sizes[high].sum())
    if int((per_term * (per_term - 1) // 2).sum()) <= JOIN_MAX_SHARE * max(1, rows_cost):
        left, right = _column_pairs(vectors.terms, vectors.rows)
        pair = index.find(vectors.rows[left] * n_notes + vectors.rows[right])
        found = pair >= 0
        return left[found], right[found], pair[found]
    # Each listed pair's two rows, keyed by (pair, term): a key twice is a shared term.
    entries = []
    for side in (low, high):
        start = vectors.indptr[side]
        at = np.repeat(start, sizes[side]) + _ramp(sizes[side])
        entries.append((np.repeat(np.arange(len(side)), sizes[side]), at))
    pair = np.concatenate([entries[0][0], entries[1][0]])
    at = np.concatenate([entries[0][1], entries[1][1]])
    key = pair * max(1, len(vectors.vocab)) + vectors.terms[at]
    order = np.argsort(key, kind="stable")  # the low note's entry first
    key, at, pair = key[order], at[order], pair[order]
    twice = np.flatnonzero(key[1:] == key[:-1])
    return at[twice], at[twice + 1], pair[twice]


class _PairIndex:
    """Where each pair key (``low * n + high``) is in the list, -1 for none."""

    def __init__(self, keys: Any) -> None:
        self.order = np.argsort(keys, kind="stable")
        self.sorted = keys[self.order]

    def find(self, keys: Any) -> Any:
        if not len(self.sorted):
            return np.full(len(keys), -1, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.sorted, keys), len(self.sorted) - 1)
        return np.where(self.sorted[at] == keys, self.order[at], -1)


def _column_pairs(columns: Any, rows: Any) -> tuple[Any, Any]:
    """Every two entries with the same column (``columns``), as positions into it: the
    lower row first. A column of ``d`` entries gives ``d * (d - 1) / 2`` of them."""
    order = np.lexsort((rows, columns))
    sorted_columns = columns[order]
    starts = np.flatnonzero(np.r_[True, sorted_columns[1:] != sorted_columns[:-1]])
    ends = np.r_[starts[1:], len(order)]
    end_of = np.repeat(ends, ends - starts)
    after = end_of - np.arange(len(order)) - 1  # entries after each one in its column
    total = int(after.sum())
    if not total:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    first = np.repeat(np.arange(len(order)), after)
    return order[first], order[first + _ramp(after) + 1]


def _entry_masks(
    vectors: Vectors, facts: Sequence[NoteFacts], langs: Sequence[str]
) -> tuple[Any, Any]:
    """Of each entry of the vectors: whether only its note's link targets have the term
    (never named), and whether the term can be named in its note's language."""
    vocab, rows, terms = vectors.vocab, vectors.rows.tolist(), vectors.terms.tolist()
    hidden = np.fromiter(
        (vocab[t] in facts[r].hidden for r, t in zip(rows, terms, strict=True)),
        dtype=bool, count=len(terms),
    )  # fmt: skip
    told: dict[tuple[int, str], bool] = {}
    named = np.empty(len(terms), dtype=bool)
    for at, (row, term) in enumerate(zip(rows, terms, strict=True)):
        key = (term, langs[row])
        found = told.get(key)
        if found is None:
            found = told[key] = nameable(vocab[term], langs[row])
        named[at] = found
    return hidden, named


def _phrase_pairs(
    vectors: Vectors, facts: Sequence[NoteFacts], index: _PairIndex,
    pair: Any, term: Any, n_notes: int,
) -> tuple[dict[int, list[str]], Any]:  # fmt: skip
    """The phrases each pair's notes both use whose words are all terms the pair can name
    (``similarity._shared_phrases``), shortest first, by pair; and the keys
    (``pair * len(vocab) + term``) of the words in them."""
    vocab_size = max(1, len(vectors.vocab))
    ids: dict[str, int] = {}
    phrase_ids: dict[str, int] = {}
    rows: list[int] = []
    found: list[int] = []
    for row, note in enumerate(facts):
        start, end = int(vectors.indptr[row]), int(vectors.indptr[row + 1])
        own = {vectors.vocab[t]: t for t in vectors.terms[start:end].tolist()}
        for phrase in note.counts:
            if " " in phrase and all(word in own for word in phrase.split(" ")):
                rows.append(row)
                found.append(phrase_ids.setdefault(phrase, len(phrase_ids)))
                for word in phrase.split(" "):
                    ids[word] = own[word]
    none = np.zeros(0, dtype=np.int64)
    if not found:
        return {}, none
    phrase_rows, phrase_of = np.asarray(rows, dtype=np.int64), np.asarray(found, dtype=np.int64)
    left, right = _column_pairs(phrase_of, phrase_rows)
    at = index.find(phrase_rows[left] * n_notes + phrase_rows[right])
    at, phrase_of = at[at >= 0], phrase_of[left][at >= 0]
    phrases = list(phrase_ids)
    words = [[ids[word] for word in phrase.split(" ")] for phrase in phrases]
    lengths = np.asarray([len(group) for group in words], dtype=np.int64)
    flat = np.asarray([w for group in words for w in group], dtype=np.int64)
    starts = np.cumsum(lengths) - lengths
    each = np.repeat(np.arange(len(at)), lengths[phrase_of])
    word_of = flat[np.repeat(starts[phrase_of], lengths[phrase_of]) + _ramp(lengths[phrase_of])]
    keys = at[each] * vocab_size + word_of
    named = np.sort(pair * vocab_size + term)
    spot = np.minimum(np.searchsorted(named, keys), max(0, len(named) - 1))
    present = named[spot] == keys if len(named) else np.zeros(len(keys), dtype=bool)
    whole = np.bincount(each[~present], minlength=len(at)) == 0
    by_pair: dict[int, list[str]] = {}
    for where, phrase in zip(at[whole].tolist(), phrase_of[whole].tolist(), strict=True):
        by_pair.setdefault(where, []).append(phrases[phrase])
    for found_phrases in by_pair.values():
        found_phrases.sort(key=lambda phrase: (phrase.count(" "), phrase))
    return by_pair, np.unique(keys[whole[each]])


def _ramp(lengths: Any) -> Any:
    """0, 1, ..., n - 1 for each n of ``lengths``, concatenated."""
    total = int(lengths.sum())
    return np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)


def _with_phrases(
    names: _Names, facts: Sequence[NoteFacts], low: Any, high: Any, pair: Any, term: Any,
    weight: Any, phrased: dict[int, list[str]], words: Any,
) -> tuple[Any, Any, Any]:  # fmt: skip
    """The entries after ``similarity.drop_subsumed`` on each pair with shared phrases,
    run on the words of its phrases only (a word no phrase holds carries through it
    unchanged): the words a phrase explains out, the phrases in with their weight."""
    vocab_size = max(1, len(names.names))  # no phrase is named yet: the vault's terms
    touched = np.fromiter(phrased, dtype=np.int64, count=len(phrased))
    involved = np.flatnonzero(np.isin(pair, touched))
    involved = involved[np.isin(pair[involved] * vocab_size + term[involved], words)]
    single = np.isin(pair[involved], [at for at, found in phrased.items() if len(found) == 1])
    dropped, added = _one_phrase(
        names, facts, low, high, involved[single], pair, term, weight, phrased
    )  # fmt: skip
    involved = involved[~single]
    pairs, terms = pair[involved].tolist(), term[involved].tolist()
    weights = weight[involved].tolist()
    start = 0
    while start < len(pairs):
        where, end = pairs[start], start
        while end < len(pairs) and pairs[end] == where:
            end += 1
        items = [(names.names[t], weights[at]) for at, t in enumerate(terms[start:end], start)]
        counts = (facts[int(low[where])].counts, facts[int(high[where])].counts)
        phrases = phrased[where]
        merged = drop_subsumed([*items, *((phrase, 0.0) for phrase in phrases)], counts)
        kept = {item for item, _ in merged}
        for at, (item, _) in enumerate(items, start):
            if item not in kept:  # explained by a phrase
                dropped.append(int(involved[at]))
        added += [(where, names.phrase(item), w) for item, w in merged if item in phrases]
        start = end
    keep = np.ones(len(pair), dtype=bool)
    keep[dropped] = False
    extra = np.asarray(added, dtype=np.float64).reshape(-1, 3)
    names.rank = names.ranked()  # the vault's terms keep their order among themselves
    # Only the pairs with a phrase are sorted again; the others stay as they were, and
    # the two runs, each in pair order, are merged.
    again = np.isin(pair, touched)  # (no entry of the other pairs was dropped)
    redo = [
        np.concatenate([pair[again & keep], extra[:, 0].astype(np.int64)]),
        np.concatenate([term[again & keep], extra[:, 1].astype(np.int64)]),
        np.concatenate([weight[again & keep], extra[:, 2]]),
    ]
    order = np.lexsort((names.rank[redo[1]], -redo[2], redo[0]))
    pair, term, weight = (
        np.concatenate([column[~again], redone[order]])
        for column, redone in zip((pair, term, weight), redo, strict=True)
    )
    by_pair = np.argsort(pair, kind="stable")  # two runs in pair order: one merge
    return pair[by_pair], term[by_pair], weight[by_pair]


def _one_phrase(
    names: _Names, facts: Sequence[NoteFacts], low: Any, high: Any, involved: Any,
    pair: Any, term: Any, weight: Any, phrased: dict[int, list[str]],
) -> tuple[list[int], list[tuple[int, int, float]]]:  # fmt: skip
    """``drop_subsumed`` for the pairs that share one phrase (most of them), on the
    entries of its words (``involved``, by pair, strongest first), without the general
    rule's loops: no word explains another, so each word stays unless the phrase
    explains it (the phrase has two different words or more, and the notes use the word
    at most ``SUBSUMED_RATIO`` times as often as the phrase); the first word it
    explains gives it its weight and the others go; a phrase that explains none comes
    in with no weight. The entries to drop, and the phrases to add."""
    where, words = pair[involved].tolist(), term[involved].tolist()
    explained = np.zeros(len(where), dtype=bool)
    totals: dict[int, int] = {}
    for at, (place, word) in enumerate(zip(where, words, strict=True)):
        phrase = phrased[place][0]
        counts = (facts[int(low[place])].counts, facts[int(high[place])].counts)
        whole = totals.get(place)
        if whole is None:
            distinct = len(set(phrase.split(" "))) > 1
            whole = sum(note.get(phrase, 0) for note in counts) if distinct else -1
            totals[place] = whole
        if whole >= 0:
            text = names.names[word]
            explained[at] = sum(note.get(text, 0) for note in counts) <= SUBSUMED_RATIO * whole
    # The first explained entry of each pair.
    place = np.asarray(where, dtype=np.int64)
    seen = np.cumsum(explained)
    starts = np.flatnonzero(np.r_[True, place[1:] != place[:-1]]) if len(place) else place
    before = np.repeat(seen[starts] - explained[starts], np.diff(np.r_[starts, len(place)]))
    first = explained & (seen - before == 1)
    given = dict(zip(place[first].tolist(), weight[involved[first]].tolist(), strict=True))
    added = [
        (at, names.phrase(phrased[at][0]), given.get(at, 0.0))
        for at in dict.fromkeys(where)
    ]
    return involved[explained].tolist(), added


def _floor(vectors: Vectors, low: Any, high: Any) -> Any:
    """``similarity.naming_floor`` of each pair."""
    sizes = np.diff(vectors.indptr).astype(np.float64)
    product = sizes[low] * sizes[high]
    return np.where(product > 0, 1.0 / np.sqrt(np.where(product > 0, product, 1.0)), 0.0)


def _listed(
    vectors: Vectors, low: Any, high: Any, pair: Any, term: Any, weight: Any, limit: int
) -> tuple[Any, Any]:
    """The listed (pair, term) entries, by pair, strongest first: those carrying at least
    ``MIN_SHARED_CONTRIBUTION`` of the score, none of a pair whose strongest is under
    the naming floor, ``limit`` a pair at most."""
    kept = weight >= MIN_SHARED_CONTRIBUTION
    pair, term, weight = pair[kept], term[kept], weight[kept]
    starts = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]]) if len(pair) else pair
    strongest = np.zeros(len(low), dtype=bool)
    if len(starts):
        floors = _floor(vectors, low[pair[starts]], high[pair[starts]])
        strongest[pair[starts]] = weight[starts] >= floors
    position = np.arange(len(pair)) - np.repeat(starts, np.diff(np.r_[starts, len(pair)]))
    listed = strongest[pair] & (position < limit)
    return pair[listed], term[listed]


def _duplicates(facts: Sequence[NoteFacts], low: Any, high: Any) -> Any:
    """``overlap.duplicates`` of each pair: a sparse product of notes by the runs more
    than one of them has."""
    from scipy import sparse  # type: ignore[import-untyped]

    n_notes = len(facts)
    sizes = np.asarray([len(note.runs) for note in facts], dtype=np.int64)
    if not len(low) or not sizes.sum():
        return np.zeros(len(low), dtype=bool)
    runs = np.fromiter((run for note in facts for run in note.runs), dtype=np.uint64)
    rows = np.repeat(np.arange(n_notes), sizes)
    unique, column, many = np.unique(runs, return_inverse=True, return_counts=True)
    common = many[column] > 1
    if not common.any():
        return np.zeros(len(low), dtype=bool)
    matrix = sparse.csr_matrix(
        (np.ones(int(common.sum()), dtype=np.int64), (rows[common], column[common])),
        shape=(n_notes, len(unique)),
    )
    shared_runs = matrix @ matrix.T
    shared = np.asarray(shared_runs[low, high]).ravel()
    fewer = np.minimum(sizes[low], sizes[high])
    return (shared >= MIN_SHARED) & (shared >= DUPLICATE_SHARE * fewer)
