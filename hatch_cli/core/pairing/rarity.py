"""What a vault says about its terms' rarity, and the scoring rule run on a whole vault
at once, on numpy arrays. Pure.

``keywords.weigh`` is the rule; ``vault_weights`` runs it on every note of a vault, with
the vault's evidence (``vault_rarity``: each term's document frequency, the typical
share, the prior's exponent) and numpy's functions and sums (``vault_ops``). numpy is
imported inside the functions: the vault's reading workers import this module (through
``vault``) but never need it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from hatch_cli.core.pairing.keywords import ArrayOps, DocFreq, weigh

# The vault's typical share of notes (``DocFreq.share``) is taken as at most this: a term
# in more than half the notes is common in any vault (only tiny vaults come near it).
MAX_SHARE = 0.5


def vault_rarity(
    terms: Sequence[int] | Any, info: Sequence[float] | Any, n_terms: int, n_docs: int
) -> tuple[Any, float, float]:
    """A vault's document frequency of each term, its typical share and its prior exponent.

    ``terms`` and ``info`` are every note's terms (ids below ``n_terms``) and their
    informativeness. ``share`` is the median, over those entries, of their document
    frequency as a share of ``n_docs`` (at most a half: a term in most notes is common
    whatever the vault); ``gamma`` is 1 minus the Spearman correlation,
    over the terms two notes or more share, of a term's informativeness with its rarity in
    the vault (minus its document frequency), kept within [0, 1]: the prior counts for
    what the vault does not already say. numpy is imported here (vault commands only).
    """
    import numpy as np  # not at the top: the reading workers import this module

    term_ids = np.asarray(terms, dtype=np.int64)
    df = np.bincount(term_ids, minlength=n_terms)
    if not len(term_ids) or n_docs < 3:
        return df, 1.0, 1.0
    share = min(MAX_SHARE, float(np.median(df[term_ids])) / n_docs)
    shared = df >= 2
    mean_info = np.bincount(term_ids, weights=np.asarray(info, dtype=np.float64),
                            minlength=n_terms)[shared] / df[shared]  # fmt: skip
    rho = _spearman(mean_info, -df[shared].astype(np.float64))
    return df, share, min(1.0, max(0.0, 1.0 - rho))


def _spearman(a: Any, b: Any) -> float:
    """Spearman's rank correlation (ties get their mean rank); 0 without variation."""

    if len(a) < 3:
        return 0.0
    ra, rb = _ranks(a), _ranks(b)
    ra -= ra.mean()
    rb -= rb.mean()
    denominator = math.sqrt(float(ra @ ra) * float(rb @ rb))
    return float(ra @ rb) / denominator if denominator > 0 else 0.0


def _ranks(values: Any) -> Any:
    import numpy as np  # not at the top: the reading workers import this module

    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    ends = np.append(starts[1:], len(ordered))
    ranks = np.empty(len(values), dtype=np.float64)
    ranks[order] = np.repeat((starts + ends - 1) / 2.0, ends - starts)
    return ranks


def vault_docfreq(terms: Any, info: Any, vocab: Sequence[str], n_docs: int) -> DocFreq:
    """The ``DocFreq`` of a vault from every note's terms (ids into ``vocab``) and their
    informativeness: what ``hatch combine --vault`` weighs a note with."""
    df, share, gamma = vault_rarity(terms, info, len(vocab), n_docs)
    return DocFreq(n_docs, dict(zip(vocab, df.tolist(), strict=True)), share, gamma)


def vault_weights(
    indptr: Any, terms: Any, text_tf: Any, fence_tf: Any, info: Any, n_terms: int
) -> Any:
    """``weigh`` on every note of a vault at once (numpy arrays, note ``i`` owning entries
    ``indptr[i]:indptr[i+1]``), with the vault's rarity (``vault_rarity``)."""
    n_docs = len(indptr) - 1
    df, share, gamma = vault_rarity(terms, info, n_terms, n_docs)
    return weigh(
        vault_ops(indptr),
        text_tf,
        fence_tf,
        info,
        df[terms],
        n_docs=n_docs,
        share=share,
        gamma=gamma,
    )


class _Vault:
    """``ArrayOps`` for numpy arrays of a vault's entries, note ``i`` owning entries
    ``indptr[i]:indptr[i+1]``."""

    __slots__ = ("n_notes", "np", "rows")

    def __init__(self, indptr: Any) -> None:
        import numpy as np  # not at the top: the reading workers import this module

        self.np = np
        self.n_notes = len(indptr) - 1
        self.rows = np.repeat(np.arange(self.n_notes, dtype=np.int64), np.diff(indptr))

    def log(self, x: Any, /) -> Any:
        return self.np.log(x)

    def sqrt(self, x: Any, /) -> Any:
        return self.np.sqrt(x)

    def power(self, x: Any, y: Any, /) -> Any:
        return self.np.power(x, y)

    def minimum(self, x: Any, y: Any, /) -> Any:
        return self.np.minimum(x, y)

    def where(self, condition: Any, yes: Any, no: Any, /) -> Any:
        return self.np.where(condition, yes, no)

    def note_sums(self, x: Any, /) -> Any:
        return self.np.bincount(self.rows, weights=x, minlength=self.n_notes)

    def per_entry(self, x: Any, /) -> Any:
        return x[self.rows]


def vault_ops(indptr: Any) -> ArrayOps:
    """``ArrayOps`` for a vault's numpy arrays, by ``indptr`` (imports numpy)."""
    return _Vault(indptr)
