"""What each note brings to the description of its pairs (``NoteFacts``), for
``hatch pairs --limit 0``.

Describing every pair of a vault at once (``core.pairing.sharing``) needs each note read
again twice, as ``ranking.PairDescriber`` reads the two notes of a pair: its terms with
phrases and surface forms, and its sentences (for near-duplicates). That costs as much
as reading the vault, so the facts are kept in the cache, under what the note's text as
read depends on (``Vault.fingerprints``), as ``forms`` keeps how notes write their
terms; a rerun reads no note again. A note is kept only if its bytes are still those the
vault read.
"""

from __future__ import annotations

import marshal
from array import array
from collections.abc import Callable
from typing import TYPE_CHECKING

from hatch_cli.core.pairing.sharing import NoteFacts
from hatch_cli.core.reading.terms import analyse
from hatch_cli.vault.cache_entries import CacheSpace
from hatch_cli.vault.forms import per_note, read_again_checked

if TYPE_CHECKING:
    from hatch_cli.vault.arrays import Vault

def encode(facts: NoteFacts) -> bytes:
    return marshal.dumps(
        (
            tuple(facts.counts.items()),
            tuple(facts.surfaces.items()),
            tuple(sorted(facts.code)),
            tuple(sorted(facts.hidden)),
            array("Q", facts.runs).tobytes(),
        )
    )


def decode(value: bytes) -> NoteFacts | None:
    """The facts stored in ``value``, or None if it is not what ``encode`` writes."""
    try:
        counts, surfaces, code, hidden, runs = marshal.loads(value)
        found = NoteFacts(
            counts=dict(counts),
            surfaces=dict(surfaces),
            code=frozenset(code),
            hidden=frozenset(hidden),
            runs=tuple(array("Q", runs)),
        )
    except Exception:  # damaged or foreign bytes of any kind, or an older entry: a miss
        return None
    if not all(isinstance(term, str) and isinstance(count, int) for term, count in counts):
        return None
    if not all(isinstance(term, str) and isinstance(written, tuple) for term, written in surfaces):
        return None
    if not all(isinstance(term, str) for term in (*code, *hidden)):
        return None
    return found


def note_facts(vault: Vault, progress: Callable[[int], None] | None = None) -> list[NoteFacts]:
    """Each note's ``NoteFacts``, in row order: from the vault's cache when it has them,
    else read again (``Vault.note``) and kept there."""
    return list(per_note(vault, CacheSpace.FACTS, decode, encode, _read_again, progress))


def _read_again(vault: Vault, row: int) -> tuple[NoteFacts, bool]:
    """Note ``row``'s facts read again, and whether it has the bytes the vault read."""
    candidates, note, same = read_again_checked(vault, row)
    if note is None:
        return NoteFacts.unread(vault.term_counts(row)), False
    terms = analyse(note, keep_sentences=False)
    said = analyse(note, keep_sentences=True)
    return NoteFacts.of(terms, said, candidates), same
