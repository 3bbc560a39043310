"""The pure core: notes -> keywords -> pairs -> outline, floor by floor.

Nothing in this package reads files, prints, looks at the clock or the environment: the
same notes and options always give the same result. (``reading.lexicon`` reads the word
tables shipped inside the package; they are constant data, like a stopword list.)

The stages, in pipeline order, each a subpackage whose docstring lists its modules in
order (the layout of markdown-it-py's ``rules_core``/``rules_block``/``rules_inline``):

1. ``reading``: a note's Markdown -> blocks, sentences, words, its language, and its
   terms counted field by field (``inert``: text made safe to show, used by every step
   and edge that shows a note's text or a path).
2. ``pairing``: terms -> weights (the one scoring rule, for a note alone and a vault) ->
   vectors -> the vault's best pairs, exactly; what notes share; which already link.
3. ``writing``: notes -> the merged ``Outline`` -> an ``Article``, in the sentences of
   the notes' language.
4. ``llm``: for ``--llm``, around the one step that is not here (asking the model,
   ``llm_writer``): the brief a model is sent, its reply read, its quotes checked.

A stage imports from the stages before it, never from a later one
(``tests/test_architecture.py``). Beside them, ``languages``: what hatch knows of each
language, one row each, read by every stage (the detector, the lexicon, the segmenter,
the phrasebooks, the brief); its phrasebook modules are the ``writing`` stage's
``Phrasebook`` in another language.
"""
