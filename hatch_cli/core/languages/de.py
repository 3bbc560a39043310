"""The sentences hatch writes in German notes: ``core.writing.phrasebook``'s, translated. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from hatch_cli.core.writing.phrasebook import Phrasebook, cap


class German(Phrasebook):
    __slots__ = ()
    lang: str = "de"
    and_word: str = "und"
    open_quote: str = "„"
    close_quote: str = "“"
    numbers: tuple[str, ...] = (
        "keine", "eine", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn",
    )  # fmt: skip
    headings: tuple[tuple[str, str], ...] = (
        ("themes", "Gemeinsame Themen"),
        ("brings", "Was jede Notiz beiträgt"),
        ("advice", "Was sich tun lässt"),
        ("conclusion", "Fazit"),
        ("sources", "Quellen"),
        ("meet", "Wo sie sich treffen"),
        ("connect", "Was sie verbinden könnte"),
        ("questions", "Offene Fragen"),
    )
    voices: tuple[tuple[str, str], ...] = (
        ("{name} sagt es so:", "{name} schreibt:"),
        ("In {name}:", "Und in {name}:"),
        ("{name} schreibt:", "{name} ergänzt:"),
    )

    answer: str = "{name} antwortet:"

    def all_of(self, count: int) -> str:
        return "beide" if count == 2 else f"alle {self.number(count)}"

    def intro_related(self, names: Sequence[str], themes: Sequence[str], more: int) -> str:
        extra = (
            f" und {more} weiteren Stichworten"
            if more > 1
            else " und einem weiteren"
            if more
            else ""
        )
        return f"{self.listing(names)} treffen sich bei {self.listing(themes)}{extra}."

    def quoted_each(self, count: int) -> str:
        return f"Zu jedem Thema kommen {self.all_of(count)} Notizen unten zu Wort."

    def overlap(self, names: Sequence[str]) -> str:
        return (
            f"{self.listing(names)} sagen fast dasselbe: Das meiste der kürzeren steht auch in "
            "der anderen. Unten steht, was jede hat und der anderen fehlt."
        )

    def intro_unrelated(self, names: Sequence[str], subjects: Sequence[str]) -> str:
        about = [
            f"{name} handelt von {subject}"
            for name, subject in zip(names, subjects, strict=True)
            if subject
        ]
        if not about:
            return f"{self.listing(names)} haben kein gemeinsames Thema."
        return f"Diese Notizen haben kein gemeinsames Thema: {self.listing(about)}."

    def no_subject(self) -> str:
        return "Diese Notizen haben kein gemeinsames Thema; ihre Kernpunkte stehen unten nebeneinander."


    def conclusion_related(
        self, themes: Sequence[str], contributions: Sequence[tuple[str, str]]
    ) -> str:
        meet = f"Bei {self.listing(themes)} treffen sich diese Notizen."
        brings = [f"{name} bringt {what} ein" for name, what in contributions if what]
        if len(brings) < 2:
            return meet
        return f"{meet} Darüber hinaus: {self.listing(brings)}."

    def conclusion_unrelated(self, contributions: Sequence[tuple[str, str]]) -> str:
        brings = [f"{name} bringt {what} ein" for name, what in contributions if what]
        if len(brings) < 2:
            return ""
        return f"{cap(self.listing(brings))}: eine Notiz, die beide verbindet, beginnt bei einer der Fragen oben."

    def bridge_question(self, subject: str, name: str) -> str:
        return f"Was würde {name} zu {subject} sagen?"

    def advice_question(self, name: str, question: str) -> str:
        return f"Die offene Frage aus {name} beantworten: {self.quote(question)}"

    def advice_quoted(self, name: str, text: str) -> str:
        return f"Wie {name} es sagt: {self.quote(text)}"

    def outline_byline(self, date: str, minutes: int, score: str, alone: bool) -> str:
        where = "nur die Notizen" if alone else "im Vault"
        return f"{date} · {minutes} Min. · Verwandtschaft {score} ({where})"

    def byline(self, date: str, names: Sequence[str], minutes: int) -> str:
        return f"{date} · aus {self.listing(names)} · {minutes} Min. Lesezeit"

    def written_by(self, model: str) -> str:
        return f"geschrieben von {model}"

    def article_opening(self, names: Sequence[str], theme: str) -> str:
        return (
            f"{self.listing(names)} beginnen an verschiedenen Stellen, doch "
            f"{self.all_of(len(names))} kommen auf {theme} zurück."
        )

    def article_tags_only(self, names: Sequence[str], shared: Sequence[str]) -> str:
        return (
            f"{self.listing(names)} teilen {self.listing(shared)}, allerdings eher in "
            "Schlagworten und Überschriften als in ganzen Sätzen."
        )

    def article_walkthrough(self, themes: Sequence[str]) -> str:
        return (
            "Zuerst kommt jede Notiz für sich zu Wort, dann geht es dorthin, wo sie sich "
            f"treffen: {self.listing(themes)}."
        )

    def article_contrast(self) -> str:
        return "Zuerst kommt jede Notiz für sich zu Wort, dann die Frage, was sie verbinden könnte."


    def lead_theme(self, theme: str) -> str:
        return (
            f"Die oben zitierten Sätze zu {theme} sind die Stelle, an der sich die Notizen am "
            "nächsten kommen."
        )

    def quoted_above(self, name: str) -> str:
        return f"{name} sagt es in dem oben zitierten Satz."

    def also_share(self, words: Sequence[str]) -> str:
        return f"Außerdem teilen die Notizen {self.listing(words)}."

    def shared_unsaid(self, words: Sequence[str]) -> str:
        return (
            f"Die Notizen teilen {self.listing(words)}, sagen dazu aber kaum etwas in ganzen "
            "Sätzen."
        )

    def advice_lead(self, count: int) -> str:
        if count == 3:
            return "Drei Dinge, die man als Nächstes versuchen kann:"
        if count == 1:
            return "Die Notizen nennen einen konkreten Schritt:"
        return f"Die Notizen nennen {self.number(count)} konkrete Schritte:"

    def from_note(self, name: str) -> str:
        return f"aus {name}"

    def code_cut(self, lines: int) -> str:
        return f"(… {lines} weitere Zeile{'n' if lines != 1 else ''} Code in der Notiz)"

    def questions_open(self) -> str:
        return "Diese Fragen lassen die Notizen offen:"

    def advice_relation(self, first: int, second: int, theme: str, apart: bool) -> str:
        if apart:
            return (
                f"Punkt {first} und {second} betreffen beide {theme}, der eine als etwas zu "
                "tun, der andere als etwas zu lassen: beide zusammen abwägen."
            )
        return f"Punkt {first} und {second} betreffen beide {theme}, aus verschiedenen Notizen."


BOOK = German()
