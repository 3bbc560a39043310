"""hatch: hatch new ideas out of your own markdown notes.

The library is ``hatch_cli.api``; its functions are also importable from here (loaded on
first use, so that ``import hatch_cli`` stays as cheap as the command line needs)::

    from hatch_cli import combine_notes
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from hatch_cli.api import (
        choose_model,
        combine_notes,
        contract_schema,
        hatch_ideas,
        model_brief,
        open_vault,
        plan_ideas,
        rank_pairs,
        read_notes,
        stream_pairs,
        vault_keywords,
        write_article,
        write_with_model,
    )

__all__ = [
    "__version__",
    "choose_model",
    "combine_notes",
    "contract_schema",
    "hatch_ideas",
    "model_brief",
    "open_vault",
    "plan_ideas",
    "rank_pairs",
    "read_notes",
    "stream_pairs",
    "vault_keywords",
    "write_article",
    "write_with_model",
]
_API = frozenset(__all__[1:])


def __getattr__(name: str) -> Any:
    if name in _API:
        from hatch_cli import api  # on first use: import hatch_cli stays cheap

        return getattr(api, name)
    raise AttributeError(f"module 'hatch_cli' has no attribute {name!r}")
