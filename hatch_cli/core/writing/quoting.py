"""Which sentences of a note can be quoted, and which already were. Pure.

Everything hatch quotes is a whole sentence of a note's body: long enough to say
something, not one that only introduces what follows it, never quoted twice in one
outline, and cut (rarely) only outside inline code.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from hatch_cli.core.reading.lexicon import stopwords
from hatch_cli.core.reading.terms import Sentence
from hatch_cli.core.writing import prose
from hatch_cli.models import Note

MAX_LINE_CHARS = 320
MAX_TITLE_CHARS = 60
#: A quoted line has at least this many words (a shorter one is a label, not a sentence).
MIN_QUOTE_WORDS = 3
#: Body kinds a quote may come from; a heading only when nothing else has the keyword.
BODY = ("paragraph", "item", "quote")


@dataclass
class Quotes:
    """The sentences already quoted: none is quoted twice, by position or by text."""

    places: set[tuple[int, int]] = dataclasses.field(default_factory=set)
    texts: set[str] = dataclasses.field(default_factory=set)

    def used(self, note: int, sentence: Sentence) -> bool:
        return (note, sentence.order) in self.places or key(sentence.text) in self.texts

    def take(self, note: int, sentence: Sentence) -> None:
        self.places.add((note, sentence.order))
        self.texts.add(key(sentence.text))


def key(text: str) -> str:
    return " ".join(text.casefold().split())


def short_title(note: Note) -> str:
    """A note's title short enough to name it inside another title or sentence."""
    return prose.short_title(note.title, MAX_TITLE_CHARS, stopwords(note.lang))


def quotable(sentence: Sentence, kinds: Sequence[str] = BODY) -> bool:
    """A sentence worth quoting: from the body, long enough, and not one that only
    introduces what follows it (``...looks like this:`` before a code block)."""
    text = sentence.text.rstrip()
    return (
        sentence.kind in kinds
        and prose.count_words(text) >= MIN_QUOTE_WORDS
        and not text.endswith((":", "："))
    )


def sentence_score(sentence: Sentence, contribution: dict[str, float]) -> float:
    """How much of what the notes share a sentence holds."""
    return sum(contribution.get(term, 0.0) for term in sentence.terms)


def clip(text: str) -> str:
    """A line cut to ``MAX_LINE_CHARS`` if it is longer, never inside inline code."""
    clipped = prose.shorten(text, MAX_LINE_CHARS)
    if clipped.count("`") % 2:
        clipped = clipped[: clipped.rfind("`")].rstrip() + "…"
    return clipped
