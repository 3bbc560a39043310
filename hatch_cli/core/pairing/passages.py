"""``--embed``: a note -> the passages an embedding model reads of it, and how much each
counts in the note's vector. Pure.

A note is sent as Markdown, much as it was written: ``# title``, headings with their
``#``, list items with ``-``, quotes with ``>``, code fenced with its language and its
lines kept, and after a block with links the words of their targets (``(rvm io)``), in
the order the note has them, template text left out. It is cut between blocks (or in a
block too long) into passages of up to ``PASSAGE_CHARS`` characters, ``MAX_PASSAGES`` at
most, and the passages' vectors are summed with the weights of ``passage_weights``: the
first (the title and the opening) counts most.

Chosen on the four dev corpora together with all-MiniLM-L6-v2 (benchmarks/README.md,
issue 27): hatch used to send the blocks' plain text, whitespace collapsed, without code
fences, headings' marks or link targets, and average up to eight passages alike; by
the embedding alone that scored below the same model given each raw file (which it cuts
at its first 256 word pieces) on the short technical notes. Each of the three changes
here moved the embedding alone up on both of them: the Markdown marks and code lines
(til-jonasbn MAP 0.454 -> 0.479 with the first passage alone), the link words
(0.447 -> 0.454), the weights by position (til-dev 0.347 -> 0.383).
"""

from __future__ import annotations

from collections.abc import Sequence

from hatch_cli.core.reading.tokens import url_words
from hatch_cli.models import Block, Note

#: A passage embedded at once: about 250 words of prose, what small models read whole
#: (all-MiniLM-L6-v2 reads 256 word pieces and drops the rest).
PASSAGE_CHARS = 1500
#: Passages of one note embedded at most (its first ``MAX_PASSAGES * PASSAGE_CHARS``
#: characters).
MAX_PASSAGES = 8
#: How fast a passage's weight falls with its place: the ``k``-th (from 0) counts
#: ``1 / (k + 1) ** POSITION_DECAY``.
POSITION_DECAY = 1.0

_MARKS = {"heading": "", "item": "- ", "quote": "> "}


def block_markdown(block: Block) -> str:
    """One block as Markdown: its mark, its text (code with its lines, in a fence with
    its language), then the words of its links' targets in brackets."""
    if block.kind == "code":
        return f"```{block.info.split(' ', 1)[0] if block.info else ''}\n{block.text.strip()}\n```"
    text = " ".join(block.text.split())
    if block.kind == "heading":
        text = f"{'#' * max(1, min(block.level, 6))} {text}"
    else:
        text = _MARKS.get(block.kind, "") + text
    words = [word for url in block.urls for word in url_words(url)]
    return f"{text} ({' '.join(words)})" if words else text


def note_passages(note: Note) -> list[str]:
    """The passages of ``note`` to embed: its title (and tags), then its blocks as
    Markdown, in pieces of up to ``PASSAGE_CHARS`` characters, ``MAX_PASSAGES`` at most."""
    title = " ".join(note.title.split())
    head = f"# {title}" if title else ""
    if note.tags:
        head = f"{head}\n\nTags: {', '.join(note.tags)}".lstrip()
    blocks: Sequence[Block] = note.blocks
    if blocks and blocks[0].kind == "heading" and " ".join(blocks[0].text.split()) == title:
        blocks = blocks[1:]  # the title again, as the note's first heading
    return _pack(head, [block_markdown(block) for block in blocks])


def passage_weights(count: int) -> list[float]:
    """The weight of each of ``count`` passages in the note's vector, first to last."""
    return [1.0 / (k + 1) ** POSITION_DECAY for k in range(count)]


def _pack(head: str, texts: list[str]) -> list[str]:
    """``head`` and ``texts`` joined by blank lines into passages of up to
    ``PASSAGE_CHARS`` characters: a text goes whole into the passage it fits in, else
    into the next; one too long for any is cut at a line end or space."""
    pieces: list[str] = []
    current = head
    for text in texts:
        while text:
            joined = f"{current}\n\n{text}" if current else text
            if len(joined) <= PASSAGE_CHARS:
                current = joined
                break
            if current:
                pieces.append(current)
                current = ""
            else:
                cut = _cut(text)
                pieces.append(text[:cut].rstrip())
                text = text[cut:].lstrip()
            if len(pieces) >= MAX_PASSAGES:
                return pieces
    if current and len(pieces) < MAX_PASSAGES:
        pieces.append(current)
    return pieces or ["-"]


def _cut(text: str) -> int:
    """Where a text too long for one passage is cut: at its last line end in the
    passage's second half, else its last space there, else at the passage's length."""
    for mark in ("\n", " "):
        at = text.rfind(mark, PASSAGE_CHARS // 2, PASSAGE_CHARS)
        if at > 0:
            return at
    return PASSAGE_CHARS
