"""What a vault says about its terms' rarity, and the scoring rule run on a whole vault
at once, on numpy arrays. Pure.

``keywords.weigh`` is the rule; ``vault_weights`` runs it on every note of a vault, with
the vault's evidence (``vault_rarity``: each term's document frequency and burstiness,
the typical share and note length, the prior's exponent) and numpy's functions and sums
(``vault_ops``). numpy is
imported inside the functions: the vault's reading workers import this module (through
``vault``) but never need it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from hatch_cli.core.pairing.keywords import FENCE_SHARE, ArrayOps, DocFreq, fence_share, weigh
from hatch_cli.core.reading import lexicon

# The vault's typical share of notes (``DocFreq.share``) is taken as at most this: a term
# in more than half the notes is common in any vault (only tiny vaults come near it).
MAX_SHARE = 0.5


@dataclass(frozen=True)
class Rarity:
    """What a vault says about its terms (``vault_rarity``): each term's document
    frequency ``df`` and burstiness ``burst`` (arrays by term id), the typical ``share``,
    the prior's exponent ``gamma`` and the median note ``length`` (``DocFreq``)."""

    df: Any
    burst: Any
    share: float = 1.0
    gamma: float = 1.0
    length: float = 0.0


# A term's burstiness is its mean sublinear count over the notes that have it, plus this
# many notes that say it once (the least a note can say it). A mean over two or three notes
# is mostly those notes' own counts, so a word two notes both repeat (an example's
# variable, the same function word) counted twice: in each note's count and again in the
# burstiness that multiplies it. The pseudo-note pulls such a mean towards 1 and leaves a
# term of many notes where it was. Measured with the stopword lists completed (2026-12-07;
# p@1 / MAP on til-dev, til-jonasbn, gov-dev, ropensci-dev | ja-javascript-info):
#   0 (the plain mean): 0.572/0.429, 0.646/0.532, 0.934/0.680, 0.675/0.445 | 0.674/0.595
#   0.25:               0.569/0.429, 0.646/0.532, 0.935/0.680, 0.673/0.446 | 0.669/0.594
#   0.5:                0.560/0.428, 0.643/0.531, 0.936/0.680, 0.680/0.447 | 0.674/0.595
#   1:                  0.565/0.427, 0.646/0.530, 0.937/0.680, 0.692/0.446 | 0.669/0.591
#   2:                  0.565/0.425, 0.636/0.525, 0.938/0.681, 0.699/0.446 | 0.645/0.587
#   4:                  0.569/0.425, 0.617/0.514, 0.936/0.681, 0.702/0.446 | 0.634/0.582
# Baselines (TF-IDF, BM25) in ``vault_rarity``'s docstring; ropensci-dev's p@1 is under
# both (0.683, 0.685) below 1. 1 is the least at or above both on all four; more costs
# til-jonasbn (short notes whose tool names the few notes that use them repeat) and the
# Japanese corpus (whose examples' identifiers are its chapters' topics).
BURST_PRIOR = 1.0

# How far the prior counts in a vault: ``gamma = GAMMA_SLOPE x rho`` (within [0, 1]), with
# ``rho`` the rank correlation of the prior with the burstiness of the vault's shared terms.
GAMMA_SLOPE = 2.0
# A correlation over a few shared terms is noise: with ``n`` shared terms, ``gamma`` moves
# from 1 (the prior alone, as for a note alone) that far towards the vault's by
# ``n / (n + EVIDENCE_TERMS)`` (a 4-note vault sharing 5 terms keeps 0.95 of the prior).
EVIDENCE_TERMS = 100
# ``gamma`` is taken in steps of 1 / GAMMA_STEPS, so that an edit to one note (which moves
# the correlation by about 1e-5) leaves every other note's vector where it was and a rerun
# can reuse the last run's pairs (``core.pairing.reuse``); the four dev corpora move by < 0.003.
# (A parameter of the rule, not a score: scores are rounded only in ``models``.)
GAMMA_STEPS = 100


