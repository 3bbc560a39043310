#!/usr/bin/env python3
"""Build hatch's word-frequency and stopword tables (a developer tool, never run by hatch).

    .venv/bin/python tools/build_lexicon.py            # rewrite hatch_cli/data/{zipf,stopwords}
    .venv/bin/python tools/build_lexicon.py --check    # exit 1 if the shipped files are stale
    .venv/bin/python tools/build_lexicon.py --lang en de

Why: hatch weighs a keyword by how rare its word family is in the language. ``wordfreq``
knows that, but importing it and loading one language costs ~250 ms and ~60 MB, so hatch
ships a compact derived table per language instead, read by ``hatch_cli/core/reading/lexicon.py``
with the standard library only.

``hatch_cli/data/zipf/<lang>.zipf.gz`` (``en.zipf``, not gzipped: see ``PLAIN_TABLES``): the ``TOP_N`` most frequent words of wordfreq's list
for the language, word-like tokens only (letters, with internal apostrophes, hyphens or
zero-width joiners; no numbers, symbols or emoji), lowercased and NFC-normalised, grouped by
Snowball stem (the stemmer hatch uses at run time); a stem's value is the Zipf frequency of
its whole word family, log10(sum of the words' frequencies * 1e9), quantised to one byte,
round(zipf * 25) (steps of 0.04). ja and zh have no Snowball stemmer and are keyed by the
surface word. Layout, gzipped with mtime=0 (the same inputs give the same bytes): ``#``
header lines, then one ``key<TAB>V`` line per key, sorted by code point (UTF-8), ``V`` the
one byte of the quantised value. The loader binary-searches the bytes in place.

``hatch_cli/data/stopwords/<lang>.txt``: the ``stopwords`` package's (astuanax/stopwords,
ISC) ``default.txt`` list for the language, lowercased, NFC, ``’`` as ``'``, sorted and
deduplicated, with a header line. A few of its lines hold two words (a missing newline
upstream, e.g. Czech "teto bylo"): they give both words. For a language that package lacks,
the ``stop-words`` package's list (CC BY 4.0) is used if it is short (under
``MAX_FALLBACK_STOPWORDS`` words: the long ones list content words), else none is shipped.

The ``stopwords`` package's lists leave out many languages' commonest function words:
Spanish "de", "que", "y", "a", "un"; French "de", "à", "un", "une"; Portuguese "de",
"que", "do", "da"; Italian "in", "non", "per"; Dutch "op", "voor", "niet"; Polish "w",
"i", "z"; Czech "a", "se", "v" (and its Spanish list starts with "n", "un" cut short).
Their Spanish list matched so little of running Spanish that Spanish notes read as
Catalan. So each list also gets the words of the language's ``COMMON_WORDS`` commonest
(wordfreq) that the ``stop-words`` package lists as stopwords too: a word both that
frequent and on a second curated list is a function word ("de", "que"; English "one",
"can", "will", "just", "like"), where the commonest words alone would bring content
words ("ایران", "jó") and the second list alone its long tail ("parte", "cosas").

Needs (dev only, not hatch dependencies): wordfreq, snowballstemmer (or PyStemmer),
stopwords==1.0.2 (and stop-words, only for a fallback list).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.metadata
import math
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import snowballstemmer  # type: ignore[import-untyped]
import stopwords  # type: ignore[import-untyped]
import wordfreq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The language list is the runtime's table, so the tables and the stemmer that looks them up
# can never disagree about a language's algorithm. So is the quantisation step of the Zipf
# values.
from hatch_cli.core.languages import TABLE, TABLE_WORDS  # noqa: E402
from hatch_cli.core.reading.lexicon import (  # noqa: E402
    _ZIPF_MIN_BYTE,
    _ZIPF_SCALE,
    PLAIN_TABLES,
    SNOWBALL_LANGUAGES,
    table_file,
)

DATA = ROOT / "hatch_cli" / "data"

#: Languages without a Snowball stemmer whose tables are keyed by the surface word.
SURFACE_LANGUAGES = tuple(sorted(row.code for row in TABLE if row.tables and not row.snowball))

#: How many of wordfreq's most frequent words to take per language: its row's ``words``
#: (``languages.TABLE_WORDS`` unless it says otherwise).
TOP_N = {row.code: row.words for row in TABLE if row.words != TABLE_WORDS}
DEFAULT_TOP_N = TABLE_WORDS

# Allowed inside a word (never first or last): apostrophes, hyphen, ZWNJ/ZWJ (Persian, Hindi).
_JOINERS = frozenset("'’-\u200c\u200d")

WORDFREQ_LICENSE = "CC BY-SA 4.0"
STOPWORDS_DIST = "stopwords"  # https://github.com/astuanax/stopwords
STOPWORDS_LICENSE = "ISC"
FALLBACK_DIST = "stop-words"  # https://github.com/Alir3z4/python-stop-words
FALLBACK_LICENSE = "CC BY 4.0"
#: A stop-words list this long or longer is not shipped: English's has 1,333 entries,
#: content words such as "computer", "research" or "system" among them.
MAX_FALLBACK_STOPWORDS = 400
#: A list is completed with the words of the language's this many commonest (wordfreq)
#: that the stop-words package lists too (see the module docstring). The commonest 50 are
#: function words in every language both lists cover; at 100 content words come in
#: (Spanish "parte", "mejor"; English "good", "work").
COMMON_WORDS = 50
#: A list written in an older spelling than today's text gets today's too: Romanian's
#: has "şi", "ţara" with a cedilla, where Romanian is written "și", "țara" (comma below).
SPELLINGS = {"ro": str.maketrans("şţ", "șț")}
#: Marks a source whose list was completed so (``stopword_source``).
COMPLETED = "+common"

#: ISO 639-1 code -> folder of the stopwords package (stopwords/languages/<folder>/default.txt),
#: all 42 of its languages. Its own languages.json calls Norwegian "no" (we say "nb") and
#: Brazilian Portuguese "pt-BR"; "pt" takes the European "portuguese" list.
STOPWORDS_FOLDERS = {
    "ar": "arabic",
    "bg": "bulgarian",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fa": "persian",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "gl": "galician",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "ja": "japanese",
    "ko": "korean",
    "ku": "kurdish",
    "la": "latin",
    "lt": "lithuanian",
    "lv": "latvian",
    "mr": "marathi",
    "nb": "norwegian",
    "nl": "dutch",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sk": "slovak",
    "sl": "slovenian",
    "sv": "swedish",
    "th": "thai",
    "tr": "turkish",
    "uk": "ukranian",  # sic
    "ur": "urdu",
    "zh": "chinese",
}


def is_wordlike(word: str) -> bool:
    """Letters (and combining marks), with joiners only between them: no digits or symbols."""
    if not word or unicodedata.category(word[0])[0] != "L":
        return False
    if unicodedata.category(word[-1])[0] not in "LM":
        return False
    return all(unicodedata.category(char)[0] in "LM" or char in _JOINERS for char in word)


def normalise(word: str) -> str:
    return unicodedata.normalize("NFC", word.lower())


def zipf_values(lang: str) -> dict[str, float]:
    """key -> Zipf frequency of its word family."""
    algorithm = SNOWBALL_LANGUAGES.get(lang)
    stem = snowballstemmer.stemmer(algorithm).stemWord if algorithm else (lambda word: word)
    # get_frequency_dict holds the very numbers word_frequency() returns (which rounds them
    # to 3 significant digits) without word_frequency's tokenizer, which for ja and zh needs
    # MeCab and jieba; for a word of the list both agree to within that rounding.
    frequencies = wordfreq.get_frequency_dict(lang)
    families: dict[str, list[float]] = {}
    for word in wordfreq.top_n_list(lang, TOP_N.get(lang, DEFAULT_TOP_N)):
        surface = normalise(word)
        key = stem(surface) if is_wordlike(surface) else ""
        if key:  # Greek and Turkish stem a few short words (suffix-only ones) to nothing
            families.setdefault(key, []).append(frequencies[word])
    return {key: math.log10(math.fsum(freqs) * 1e9) for key, freqs in families.items()}


def zipf_file(lang: str) -> bytes:
    """The table (gzipped unless in ``PLAIN_TABLES``): header lines, then one ``key<TAB>V`` line per key, sorted.

    The key is UTF-8 and ``V`` one byte, ``round(zipf * _ZIPF_SCALE)``, so a reader can
    binary-search the bytes in place for a few look-ups (``hatch combine`` needs a few
    hundred) and build a dict only when a vault asks for thousands.
    """
    table = zipf_values(lang)
    keys = sorted(table)  # code-point order, which is also the UTF-8 byte order
    if any("\n" in key or "\t" in key or key.startswith("#") for key in keys):
        raise SystemExit(f"{lang}: a key holds a character the table format reserves")
    quantised = [round(table[key] * _ZIPF_SCALE) for key in keys]
    if min(quantised) < _ZIPF_MIN_BYTE or max(quantised) > 255:
        raise SystemExit(f"{lang}: a Zipf value is out of the table's range")
    keyed = "snowball stems" if lang in SNOWBALL_LANGUAGES else "words"
    header = (
        f"# {lang} zipf frequencies of {keyed}, derived from wordfreq "
        f"{wordfreq_version()} ({WORDFREQ_LICENSE})\n"
        f"# after these lines: {len(keys)} lines 'key<TAB>V', sorted by code point; "
        f"V is one byte, round(zipf * {_ZIPF_SCALE})\n"
    ).encode("utf-8")
    lines = b"\n".join(
        key.encode("utf-8") + b"\t" + bytes([q]) for key, q in zip(keys, quantised, strict=True)
    )
    table_bytes = header + lines + b"\n"
    if lang in PLAIN_TABLES:
        return table_bytes
    return gzip.compress(table_bytes, compresslevel=9, mtime=0)


def clean_stopwords(raw_words: Iterable[str]) -> list[str]:
    """Lowercased, NFC, ``’`` as ``'``, whitespace-split (see the module docstring), sorted."""
    words: set[str] = set()
    for raw in raw_words:
        for word in normalise(raw.lstrip("\ufeff")).replace("’", "'").split():
            if not word.startswith("#"):  # the loader would read it as a header
                words.add(word)
    return sorted(words)


