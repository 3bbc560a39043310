"""Outline -> an article: the same outline as a short piece that reads top to bottom.

The shape follows a hatched idea: a title, a byline (date, sources, reading time), an
intro built from the strongest shared lines, one section per source with its key points
as prose, "Where they meet" walking through the shared themes with each note's own line,
numbered actionable advice and a conclusion. Every sentence is either the notes' own
(quoted, Markdown-escaped) or one of the short connective templates below, so the same
outline always gives the same article. Pure: no I/O, no clock, no environment.

As a file it is a note with the frontmatter ``to_markdown`` writes (hatch reads it back);
``article_body`` is the part without frontmatter, which the terminal view hands to Rich's
Markdown renderer (note text stays inert there because it is escaped).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hatch_cli.core.prose import capitalise, count_words, listing, reading_minutes
from hatch_cli.core.text import make_inert, reads_as_itself
from hatch_cli.models import Outline, Theme
from hatch_cli.render.to_markdown import escape, outline_frontmatter

#: A source section starts a new paragraph once the current one has this many words.
PARAGRAPH_WORDS = 60

_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_ENDS = ".!?…。！？．"
_CLOSERS = "\"'”’»)]」』）"
_WIKI_UNSAFE = re.compile(r"[\[\]|#^]+")
# Obsidian's own inline markup (math, highlight, comment), which CommonMark reads as text.
_OBSIDIAN_MARKUP = re.compile(r"\$|==|%%")
_NOTE_SUFFIX = re.compile(r"\.(?:md|markdown)$", re.IGNORECASE)

# How "Where they meet" introduces each note's line, by position of the theme. Each entry
# is (lead for the first note, lead for the others); {title} is the quoted note title.
_VOICES = (
    ("{title} puts it this way:", "{title} answers:"),
    ("In {title}:", "And in {title}:"),
    ("{title} says:", "{title} adds:"),
    ("{title} writes:", "{title} replies:"),
)
#: A supporting line shorter than this (a bare tag or heading) is named, not quoted.
MIN_QUOTE_WORDS = 3


def to_article(outline: Outline, *, wikilinks: bool = False) -> str:
    """The outline as an article note: frontmatter, then the body of ``article_body``."""
    body, minutes = _article(outline, wikilinks)
    return outline_frontmatter(outline, minutes) + "\n" + body


def article_body(outline: Outline, *, wikilinks: bool = False) -> str:
    """The article in Markdown without frontmatter: what a reader reads."""
    return _article(outline, wikilinks)[0]


def _article(outline: Outline, wikilinks: bool) -> tuple[str, int]:
    """The body and its reading time in minutes (of the text below the byline)."""
    titles = {source.path: source.title for source in outline.sources}
    walk = _walk(outline.themes, titles)
    quoted: set[str] = set()
    parts = [_intro(outline, walk, titles, quoted)]
    for entry in outline.key_points:
        parts += [f"## {escape(entry.title)}", *_prose(entry.title, entry.points)]
    parts += ["## Where they meet", *_meeting(outline, walk, titles, quoted)]
    if outline.advice:
        count = len(outline.advice)
        things = "thing" if count == 1 else "things"
        parts += ["## Actionable advice", f"{capitalise(_number(count))} {things} to try next:"]
        parts.append("\n".join(_advice_lines(outline, titles)))
    parts += ["## Conclusion", _conclusion(outline)]
    text = "\n\n".join(parts) + "\n"
    minutes = reading_minutes(count_words(text))
    byline = _byline(outline, minutes, wikilinks)
    return f"# {escape(outline.title)}\n\n{byline}\n\n{text}", minutes


# --------------------------------------------------------------------------- parts


def _byline(outline: Outline, minutes: int, wikilinks: bool) -> str:
    if wikilinks:
        names = [_wikilink(source.path, source.title) for source in outline.sources]
    else:
        names = [_q(source.title) for source in outline.sources]
    return f"*{outline.date} · from {listing(names)} · {minutes} min read*"


def _intro(
    outline: Outline, walk: Sequence[Theme], titles: dict[str, str], quoted: set[str]
) -> str:
    names = listing([_q(source.title) for source in outline.sources])
    if not outline.shared_keywords:
        return (
            f"{names} share no keywords. This piece sets them side by side, so the new "
            "idea has to come from the contrast between them."
        )
    if not walk:
        shared = listing([escape(word) for word in outline.shared_keywords[:3]])
        return (
            f"{names} share {shared}, though more in their tags and headings than in "
            "whole sentences. This piece sets them side by side to see what else they share."
        )
    lead = walk[0]
    opening = f"{names} start in different places, yet both come back to {escape(lead.keyword)}."
    quotes = _quoted_lines(lead, titles, _VOICES[0], quoted)
    follow = (
        "What follows takes each note on its own terms, then walks through where they meet: "
        f"{listing([escape(theme.keyword) for theme in walk])}."
    )
    return f"{opening} {quotes}\n\n{follow}"


def _prose(title: str, points: Sequence[str]) -> list[str]:
    """Key points as short paragraphs of whole sentences."""
    if not points:
        return [f"{_q(title)} says little beyond the themes the notes share."]
    paragraphs: list[list[str]] = [[]]
    words = 0
    for point in points:
        if words >= PARAGRAPH_WORDS:
            paragraphs.append([])
            words = 0
        paragraphs[-1].append(escape(_sentence(point)))
        words += count_words(point)
    return [" ".join(paragraph) for paragraph in paragraphs]


def _meeting(
    outline: Outline, walk: Sequence[Theme], titles: dict[str, str], quoted: set[str]
) -> list[str]:
    if not walk and outline.shared_keywords:
        shared = listing([escape(word) for word in outline.shared_keywords])
        return [f"The notes share {shared}, but neither says much about it in a whole sentence."]
    if not walk:
        return [
            "Nothing ties these notes together by word, so the link is the reader's to "
            f"make: what would {_q(outline.sources[-1].title)} change if its author had "
            f"read {_q(outline.sources[0].title)}?"
        ]
    lead, *others = walk
    lines = [
        f"**{capitalise(escape(lead.keyword))}** comes first: the lines quoted at the top "
        "are where the notes meet most closely."
    ]
    for number, theme in enumerate(others, 1):
        voices = _VOICES[number % len(_VOICES)]
        keyword = capitalise(escape(theme.keyword))
        lines.append(f"**{keyword}.** {_quoted_lines(theme, titles, voices, quoted)}")
    named = {theme.keyword for theme in walk}
    also = [escape(word) for word in outline.shared_keywords if word not in named]
    if also:
        lines.append(f"The notes also share {listing(also)}.")
    return lines


def _advice_lines(outline: Outline, titles: dict[str, str]) -> list[str]:
    out: list[str] = []
    for number, item in enumerate(outline.advice, 1):
        line = f"{number}. {escape(_sentence(item.text))}"
        if item.source is not None:
            line += f" *(from {_q(titles.get(item.source, item.source))})*"
        out.append(line)
    return out


def _conclusion(outline: Outline) -> str:
    names = listing([_q(source.title) for source in outline.sources])
    if not outline.shared_keywords:
        return (
            f"{names} share no words, but that is not the same as sharing nothing. "
            "Read them side by side and ask what one would change in the other: that "
            "question is where this piece ends and where a new note can start."
        )
    top = [escape(word) for word in outline.shared_keywords[:3]]
    return (
        f"Read side by side, {names} meet on {listing(top)}. Neither note says it alone: "
        f"the idea is in the meeting. Start from {top[0]}, and let each note answer the other."
    )


# --------------------------------------------------------------------------- helpers


def _quoted_lines(
    theme: Theme, titles: dict[str, str], voices: tuple[str, str], quoted: set[str]
) -> str:
    """Each note's line on the theme, quoted once: a line quoted earlier is pointed to."""
    said: list[str] = []
    for line in theme.support:
        title = titles.get(line.source, line.source)
        if not _quotable(line.text, title):
            continue
        if line.text in quoted:
            said.append(f"{_q(title)} has it in the line quoted above.")
            continue
        quoted.add(line.text)
        lead = voices[1 if said else 0].format(title=_q(title))
        said.append(f"{lead} “{escape(_sentence(line.text))}”")
    return " ".join(said)


