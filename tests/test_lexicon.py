"""The shipped word-frequency and stopword tables, read through ``core.reading.lexicon``."""

from __future__ import annotations

import gzip
import importlib.util
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from hatch_cli.core.reading import lexicon

DATA = Path(lexicon.__file__).resolve().parents[2] / "data"
SURFACE_LANGUAGES = ("ja", "zh")


def test_word_family_shares_a_stem_rarer_than_the() -> None:
    stem = lexicon.stemmer("en")
    stems = {stem(word) for word in ("curation", "curator", "curated", "curators")}
    assert len(stems) == 1
    (curat,) = stems
    assert 2.0 < lexicon.zipf(curat) < lexicon.zipf("the") - 3.0
    assert lexicon.zipf("the") > 7.0


def test_the_is_a_stopword() -> None:
    assert "the" in lexicon.stopwords("en")
    assert "curation" not in lexicon.stopwords("en")
    assert "und" in lexicon.stopwords("de")


def test_stopwords_are_function_words_not_content_words() -> None:
    english = lexicon.stopwords("en")
    assert {"the", "and", "of", "a", "is", "to", "in"} <= english
    # The former stop-words list (1,333 words) held these, which killed keywords.
    for word in ("computer", "research", "system", "information", "world", "value", "test"):
        assert word not in english, word
    assert len(english) < 400
    assert {"der", "die", "das", "und"} <= lexicon.stopwords("de")
    assert {"le", "la", "les", "et"} <= lexicon.stopwords("fr")
    assert {"これ", "です"} <= lexicon.stopwords("ja")
    assert "的" in lexicon.stopwords("zh")


#: Each language's commonest function words (articles, prepositions, conjunctions, the
#: copula): running text is full of them, so a list without them neither drops them nor
#: tells the language apart ("de", "que", "y", "a", "un" were missing from Spanish's, and
#: Spanish notes read as Catalan).
COMMONEST = {
    "en": "the of and to a in is that it for",
    "es": "de que y a un una el la en los no se del al por con",
    "fr": "de la le et à un une les des en que est",
    "pt": "de a que o do da e em um para não",
    "it": "di che e il la in non per un una",
    "de": "der die und in zu den das nicht ist",
    "nl": "de het een en van op niet voor",
    "ca": "de la que el en i",
    "pl": "w i z na nie się",
    "cs": "a se v na je že",
    "da": "og i at det er en",
    "nb": "og i at det er en",
    "sv": "och i att det är en",
    "ro": "și a în de la",
    "ru": "и в не на что",
}


@pytest.mark.parametrize("lang", sorted(COMMONEST))
def test_the_commonest_function_words_are_stopwords(lang: str) -> None:
    missing = set(COMMONEST[lang].split()) - lexicon.stopwords(lang)
    assert not missing, f"{lang} lacks {sorted(missing)}"


@pytest.mark.parametrize("lang", [*lexicon.SNOWBALL_LANGUAGES, *SURFACE_LANGUAGES])
def test_stopword_lists_are_clean_lowercase_single_words(lang: str) -> None:
    words = lexicon.stopwords(lang)
    assert words
    for word in words:
        assert word == word.lower() == unicodedata.normalize("NFC", word), word
        assert word.strip() == word and " " not in word and "’" not in word, word


def test_unknown_language_is_empty_not_an_error() -> None:
    for lang in ("xx", "tlh", "", "../zipf/en", "en/../en"):
        assert len(lexicon.zipf_table(lang)) == 0
        assert lexicon.zipf("the", lang) == 0.0
        assert lexicon.stopwords(lang) == frozenset()
        assert lexicon.stemmer(lang)("curation") == "curation"


def test_unknown_stem_is_rare() -> None:
    assert lexicon.zipf("qwzxv") == 0.0


def test_region_and_alias_codes_reach_the_table() -> None:
    assert lexicon.zipf_table("en-US") is lexicon.zipf_table("en")
    assert lexicon.zipf_table("EN_gb") is lexicon.zipf_table("en")
    assert lexicon.zipf_table("no") is lexicon.zipf_table("nb")


# English, German and Japanese in the fast tier; every other language in the slow one.
FAST_LANGUAGES = ("en", "de", "ja")
ALL_TABLES = [
    lang if lang in FAST_LANGUAGES else pytest.param(lang, marks=pytest.mark.slow)
    for lang in [*lexicon.SNOWBALL_LANGUAGES, *SURFACE_LANGUAGES]
]


@pytest.mark.parametrize("lang", ALL_TABLES)
def test_every_language_ships_a_sane_table(lang: str) -> None:
    table = lexicon.zipf_table(lang)
    assert len(table) > 10_000
    values = table.values()
    # wordfreq's lists stop above Zipf 1; Zipf 9 would be every word. (Hindi's light
    # stemmer folds के/की/को into one stem of Zipf ~8: a tenth of all words.)
    assert all(1.0 <= value < 8.5 for value in values)
    assert max(values) > 6.0
    assert all(key and " " not in key and not key.isdigit() for key in table)
    assert lexicon.stopwords(lang), f"no stopwords for {lang}"


