"""The connective sentences hatch writes, one phrasebook per language. Pure.

Everything else in an outline or article is the notes' own text. A phrasebook holds the
few sentences that join those quotes (intros, conclusions, headings, how a quote is
introduced), written for each language that has one: English, German, Spanish, French
and Japanese. Notes in another language get ``NEUTRAL``: headings and lists but no
sentences, rather than English prose in a Polish note.

Every method takes already-written pieces (titles, keywords, quotes) and returns plain
text; renderers escape it. ``names`` are note titles, quoted by the caller (``quote``).

Why it is long: it is five languages' worth of the same forty-odd sentences, and keeping
each language's in one class is what lets a translator read them side by side.
"""

from __future__ import annotations

from collections.abc import Sequence


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class Phrasebook:
    """English, and the shape every other language fills in.

    A language is a subclass that overrides class attributes and methods; each has one
    instance and no per-instance state (``__slots__ = ()`` keeps it so). Plain classes,
    not dataclasses: building six dataclasses cost ``hatch combine`` about 4 ms a start.
    """

    __slots__ = ()

    lang: str = "en"
    #: False for the neutral book: it writes headings and lists, no sentences.
    writes_sentences: bool = True
    #: What stands between two sentences of a paragraph ('' in Japanese).
    sentence_gap: str = " "
    and_word: str = "and"
    open_quote: str = "“"
    close_quote: str = "”"
    numbers: tuple[str, ...] = (
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    )  # fmt: skip
    headings: tuple[tuple[str, str], ...] = (
        ("themes", "Shared themes"),
        ("brings", "What each note brings"),
        ("advice", "Actionable advice"),
        ("conclusion", "Conclusion"),
        ("sources", "Sources"),
        ("meet", "Where they meet"),
        ("connect", "What could connect them"),
    )

    # ------------------------------------------------------------------ building blocks

    def heading(self, key: str) -> str:
        """The heading of a section (``themes``, ``brings``, ``advice``...)."""
        return dict(self.headings)[key]

    def listing(self, items: Sequence[str]) -> str:
        """``a``, ``a and b``, ``a, b and c``."""
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {self.and_word} " + items[-1]

    def quote(self, text: str) -> str:
        """Text in this language's quotation marks."""
        return f"{self.open_quote}{text}{self.close_quote}"

    def number(self, count: int) -> str:
        """A small count as a word."""
        return self.numbers[count] if count < len(self.numbers) else str(count)

    def all_of(self, count: int) -> str:
        """``both`` for two notes, ``all three`` for three."""
        return "both" if count == 2 else f"all {self.number(count)}"

    # ------------------------------------------------------------------ titles

    def title_related(self, theme: str, names: Sequence[str], *, as_written: bool = False) -> str:
        """The lead theme (capitalised, unless ``as_written``: code), then the names."""
        return f"{theme if as_written else _cap(theme)}: {self.listing(names)}"

    def title_unrelated(self, names: Sequence[str]) -> str:
        return self.listing(names)

    # ------------------------------------------------------------------ outline

    def intro_related(self, names: Sequence[str], themes: Sequence[str], more: int) -> str:
        extra = f", and {more} more shared keyword{'s' if more > 1 else ''}" if more else ""
        lead = f"{self.listing(names)} meet on {self.listing(themes)}{extra}."
        return f"{lead} {_cap(self.all_of(len(names)))} notes are quoted below on each theme."

    def intro_unrelated(self, names: Sequence[str], subjects: Sequence[str]) -> str:
        about = [
            f"{name} is about {subject}"
            for name, subject in zip(names, subjects, strict=True)
            if subject
        ]
        if not about:
            return f"{self.listing(names)} share no subject; set side by side, they may."
        return f"These notes share no subject: {self.listing(about)}."

    def no_subject(self) -> str:
        return "These notes share no subject; their key points stand side by side below."

    def nothing_more(self) -> str:
        return "(nothing beyond the shared themes)"

    def conclusion_related(
        self, themes: Sequence[str], contributions: Sequence[tuple[str, str]]
    ) -> str:
        meet = f"{_cap(self.listing(themes))} {'is' if len(themes) == 1 else 'are'} where these notes meet"
        brings = [f"{name} brings {what}" for name, what in contributions if what]
        if len(brings) < 2:
            return f"{meet}."
        return f"{meet}; beyond it, {self.listing(brings)}."

    def conclusion_unrelated(self, contributions: Sequence[tuple[str, str]]) -> str:
        brings = [f"{name} brings {what}" for name, what in contributions if what]
        if len(brings) < 2:
            return ""
        return f"{_cap(self.listing(brings))}: a note that joins them starts from one of the questions above."

    def bridge_question(self, subject: str, name: str) -> str:
        """A question that holds one note's subject up to another note (by its name)."""
        return f"What would {name} say about {subject}?"

    def advice_question(self, name: str, question: str) -> str:
        return f"Answer the question {name} leaves open: {self.quote(question)}"

    def advice_quoted(self, name: str, text: str) -> str:
        return f"As {name} puts it: {self.quote(text)}"

    # ------------------------------------------------------------------ article

    def byline(self, date: str, names: Sequence[str], minutes: int) -> str:
        return f"{date} · from {self.listing(names)} · {minutes} min read"

    def written_by(self, model: str) -> str:
        """The byline's note that a language model wrote the words (``--llm``)."""
        return f"written by {model}"

    def article_opening(self, names: Sequence[str], theme: str) -> str:
        return (
            f"{self.listing(names)} start in different places, yet "
            f"{self.all_of(len(names))} come back to {theme}."
        )

    def article_tags_only(self, names: Sequence[str], shared: Sequence[str]) -> str:
        return (
            f"{self.listing(names)} share {self.listing(shared)}, though more in their tags "
            "and headings than in whole sentences."
        )

    def article_walkthrough(self, themes: Sequence[str]) -> str:
        return (
            "What follows takes each note on its own terms, then walks through where they "
            f"meet: {self.listing(themes)}."
        )

    def article_contrast(self) -> str:
        return "What follows takes each note on its own terms, then asks what could connect them."

    #: How "Where they meet" introduces each note's line, by position of the theme:
    #: (lead for the first note, lead for the others); {name} is the quoted title.
    voices: tuple[tuple[str, str], ...] = (
        ("{name} puts it this way:", "{name} answers:"),
        ("In {name}:", "And in {name}:"),
        ("{name} says:", "{name} adds:"),
        ("{name} writes:", "{name} replies:"),
    )

    def says_little(self, name: str) -> str:
        return f"{name} says little beyond the themes the notes share."

    def lead_theme(self, theme: str) -> str:
        return (
            f"{_cap(theme)} comes first: the lines quoted at the top are where the notes "
            "meet most closely."
        )

    def theme_label(self, theme: str) -> str:
        """How a theme is named before the lines quoted on it."""
        return f"{_cap(theme)}."

    def quoted_above(self, name: str) -> str:
        return f"{name} has it in the line quoted above."

    def also_share(self, words: Sequence[str]) -> str:
        return f"The notes also share {self.listing(words)}."

    def shared_unsaid(self, words: Sequence[str]) -> str:
        return (
            f"The notes share {self.listing(words)}, but neither says much about it in a "
            "whole sentence."
        )

    def advice_lead(self, count: int) -> str:
        if count == 3:
            return "Three things to try next:"
        if count == 1:
            return "The notes give one concrete step:"
        return f"The notes give {self.number(count)} concrete steps:"

    def from_note(self, name: str) -> str:
        return f"from {name}"


