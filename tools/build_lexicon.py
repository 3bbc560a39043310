#!/usr/bin/env python3
"""Build hatch's word-frequency and stopword tables (a developer tool, never run by hatch).

    .venv/bin/python tools/build_lexicon.py            # rewrite hatch_cli/data/{zipf,stopwords}
    .venv/bin/python tools/build_lexicon.py --check    # exit 1 if the shipped files are stale
    .venv/bin/python tools/build_lexicon.py --lang en de

Why: hatch weighs a keyword by how rare its word family is in the language. ``wordfreq``
knows that, but importing it and loading one language costs ~250 ms and ~60 MB, so hatch
ships a compact derived table per language instead, read by ``hatch_cli/core/lexicon.py``
with the standard library only.

``hatch_cli/data/zipf/<lang>.tsv.gz``: the ``TOP_N`` most frequent words of wordfreq's list
for the language, word-like tokens only (letters, with internal apostrophes, hyphens or
zero-width joiners; no numbers, symbols or emoji), lowercased and NFC-normalised, grouped by
Snowball stem (the stemmer hatch uses at run time); a stem's value is the Zipf frequency of
its whole word family, log10(sum of the words' frequencies * 1e9), to 2 decimals. ja and zh
have no Snowball stemmer and are keyed by the surface word. ``#`` header lines, then one
line per distinct value, ``zipf<TAB>key key key ...`` (values descending, keys sorted), gzip
with mtime=0: the same inputs give the same bytes.

``hatch_cli/data/stopwords/<lang>.txt``: the stop-words package's list for the language,
lowercased, NFC, without multi-word phrases (a token is never one), sorted and deduplicated.

Needs (dev only, not hatch dependencies): wordfreq, snowballstemmer (or PyStemmer), stop-words.
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
import stop_words  # type: ignore[import-untyped]
import wordfreq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The language list lives with the runtime loader, so the tables and the stemmer that looks
# them up can never disagree about a language's algorithm.
from hatch_cli.core.lexicon import SNOWBALL_LANGUAGES  # noqa: E402

DATA = ROOT / "hatch_cli" / "data"

#: Languages without a Snowball stemmer whose tables are keyed by the surface word.
SURFACE_LANGUAGES = ("ja", "zh")

#: How many of wordfreq's most frequent words to take per language (default 50k). Chosen so
#: each gzipped table stays well under 400 KB and all of them under 4 MB; past ~50k words the
#: tail is mostly names and misspellings at Zipf ~2, where "unknown" (0.0) says the same.
#: wordfreq's lists for da, el, fa, hi, hu, ro and tr are "small" ones that stop at Zipf 3
#: (30k-60k words), so they are taken whole.
TOP_N = {"en": 100_000, "ja": 30_000, "zh": 30_000}
DEFAULT_TOP_N = 50_000

# Allowed inside a word (never first or last): apostrophes, hyphen, ZWNJ/ZWJ (Persian, Hindi).
_JOINERS = frozenset("'’-\u200c\u200d")

WORDFREQ_LICENSE = "CC BY-SA 4.0"
STOPWORDS_LICENSE = "CC BY 4.0"


def is_wordlike(word: str) -> bool:
    """Letters (and combining marks), with joiners only between them: no digits or symbols."""
    if not word or unicodedata.category(word[0])[0] != "L":
        return False
    if unicodedata.category(word[-1])[0] not in "LM":
        return False
    return all(unicodedata.category(char)[0] in "LM" or char in _JOINERS for char in word)


def normalise(word: str) -> str:
    return unicodedata.normalize("NFC", word.lower())


def zipf_values(lang: str) -> dict[str, str]:
    """key -> Zipf frequency of its word family, formatted to 2 decimals."""
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
    return {key: f"{math.log10(math.fsum(freqs) * 1e9):.2f}" for key, freqs in families.items()}


def zipf_file(lang: str) -> bytes:
    """The gzipped table: header, then one line per Zipf value listing its keys.

    Grouping keys by value (a few hundred distinct values) instead of one ``key<TAB>zipf``
    line each halves the strings the loader must create and lets it insert each group with
    one ``dict.fromkeys``: English loads in ~20 ms instead of ~35 ms, from a smaller file.
    """
    groups: dict[str, list[str]] = {}
    for key, value in zipf_values(lang).items():
        groups.setdefault(value, []).append(key)
    keyed = "snowball stems" if lang in SNOWBALL_LANGUAGES else "words"
    lines = [
        f"# {lang} zipf frequencies of {keyed}, derived from wordfreq "
        f"{wordfreq_version()} ({WORDFREQ_LICENSE})\n",
        f"# one line per value, most frequent first: zipf<TAB>{keyed.split()[-1]} with that "
        "value, space-separated and sorted\n",
    ]
    for value in sorted(groups, key=float, reverse=True):
        lines.append(f"{value}\t{' '.join(sorted(groups[value]))}\n")
    return gzip.compress("".join(lines).encode("utf-8"), compresslevel=9, mtime=0)


def stopword_file(lang: str) -> bytes | None:
    if lang not in stop_words.LANGUAGE_MAPPING:
        return None
    words = {normalise(raw.strip().lstrip("\ufeff")) for raw in stop_words.get_stop_words(lang)}
    words = {word for word in words if word and not any(char.isspace() for char in word)}
    header = (
        f"# {lang} stopwords from stop-words {dist_version('stop-words')} "
        f"({STOPWORDS_LICENSE}), lowercased, single words only\n"
    )
    return (header + "".join(f"{word}\n" for word in sorted(words))).encode("utf-8")


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

The files `*.tsv.gz` in this folder are derived from the word-frequency data of
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
- converted to Zipf frequency, log10(frequency per billion words), rounded to 2 decimals;
- written as one line per Zipf value listing the stems that have it.
"""


