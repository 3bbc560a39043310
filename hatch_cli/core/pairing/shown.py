"""How the terms many pairs share are shown, for all of them at once. Pure.

A listed term is shown as its two notes together most often write it
(``terms.shared_display``, by ``terms.display_form``'s rule). Every pair of a vault
(``sharing``) lists millions of terms; asking the rule in Python for each took most of
the time, so here it runs on arrays: every way each note writes each listed term, merged
for the two notes of the item, grouped by case-folded spelling (the group written most
often wins, ties to the first in order), and within the group each spelling's votes (a
capitalised word at a sentence start votes for its lowercase form when the group has it),
the most votes winning, ties to an all-capitals form, then a lowercase one, then the first
in order. ``tests/test_pairs_all.py`` checks it against the rule pair by pair.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any, Protocol

import numpy as np


class Written(Protocol):
    """How a note writes its terms (``sharing.NoteFacts`` is one): each term's spellings
    with their counts, and the terms it mostly writes as code."""

    @property
    def surfaces(self) -> Mapping[str, tuple[tuple[str, int], ...]]: ...

    @property
    def code(self) -> AbstractSet[str]: ...


def shown_terms(
    low: Any, high: Any, name: Any, names: Sequence[str], facts: Sequence[Written]
) -> tuple[list[str], Any]:
    """Each item (the term ``names[name[i]]`` two notes ``low[i]``, ``high[i]`` share):
    how they together write it, and whether either writes it as code."""
    n_names = max(1, len(names))
    low_keys, high_keys = low * n_names + name, high * n_names + name
    # Only the (note, term) of some item: far fewer than every term of every note.
    forms: dict[str, int] = {}
    keys: list[int] = []
    form_of: list[int] = []
    counts: list[int] = []
    code_keys: list[int] = []
    for key in np.unique(np.concatenate([low_keys, high_keys])).tolist():
        note, term = facts[key // n_names], names[key % n_names]
        if term in note.code:
            code_keys.append(key)
        for text, count in note.surfaces.get(term, ()):
            keys.append(key)
            form_of.append(forms.setdefault(text, len(forms)))
            counts.append(count)
    code_sorted = np.asarray(code_keys, dtype=np.int64)  # sorted: the keys were
    code = _member(low_keys, code_sorted) | _member(high_keys, code_sorted)
    if not forms:
        return [names[at] for at in name.tolist()], code
    table = np.asarray(keys, dtype=np.int64)  # sorted: the keys were
    form_ids = np.asarray(form_of, dtype=np.int64)
    amounts = np.asarray(counts, dtype=np.int64)
    # Where each item's spellings are in the table, for each note.
    starts, sizes, firsts = [], [], []
    for side in (low_keys, high_keys):
        start = np.searchsorted(table, side, side="left")
        starts.append(start)
        sizes.append(np.searchsorted(table, side, side="right") - start)
        firsts.append(np.where(sizes[-1] > 0, form_ids[np.minimum(start, len(table) - 1)], -1))
    # Most items are written one way by each note that writes them, the same way: that
    # spelling is the rule's answer, whatever its counts.
    simple = (sizes[0] <= 1) & (sizes[1] <= 1)
    simple &= (sizes[0] == 0) | (sizes[1] == 0) | (firsts[0] == firsts[1])
    winner = np.where(sizes[0] == 1, firsts[0], firsts[1])  # -1: neither writes it
    # The others: every way each is written, the entries of both notes.
    rest = np.flatnonzero(~simple)
    parts: list[tuple[Any, Any, Any]] = []
    for start, size in zip(starts, sizes, strict=True):
        start, size = start[rest], size[rest]
        at = np.repeat(start, size) + _ramp(size)
        parts.append((np.repeat(np.arange(len(rest)), size), form_ids[at], amounts[at]))
    merged = [np.concatenate([part[i] for part in parts]) for i in range(3)]
    winner[rest] = _display_forms(merged[0], merged[1], merged[2], list(forms), len(rest))
    texts = [*forms, *names]  # a spelling, or the term itself when neither note has one
    at = np.where(winner >= 0, winner, len(forms) + name)
    return list(map(texts.__getitem__, at.tolist())), code


def _display_forms(item: Any, form: Any, count: Any, texts: list[str], n_items: int) -> Any:
    """``display_form`` of each item's merged spellings, as form ids (-1: none). The
    spellings are numbered in the order the rule breaks ties in (case-folded group, then
    the spelling), so that one sort by (item, number) lines up each item's groups and
    spellings in that order; the rest are sums and maxima over runs."""
    if not len(item):
        return np.zeros(n_items, dtype=np.int64) - 1
    cased = _Spellings(texts)
    n_forms = len(texts)
    by_rule = np.lexsort((cased.rank, cased.fold_rank[cased.fold]))  # the distinct spellings
    place = np.empty(n_forms, dtype=np.int64)
    place[by_rule] = np.arange(n_forms)
    # Sum each (item, spelling) over the two notes.
    key = item * n_forms + place[form]
    order = np.argsort(key)
    key = key[order]
    starts = _run_starts(key)
    count = np.add.reduceat(count[order], starts)
    key = key[starts]
    item, form = key // n_forms, by_rule[key % n_forms]
    # The group (case-folded spelling) written most often, ties to the first folded one.
    fold = cased.fold[form]
    group_start = np.flatnonzero(np.r_[True, (item[1:] != item[:-1]) | (fold[1:] != fold[:-1])])
    group_item = item[group_start]
    best = group_start[_first_most(group_item, np.add.reduceat(count, group_start))]
    won = np.zeros(n_items, dtype=np.int64) - 1
    won[item[best]] = fold[best]
    keep = won[item] == fold
    item, form, count, key = item[keep], form[keep], count[keep], key[keep]
    # Votes: a capitalised spelling at a sentence start votes for its lowercase form when
    # the group has it.
    lower = cased.lower[form]
    has_lower = _member(item * n_forms + place[np.maximum(lower, 0)], key)
    voter = np.where(cased.capital[form] & (lower >= 0) & has_lower, lower, form)
    key = item * n_forms + place[voter]
    order = np.argsort(key)
    key = key[order]
    starts = _run_starts(key)
    votes = np.add.reduceat(count[order], starts)
    item, voter = key[starts] // n_forms, by_rule[key[starts] % n_forms]
    # The most votes, ties to an all-capitals spelling, then a lowercase one, then the
    # first in order.
    tie = (~cased.upper[voter]).astype(np.int64) * 2 + ~cased.lowercase[voter]
    ranked = (votes - votes.max()) * (4 * n_forms) - tie * n_forms - cased.rank[voter]
    best = _first_most(item, ranked)
    winner = np.zeros(n_items, dtype=np.int64) - 1
    winner[item[best]] = voter[best]
    return winner


def _run_starts(key: Any) -> Any:
    """Where each run of equal values of a sorted array starts."""
    return np.flatnonzero(np.r_[True, key[1:] != key[:-1]])


def _first_most(item: Any, value: Any) -> Any:
    """For each run of equal ``item`` (sorted), where its first greatest ``value`` is."""
    starts = _run_starts(item)
    most = np.maximum.reduceat(value, starts)
    hit = np.flatnonzero(value == np.repeat(most, np.diff(np.r_[starts, len(item)])))
    return hit[_run_starts(item[hit])]


class _Spellings:
    """What ``display_form`` asks of each spelling, as arrays by form id."""

    def __init__(self, texts: list[str]) -> None:
        folds = [text.casefold() for text in texts]
        fold_ids: dict[str, int] = {}
        self.fold = np.asarray(
            [fold_ids.setdefault(f, len(fold_ids)) for f in folds], dtype=np.int64
        )
        ordered = sorted(fold_ids)
        rank_of = {text: at for at, text in enumerate(ordered)}
        self.fold_rank = np.asarray([rank_of[f] for f in fold_ids], dtype=np.int64)
        ids = {text: at for at, text in enumerate(texts)}
        lowers = [text.lower() for text in texts]
        self.lower = np.asarray([ids.get(low, -1) for low in lowers], dtype=np.int64)
        self.capital = np.asarray(
            [text == low[:1].upper() + low[1:] for text, low in zip(texts, lowers, strict=True)],
            dtype=bool,
        )
        self.upper = np.asarray([text.isupper() for text in texts], dtype=bool)
        self.lowercase = np.asarray(
            [text == low for text, low in zip(texts, lowers, strict=True)], dtype=bool
        )
        order = sorted(range(len(texts)), key=texts.__getitem__)
        self.rank = np.empty(len(texts), dtype=np.int64)
        self.rank[order] = np.arange(len(texts))


def _member(keys: Any, sorted_keys: Any) -> Any:
    """Whether each key is in ``sorted_keys``."""
    if not len(sorted_keys):
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return sorted_keys[at] == keys


def _ramp(lengths: Any) -> Any:
    """0, 1, ..., n - 1 for each n of ``lengths``, concatenated."""
    total = int(lengths.sum())
    return np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
