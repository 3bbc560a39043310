"""Notes in other languages: detection, Japanese and Chinese segmentation, German stems.

Every language path runs through the CLI. Japanese and Chinese run twice: with the
fallback (the analysers switched off, so this runs whether or not the extras are
installed) and with the analyser (skipped when the extra is not installed; CI's second
pass installs it).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from hatch_cli.core.languages import TABLE, Language
from hatch_cli.core.reading import lexicon, segment
from hatch_cli.core.reading.language import detect_language
from hatch_cli.core.reading.terms import analyse
from hatch_cli.core.writing.phrasebook import NEUTRAL, phrasebook
from hatch_cli.models import Block, Note
from tests.conftest import NOTES, REPO, write_note

JA_A = str(NOTES / "seisei-ai-to-chosakuken.md")
JA_B = str(NOTES / "gakushu-data-no-license.md")
JA_OTHER = str(NOTES / "kankaku-hanpuku-no-kotsu.md")
DE_A = str(NOTES / "sauerteig-fuettern.md")
DE_B = str(NOTES / "roggenbrot-backen.md")
EN_LICENSING = str(NOTES / "dataset-licensing-checklist.md")
GERMAN_STOPWORDS = {"und", "der", "die", "das", "ich", "mit", "nicht", "am", "es", "ein"}

ZH_A = """\
# 大模型的训练数据

训练大型语言模型需要大量中文文本。很多公司从网上抓取数据，但版权问题一直没有解决。
我认为训练数据的来源必须记录清楚，数据清洗也很重要。
"""
ZH_B = """\
# 训练数据的版权

作者担心自己的作品被用来训练语言模型。版权法是否允许这种使用，各国的规定不同。
公司应该公开训练数据的来源，并尊重作者的版权。
"""


@pytest.fixture
def fallback(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Japanese and Chinese as without the extras: no analyser loads."""
    monkeypatch.setattr(segment, "LOADERS", {})
    segment.forget_analysers()
    yield
    segment.forget_analysers()


def combine_json(invoke: Callable[..., Any], *args: str) -> tuple[dict[str, Any], str]:
    result = invoke("combine", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


# --------------------------------------------------------------------------- detection


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("A museum curator spends most of the job on things nobody sees.", "en"),
        ("Der Sauerteig ist nach dem Füttern nicht aufgegangen, und ich weiß nicht warum.", "de"),
        (
            "Le conservateur passe la plupart de son temps sur des choses que personne ne voit.",
            "fr",
        ),
        ("El curador pasa la mayor parte del tiempo en cosas que nadie ve.", "es"),
        ("日本の著作権法では、情報解析のための利用は原則として許されている。", "ja"),
        ("训练大型语言模型需要大量中文文本，但版权问题一直没有解决。", "zh"),
        ("Закваска не поднялась после кормления, и я не знаю почему.", "ru"),
        ("An English note that quotes 第30条の4 once is still English, as it should be.", "en"),
        ("Second AI AI AI product", "en"),  # Romanian "ai", one word, is not Romanian
        ("", "en"),
        ("12345 !!! ---", "en"),
    ],
    ids=["en", "de", "fr", "es", "ja", "zh", "ru", "en-with-kanji", "short", "empty", "no-letters"],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_keywords_json_shows_the_detected_language(invoke: Callable[..., Any]) -> None:
    result = invoke("keywords", JA_A, DE_B, str(NOTES / "curation-as-care.md"), "--format", "json")
    assert result.exit_code == 0, result.output
    langs = {
        Path(entry["path"]).name: entry["lang"] for entry in json.loads(result.stdout)["notes"]
    }
    # roggenbrot-backen.md and the Japanese note have no lang in their frontmatter.
    assert langs == {
        "seisei-ai-to-chosakuken.md": "ja",
        "roggenbrot-backen.md": "de",
        "curation-as-care.md": "en",
    }