def vault_rarity(
    indptr: Any,
    terms: Any,
    text_tf: Any,
    fence_tf: Any,
    prior: Any,
    n_terms: int,
    function_words: Any = None,
) -> Rarity:
    """What a vault's notes say about their terms (flat arrays, note ``i`` owning entries
    ``indptr[i]:indptr[i+1]``; term ids below ``n_terms``; ``function_words``, by term id,
    whether a term is a stopword of a language of the vault, ``function_terms``).

    - ``df``: how many notes have each term. ``share``: the median, over every note's
      terms, of their document frequency as a share of the notes (at most a half: a term
      in most notes is common whatever the vault).
    - ``burst``: a term's mean sublinear count (in text or in code, the larger) in the
      notes that have it, and in ``BURST_PRIOR`` notes that say it once. A vault's topic
      words recur within the notes about the topic; words said in passing come up once
      wherever they are. But a stopword of a language
      of the vault has a burstiness of 1 whatever its counts: a note in another language
      (or one whose language was mistaken) repeats its function words ("de", "que" in an
      English vault's Spanish posts), and they would lead its vector and pair it with
      every note of its language by them.
    - ``length``: the median note length (the sum of a note's counts in text).
    - ``gamma``: how far the English-rarity prior counts in this vault: ``GAMMA_SLOPE``
      times the Spearman correlation, over the terms two notes or more share, of a term's
      informativeness with its burstiness, within [0, 1]. Where the words the notes repeat
      are the rare words the prior favours (short technical notes: names of tools), the
      prior helps; where they are ordinary words (long prose: "data", "community") it
      favours one-off names over the topic, and counts for little. In a small vault, with
      few shared terms to go by, the prior keeps most of its say (``EVIDENCE_TERMS``).

    Measured (2026-12-07, commit after 96a5d9b; p@1 / MAP on the four dev corpora
    til-dev, til-jonasbn, gov-dev, ropensci-dev; TF-IDF 0.519/0.341, 0.585/0.450,
    0.908/0.578, 0.683/0.404; BM25 0.530/0.316, 0.539/0.384, 0.907/0.530, 0.685/0.386):

    - before (``gamma = 1 - rho`` with the vault's document frequencies, no burstiness,
      counts as they are): 0.553/0.399, 0.636/0.509, 0.929/0.625, 0.659/0.424;
    - burstiness alone: 0.562/0.419, 0.646/0.532, 0.917/0.682, 0.656/0.429 (MAP up
      everywhere, ropensci-dev's p@1 still short); the length per median alone: 0.553/0.404,
      0.629/0.517, 0.928/0.630, 0.670/0.426; both with the old ``gamma``: 0.560/0.425,
      0.650/0.537, 0.922/0.683, 0.659/0.428;
    - fixed exponents with burstiness: best ``gamma`` per corpus 0.25, 0.5-0.75, 0-0.25,
      0-0.25 (none wins on all four); the correlation with burstiness orders the corpora
      the same way (0.08, 0.17, -0.09, 0.03) where ``1 - rho`` did not (0.47, 0.56, 0.36,
      0.53); ``GAMMA_SLOPE`` 2, 3, 4 and 5 gave ropensci-dev p@1 0.687, 0.683, 0.680,
      0.671 with the rest within 0.01 of each other;
    - this rule (burstiness, length per median, ``gamma`` from burstiness with slope 2,
      shrunk in small vaults, rounded): 0.569/0.429, 0.646/0.532, 0.933/0.679,
      0.687/0.438: at or above both baselines on every figure, ropensci-dev's p@1 by 1
      note of 581 (noise-sized). Slopes 1 and 3, ``EVIDENCE_TERMS`` 10 and 1000 move each
      figure by at most 0.013 (``benchmarks/README.md``, issue 27).

    Pseudo-relevance feedback (each vector plus 0.3 of its 3-5 best partners' on shared
    terms) lifted MAP further (0.455, 0.566, 0.708, 0.440) but not ropensci-dev's p@1
    (0.670), and needs a second join on every run: left out. numpy is imported here
    (vault commands only).
    """
    import numpy as np  # not at the top: the reading workers import this module

    term_ids = np.asarray(terms, dtype=np.int64)
    df = np.bincount(term_ids, minlength=n_terms)
    n_docs = len(indptr) - 1
    if not len(term_ids) or n_docs < 3:
        return Rarity(df, np.ones(n_terms))
    share = min(MAX_SHARE, float(np.median(df[term_ids])) / n_docs)
    text = np.asarray(text_tf, dtype=np.float64)
    tf = np.maximum(text, np.asarray(fence_tf, dtype=np.float64))
    burst = (np.bincount(term_ids, weights=tf, minlength=n_terms) + BURST_PRIOR) / (
        df + BURST_PRIOR
    )
    burst[df == 0] = 1.0
    if function_words is not None:
        burst[np.asarray(function_words, dtype=bool)] = 1.0
    rows = np.repeat(np.arange(n_docs, dtype=np.int64), np.diff(np.asarray(indptr)))
    counts = np.where(text > 0, np.exp(text - 1.0), 0.0)
    length = float(np.median(np.bincount(rows, weights=counts, minlength=n_docs)))
    shared = df >= 2
    mean_prior = np.bincount(term_ids, weights=np.asarray(prior, dtype=np.float64),
                            minlength=n_terms)[shared] / df[shared]  # fmt: skip
    rho = _spearman(mean_prior, burst[shared])
    evidence = len(mean_prior) / (len(mean_prior) + EVIDENCE_TERMS)
    gamma = 1.0 - evidence * (1.0 - min(1.0, max(0.0, GAMMA_SLOPE * rho)))
    gamma = math.floor(gamma * GAMMA_STEPS + 0.5) / GAMMA_STEPS
    return Rarity(df, burst, share, gamma, length)


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


