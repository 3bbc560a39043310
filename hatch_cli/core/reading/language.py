"""Which language a note is written in, guessed cheaply from its text. Pure.

First the script: kana means Japanese, Han without kana Chinese, Hangul Korean, and
Cyrillic, Greek, Arabic and Devanagari letters point to the one or two languages hatch
has tables for in that script. Latin text (and Arabic script, shared by Arabic and
Persian) is settled by stopword hits: the language whose stopword list (``lexicon``)
covers most of the note's first few hundred words. Only a sample of the text is read, so
the cost is a few regex scans, whatever the note's length.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import cache

from hatch_cli.core.languages import BY_CODE, SCRIPTS, TABLE, written_in
from hatch_cli.core.reading import lexicon
from hatch_cli.core.reading.text import WORD

DEFAULT = "en"
# Characters read: enough for a few hundred words, so a long note costs no more.
SAMPLE_CHARS = 4000
# Words scored against the stopword lists.
SAMPLE_WORDS = 400
# English is the common case: when this share of the words are English stopwords
# (running English is ~40-50%; other languages' text a few per cent), stop there.
ENGLISH_SHORTCUT = 0.3
# At least this share of the words, and this many different ones, must be a language's
# stopwords to name it: "AI AI AI product" (Romanian "ai") stays ``default``.
MIN_STOPWORD_SHARE = 0.05
MIN_STOPWORD_HITS = 3
# A CJK character carries about as much as a Latin word: one weighs this many letters.
CJK_WEIGHT = 4
# Japanese text is kana for a good third of its characters; Chinese has none. A few kana
# (a quoted Japanese name) in Chinese text don't make it Japanese.
MIN_KANA_SHARE = 0.05

_SCRIPT_OF: dict[str, str] = {}  # memo: a note repeats its characters
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_ASCII_LETTER = re.compile(r"[A-Za-z]")

#: Languages written in the Latin script that hatch has stopwords for, English first.
LATIN_LANGUAGES = tuple(code for code in written_in("latin") if BY_CODE[code].tables)
# Scripts of the languages hatch knows other than Latin and CJK, in the table's order.
_OTHER_SCRIPTS = tuple(
    dict.fromkeys(row.script for row in TABLE if row.script not in ("latin", "kana", "han"))
)
# Japanese is written in kana (and Han), Chinese in Han alone.
_KANA, _HAN = written_in("kana")[0], written_in("han")[0]


def detect_language(text: str, default: str = DEFAULT) -> str:
    """ISO 639-1 code of the language ``text`` is most likely in; ``default`` if unsure."""
    sample = text[:SAMPLE_CHARS]
    if sample.isascii():  # no script to tell: the stopwords of Latin-script languages
        return _by_stopwords(sample, LATIN_LANGUAGES) or default
    scripts = _scripts(sample)
    if set(scripts) - {"latin", ""}:
        latin = scripts.get("latin", 0) + len(_ASCII_LETTER.findall(sample))
        kana = scripts.get("kana", 0)
        cjk = kana + scripts.get("han", 0)
        if cjk and cjk * CJK_WEIGHT >= latin:
            return _KANA if kana >= MIN_KANA_SHARE * cjk else _HAN
        best = max(_OTHER_SCRIPTS, key=lambda script: scripts.get(script, 0))
        if scripts.get(best, 0) > latin:
            # A script several languages share (Arabic, Persian) is settled by stopwords.
            candidates = written_in(best)
            if len(candidates) == 1:
                return candidates[0]
            return _by_stopwords(sample, candidates) or candidates[0]
    return _by_stopwords(sample, LATIN_LANGUAGES) or default


def _scripts(sample: str) -> dict[str, int]:
    """How many characters of each script beyond ASCII ('' for symbols and the like)."""
    counts: dict[str, int] = {}
    for run in _NON_ASCII.findall(sample):
        for char in run:
            script = _SCRIPT_OF.get(char)
            if script is None:
                code = ord(char)
                script = next((name for lo, hi, name in SCRIPTS if lo <= code <= hi), "")
                _SCRIPT_OF[char] = script
            counts[script] = counts.get(script, 0) + 1
    return counts


def _by_stopwords(sample: str, candidates: Sequence[str]) -> str:
    """The candidate whose stopwords are most of the sample's words ('' if none is)."""
    words = list(map(str.lower, WORD.findall(sample, 0)[:SAMPLE_WORDS]))
    if not words:
        return ""
    if candidates and candidates[0] == "en":
        # Most notes are English: one list answers them, before the index of all lists.
        english = lexicon.stopwords("en")
        if sum(map(english.__contains__, words)) >= ENGLISH_SHORTCUT * len(words):
            return "en"
    # One pass over the distinct words for every candidate at once: a vault detects
    # thousands.
    index = stopword_index(tuple(candidates))
    hits: dict[str, int] = {}
    distinct: dict[str, set[str]] = {}
    for word, times in Counter(words).items():
        for code in index.get(word, ()):
            hits[code] = hits.get(code, 0) + times
            distinct.setdefault(code, set()).add(word)
    different = {code: len(found) for code, found in distinct.items()}
    return by_hits(len(words), hits, different, candidates)


def by_hits(
    words: int, hits: Mapping[str, int], distinct: Mapping[str, int], candidates: Sequence[str]
) -> str:
    """The language of a sample of ``words`` words (``SAMPLE_WORDS`` at most, the first)
    of which ``hits[code]`` are stopwords of ``code``, ``distinct[code]`` different ones:
    the candidate whose stopwords are most of them ('' if none is)."""
    if not words:
        return ""
    best, best_hits = "", MIN_STOPWORD_SHARE * words
    for code in candidates:
        found = hits.get(code, 0)
        if code == "en" and found >= ENGLISH_SHORTCUT * words:
            return code
        if found > best_hits and distinct.get(code, 0) >= MIN_STOPWORD_HITS:
            best, best_hits = code, found
    return best


@cache
def stopword_index(candidates: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Stopword -> the candidate languages that have it."""
    index: dict[str, list[str]] = {}
    for code in candidates:
        for word in lexicon.stopwords(code):
            index.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in index.items()}
