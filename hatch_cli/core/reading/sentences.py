"""A block's text -> its sentences. Pure.

sentencex (Wikipedia's segmentation rules, about 300 languages) finds where sentences
end; hatch's own rules join what it splits too eagerly and split what it joins in
Japanese and Chinese. It was chosen over pysbd by measure (``benchmarks/README.md``,
"Sentences"): as right on the cases hatch needs, and fifty times faster.

Also here: whether a sentence introduces the code block after it (``introduces``), so
that the code is quoted with it.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache


def sentences(text: str, lang: str = "", tags: Collection[str] = ()) -> list[str]:
    """Split a block's text into sentences (a heading or list item is usually just one).

    sentencex finds the ends, by the rules of the note's language (``lang``, ISO 639-1;
    English's for one it has no rules for): not at abbreviations, decimals, version
    numbers or ellipses, nor inside quotes and brackets; Japanese and Chinese at 。！？.
    A closing quote or bracket stays with the sentence it ends. hatch's own rules then
    join the pieces it splits too eagerly (``_joins``), and a run of the note's ``tags``
    that closes the text after its last sentence ("… a scrape. #curation", read as
    "… a scrape. curation") is a piece of its own, not words of that sentence.
    """
    groups: list[list[str]] = []
    odd_ticks = False  # an inline code span is open at the end of the last group
    for piece in _pieces(text, lang or "en"):
        if groups and _joins(groups[-1][-1], piece, odd_ticks):
            groups[-1].append(piece)
        else:
            groups.append([piece])
            odd_ticks = False
        odd_ticks ^= piece.count("`") % 2 == 1
    found = [part for part in ("".join(group).strip() for group in groups) if part]
    if tags and found:
        found[-1:] = _closing_tags(found[-1], tags)
    return found


# A sentence's end, and any closing quote or bracket after it.
_ENDED = re.compile(r"[.!?。！？][\"'”’)\]」』）]*$")


def _closing_tags(sentence: str, tags: Collection[str]) -> list[str]:
    """The sentence, and the run of tags that closes it after its end mark, as two."""
    words = sentence.split(" ")
    cut = len(words)
    while cut > 1 and words[cut - 1] in tags:
        cut -= 1
    if cut == len(words) or not _ENDED.search(words[cut - 1]):
        return [sentence]
    return [" ".join(words[:cut]), " ".join(words[cut:])]


# sentencex's time grows with the square of the quotes and stops in one text (a line of
# 「A。 repeated takes minutes), so a long block reaches it in parts of at most this many
# characters, cut at a likely sentence end (a paragraph is rarely this long).
_PART_CHARS = 1000


@cache
def _likely_end() -> re.Pattern[str]:
    """A likely sentence end: compiled for the first block that long (not at start-up)."""
    return re.compile(r"(?<=\w\w)[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]*[A-Z])|[。！？][」』”’)）]*\s*")


def _pieces(text: str, lang: str) -> list[str]:
    """sentencex's sentences of ``text`` with the spaces after each: together, ``text``."""
    from sentencex import segment  # imported on first use: hatch pairs never splits

    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + _PART_CHARS)
        if end < len(text):
            ends = [found.end() for found in _likely_end().finditer(text, start + 1, end)]
            space = text.rfind(" ", start + 1, end)
            end = ends[-1] if ends else space + 1 if space > start else end
        part = text[start:end]
        try:
            found = segment(lang, part)
        except UnicodeError:  # a lone surrogate (in a model's JSON): split by hand
            found = [match.group() for match in _HAND_SPLIT.finditer(part) if match.group()]
        for piece in found:
            pieces += _split_unspaced(piece) if _UNSPACED_STOP.search(piece) else [piece]
        start = end
    return pieces


# sentencex goes on after 。！？ when a digit or a Latin letter follows, as it does after a
# full stop in English; in Japanese and Chinese a sentence may start so ("2018年の改正で").
_UNSPACED_STOP = re.compile(r"[。！？][」』”’)）]*(?=[0-9A-Za-z])")


def _split_unspaced(piece: str) -> list[str]:
    """A piece of sentencex's split after each 。！？ that a digit or a Latin letter
    follows, but inside brackets or quotes."""
    parts: list[str] = []
    depth = start = counted = 0
    for stop in _UNSPACED_STOP.finditer(piece):
        span = piece[counted : stop.end()]
        depth += sum(map(span.count, "「『“（(")) - sum(map(span.count, "」』”）)"))
        counted = stop.end()
        if depth <= 0:
            parts.append(piece[start : stop.end()])
            start = stop.end()
            depth = 0
    parts.append(piece[start:])
    return parts


# A sentence by hand, where sentencex can't take the text: up to its end mark and any
# closing quote or bracket, and the spaces after them.
_HAND_SPLIT = re.compile(r".*?(?:[.!?。！？][\"'”’)\]]*(?:\s+|$)|$)", re.DOTALL)
# Abbreviations that never end a sentence, in any language (a note in German or Polish
# writes "e.g." too): Latin ones, and titles before a name.
_NEVER_LAST = re.compile(
    r"[(\[\"'“‘]*(?:[Ee]\.g|[Ii]\.e|[Cc]f|[Vv]s|viz|approx|incl|esp|z\.B|d\.h|u\.a|bzw|[Vv]gl"
    r"|p\.ex|p\.ej|Dr|Drs|Mr|Mrs|Ms|Prof|Sr|Sra|Dra)\."
)
# Japanese quotation particles: 「…。」と言った goes on after the closing bracket.
_QUOTATIVE = ("と", "って")
# Japanese and Chinese sentence ends, and the closing brackets after them: a sentence there
# may start with a digit ("2018年") or a Latin word.
_UNSPACED_ENDS = ("。", "！", "？", "」", "』", "）")


def _joins(before: str, piece: str, odd_ticks: bool) -> bool:
    """Whether ``piece`` goes on the sentence whose last piece is ``before``: the split is
    inside inline code (``odd_ticks``), the piece opens in lowercase or with a digit (in
    every language, as sentencex does in English; not after 。！？), the sentence ends in
    an abbreviation that never ends one, or a Japanese quote goes on with its particle."""
    head = piece.lstrip()
    if not head or odd_ticks:
        return True
    last = before.rstrip()
    if (head[0].islower() or head[0].isdigit()) and not last.endswith(_UNSPACED_ENDS):
        return True
    words = last.rsplit(None, 1)
    return bool(words) and (
        _NEVER_LAST.fullmatch(words[-1]) is not None
        or (last.endswith(("」", "』")) and head.startswith(_QUOTATIVE))
    )


# Kinds of block whose last sentence may introduce a code block right after it.
LEADS = frozenset({"paragraph", "item", "quote"})
# A sentence that points ahead to what follows it (English's words; a colon in any
# language): "... like so.", "Here is the query.", "... as follows".
_POINTS_AHEAD = re.compile(
    r"[:：]\W*$|\b(?:like so|like this|as follows|the following|following (?:command|code"
    r"|query|snippet|script|line)s?|below|here(?:'s| is| are)|this is how|looks like|e\.g\."
    r"|for example|for instance)\b",
    re.IGNORECASE,
)


def introduces(text: str) -> bool:
    """Whether the sentence just before a code block introduces it: it ends with a colon,
    points ahead ("like so", "the following", "here is"), or is a caption (no end mark:
    "List all available versions")."""
    return bool(_POINTS_AHEAD.search(text)) or not text.rstrip().endswith(_END_MARKS)


_END_MARKS = (".", "!", "?", "。", "！", "？", '."', ".”", ".)", "?”", '?"')
