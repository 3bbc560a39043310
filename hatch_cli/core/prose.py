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

#: Reading speed of the reading time, as Glasp's hatched articles count it.
WORDS_PER_MINUTE = 225
# Scripts written without spaces between words: Han, Hiragana, Katakana, Hangul.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def count_words(text: str) -> int:
    """Words in ``text``; in scripts without spaces (Japanese, Chinese, Korean) every two
    characters count as one word, about the same reading time per word."""
    unspaced = len(_UNSPACED.findall(text))
    if not unspaced:
        return len(text.split())
    return len(_UNSPACED.sub(" ", text).split()) + math.ceil(unspaced / 2)


def reading_minutes(words: int) -> int:
    """Minutes to read ``words`` words at ``WORDS_PER_MINUTE``, at least one."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def listing(words: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def quoted(titles: Sequence[str]) -> str:
    """Titles in typographic quotes, as a listing."""
    return listing([f"“{title}”" for title in titles])


def capitalise(text: str) -> str:
    """The first letter upper-cased, the rest as written (``str.capitalize`` lowers it)."""
    return text[:1].upper() + text[1:]


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a space, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


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
    while len(kept) > 1 and kept[-1].lower().strip(",;:") in dangling:
        kept.pop()
    return " ".join(kept).rstrip(",;:") if kept else words[0]


# --------------------------------------------------------------------------- outline


def outline_title(titles: Sequence[str], top_words: Sequence[str]) -> str:
    """The strongest shared theme that no title already names, then the titles."""
    names = listing(titles)
    named = " ".join(titles).casefold()
    lead = next((word for word in top_words if word.casefold() not in named), None)
    if lead is not None:
        return f"{capitalise(lead)}: {names}"
    if top_words:
        return names
    return f"{titles[0]}, meet {listing(titles[1:])}"


def outline_intro(titles: Sequence[str], shared: Sequence[str], own_words: Sequence[str]) -> str:
    """One or two sentences on what the notes share (or that they share nothing)."""
    both = "Both notes" if len(titles) == 2 else f"All {len(titles)} notes"
    if not shared:
        subjects = [
            f"“{title}” is about {word}"
            for title, word in zip(titles, own_words, strict=True)
            if word
        ]
        return (
            f"These notes share no keywords: {listing(subjects)}. The outline sets them "
            "side by side, so the new idea has to come from the contrast."
        )
    lead = listing(shared[:3])
    extra = len(shared) - 3
    more = f", and {extra} more shared keyword{'s' if extra > 1 else ''}" if extra > 0 else ""
    return f"{quoted(titles)} meet on {lead}{more}. {both} are quoted below on each theme."


def outline_conclusion(top_words: Sequence[str], own_words: Sequence[str]) -> str:
    """A closing sentence or two on where the notes meet."""
    if top_words:
        return (
            f"{capitalise(listing(top_words))} "
            f"{'is' if len(top_words) == 1 else 'are'} where these notes meet. "
            "Start the new piece there, and let each note supply what the other lacks."
        )
    pairs = listing([word for word in own_words if word])
    return (
        f"Nothing links these notes by word, so any link is yours to make: "
        f"{pairs} may have more in common than their vocabulary shows."
    )


def built_advice(titles: Sequence[str], shared: Sequence[str]) -> list[str]:
    """Advice hatch writes itself when the notes give too little of their own."""
    first, second = titles[0], titles[1]
    built: list[str] = []
    if shared:
        built.append(
            f"Write one paragraph on {shared[0]} that draws on both “{first}” and “{second}”."
        )
    if len(shared) > 1:
        built.append(f"Ask how {shared[1]} looks different once you read both notes side by side.")
    if shared:
        built.append(f"List what each note says about {shared[0]} and mark where they disagree.")
    built += [
        f"Test the strongest point of “{first}” against “{second}”.",
        f"Ask what “{second}” would change if its author had read “{first}”.",
        "Link the notes to each other so the connection is there the next time you read either.",
    ]
    return built
