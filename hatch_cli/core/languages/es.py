"""The sentences hatch writes in Spanish notes: ``core.writing.phrasebook``'s, translated. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from hatch_cli.core.writing.phrasebook import Phrasebook, cap


class Spanish(Phrasebook):
    __slots__ = ()
    lang: str = "es"
    and_word: str = "y"
    open_quote: str = "«"
    close_quote: str = "»"
    numbers: tuple[str, ...] = (
        "ningún", "un", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez",
    )  # fmt: skip
    headings: tuple[tuple[str, str], ...] = (
        ("themes", "Temas en común"),
        ("brings", "Lo que aporta cada nota"),
        ("advice", "Consejos prácticos"),
        ("conclusion", "Conclusión"),
        ("sources", "Fuentes"),
        ("meet", "Dónde se encuentran"),
        ("connect", "Qué podría unirlas"),
        ("questions", "Preguntas abiertas"),
    )
    voices: tuple[tuple[str, str], ...] = (
        ("{name} lo dice así:", "{name} escribe:"),
        ("En {name}:", "Y en {name}:"),
        ("{name} escribe:", "{name} añade:"),
    )

    def all_of(self, count: int) -> str:
        return "ambas" if count == 2 else f"las {self.number(count)}"

    def intro_related(self, names: Sequence[str], themes: Sequence[str], more: int) -> str:
        extra = (
            f" y {more} palabras clave más"
            if more > 1
            else " y una palabra clave más"
            if more
            else ""
        )
        return f"{self.listing(names)} coinciden en {self.listing(themes)}{extra}."

    def quoted_each(self, count: int) -> str:
        return f"En cada tema se citan abajo {self.all_of(count)} notas."

    def overlap(self, names: Sequence[str]) -> str:
        return (
            f"{self.listing(names)} dicen casi lo mismo: la mayor parte de la más corta está "
            "también en la otra. Abajo, lo que cada una tiene y a la otra le falta."
        )

    def intro_unrelated(self, names: Sequence[str], subjects: Sequence[str]) -> str:
        about = [
            f"{name} trata de {subject}"
            for name, subject in zip(names, subjects, strict=True)
            if subject
        ]
        if not about:
            return f"{self.listing(names)} no comparten ningún tema."
        return f"Estas notas no comparten ningún tema: {self.listing(about)}."

    def no_subject(self) -> str:
        return "Estas notas no comparten ningún tema; sus ideas clave aparecen una junto a otra."


    def conclusion_related(
        self, themes: Sequence[str], contributions: Sequence[tuple[str, str]]
    ) -> str:
        meet = f"Estas notas se encuentran en {self.listing(themes)}"
        brings = [f"{name} aporta {what}" for name, what in contributions if what]
        if len(brings) < 2:
            return f"{meet}."
        return f"{meet}; más allá de eso, {self.listing(brings)}."

    def conclusion_unrelated(self, contributions: Sequence[tuple[str, str]]) -> str:
        brings = [f"{name} aporta {what}" for name, what in contributions if what]
        if len(brings) < 2:
            return ""
        return f"{cap(self.listing(brings))}: una nota que las una empieza por una de las preguntas de arriba."

    def bridge_question(self, subject: str, name: str) -> str:
        return f"¿Qué diría {name} sobre {subject}?"

    def advice_question(self, name: str, question: str) -> str:
        return f"Responder la pregunta que deja abierta {name}: {self.quote(question)}"

    def advice_quoted(self, name: str, text: str) -> str:
        return f"Como dice {name}: {self.quote(text)}"

    def outline_byline(self, date: str, minutes: int, score: str, alone: bool) -> str:
        where = "solo las notas" if alone else "en la bóveda"
        return f"{date} · {minutes} min · afinidad {score} ({where})"

    def byline(self, date: str, names: Sequence[str], minutes: int) -> str:
        return f"{date} · a partir de {self.listing(names)} · {minutes} min de lectura"

    def written_by(self, model: str) -> str:
        return f"escrito por {model}"

    def article_opening(self, names: Sequence[str], theme: str) -> str:
        return (
            f"{self.listing(names)} parten de lugares distintos, pero "
            f"{self.all_of(len(names))} vuelven a {theme}."
        )

    def article_tags_only(self, names: Sequence[str], shared: Sequence[str]) -> str:
        return (
            f"{self.listing(names)} comparten {self.listing(shared)}, aunque más en sus "
            "etiquetas y títulos que en frases completas."
        )

    def article_walkthrough(self, themes: Sequence[str]) -> str:
        return (
            "Lo que sigue toma cada nota por separado y luego recorre dónde se encuentran: "
            f"{self.listing(themes)}."
        )

    def article_contrast(self) -> str:
        return "Lo que sigue toma cada nota por separado y luego pregunta qué podría unirlas."


    def lead_theme(self, theme: str) -> str:
        return (
            f"Las frases citadas al principio, sobre {theme}, son donde las notas más se "
            "acercan."
        )

    def quoted_above(self, name: str) -> str:
        return f"{name} lo dice en la frase citada arriba."

    def also_share(self, words: Sequence[str]) -> str:
        return f"Las notas también comparten {self.listing(words)}."

    def shared_unsaid(self, words: Sequence[str]) -> str:
        return (
            f"Las notas comparten {self.listing(words)}, pero ninguna dice mucho de ello en "
            "una frase completa."
        )

    def advice_lead(self, count: int) -> str:
        if count == 3:
            return "Tres cosas para probar:"
        if count == 1:
            return "Las notas dan un paso concreto:"
        return f"Las notas dan {self.number(count)} pasos concretos:"

    def from_note(self, name: str) -> str:
        return f"de {name}"

    def code_cut(self, lines: int) -> str:
        return f"(… {lines} línea{'s' if lines != 1 else ''} más de código en la nota)"

    def questions_open(self) -> str:
        return "Las notas dejan abiertas estas preguntas:"

    def advice_relation(self, first: int, second: int, theme: str, apart: bool) -> str:
        if apart:
            return (
                f"Los puntos {first} y {second} tratan de {theme}, uno como algo que hacer y "
                "el otro como algo que evitar: conviene sopesarlos juntos."
            )
        return f"Los puntos {first} y {second} tratan de {theme}, desde notas distintas."


BOOK = Spanish()