def function_terms(vocab: Sequence[str], langs: Iterable[str]) -> Any:
    """By term id, whether a term of ``vocab`` is a stopword of one of ``langs`` (the
    languages of a vault's notes) as written: the terms whose burstiness ``vault_rarity``
    ignores. Not their stems: another language's stems of its stopwords are too often a
    content word's ("mainten" of "maintenant" and of "maintenance")."""
    import numpy as np  # not at the top: the reading workers import this module

    stop = frozenset().union(*(lexicon.stopwords(lang) for lang in set(langs)))
    return np.fromiter((term in stop for term in vocab), dtype=bool, count=len(vocab))


def vault_docfreq(
    indptr: Any,
    terms: Any,
    text_tf: Any,
    fence_tf: Any,
    prior: Any,
    vocab: Sequence[str],
    langs: Iterable[str] = (),
) -> DocFreq:
    """The ``DocFreq`` of a vault from every note's entries (``vault_rarity``; term ids
    into ``vocab``; ``langs``, its notes' languages): what ``hatch combine --vault``
    weighs a note with."""
    found = vault_rarity(
        indptr, terms, text_tf, fence_tf, prior, len(vocab), function_terms(vocab, langs)
    )
    return DocFreq(
        len(indptr) - 1,
        dict(zip(vocab, found.df.tolist(), strict=True)),
        found.share,
        found.gamma,
        dict(zip(vocab, found.burst.tolist(), strict=True)),
        found.length,
    )


def vault_weights(
    indptr: Any,
    terms: Any,
    text_tf: Any,
    fence_tf: Any,
    prior: Any,
    n_terms: int,
    function_words: Any = None,
    langs: Sequence[str] = (),
) -> Any:
    """``weigh`` on every note of a vault at once (numpy arrays, note ``i`` owning entries
    ``indptr[i]:indptr[i+1]``), with the vault's rarity (``vault_rarity``;
    ``function_words`` from ``function_terms``) and each note's share of code by its
    language in ``langs`` (``keywords.fence_share``; without them, English's)."""
    found = vault_rarity(indptr, terms, text_tf, fence_tf, prior, n_terms, function_words)
    return weights_in(
        found, indptr, terms, text_tf, fence_tf, prior,
        n_docs=len(indptr) - 1, code_share=code_shares(langs),
    )  # fmt: skip


def code_shares(langs: Sequence[str]) -> Any:
    """How far each note's code may count, by its language (``keywords.fence_share``): one
    value per note of ``langs``, or English's for all when there are none."""
    import numpy as np  # not at the top: the reading workers import this module

    if not langs:
        return FENCE_SHARE
    by_lang = {lang: fence_share(lang) for lang in set(langs)}
    return np.array([by_lang[lang] for lang in langs], dtype=np.float64)


def weights_in(
    found: Rarity,
    indptr: Any,
    terms: Any,
    text_tf: Any,
    fence_tf: Any,
    prior: Any,
    *,
    n_docs: int,
    code_share: Any = FENCE_SHARE,
) -> Any:
    """``weigh`` on the notes of ``indptr`` (a whole vault's, or some of its notes, as a
    rerun weighs again only the notes whose terms' rarity moved, ``reuse.vectors_again``)
    with the rarity ``found`` of the vault of ``n_docs`` notes they belong to and their
    ``code_share`` (``code_shares``: one number, or one per note of ``indptr``). A note's
    weights depend only on its own entries, its language and that rarity."""
    return weigh(
        vault_ops(indptr),
        text_tf,
        fence_tf,
        prior,
        found.df[terms],
        found.burst[terms],
        n_docs=n_docs,
        share=found.share,
        gamma=found.gamma,
        length=found.length,
        code_share=code_share,
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

    def exp(self, x: Any, /) -> Any:
        return self.np.exp(x)

    def sqrt(self, x: Any, /) -> Any:
        return self.np.sqrt(x)

    def power(self, x: Any, y: Any, /) -> Any:
        return self.np.power(x, y)

    def minimum(self, x: Any, y: Any, /) -> Any:
        return self.np.minimum(x, y)

    def maximum(self, x: Any, y: Any, /) -> Any:
        return self.np.maximum(x, y)

    def where(self, condition: Any, yes: Any, no: Any, /) -> Any:
        return self.np.where(condition, yes, no)

    def note_sums(self, x: Any, /) -> Any:
        return self.np.bincount(self.rows, weights=x, minlength=self.n_notes)

    def per_entry(self, x: Any, /) -> Any:
        return x[self.rows]


def vault_ops(indptr: Any) -> ArrayOps:
    """``ArrayOps`` for a vault's numpy arrays, by ``indptr`` (imports numpy)."""
    return _Vault(indptr)
