"""Which phrasebook a note gets: its language's (``core/languages/<code>.py``), or the
neutral one. Pure.

The phrasebooks hold the connective sentences hatch writes, one module per language:
English, German, Spanish, French and Japanese (``languages.TABLE`` marks them with
``book``). Notes in another language get ``NEUTRAL``: headings and lists but no
sentences, rather than English prose in a Polish note. A book is imported when a note
first asks for it, so English notes never load the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module

from hatch_cli.core.languages import BY_CODE, TABLE
from hatch_cli.core.languages.en import BOOK as ENGLISH
from hatch_cli.core.languages.en import Phrasebook

__all__ = ["ENGLISH", "LANGUAGES", "NEUTRAL", "Phrasebook", "language_of", "phrasebook"]


class _Neutral(Phrasebook):
    """For languages without a phrasebook: headings and lists, no sentences."""

    __slots__ = ()
    lang: str = ""
    writes_sentences: bool = False
    and_word: str = "+"
    voices: tuple[tuple[str, str], ...] = (("{name}:", "{name}:"),)

    def listing(self, items: Sequence[str]) -> str:
        return " · ".join(items)

    def byline(self, date: str, names: Sequence[str], minutes: int) -> str:
        return f"{date} · {self.listing(names)} · {minutes} min"

    def written_by(self, model: str) -> str:
        return f"{model}"

    def from_note(self, name: str) -> str:
        return name

    def advice_quoted(self, name: str, text: str) -> str:
        return f"{name}: {self.quote(text)}"


def _silent(self: Phrasebook, *args: object, **kwargs: object) -> str:
    return ""


# Every sentence of the neutral book is left out (titles, headings and lists remain).
for _name in (
    "intro_related", "intro_unrelated", "no_subject", "nothing_more", "conclusion_related",
    "conclusion_unrelated", "bridge_question", "article_opening", "article_tags_only",
    "article_walkthrough", "article_contrast", "says_little", "lead_theme", "quoted_above",
    "also_share", "shared_unsaid", "advice_lead", "advice_question",
):  # fmt: skip
    setattr(_Neutral, _name, _silent)


NEUTRAL = _Neutral()
_BOOKS: dict[str, Phrasebook] = {ENGLISH.lang: ENGLISH}
#: The languages with a phrasebook of their own.
LANGUAGES = frozenset(row.code for row in TABLE if row.book)


def phrasebook(lang: str) -> Phrasebook:
    """The phrasebook of ``lang``, or ``NEUTRAL`` for a language without one."""
    book = _BOOKS.get(lang)
    if book is None:
        row = BY_CODE.get(lang)
        if row is not None and row.book:
            book = import_module(f"hatch_cli.core.languages.{row.code}").BOOK
        _BOOKS[lang] = book = book or NEUTRAL
    return book


def language_of(langs: Sequence[str]) -> str:
    """The language to connect notes in: the one most of them are in (the first note's
    on a tie); a language without a phrasebook then gets the neutral one."""
    counts = {lang: langs.count(lang) for lang in langs}
    return max(langs, key=lambda lang: (counts[lang], -langs.index(lang))) if langs else "en"
