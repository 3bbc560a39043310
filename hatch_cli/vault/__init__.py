"""The vault stage: folders of notes -> the flat arrays the core ranks, with the cache.

Its modules in pipeline order:

1. ``walk``: files and folders -> the notes to read.
2. ``workers``: the process pool that reads them.
3. ``read``: the two passes over the notes (recurring text, then keywords).
4. ``snapshot``: a read vault kept whole, so a rerun reads only changed notes.
5. ``arrays``: ``Vault``, what reading gives: the arrays the core ranks.
6. The store: ``cache`` (the SQLite file), ``cache_entries`` (one note's reading as an
   entry), ``stored_fields`` (large values written without a copy), ``ranking_memo`` (a
   vault's last ranking).
"""