def stopword_source(lang: str) -> tuple[str, list[str]] | None:
    """(distribution, words) for ``lang``, or None when no list fit to ship exists: the
    stopwords package's list, completed by ``common_stopwords``; else stop-words' list."""
    folder = STOPWORDS_FOLDERS.get(lang)
    if folder is not None:
        path = Path(stopwords.__file__).parent / "languages" / folder / "default.txt"
        words = clean_stopwords(path.read_text(encoding="utf-8").splitlines())
        if lang in SPELLINGS:  # both spellings: text in the wild has either
            words = sorted({*words, *(word.translate(SPELLINGS[lang]) for word in words)})
        added = set(common_stopwords(lang)) - set(words)
        return (STOPWORDS_DIST + COMPLETED if added else STOPWORDS_DIST), sorted({*words, *added})
    second = fallback_stopwords(lang)
    if second is None:
        return None
    if len(second) >= MAX_FALLBACK_STOPWORDS:
        print(f"{lang}: stop-words' list has {len(second)} words; shipping none", file=sys.stderr)
        return None
    return FALLBACK_DIST, second


def fallback_stopwords(lang: str) -> list[str] | None:
    """The stop-words package's list for ``lang`` (cleaned), or None if it has none."""
    import stop_words  # type: ignore[import-untyped]  # only for the fallback

    if lang not in stop_words.LANGUAGE_MAPPING:
        return None
    return clean_stopwords(stop_words.get_stop_words(lang))


