"""The words hatch writes itself: connective sentences, lists of names, word counts and
reading time. Pure.

Everything else in an outline or article is the notes' own text. Keeping hatch's own
sentences here (not scattered through the combiner and the renderers) is what lets the
same outline read the same everywhere, and gives one word count and one reading time.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import cache

#: Reading speed of the reading time, as Glasp's hatched articles count it.
WORDS_PER_MINUTE = 225
# Scripts written without spaces between words: Han, Hiragana, Katakana, Hangul. None of
# them comes before U+3040, so text below it needs no search (and the pattern, whose
# ranges cost ~3 ms to compile, is built only for text that may hold them).
_FIRST_UNSPACED = "\u3040"


@cache
def _unspaced() -> re.Pattern[str]:
    return re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def count_words(text: str) -> int:
    """Words in ``text``; in scripts without spaces (Japanese, Chinese, Korean) every two
    characters count as one word, about the same reading time per word."""
    if not text or max(text) < _FIRST_UNSPACED:
        return len(text.split())
    unspaced = len(_unspaced().findall(text))
    if not unspaced:
        return len(text.split())
    return len(_unspaced().sub(" ", text).split()) + math.ceil(unspaced / 2)


def reading_minutes(words: int) -> int:
    """Minutes to read ``words`` words at ``WORDS_PER_MINUTE``, at least one."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def listing(words: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def counted(count: int, word: str, plural: str = "") -> str:
    """``1 note``, ``2 notes``: a count with its noun in the number it agrees with."""
    return f"{count} {word if count == 1 else plural or word + 's'}"


def capitalise(text: str) -> str:
    """The first letter upper-cased, the rest as written (``str.capitalize`` lowers it)."""
    return text[:1].upper() + text[1:]


# Sentence ends, in any script hatch writes, and what may close a sentence after them.
_ENDS = ".!?…。！？．"
_CLOSERS = "\"'”’»)]」』）"


@cache
def _wide_end() -> re.Pattern[str]:
    """Text that ends in Japanese or Chinese (a closing bracket of theirs may follow).
    Compiled for a text that ends in such a character: its ranges cost milliseconds to
    compile, a share of ``hatch combine``'s start-up."""
    return re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e」』）]$")


def as_sentence(text: str) -> str:
    """One line of note text as a whole sentence: whitespace folded, end punctuation
    added where it has none (a list item, a heading-like line)."""
    text = " ".join(text.split())
    if not text:
        return text
    core = text.rstrip(_CLOSERS)
    if core and core[-1] in _ENDS:
        return text
    if text[-1] in ",;:、，；：":
        text = text[:-1]
    # A sentence in a script written without spaces ends as that script ends it.
    # "」" (U+300D) is the first character ``_wide_end`` ends on: below it, none can.
    wide = text[-1:] >= "\u300d" and _wide_end().search(text)
    return text + ("。" if wide else ".")


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a space, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


#: Words a title cut before a phrase keeps at least (fewer names too little of the note).
MIN_TITLE_WORDS = 3
# Where a title's first phrase ends: a colon, a dash, a bracket, a question mark.
_PHRASE_END = re.compile(r"\s*(?::\s|\s[-–—]\s|\s\(|\?\s|;\s)")
# Words a cut title may not end on (it would stop inside a phrase): articles,
# prepositions, conjunctions and the connecting verbs of how-to titles.
_DANGLING = frozenset(
    """a an and as at but by for from in into of on or than that the to via vs with using
    when while without about over under between through which who how what your my our its
    their is are be""".split()  # noqa: SIM905 - a word list reads better as text
)


def short_title(title: str, limit: int, stopwords: frozenset[str] = frozenset()) -> str:
    """A title short enough to name a note inside another title, cut only between whole
    phrases and never with an ellipsis: its first phrase (up to a colon, a dash, a
    bracket) when that is long enough to name it, else its words up to ``limit``
    characters, less any function words left dangling at the end (``stopwords`` adds the
    note language's own)."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    head = _PHRASE_END.split(title, maxsplit=1)[0]
    if len(head) <= limit and len(head.split()) >= 2:
        return head
    words = title.split(" ")
    if len(words) == 1:
        return title  # one long word (or text without spaces): a cut would break it
    kept: list[str] = []
    for word in words:
        if len(" ".join([*kept, word])) > limit:
            break
        kept.append(word)
    dangling = _DANGLING | stopwords
    # Cut inside a phrase ("... to generate terrible" of "... terrible Shakespeare"), the
    # title names what it is not: it ends before the phrase its last function word opens.
    opens = [at for at, word in enumerate(kept) if word.lower() in dangling]
    if opens and opens[-1] >= MIN_TITLE_WORDS:
        kept = kept[: opens[-1]]
    while len(kept) > 1 and kept[-1].lower().strip(",;:") in dangling:
        kept.pop()
    return " ".join(kept).rstrip(",;:") if kept else words[0]
