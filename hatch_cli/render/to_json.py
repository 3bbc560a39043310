"""Contracts -> JSON text: sorted keys, two-space indent, a trailing newline; or JSON Lines
(a compact object a line) for the items of a list."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from hatch_cli.models import to_jsonable

if TYPE_CHECKING:
    from hatch_cli.reports import IdeasReport, KeywordsReport, PairsReport


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