def common_stopwords(lang: str) -> list[str]:
    """The language's ``COMMON_WORDS`` commonest words (wordfreq) that the stop-words
    package lists as stopwords: function words a list must have (module docstring)."""
    second = set(fallback_stopwords(lang) or ())
    common = clean_stopwords(wordfreq.top_n_list(lang, COMMON_WORDS))
    return [word for word in common if word in second]


def stopword_file(source: tuple[str, list[str]], lang: str) -> bytes:
    dist, words = source
    completed = ""
    if dist.endswith(COMPLETED):
        dist = dist.removesuffix(COMPLETED)
        completed = (
            f" and its {COMMON_WORDS} commonest words that {FALLBACK_DIST} "
            f"{dist_version(FALLBACK_DIST)} ({FALLBACK_LICENSE}) lists"
        )
    licence = STOPWORDS_LICENSE if dist == STOPWORDS_DIST else FALLBACK_LICENSE
    header = (
        f"# {lang} stopwords from {dist} {dist_version(dist)} ({licence}){completed}, "
        "lowercased, one word a line\n"
    )
    return (header + "".join(f"{word}\n" for word in words)).encode("utf-8")


def wordfreq_version() -> str:
    return dist_version("wordfreq")


def dist_version(name: str) -> str:
    return importlib.metadata.version(name)


