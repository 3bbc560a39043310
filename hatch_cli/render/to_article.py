"""Article -> Markdown: a note with frontmatter, then a piece that reads top to bottom.

The words are the ``Article``'s (``core.writing.article`` writes them from an outline); this
module only lays them out: the title, a byline (date, sources, reading time), the
paragraphs, the numbered advice with where each item comes from (for an article a
language model wrote, the byline names the model). Every piece of text is
Markdown-escaped, so a note's characters stay characters and its inline code stays code.
``article_body`` is the part without frontmatter, which the terminal view hands to
Rich's Markdown renderer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from hatch_cli.core.reading.inert import make_inert
from hatch_cli.core.reading.pulldown import reads_as_itself
from hatch_cli.core.writing.phrasebook import Phrasebook, phrasebook
from hatch_cli.models import Article
from hatch_cli.render.to_markdown import escape, fenced, hatched_frontmatter

_WIKI_UNSAFE = re.compile(r"[\[\]|#^]+")
# Obsidian's own inline markup (math, highlight, comment), which CommonMark reads as text.
_OBSIDIAN_MARKUP = re.compile(r"\$|==|%%")
_NOTE_SUFFIX = re.compile(r"\.(?:md|markdown)$", re.IGNORECASE)


def to_article(article: Article, *, wikilinks: bool = False) -> str:
    """The article as a note: frontmatter, then the body of ``article_body``."""
    return hatched_frontmatter(article) + "\n" + article_body(article, wikilinks=wikilinks)


def article_body(article: Article, *, wikilinks: bool = False) -> str:
    """The article in Markdown without frontmatter: what a reader reads."""
    book = phrasebook(article.lang)
    titles = {source.path: source.title for source in article.sources}
    if wikilinks:
        names = [_wikilink(source.path, source.title, book) for source in article.sources]
    else:
        names = [escape(book.quote(source.title)) for source in article.sources]
    byline = book.byline(article.date, names, article.reading_time_minutes)
    if article.model:
        byline += f" · {escape(book.written_by(article.model))}"
    parts = [f"# {escape(article.title)}", f"*{byline}*"]
    prose = _prose_escaper([source.title for source in article.sources], book)
    parts += [prose(paragraph) for paragraph in article.intro]
    for section in (*article.sections, article.connection):
        body = []
        for at, paragraph in enumerate(section.paragraphs):
            body.append(prose(paragraph))
            body += ["\n".join(fenced(block, book)) for block in section.code if block.after == at]
        if section.items:
            body.append("\n".join(f"- {prose(item)}" for item in section.items))
        if body:
            parts += [f"## {escape(section.heading)}", *body]
    if article.advice:
        lines = []
        for number, item in enumerate(article.advice, 1):
            line = f"{number}. {escape(item.text)}"
            if item.source is not None:
                name = book.quote(titles.get(item.source, item.source))
                line += f" *({escape(book.from_note(name))})*"
            indent = " " * (len(str(number)) + 2)
            for block in item.code:
                line += "\n\n" + "\n".join(fenced(block, book, indent))
            lines.append(line)
        parts += [f"## {escape(book.heading('advice'))}"]
        if article.advice_lead:
            parts.append(prose(article.advice_lead))
        parts.append("\n".join(lines))
    if article.conclusion:
        parts += [f"## {escape(book.heading('conclusion'))}"]
        parts += [prose(paragraph) for paragraph in article.conclusion]
    return "\n\n".join(parts) + "\n"


def _prose_escaper(titles: Sequence[str], book: Phrasebook) -> Callable[[str], str]:
    """``escape`` for the article's sentences, which quote note titles as well as note
    text: a quoted title is text to the letter, so a backtick in it can't pair with one
    in another title or quote into a code span; the quotes keep their inline code."""
    quoted = sorted({book.quote(title) for title in titles if "`" in title}, key=len)
    if not quoted:
        return escape
    titled = re.compile("|".join(re.escape(name) for name in reversed(quoted)))

    def prose(text: str) -> str:
        pieces = titled.split(text)
        names = titled.findall(text)
        out = [escape(pieces[0])]
        for name, piece in zip(names, pieces[1:], strict=True):
            out += [escape(name, literal=True), escape(piece)]
        return "".join(out)

    return prose


def _wikilink(path: str, title: str, book: Phrasebook) -> str:
    """``[[path/without/suffix|Title]]``: Obsidian's link to a note, shown as its title.

    Only if it is inert elsewhere: a CommonMark renderer reads it as plain text (an alias
    like ``<img …>`` would be live HTML there) and Obsidian as nothing but a link. An
    alias that is not is left out (``[[target]]``); a target that is not (or that holds
    what Obsidian's links can't: ``[ ] | # ^``) gives the quoted, escaped title instead.
    """
    target = _NOTE_SUFFIX.sub("", path)
    alias = " ".join(_WIKI_UNSAFE.sub(" ", make_inert(title)).split())
    if _WIKI_UNSAFE.search(target) or not _inert_link(f"[[{target}]]"):
        return escape(book.quote(title))
    if alias and alias != target and _inert_link(f"[[{target}|{alias}]]"):
        return f"[[{target}|{alias}]]"
    return f"[[{target}]]"


def _inert_link(link: str) -> bool:
    return reads_as_itself(link) and not _OBSIDIAN_MARKUP.search(link)
