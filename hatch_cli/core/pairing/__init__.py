"""Stage 2, scoring and pairing: a note's terms -> weights -> vectors -> its best partners.

The modules, in pipeline order:

1. ``keywords``: a note's terms -> weights (the prior, and the vault's evidence), by one
   rule for a note alone and a vault (``rarity``: what a vault says, and the rule on it).
2. ``similarity``: two or more notes' vectors -> their score, and the one rule for what
   they share.
3. ``vectors``: a whole vault's vectors as flat arrays.
4. ``twins``: notes whose vectors are identical, ranked once (for ``topk``).
5. ``products``: sparse products a chunk of rows at a time, on threads, scored exactly.
6. ``topk``: the vault's best pairs, exactly, without an N x N matrix.
7. ``reuse``: a rerun's vectors from the last run's (only the notes whose weights
   moved weighed again), and its best pairs proved from the last run's candidates.
8. ``passages``: what an embedding model reads of a note, for ``--embed``, and
   ``hybrid``: the best pairs by words and meaning.
9. ``links``: which notes already link to each other (``--unlinked``).
10. ``overlap``: whether two notes are near-duplicates (their shared runs of words).
11. ``sharing``: what every pair of a long list shares, and which are near-duplicates,
    found for all pairs at once (``hatch pairs --limit 0``); ``shown``: how those terms
    are written.

It imports from ``reading`` and from nothing later.
"""