def test_a_short_spanish_note_is_spanish(tmp_path: Path, invoke: Callable[..., Any]) -> None:
    """Its words are Spanish's commonest ("de", "que", "y", "a", "un"): with them missing
    from the stopword list, notes like this one read as Catalan (or Romanian)."""
    note = write_note(
        tmp_path,
        "nota.md",
        "Un nuevo paquete de R que ayuda a leer datos y a compartirlos con la comunidad.\n\n"
        "Este año el programa recibió más de cien solicitudes.\n",
    )
    result = invoke("keywords", str(note), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["notes"][0]["lang"] == "es"


def test_frontmatter_lang_wins_over_detection(tmp_path: Path, invoke: Callable[..., Any]) -> None:
    note = write_note(tmp_path, "a.md", "---\nlang: de-AT\n---\n\nThe text is English.\n")
    result = invoke("keywords", str(note), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["notes"][0]["lang"] == "de"


# --------------------------------------------------------------------------- Japanese


@pytest.mark.usefixtures("fallback")
def test_japanese_pair_with_the_fallback(invoke: Callable[..., Any]) -> None:
    outline, stderr = combine_json(invoke, JA_A, JA_B)
    shared = outline["shared_keywords"]
    assert {"生成AI", "学習データ", "著作権法", "ライセンス", "イラストレーター"} <= set(shared)
    assert_real_japanese_words(shared)
    lines = stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("hatch: note: Japanese notes")
    assert "pip install 'hatch-notes[ja]'" in lines[0]


def test_japanese_pair_with_the_analyser(invoke: Callable[..., Any]) -> None:
    pytest.importorskip("sudachipy")
    segment.forget_analysers()
    outline, stderr = combine_json(invoke, JA_A, JA_B)
    shared = outline["shared_keywords"]
    assert {"生成AI", "著作権", "学習データ", "ライセンス", "イラストレーター"} <= set(shared)
    assert_real_japanese_words(shared)
    assert stderr == ""


def assert_real_japanese_words(words: list[str]) -> None:
    """No single kana or kanji, no particles glued on (sentence fragments)."""
    for word in words:
        assert len(word) > 1, word
        assert not any(particle in word for particle in "はがをにのでと"), word


@pytest.mark.parametrize("mode", ["fallback", "analyser"])
def test_japanese_note_meets_english_note_on_shared_terms(
    mode: str, invoke: Callable[..., Any], request: pytest.FixtureRequest
) -> None:
    if mode == "fallback":
        request.getfixturevalue("fallback")
    else:
        pytest.importorskip("sudachipy")
    outline, _ = combine_json(invoke, JA_B, EN_LICENSING)
    assert {"AI", "SPDX", "EU"} <= set(outline["shared_keywords"])


@pytest.mark.usefixtures("fallback")
def test_japanese_notes_on_different_themes_share_little(invoke: Callable[..., Any]) -> None:
    same, _ = combine_json(invoke, JA_A, JA_B)
    other, _ = combine_json(invoke, JA_A, JA_OTHER)
    assert other["relatedness"] < same["relatedness"] / 2


@pytest.mark.slow
def test_english_combine_never_loads_the_segmenter() -> None:
    code = (
        "import sys\n"
        "from hatch_cli.cli import app\n"
        f"sys.argv = ['hatch', 'combine', {str(NOTES / 'curation-as-care.md')!r}, "
        f"{str(NOTES / 'brands-as-curators.md')!r}, '--format', 'json']\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in ('hatch_cli.core.reading.segment', 'sudachipy', 'rjieba') "
        "if m in sys.modules]\n"
        "print('LOADED', loaded, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert "LOADED []" in done.stderr


# --------------------------------------------------------------------------- Chinese


@pytest.mark.parametrize("mode", ["fallback", "analyser"])
def test_chinese_pair(
    mode: str, tmp_path: Path, invoke: Callable[..., Any], request: pytest.FixtureRequest
) -> None:
    if mode == "fallback":
        request.getfixturevalue("fallback")
    else:
        pytest.importorskip("rjieba")
        segment.forget_analysers()
    a = write_note(tmp_path, "a.md", ZH_A)
    b = write_note(tmp_path, "b.md", ZH_B)
    outline, stderr = combine_json(invoke, str(a), str(b))
    shared = set(outline["shared_keywords"])
    assert {"版权", "训练数据"} & shared, shared
    assert all(len(word) > 1 for word in shared)
    assert ("Chinese notes" in stderr) == (mode == "fallback")


# --------------------------------------------------------------------------- German


def test_german_pair_shares_stemmed_keywords_without_stopwords(
    invoke: Callable[..., Any],
) -> None:
    outline, stderr = combine_json(invoke, DE_A, DE_B)
    shared = outline["shared_keywords"]
    assert {"Sauerteig", "Roggenmehl", "Anstellgut", "Gärung"} <= set(shared)
    words = {word.lower() for keyword in shared for word in keyword.split()}
    assert not words & GERMAN_STOPWORDS
    assert stderr == ""


def test_lang_option_overrides_every_note(invoke: Callable[..., Any]) -> None:
    german, _ = combine_json(invoke, DE_A, DE_B)
    as_english, _ = combine_json(invoke, DE_A, DE_B, "--lang", "en")
    # German stems fold füttere/füttern; English stems don't, and its stopwords differ.
    assert german["shared_keywords"] != as_english["shared_keywords"]


@pytest.mark.usefixtures("fallback")
def test_lang_option_ja_on_english_notes_does_not_crash(invoke: Callable[..., Any]) -> None:
    outline, stderr = combine_json(
        invoke, str(NOTES / "curation-as-care.md"), str(NOTES / "brands-as-curators.md"),
        "--lang", "ja",
    )  # fmt: skip
    assert "curation" in [word.lower() for word in outline["shared_keywords"]]
    assert stderr.count("hatch: note:") == 1


def test_lang_option_rejects_what_is_not_a_code(invoke: Callable[..., Any]) -> None:
    result = invoke("combine", DE_A, DE_B, "--lang", "../etc")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("hatch: error: --lang")


# --------------------------------------------------------------------------- mixed vaults


@pytest.mark.parametrize("mode", ["fallback", "analyser"])
def test_mixed_vault_pairs_each_language_on_its_themes(
    mode: str, tmp_path: Path, invoke: Callable[..., Any], request: pytest.FixtureRequest
) -> None:
    if mode == "fallback":
        request.getfixturevalue("fallback")
    else:
        pytest.importorskip("sudachipy")
        segment.forget_analysers()
    for path in NOTES.glob("*.md"):
        write_note(tmp_path, path.name, path.read_text(encoding="utf-8"))
    write_note(tmp_path, "zh.md", ZH_A)
    write_note(
        tmp_path, "odd.md", "# ＡＩ　と ai\n\nｶﾀｶﾅ 123 한국어 텍스트 Ελληνικά ∑ 🙂 ア ー 々\n"
    )
    result = invoke("pairs", str(tmp_path), "--format", "json", "--limit", "0")
    assert result.exit_code == 0, result.output
    pairs = [(Path(p["a"]).name, Path(p["b"]).name) for p in json.loads(result.stdout)["pairs"]]

    def rank(a: str, b: str) -> int:
        return pairs.index(tuple(sorted((a, b))))  # type: ignore[arg-type]

    japanese = rank("gakushu-data-no-license.md", "seisei-ai-to-chosakuken.md")
    german = rank("roggenbrot-backen.md", "sauerteig-fuettern.md")
    assert japanese <= 1  # the two German notes share all their German words: 0 or 1
    # Each same-theme pair ranks above every cross-theme pair of its language.
    for other in ("kankaku-hanpuku-no-kotsu.md",):
        assert japanese < rank(other, "seisei-ai-to-chosakuken.md")
        assert japanese < rank(other, "gakushu-data-no-license.md")
    assert german < 10


def test_rich_view_aligns_japanese_text(invoke: Callable[..., Any]) -> None:
    result = invoke("combine", JA_A, JA_B, "--format", "rich")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any("著作権" in line for line in lines)
    # Every line fits the pinned 100 columns, and the panels' right borders line up.
    assert max(cell_len(line) for line in lines) <= 100
    bordered = [line for line in lines if line.endswith(("│", "┃"))]
    assert bordered
    assert len({cell_len(line) for line in bordered}) == 1


# --------------------------------------------------------------------------- code

CODE = """
```js
const profileCache = new Map();
async function fetchProfile(userId) {
  if (profileCache.has(userId)) return profileCache.get(userId);
  const profile = await loadProfile(userId);
  profileCache.set(userId, profile);
  return profile;
}
renderAvatar(await fetchProfile(currentUser));
```
"""
PROSE = {
    "ja": (
        "# 非同期処理とキャッシュ\n\n非同期処理では、同じ問い合わせを何度も送らないように"
        "結果をキャッシュに保存する。キャッシュは通信を減らし、画面の表示を速くする。{}"
        "\nただし、古いキャッシュを消す方法も考えておく必要がある。\n"
    ),
    "en": (
        "# Asynchronous requests and caching\n\nAsynchronous requests are cached so that "
        "the same question is never sent twice. A cache saves traffic and makes the screen "
        "faster.{}\nStill, a stale cache needs a way to be cleared.\n"
    ),
}


def code_to_prose(invoke: Callable[..., Any], target: Path, note: str, prose: set[str]) -> float:
    """The norm of the code's part of ``note``'s keyword vector (its terms the prose lacks)
    over that of the rest, as ``hatch keywords TARGET`` weighs it."""
    result = invoke("keywords", str(target), "--format", "json", "--limit", "64")
    assert result.exit_code == 0, result.stderr
    (entry,) = [item for item in json.loads(result.stdout)["notes"] if item["path"].endswith(note)]
    norm = {True: 0.0, False: 0.0}
    for keyword in entry["keywords"]:
        norm[keyword["stem"] not in prose] += keyword["weight"] ** 2
    assert norm[True] > 0 and norm[False] > 0
    return float((norm[True] / norm[False]) ** 0.5)


UNRELATED = {
    "ja": "# 庭の手入れ\n\n春になったら、庭の土を耕して肥料を混ぜ、トマトの苗を植える。\n",
    "en": "# Garden care\n\nIn spring, dig the garden soil, mix in compost and plant tomatoes.\n",
}


@pytest.mark.parametrize("in_vault", [False, True], ids=["alone", "vault"])
def test_a_japanese_notes_code_counts_as_much_as_its_prose(
    invoke: Callable[..., Any], tmp_path: Path, in_vault: bool
) -> None:
    """A Japanese note's code names in Latin words what its prose says in its own script,
    so its code may weigh as much as the prose; an English note's prose already names what
    its code does, so its code is held to a quarter of the prose's norm."""
    ratio = {}
    for lang, prose in PROSE.items():
        alone = write_note(tmp_path / lang / "prose", "c.md", prose.format(""))
        found = invoke("keywords", str(alone), "--format", "json", "--limit", "64")
        shown = json.loads(found.stdout)
        assert shown["notes"][0]["lang"] == lang
        vault = tmp_path / lang / "vault"
        note = write_note(vault, "a.md", prose.format(CODE))
        if in_vault:  # another note shares its prose and code, a third neither
            write_note(vault, "b.md", prose.format(CODE.replace("currentUser", "me")))
            write_note(vault, "c.md", UNRELATED[lang])
        prose_terms = {item["stem"] for item in shown["notes"][0]["keywords"]}
        ratio[lang] = code_to_prose(invoke, vault if in_vault else note, "a.md", prose_terms)
    assert ratio["en"] <= 0.3
    assert ratio["ja"] > 2 * ratio["en"]


def test_a_japanese_outline_is_named_by_its_prose_not_its_code(
    invoke: Callable[..., Any], tmp_path: Path
) -> None:
    """Code that counts as much as the prose tells which Japanese notes go together, but the
    outline's themes and tags name what the prose says: not ``await``, ``const`` or a stem
    of an identifier."""

    def stems(note: Path) -> set[str]:
        found = invoke("keywords", str(note), "--format", "json", "--limit", "64")
        return {item["stem"] for item in json.loads(found.stdout)["notes"][0]["keywords"]}

    prose_only = write_note(tmp_path / "prose", "p.md", PROSE["ja"].format(""))
    a = write_note(tmp_path / "notes", "a.md", PROSE["ja"].format(CODE))
    other = PROSE["ja"].format(CODE.replace("currentUser", "me"))
    b = write_note(tmp_path / "notes", "b.md", other)
    code_only = stems(a) - stems(prose_only)
    assert {"await", "const"} <= code_only
    result = invoke("combine", str(a), str(b), "--format", "json", "--date", "2026-12-07")
    assert result.exit_code == 0, result.stderr
    outline = json.loads(result.stdout)
    # The title's lead, the intro's words and the first themes come from these. (Code still
    # counts a quarter, as in an English note, so a code word may follow them.)
    leading = outline["shared_keywords"][:5]
    assert len(leading) == 5
    assert not set(leading) & code_only, set(leading) & code_only


# --------------------------------------------------------------------------- robustness

CJK_TEXT = st.text(
    alphabet=st.sampled_from(
        list("日本語の著作権法第条学習データ生成ＡＩaiAI LLM 。、「」ー々ｶﾀ한국 0123\n-'’")
    ),
    max_size=200,
)


@pytest.mark.parametrize("mode", ["fallback", "analyser"])
@pytest.mark.parametrize("lang", ["ja", "zh"])
@given(text=CJK_TEXT)
def test_segmenting_never_crashes_and_keeps_real_words(mode: str, lang: str, text: str) -> None:
    if mode == "analyser" and not segment.has_analyser(lang):
        pytest.skip(f"the {lang} extra is not installed")
    note = Note(path="x.md", title=text[:20] or "x", lang=lang, blocks=(Block("paragraph", text),))
    with pytest.MonkeyPatch.context() as patch:
        if mode == "fallback":
            patch.setattr(segment, "_analyser", lambda lang: None)
        runs = segment.runs(text, lang)
        terms = analyse(note)
    for run in runs:
        for word, sep in run:
            assert word.strip() == word != ""
            assert sep in ("", " ")
    assert all(term.strip() == term != "" for term in terms.counts)


def test_lang_option_sets_every_note_language_in_pairs_and_keywords(invoke, tmp_path):
    from tests.conftest import write_note

    write_note(tmp_path, "a.md", "# Brot\n\nSauerteig und Roggenmehl für das Brot.\n")
    write_note(tmp_path, "b.md", "# Teig\n\nDer Sauerteig braucht Roggenmehl und Zeit.\n")
    keywords = invoke("keywords", str(tmp_path), "--lang", "de", "-f", "json")
    assert keywords.exit_code == 0, keywords.stderr
    assert {note["lang"] for note in json.loads(keywords.stdout)["notes"]} == {"de"}
    files = invoke("keywords", str(tmp_path / "a.md"), "--lang", "de-AT", "-f", "json")
    assert json.loads(files.stdout)["notes"][0]["lang"] == "de"
    pairs = invoke("pairs", str(tmp_path), "--lang", "de", "-f", "json")
    assert pairs.exit_code == 0, pairs.stderr
    shared = json.loads(pairs.stdout)["pairs"][0]["shared"]
    assert "Sauerteig" in shared and "und" not in shared
    bad = invoke("pairs", str(tmp_path), "--lang", "../x")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("hatch: error: --lang")


# --------------------------------------------------------------------------- the table

HANGUL = "한국어는 한글로 씁니다. 서울은 큰 도시입니다."


@pytest.mark.parametrize("row", TABLE, ids=lambda row: row.code)
def test_each_language_is_detected_from_its_row(row: Language) -> None:
    """Text of a language's own stopwords (the ones no other list has) is detected as it:
    the detector knows every row's script, and settles a script's languages by stopwords."""
    if not row.tables:
        assert detect_language(HANGUL, default="?") == row.code
        return
    others = set().union(*(lexicon.stopwords(other.code) for other in TABLE if other != row))
    own = sorted(lexicon.stopwords(row.code) - others)[:40]
    assert len(own) >= 10
    assert detect_language(" ".join(own), default="?") == row.code


@pytest.mark.parametrize("row", TABLE, ids=lambda row: row.code)
def test_each_language_has_the_tables_and_phrasebook_its_row_says(row: Language) -> None:
    assert bool(lexicon.zipf_table(row.code)) == row.tables
    assert bool(lexicon.stopwords(row.code)) == row.tables
    book = phrasebook(row.code)
    assert (book is not NEUTRAL) == row.book
    if row.book:
        assert book.lang == row.code and book.writes_sentences


def test_the_shipped_word_tables_are_what_the_table_of_languages_says() -> None:
    """One place per language: its row says whether it has a table, and whether that ships
    plain or gzipped, and the files are exactly those (the brief names it from the row)."""
    from hatch_cli.core.llm.brief import language_name

    shipped = {path.name for path in (REPO / "hatch_cli" / "data" / "zipf").glob("*.zipf*")}
    expected = {
        f"{row.code}.zipf" if row.plain else f"{row.code}.zipf.gz" for row in TABLE if row.tables
    }
    assert shipped == expected
    assert all(lexicon.table_file(row.code) in shipped for row in TABLE if row.tables)
    assert [language_name(row.code) for row in TABLE] == [row.name for row in TABLE]
