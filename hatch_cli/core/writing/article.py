"""An ``Outline`` -> an ``Article``: the same notes as a piece that reads top to bottom.
Pure.

The shape follows a hatched idea: a title, an intro built from the strongest shared
lines, one section per source with its key points as prose, where the notes meet (each
note's own line on each theme) or, for notes that share no subject, what could connect
them, numbered actionable advice and a conclusion. Every sentence is the notes' own,
quoted, or one of the phrasebook's, so the same outline always gives the same article.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from hatch_cli.core.writing import prose, truth
from hatch_cli.core.writing.phrasebook import Phrasebook, phrasebook
from hatch_cli.models import Article, Code, Outline, Section, SourcePoints, Theme

#: A source section starts a new paragraph once the current one has this many words.
PARAGRAPH_WORDS = 60
#: Shared keywords named at the end of "Where they meet", at most.
ALSO_SHARED = 5


def write_article(outline: Outline) -> Article:
    """The article of an outline, in the language its connective sentences are in."""
    book = phrasebook(outline.lang)
    names = {source.path: book.quote(source.title) for source in outline.sources}
    all_names = [names[source.path] for source in outline.sources]
    walk = _walk(outline.themes)
    quoted: set[str] = set()
    intro = _intro(outline, walk, names, all_names, quoted, book)
    # A note with nothing of its own to say gets no section (not one of hatch's sentences).
    sections = tuple(_section(entry, book) for entry in outline.key_points if entry.points)
    if outline.related:
        meeting = _meeting(outline, walk, names, quoted, book)
        if outline.questions:
            meeting.append(book.questions_open())
        connection = Section(
            heading=book.heading("meet"), paragraphs=tuple(meeting), items=outline.questions
        )
    else:
        connection = Section(
            heading=book.heading("connect"), paragraphs=(), items=outline.questions
        )
    advice_lead = ""
    if outline.advice:
        lead = book.advice_lead(len(outline.advice))
        advice_lead = book.sentence_gap.join(
            part for part in (_relation(outline, book), lead) if part
        )
    conclusion = (outline.conclusion,) if outline.conclusion else ()
    return framed(
        outline,
        title=outline.title,
        intro=tuple(part for part in intro if part),
        sections=sections,
        connection=connection,
        advice_lead=advice_lead,
        advice=outline.advice,
        conclusion=conclusion,
    )


def framed(outline: Outline, **written: Any) -> Article:
    """An article on ``outline`` from its ``written`` parts (title, intro, sections, advice,
    conclusion; a model's name), in the outline's frame (date, language, sources, tags,
    scores) and with the reading time of its words. hatch's writer and a model's share it."""
    draft = Article(
        date=outline.date,
        lang=outline.lang,
        sources=outline.sources,
        tags=outline.shared_keywords,
        relatedness=outline.relatedness,
        scored_in=outline.scored_in,
        related=outline.related,
        word_count=0,
        reading_time_minutes=1,
        **written,
    )
    words = article_words(draft)
    return dataclasses.replace(
        draft, word_count=words, reading_time_minutes=prose.reading_minutes(words)
    )


def article_words(article: Article) -> int:
    """Words below the byline, as rendered (headings and attributions too): what the
    reading time is counted from."""
    book = phrasebook(article.lang)
    titles = {source.path: source.title for source in article.sources}
    parts = list(article.intro)
    for section in (*article.sections, article.connection):
        if section.paragraphs or section.items:
            parts += [section.heading, *section.paragraphs, *section.items]
    if article.advice:
        parts += [book.heading("advice"), article.advice_lead]
        for item in article.advice:
            parts.append(item.text)
            if item.source is not None:
                parts.append(book.from_note(book.quote(titles.get(item.source, item.source))))
    if article.conclusion:
        parts += [book.heading("conclusion"), *article.conclusion]
    return sum(prose.count_words(part) for part in parts)


def _shown(theme: Theme) -> str:
    """A theme as hatch's sentences name it: as code when the notes write it so."""
    return f"`{theme.keyword}`" if theme.code else theme.keyword


def _code(word: str, outline: Outline) -> str:
    return f"`{word}`" if word in outline.code_keywords else word


def _walk(themes: Sequence[Theme]) -> list[Theme]:
    """The themes the article quotes, in order: each with lines from two notes or more."""
    return [theme for theme in themes if len(theme.support) >= 2]


def _intro(
    outline: Outline,
    walk: Sequence[Theme],
    names: dict[str, str],
    all_names: list[str],
    quoted: set[str],
    book: Phrasebook,
) -> list[str]:
    if not outline.related:
        # "each note on its own terms, then what could connect them"
        own = any(entry.points for entry in outline.key_points) and outline.questions
        return [outline.intro, book.article_contrast() if own else ""]
    if not walk:
        shared = [_code(word, outline) for word in outline.shared_keywords[:3]]
        if outline.duplicates:
            return [book.overlap(all_names)]
        return [book.article_tags_only(all_names, shared)]
    lead = walk[0]
    if truth.notes_differ(outline):
        # Only the notes quoted on the lead theme "come back to" it.
        opening = book.article_opening([names[p] for p in truth.quoted(lead)], _shown(lead))
    else:
        opening = book.overlap(all_names)
    quotes = _quoted_lines(lead, names, book.voices[0], quoted, book)
    first = book.sentence_gap.join(part for part in (opening, quotes) if part)
    if len(walk) < 2 or not any(entry.points for entry in outline.key_points):
        # "each note on its own terms, then where they meet": both sections must be there
        return [first]
    return [first, book.article_walkthrough([_shown(theme) for theme in walk])]


def _section(entry: SourcePoints, book: Phrasebook) -> Section:
    """A note's key points as short paragraphs of whole sentences; a point that introduces
    code ends its paragraph, and the code follows it."""
    paragraphs: list[list[str]] = [[]]
    code: list[Code] = []
    words = 0
    for at, point in enumerate(entry.points):
        if words >= PARAGRAPH_WORDS:
            paragraphs.append([])
            words = 0
        blocks = [block for block in entry.code if block.after == at]
        # the sentence before code keeps its colon ("... like so:"), as the note has it
        paragraphs[-1].append(point if blocks else prose.as_sentence(point))
        words += prose.count_words(point)
        if blocks:
            code += [dataclasses.replace(block, after=len(paragraphs) - 1) for block in blocks]
            paragraphs.append([])
            words = 0
    shown = [book.sentence_gap.join(paragraph) for paragraph in paragraphs if paragraph]
    return Section(heading=entry.title, paragraphs=tuple(shown), code=tuple(code))


def _relation(outline: Outline, book: Phrasebook) -> str:
    """How two advice items from different notes relate, when both name one shared theme
    (the first such two): both bear on it, and whether one says not to do what the other
    says to."""
    items = outline.advice
    for theme in outline.themes:
        word = re.compile(rf"(?<!\w){re.escape(theme.keyword)}(?!\w)", re.IGNORECASE)
        naming = [(at, item) for at, item in enumerate(items, 1) if word.search(item.text)]
        for at, item in naming:
            other = next(((b, it) for b, it in naming if b > at and it.source != item.source), None)
            if other is not None:
                apart = _negative(item.text) != _negative(other[1].text)
                return book.advice_relation(at, other[0], _shown(theme), apart)
    return ""


# An instruction not to do something (English; other languages' advice is never "apart").
_NEGATIVE = re.compile(r"^(?:[^,]*,\s*)?(?:don't|do not|never|avoid|stop)\b", re.IGNORECASE)


def _negative(text: str) -> bool:
    return bool(_NEGATIVE.match(text.lstrip("“\"'")))


def _meeting(
    outline: Outline,
    walk: Sequence[Theme],
    names: dict[str, str],
    quoted: set[str],
    book: Phrasebook,
) -> list[str]:
    if len(walk) < 2:
        # Nothing the notes say on a theme but the lines at the top: no section, rather
        # than one of hatch's sentences alone under its heading.
        return []
    lead, *others = walk
    lines = [book.lead_theme(_shown(lead))]
    for number, theme in enumerate(others, 1):
        voices = book.voices[number % len(book.voices)]
        said = _quoted_lines(theme, names, voices, quoted, book)
        label = book.theme_label(_shown(theme))
        lines.append(book.sentence_gap.join(part for part in (label, said) if part))
    named = {theme.keyword for theme in walk}
    also = [_code(w, outline) for w in outline.shared_keywords if w not in named][:ALSO_SHARED]
    if also:
        lines.append(book.also_share(also))
    return [line for line in lines if line]


def _quoted_lines(
    theme: Theme, names: dict[str, str], voices: tuple[str, str], quoted: set[str], book: Phrasebook
) -> str:
    """Each note's line on the theme, quoted once: a line quoted earlier is pointed to."""
    said: list[str] = []
    previous = ""
    for line in theme.support:
        name = names.get(line.source, line.source)
        if line.text in quoted:
            said.append(book.quoted_above(name))
            previous = ""
            continue
        quoted.add(line.text)
        voice = book.answer if said and truth.answers(previous) else voices[1 if said else 0]
        lead = voice.format(name=name)
        previous = line.text
        gap = book.sentence_gap if lead.endswith(("。", "、", "，")) else " "
        said.append(f"{lead}{gap}{book.quote(prose.as_sentence(line.text))}")
    return book.sentence_gap.join(part for part in said if part)
