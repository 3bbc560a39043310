"""Is what an article quotes, and what it links to, really in the notes? Pure.

A language model that writes from notes can put words in their mouth, or a link no note
gave it (a note can even ask it to). ``unverified_quotes`` lists the passages an article
sets in quotation marks, of at least ``MIN_WORDS`` words, that are in none of the source
notes; ``unverified_links`` the URLs (``scheme://…``, ``www.…``) and e-mail addresses
in it that none of the notes has.

**What is a quote.** Text between quotation marks of any style: double (“…”, "…", „…“,
”…”, ＂…＂, 〝…〟, ″…″, ,,…'', ``…''), single (‘…’, '…', ‚…‘, ‛…’), guillemets either way
(«…», »…«, <<…>>, ‹…›, ›…‹), corner brackets (「…」, 『…』, ｢…｣, their vertical forms), and
marks of two styles mixed (“…", „…”, “…’, «…”); and the lines of a block quote
(``> …``). A single mark opens only at the start of a word and closes only at its end,
so the apostrophe of "don't" or "the students' work" is never one; a straight double
mark after a digit (12") is an inch, not an opening quote. Book-title brackets (《…》,
〈…〉) name titles, not quotes.

**Where it must be.** In one note (its title, or one of its blocks as hatch read them: a
quote is never stitched from two notes, nor from two paragraphs), compared folded on
both sides: Unicode NFKC, invisible characters (zero-width spaces and joiners, soft
hyphens, bidi marks) removed, every quote mark as one, every dash as '-', backticks and
asterisks dropped, runs of whitespace as one space, case ignored. It must start and end
on word boundaries there (“is an act of car” is not in "is an act of care"; nor "5
million" in "2.5 million"), except in scripts written without spaces. A quote shortened
with an ellipsis ("…", "...", "[…]") is found when each of its pieces is, in order. The
punctuation at a piece's ends never matters (a quote may stop where the sentence goes on).

**A quote cut out of a denial** is not found either. That is a quote whose place in the
note follows a negation or denial closely: one of the ``CONTEXT_WORDS`` words before it,
in the same sentence and not across a semicolon, a colon or a "but", is "not", "never",
"no", a "n't" word, "false", "myth" and the like (“X is Y” from "It is not true that X
is Y" or "No one believes X is Y"); or one the note goes on to deny ("X is Y is a
myth"). The rule reads words, in English, German, French and Spanish. It catches the
usual cut; it can miss one made without such a word or further from it, and it can flag
a fair quote right after an unrelated negation ("I don't know why, and X is Y"); "no
doubt" and "not only" do not count.

What is not found is *unverified*, not necessarily invented: a quote that translates a
note, or that changes one word, is listed too. Shorter quoted phrases (a term, a title)
are not passages and are not checked; words joined by invisible characters count as
words there, so joining them does not pass a quote off as one word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from hatch_cli.core.reading.inert import INVISIBLE, without_invisible
from hatch_cli.core.reading.text import BARE_URL
from hatch_cli.core.writing.prose import count_words
from hatch_cli.models import Note

#: A quoted passage is checked when it has at least this many words (``prose.count_words``:
#: in Japanese or Chinese, two characters count as a word).
MIN_WORDS = 3
#: How many words of the note before a quote are read for a negation (see the docstring).
CONTEXT_WORDS = 6


@dataclass(frozen=True)
class _Marks:
    """A family of quotation marks: any opening mark of it may end at any closing one."""

    pattern: re.Pattern[str]
    opens: frozenset[str]
    closes: frozenset[str]
    at_word_edges: frozenset[str] = frozenset()
    """single marks, which are apostrophes too: they open only before a word and close
    only after one"""


def _family(opens: Sequence[str], closes: Sequence[str], single: bool = False) -> _Marks:
    marks = sorted({*opens, *closes}, key=len, reverse=True)  # ",," before ","
    pattern = "|".join(re.escape(mark) for mark in marks)
    if single:  # a straight single mark, not one of a straight double pair ('')
        pattern = pattern.replace(re.escape("'"), "(?<!')'(?!')")
    edges = frozenset(marks) if single else frozenset()
    return _Marks(re.compile(pattern), frozenset(opens), frozenset(closes), edges)


_DOUBLE = _family(
    [",,", "``", *'“”„‟"＂〝″‶ʺ˝״❝⹂\U0001f676\U0001f678'],
    ["''", *'”“‟"＂〞〟″‶ʺ˝״❞\U0001f677'],
)
_SINGLE = _family([*"‘’‚‛'＇′‵❛ʹ׳"], [*"’‘‛'＇′‵❜ʹ׳"], single=True)
_GUILLEMETS = _family(["«", "»", "<<"], ["»", "«", ">>"])
_SINGLE_GUILLEMETS = _family(["‹", "›"], ["›", "‹"])
_CORNERS = _family([*"「『｢﹁﹃"], [*"」』｣﹂﹄"])
_FAMILIES = (_DOUBLE, _SINGLE, _GUILLEMETS, _SINGLE_GUILLEMETS, _CORNERS)
# Every mark as one family too, so that a quote opened in one style and closed in
# another (“…’, «…”, 「…") is still a quote.
_ANY = _Marks(
    re.compile("|".join(family.pattern.pattern for family in _FAMILIES)),
    frozenset().union(*(family.opens for family in _FAMILIES)),
    frozenset().union(*(family.closes for family in _FAMILIES)),
    _SINGLE.at_word_edges,
)
# Double marks that also write inches or seconds after a number (12", 5″).
_UNITS = frozenset('"＂″ʺ˝״')
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_NOT_WORD = re.compile(r"[\W_]+")
_QUOTE_LINE = re.compile(r"^[ \t]{0,3}>[ \t>]*(.*)$")

_FOLD = str.maketrans(
    {
        **dict.fromkeys("“”„‟＂〝〞〟″‶ʺ˝״❝❞⹂\U0001f676\U0001f677\U0001f678", '"'),
        **dict.fromkeys("«»‹›「」『』｢｣﹁﹂﹃﹄", '"'),
        **dict.fromkeys("‘’‚‛＇′‵❛❜ʼʹ׳", "'"),
        **dict.fromkeys("‐‑‒–—―−⁃﹘﹣－", "-"),
        "`": None,
        "*": None,
    }
)
_ELLIPSIS = re.compile(r"\s*[\[(]?\s*\.\.\.\s*[\])]?\s*")
_EDGES = " \t\n.,;:!?\"'-()[]。、，！？：；"
# Inside a word: an apostrophe or hyphen between letters (it's, well-known), a decimal
# point or thousands separator between digits (2.5, 10,000).
_JOINERS = "'-.,"
# Scripts written without spaces between words: no word boundary is needed there.
_UNSPACED = re.compile(
    r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]"
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
# Where the clause before a quote starts: the end of a sentence, a semicolon or a colon,
# or a break between blocks. Not a comma: "It is not true, as some say, that X" and
# German's "nicht wahr, dass X" keep their negation.
_CLAUSE_BREAK = re.compile(r"[.!?;:。！？；：]\s|\n")
# Negation and denial words: English, German, French, Spanish.
_NEGATIONS = frozenset(
    """
    not no never nor neither none nobody nothing nowhere cannot without hardly barely
    false untrue wrong myth deny denies denied refute refutes refuted
    nicht kein keine keinen keinem keiner keines nie niemals niemand nichts ohne falsch weder
    ne pas jamais rien sans faux ni
    nunca jamás nada nadie sin falso tampoco
    """.split()  # noqa: SIM905 - a word list reads better as text
)
# A contrast starts a clause of its own: "not A but B" says B.
_CONTRASTS = frozenset(
    """but yet however although though aber doch sondern mais pero sino""".split()  # noqa: SIM905
)
# Negations that affirm what follows them.
_AFFIRMING = (("no", "doubt"), ("no", "question"), ("not", "only"), ("not", "just"))
# The note going on to deny what was quoted: "... is a myth", "... is not true".
_DENIED_AFTER = re.compile(
    r"[\s,]*(?:(?:is|are|was|were)\s+(?:not|never|false|untrue|wrong|a\s+myth|nonsense)\b"
    r"|(?:isn't|aren't|wasn't|weren't)\b)"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://(?:www\.)?|^www\.|^mailto:")


def fold(text: str) -> str:
    """Text as quotes are compared: NFKC, no invisible characters, one kind of double and
    of single quote mark, one kind of dash, no backticks or asterisks, single spaces, no
    case."""
    text = without_invisible(text).translate(_FOLD)
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return " ".join(text.split()).casefold()


# --------------------------------------------------------------------------- finding quotes


def quoted_passages(text: str, *, min_words: int = MIN_WORDS) -> list[str]:
    """The passages ``text`` quotes that are long enough to check, in order, as written
    (without their quote marks): between quotation marks of any style, or block-quoted."""
    found: list[tuple[int, str]] = list(_block_quotes(text))
    breaks = list(_PARAGRAPH_BREAK.finditer(text))
    starts = [0, *(match.end() for match in breaks)]
    ends = [*(match.start() for match in breaks), len(text)]
    for start, end in zip(starts, ends, strict=True):
        paragraph = text[start:end]
        for marks in (*_FAMILIES, _ANY):
            found += [(start + at, passage) for at, passage in _between(paragraph, marks)]
    ordered = dict.fromkeys(sorted(found, key=lambda item: item[0]))
    passages = [passage.strip() for _, passage in ordered]
    return [passage for passage in passages if _words(passage) >= min_words]


def _words(passage: str) -> int:
    """A passage's words, with invisible characters and punctuation between them counted
    as spaces: words joined by zero-width spaces, dots or hyphens are still words (the
    quote is checked, not passed over as one long word)."""
    return count_words(_NOT_WORD.sub(" ", INVISIBLE.sub(" ", passage)))


def _between(paragraph: str, marks: _Marks) -> Iterator[tuple[int, str]]:
    """The spans between an opening and a closing mark of ``marks``; an opening mark
    where one is open already starts again (the first was a stray)."""
    start: int | None = None
    for match in marks.pattern.finditer(paragraph):
        mark = match.group()
        if start is not None and mark in marks.closes and _may_close(paragraph, match, marks):
            yield start, paragraph[start : match.start()]
            start = None
        elif mark in marks.opens and _may_open(paragraph, match, marks):
            start = match.end()


def _may_open(text: str, match: re.Match[str], marks: _Marks) -> bool:
    before = text[match.start() - 1] if match.start() else " "
    after = text[match.end()] if match.end() < len(text) else " "
    if match.group() in marks.at_word_edges:
        return not _letter_or_digit(before) and not after.isspace() and not after.isdigit()
    return not (match.group() in _UNITS and before.isdigit())


def _may_close(text: str, match: re.Match[str], marks: _Marks) -> bool:
    if match.group() not in marks.at_word_edges:
        return True
    before = text[match.start() - 1] if match.start() else " "
    after = text[match.end()] if match.end() < len(text) else " "
    return not before.isspace() and not _letter_or_digit(after)


def _block_quotes(text: str) -> Iterator[tuple[int, str]]:
    """Runs of block-quote lines (``> …``), each run one passage."""
    lines: list[str] = []
    start = offset = 0
    for line in text.splitlines(keepends=True):
        quoted = _QUOTE_LINE.match(line.rstrip("\r\n"))
        if quoted:
            if not lines:
                start = offset
            lines.append(quoted.group(1))
        elif lines:
            yield start, " ".join(lines)
            lines = []
        offset += len(line)
    if lines:
        yield start, " ".join(lines)


def _letter_or_digit(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN"


# --------------------------------------------------------------------------- matching


def note_ground(note: Note) -> str:
    """What a note's quotes are looked for in: its title and each block's text, folded,
    one a line (a quote never spans two)."""
    return "\n".join(fold(text) for text in [note.title, *(block.text for block in note.blocks)])


def found_in(passage: str, ground: str) -> bool:
    """Whether ``passage`` (as quoted) is in ``ground`` (``note_ground``): each piece
    between ellipses, in order, on word boundaries, and not cut out of a denial."""
    pieces = [piece.strip(_EDGES) for piece in _ELLIPSIS.split(fold(passage))]
    pieces = [piece for piece in pieces if piece]
    if not pieces:
        return True  # nothing but punctuation: nothing to check
    start = 0
    for piece in pieces:
        at = ground.find(piece, start)
        while at >= 0 and not _fits(ground, at, at + len(piece), start):
            at = ground.find(piece, at + 1)
        if at < 0:
            return False
        start = at + len(piece)
    return True


def _fits(ground: str, at: int, end: int, floor: int) -> bool:
    """Whether ``ground[at:end]`` is a fair place for a quote: whole words, and not cut out
    of a denial (the clause before it read back to ``floor``)."""
    return (
        not _inside_word(ground, at)
        and not _inside_word(ground, end)
        and not _denied_before(ground, at, floor)
        and _DENIED_AFTER.match(ground, end) is None
    )


def _inside_word(text: str, at: int) -> bool:
    """Whether position ``at`` (between ``text[at - 1]`` and ``text[at]``) is inside a word."""

    def spaced(i: int) -> bool:
        return 0 <= i < len(text) and _letter_or_digit(text[i]) and not _UNSPACED.match(text[i])

    if spaced(at - 1) and spaced(at):
        return True
    for joint in (at - 1, at):
        if 0 <= joint < len(text) and text[joint] in _JOINERS:
            left, right = joint - 1, joint + 1
            if not (spaced(left) and spaced(right)):
                continue
            if text[joint] in ".," and not (text[left].isdigit() and text[right].isdigit()):
                continue
            return True
    return False


def _denied_before(ground: str, at: int, floor: int) -> bool:
    """Whether the note's clause just before ``at`` holds a negation or denial."""
    window = ground[max(floor, at - 40 * CONTEXT_WORDS) : at]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    words = _WORD.findall(window)[-CONTEXT_WORDS:]
    for index in range(len(words) - 1, -1, -1):
        if words[index] in _CONTRASTS:
            words = words[index + 1 :]
            break
    for first, second in _AFFIRMING:
        for index in range(len(words) - 1):
            if words[index] == first and words[index + 1] == second:
                words[index] = words[index + 1] = ""
    return any(
        word in _NEGATIONS or word.endswith("n't") or word.startswith("n'") for word in words
    )


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