class _German(Phrasebook):
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
    )
    voices: tuple[tuple[str, str], ...] = (
        ("{name} sagt es so:", "{name} antwortet:"),
        ("In {name}:", "Und in {name}:"),
        ("{name} schreibt:", "{name} ergänzt:"),
    )

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
        return (
            f"{self.listing(names)} treffen sich bei {self.listing(themes)}{extra}. "
            f"Zu jedem Thema kommen {self.all_of(len(names))} Notizen unten zu Wort."
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

    def nothing_more(self) -> str:
        return "(nichts über die gemeinsamen Themen hinaus)"

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
        return f"{_cap(self.listing(brings))}: eine Notiz, die beide verbindet, beginnt bei einer der Fragen oben."

    def bridge_question(self, subject: str, name: str) -> str:
        return f"Was würde {name} zu {subject} sagen?"

    def advice_question(self, name: str, question: str) -> str:
        return f"Die offene Frage aus {name} beantworten: {self.quote(question)}"

    def advice_quoted(self, name: str, text: str) -> str:
        return f"Wie {name} es sagt: {self.quote(text)}"

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

    def says_little(self, name: str) -> str:
        return f"{name} sagt kaum etwas über die gemeinsamen Themen hinaus."

    def lead_theme(self, theme: str) -> str:
        return (
            f"{_cap(theme)} steht am Anfang: Die oben zitierten Sätze sind die Stelle, an der "
            "sich die Notizen am nächsten kommen."
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


class _Spanish(Phrasebook):
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
    )
    voices: tuple[tuple[str, str], ...] = (
        ("{name} lo dice así:", "{name} responde:"),
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
        return (
            f"{self.listing(names)} coinciden en {self.listing(themes)}{extra}. "
            f"En cada tema se citan abajo {self.all_of(len(names))} notas."
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

    def nothing_more(self) -> str:
        return "(nada más allá de los temas en común)"

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
        return f"{_cap(self.listing(brings))}: una nota que las una empieza por una de las preguntas de arriba."

    def bridge_question(self, subject: str, name: str) -> str:
        return f"¿Qué diría {name} sobre {subject}?"

    def advice_question(self, name: str, question: str) -> str:
        return f"Responder la pregunta que deja abierta {name}: {self.quote(question)}"

    def advice_quoted(self, name: str, text: str) -> str:
        return f"Como dice {name}: {self.quote(text)}"

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

    def says_little(self, name: str) -> str:
        return f"{name} dice poco más allá de los temas en común."

    def lead_theme(self, theme: str) -> str:
        return (
            f"{_cap(theme)} va primero: las frases citadas al principio son donde las notas "
            "más se acercan."
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


class _French(Phrasebook):
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
    )
    voices: tuple[tuple[str, str], ...] = (
        ("{name} le dit ainsi :", "{name} répond :"),
        ("Dans {name} :", "Et dans {name} :"),
        ("{name} écrit :", "{name} ajoute :"),
    )

    def all_of(self, count: int) -> str:
        return "les deux" if count == 2 else f"les {self.number(count)}"

    def intro_related(self, names: Sequence[str], themes: Sequence[str], more: int) -> str:
        extra = (
            f" et {more} autres mots-clés" if more > 1 else " et un autre mot-clé" if more else ""
        )
        return (
            f"{self.listing(names)} se rejoignent sur {self.listing(themes)}{extra}. "
            f"Sur chaque thème, {self.all_of(len(names))} notes sont citées ci-dessous."
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

    def nothing_more(self) -> str:
        return "(rien au-delà des thèmes communs)"

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
        return f"{_cap(self.listing(brings))} : une note qui les relie part d'une des questions ci-dessus."

    def bridge_question(self, subject: str, name: str) -> str:
        return f"Que dirait {name} de {subject} ?"

    def advice_question(self, name: str, question: str) -> str:
        return f"Répondre à la question que laisse ouverte {name} : {self.quote(question)}"

    def advice_quoted(self, name: str, text: str) -> str:
        return f"Comme le dit {name} : {self.quote(text)}"

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

    def says_little(self, name: str) -> str:
        return f"{name} dit peu de choses au-delà des thèmes communs."

    def lead_theme(self, theme: str) -> str:
        return (
            f"{_cap(theme)} d'abord : les phrases citées au début sont celles où les notes se "
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


class _Japanese(Phrasebook):
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
    )
    voices: tuple[tuple[str, str], ...] = (
        ("{name}はこう書く。", "{name}はこう応じる。"),
        ("{name}では、", "そして{name}では、"),
        ("{name}によれば、", "{name}はこう加える。"),
    )

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
        return (
            f"{self.listing(names)}は{self.listing(themes)}{extra}で重なる。"
            "以下、テーマごとに各ノートの一文を引く。"
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

    def nothing_more(self) -> str:
        return "（共通のテーマ以外に特になし）"

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

    def says_little(self, name: str) -> str:
        return f"{name}は共通のテーマ以外にはあまり語っていない。"

    def lead_theme(self, theme: str) -> str:
        return f"まず{theme}。冒頭に引いた文が、二つのノートが最も近づくところだ。"

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


class _Neutral(Phrasebook):
    """For languages without a phrasebook: headings and lists, no sentences."""

    __slots__ = ()
    lang: str = ""
    writes_sentences: bool = False
    and_word: str = "+"
    voices: tuple[tuple[str, str], ...] = (("{name}:", "{name}:"),)

    def listing(self, items: Sequence[str]) -> str:
        return " · ".join(items)

    def byline(self, date: str, names: Sequence[str], minutes: int) -> str:
        return f"{date} · {self.listing(names)} · {minutes} min"

    def written_by(self, model: str) -> str:
        return f"{model}"

    def from_note(self, name: str) -> str:
        return name

    def advice_quoted(self, name: str, text: str) -> str:
        return f"{name}: {self.quote(text)}"


def _silent(self: Phrasebook, *args: object, **kwargs: object) -> str:
    return ""


# Every sentence of the neutral book is left out (titles, headings and lists remain).
for _name in (
    "intro_related", "intro_unrelated", "no_subject", "nothing_more", "conclusion_related",
    "conclusion_unrelated", "bridge_question", "article_opening", "article_tags_only",
    "article_walkthrough", "article_contrast", "says_little", "lead_theme", "quoted_above",
    "also_share", "shared_unsaid", "advice_lead", "advice_question",
):  # fmt: skip
    setattr(_Neutral, _name, _silent)


ENGLISH = Phrasebook()
NEUTRAL = _Neutral()
_BOOKS: dict[str, Phrasebook] = {
    book.lang: book for book in (ENGLISH, _German(), _Spanish(), _French(), _Japanese())
}
#: The languages with a phrasebook of their own.
LANGUAGES = frozenset(_BOOKS)


def phrasebook(lang: str) -> Phrasebook:
    """The phrasebook of ``lang``, or ``NEUTRAL`` for a language without one."""
    return _BOOKS.get(lang, NEUTRAL)


def language_of(langs: Sequence[str]) -> str:
    """The language to connect notes in: the one most of them are in (the first note's
    on a tie); a language without a phrasebook then gets the neutral one."""
    counts = {lang: langs.count(lang) for lang in langs}
    return max(langs, key=lambda lang: (counts[lang], -langs.index(lang))) if langs else "en"
