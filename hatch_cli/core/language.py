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
from collections.abc import Sequence
from functools import cache

from hatch_cli.core import lexicon
from hatch_cli.core.text import WORD

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

# Script of a character by code point ranges: (first, last, script). Not regex classes:
# compiling classes with ranges this wide costs milliseconds, the whole budget.
_RANGES = (
    (0x00C0, 0x024F, "latin"),
    (0x0370, 0x03FF, "el"),
    (0x0400, 0x04FF, "ru"),
    (0x0600, 0x06FF, "ar"),
    (0x0750, 0x077F, "ar"),
    (0x0900, 0x097F, "hi"),
    (0x1100, 0x11FF, "ko"),
    (0x1F00, 0x1FFF, "el"),
    (0x3040, 0x30FF, "kana"),
    (0x3130, 0x318F, "ko"),
    (0x31F0, 0x31FF, "kana"),
    (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"),
    (0xAC00, 0xD7AF, "ko"),
    (0xF900, 0xFAFF, "han"),
    (0xFB50, 0xFDFF, "ar"),
    (0xFE70, 0xFEFF, "ar"),
    (0xFF66, 0xFF9D, "kana"),
)
_SCRIPT_OF: dict[str, str] = {}  # memo: a note repeats its characters
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
# Scripts of the languages hatch has tables for, other than Latin and CJK.
_OTHER_SCRIPTS = ("ko", "ru", "el", "ar", "hi")

#: Languages written in the Latin script that hatch has stopwords for, English first.
LATIN_LANGUAGES = (
    "en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb",
    "fi", "hu", "pl", "cs", "ro", "tr", "ca",
)  # fmt: skip
# Scripts shared by several languages with tables: settled by stopwords among these.
_SHARED_SCRIPT = {"ar": ("ar", "fa")}


def detect_language(text: str, default: str = DEFAULT) -> str:
    """ISO 639-1 code of the language ``text`` is most likely in; ``default`` if unsure."""
    sample = text[:SAMPLE_CHARS]
    scripts = _scripts(sample)
    if set(scripts) - {"latin", ""}:
        latin = scripts.get("latin", 0) + len(_ASCII_LETTER.findall(sample))
        kana = scripts.get("kana", 0)
        cjk = kana + scripts.get("han", 0)
        if cjk and cjk * CJK_WEIGHT >= latin:
            return "ja" if kana >= MIN_KANA_SHARE * cjk else "zh"
        best = max(_OTHER_SCRIPTS, key=lambda code: scripts.get(code, 0))
        if scripts.get(best, 0) > latin:
            candidates = _SHARED_SCRIPT.get(best)
            return (_by_stopwords(sample, candidates) or best) if candidates else best
    return _by_stopwords(sample, LATIN_LANGUAGES) or default


def _scripts(sample: str) -> dict[str, int]:
    """How many characters of each script beyond ASCII ('' for symbols and the like)."""
    counts: dict[str, int] = {}
    for run in _NON_ASCII.findall(sample):
        for char in run:
            script = _SCRIPT_OF.get(char)
            if script is None:
                code = ord(char)
                script = next((name for lo, hi, name in _RANGES if lo <= code <= hi), "")
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
    index = _stopword_index(tuple(candidates))
    hits: dict[str, int] = {}
    distinct: dict[str, set[str]] = {}
    for word, times in Counter(words).items():
        for code in index.get(word, ()):
            hits[code] = hits.get(code, 0) + times
            distinct.setdefault(code, set()).add(word)
    best, best_hits = "", MIN_STOPWORD_SHARE * len(words)
    for code in candidates:
        found = hits.get(code, 0)
        if code == "en" and found >= ENGLISH_SHORTCUT * len(words):
            return code
        if found > best_hits and len(distinct.get(code, ())) >= MIN_STOPWORD_HITS:
            best, best_hits = code, found
    return best


@cache
def _stopword_index(candidates: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Stopword -> the candidate languages that have it."""
    index: dict[str, list[str]] = {}
    for code in candidates:
        for word in lexicon.stopwords(code):
            index.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in index.items()}