# --------------------------------------------------------------------------- links


def links_in(text: str) -> list[str]:
    """The URLs (``scheme://…``, ``www.…``) and e-mail addresses in ``text``, in order, as
    they read (NFKC, without invisible characters)."""
    text = unicodedata.normalize("NFKC", without_invisible(text))
    found = [(m.start(), m.group()) for m in BARE_URL.finditer(text)]
    found += [(m.start(), m.group()) for m in _EMAIL.finditer(text)]
    return [link for _, link in sorted(found)]


def link_key(link: str) -> str:
    """A link as links are compared: no case, no scheme or ``www.``, no trailing slash."""
    return _SCHEME.sub("", link.casefold()).rstrip("/")


def unverified_links(texts: Iterable[str], notes: Sequence[Note]) -> tuple[str, ...]:
    """The links in ``texts`` that are in none of ``notes`` (their text, or the targets of
    their links), each once, in the order they first appear."""
    known: set[str] = set()
    for note in notes:
        targets = [*note.links, *(url for block in note.blocks for url in block.urls)]
        for text in [note.title, *(block.text for block in note.blocks), *targets]:
            known.update(link_key(link) for link in links_in(text))
        known.update(link_key(target) for target in targets)
    missing: dict[str, None] = {}
    for text in texts:
        for link in links_in(text):
            if link_key(link) not in known:
                missing[link] = None
    return tuple(missing)
