"""The languages hatch knows, one row each: what the lexicon, the detector, the segmenter,
the phrasebooks and the brief know about a language beyond its word tables. Pure.

A new language is a row here; hatch writes sentences in it once it also has a phrasebook,
``languages/<code>.py`` (``book=True``; English's, the shape of them all, is in
``core.writing.phrasebook``). Its word frequencies and stopwords are files in ``hatch_cli/data/``,
built from this row by ``tools/build_lexicon.py``.

Plain classes and tuples: this module is read at every start, and a dataclass costs more
to build than the whole table.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

#: How many of wordfreq's most frequent words a language's table holds, unless its row says
#: otherwise. Chosen so each gzipped table stays well under 400 KB and all of them under
#: 4 MB; past ~50k words the tail is mostly names and misspellings at Zipf ~2, where
#: "unknown" (0.0) says the same. wordfreq's lists for da, el, fa, hi, hu, ro and tr are
#: "small" ones that stop at Zipf 3 (30k-60k words), so they are taken whole.
TABLE_WORDS = 50_000


class Language:
    """One language: its ISO 639-1 ``code`` and English ``name``; the ``script`` the
    detector knows it by (a name in ``SCRIPTS``); the Snowball algorithm its word
    families are stemmed with (``snowball``; '' keys its table by surface word);
    whether ``hatch_cli/data`` ships its ``tables``; whether it is written with spaces
    between words (``core.reading.segment`` splits the others) and the ``hatch-notes[...]``
    ``extra`` that brings its word splitter; whether it has a phrasebook (``book``); how
    many of wordfreq's most frequent words ``tools/build_lexicon.py`` puts in its table
    (``words``), and whether that table ships uncompressed (``plain``)."""

    __slots__ = (
        "book", "code", "extra", "name", "plain", "script", "snowball", "spaced", "tables",
        "words",
    )  # fmt: skip

    def __init__(
        self,
        code: str,
        name: str,
        script: str,
        snowball: str = "",
        *,
        tables: bool = True,
        spaced: bool = True,
        extra: str = "",
        book: bool = False,
        words: int = TABLE_WORDS,
        plain: bool = False,
    ) -> None:
        self.code = code
        self.name = name
        self.script = script
        self.snowball = snowball
        self.tables = tables
        self.spaced = spaced
        self.extra = extra
        self.book = book
        self.words = words
        self.plain = plain


#: Every language hatch knows. The order is the detector's preference when two languages
#: of a script fit a note equally well (English first), and the order it weighs the
#: scripts in.
TABLE: tuple[Language, ...] = (
    # English's table ships uncompressed: gunzipping it costs ~3 ms of every ``hatch combine``
    # start (~10% of its budget) for ~400 KB more on disk.
    Language("en", "English", "latin", "english", book=True, words=100_000, plain=True),
    Language("de", "German", "latin", "german", book=True),
    Language("fr", "French", "latin", "french", book=True),
    Language("es", "Spanish", "latin", "spanish", book=True),
    Language("it", "Italian", "latin", "italian"),
    Language("pt", "Portuguese", "latin", "portuguese"),
    Language("nl", "Dutch", "latin", "dutch"),
    Language("sv", "Swedish", "latin", "swedish"),
    Language("da", "Danish", "latin", "danish"),
    Language("nb", "Norwegian", "latin", "norwegian"),
    Language("fi", "Finnish", "latin", "finnish"),
    Language("hu", "Hungarian", "latin", "hungarian"),
    Language("pl", "Polish", "latin", "polish"),
    Language("cs", "Czech", "latin", "czech"),
    Language("ro", "Romanian", "latin", "romanian"),
    Language("tr", "Turkish", "latin", "turkish"),
    Language("ca", "Catalan", "latin", "catalan"),
    Language("ko", "Korean", "hangul", tables=False),
    Language("ru", "Russian", "cyrillic", "russian"),
    Language("el", "Greek", "greek", "greek"),
    Language("ar", "Arabic", "arabic", "arabic"),
    Language("fa", "Persian", "arabic", "persian"),
    Language("hi", "Hindi", "devanagari", "hindi"),
    Language("ja", "Japanese", "kana", spaced=False, extra="ja", book=True, words=30_000),
    Language("zh", "Chinese", "han", spaced=False, extra="zh", words=30_000),
)

#: Codes that detectors and locales use for a language the table names otherwise.
ALIASES: Mapping[str, str] = MappingProxyType({"no": "nb", "nn": "nb"})

#: Code point ranges of the scripts beyond ASCII: (first, last, script). Tuples, not regex
#: classes: compiling classes with ranges this wide costs milliseconds, the whole budget.
SCRIPTS: tuple[tuple[int, int, str], ...] = (
    (0x00C0, 0x024F, "latin"),
    (0x0370, 0x03FF, "greek"),
    (0x0400, 0x04FF, "cyrillic"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x0900, 0x097F, "devanagari"),
    (0x1100, 0x11FF, "hangul"),
    (0x1F00, 0x1FFF, "greek"),
    (0x3040, 0x30FF, "kana"),
    (0x3130, 0x318F, "hangul"),
    (0x31F0, 0x31FF, "kana"),
    (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"),
    (0xAC00, 0xD7AF, "hangul"),
    (0xF900, 0xFAFF, "han"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
    (0xFF66, 0xFF9D, "kana"),
)

BY_CODE: Mapping[str, Language] = MappingProxyType({row.code: row for row in TABLE})


def written_in(script: str) -> tuple[str, ...]:
    """The codes of the languages written in ``script``, in the table's order."""
    return tuple(row.code for row in TABLE if row.script == script)