def stopwords_license() -> str:
    return f"""\
# Stopword lists: attribution and licence

The files `*.txt` in this folder are copied from the lists in the
[stop-words](https://pypi.org/project/stop-words/) Python package {dist_version("stop-words")}
(<https://github.com/Alir3z4/python-stop-words>) by Alireza Savand and contributors, whose
lists come from <https://github.com/Alir3z4/stop-words>.

## Licence

The lists are licensed under the Creative Commons Attribution 4.0 International licence
(CC BY 4.0): <https://creativecommons.org/licenses/by/4.0/>. The package that distributes
them is under the BSD 3-Clause licence, whose notice follows.

## What was changed

`tools/build_lexicon.py` in hatch's repository lowercased and NFC-normalised the words,
dropped multi-word phrases, sorted and deduplicated them, and added a header line.

## stop-words package licence (BSD 3-Clause)

```
{dist_license_text("stop-words")}
```
"""


def outputs(langs: list[str]) -> dict[Path, bytes]:
    files: dict[Path, bytes] = {}
    for lang in langs:
        print(f"building {lang} ...", file=sys.stderr)
        files[DATA / "zipf" / f"{lang}.tsv.gz"] = zipf_file(lang)
        stop = stopword_file(lang)
        if stop is not None:
            files[DATA / "stopwords" / f"{lang}.txt"] = stop
    every = [*sorted(SNOWBALL_LANGUAGES), *SURFACE_LANGUAGES]
    files[DATA / "zipf" / "LICENSE.md"] = zipf_license(every).encode("utf-8")
    files[DATA / "stopwords" / "LICENSE.md"] = stopwords_license().encode("utf-8")
    return files


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
        parser.error(f"no table is built for {', '.join(unknown)}; add it to SNOWBALL_LANGUAGES")

    stale = []
    for path, data in outputs(langs).items():
        old = path.read_bytes() if path.exists() else None
        if old == data:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    if not args.check:
        zipf_dir = DATA / "zipf"
        tables = sorted(zipf_dir.glob("*.tsv.gz"))
        total = sum(p.stat().st_size for p in tables)
        for p in tables:
            print(f"{p.relative_to(ROOT)}\t{p.stat().st_size / 1024:.0f} KiB")
        print(f"total\t{total / 1024:.0f} KiB in {len(tables)} tables")
    if args.check and stale:
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
