"""When each of hatch's own sentences is true of the notes it describes. Pure.

A phrasebook sentence says something about the outline around it: that every note is
quoted on each theme, that the notes start in different places, that one line answers
another. Each such sentence has its condition here, checked against the outline (or the
themes) before the sentence is written; where it fails, the sentence is left out.
``false_sentences`` checks a finished outline and article the same way, for a benchmark
to count.
"""

from __future__ import annotations

from collections.abc import Sequence

from hatch_cli.models import Article, Outline, Theme

#: How a question ends, in the scripts hatch writes.
QUESTION_ENDS = ("?", "？")


def quotes_every_note(themes: Sequence[Theme], notes: int) -> bool:
    """"All notes are quoted below on each theme": there are themes, and each quotes
    every note."""
    return bool(themes) and all(len(quoted(theme)) == notes for theme in themes)


def quoted(theme: Theme) -> list[str]:
    """The notes (paths) a theme quotes, in order, once each."""
    return list(dict.fromkeys(line.source for line in theme.support))


def notes_differ(outline: Outline) -> bool:
    """"They start in different places": the notes are not near-duplicates."""
    return not outline.duplicates


def answers(previous: str) -> bool:
    """"X answers:": only after a line that asks something."""
    return previous.rstrip().rstrip("\"'”’»」』)）").endswith(QUESTION_ENDS)


def false_sentences(outline: Outline, article: Article | None = None) -> list[str]:
    """hatch's sentences in ``outline`` (and ``article``, hatch's writing of it) whose
    condition fails: what a review counts, and what must stay empty."""
    from hatch_cli.core.writing.phrasebook import phrasebook

    book = phrasebook(outline.lang)
    if not book.writes_sentences:
        return []
    found: list[str] = []
    each = book.quoted_each(len(outline.sources))
    if each in outline.intro and not quotes_every_note(outline.themes, len(outline.sources)):
        found.append(each)
    if article is None:
        return found
    sections = (*article.sections, article.connection)
    text = "\n".join([*article.intro, *(p for s in sections for p in s.paragraphs)])
    names = [book.quote(source.title) for source in outline.sources]
    for theme in outline.themes[:1]:
        shown = f"`{theme.keyword}`" if theme.code else theme.keyword
        by_path = {source.path: book.quote(source.title) for source in outline.sources}
        opening = book.article_opening([by_path[p] for p in quoted(theme)], shown)
        if opening in text and not notes_differ(outline):
            found.append(opening)
        every = book.article_opening(names, shown)
        if every in text and every != opening:
            found.append(every)
    # "each note on its own terms, then where they meet / what could connect them"
    own = bool(article.sections)
    if article.related and not (own and article.connection.paragraphs):
        walk = [f"`{t.keyword}`" if t.code else t.keyword for t in outline.themes]
        walk = [w for w, t in zip(walk, outline.themes, strict=True) if len(t.support) >= 2]
        said = book.article_walkthrough(walk)
        if said and said in text:
            found.append(said)
    contrast = book.article_contrast()
    unconnected = not (own and (article.connection.items or article.connection.paragraphs))
    if not article.related and contrast and contrast in text and unconnected:
        found.append(contrast)
    for name in names:
        lead = book.answer.format(name=name)
        start = 0
        while (at := text.find(lead, start)) >= 0:
            before = text[:at].rstrip()
            if not answers(before):
                found.append(lead)
            start = at + len(lead)
    return found