def dist_license_text(name: str) -> str:
    """The licence file a distribution ships (for the BSD notice we must reproduce)."""
    dist = importlib.metadata.distribution(name)
    for file in dist.files or ():
        if file.name.upper().startswith("LICENSE"):
            return file.read_text(encoding="utf-8").strip()
    raise SystemExit(f"no LICENSE file found in the {name} distribution")


def zipf_license(langs: Iterable[str]) -> str:
    sizes = ", ".join(f"{lang} {TOP_N[lang]:,}" for lang in langs if lang in TOP_N)
    sizes += f", the others {DEFAULT_TOP_N:,} (or all of wordfreq's list where it is shorter)"
    return f"""\
# Word-frequency tables: attribution and licence

The files `*.zipf.gz` and `*.zipf` in this folder are derived from the word-frequency data of
[wordfreq](https://github.com/rspeer/wordfreq) {wordfreq_version()} by Robyn Speer, which is
built from Wikipedia, OPUS OpenSubtitles 2018 (data from the OpenSubtitles project,
<http://www.opensubtitles.org/>), SUBTLEX word lists by Marc Brysbaert et al. (freely
available data, <http://crr.ugent.be/programs-data/subtitle-frequencies>), NewsCrawl,
GlobalVoices, Google Books Ngrams (<http://books.google.com/ngrams>), OSCAR, ParaCrawl, the
Leeds Internet Corpus, Twitter, Reddit and, for Chinese, the Jieba word list. See wordfreq's
README for the full list of sources and citations.

Citation: Robyn Speer. (2022). rspeer/wordfreq: v3.0 (v3.0.2). Zenodo.
<https://doi.org/10.5281/zenodo.7199437>

## Licence

wordfreq's data, and so these derived tables, are licensed under the Creative Commons
Attribution-ShareAlike 4.0 International licence (CC BY-SA 4.0):
<https://creativecommons.org/licenses/by-sa/4.0/> (full text:
<https://creativecommons.org/licenses/by-sa/4.0/legalcode>). Anything adapted from these
tables must be shared under the same licence. This licence covers these data files only,
not hatch's source code.

## What was changed

`tools/build_lexicon.py` in hatch's repository made these files from wordfreq's lists:

- truncated to each language's most frequent words:
  {sizes};
- kept only word-like tokens (letters with internal apostrophes, hyphens or zero-width
  joiners), lowercased and NFC-normalised;
- aggregated by Snowball stem (the `snowballstemmer` algorithm for the language): a stem's
  value is the summed frequency of all its words; Japanese and Chinese are keyed by the word;
- converted to Zipf frequency, log10(frequency per billion words), quantised to steps of
  1/{_ZIPF_SCALE} (one byte, round(zipf * {_ZIPF_SCALE}));
- written as the sorted stems (or words) followed by those bytes, gzip-compressed.
"""


