"""Contracts -> JSON text: sorted keys, two-space indent, a trailing newline; or JSON Lines
(a compact object a line) for the items of a list."""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring as _string  # json.dumps's, ensure_ascii=False
from typing import TYPE_CHECKING, Any

from hatch_cli.models import to_jsonable

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from hatch_cli.reports import IdeasReport, KeywordsReport, NotePair, PairsReport


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


def pairs_stream(report: PairsReport, pairs: Iterable[NotePair], fmt: str) -> Iterator[str]:
    """``report`` with ``pairs`` as its pairs, as text a piece at a time while the pairs
    come (``--limit 0`` lists every pair): the bytes ``to_json`` (``fmt`` "json") or
    ``pairs_jsonl`` ("jsonl") give, without holding every pair or its JSON at once.

    Each pair is written by ``_pair_json`` rather than ``json.dumps``: a ``NotePair``'s
    fields are known, and the general encoder took most of the time of a long list
    (``tests/test_pairs_all.py`` checks the bytes are the same)."""
    if fmt == "jsonl":
        yield from (_pair_json(pair, "") for pair in pairs)
        return
    empty = to_json(report)
    head, tail = empty.split(_NO_PAIRS, 1)
    first = True
    for pair in pairs:
        yield (head + _OPEN if first else ",\n") + _pair_json(pair, _INDENT)
        first = False
    yield empty if first else _CLOSE + tail


_NO_PAIRS = '\n  "pairs": [],\n'
_OPEN = '\n  "pairs": [\n'
_CLOSE = '\n  ],\n'
_INDENT = "    "


def _pair_json(pair: NotePair, indent: str) -> str:
    """One pair as ``json.dumps`` writes it with sorted keys: compact on a line of its own
    (``indent`` ""), or indented as an item of the report's ``pairs`` (``indent``: its
    own)."""
    if not indent:
        return (
            f'{{"a": {_string(pair.a)}, "b": {_string(pair.b)}, '
            f'"code": {_strings(pair.code, "")}, "duplicate": {_value(pair.duplicate)}, '
            f'"embedding": {_value(pair.embedding)}, "lexical": {_value(pair.lexical)}, '
            f'"linked": {_value(pair.linked)}, "score": {_value(pair.score)}, '
            f'"shared": {_strings(pair.shared, "")}, "title_a": {_string(pair.title_a)}, '
            f'"title_b": {_string(pair.title_b)}}}\n'
        )
    fields = (
        ("a", _string(pair.a)),
        ("b", _string(pair.b)),
        ("code", _strings(pair.code, indent)),
        ("duplicate", _value(pair.duplicate)),
        ("embedding", _value(pair.embedding)),
        ("lexical", _value(pair.lexical)),
        ("linked", _value(pair.linked)),
        ("score", _value(pair.score)),
        ("shared", _strings(pair.shared, indent)),
        ("title_a", _string(pair.title_a)),
        ("title_b", _string(pair.title_b)),
    )
    inner = indent + "  "
    return (
        indent + "{\n"
        + ",\n".join(f'{inner}"{name}": {value}' for name, value in fields)
        + "\n" + indent + "}"
    )  # fmt: skip


def _strings(items: tuple[str, ...], indent: str) -> str:
    if not items:
        return "[]"
    if not indent:
        return "[" + ", ".join(map(_string, items)) + "]"
    inner = indent + "    "
    return "[\n" + ",\n".join(inner + _string(item) for item in items) + "\n" + indent + "  ]"


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
