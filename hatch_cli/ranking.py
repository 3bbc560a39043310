"""A read vault -> ranked ``NotePair``s and per-note keywords: the pipeline behind
``hatch pairs``, ``hatch keywords`` and ``hatch ideas``, between the vault stage (a
``Vault``) and the pure core's pairing stage (``core.pairing``: ``vectors``, ``topk``,
``similarity``, ``links``).

Not pure only because a listed pair's keywords are shown as its notes write them, and
surface forms are read again for the few notes listed (``Vault.terms_of``, or for every
note, through the cache, ``vault.term_forms``).

What needs numpy (``vectors``, ``topk``, ``reuse``, ``hybrid``, ``products``, the ranking
memo) is imported in the function that uses it: ``hatch keywords`` on files weighs each
note alone and needs none of them.

Why it is long: a ranking is asked for its pairs in three ways (the best few described
one at a time, every pair described at once, a rerun's from the last run's), and they
share its vectors, links and memo.
"""

from __future__ import annotations

import dataclasses
import os
from typing import TYPE_CHECKING, Any

from hatch_cli.core.pairing import links
from hatch_cli.core.pairing.keywords import VECTOR_SIZE, note_keywords, renormed, shown_terms
from hatch_cli.core.pairing.overlap import duplicates, note_runs
from hatch_cli.core.pairing.similarity import shared_keywords
from hatch_cli.core.reading.terms import shared_display
from hatch_cli.errors import NoteError, UsageError
from hatch_cli.models import Keyword
from hatch_cli.reports import SHARED_LIMIT, NoteKeywords, NotePair, PairColumns, changed_note
from hatch_cli.timings import phase
from hatch_cli.vault import note_facts, term_forms

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from hatch_cli.core.pairing.rarity import Rarity
    from hatch_cli.core.pairing.reuse import Previous
    from hatch_cli.core.pairing.topk import Candidate
    from hatch_cli.core.pairing.vectors import Vectors
    from hatch_cli.core.reading.terms import NoteTerms
    from hatch_cli.reports import SkippedNote
    from hatch_cli.vault import NoteCache, Vault