def test_german_stem_is_in_the_german_table() -> None:
    stem = lexicon.stemmer("de")
    assert stem("häuser") == stem("haus") == "haus"
    assert lexicon.zipf("haus", "de") > 4.0
    # Stems are per language: German's is not in the English table.
    assert lexicon.zipf(stem("häuser"), "de") > lexicon.zipf(stem("häuser"), "en")


def test_surface_languages_are_keyed_by_word() -> None:
    assert lexicon.stemmer("ja")("日本") == "日本"
    assert lexicon.zipf("日本", "ja") > 5.0
    assert lexicon.zipf("中国", "zh") > 5.0


def test_stemmer_memo_agrees_with_snowball_and_stays_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(lexicon, "MEMO_LIMIT", 3)
    lexicon.stemmer.cache_clear()
    try:
        stem = lexicon.stemmer("en")
        words = ["running", "runs", "curation", "nations", "running", "the", "runs"]
        assert [stem(word) for word in words] == [
            "run",
            "run",
            "curat",
            "nation",
            "run",
            "the",
            "run",
        ]
        memo = stem.__self__  # type: ignore[attr-defined]
        assert len(memo) <= 3
    finally:
        lexicon.stemmer.cache_clear()


def test_table_files_are_deterministic_gzip_with_a_header() -> None:
    tables = sorted((DATA / "zipf").glob("*.zipf*"))
    assert len(tables) == len(lexicon.SNOWBALL_LANGUAGES) + len(SURFACE_LANGUAGES)
    assert {path.name for path in tables if path.suffix == ".zipf"} == {
        lexicon.table_file(code) for code in lexicon.PLAIN_TABLES
    }
    for path in tables:
        raw = path.read_bytes()
        if path.suffix == ".zipf":
            body = raw
        else:
            assert raw[4:8] == b"\0\0\0\0", f"{path.name}: gzip mtime must be 0"
            body = gzip.decompress(raw)
        header = body.split(b"\n", 1)[0].decode("utf-8")
        assert header.startswith(f"# {path.name.split('.')[0]} zipf frequencies of ")
        assert "derived from wordfreq" in header and "(CC BY-SA 4.0)" in header
        assert b"\0" not in body
        first = body.split(b"\n")[2]
        assert first.count(b"\t") == 1 and len(first.split(b"\t")[1]) == 1
    # Nothing of the former formats or sources is left behind.
    assert not list((DATA / "zipf").glob("*.tsv.gz"))
    assert "CC BY-SA 4.0" in (DATA / "zipf" / "LICENSE.md").read_text(encoding="utf-8")
    licence = (DATA / "stopwords" / "LICENSE.md").read_text(encoding="utf-8")
    assert "astuanax/stopwords" in licence and "ISC" in licence
    assert 'PROVIDED "AS IS"' in licence  # the ISC notice itself


def test_search_in_place_agrees_with_the_dict() -> None:
    english = lexicon.zipf_table("en")
    assert isinstance(english, lexicon.ZipfTable)
    searching = lexicon.ZipfTable(english.data)
    full = lexicon.ZipfTable(english.data).as_dict()
    deutsch = lexicon.zipf_table("de")
    assert isinstance(deutsch, lexicon.ZipfTable)
    german = lexicon.ZipfTable(deutsch.data)
    assert german.search("haus") == lexicon.ZipfTable(german.data).as_dict()["haus"]
    japanese = lexicon.zipf_table("ja")
    assert all(japanese.get(word) for word in ("学習", "データ"))
    for key in [*list(full)[::997], "curat", "the", "zzzz-not-a-word", "", "\uffff"]:
        assert searching.search(key) == full.get(key)
    assert searching.get("curat") == full["curat"]


def test_quantised_values_round_trip() -> None:
    table = lexicon.zipf_table("en")
    assert all(type(value) is float for value in table.values())
    # Values are multiples of 1/25, held as the same few float objects.
    assert {round(value * 25) / 25 for value in table.values()} == set(table.values())
    assert len({id(value) for value in table.values()}) <= 256
    assert lexicon.zipf("the") == table["the"]


@pytest.mark.skipif(
    any(
        importlib.util.find_spec(name) is None
        for name in ("wordfreq", "stopwords", "snowballstemmer")
    ),
    reason="rebuilding the tables needs the dev-only wordfreq and stopwords packages",
)
def test_shipped_tables_match_the_build_script() -> None:
    script = DATA.parent.parent / "tools" / "build_lexicon.py"
    if not script.exists():
        pytest.skip("tools/ is not part of this checkout")
    result = subprocess.run(
        [sys.executable, str(script), "--check", "--lang", "da", "ja"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
