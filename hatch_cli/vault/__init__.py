"""The vault stage: folders of notes -> the ``Vault`` the later stages rank, with its cache.

Its modules in pipeline order:

1. ``walk``: files and folders -> the notes to read.
2. ``workers``: the process pool that reads them, and how many processes a vault gets.
3. ``read``: the two passes over a run of notes (recurring text, then keywords), and
   ``engine``, the per-word work of a run of notes at once (Polars, imported there only).
4. ``rerun``: one read of a vault, all its notes or a rerun from its snapshot.
5. ``snapshot``: a read vault kept whole, so a rerun reads only changed notes.
6. ``columns`` and ``arrays``: the per-term column schema, and ``Vault``, what reading
   gives: the arrays the core ranks, and the one way to read a note again (``Vault.note``).
7. The store: ``cache`` (the SQLite file and its namespaces), ``cache_files`` (where it
   lives, and whether that is safe), ``cache_entries`` (one note's reading as an entry),
   ``stored_fields`` (large values written without a copy), ``ranking_memo`` (a vault's
   last ranking), ``forms`` (how each note writes its terms, for ``hatch keywords``),
   ``facts`` (what each note tells of its pairs, for ``hatch pairs --limit 0``).

Later stages import what is below from the package, never its modules
(``tests/test_architecture.py``); the names are loaded on first use, so that importing
the package costs the command line nothing.

numpy is imported in the functions that use it, except in ``ranking_memo`` (which only
``hatch pairs`` and ``ideas`` load): the other modules load when ``hatch keywords``
starts, and weighing files needs no numpy. Reading a vault still loads it today, for
recurring text (``rerun.recurring_units``) and a snapshot's arrays.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hatch_cli.vault import ranking_memo
    from hatch_cli.vault.arrays import Vault
    from hatch_cli.vault.cache import NoteCache, open_cache
    from hatch_cli.vault.cache_entries import CacheSpace, decode_vector, encode_vector
    from hatch_cli.vault.facts import note_facts
    from hatch_cli.vault.forms import TermForms, term_forms
    from hatch_cli.vault.read import Progress
    from hatch_cli.vault.rerun import read_vault
    from hatch_cli.vault.walk import NoteFile
    from hatch_cli.vault.walk import walk as walk_notes

#: The package's public names, and the module each comes from.
_PUBLIC = {
    "CacheSpace": "hatch_cli.vault.cache_entries",
    "NoteCache": "hatch_cli.vault.cache",
    "NoteFile": "hatch_cli.vault.walk",
    "Progress": "hatch_cli.vault.read",
    "TermForms": "hatch_cli.vault.forms",
    "Vault": "hatch_cli.vault.arrays",
    "decode_vector": "hatch_cli.vault.cache_entries",
    "encode_vector": "hatch_cli.vault.cache_entries",
    "open_cache": "hatch_cli.vault.cache",
    "note_facts": "hatch_cli.vault.facts",
    "read_vault": "hatch_cli.vault.rerun",
    "term_forms": "hatch_cli.vault.forms",
    "walk_notes": "hatch_cli.vault.walk",
}
#: Public names that are not their module's own (a submodule's name would shadow them).
_RENAMED = {"walk_notes": "walk"}

__all__ = [
    "CacheSpace",
    "NoteCache",
    "NoteFile",
    "Progress",
    "TermForms",
    "Vault",
    "decode_vector",
    "encode_vector",
    "note_facts",
    "open_cache",
    "ranking_memo",
    "read_vault",
    "term_forms",
    "walk_notes",
]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), _RENAMED.get(name, name))
    if name == "ranking_memo":
        return importlib.import_module("hatch_cli.vault.ranking_memo")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
