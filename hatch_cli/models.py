"""The contracts between hatch's layers: dataclasses that pydantic validates.

``Note`` is what the reader hands the core; ``Outline`` is what ``combine`` hands the
renderers (``reports`` holds what ``hatch pairs`` and ``hatch keywords`` print). The JSON
output of each is ``to_jsonable`` of these, and
``json_schema`` publishes them, so a field added here is a field added to the public
contract: bump ``SCHEMA_VERSION`` when one changes meaning or disappears.

Why dataclasses and not ``pydantic.BaseModel``: importing pydantic and building model
classes costs ~65 ms, more than the whole start-up budget of ``hatch combine``. pydantic
reads these classes as they are (``TypeAdapter``: validation, JSON Schema, with the field
docstrings as descriptions), so it is imported only where a contract is validated or its
schema printed: ``hatch schema``, ``validate`` below, and the tests. They are not
``frozen`` either, for the same reason (4-5 ms of generated code); treat them as values:
the core builds new ones (``dataclasses.replace``) and never changes one it was given.

Why it is long: every contract a command prints is here, each field with the docstring
that becomes its description in ``hatch schema``; one file keeps the published contract
in one place to review.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar

from annotated_types import Ge, Le

SCHEMA_VERSION = 2  # Outline's; each contract's Literal schema_version field is its own
#: Scores and weights in every contract are rounded to this many decimals, here and only
#: here: everything before the contract (ordering too) works at full precision.
SCORE_DIGITS = 4

BlockKind = Literal["heading", "paragraph", "item", "quote", "row", "code"]
MarkKind = Literal["image", "template", "shortcode", "math"]
Unit = Annotated[float, Ge(0), Le(1)]
NonNegative = Annotated[float, Ge(0)]
Count = Annotated[int, Ge(0)]

# Read by pydantic: field docstrings become schema descriptions; unknown fields are errors.
PYDANTIC_CONFIG = {"use_attribute_docstrings": True, "extra": "forbid"}


@dataclass(slots=True)
class Block:
    """One piece of a note's body, as pulldown-cmark read it (markup a reader never sees,
    and link targets, removed from its text)."""

    __pydantic_config__ = PYDANTIC_CONFIG

    kind: BlockKind
    """heading, paragraph, list item, blockquote, table row, or fenced (or indented) code"""
    text: str
    """plain text of the block (inline markup removed, inline code kept between backticks),
    a table row's cells joined by ' | ', or the code of a code block"""
    section: str = ""
    """text of the nearest heading above the block"""
    urls: tuple[str, ...] = ()
    """targets of the Markdown and HTML links in the block, and the files of its images"""
    level: Count = 0
    """a heading's level (1-6); how deeply a list item or quote is nested (1 at the top)"""
    info: str = ""
    """a code block's info string (its language, mostly)"""
    cells: tuple[str, ...] = ()
    """a table row's cells"""
    lead: str = ""
    """a code block's introduction: the last sentence of the prose just before it, when
    that ends in a colon ("... like so:")"""
    span: tuple[Count, Count] = (0, 0)
    """the first and last line of the body (1 is the line after the frontmatter) the block
    was read from; (0, 0) when it was not read from the body (a frontmatter summary)"""
    ordered: bool = False
    """a list item's list is numbered"""
    task: bool | None = None
    """a list item's task box: checked (True), unchecked (False), or none (None)"""
    fenced: bool = False
    """a code block is fenced (not indented)"""
    html: bool = False
    """the block was read from raw HTML (its tags removed)"""
    footnote: str = ""
    """the label of the footnote whose definition holds the block"""
    linked: bool = False
    """the block's text is its links' text, but for two words at most: a reference
    ("- [A guide](url)", "- GitHub: [A guide](url) (GFM)")"""


