"""Japanese and Chinese text -> runs of content words (nouns, names, loanwords).

Japanese and Chinese put no spaces between words, so ``keywords`` hands their sentences
here instead of to its word regex. Two ways to split them:

* **An analyser**, behind an optional extra: SudachiPy with its core dictionary for
  Japanese (``pip install 'hatch-notes[ja]'``), rjieba (jieba-rs) for Chinese
  (``pip install 'hatch-notes[zh]'``). Their part-of-speech tags keep nouns and proper
  nouns. They are imported only when the first Japanese or Chinese sentence is split,
  so English notes never pay for them (SudachiPy costs ~70 ms to import and load).
* **A fallback** that needs nothing: the text is cut where the script changes
  (kanji, hiragana, katakana, Latin); katakana runs are loanwords and stay whole,
  hiragana (particles, endings) ends a run, and long kanji runs are split into the words
  of the shipped word-frequency table (``lexicon.zipf_table``) by the most likely
  segmentation, with character bigrams where the table knows none of it.

Either way the result is a list of *runs*: words that stand next to each other with
nothing but spaces between them, so that ``keywords`` can join neighbours into phrases
(学習 + データ -> 学習データ). Pure: no I/O beyond importing the analyser.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache
from importlib import import_module

from hatch_cli.core.languages import TABLE
from hatch_cli.core.reading import lexicon

#: (surface, separator before it in the text: "" or " ")
Token = tuple[str, str]
Run = list[Token]
Analyser = Callable[[str], list[Run]]

#: The ``hatch-notes[...]`` extra that brings a language's analyser, and its name.
EXTRA_OF = {row.code: row.extra for row in TABLE if row.extra}
NAME_OF = {row.code: row.name for row in TABLE if row.extra}

# Sudachi refuses input over ~49 kB (UTF-8); a sentence that long is cut into pieces.
_MAX_CHUNK_CHARS = 8000
# Words in a fallback dictionary segmentation are at most this long.
_MAX_WORD_CHARS = 6
# Cost of a word in the fallback segmentation: how unlikely it is (a Zipf frequency of 9
# is once per word), and that plus this for a character the table does not know.
_ZIPF_ONE = 9.0
_UNKNOWN_COST = 2.0

_SMALL_KANA = "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
_PIECES = re.compile(
    r"(?P<kata>[\u30a1-\u30fa\u30fc\u31f0-\u31ff\uff66-\uff9d]+)"
    r"|(?P<han>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3006\u30f6]+)"
    r"|(?P<hira>[\u3040-\u309f]+)"
    r"|(?P<latin>[A-Za-z\u00c0-\u024f]+(?:['’][A-Za-z\u00c0-\u024f]+)*)"
    r"|(?P<space>[ \t\u3000]+)"
)
# Hiragana that may follow a name or noun without making it a verb stem: particles.
_PARTICLES = frozenset("はがをにのとでもへやか")


def forget_analysers() -> None:
    """Look for the analysers again on next use (after one is installed, or in tests)."""
    _analyser.cache_clear()


def has_analyser(lang: str) -> bool:
    """Whether the analyser of ``lang`` is installed (imports it on first call)."""
    return _analyser(lang) is not None


def runs(text: str, lang: str) -> list[Run]:
    """The runs of content words of ``text``, in order; anything else ends a run."""
    analyser = _analyser(lang)
    if analyser is not None:
        out: list[Run] = []
        for start in range(0, len(text), _MAX_CHUNK_CHARS):
            out += analyser(text[start : start + _MAX_CHUNK_CHARS])
        return out
    return fallback_runs(text, lang)


# --------------------------------------------------------------------------- analysers


# Common and proper nouns (not numerals, pronouns); but not the adverbial ones, which are
# about time and amount (以上, 毎日, 半年, ころ, うち): never the subject of a note.
_NOUNS = frozenset({"普通名詞", "固有名詞"})
# Short nouns written in hiragana are formal nouns (こと, もの, ため, ところ).
_SHORT_HIRAGANA = re.compile(r"[\u3040-\u309f]{1,4}")


def _runs(words: Iterable[tuple[str, bool, bool]]) -> list[Run]:
    """Consecutive kept words as runs (phrase candidates): (word, is_space, keep) in order.
    A word not kept ends a run; a space before a kept word is remembered as its separator."""
    out: list[Run] = []
    run: Run = []
    sep = ""
    for word, is_space, keep in words:
        if is_space:
            sep = " "
            continue
        if keep:
            run.append((word, sep if run else ""))
        elif run:
            out.append(run)
            run = []
        sep = ""
    if run:
        out.append(run)
    return out


def _sudachi() -> Analyser | None:
    try:
        sudachipy = import_module("sudachipy")  # the module as Any: typed with or without it
    except ImportError:
        return None
    try:
        dictionary = sudachipy.Dictionary(dict="core")
        # SudachiPy 0.7 renamed create() to tokenizer() (and warns about the old name).
        make = getattr(dictionary, "tokenizer", None) or dictionary.create
        tokenizer = make(mode=sudachipy.SplitMode.B)
    except Exception:  # a broken or missing dictionary: the fallback still works
        return None

    def analyse(text: str) -> list[Run]:
        words = []
        for morpheme in tokenizer.tokenize(text):
            pos = morpheme.part_of_speech()
            surface = morpheme.surface()
            keep = (
                pos[0] == "名詞"
                and pos[1] in _NOUNS
                and pos[2] != "副詞可能"
                and not _SHORT_HIRAGANA.fullmatch(surface)
            )
            words.append((surface, pos[0] == "空白", keep))
        return _runs(words)

    return analyse


# jieba tags: n* nouns and names, vn verbal nouns, eng Latin words, j abbreviations,
# l set phrases (数据分析).
_JIEBA_KEEP = frozenset({"vn", "eng", "j", "l"})


def _rjieba() -> Analyser | None:
    try:
        rjieba = import_module("rjieba")
    except ImportError:
        return None

    def analyse(text: str) -> list[Run]:
        return _runs(
            (word, word.isspace(), tag.startswith("n") or tag in _JIEBA_KEEP)
            for word, tag in rjieba.tag(text)
        )

    return analyse


#: language -> loader of its analyser (None when the extra is not installed).
LOADERS: dict[str, Callable[[], Analyser | None]] = {"ja": _sudachi, "zh": _rjieba}


@cache
def _analyser(lang: str) -> Analyser | None:
    loader = LOADERS.get(lang)
    return loader() if loader is not None else None


# --------------------------------------------------------------------------- fallback


def fallback_runs(text: str, lang: str) -> list[Run]:
    """Runs of content words found without an analyser (see the module docstring)."""
    table = lexicon.zipf_table(lang)
    japanese = lang == "ja"
    out: list[Run] = []
    run: Run = []
    sep = ""
    for match in _PIECES.finditer(text):
        kind, piece = match.lastgroup, match.group()
        if match.start() and run and _gap(text, match.start()):
            out.append(run)
            run = []
        if kind == "space":
            sep = " "
            continue
        if kind == "hira":
            if run:
                out.append(run)
                run = []
            sep = ""
            continue
        if kind == "kata":
            words = [piece] if japanese and len(piece) > 1 and piece[0] not in _SMALL_KANA else []
        elif kind == "han":
            words = _kanji_words(text, match.end(), piece, table, japanese)
        else:
            words = [piece]
        if not words and run:
            out.append(run)
            run = []
        for word in words:
            run.append((word, sep if run else ""))
            sep = ""
        sep = ""
    if run:
        out.append(run)
    return out


def _gap(text: str, start: int) -> bool:
    """Whether something other than letters and spaces stood before ``start``."""
    previous = text[start - 1]
    return not (previous.isalpha() or previous in " \t\u3000")


def _kanji_words(
    text: str, end: int, piece: str, table: Mapping[str, float], japanese: bool
) -> list[str]:
    """The words of a run of Han characters (none when it is a verb or adjective stem)."""
    if japanese:
        piece = piece.rstrip(_PREFIXES)  # 第(30条), 約(3時間): a prefix of a number
        if len(piece) <= 3:
            follows = text[end : end + 1]
            hiragana_after = bool(follows) and "\u3040" <= follows <= "\u309f"
            if hiragana_after and follows not in _PARTICLES and piece not in table:
                return []  # 見込(む), 取扱(う): the stem of a verb
            words = [piece]
        else:
            words = _merge_single(_best_split(piece, table))
        # 定(める), 強(い), 人: a lone kanji is mostly a stem; 三千枚, 四十分: amounts
        return [word for word in words if len(word) > 1 and not _is_count(word, table)]
    return [word for word in _best_split(piece, table) if len(word) > 1]


_PREFIXES = "第約計各"
_NUMERALS = frozenset("〇一二三四五六七八九十百千万億兆数何")


def _is_count(word: str, table: Mapping[str, float]) -> bool:
    """A numeral and a counter (三千枚, 四十分, 二回), unless the table knows it (一般)."""
    return all(char in _NUMERALS for char in word[:-1]) and word not in table


def _best_split(piece: str, table: Mapping[str, float]) -> list[str]:
    """The most likely split of ``piece`` into the table's words (unigram model)."""
    n = len(piece)
    cost = [0.0] + [float("inf")] * n
    back = [0] * (n + 1)
    for end in range(1, n + 1):
        for size in range(1, min(_MAX_WORD_CHARS, end) + 1):
            start = end - size
            zipf = table.get(piece[start:end])
            if zipf is None:
                if size > 1:
                    continue
                step = _ZIPF_ONE + _UNKNOWN_COST
            else:
                step = _ZIPF_ONE - zipf
            if cost[start] + step < cost[end]:
                cost[end] = cost[start] + step
                back[end] = start
    words: list[str] = []
    end = n
    while end > 0:
        words.append(piece[back[end] : end])
        end = back[end]
    words.reverse()
    return list(_join_unknown(words, table))


def _join_unknown(words: list[str], table: Mapping[str, float]) -> Iterator[str]:
    """Characters the table doesn't know, next to each other, are one word (a name);
    three or more become overlapping character bigrams instead."""
    pending = ""
    for word in [*words, ""]:
        if len(word) == 1 and word not in table:
            pending += word
            continue
        if pending:
            if len(pending) <= 2:
                yield pending
            else:
                yield from (pending[i : i + 2] for i in range(len(pending) - 1))
            pending = ""
        if word:
            yield word


def _merge_single(words: list[str]) -> list[str]:
    """Glue a one-character word to its neighbour: 著作+権 -> 著作権, 大+規模 -> 大規模."""
    out: list[str] = []
    for word in words:
        if out and (len(word) == 1 or len(out[-1]) == 1):
            out[-1] += word
        else:
            out.append(word)
    return out