class Ranking:
    """A read vault with its vectors and links: ranks its pairs and describes them.

    The vectors and the link graph are built once, however many questions are asked
    (``hatch ideas`` ranks candidates, compares notes, then describes the chosen few).
    With ``embeddings`` (``embedding.vault_embeddings``), pairs are ranked by the hybrid score
    of words and meaning (``core.pairing.hybrid``, ``weight`` on meaning) and each keeps its two
    parts. Notes are looked up by path only in ``describe`` and ``similarity``, which
    ``hatch ideas`` asks, whose notes are shown by their own paths (``ideas.vault_without``
    leaves out the others), so one path is one note there."""

    def __init__(
        self,
        vault: Vault,
        embeddings: Any = None,
        weight: float = 0.0,
        cache: NoteCache | None = None,
    ) -> None:
        from hatch_cli.vault import ranking_memo  # numpy: see the docstring

        self.vault = vault
        # With a cache, the last ranking of this vault (``ranking_memo``): its vectors, if
        # the vault did not change, and its candidate pairs.
        self.cache = cache if embeddings is None else None
        self.previous: Previous | None = None
        self.again: Any = None  # with ``previous``, the notes weighed again (the rest kept)
        with phase("weigh"):
            self.memo = ranking_memo.load(self.cache, vault) if self.cache is not None else None
            self.same = self.memo is not None and ranking_memo.same_vault(self.memo, vault)
            if self.memo is not None and self.same:
                self.vectors = ranking_memo.vectors_of(self.memo, vault)
                self.rarity: Rarity | None = None
            else:
                if self.memo is not None:
                    self.previous = ranking_memo.previous_of(self.memo, vault)
                self.vectors, self.rarity, self.again = vectors_and_rarity(
                    vault, previous=self.previous
                )
        self.embeddings = embeddings
        self.weight = weight
        self.linked = links.linked_pairs(vault.paths, vault.titles, vault.links)
        self.rows = {path: row for row, path in enumerate(vault.paths)}
        self._describer = PairDescriber(vault, self.vectors)
        self._similarity: dict[tuple[int, int], float] = {}

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

        if len(self.vault.paths) < 2:
            return []
        # The best N unlinked pairs are among the best N + (linked pairs) pairs.
        wanted = limit + len(self.linked) if unlinked and limit else limit
        with phase("rank"):
            found = self._ranked(wanted, min_score, row)
        if unlinked:
            found = [item for item in found if (item[0], item[1]) not in self.linked]
            if limit:
                found = found[:limit]
        with phase("describe"):
            return self._described(found, describe)

    def _described(
        self, found: list[tuple[int, int, float, tuple[float, float] | None]], describe: bool
    ) -> list[NotePair]:

        pairs: list[NotePair] = []
        for a, b, score, parts in found:
            linked = (a, b) in self.linked
            if describe:
                pair = self._describer(a, b, score, linked)
            else:
                pair = NotePair(
                    self.vault.paths[a], self.vault.paths[b], score, (), linked,
                    title_a=self.vault.titles[a], title_b=self.vault.titles[b],
                )  # fmt: skip
            if parts is not None:
                pair = dataclasses.replace(pair, lexical=parts[0], embedding=parts[1])
            pairs.append(pair)
        return pairs

    def every_pair(
        self, *, min_score: float = 0.0, row: int | None = None, unlinked: bool = False
    ) -> Iterator[PairColumns]:
        """Every pair scoring above ``min_score`` (of note ``row``'s pairs, if given), best
        first, each described as ``pairs`` describes it, but all at once
        (``core.pairing.sharing``, from each note's ``vault.note_facts``), as columns
        (``PairColumns``: iterating gives the ``NotePair``s): made when first asked for,
        for a caller that writes them as they come."""
        import numpy as np  # numpy: see the docstring

        from hatch_cli.core.pairing.products import every_pair  # numpy: see the docstring
        from hatch_cli.core.pairing.sharing import share_all

        if len(self.vault.paths) < 2:
            return
        with phase("rank"):
            parts = None
            if self.embeddings is not None or row is not None:
                found = self._ranked(0, min_score, row)
                a = np.asarray([item[0] for item in found], dtype=np.int64)
                b = np.asarray([item[1] for item in found], dtype=np.int64)
                score = np.asarray([item[2] for item in found], dtype=np.float64)
                if self.embeddings is not None:
                    parts = [item[3] for item in found]
            else:
                a, b, score = every_pair(self.vectors, min_score, workers=self.vault.workers)
            n_notes = len(self.vault.paths)
            linked_keys = np.asarray(
                sorted(x * n_notes + y for x, y in self.linked), dtype=np.int64
            )
            linked = np.isin(np.minimum(a, b) * n_notes + np.maximum(a, b), linked_keys)
            if unlinked:
                kept = ~linked
                a, b, score, linked = a[kept], b[kept], score[kept], linked[kept]
                if parts is not None:
                    parts = [part for part, no in zip(parts, kept.tolist(), strict=True) if no]
        with phase("describe"):
            shared = share_all(
                self.vectors, a, b, note_facts(self.vault), self.vault.langs, SHARED_LIMIT
            )
        yield PairColumns(
            paths=self.vault.paths, titles=self.vault.titles, a=a.tolist(), b=b.tolist(),
            score=score.tolist(), linked=linked.tolist(), duplicate=shared.duplicate.tolist(),
            offsets=shared.offsets.tolist(), shown=shared.shown, code=shared.code,
            lexical=None if parts is None else [part[0] for part in parts],  # type: ignore[index]
            embedding=None if parts is None else [part[1] for part in parts],  # type: ignore[index]
        )  # fmt: skip

    def _ranked(
        self, limit: int, min_score: float, row: int | None
    ) -> list[tuple[int, int, float, tuple[float, float] | None]]:
        """(a, b, score, the lexical and embedding parts with embeddings), best first."""
        from hatch_cli.core.pairing import hybrid, topk  # numpy: see the docstring

        if self.embeddings is not None:
            scored = hybrid.best_pairs(
                self.vectors, self.embeddings, weight=self.weight, limit=limit,
                min_score=min_score, row=row,
            )  # fmt: skip
            return [(s.a, s.b, s.score, (s.lexical, s.embedding)) for s in scored]
        if row is not None:
            found = topk.partners(self.vectors, row, limit=limit, min_score=min_score)
        elif self.cache is not None and limit:
            found = self._best_pairs_again(limit, min_score)
        else:
            workers = self.vault.workers
            found = topk.best_pairs(self.vectors, limit=limit, min_score=min_score, workers=workers)
        return [(c.a, c.b, c.score, None) for c in found]

    def _best_pairs_again(self, limit: int, min_score: float) -> list[Candidate]:
        """``topk.best_pairs``, from the last run's candidates when they prove the answer
        (``core.pairing.reuse``), and candidates kept for the next run (``ranking_memo``)."""
        from hatch_cli.core.pairing import reuse, topk  # numpy: see the docstring
        from hatch_cli.vault import ranking_memo  # numpy: see the docstring

        vault, vectors, memo = self.vault, self.vectors, self.memo
        assert self.cache is not None
        result = None
        if memo is not None:
            found = ranking_memo.previous_candidates(
                memo, vault, vectors, limit, min_score, self.same, self.previous, self.again
            )
            if found is not None:
                result = reuse.reuse_pairs(
                    vectors, found[0], found[1], limit=limit, min_score=min_score
                )
        if result is not None and self.same:
            return result[0]  # the same vault and the same pairs: nothing new to keep
        if result is None:
            best, candidates = topk.best_pairs_and_candidates(
                vectors, limit=limit, min_score=min_score, workers=vault.workers
            )
        else:
            best, candidates = result
        if ranking_memo.usable(vault):
            if memo is not None and self.same:
                kept = memo
            else:
                assert self.rarity is not None  # weighed in this run
                kept = ranking_memo.of(vault, vectors, self.rarity)
            if candidates is not None:
                kept.candidates[(limit, min_score)] = (
                    candidates.a, candidates.b, candidates.score, candidates.floor
                )  # fmt: skip
            ranking_memo.save(self.cache, vault, vectors, kept)
        return best

    def duplicate(self, pair: NotePair) -> bool:
        """Whether a pair's notes are near-duplicates (``core.pairing.overlap``): read again."""
        return self._describer.duplicates(self.rows[pair.a], self.rows[pair.b])

    def describe(self, pair: NotePair) -> NotePair:
        """``pair`` with its shared keywords."""
        described = self._describer(self.rows[pair.a], self.rows[pair.b], pair.score, pair.linked)
        return dataclasses.replace(described, lexical=pair.lexical, embedding=pair.embedding)

    def similarity(self, a: str, b: str) -> float:
        """The score of two notes of the vault (by path), listed or not."""
        import numpy as np  # numpy: see the docstring

        from hatch_cli.core.pairing import hybrid, products

        row_a, row_b = self.rows[a], self.rows[b]
        key = (min(row_a, row_b), max(row_a, row_b))
        known = self._similarity.get(key)
        if known is not None:  # choosing ideas asks about the same notes many times
            return known
        first, second = key
        lexical = products.exact_scores(self.vectors, [first], [second])
        if self.embeddings is None:
            score = float(lexical[0])
        else:
            meaning = np.dot(self.embeddings[first], self.embeddings[second])
            score = float(hybrid.mix(lexical, np.asarray([meaning]), self.weight)[0])
        self._similarity[key] = score
        return score