@dataclass(slots=True)
class Mark:
    """Markup of a note that is no text of its own: an image, a template tag or shortcode,
    math. Kept with where it was, never read as words (math stays in its block's text)."""

    __pydantic_config__ = PYDANTIC_CONFIG

    kind: MarkKind
    text: str = ""
    """an image's alt text, a template tag's or shortcode's name, the TeX of math"""
    target: str = ""
    """an image's file"""
    span: tuple[Count, Count] = (0, 0)
    """its first and last line in the body, as ``Block.span``"""
    display: bool = False
    """math set apart on lines of its own (``$$…$$``), not inline"""


@dataclass(slots=True)
class Note:
    """A note as read from disk: normalised frontmatter fields and the body's blocks."""

    __pydantic_config__ = PYDANTIC_CONFIG

    path: str
    """the path as given on the command line, or '-' for stdin"""
    title: str
    """frontmatter title, else the first H1, else the file name"""
    tags: tuple[str, ...] = ()
    """frontmatter tags and inline #tags"""
    date: str | None = None
    """frontmatter date (or created) as ISO text, if any"""
    lang: str = "en"
    """ISO 639-1 language code of the note"""
    links: tuple[str, ...] = ()
    """targets of wikilinks and Markdown links"""
    hatched_from: tuple[str, ...] = ()
    """sources of a note that hatch itself wrote"""
    blocks: tuple[Block, ...] = ()
    """the body, in document order"""
    marks: tuple[Mark, ...] = ()
    """the body's markup that is no text (images, template tags, math), in document order"""


@dataclass(slots=True)
class Keyword:
    """A keyword of one note: a stem (or 2-3 stems) with a readable form and a weight."""

    __pydantic_config__ = PYDANTIC_CONFIG

    text: str
    """display form: the most frequent surface form"""
    stem: str
    """Snowball stem(s), space-separated for a phrase"""
    weight: NonNegative
    """how much the keyword characterises the note (its share of the note's vector)"""
    count: Count
    """occurrences in the note"""
    code: bool = False
    """whether the note writes it as code (``after_commit``): shown as code"""

    def __post_init__(self) -> None:
        self.weight = rounded(self.weight)


@dataclass(slots=True)
class SupportLine:
    """A sentence of one source note that supports a shared theme."""

    __pydantic_config__ = PYDANTIC_CONFIG

    source: str
    """path of the source note"""
    text: str
    """the sentence, verbatim from the note"""


@dataclass(slots=True)
class Theme:
    """A keyword that two or more notes share, with a supporting line from each."""

    __pydantic_config__ = PYDANTIC_CONFIG

    keyword: str
    """display form of the shared keyword"""
    stem: str
    """Snowball stem(s) that matched across notes"""
    weight: NonNegative
    """its share of the relatedness score; themes are sorted by it"""
    support: tuple[SupportLine, ...]
    """one line from each note that has the keyword"""
    code: bool = False
    """whether the notes write the keyword as code: shown as code"""

    def __post_init__(self) -> None:
        self.weight = rounded(self.weight)


@dataclass(slots=True)
class Code:
    """A code block of a note, quoted with the sentence that introduces it."""

    __pydantic_config__ = PYDANTIC_CONFIG

    text: str
    """the code, verbatim: whole, or its first lines when it is long"""
    after: Count = 0
    """which line it follows: the index of the key point (or paragraph) whose last
    sentence introduces it; 0 for an advice item"""
    info: str = ""
    """the code block's info string (its language, mostly)"""
    lines_left_out: Count = 0
    """lines cut from the end of a long block"""


@dataclass(slots=True)
class SourcePoints:
    """The key points that one note brings on its own."""

    __pydantic_config__ = PYDANTIC_CONFIG

    source: str
    """path of the source note"""
    title: str
    """title of the source note"""
    points: tuple[str, ...]
    """its thesis, then its strongest sentences not used as support lines, in its order"""
    code: tuple[Code, ...] = ()
    """the code blocks its points introduce ("... like so:"), each after its point"""


