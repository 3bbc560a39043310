"""The sentences hatch writes in Japanese notes: ``core.writing.phrasebook``'s, translated. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from hatch_cli.core.writing.phrasebook import Phrasebook


class Japanese(Phrasebook):
    __slots__ = ()
    lang: str = "ja"
    sentence_gap: str = ""
    and_word: str = "と"
    open_quote: str = "「"
    close_quote: str = "」"
    numbers: tuple[str, ...] = ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10")
    headings: tuple[tuple[str, str], ...] = (
        ("themes", "共通のテーマ"),
        ("brings", "それぞれのノートが持ち込むもの"),
        ("advice", "実践のヒント"),
        ("conclusion", "まとめ"),
        ("sources", "出典"),
        ("meet", "重なるところ"),
        ("connect", "つなぐための問い"),
        ("questions", "残された問い"),
    )
    voices: tuple[tuple[str, str], ...] = (
        ("{name}はこう書く。", "{name}にはこうある。"),
        ("{name}では、", "そして{name}では、"),
        ("{name}によれば、", "{name}はこう加える。"),
    )

    answer: str = "{name}はこう応じる。"

    def listing(self, items: Sequence[str]) -> str:
        if len(items) <= 1:
            return "".join(items)
        return "、".join(items[:-1]) + "と" + items[-1]

    def all_of(self, count: int) -> str:
        return "どちらも" if count == 2 else f"{count}つとも"

    def title_related(self, theme: str, names: Sequence[str], *, as_written: bool = False) -> str:
        return f"{theme}：{self.listing(names)}"

    def intro_related(self, names: Sequence[str], themes: Sequence[str], more: int) -> str:
        extra = f"ほか{more}語" if more else ""
        return f"{self.listing(names)}は{self.listing(themes)}{extra}で重なる。"

    def quoted_each(self, count: int) -> str:
        return "以下、テーマごとに各ノートの一文を引く。"

    def overlap(self, names: Sequence[str]) -> str:
        return (
            f"{self.listing(names)}はほぼ同じことを書いている。短い方の大半がもう一方にもある。"
            "以下は、それぞれにあって他方にないもの。"
        )

    def intro_unrelated(self, names: Sequence[str], subjects: Sequence[str]) -> str:
        about = [
            f"{name}は{subject}について"
            for name, subject in zip(names, subjects, strict=True)
            if subject
        ]
        if not about:
            return f"{self.listing(names)}に共通の主題はない。"
        return f"これらのノートに共通の主題はない。{'、'.join(about)}書いている。"

    def no_subject(self) -> str:
        return "これらのノートに共通の主題はない。要点を以下に並べる。"


    def conclusion_related(
        self, themes: Sequence[str], contributions: Sequence[tuple[str, str]]
    ) -> str:
        meet = f"これらのノートは{self.listing(themes)}で重なる。"
        brings = [f"{name}は{what}" for name, what in contributions if what]
        if len(brings) < 2:
            return meet
        return f"{meet}それ以外では、{'、'.join(brings)}を持ち込んでいる。"

    def conclusion_unrelated(self, contributions: Sequence[tuple[str, str]]) -> str:
        brings = [f"{name}は{what}" for name, what in contributions if what]
        if len(brings) < 2:
            return ""
        return f"{'、'.join(brings)}を持ち込む。両者をつなぐノートは、上の問いのどれかから始まる。"

    def bridge_question(self, subject: str, name: str) -> str:
        return f"{name}なら、{subject}について何と言うだろうか。"

    def advice_question(self, name: str, question: str) -> str:
        return f"{name}が残した問いに答える：{self.quote(question)}"

    def advice_quoted(self, name: str, text: str) -> str:
        return f"{name}より：{self.quote(text)}"

    def outline_byline(self, date: str, minutes: int, score: str, alone: bool) -> str:
        where = "ノートのみ" if alone else "保管庫内"
        return f"{date} · {minutes}分 · 関連度 {score}（{where}）"

    def byline(self, date: str, names: Sequence[str], minutes: int) -> str:
        return f"{date} · {self.listing(names)}から · {minutes}分で読めます"

    def written_by(self, model: str) -> str:
        return f"{model}が執筆"

    def article_opening(self, names: Sequence[str], theme: str) -> str:
        return f"{self.listing(names)}は出発点こそ違うが、{self.all_of(len(names))}{theme}に戻ってくる。"

    def article_tags_only(self, names: Sequence[str], shared: Sequence[str]) -> str:
        return (
            f"{self.listing(names)}は{self.listing(shared)}を共有するが、"
            "それは文章よりもタグや見出しの上でのことだ。"
        )

    def article_walkthrough(self, themes: Sequence[str]) -> str:
        return f"以下では、まずそれぞれのノートを読み、次に重なるところ（{self.listing(themes)}）をたどる。"

    def article_contrast(self) -> str:
        return "以下では、まずそれぞれのノートを読み、次に両者をつなぐ問いを考える。"


    def lead_theme(self, theme: str) -> str:
        return f"まず{theme}。冒頭に引いた文が、ノートが最も近づくところだ。"

    def theme_label(self, theme: str) -> str:
        return f"{theme}について。"

    def quoted_above(self, name: str) -> str:
        return f"{name}については上に引いた一文のとおり。"

    def also_share(self, words: Sequence[str]) -> str:
        return f"ほかに{self.listing(words)}も共有している。"

    def shared_unsaid(self, words: Sequence[str]) -> str:
        return f"{self.listing(words)}を共有するが、まとまった文ではほとんど触れていない。"

    def advice_lead(self, count: int) -> str:
        if count == 3:
            return "次に試せる3つのこと："
        return f"ノートが示す具体的な一歩は{count}つ："

    def from_note(self, name: str) -> str:
        return f"{name}より"

    def code_cut(self, lines: int) -> str:
        return f"（ノートにはあと{lines}行のコードがあります）"

    def questions_open(self) -> str:
        return "ノートが答えずに残した問い："

    def advice_relation(self, first: int, second: int, theme: str, apart: bool) -> str:
        if apart:
            return f"{first}と{second}はどちらも{theme}についての助言ですが、一方はすること、もう一方は避けることです。"
        return f"{first}と{second}はどちらも{theme}についての、別々のノートからの助言です。"


BOOK = Japanese()
