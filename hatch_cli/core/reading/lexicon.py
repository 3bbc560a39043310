"""Word-frequency prior and stopwords, loaded from compact tables shipped in the package.

Keywords are weighed by how informative a word is in the language in general: a word
family that is rare in the language (low Zipf frequency) says more about a note than a
common one. The tables under ``hatch_cli/data/`` are derived at build time by
``tools/build_lexicon.py`` from ``wordfreq`` (frequencies, CC BY-SA 4.0) and ``stopwords``
(stopword lists, ISC); see the ``LICENSE.md`` files beside them. Reading them here
needs only the standard library, because importing ``wordfreq`` itself costs ~250 ms and
~60 MB, far over the CLI's start-up budget.

Zipf frequency is ``log10(occurrences per billion words)``: about 7.7 for "the", 3 for a
word seen once per million words, 0.0 here for a word family the table does not know.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from types import MappingProxyType
from typing import Any

from hatch_cli.core.languages import ALIASES, BY_CODE, TABLE

#: ISO 639-1 code -> Snowball algorithm name, for the languages that ship a table of
#: Snowball stems (``languages.TABLE``). ``tools/build_lexicon.py`` builds exactly these,
#: plus the tables keyed by surface word (``ja``/``zh``: Snowball has no stemmer for them).
SNOWBALL_LANGUAGES: Mapping[str, str] = MappingProxyType(
    {row.code: row.snowball for row in sorted(TABLE, key=lambda row: row.code) if row.snowball}
)

#: Languages written without spaces between words: ``core.reading.segment`` splits them into words
#: (with SudachiPy or rjieba when installed), and their tables are keyed by surface word.
UNSPACED_LANGUAGES = frozenset(row.code for row in TABLE if not row.spaced)

#: What ``--lang`` accepts: the languages of ``languages.TABLE`` and their aliases (Korean,
#: which ``core.reading.language`` detects, is read without a table: no stems, no prior).
KNOWN_LANGUAGES = frozenset(BY_CODE) | set(ALIASES)

#: The memo of a stemmer is emptied when it reaches this many words: common words are
# re-stemmed once afterwards, while a vault full of names and typos can't grow it unbounded
# (about 140 bytes a word, so at most ~9 MB per language).
MEMO_LIMIT = 1 << 16

_EMPTY_TABLE: Mapping[str, float] = MappingProxyType({})

# A table stores each Zipf value as one byte, round(zipf * _ZIPF_SCALE): steps of 0.04, up
# to 10.2 (tools/build_lexicon.py quantises with this very constant).
_ZIPF_SCALE = 25

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_DATA_DIR = os.path.join(_PACKAGE_DIR, "data")

#: What ``stemmer`` returns: lowercase word -> stem.
StemFunction = Callable[[str], str]


def _canonical(lang: str) -> str:
    """``"en-US"``, ``"EN"``, ``"en_GB"`` -> ``"en"``; ``"no"`` -> ``"nb"``."""
    code = lang.strip().lower().replace("_", "-").split("-", 1)[0]
    return ALIASES.get(code, code)


def _read_data(folder: str, name: str) -> bytes | None:
    """Bytes of ``hatch_cli/data/<folder>/<name>``, or None when the package has no such file."""
    try:
        # A plain read: importing importlib.resources alone costs 20-30 ms in a fresh process.
        with open(os.path.join(_DATA_DIR, folder, name), "rb") as file:
            return file.read()
    except (FileNotFoundError, NotADirectoryError):
        if os.path.isdir(_DATA_DIR):
            return None
    # The package is not on the file system (imported from a zip): ask importlib.resources.
    from importlib.resources import files

    resource = files("hatch_cli") / "data" / folder / name
    return resource.read_bytes() if resource.is_file() else None


def _is_code(code: str) -> bool:
    """Only plain ISO codes name a data file, so no ``lang`` can reach another path."""
    return 2 <= len(code) <= 3 and code.isascii() and code.isalpha()


class ZipfTable(Mapping[str, float]):
    """Sorted ``key<TAB>V`` lines (UTF-8 bytes, ``data``), binary-searched in place
    (``search``) until asked a lot, then a dict (``as_dict``).

    Building a dict of English's 64k stems costs ~15 ms, most of ``hatch combine``'s
    start-up budget, for the few hundred stems two notes have; a search in the bytes costs
    a few microseconds (and the bytes need not even be decoded: UTF-8 sorts as code
    points do). After ``_SEARCHES_BEFORE_DICT`` look-ups (a vault), it builds the dict.
    """

    def __init__(self, lines: bytes) -> None:
        # b"\n" before every line and after the last: every line starts at a b"\n".
        self.data = lines if lines.startswith(b"\n") else b"\n" + lines
        if not self.data.endswith(b"\n"):
            self.data += b"\n"
        self._dict: dict[str, float] | None = None
        self._searches = 0

    def as_dict(self) -> dict[str, float]:
        if self._dict is None:
            body = self.data[1:-1]
            lines = body.split(b"\n") if body else []
            values = _ZIPF_VALUES
            self._dict = {line[:-2].decode("utf-8"): values[line[-1]] for line in lines}
        return self._dict

    def search(self, key: str) -> float | None:
        data, wanted = self.data, key.encode("utf-8", "surrogatepass")
        lo, hi = 0, len(data) - 1  # both at a b"\n"; hi is the last, which starts no line
        while lo < hi:
            start = data.rfind(b"\n", lo, (lo + hi) // 2 + 1)
            tab = data.find(b"\t", start)
            if tab < 0:
                break
            found = data[start + 1 : tab]
            if found == wanted:
                return _ZIPF_VALUES[data[tab + 1]]
            if found < wanted:
                lo = tab + 2  # the b"\n" that starts the next line
            else:
                hi = start
        return None

    def get(self, key: str, default: Any = None) -> Any:
        if self._dict is None:
            self._searches += 1
            if self._searches <= _SEARCHES_BEFORE_DICT:
                value = self.search(key)
                return default if value is None else value
        return self.as_dict().get(key, default)

    def __getitem__(self, key: str) -> float:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return float(value)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self.as_dict())

    def __len__(self) -> int:
        return len(self.as_dict())


_SEARCHES_BEFORE_DICT = 4096
# Byte V of a table line is round(zipf * _ZIPF_SCALE): always above 13, so never a tab,
# newline or carriage return (tools/build_lexicon.py checks it, and writes with these).
_ZIPF_MIN_BYTE = 14
_ZIPF_VALUES = [q / _ZIPF_SCALE for q in range(256)]


#: Tables shipped uncompressed (``plain`` in their row; the others are gzipped).
PLAIN_TABLES = frozenset(row.code for row in TABLE if row.plain)


def table_file(code: str) -> str:
    """The file name of a language's table in ``data/zipf``."""
    return f"{code}.zipf" if code in PLAIN_TABLES else f"{code}.zipf.gz"