@dataclass(slots=True)
class Advice:
    """One actionable advice item, taken from a note or built from the shared themes."""

    __pydantic_config__ = PYDANTIC_CONFIG

    text: str
    """the advice, one sentence"""
    source: str | None = None
    """path of the note it comes from; null when hatch wrote it"""
    code: tuple[Code, ...] = ()
    """the code block the item introduces ("Run this:"), if any"""


@dataclass(slots=True)
class Source:
    """A note the outline was hatched from."""

    __pydantic_config__ = PYDANTIC_CONFIG

    path: str
    """the path as given"""
    title: str
    """the note's title"""
    date: str | None = None
    """the note's date, if it has one"""
    tags: tuple[str, ...] = ()
    """the note's tags"""

    def where(self) -> str:
        """Where the note came from, as a reader is told: its path, or "stdin" for ``-``."""
        return "stdin" if self.path == "-" else self.path


@dataclass(slots=True)
class Outline:
    """The merged outline of two or more notes: what ``hatch combine`` produces."""

    __pydantic_config__ = PYDANTIC_CONFIG

    title: str
    """the top shared theme and the notes' titles (unrelated notes: their titles)"""
    date: str
    """ISO date the outline was hatched (pinned by --date or SOURCE_DATE_EPOCH)"""
    lang: str
    """language of the sentences hatch wrote (ISO 639-1), '' for none (headings only)"""
    intro: str
    """one or two sentences on what the notes share, or that they share no subject"""
    relatedness: Unit
    """how much the notes share, 0 to 1: the score hatch pairs ranks by"""
    scored_in: str
    """what the score was computed in: 'notes' (the notes alone) or 'vault' (a vault)"""
    related: bool
    """whether the notes share a subject: a keyword strong enough to name, and a
    relatedness of at least RELATED_FLOOR; if not, the outline is a contrast"""
    shared_keywords: tuple[str, ...]
    """every keyword the notes share, display forms, strongest first (none when the
    notes are not related)"""
    code_keywords: tuple[str, ...]
    """those of ``shared_keywords`` the notes write as code (shown as code)"""
    themes: tuple[Theme, ...]
    """the shared keywords with a supporting line from two notes or more"""
    key_points: tuple[SourcePoints, ...]
    """what each note brings on its own, one entry per source"""
    advice: tuple[Advice, ...]
    """numbered actionable advice, from what the notes say (none rather than filler)"""
    questions: tuple[str, ...]
    """questions the notes leave open (asked and not answered after); for notes that share
    no subject, then questions that could connect them"""
    conclusion: str
    """a closing sentence or two naming what each note contributes ('' if nothing)"""
    sources: tuple[Source, ...]
    """the notes combined, in the order given"""
    word_count: Count
    """words in the outline's text"""
    reading_time_minutes: Annotated[int, Ge(1)]
    """word_count at 225 words a minute, rounded up"""
    duplicates: bool = False
    """near-duplicates (half or more of a shorter note's runs of five words are in another
    note too): each note's key points are then what it has that the others lack"""
    schema_version: Literal[2] = 2
    """version of this JSON contract"""

    def __post_init__(self) -> None:
        self.relatedness = rounded(self.relatedness)


@dataclass(slots=True)
class Section:
    """A part of an article: a heading and its paragraphs."""

    __pydantic_config__ = PYDANTIC_CONFIG

    heading: str
    """the heading (a source note's title, or where the notes meet)"""
    paragraphs: tuple[str, ...]
    """plain text, inline code between backticks; renderers escape it"""
    items: tuple[str, ...] = ()
    """a list after the paragraphs: the questions that could connect unrelated notes, or
    those related notes leave open"""
    code: tuple[Code, ...] = ()
    """code blocks the paragraphs introduce, each after its paragraph (``after``)"""