def _walk(themes: Sequence[Theme], titles: dict[str, str]) -> list[Theme]:
    """The themes the article quotes, in order: each has lines from two notes or more and
    at least one line not quoted before (a bare tag or heading is named, not quoted)."""
    walk: list[Theme] = []
    seen: set[str] = set()
    for theme in themes:
        lines = [
            line.text
            for line in theme.support
            if _quotable(line.text, titles.get(line.source, line.source))
        ]
        if len(lines) >= 2 and not seen.issuperset(lines):
            walk.append(theme)
            seen.update(lines)
    return walk


def _quotable(text: str, title: str) -> bool:
    """A sentence worth quoting: not a bare tag, heading or the note's own title."""
    return count_words(text) >= MIN_QUOTE_WORDS and text.casefold() != title.casefold()


def _sentence(text: str) -> str:
    """One line of note text as a whole sentence: whitespace folded, end punctuation."""
    text = " ".join(text.split())
    if not text:
        return text
    core = text.rstrip(_CLOSERS)
    if core and core[-1] in _ENDS:
        return text
    if text[-1] in ",;:、，；：":
        return text[:-1] + "."
    return text + "."


def _wikilink(path: str, title: str) -> str:
    """``[[path/without/suffix|Title]]``: Obsidian's link to a note, shown as its title.

    Only if it is inert elsewhere: a CommonMark renderer reads it as plain text (an alias
    like ``<img …>`` would be live HTML there) and Obsidian as nothing but a link. An
    alias that is not is left out (``[[target]]``); a target that is not (or that holds
    what Obsidian's links can't: ``[ ] | # ^``) gives the quoted, escaped title instead.
    """
    target = _NOTE_SUFFIX.sub("", path)
    alias = " ".join(_WIKI_UNSAFE.sub(" ", make_inert(title)).split())
    if _WIKI_UNSAFE.search(target) or not _inert_link(f"[[{target}]]"):
        return _q(title)
    if alias and alias != target and _inert_link(f"[[{target}|{alias}]]"):
        return f"[[{target}|{alias}]]"
    return f"[[{target}]]"


def _inert_link(link: str) -> bool:
    return reads_as_itself(link) and not _OBSIDIAN_MARKUP.search(link)


def _q(title: str) -> str:
    return f"“{escape(title)}”"


def _number(count: int) -> str:
    return _NUMBERS[count] if count < len(_NUMBERS) else str(count)