@cache
def _load_zipf(code: str) -> Mapping[str, float]:
    data = _read_data("zipf", table_file(code)) if _is_code(code) else None
    if data is None:
        return _EMPTY_TABLE
    # zlib reads the gzip container itself (wbits 16+): the gzip module costs more to import.
    raw = data if code in PLAIN_TABLES else zlib.decompress(data, 16 + zlib.MAX_WBITS)
    start = 0
    while raw.startswith(b"#", start):
        start = raw.index(b"\n", start) + 1
    return ZipfTable(raw[start - 1 if start else 0 :])


@cache
def zipf_table(lang: str) -> Mapping[str, float]:
    """Zipf frequency of each word family (Snowball stem; surface word for ja/zh) in ``lang``.

    Loaded once per process (~65k stems for English) and shared; do not mutate it. An
    unknown language gives an empty mapping, so every word in it counts as rare.
    """
    return _load_zipf(_canonical(lang))


def zipf(stem: str, lang: str = "en") -> float:
    """Zipf frequency of the word family of ``stem``; 0.0 when unknown (rare => informative).

    For millions of look-ups, fetch ``zipf_table(lang)`` once and use its ``.get``.
    """
    return zipf_table(lang).get(stem, 0.0)


@cache
def _load_stopwords(code: str) -> frozenset[str]:
    data = _read_data("stopwords", f"{code}.txt") if _is_code(code) else None
    if data is None:
        return frozenset()
    lines = data.decode("utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


@cache
def stopwords(lang: str) -> frozenset[str]:
    """Lowercase surface words too common to be keywords; empty for an unknown language."""
    return _load_stopwords(_canonical(lang))


#: Closed-class words (prepositions, indefinite pronouns, conjunctions, sentence
#: adverbs) that the shipped stopword lists lack. They stay in the vectors (the prior
#: already weighs them down, and the rankings were measured with them), but they are
#: never a subject, so never named as what notes share ("the notes meet on onto").
#: Only closed classes belong here: open-class words that are merely common are the
#: prior's to judge. Words whose stem is a content word's are left out ("quite" stems
#: to "quit", "except" is also "exception", "even" is also "evening").
FUNCTION_WORDS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "en": frozenset(
            {
                "onto",
                "upon",
                "unto",
                "toward",
                "towards",
                "nobody",
                "somebody",
                "anybody",
                "everybody",
                "someone",
                "anyone",
                "everyone",
                "something",
                "anything",
                "everything",
                "nothing",
                "nowhere",
                "somewhere",
                "anywhere",
                "everywhere",
                "whatever",
                "whoever",
                "whenever",
                "wherever",
                "however",
                "although",
                "though",
                "unless",
                "whether",
                "within",
                "without",
                "across",
                "along",
                "among",
                "amongst",
                "around",
                "beside",
                "besides",
                "beyond",
                "despite",
                "since",
                "throughout",
                "till",
                "via",
                "yet",
                "also",
                "already",
                "still",
                "ever",
                "often",
                "rather",
                "almost",
                "perhaps",
                "maybe",
                "instead",
                "thus",
                "hence",
                "therefore",
                "indeed",
                "anyway",
            }
        )
    }
)