@dataclass(slots=True)
class Trimmed:
    """A note whose text was cut to fit the budget of what is sent to a language model."""

    __pydantic_config__ = PYDANTIC_CONFIG

    path: str
    """the note's path, as in ``sources``"""
    words_sent: Count
    """the words of its text the model was given (from the start of the note)"""
    words: Count
    """the words of its whole text"""


@dataclass(slots=True)
class Article:
    """The notes combined as a piece that reads top to bottom: what ``--style article``
    prints, written by hatch from an ``Outline``, or by a language model (``--llm``) and
    checked by hatch."""

    __pydantic_config__ = PYDANTIC_CONFIG

    title: str
    """the article's title"""
    date: str
    """ISO date it was hatched"""
    lang: str
    """language of its sentences (ISO 639-1), '' when hatch wrote none"""
    intro: tuple[str, ...]
    """opening paragraphs"""
    sections: tuple[Section, ...]
    """one per source note: what it brings"""
    connection: Section
    """where the notes meet, or (for unrelated notes) what could connect them"""
    advice_lead: str
    """the sentence that introduces the advice ('' with none)"""
    advice: tuple[Advice, ...]
    """numbered actionable advice"""
    conclusion: tuple[str, ...]
    """closing paragraphs (none when there is nothing to conclude)"""
    sources: tuple[Source, ...]
    """the notes it was hatched from, in order"""
    tags: tuple[str, ...]
    """the keywords the notes share, for the frontmatter"""
    relatedness: Unit
    """the relatedness of the notes (as in their outline)"""
    related: bool
    """whether the notes share a subject"""
    word_count: Count
    """words below the byline"""
    reading_time_minutes: Annotated[int, Ge(1)]
    """word_count at 225 words a minute, rounded up"""
    model: str = ""
    """the language model that wrote the words, as llm names it ('' when hatch wrote
    them); the title, date, tags, sources and reading time are always hatch's"""
    scored_in: str = "notes"
    """what ``relatedness`` was computed in, as in the outline: 'notes' or 'vault'"""
    unverified_quotes: tuple[str, ...] = ()
    """passages the article quotes, then links (URLs, e-mail addresses) it gives, that are
    in none of the source notes (compared after folding Unicode, whitespace, quote marks
    and case); always empty when hatch wrote it"""
    trimmed: tuple[Trimmed, ...] = ()
    """the notes whose text the model got only the start of (``--note-words``)"""
    schema_version: Literal[2] = 2
    """version of this JSON contract (2 added model, unverified_quotes and trimmed)"""

    def __post_init__(self) -> None:
        self.relatedness = rounded(self.relatedness)


T = TypeVar("T")


def rounded(score: float) -> float:
    """A score or weight as the contracts carry it: ``SCORE_DIGITS`` decimals."""
    return round(score, SCORE_DIGITS)


def to_jsonable(contract: Any) -> Any:
    """A contract as plain JSON values (dicts, lists, str, numbers, None)."""
    return dataclasses.asdict(contract)


def json_schema(contract: type[Any]) -> dict[str, Any]:
    """The JSON Schema of a contract, from pydantic (imported only here)."""
    from pydantic import TypeAdapter  # pydantic: only schema and validation

    schema: dict[str, Any] = _plain_markup(TypeAdapter(contract).json_schema(mode="serialization"))
    return schema


def _plain_markup(value: Any) -> Any:
    """The schema with its descriptions in Markdown's inline code (`x`), not the
    reStructuredText of the docstrings they come from (``x``)."""
    if isinstance(value, dict):
        return {key: _plain_markup(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain_markup(item) for item in value]
    if isinstance(value, str):
        return value.replace("``", "`")
    return value


def validate(contract: type[T], data: str | bytes) -> T:
    """Parse JSON text into a contract, checking every field (pydantic, imported here)."""
    from pydantic import TypeAdapter  # pydantic: only schema and validation

    return TypeAdapter(contract).validate_json(data)
