"""The sentences hatch writes in French notes: ``core.writing.phrasebook``'s, translated. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from hatch_cli.core.writing.phrasebook import Phrasebook, cap


class French(Phrasebook):
    __slots__ = ()
    lang: str = "fr"
    and_word: str = "et"
    open_quote: str = "« "
    close_quote: str = " »"
    numbers: tuple[str, ...] = (
        "aucune", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
    )  # fmt: skip
    headings: tuple[tuple[str, str], ...] = (
        ("themes", "Thèmes communs"),
        ("brings", "Ce que chaque note apporte"),
        ("advice", "Conseils pratiques"),
        ("conclusion", "Conclusion"),
        ("sources", "Sources"),
        ("meet", "Où elles se rejoignent"),
        ("connect", "Ce qui pourrait les relier"),
        ("questions", "Questions ouvertes"),
    )
    voices: tuple[tuple[str, str], ...] = (
        ("{name} le dit ainsi :", "{name} écrit :"),
        ("Dans {name} :", "Et dans {name} :"),
        ("{name} écrit :", "{name} ajoute :"),
    )

    def all_of(self, count: int) -> str:
        return "les deux" if count == 2 else f"les {self.number(count)}"

    def intro_related(self, names: Sequence[str], themes: Sequence[str], more: int) -> str:
        extra = (
            f" et {more} autres mots-clés" if more > 1 else " et un autre mot-clé" if more else ""
        )
        return f"{self.listing(names)} se rejoignent sur {self.listing(themes)}{extra}."

    def quoted_each(self, count: int) -> str:
        return f"Sur chaque thème, {self.all_of(count)} notes sont citées ci-dessous."

    def overlap(self, names: Sequence[str]) -> str:
        return (
            f"{self.listing(names)} disent presque la même chose : l'essentiel de la plus courte "
            "se trouve aussi dans l'autre. Ci-dessous, ce que chacune a et qui manque à l'autre."
        )

    def intro_unrelated(self, names: Sequence[str], subjects: Sequence[str]) -> str:
        about = [
            f"{name} parle de {subject}"
            for name, subject in zip(names, subjects, strict=True)
            if subject
        ]
        if not about:
            return f"{self.listing(names)} n'ont aucun sujet en commun."
        return f"Ces notes n'ont aucun sujet en commun : {self.listing(about)}."

    def no_subject(self) -> str:
        return (
            "Ces notes n'ont aucun sujet en commun ; leurs points clés sont côte à côte ci-dessous."
        )


    def conclusion_related(
        self, themes: Sequence[str], contributions: Sequence[tuple[str, str]]
    ) -> str:
        meet = f"C'est sur {self.listing(themes)} que ces notes se rejoignent"
        brings = [f"{name} apporte {what}" for name, what in contributions if what]
        if len(brings) < 2:
            return f"{meet}."
        return f"{meet} ; au-delà, {self.listing(brings)}."

    def conclusion_unrelated(self, contributions: Sequence[tuple[str, str]]) -> str:
        brings = [f"{name} apporte {what}" for name, what in contributions if what]
        if len(brings) < 2:
            return ""
        return f"{cap(self.listing(brings))} : une note qui les relie part d'une des questions ci-dessus."

    def bridge_question(self, subject: str, name: str) -> str:
        return f"Que dirait {name} de {subject} ?"

    def advice_question(self, name: str, question: str) -> str:
        return f"Répondre à la question que laisse ouverte {name} : {self.quote(question)}"

    def advice_quoted(self, name: str, text: str) -> str:
        return f"Comme le dit {name} : {self.quote(text)}"

    def outline_byline(self, date: str, minutes: int, score: str, alone: bool) -> str:
        where = "les notes seules" if alone else "dans le coffre"
        return f"{date} · {minutes} min · parenté {score} ({where})"

    def byline(self, date: str, names: Sequence[str], minutes: int) -> str:
        return f"{date} · d'après {self.listing(names)} · {minutes} min de lecture"

    def written_by(self, model: str) -> str:
        return f"écrit par {model}"

    def article_opening(self, names: Sequence[str], theme: str) -> str:
        return (
            f"{self.listing(names)} partent d'endroits différents, mais "
            f"{self.all_of(len(names))} reviennent à {theme}."
        )

    def article_tags_only(self, names: Sequence[str], shared: Sequence[str]) -> str:
        return (
            f"{self.listing(names)} partagent {self.listing(shared)}, mais plutôt dans leurs "
            "étiquettes et leurs titres que dans des phrases entières."
        )

    def article_walkthrough(self, themes: Sequence[str]) -> str:
        return (
            "La suite prend chaque note pour elle-même, puis parcourt ce qui les rejoint : "
            f"{self.listing(themes)}."
        )

    def article_contrast(self) -> str:
        return "La suite prend chaque note pour elle-même, puis demande ce qui pourrait les relier."


    def lead_theme(self, theme: str) -> str:
        return (
            f"{cap(theme)} d'abord : les phrases citées au début sont celles où les notes se "
            "rapprochent le plus."
        )

    def quoted_above(self, name: str) -> str:
        return f"{name} le dit dans la phrase citée plus haut."

    def also_share(self, words: Sequence[str]) -> str:
        return f"Les notes partagent aussi {self.listing(words)}."

    def shared_unsaid(self, words: Sequence[str]) -> str:
        return (
            f"Les notes partagent {self.listing(words)}, sans en dire beaucoup dans une phrase "
            "entière."
        )

    def advice_lead(self, count: int) -> str:
        if count == 3:
            return "Trois choses à essayer ensuite :"
        if count == 1:
            return "Les notes donnent une étape concrète :"
        return f"Les notes donnent {self.number(count)} étapes concrètes :"

    def from_note(self, name: str) -> str:
        return f"d'après {name}"

    def code_cut(self, lines: int) -> str:
        return f"(… {lines} ligne{'s' if lines != 1 else ''} de code de plus dans la note)"

    def questions_open(self) -> str:
        return "Les notes laissent ces questions ouvertes :"

    def advice_relation(self, first: int, second: int, theme: str, apart: bool) -> str:
        if apart:
            return (
                f"Les points {first} et {second} portent sur {theme}, l'un comme une chose à "
                "faire, l'autre comme une chose à éviter : à peser ensemble."
            )
        return f"Les points {first} et {second} portent sur {theme}, depuis des notes différentes."


BOOK = French()
