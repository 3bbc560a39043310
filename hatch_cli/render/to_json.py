"""Contracts -> JSON text: sorted keys, two-space indent, a trailing newline; or JSON Lines
(a compact object a line) for the items of a list."""

from __future__ import annotations

import bisect
import json
import math
from json.encoder import encode_basestring as _string  # json.dumps's, ensure_ascii=False
from typing import TYPE_CHECKING, Any

from hatch_cli.models import rounded, to_jsonable

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from hatch_cli.reports import IdeasReport, KeywordsReport, PairColumns, PairsReport


def to_json(contract: Any) -> str:
    """Stable JSON of a contract: the same contract always gives the same bytes."""
    data = to_jsonable(contract)
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def to_json_line(contract: Any) -> str:
    """One compact JSON object on one line, for ``--format jsonl``."""
    return json.dumps(to_jsonable(contract), sort_keys=True, ensure_ascii=False) + "\n"


def pairs_jsonl(report: PairsReport) -> str:
    """One ``NotePair`` object per line, best first (no envelope)."""
    return "".join(to_json_line(pair) for pair in report.pairs)


def keywords_jsonl(report: KeywordsReport) -> str:
    """One ``NoteKeywords`` object per line."""
    return "".join(to_json_line(entry) for entry in report.notes)


def ideas_jsonl(report: IdeasReport) -> str:
    """One ``HatchedIdea`` object per line."""
    return "".join(to_json_line(idea) for idea in report.ideas)


def pairs_stream(
    report: PairsReport, columns: Iterable[PairColumns], fmt: str
) -> Iterator[str]:
    """``report`` with the pairs of ``columns`` as its pairs, as text a piece at a time
    while the columns come (``--limit 0`` lists every pair): the bytes ``to_json``
    (``fmt`` "json") or ``pairs_jsonl`` ("jsonl") give, without holding every pair or
    its JSON at once.

    The pairs are written from the columns rather than by ``json.dumps`` of each
    ``NotePair``: their fields are known, each path, title and keyword is encoded once,
    and the general encoder (and a ``NotePair`` a pair) took most of the time of a long
    list (``tests/test_pairs_all.py`` checks the bytes are the same)."""
    if fmt == "jsonl":
        for chunk in columns:
            yield from _pair_texts(chunk, "")
        return
    empty = to_json(report)
    head, tail = empty.split(_NO_PAIRS, 1)
    first = True
    for chunk in columns:
        for piece in _pair_texts(chunk, _INDENT):
            yield (head + _OPEN if first else ",\n") + piece
            first = False
    yield empty if first else _CLOSE + tail


_NO_PAIRS = '\n  "pairs": [],\n'
_OPEN = '\n  "pairs": [\n'
_CLOSE = '\n  ],\n'
_INDENT = "    "
#: Pairs written into one piece of text.
_PIECE = 2048
#: A pair as ``json.dumps`` writes it with sorted keys, compact on a line of its own, or
#: indented as an item of the report's ``pairs`` (``_INDENT``): "duplicate", "embedding",
#: "lexical" and "linked" are written together (``_middle``).
_LINE = (
    '{"a": %s, "b": %s, "code": %s, %s, "score": %s, "shared": %s, "title_a": %s, '
    '"title_b": %s}\n'
)
_FIELDS = ("a", "b", "code", "", "score", "shared", "title_a", "title_b")
_ITEM = _INDENT + "{\n" + ",\n".join(
    f'{_INDENT}  "{name}": %s' if name else "%s" for name in _FIELDS
) + "\n" + _INDENT + "}"  # fmt: skip
_MIDDLE = ("duplicate", "embedding", "lexical", "linked")


def _middle(values: tuple[str, ...], indent: str) -> str:
    """The fields between "code" and "score", their values given as JSON."""
    if not indent:
        return ", ".join(f'"{name}": {value}' for name, value in zip(_MIDDLE, values, strict=True))
    return ",\n".join(
        f'{indent}  "{name}": {value}' for name, value in zip(_MIDDLE, values, strict=True)
    )


def _pair_texts(chunk: PairColumns, indent: str) -> Iterator[str]:
    """The pairs of ``chunk`` as JSON text, ``_PIECE`` pairs a piece: JSON Lines
    (``indent`` ""), or the report's items (``indent`` ``_INDENT``) joined by ",\n"."""
    template, joiner = (_LINE, "") if not indent else (_ITEM, ",\n")
    paths = [_string(path) for path in chunk.paths]
    titles = [_string(title) for title in chunk.titles]
    shown = list(map(_string, chunk.shown))
    # The few pairs with keywords written as code: their items, by pair.
    code: dict[int, list[str]] = {}
    flagged = [at for at, flag in enumerate(chunk.code) if flag]
    offsets = chunk.offsets
    for at in flagged:
        code.setdefault(bisect.bisect_right(offsets, at) - 1, []).append(shown[at])
    # Without embeddings, the fields between "code" and "score" take four forms.
    plain = {
        (duplicate, linked): _middle((_value(duplicate), "null", "null", _value(linked)), indent)
        for duplicate in (False, True)
        for linked in (False, True)
    }
    by_words, by_model = chunk.lexical, chunk.embedding
    lines: list[str] = []
    rows = zip(chunk.a, chunk.b, chunk.score, chunk.linked, chunk.duplicate, strict=True)
    for at, (a, b, score, linked, duplicate) in enumerate(rows):
        start, end = offsets[at], offsets[at + 1]
        if by_words is None and by_model is None:
            middle = plain[duplicate, linked]
        else:
            lexical = by_words[at] if by_words is not None else None
            embedding = by_model[at] if by_model is not None else None
            middle = _middle((
                _value(duplicate),
                "null" if embedding is None else _value(rounded(max(0.0, min(1.0, embedding)))),
                "null" if lexical is None else _value(rounded(lexical)),
                _value(linked),
            ), indent)  # fmt: skip
        listed = (
            "[" + ", ".join(shown[start:end]) + "]" if not indent
            else _list(shown[start:end], indent)
        )  # fmt: skip
        lines.append(template % (
            paths[a], paths[b], _list(code[at], indent) if at in code else "[]", middle,
            repr(rounded(score)),  # _value(rounded(score)), for a number
            listed, titles[a], titles[b],
        ))  # fmt: skip
        if len(lines) == _PIECE:
            yield joiner.join(lines)
            lines = []
    if lines:
        yield joiner.join(lines)


def _list(items: Sequence[str], indent: str) -> str:
    """Encoded strings as a JSON list, compact (``indent`` "") or as ``json.dumps``
    indents a list in an item at ``indent``."""
    if not items:
        return "[]"
    if not indent:
        return "[" + ", ".join(items) + "]"
    inner = ",\n" + indent + "    "
    return "[\n" + indent + "    " + inner.join(items) + "\n" + indent + "  ]"


def _value(value: object) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float) and math.isfinite(value):
        return float.__repr__(value)
    return json.dumps(value)