class PairDescriber:
    """Turns a ranked pair of rows into a ``NotePair``: paths, score, what they share.

    Each note's vector and its terms as read again (counts with phrases, surface forms)
    are fetched once, however many of the listed pairs it is in."""

    def __init__(self, vault: Vault, vectors: Vectors) -> None:
        self.vault = vault
        self.vectors = vectors
        self.rows: dict[int, tuple[dict[str, float], NoteTerms | None]] = {}
        self.runs: dict[int, frozenset[tuple[str, ...]]] = {}

    def _row(self, row: int) -> tuple[dict[str, float], NoteTerms | None]:
        from hatch_cli.core.pairing.vectors import row_vector  # numpy: see the docstring

        if row not in self.rows:
            self.rows[row] = (row_vector(self.vectors, row), self.vault.terms_of(row))
        return self.rows[row]

    def duplicates(self, a: int, b: int) -> bool:
        """Whether two notes say nearly the same thing (``core.pairing.overlap``)."""

        for row in (a, b):
            if row not in self.runs:  # its sentences, read apart from its surface forms
                terms = self.vault.terms_of(row, sentences=True)
                self.runs[row] = note_runs(terms) if terms is not None else frozenset()
        return duplicates(self.runs[a], self.runs[b])

    def __call__(self, a: int, b: int, score: float, linked: bool) -> NotePair:

        (vector_a, terms_a), (vector_b, terms_b) = self._row(a), self._row(b)
        counts = [
            terms.counts if terms is not None else self.vault.term_counts(row)
            for row, terms in ((a, terms_a), (b, terms_b))
        ]
        shared = shared_keywords(
            [vector_a, vector_b],
            counts,
            [self.vault.langs[a], self.vault.langs[b]],
            [terms.linked_only() for terms in (terms_a, terms_b) if terms is not None],
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
            title_a=self.vault.titles[a],
            title_b=self.vault.titles[b],
            duplicate=self.duplicates(a, b),
        )


