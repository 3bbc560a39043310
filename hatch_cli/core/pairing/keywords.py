"""A note's terms -> weighted keywords, alone or in a vault. Pure.

A note's terms (``terms``: words and identifiers, counted by field) weigh

    weight = (sublinear count, per the vault's typical note length
              + FENCE_SHARE-capped share of code blocks, OTHER_SCRIPT_FENCE_SHARE in a
                language not written in the Latin script)
             x informativeness ** gamma x vault factor x burstiness

``informativeness`` is a word-frequency prior (Zipf frequency in the language at large,
see ``lexicon``): it says how specific a word is, and it is all there is when two notes
are compared alone (``gamma`` 1, no vault factor, no burstiness, counts as they are). In
a vault, the vault's own evidence leads (``DocFreq``): a term no other note has weighs
nothing, one in more notes than the vault's typical term is weighed down by its IDF, a
term the notes that use it repeat weighs more (burstiness), a long note's counts are
taken per typical length, and the prior counts as far as it agrees with the vault (its
exponent ``gamma``, from how the prior ranks the terms the vault's notes repeat; see
``rarity.vault_rarity`` for the rule and the measurements that chose it).

``weigh`` is that rule, written once: a note alone is a vault of one note (``ALONE``),
weighed here on plain numbers; a whole vault is weighed on numpy arrays, with what it
says about its terms (``core.pairing.rarity``).

Phrases (2-3 word runs) are counted for display and themes only, never weighed.

Why it is long: it is the one scoring rule, for a note alone and for a vault, with the
measurements that chose each of its parts next to them; ``rarity`` holds what a vault
says and ``similarity`` what two notes share.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any, Protocol

from hatch_cli.core.languages import BY_CODE
from hatch_cli.core.reading import lexicon
from hatch_cli.core.reading.terms import FIELD_BOOST, NoteTerms, analyse
from hatch_cli.models import Keyword, Note

# The part of a vector that fenced code may have: its norm at most this share of the
# norm of the rest. Code blocks name a note's tools, but across languages they pair
# notes by syntax (see benchmarks/README.md for the sweep).
FENCE_SHARE = 0.25
# The same share in a note whose language is not written in the Latin script (Japanese,
# Chinese, Russian...): parity, code as much as the prose. Code's identifiers are Latin
# words: an English note's prose names its subject in the same words ("prototype",
# "event"), which its code then only repeats, so code is kept to a quarter; a Japanese
# note's prose names it in its own script (プロトタイプ, イベント), so its code is the only
# place the note says those words, and a quarter of the prose's norm left them out.
# Measured (2026-12-07, p@1 / MAP of ja-javascript-info, against TF-IDF over characters
# 1-3 0.703 / 0.563 and over SudachiPy's words 0.674 / 0.578): share 0.25 (as English)
# 0.669 / 0.591, 0.5 0.669 / 0.599, 0.8 0.692 / 0.598, 0.9 0.698 / 0.595, 1 0.703 / 0.592,
# 1.2 0.698 / 0.588, 2 0.692 / 0.586; prose alone (0) 0.651 / 0.590. TF-IDF over the
# corpus's characters says the same: 0.703 with its code blocks, 0.669 without, 0.663
# with nothing else. 1 is not the best of a sweep but the natural bound (code no more
# than the prose); the p@1 figures between 0.8 and 2 are within two notes of 172 of each
# other (a paired test of 0.669 against 0.703 gives p = 0.38: 19 chapters one way, 13 the
# other). The four English dev corpora have no such note and are unchanged; where all
# notes took share 1, til-dev fell to 0.546 / 0.398 and ropensci-dev's p@1 to 0.683, under
# BM25's 0.685 (benchmarks/README.md, issue 27).
OTHER_SCRIPT_FENCE_SHARE = 1.0
# A word as common as "the" (Zipf 7+) says nothing; the most informative are rare ones.
ZIPF_CEILING = 7.0
# Unknown to the prior: a name, a coinage or a typo. Treated as rare (Zipf 1).
UNKNOWN_ZIPF = 1.0
# Words this common (Zipf >= 5.5: "time", "people", "something") are too vague for a theme.
MIN_THEME_INFO = 1.5
# A term's count in a long note is taken per the vault's typical note length, but it
# keeps at least this much of one mention: a word the note has still says something.
MIN_LENGTH_TF = 0.1
#: Terms in a note's vector: we measured on til-dev that the top 10 keywords pair notes
#: worse than the top 50, close to full TF-IDF vectors; 64 keeps that and stays sparse.
VECTOR_SIZE = 64


@dataclass(frozen=True)
class DocFreq:
    """What a vault says about rarity: how many of ``n_docs`` notes contain each term.

    ``share``: the document frequency (as a share of the notes) of the vault's typical
    term, the median over every note's terms; a term in more notes than that is weighed
    down by its IDF, one in fewer keeps its weight (the prior already tells rare terms
    apart). ``gamma``: the exponent of the prior in this vault (``rarity.vault_rarity``).
    ``burst``: each term's burstiness, its mean sublinear count in the notes that have it
    (1 for a term not in it). ``length``: the vault's median note length (the sum of a
    note's counts; 0: no length normalisation, as for a note alone).
    """

    n_docs: int
    df: Mapping[str, int]
    share: float = 1.0
    gamma: float = 1.0
    burst: Mapping[str, float] = field(default_factory=dict)
    length: float = 0.0

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
    prior = [memo.get((term, lang)) or informativeness(term, lang) for term in names]
    return names, text_tf, fence_tf, prior


def fence_share(lang: str) -> float:
    """How far a note's fenced code may count, by the note's language: ``FENCE_SHARE``,
    or ``OTHER_SCRIPT_FENCE_SHARE`` for a language not written in the Latin script."""
    row = BY_CODE.get(lang)
    return FENCE_SHARE if row is None or row.script == "latin" else OTHER_SCRIPT_FENCE_SHARE


def weights(
    terms: NoteTerms, docfreq: DocFreq | None = None, *, code_share: float | None = None
) -> dict[str, float]:
    """Weight of every term of a note: alone (the prior only) or in a vault (``docfreq``):
    ``weigh`` on the note's entries, as ``rarity.vault_weights`` on every note of a vault;
    its code counting ``code_share``, else as its language's notes' (``fence_share``)."""
    names, text_tf, fence_tf, prior = term_weights(terms)
    vault = docfreq or ALONE
    weight = weigh(
        ONE_NOTE,
        Column(text_tf),
        Column(fence_tf),
        Column(prior),
        Column([vault.df.get(term, 0) for term in names]),
        Column([vault.burst.get(term, 1.0) for term in names]),
        n_docs=vault.n_docs,
        share=vault.share,
        gamma=vault.gamma,
        length=vault.length,
        code_share=fence_share(terms.lang) if code_share is None else code_share,
    )
    return {term: value for term, value in zip(names, weight, strict=True) if value > 0}


def weigh(
    xp: ArrayOps,
    text_tf: Any,
    fence_tf: Any,
    prior: Any,
    df: Any,
    burst: Any,
    *,
    n_docs: int,
    share: float,
    gamma: float,
    length: float = 0.0,
    code_share: Any = FENCE_SHARE,
) -> Any:
    """The scoring rule: the weight of each entry (a term of a note) of one note or of a
    whole vault, from its columns (``term_weights``: its sublinear counts in text and in
    code blocks and its informativeness, the ``prior``; ``df``, how many of the vault's
    ``n_docs`` notes have the term; ``burst``, its mean sublinear count in those notes) and
    the vault's ``share``, ``gamma`` and median note ``length`` (``DocFreq``);
    ``code_share``, how far each note's code may count (``fence_share`` of its language: a
    number, or one per note).

    The same code for a note alone (``xp`` is ``ONE_NOTE``, the columns ``Column``s) and
    for a vault (``rarity.vault_ops``, numpy arrays), so a new signal is written here once.
    """
    rarity = prior if gamma == 1.0 else xp.power(prior, gamma)
    rarity = rarity * idf_factor(xp, df, n_docs, share)
    if n_docs >= 3:
        # A term that the notes using it repeat names what they are about (burstiness);
        # one said once in passing in each does not (``rarity.vault_rarity``).
        rarity = rarity * burst
    if length > 0:
        text_tf = per_length(xp, text_tf, length)
    text = text_tf * rarity
    code = fence_tf * rarity
    scale = fence_scale(xp, xp.note_sums(text * text), xp.note_sums(code * code), code_share)
    return text + xp.per_entry(scale) * code


def per_length(xp: ArrayOps, text_tf: Any, length: float) -> Any:
    """Sublinear counts of a note longer than the vault's median ``length`` taken per that
    length: ``1 + log(count / stretch)`` with ``stretch`` = its length over the median (at
    least ``MIN_LENGTH_TF``), unchanged in a note no longer than it. In a post three times
    the typical length a word must come up three times to count as one mention would in a
    typical note, so its topic words lead its vector, not its many words said once."""
    counted = text_tf > 0
    note_length = xp.note_sums(xp.where(counted, xp.exp(text_tf - 1.0), 0.0))
    stretch = xp.log(xp.maximum(1.0, note_length / length))
    return xp.where(counted, xp.maximum(MIN_LENGTH_TF, text_tf - xp.per_entry(stretch)), 0.0)


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


def fence_scale(
    xp: ArrayOps, text_norm_sq: Any, code_norm_sq: Any, code_share: Any = FENCE_SHARE
) -> Any:
    """What fenced code's part of a note's vector is multiplied by, so that its norm is at
    most ``code_share`` of the norm of the rest (1 when it is smaller already)."""
    has_code = code_norm_sq > 0
    ratio = text_norm_sq / xp.where(has_code, code_norm_sq, 1.0)
    return xp.where(has_code, xp.minimum(1.0, code_share * xp.sqrt(ratio)), 0.0)


# --------------------------------------------------------------------------- arrays
# ``weigh`` is written in numpy's arithmetic and names. A vault runs it on numpy arrays
# (``rarity.vault_ops``); a note alone on ``Column``s (``ONE_NOTE``), so ``hatch combine``
# never imports numpy. Each keeps its own functions and its own sums (``math.fsum`` here,
# ``numpy.bincount`` there), so both give the weights they gave when the rule was written
# twice.


class ArrayOps(Protocol):
    """What ``weigh`` needs beyond arithmetic: numpy's functions of that name,
    and, for the notes' entries, each note's sum (``note_sums``) and a value per note
    spread over its entries (``per_entry``)."""

    def log(self, x: Any, /) -> Any: ...
    def exp(self, x: Any, /) -> Any: ...
    def sqrt(self, x: Any, /) -> Any: ...
    def power(self, x: Any, y: Any, /) -> Any: ...
    def minimum(self, x: Any, y: Any, /) -> Any: ...
    def maximum(self, x: Any, y: Any, /) -> Any: ...
    def where(self, condition: Any, yes: Any, no: Any, /) -> Any: ...
    def note_sums(self, x: Any, /) -> Any: ...
    def per_entry(self, x: Any, /) -> Any: ...


class Column:
    """One note's entries, with numpy's arithmetic: entry by entry, a number standing for
    every entry."""

    __slots__ = ("values",)

    def __init__(self, values: Iterable[Any]) -> None:
        self.values = list(values)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.values)

    def __add__(self, other: Any) -> Column:
        return _entrywise(operator.add, self, other)

    def __radd__(self, other: Any) -> Column:
        return _entrywise(operator.add, other, self)

    def __mul__(self, other: Any) -> Column:
        return _entrywise(operator.mul, self, other)

    def __rmul__(self, other: Any) -> Column:
        return _entrywise(operator.mul, other, self)

    def __truediv__(self, other: Any) -> Column:
        return _entrywise(operator.truediv, self, other)

    def __rtruediv__(self, other: Any) -> Column:
        return _entrywise(operator.truediv, other, self)

    def __and__(self, other: Any) -> Column:
        return _entrywise(operator.and_, self, other)

    def __sub__(self, other: Any) -> Column:
        return _entrywise(operator.sub, self, other)

    def __ge__(self, other: Any) -> Column:
        return _entrywise(operator.ge, self, other)

    def __gt__(self, other: Any) -> Column:
        return _entrywise(operator.gt, self, other)

    def __lt__(self, other: Any) -> Column:
        return _entrywise(operator.lt, self, other)


def _each(function: Callable[..., Any], *args: Any) -> Any:
    """``function`` entry by entry when an argument is a ``Column``, else on the numbers."""
    if any(isinstance(arg, Column) for arg in args):
        return _entrywise(function, *args)
    return function(*args)


def _entrywise(function: Callable[..., Any], *args: Any) -> Column:
    return Column(
        map(function, *(arg.values if isinstance(arg, Column) else repeat(arg) for arg in args))
    )


def _where(condition: Any, yes: Any, no: Any) -> Any:
    return yes if condition else no


class _OneNote:
    """``ArrayOps`` for the entries of one note, as ``Column``s or numbers."""

    __slots__ = ()

    @staticmethod
    def log(x: Any, /) -> Any:
        return _each(math.log, x)

    @staticmethod
    def exp(x: Any, /) -> Any:
        return _each(math.exp, x)

    @staticmethod
    def sqrt(x: Any, /) -> Any:
        return _each(math.sqrt, x)

    @staticmethod
    def power(x: Any, y: Any, /) -> Any:
        return _each(pow, x, y)

    @staticmethod
    def minimum(x: Any, y: Any, /) -> Any:
        return _each(min, x, y)

    @staticmethod
    def maximum(x: Any, y: Any, /) -> Any:
        return _each(max, x, y)

    @staticmethod
    def where(condition: Any, yes: Any, no: Any, /) -> Any:
        return _each(_where, condition, yes, no)

    @staticmethod
    def note_sums(x: Column, /) -> float:
        return math.fsum(x)

    @staticmethod
    def per_entry(x: Any, /) -> Any:
        return x


#: A note alone: a vault of one row.
ONE_NOTE: ArrayOps = _OneNote()


def top_vector(raw: Mapping[str, float], limit: int) -> dict[str, float]:
    """The ``limit`` strongest terms, L2-normalised (so a dot product is a cosine)."""
    best = sorted(raw.items(), key=lambda item: (-item[1], item[0]))[:limit]
    norm = math.sqrt(sum(weight * weight for _, weight in best)) or 1.0
    return {term: weight / norm for term, weight in best}


def note_keywords(note: Note, docfreq: DocFreq | None = None, *, limit: int = 20) -> list[Keyword]:
    """A note's strongest keywords, for ``hatch keywords``: the first ``limit`` terms of the
    vector ``pairs`` compares, with their weights there (whatever ``limit`` is), but for
    words found only in link targets (they count for pairing; a reader never reads them)."""
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
        for term, weight in shown_terms(vector, terms.linked_only())[:limit]
    ]


def shown_terms(vector: dict[str, float], unread: frozenset[str]) -> list[tuple[str, float]]:
    """A vector's terms that may be shown: not ``unread`` (words only in link targets), nor
    a phrase holding one."""
    if not unread:
        return list(vector.items())
    return [
        (term, weight)
        for term, weight in vector.items()
        if not any(word in unread for word in term.split(" "))
    ]


def renormed(vector: dict[str, float], size: int) -> dict[str, float]:
    """A longer vector scaled so that its first ``size`` terms have norm 1, as in pairing."""
    norm = math.sqrt(sum(weight * weight for weight in list(vector.values())[:size])) or 1.0
    return {term: weight / norm for term, weight in vector.items()}
