"""Contracts -> JSON text: sorted keys, two-space indent, a trailing newline."""

from __future__ import annotations

import json
from typing import Any

from hatch_cli.models import to_jsonable


def to_json(contract: Any) -> str:
    """Stable JSON of a contract: the same contract always gives the same bytes."""
    data = to_jsonable(contract)
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def to_json_line(contract: Any) -> str:
    """One compact JSON object on one line, for ``--format jsonl``."""
    return json.dumps(to_jsonable(contract), sort_keys=True, ensure_ascii=False) + "\n"
