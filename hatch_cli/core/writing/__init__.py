"""Stage 3, writing the outline: notes and their weights -> an ``Outline`` -> an ``Article``.

The modules, in pipeline order:

1. ``quoting``: which sentences of a note can be quoted, and which already were.
2. ``advice``: advice and questions, from what the notes say.
3. ``combine``: notes -> the merged ``Outline``.
4. ``truth``: when each of hatch's own sentences is true of the outline it describes.
5. ``article``: an ``Outline`` -> an ``Article`` that reads top to bottom.
6. ``prose``: word counts, reading time, lists of names, short titles.
7. ``phrasebook``: the sentences hatch writes itself, in the notes' language (English's
   here, the others' in ``core.languages``).

It imports from ``reading`` and ``pairing`` and from nothing later.
"""