def vault_vectors(vault: Vault, size: int | None = None) -> Vectors:
    """Every note's vector in the vault (``rarity.vault_weights``), ``size`` terms long."""
    return vectors_and_rarity(vault, size)[0]


def vectors_and_rarity(
    vault: Vault, size: int | None = None, previous: Previous | None = None
) -> tuple[Vectors, Rarity, Any]:
    """``vault_vectors``, the vault's rarity they were weighed with, and, when they were
    made from the ``previous`` run's (``reuse.vectors_again``), which notes were weighed
    again (a mask; else None: every note was)."""
    import numpy as np  # numpy: see the docstring

    from hatch_cli.core.pairing.rarity import code_shares, function_terms, vault_rarity, weights_in
    from hatch_cli.core.pairing.reuse import vectors_again
    from hatch_cli.core.pairing.vectors import build_vectors

    indptr = np.frombuffer(vault.indptr, dtype=np.int64)
    terms = np.frombuffer(vault.terms, dtype=np.int32)
    columns = vault.weighing_columns()
    function_words = function_terms(vault.vocab, vault.langs)
    found = vault_rarity(indptr, terms, *columns, len(vault.vocab), function_words)
    size = size or VECTOR_SIZE
    code_share = code_shares(vault.langs)
    if previous is not None:
        again = vectors_again(
            indptr, terms, columns, vault.vocab, found, previous, size=size, code_share=code_share
        )
        if again is not None:
            return again[0], found, again[1]
    weight = weights_in(
        found, indptr, terms, *columns, n_docs=len(indptr) - 1, code_share=code_share
    )
    vectors = build_vectors(indptr, terms, weight, vault.vocab, size=size, workers=vault.workers)
    return vectors, found, None


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


def vault_keywords_of(
    vault: Vault, limit: int, progress: Callable[[int], None] | None = None
) -> list[NoteKeywords]:
    """Each note's ``limit`` strongest keywords in the vault, with the weights of the
    vectors pairs compares, whatever ``limit`` is, shown as the note writes them
    (``vault.term_forms``: from the cache on a rerun). ``progress`` hears how many notes
    are done."""
    from hatch_cli.core.pairing.vectors import row_vector  # numpy: see the docstring

    # The vectors pairs compares, whatever --limit is: a longer list goes on past their
    # last term at the same scale.
    vectors = vault_vectors(vault, size=max(limit, VECTOR_SIZE))
    entries: list[NoteKeywords] = []
    for row, forms in enumerate(term_forms(vault, progress)):
        counts = vault.term_counts(row)
        vector = renormed(row_vector(vectors, row), VECTOR_SIZE)
        words = tuple(
            Keyword(
                text=forms.display(term),
                stem=term,
                weight=weight,
                count=counts[term],
                code=forms.is_code(term),
            )
            for term, weight in shown_terms(vector, forms.unread)[:limit]
        )
        entries.append(
            NoteKeywords(
                path=vault.paths[row], title=vault.titles[row], lang=vault.langs[row],
                keywords=words,
            )
        )  # fmt: skip
    return entries


def file_keywords(vault: Vault, limit: int) -> tuple[list[NoteKeywords], list[SkippedNote]]:
    """Notes named one by one: no vault, so keywords as ``combine`` weighs them alone; and
    the notes that changed since the vault was read (skipped, the others go on)."""

    entries: list[NoteKeywords] = []
    changed: list[SkippedNote] = []
    for row, path in enumerate(vault.paths):
        try:
            note = vault.note(row, whole=True)
        except NoteError as err:
            changed.append(changed_note(err, path))
            continue
        entries.append(
            NoteKeywords(
                path=path,
                title=note.title,
                lang=note.lang,
                keywords=tuple(note_keywords(note, None, limit=limit)),
            )
        )
    return entries, changed
