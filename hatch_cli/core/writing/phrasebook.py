"""The connective sentences hatch writes: English's, the shape every other language's
phrasebook fills in, and which phrasebook a note gets. Pure.

Everything else in an outline or article is the notes' own text. A phrasebook holds the
few sentences that join those quotes (intros, conclusions, headings, how a quote is
introduced). Every method takes already-written pieces (titles, keywords, quotes) and
returns plain text; renderers escape it. ``names`` are note titles, quoted by the caller
(``quote``).

Each other language with a phrasebook (``book`` in ``languages.TABLE``: German, Spanish,
French, Japanese) has it in ``core/languages/<code>.py``, imported when a note first asks
for it, so English notes never load them. Notes in another language get ``NEUTRAL``:
headings and lists but no sentences, rather than English prose in a Polish note.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module

from hatch_cli.core.languages import BY_CODE, TABLE


def cap(text: str) -> str:
    """The first letter upper-cased, unless the first word has a capital inside: a name
    written as its owner writes it (``rOpenSci``, ``iPhone``) stays as it is."""
    first = text.split(" ", 1)[0]
    if any(char.isupper() for char in first[1:]):
        return text
    return text[:1].upper() + text[1:]


class Phrasebook:
    """English, and the shape every other language fills in.

    A language is a subclass that overrides class attributes and methods; each has one
    instance and no per-instance state (``__slots__ = ()`` keeps it so). Plain classes,
    not dataclasses: building six dataclasses cost ``hatch combine`` about 4 ms a start.
    """

    __slots__ = ()

    lang: str = "en"
    #: False for the neutral book: it writes headings and lists, no sentences.
    writes_sentences: bool = True
    #: What stands between two sentences of a paragraph ('' in Japanese).
    sentence_gap: str = " "
    and_word: str = "and"
    open_quote: str = "“"
    close_quote: str = "”"
    numbers: tuple[str, ...] = (
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    )  # fmt: skip
    headings: tuple[tuple[str, str], ...] = (
        ("themes", "Shared themes"),
        ("brings", "What each note brings"),
        ("advice", "Actionable advice"),
        ("conclusion", "Conclusion"),
        ("sources", "Sources"),
        ("meet", "Where they meet"),
        ("connect", "What could connect them"),
        ("questions", "Open questions"),
    )

    # ------------------------------------------------------------------ building blocks

    def heading(self, key: str) -> str:
        """The heading of a section (``themes``, ``brings``, ``advice``...)."""
        return dict(self.headings)[key]

    def listing(self, items: Sequence[str]) -> str:
        """``a``, ``a and b``, ``a, b and c``."""
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {self.and_word} " + items[-1]

    def quote(self, text: str) -> str:
        """Text in this language's quotation marks."""
        return f"{self.open_quote}{text}{self.close_quote}"

    def number(self, count: int) -> str:
        """A small count as a word."""
        return self.numbers[count] if count < len(self.numbers) else str(count)

    def all_of(self, count: int) -> str:
        """``both`` for two notes, ``all three`` for three."""
        return "both" if count == 2 else f"all {self.number(count)}"

    # ------------------------------------------------------------------ titles

    def title_related(self, theme: str, names: Sequence[str], *, as_written: bool = False) -> str:
        """The lead theme (capitalised, unless ``as_written``: code), then the names."""
        return f"{theme if as_written else cap(theme)}: {self.listing(names)}"

    def title_unrelated(self, names: Sequence[str]) -> str:
        return self.listing(names)

    # ------------------------------------------------------------------ outline

    def intro_related(self, names: Sequence[str], themes: Sequence[str], more: int) -> str:
        extra = f", and {more} more shared keyword{'s' if more > 1 else ''}" if more else ""
        return f"{self.listing(names)} meet on {self.listing(themes)}{extra}."

    def quoted_each(self, count: int) -> str:
        """Only when every theme quotes every note (``core.writing.truth``)."""
        return f"{cap(self.all_of(count))} notes are quoted below on each theme."

    def overlap(self, names: Sequence[str]) -> str:
        """Near-duplicates (``core.pairing.overlap``): said instead of where they meet."""
        return (
            f"{self.listing(names)} say nearly the same thing: most of the shorter one is in "
            "the other too. Below is what each has that the other lacks."
        )

    def intro_unrelated(self, names: Sequence[str], subjects: Sequence[str]) -> str:
        about = [
            f"{name} is about {subject}"
            for name, subject in zip(names, subjects, strict=True)
            if subject
        ]
        if not about:
            return f"{self.listing(names)} share no subject; set side by side, they may."
        return f"These notes share no subject: {self.listing(about)}."

    def no_subject(self) -> str:
        return "These notes share no subject; their key points stand side by side below."


    def conclusion_related(
        self, themes: Sequence[str], contributions: Sequence[tuple[str, str]]
    ) -> str:
        meet = f"These notes meet on {self.listing(themes)}."
        brings = [f"{name} brings {what}" for name, what in contributions if what]
        if len(brings) < 2:
            return meet
        return f"{meet} Beyond that, {self.listing(brings)}."

    def conclusion_unrelated(self, contributions: Sequence[tuple[str, str]]) -> str:
        brings = [f"{name} brings {what}" for name, what in contributions if what]
        if len(brings) < 2:
            return ""
        return f"{cap(self.listing(brings))}: a note that joins them starts from one of the questions above."

    def bridge_question(self, subject: str, name: str) -> str:
        """A question that holds one note's subject up to another note (by its name)."""
        return f"What would {name} say about {subject}?"

    def advice_question(self, name: str, question: str) -> str:
        return f"Answer the question {name} leaves open: {self.quote(question)}"

    def advice_quoted(self, name: str, text: str) -> str:
        return f"As {name} puts it: {self.quote(text)}"

    # ------------------------------------------------------------------ article

    def byline(self, date: str, names: Sequence[str], minutes: int) -> str:
        return f"{date} · from {self.listing(names)} · {minutes} min read"

    def outline_byline(self, date: str, minutes: int, score: str, alone: bool) -> str:
        """The terminal's line under an outline's title: date, reading time, relatedness
        and what it was computed in (the notes alone or a vault)."""
        where = "the notes alone" if alone else "in the vault"
        return f"{date} · {minutes} min · relatedness {score} ({where})"

    def written_by(self, model: str) -> str:
        """The byline's note that a language model wrote the words (``--llm``)."""
        return f"written by {model}"

    def article_opening(self, names: Sequence[str], theme: str) -> str:
        return (
            f"{self.listing(names)} start in different places, yet "
            f"{self.all_of(len(names))} come back to {theme}."
        )

    def article_tags_only(self, names: Sequence[str], shared: Sequence[str]) -> str:
        return (
            f"{self.listing(names)} share {self.listing(shared)}, though more in their tags "
            "and headings than in whole sentences."
        )

    def article_walkthrough(self, themes: Sequence[str]) -> str:
        return (
            "What follows takes each note on its own terms, then walks through where they "
            f"meet: {self.listing(themes)}."
        )

    def article_contrast(self) -> str:
        return "What follows takes each note on its own terms, then asks what could connect them."

    #: How "Where they meet" introduces each note's line, by position of the theme:
    #: (lead for the first note, lead for the others); {name} is the quoted title. None
    #: says how one line relates to another: that is ``answer``'s, after a question only.
    voices: tuple[tuple[str, str], ...] = (
        ("{name} puts it this way:", "{name} writes:"),
        ("In {name}:", "And in {name}:"),
        ("{name} says:", "{name} adds:"),
        ("{name} writes:", "{name} has:"),
    )
    #: The lead of a line that follows a quoted question.
    answer: str = "{name} answers:"


    def lead_theme(self, theme: str) -> str:
        return (
            f"The lines quoted at the top, on {theme}, are where the notes meet most closely."
        )

    def theme_label(self, theme: str) -> str:
        """How a theme is named before the lines quoted on it."""
        return f"{cap(theme)}."

    def quoted_above(self, name: str) -> str:
        return f"{name} has it in the line quoted above."

    def also_share(self, words: Sequence[str]) -> str:
        return f"The notes also share {self.listing(words)}."

    def shared_unsaid(self, words: Sequence[str]) -> str:
        return f"The notes share {self.listing(words)}, but not in a whole sentence of each."

    def advice_lead(self, count: int) -> str:
        if count == 3:
            return "Three things to try next:"
        if count == 1:
            return "The notes give one concrete step:"
        return f"The notes give {self.number(count)} concrete steps:"

    def from_note(self, name: str) -> str:
        return f"from {name}"

    def code_cut(self, lines: int) -> str:
        """What is said under a code block quoted cut."""
        return f"(… {lines} more line{'s' if lines != 1 else ''} of code in the note)"

    def questions_open(self) -> str:
        """The sentence before the questions related notes leave open (in an article)."""
        return "The notes leave these questions open:"

    def advice_relation(self, first: int, second: int, theme: str, apart: bool) -> str:
        """How two advice items from different notes on one shared theme relate: ``apart``
        when one says to do what the other says not to."""
        if apart:
            return (
                f"Items {first} and {second} both bear on {theme}, one as a thing to do and "
                "the other as a thing not to do: weigh them together."
            )
        return f"Items {first} and {second} both bear on {theme}, from different notes."


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

    def outline_byline(self, date: str, minutes: int, score: str, alone: bool) -> str:
        return f"{date} · {minutes} min · {score}"

    def written_by(self, model: str) -> str:
        return f"{model}"

    def from_note(self, name: str) -> str:
        return name

    def advice_quoted(self, name: str, text: str) -> str:
        return f"{name}: {self.quote(text)}"

    def code_cut(self, lines: int) -> str:
        return f"(… +{lines})"


def _silent(self: Phrasebook, *args: object, **kwargs: object) -> str:
    return ""


# Every sentence of the neutral book is left out (titles, headings and lists remain).
for _name in (
    "intro_related", "quoted_each", "overlap", "intro_unrelated", "no_subject", "conclusion_related",
    "conclusion_unrelated", "bridge_question", "article_opening", "article_tags_only",
    "article_walkthrough", "article_contrast", "lead_theme", "quoted_above",
    "also_share", "shared_unsaid", "advice_lead", "advice_question", "questions_open",
    "advice_relation",
):  # fmt: skip
    setattr(_Neutral, _name, _silent)


ENGLISH = Phrasebook()
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
