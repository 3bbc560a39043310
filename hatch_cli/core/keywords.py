"""A note's terms -> weighted keywords, alone or in a vault. Pure.

A note's terms (``terms``: words and identifiers, counted by field) weigh

    weight = (sublinear count + FENCE_SHARE-capped share of code blocks)
             x informativeness ** gamma x vault factor

``informativeness`` is a word-frequency prior (Zipf frequency in the language at large,
see ``lexicon``): it says how specific a word is, and it is all there is when two notes
are compared alone (``gamma`` 1, no vault factor). In a vault, the vault's own evidence
leads (``DocFreq``): a term no other note has weighs nothing, one in more notes than
the vault's typical term is weighed down by its IDF, and the prior enters with the
exponent ``gamma = 1 - rho``, where ``rho`` is how far the vault's document frequencies
already rank its terms as the prior does (so rarity is not counted twice).

``weigh`` is that rule, written once: a note alone is a vault of one note (``ALONE``),
weighed on plain numbers; a vault is weighed on numpy arrays (``core.arrays``).

Phrases (2-3 word runs) are counted for display and themes only, never weighed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hatch_cli.core import lexicon
from hatch_cli.core.arrays import ONE_NOTE, ArrayOps, Column, vault_ops
from hatch_cli.core.terms import FIELD_BOOST, NoteTerms, analyse
from hatch_cli.models import Keyword, Note

# The part of a vector that fenced code may have: its norm at most this share of the
# norm of the rest. Code blocks name a note's tools, but across languages they pair
# notes by syntax (see benchmarks/README.md for the sweep).
FENCE_SHARE = 0.25
# The vault's typical share of notes (``DocFreq.share``) is taken as at most this: a term
# in more than half the notes is common in any vault (only tiny vaults come near it).
MAX_SHARE = 0.5
# A word as common as "the" (Zipf 7+) says nothing; the most informative are rare ones.
ZIPF_CEILING = 7.0
# Unknown to the prior: a name, a coinage or a typo. Treated as rare (Zipf 1).
UNKNOWN_ZIPF = 1.0
# Words this common (Zipf >= 5.5: "time", "people", "something") are too vague for a theme.
MIN_THEME_INFO = 1.5
#: Terms in a note's vector: we measured on til-dev that the top 10 keywords pair notes
#: worse than the top 50, close to full TF-IDF vectors; 64 keeps that and stays sparse.
VECTOR_SIZE = 64


@dataclass(frozen=True)
class DocFreq:
    """What a vault says about rarity: how many of ``n_docs`` notes contain each term.

    ``share``: the document frequency (as a share of the notes) of the vault's typical
    term, the median over every note's terms; a term in more notes than that is weighed
    down by its IDF, one in fewer keeps its weight (the prior already tells rare terms
    apart). ``gamma``: the exponent of the prior in this vault, ``1 - rho`` with ``rho``
    the rank correlation of the prior with the vault's document frequencies over the terms
    that two notes or more share (``vault_rarity``).
    """

    n_docs: int
    df: Mapping[str, int]
    share: float = 1.0
    gamma: float = 1.0

    def factor(self, term: str) -> float:
        """What the vault's evidence multiplies ``term``'s weight by (``idf_factor``)."""
        return float(idf_factor(ONE_NOTE, self.df.get(term, 0), self.n_docs, self.share))


#: A note alone: a vault of one note, so the prior is all there is.
ALONE = DocFreq(n_docs=1, df={})


def nameable(term: str, lang: str) -> bool:
    """Whether a term can be named as a subject notes share: informative enough (not as
    vague as "time" or "people") and no function word in it ("onto", "however")."""
    if informativeness(term, lang) < MIN_THEME_INFO:
        return False
    function_words = lexicon.function_word_stems(lang)
    return not function_words or not any(part in function_words for part in term.split(" "))


def informativeness(term: str, lang: str) -> float:
    """How much a term tells about a note, from the language's word frequencies (0 to 14).

    A phrase is as informative as its words together. Memoised: a vault repeats terms.
    """
    key = (term, lang)
    info = _INFO_MEMO.get(key)
    if info is None:
        if len(_INFO_MEMO) >= _INFO_MEMO_LIMIT:
            _INFO_MEMO.clear()
        table = lexicon.zipf_table(lang)
        total = 0.0
        for part in term.split(" "):
            total += max(0.0, ZIPF_CEILING - (table.get(part) or UNKNOWN_ZIPF))
        info = _INFO_MEMO[key] = min(total, 2 * ZIPF_CEILING)
    return info


_INFO_MEMO: dict[tuple[str, str], float] = {}
_INFO_MEMO_LIMIT = 1 << 18


def term_weights(terms: NoteTerms) -> tuple[list[str], list[float], list[float], list[float]]:
    """A note's terms with what their weight is made of: the sublinear count of each in
    the note's text (title and tags boosted), that of its occurrences in code blocks, and
    its informativeness. What a vault stores of a note; ``weights`` combines them."""
    fields = terms.fields
    counted: dict[str, float] = dict(fields.get("text", {}))
    for name, found in fields.items():
        if name in ("text", "fence"):
            continue
        boost = FIELD_BOOST.get(name, 1.0)
        for term, count in found.items():
            counted[term] = counted.get(term, 0) + boost * count
    log = math.log
    fence = fields.get("fence")
    if fence:
        for term in fence:
            counted.setdefault(term, 0)
        fence_tf = [1.0 + log(fence[term]) if term in fence else 0.0 for term in counted]
    else:
        fence_tf = [0.0] * len(counted)
    text_tf = [1.0 + log(count) if count > 0 else 0.0 for count in counted.values()]
    names = list(counted)
    lang = terms.lang
    memo = _INFO_MEMO  # informativeness, without a call for the terms it knows already
    info = [memo.get((term, lang)) or informativeness(term, lang) for term in names]
    return names, text_tf, fence_tf, info


def weights(terms: NoteTerms, docfreq: DocFreq | None = None) -> dict[str, float]:
    """Weight of every term of a note: alone (the prior only) or in a vault (``docfreq``):
    ``weigh`` on the note's entries, as ``vault_weights`` on every note of a vault."""
    names, text_tf, fence_tf, info = term_weights(terms)
    vault = docfreq or ALONE
    weight = weigh(
        ONE_NOTE,
        Column(text_tf),
        Column(fence_tf),
        Column(info),
        Column([vault.df.get(term, 0) for term in names]),
        n_docs=vault.n_docs,
        share=vault.share,
        gamma=vault.gamma,
    )
    return {term: value for term, value in zip(names, weight, strict=True) if value > 0}


