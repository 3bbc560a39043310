"""Is what an article quotes really in the notes? Pure.

A language model that writes from notes can put words in their mouth. Every passage an
article sets in quotation marks (“…”, "…", „…“, «…», ‘…’, 「…」, 『…』) of at least
``MIN_WORDS`` words is looked for in each source note's text (its title and the text of
its blocks, as hatch read them). Both sides are compared folded: Unicode NFKC, every
kind of quote mark as one, dashes as '-', backticks and asterisks dropped, runs of
whitespace as one space, case ignored. A quote shortened with an ellipsis ("…", "...",
"[…]") is found when each of its pieces is, in order, in one note. Leading and trailing
punctuation of a piece never matters (a quote may end where the note's sentence goes on).

What is not found is *unverified*, not necessarily invented: a quote that translates a
note, or that changes one word, is listed too. Shorter quoted phrases (a term, a title)
are not passages and are not checked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from hatch_cli.core.prose import count_words
from hatch_cli.models import Note

#: A quoted passage is checked when it has at least this many words (``prose.count_words``:
#: in Japanese or Chinese, two characters count as a word).
MIN_WORDS = 3

# Opening mark -> the closing marks that may end it. Single curly quotes count only when
# the opening one is not inside a word, and the closing one is not followed by a letter
# (so the apostrophe of "it’s" never closes a quote).
_QUOTED = re.compile(
    r"“(?P<a>[^“”\n]+)[”“]"
    r"|„(?P<b>[^„“”\n]+)[“”]"
    r"|«\s*(?P<c>[^«»\n]+?)\s*»"
    r"|»\s*(?P<d>[^«»\n]+?)\s*«"
    r"|「(?P<e>[^「」\n]+)」"
    r"|『(?P<f>[^『』\n]+)』"
    r"|(?<!\w)‘(?P<g>[^‘\n]+?)’(?!\w)"
    r'|"(?P<h>[^"\n]+)"'
)
_FOLD = str.maketrans(
    {
        **dict.fromkeys("“”„‟«»「」『』‘’‚‛'", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
        "`": None,
        "*": None,
    }
)
_ELLIPSIS = re.compile(r"\s*[\[(]?\s*\.\.\.\s*[\])]?\s*")
_EDGES = ' \t\n.,;:!?"-()[]。、，！？：；'


def fold(text: str) -> str:
    """Text as quotes are compared: NFKC, one kind of quote mark, one kind of dash, no
    backticks or asterisks, single spaces, no case."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return " ".join(text.split()).casefold()


def quoted_passages(text: str, *, min_words: int = MIN_WORDS) -> list[str]:
    """The passages ``text`` sets in quotation marks that are long enough to check, in
    order, as written (without their quote marks)."""
    found = []
    for match in _QUOTED.finditer(text):
        passage = next(group for group in match.groups() if group is not None).strip()
        if count_words(passage) >= min_words:
            found.append(passage)
    return found


def note_ground(note: Note) -> str:
    """What a note's quotes are looked for in: its title and its blocks' text, folded."""
    return fold(" ".join([note.title, *(block.text for block in note.blocks)]))


def found_in(passage: str, ground: str) -> bool:
    """Whether ``passage`` (as quoted) is in ``ground`` (``note_ground``): each piece
    between ellipses, in order, edges trimmed of punctuation."""
    start = 0
    pieces = [piece.strip(_EDGES) for piece in _ELLIPSIS.split(fold(passage))]
    pieces = [piece for piece in pieces if piece]
    if not pieces:
        return True  # nothing but punctuation: nothing to check
    for piece in pieces:
        at = ground.find(piece, start)
        if at < 0:
            return False
        start = at + len(piece)
    return True


def unverified_quotes(texts: Iterable[str], notes: Sequence[Note]) -> tuple[str, ...]:
    """The passages quoted in ``texts`` that are in none of ``notes``, each once, in the
    order they are first quoted."""
    grounds = [note_ground(note) for note in notes]
    missing: dict[str, None] = {}
    for text in texts:
        for passage in quoted_passages(text):
            if passage in missing:
                continue
            if not any(found_in(passage, ground) for ground in grounds):
                missing[passage] = None
    return tuple(missing)
