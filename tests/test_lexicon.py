"""The shipped word-frequency and stopword tables, read through ``hatch_cli.core.lexicon``."""

from __future__ import annotations

import gzip
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from hatch_cli.core import lexicon

DATA = Path(lexicon.__file__).resolve().parent.parent / "data"
SURFACE_LANGUAGES = ("ja", "zh")


def test_word_family_shares_a_stem_rarer_than_the() -> None:
    stem = lexicon.stemmer("en")
    stems = {stem(word) for word in ("curation", "curator", "curated", "curators")}
    assert len(stems) == 1
    (curat,) = stems
    assert 2.0 < lexicon.zipf(curat) < lexicon.zipf("the") - 3.0
    assert lexicon.zipf("the") > 7.0


def test_the_is_a_stopword_and_so_is_its_stem() -> None:
    assert "the" in lexicon.stopwords("en")
    assert lexicon.stemmer("en")("the") in lexicon.stopword_stems("en")
    assert "curation" not in lexicon.stopwords("en")
    assert "und" in lexicon.stopwords("de")


def test_unknown_language_is_empty_not_an_error() -> None:
    for lang in ("xx", "tlh", "", "../zipf/en", "en/../en"):
        assert len(lexicon.zipf_table(lang)) == 0
        assert lexicon.zipf("the", lang) == 0.0
        assert lexicon.stopwords(lang) == frozenset()
        assert lexicon.stopword_stems(lang) == frozenset()
        assert lexicon.stemmer(lang)("curation") == "curation"


def test_unknown_stem_is_rare() -> None:
    assert lexicon.zipf("qwzxv") == 0.0


def test_region_and_alias_codes_reach_the_table() -> None:
    assert lexicon.zipf_table("en-US") is lexicon.zipf_table("en")
    assert lexicon.zipf_table("EN_gb") is lexicon.zipf_table("en")
    assert lexicon.zipf_table("no") is lexicon.zipf_table("nb")


@pytest.mark.parametrize("lang", [*lexicon.SNOWBALL_LANGUAGES, *SURFACE_LANGUAGES])
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
    monkeypatch.setattr(lexicon, "_MEMO_LIMIT", 3)
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
    for path in sorted((DATA / "zipf").glob("*.tsv.gz")):
        raw = path.read_bytes()
        assert raw[4:8] == b"\0\0\0\0", f"{path.name}: gzip mtime must be 0"
        header = gzip.decompress(raw).decode("utf-8").splitlines()[0]
        assert header.startswith(f"# {path.name.split('.')[0]} zipf frequencies of ")
        assert "derived from wordfreq" in header and "(CC BY-SA 4.0)" in header
    assert "CC BY-SA 4.0" in (DATA / "zipf" / "LICENSE.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in (DATA / "stopwords" / "LICENSE.md").read_text(encoding="utf-8")


@pytest.mark.skipif(
    any(
        importlib.util.find_spec(name) is None
        for name in ("wordfreq", "stop_words", "snowballstemmer")
    ),
    reason="rebuilding the tables needs the dev-only wordfreq and stop-words packages",
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