def stopwords_license(sources: dict[str, str]) -> str:
    """LICENSE.md for the stopword lists; ``sources`` maps each shipped language to its dist."""

    def listed(dist: str) -> str:
        return ", ".join(f"`{lang}.txt`" for lang, used in sorted(sources.items()) if used == dist)

    text = f"""\
# Stopword lists: attribution and licence

The files {listed(STOPWORDS_DIST)} in this folder are copied from the `default.txt` lists
of the [stopwords](https://pypi.org/project/stopwords/) Python package
{dist_version(STOPWORDS_DIST)} (<https://github.com/astuanax/stopwords>) by Len Dierickx,
licensed under the ISC licence, whose notice follows.

## What was changed

`tools/build_lexicon.py` in hatch's repository lowercased and NFC-normalised the words,
wrote `’` as `'`, split the few lines that hold two words into both, added the words of
the language's {COMMON_WORDS} most frequent (by wordfreq) that the stop-words lists below
also hold (those lists lack many languages' commonest function words, such as Spanish
"de" and "que"), sorted and deduplicated them, and added a header line.

## stopwords package licence (ISC)

```
{dist_license_text(STOPWORDS_DIST)}
```
"""
    whole = listed(FALLBACK_DIST)
    whole = f"The files {whole}, and the words" if whole else "The words"
    text += f"""
# Words from stop-words

{whole} added to the lists above, are copied from the lists in the
[stop-words](https://pypi.org/project/stop-words/) Python package
{dist_version(FALLBACK_DIST)} (<https://github.com/Alir3z4/python-stop-words>) by Alireza
Savand and contributors, whose lists come from <https://github.com/Alir3z4/stop-words>.
They are licensed under the Creative Commons Attribution 4.0 International licence
(CC BY 4.0): <https://creativecommons.org/licenses/by/4.0/>. The package that distributes
them is under the BSD 3-Clause licence, whose notice follows. They were changed in the
same way as the lists above.

```
{dist_license_text(FALLBACK_DIST)}
```
"""
    return text


def outputs(langs: list[str]) -> dict[Path, bytes]:
    """Every file the build makes for ``langs``, plus both LICENSE.md files."""
    every = [*sorted(SNOWBALL_LANGUAGES), *SURFACE_LANGUAGES]
    # LICENSE.md names the source of every language's list, so look them all up (cheap).
    stop_sources = {lang: source for lang in every if (source := stopword_source(lang))}
    files: dict[Path, bytes] = {}
    for lang in langs:
        print(f"building {lang} ...", file=sys.stderr)
        files[DATA / "zipf" / table_file(lang)] = zipf_file(lang)
        if lang in stop_sources:
            files[DATA / "stopwords" / f"{lang}.txt"] = stopword_file(stop_sources[lang], lang)
    files[DATA / "zipf" / "LICENSE.md"] = zipf_license(every).encode("utf-8")
    used = {lang: source[0].removesuffix(COMPLETED) for lang, source in stop_sources.items()}
    files[DATA / "stopwords" / "LICENSE.md"] = stopwords_license(used).encode("utf-8")
    return files


def expected_names() -> dict[str, set[str]]:
    """The file names each data folder should hold after a build of every language."""
    every = [*sorted(SNOWBALL_LANGUAGES), *SURFACE_LANGUAGES]
    return {
        "zipf": {"LICENSE.md", *(table_file(lang) for lang in every)},
        "stopwords": {"LICENSE.md", *(f"{lang}.txt" for lang in every if stopword_source(lang))},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", nargs="+", help="only these languages (default: all)")
    parser.add_argument(
        "--check", action="store_true", help="compare with the files on disk; write nothing"
    )
    args = parser.parse_args(argv)
    every = [*sorted(SNOWBALL_LANGUAGES), *SURFACE_LANGUAGES]
    langs = args.lang or every
    unknown = sorted(set(langs) - set(every))
    if unknown:
        parser.error(f"no table is built for {', '.join(unknown)}; add its row to languages.TABLE")

    stale = []
    for path, data in outputs(langs).items():
        old = path.read_bytes() if path.exists() else None
        if old == data:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    # Files a build no longer makes (an older format, a dropped list) are stale too.
    for folder, names in expected_names().items():
        for path in sorted((DATA / folder).iterdir()):
            if path.is_file() and path.name not in names:
                stale.append(path)
                if not args.check:
                    print(f"removing {path.relative_to(ROOT)}", file=sys.stderr)
                    path.unlink()
    if not args.check:
        tables = sorted((DATA / "zipf").glob("*.zipf*"))
        for p in tables:
            print(f"{p.relative_to(ROOT)}\t{p.stat().st_size / 1024:.0f} KiB")
        total = sum(p.stat().st_size for p in tables)
        print(f"total\t{total / 1024:.0f} KiB in {len(tables)} tables")
        lists = sorted((DATA / "stopwords").glob("*.txt"))
        total = sum(p.stat().st_size for p in lists)
        print(f"stopwords\t{total / 1024:.0f} KiB in {len(lists)} lists")
    if args.check and stale:
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
