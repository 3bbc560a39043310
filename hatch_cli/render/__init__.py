"""Renderers: the edge where an ``Outline`` (or a report) becomes text.

The format is chosen once, here, from the ``--format`` option and whether stdout is a
terminal; nothing downstream looks at the environment again. Markdown and JSON are plain
strings that never pass through Rich, so they can't pick up escape codes.
"""

from __future__ import annotations

from enum import StrEnum


class OutputFormat(StrEnum):
    """What ``--format`` accepts."""

    auto = "auto"
    rich = "rich"
    markdown = "markdown"
    json = "json"


class ListFormat(StrEnum):
    """What ``--format`` accepts for commands that print lists (pairs, keywords)."""

    auto = "auto"
    rich = "rich"
    markdown = "markdown"
    json = "json"
    jsonl = "jsonl"


def choose_format(requested: str, stdout_is_tty: bool) -> str:
    """``auto`` is Rich in a terminal and Markdown in a pipe or file; anything else as asked."""
    if requested == "auto":
        return "rich" if stdout_is_tty else "markdown"
    return requested
