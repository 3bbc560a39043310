"""``hatch ideas``' notes -> their paths, one a line, for shell loops
(``for f in $(hatch ideas v -o i); do …``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hatch_cli.reports import HatchedIdea, IdeasReport


def idea_path(idea: HatchedIdea) -> str:
    """The line of one new note: its path; none for a pair another run hatched meanwhile
    (that note is not this run's)."""
    return "" if idea.status == "hatched meanwhile" else idea.path + "\n"


def ideas_paths(report: IdeasReport) -> str:
    """The line of each new note."""
    return "".join(idea_path(idea) for idea in report.ideas)