@cache
def function_word_stems(lang: str) -> frozenset[str]:
    """``FUNCTION_WORDS`` of a language as stems, to test terms (empty for most)."""
    stem = stemmer(lang)
    return frozenset(stem(word) for word in FUNCTION_WORDS.get(_canonical(lang), ()))


def _identity(word: str) -> str:
    return word


class _Memo(dict[str, str]):
    """word -> stem; a miss stems the word, so a hit costs one C-level dict lookup."""

    def __init__(self, stem_word: StemFunction) -> None:
        super().__init__()
        self._stem_word = stem_word

    def __missing__(self, word: str) -> str:
        if len(self) >= MEMO_LIMIT:
            self.clear()
        stem = self[word] = self._stem_word(word)
        return stem


@cache
def stemmer(lang: str) -> StemFunction:
    """Memoising Snowball stem function for ``lang`` (give it lowercase words).

    Languages without a Snowball algorithm (ja, zh, unknown) get the identity function.
    A vault repeats most words many times over, so a memo answers them: ~0.17 µs a word
    instead of ~0.3 µs for PyStemmer's C code (~25 µs for pure-Python snowballstemmer),
    and faster than ``functools.lru_cache`` in front of it. One function per language and
    process: don't call it from several threads at once.
    """
    algorithm = SNOWBALL_LANGUAGES.get(_canonical(lang))
    if algorithm is None:
        return _identity
    # Imported here so that commands which never stem don't pay for it. PyStemmer is the
    # declared dependency; the pure-Python snowballstemmer (same algorithms and stems, what
    # tools/build_lexicon.py keys the tables with) is the fallback.
    try:
        from Stemmer import Stemmer

        # maxCacheSize=0: PyStemmer's own cache is slower than no cache; ours is in _Memo.
        stem_word: StemFunction = Stemmer(algorithm, 0).stemWord
    except ImportError:
        from importlib import import_module  # the fallback, for when PyStemmer is missing

        stem_word = import_module("snowballstemmer").stemmer(algorithm).stemWord
    return _Memo(stem_word).__getitem__
