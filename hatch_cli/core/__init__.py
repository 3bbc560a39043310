"""The pure core: notes -> keywords -> pairs -> outline.

Nothing in this package reads files, prints, looks at the clock or the environment: the
same notes and options always give the same result. (``lexicon`` reads the word tables
shipped inside the package; they are constant data, like a stopword list.)

The modules, in pipeline order:

1. ``text``: a Markdown body -> blocks of plain text (markdown-it-py tokens).
2. ``language``: which language a note is in, from its text.
3. ``lexicon``: per language, word frequencies (the prior), stopwords, stemmers.
4. ``segment``: Japanese and Chinese text -> words (they have no spaces).
5. ``boilerplate``: what a vault repeats verbatim (template text), left out.
6. ``keywords``: a note -> its terms, counted and weighed (prior x vault document
   frequency).
7. ``similarity``: two or more notes' vectors -> their score, and the one rule for
   what they share.
8. ``vectors``: a whole vault's vectors as flat arrays.
9. ``topk``: the vault's best pairs, exactly, without an N x N matrix.
10. ``twins``: notes whose vectors are identical, ranked once (for ``topk``).
11. ``links``: which notes already link to each other.
12. ``combine``: notes -> the merged ``Outline``.
13. ``prose``: the sentences hatch writes itself, word counts and reading time.
"""
