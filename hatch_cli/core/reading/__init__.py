"""Stage 1, reading text: a note's Markdown -> blocks, sentences, words and counted terms.

The modules, in pipeline order:

1. ``inert``: text and file names made safe to show (used by every later step and edge).
2. ``pulldown``: a Markdown body -> typed blocks of plain text (pulldown-cmark), with
   ``markup`` and ``shortcodes``: template tags, WordPress shortcodes and HTML a reader
   never sees, out; ``spans``: the lines of the body each block was read from; ``text``:
   what a block's text is (wikilinks, tags, code spans); ``sentences``: a block's text ->
   its sentences.
3. ``language``: which language a note is in (``core.languages``: the table of them).
4. ``lexicon``: per language, word frequencies (the prior), stopwords, stemmers.
5. ``segment``: Japanese and Chinese text -> words (they have no spaces).
6. ``boilerplate``: what a vault repeats verbatim (template text), left out.
7. ``tokens``: text -> words, identifiers, the words of link targets.
8. ``terms``: a note -> its terms, counted field by field, and its sentences.

It imports nothing from the later stages.
"""