def weigh(
    xp: ArrayOps,
    text_tf: Any,
    fence_tf: Any,
    info: Any,
    df: Any,
    *,
    n_docs: int,
    share: float,
    gamma: float,
) -> Any:
    """The scoring rule: the weight of each entry (a term of a note) of one note or of a
    whole vault, from its columns (``term_weights``: its sublinear counts in text and in
    code blocks and its informativeness; and ``df``, how many of the vault's ``n_docs``
    notes have the term) and the vault's ``share`` and ``gamma`` (``DocFreq``).

    The same code for a note alone (``xp`` is ``arrays.ONE_NOTE``, the columns plain
    numbers) and for a vault (numpy arrays), so a new signal is written here once.
    """
    rarity = info if gamma == 1.0 else xp.power(info, gamma)
    rarity = rarity * idf_factor(xp, df, n_docs, share)
    text = text_tf * rarity
    code = fence_tf * rarity
    scale = fence_scale(xp, xp.note_sums(text * text), xp.note_sums(code * code))
    return text + xp.per_entry(scale) * code


def idf_factor(xp: ArrayOps, df: Any, n_docs: int, share: float) -> Any:
    """The smoothed IDF ``log((1 + n) / (1 + df)) + 1`` over its value for a term in
    ``share`` of the notes, at most 1: 1 for a term in up to ``share`` of the notes, less
    for one in more; 0 for a term that no other note has or that every note has (it can't
    tell which notes belong together). 1 in a vault of fewer than 3 notes."""
    if n_docs < 3:
        return 1.0
    idf = xp.log((1 + n_docs) / (1 + df)) + 1.0
    shared = (df >= 2) & (df < n_docs)
    return xp.where(shared, xp.minimum(1.0, idf / (math.log(1 / share) + 1.0)), 0.0)


def fence_scale(xp: ArrayOps, text_norm_sq: Any, code_norm_sq: Any) -> Any:
    """What fenced code's part of a note's vector is multiplied by, so that its norm is at
    most ``FENCE_SHARE`` of the norm of the rest (1 when it is smaller already)."""
    has_code = code_norm_sq > 0
    ratio = text_norm_sq / xp.where(has_code, code_norm_sq, 1.0)
    return xp.where(has_code, xp.minimum(1.0, FENCE_SHARE * xp.sqrt(ratio)), 0.0)


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
    import numpy as np

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
    import numpy as np

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


def top_vector(raw: Mapping[str, float], limit: int) -> dict[str, float]:
    """The ``limit`` strongest terms, L2-normalised (so a dot product is a cosine)."""
    best = sorted(raw.items(), key=lambda item: (-item[1], item[0]))[:limit]
    norm = math.sqrt(sum(weight * weight for _, weight in best)) or 1.0
    return {term: weight / norm for term, weight in best}


def note_keywords(note: Note, docfreq: DocFreq | None = None, *, limit: int = 20) -> list[Keyword]:
    """A note's strongest keywords, for ``hatch keywords``: the first ``limit`` terms of the
    vector ``pairs`` compares, with their weights there (whatever ``limit`` is)."""
    terms = analyse(note, keep_sentences=False)
    vector = renormed(top_vector(weights(terms, docfreq), max(limit, VECTOR_SIZE)), VECTOR_SIZE)
    return [
        Keyword(
            text=terms.display(term),
            stem=term,
            weight=weight,
            count=terms.counts[term],
            code=terms.is_code(term),
        )
        for term, weight in list(vector.items())[:limit]
    ]


def renormed(vector: dict[str, float], size: int) -> dict[str, float]:
    """A longer vector scaled so that its first ``size`` terms have norm 1, as in pairing."""
    norm = math.sqrt(sum(weight * weight for weight in list(vector.values())[:size])) or 1.0
    return {term: weight / norm for term, weight in vector.items()}
