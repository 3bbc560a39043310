"""The pure core: notes -> keywords -> pairs -> outline.

Nothing in this package reads files, prints, looks at the clock or the environment:
the same notes and options always give the same result. (``lexicon`` reads the word
tables shipped inside the package; they are constant data, like a stopword list.)
"""
