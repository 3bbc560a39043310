"""The pure core: notes -> keywords -> pairs -> outline.

Nothing in this package reads files, prints, looks at the clock or the environment: the
same notes and options always give the same result. (``lexicon`` reads the word tables
shipped inside the package; they are constant data, like a stopword list.)

The modules, in pipeline order:

1. ``pulldown``: a Markdown body -> typed blocks of plain text (pulldown-cmark), with
   ``markup``: template tags and HTML a reader never sees, out (``shortcodes``:
   WordPress's; ``spans``: the lines each block was read from); ``text``: what a block's
   text is (wikilinks, tags, code spans); ``sentences``: a block's text -> its sentences.
2. ``language``: which language a note is in, from its text (``languages``: the table of
   the languages hatch knows, and their phrasebooks).
3. ``lexicon``: per language, word frequencies (the prior), stopwords, stemmers.
4. ``segment``: Japanese and Chinese text -> words (they have no spaces).
5. ``boilerplate``: what a vault repeats verbatim (template text), left out.
6. ``tokens``: text -> words, identifiers, the words of link targets.
7. ``terms``: a note -> its terms, counted field by field, and its sentences.
8. ``keywords``: a note's terms -> weights (the prior, and the vault's evidence), by one
   rule for a note alone and a vault (``rarity``: what a vault says, and the rule on it).
9. ``similarity``: two or more notes' vectors -> their score, and the one rule for
   what they share.
10. ``vectors``: a whole vault's vectors as flat arrays.
11. ``topk``: the vault's best pairs, exactly, without an N x N matrix (``hybrid``:
    the same by words and meaning, for ``--embed``).
12. ``twins``: notes whose vectors are identical, ranked once (for ``topk``).
13. ``links``: which notes already link to each other.
14. ``quoting``: which sentences of a note can be quoted, and which already were.
15. ``advice``: advice and questions, from what the notes say.
16. ``combine``: notes -> the merged ``Outline``.
17. ``article``: an ``Outline`` -> an ``Article`` that reads top to bottom.
18. ``prose``: word counts, reading time, lists of names, short titles.
19. ``phrasebook``: the sentences hatch writes itself, in the notes' language (English's
    here, the others' in ``languages``).

Used by every step and edge that shows a note's text or a path: ``inert``, control
characters made visible.

And for ``--llm``, around the one step that is not here (asking the model,
``llm_writer``):

20. ``brief``: an ``Outline`` and its notes -> what the model is asked (``boundary``:
    the token of the notes' elements in it).
21. ``reply``: the model's answer -> the parts of an ``Article``, or its problems.
22. ``grounding``: the article's quotes and links checked against the notes.
"""
