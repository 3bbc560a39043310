"""The input edge: bytes on disk (or stdin) -> ``Note``.

Notes are opened read-only and never written. Everything that can go wrong with one
note becomes a ``NoteError`` that names the file, so a caller can print one line or
skip the note and go on.

Why it is long: every bound on what a hostile note may cost is here, next to the read
or the parse it guards (the note's bytes, its frontmatter's size before any parser
sees it, its values counted from the YAML parser's events before anything is built).
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from hatch_cli.core.reading.inert import make_inert, shown_path
from hatch_cli.core.reading.pulldown import parse_body
from hatch_cli.core.reading.text import analysed_part, decode_entities, frontmatter_prose
from hatch_cli.errors import NoteError
from hatch_cli.models import Block, Note

STDIN = "-"

#: Called with a note's path and a problem hatch worked around (the CLI prints it).
Warn = Callable[[str, str], None]

# Bounds that keep a hostile note from costing unbounded time or memory.
MAX_NOTE_BYTES = 64 * 1024 * 1024
#: The most bytes of frontmatter parsed: a thousand times the largest in the dev corpora
#: (1.2 KB), and little enough for any parser (TOML's, in Python, takes about a second a
#: MiB; what PyYAML builds, about 70 bytes of memory a byte: benchmarks/README.md).
MAX_FRONTMATTER_BYTES = 1024 * 1024
MAX_FRONTMATTER_VALUES = 10_000
#: Counting a frontmatter's values stops here: aliases can make the count astronomic.
_COUNT_CAP = 10**15
MAX_TAGS = 200
MAX_SOURCES = 10_000  # hatched_from of a combine of many notes
MAX_PATH = 4096  # characters of one hatched_from path

_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")


def read_note(
    path: str,
    *,
    errors: str = "strict",
    warn: Warn | None = None,
    streams: bool = False,
) -> Note:
    """Read one note from a path, or from stdin when ``path`` is ``-`` (a regular file, or
    with ``streams`` also a pipe or character device: see ``read_bytes``).

    The note (and any error) names the path with its control characters (newlines too)
    made visible and its undecodable bytes as U+FFFD, so a file name can't restyle a
    terminal or break UTF-8 output; the file itself is opened by its real name.
    """
    shown = shown_path(path)
    try:
        data = read_bytes(path, streams=streams)
    except NoteError as err:
        raise NoteError(err.message, shown) from None
    return note_from_bytes(data, shown, errors=errors, warn=warn)


def note_from_bytes(
    data: bytes,
    shown: str,
    *,
    errors: str = "strict",
    warn: Warn | None = None,
    detect: bool = True,
) -> Note:
    """A note from its bytes, named ``shown`` (which also gives the title of a note that
    has none); ``detect``: see ``parse_note``."""
    return parse_note(decode_note(data, shown, errors=errors, warn=warn), shown, detect=detect)


def read_bytes(path: str, *, streams: bool = False) -> bytes:
    """The raw bytes of a note, or a ``NoteError`` saying why they can't be had.

    Only a regular file is read, unless ``streams`` (the notes named to ``combine``): then
    a pipe (``<(…)``) or a character device is read as ``cat`` would, once."""
    try:
        if path == STDIN:
            data = _read_capped(sys.stdin.buffer)
        else:
            with open_note(path, streams=streams) as handle:
                data = _read_capped(handle)
    except OSError as err:
        raise NoteError(os_problem(err), path) from None
    if len(data) > MAX_NOTE_BYTES:
        raise NoteError(f"larger than {MAX_NOTE_BYTES // (1024 * 1024)} MiB", path)
    return data


_NONBLOCKING = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def open_note(path: str, *, streams: bool = False) -> BinaryIO:
    """A note opened for reading, checked to be a regular file by the handle itself (so
    nothing swapped in after a check can be read instead).

    Opened without blocking: a FIFO put where a note was (with no writer) or a device
    would otherwise hang the run at ``open``. Anything but a regular file raises a
    ``NoteError`` naming what it is, unless ``streams`` allows a pipe or a character
    device, which is then read blocking.
    """
    fd = os.open(path, _NONBLOCKING | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        if not stat.S_ISREG(mode):
            if not (streams and (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode))):
                raise NoteError(f"is {file_kind(mode)}, not a regular file", path)
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def file_kind(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words ("a FIFO (named pipe)")."""
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISLNK, "a symlink"),
        (stat.S_ISREG, "a regular file"),
    )
    return next((name for test, name in kinds if test(mode)), "not a file")


def os_problem(err: OSError) -> str:
    """An ``OSError`` on a note as the few words the user sees."""
    if isinstance(err, FileNotFoundError):
        return "no such file"
    if isinstance(err, IsADirectoryError):
        return "is a folder, not a note (hatch pairs reads folders)"
    if isinstance(err, PermissionError):
        return "permission denied"
    if err.errno == errno.ELOOP:
        return "symlink loop"
    return err.strerror or "cannot be read"


def _read_capped(handle: BinaryIO) -> bytes:
    """Up to ``MAX_NOTE_BYTES + 1`` bytes, without reserving that much for a small note
    (``read(n)`` allocates ``n`` bytes first): a regular file by its size, a stream (stdin,
    a pipe) in 1 MiB pieces."""
    try:
        size = os.fstat(handle.fileno()).st_size
    except (OSError, ValueError, io.UnsupportedOperation):
        size = 0
    data = handle.read(min(size, MAX_NOTE_BYTES) + 1) if size else b""
    if size and len(data) <= size:
        return data  # the whole file (or less, if it shrank meanwhile)
    buffer = bytearray(data)
    while len(buffer) <= MAX_NOTE_BYTES:
        piece = handle.read(1024 * 1024)
        if not piece:
            break
        buffer += piece
    return bytes(buffer)


def decode_note(data: bytes, path: str, *, errors: str = "strict", warn: Warn | None = None) -> str:
    """UTF-8 text with a BOM removed and line endings made ``\\n``: CRLF, and a lone CR
    (old Mac exports) as CommonMark reads it.

    Bytes that are not UTF-8 are an error, or with ``errors="replace"`` U+FFFD and a call
    to ``warn(path, problem)``, so the user hears once that the note was not all read.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
        where = f"not valid UTF-8 (byte {err.start}, line {line})"
        if errors != "replace":
            raise NoteError(f"{where}; convert it, or pass --errors replace", path) from None
        if warn is not None:
            warn(path, f"{where}; undecodable bytes shown as \ufffd")
        text = data.decode("utf-8-sig", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_note(text: str, path: str, *, detect: bool = True) -> Note:
    """Frontmatter (YAML, TOML or JSON) and Markdown body -> ``Note``; the body read by
    ``core.reading.pulldown``, as every command reads it. A note whose frontmatter does
    not say its language is in the one its text is in (not ``detect``: '', for a caller
    that detects many notes' at once from their ``language_sample``)."""
    metadata, content = split_frontmatter(text, path)
    body = parse_body(make_inert(analysed_part(content)))
    if not body.blocks and (summary := frontmatter_prose(metadata)):
        # A link post or a bookmark: its text is its summary, read as a body is (Markdown,
        # entities), its links and tags kept with the body's.
        read = parse_body(make_inert(analysed_part(summary)))
        for block in read.blocks:
            block.span = (0, 0)  # not read from the body
        body.blocks = read.blocks
        body.links += read.links
        body.tags += read.tags
    if not body.blocks:  # a title alone has nothing to quote or pair on
        raise NoteError("empty note: no text in its body", path)
    title = _text(metadata.get("title")) or (body.first_h1 or "") or name_title(path)
    tags = _dedupe([*_tags(metadata.get("tags")), *_tags(metadata.get("tag")), *body.tags])
    # ISO 639-1 from the frontmatter ("ja-JP", "pt_BR" -> "ja", "pt"), else guessed from the text.
    lang = _text(metadata.get("lang") or metadata.get("language")).lower().replace("_", "-")
    lang = lang.split("-", 1)[0][:8]
    if not lang and detect:
        from hatch_cli.core.reading.language import detect_language  # only a note without a lang

        lang = detect_language(language_sample(title, body.blocks))
    return Note(
        path=path,
        title=title,
        tags=tuple(tags),
        date=_date(metadata.get("date") or metadata.get("created")),
        lang=lang,
        links=tuple(_dedupe(body.links)),
        hatched_from=tuple(_sources(metadata.get("hatched_from"))),
        blocks=tuple(body.blocks),
        marks=tuple(body.marks),
    )


def language_sample(title: str, blocks: Sequence[Block]) -> str:
    """The text a note's language is told from: its title and the prose of its first
    blocks (``detect_language`` reads the first few hundred words of it)."""
    prose = [block.text for block in blocks[:60] if block.kind != "code"]
    return " ".join([title, *prose])


@cache
def _handlers() -> tuple[Any, ...]:
    """python-frontmatter's YAML and JSON handlers, and one for TOML that reads with the
    standard library's ``tomllib`` (python-frontmatter's own needs the ``toml`` package)."""
    # python-frontmatter: only a note that has frontmatter.
    from frontmatter.default_handlers import BaseHandler, JSONHandler, YAMLHandler

    class TOMLHandler(BaseHandler):
        FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
        START_DELIMITER = END_DELIMITER = "+++"

        def load(self, fm: str, **kwargs: object) -> Any:
            import tomllib  # only for a note that has TOML frontmatter

            return tomllib.loads(fm)

    return (YAMLHandler(), JSONHandler(), TOMLHandler())


def split_frontmatter(text: str, path: str) -> tuple[dict[str, Any], str]:
    """Detect and parse frontmatter with python-frontmatter's handlers."""
    import frontmatter  # only a note that has frontmatter

    handler = frontmatter.detect_format(text, _handlers())
    if handler is None:
        return {}, text
    fmt = type(handler).__name__.removesuffix("Handler")
    _check_frontmatter_bytes(handler.FM_BOUNDARY, text, fmt, path)
    try:
        raw, content = handler.split(text)
    except ValueError:
        raise NoteError(f"{fmt} frontmatter is never closed", path) from None
    try:
        metadata = _load_yaml(raw) if fmt == "YAML" else handler.load(raw)
    except NoteError as err:
        raise NoteError(err.message, path) from None
    except Exception as err:  # each parser raises its own error types
        raise NoteError(f"frontmatter is not valid {fmt}{_where(err)}", path) from None
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise NoteError(
            f"frontmatter is a {type(metadata).__name__}, not a mapping of fields", path
        )
    return metadata, content


def _check_frontmatter_bytes(
    boundary: re.Pattern[str] | None, text: str, fmt: str, path: str
) -> None:
    """Refuse a frontmatter of over ``MAX_FRONTMATTER_BYTES`` before any parser sees it:
    parsers take time and memory by the size of what they read (61 MB of YAML: 37 s and
    2.2 GB). Finding its end is one scan of the text; an unclosed one is refused here too."""
    opening = boundary.match(text) if boundary is not None else None
    if boundary is None or opening is None:
        return
    # The opening fence ends at its line end; the closing one starts a later line.
    closing = _fence_after_line_end(boundary).search(text, opening.end())
    if closing is None:
        raise NoteError(f"{fmt} frontmatter is never closed", path)
    # Its size is that of the lines between the two fence lines.
    start, end = opening.end() + 1, closing.start() + 1
    if (end - start) * 4 <= MAX_FRONTMATTER_BYTES:  # four bytes a character at most
        return
    step = 1 << 20  # in pieces: no copy of a huge frontmatter is made to measure it
    pieces = (text[at : min(at + step, end)] for at in range(start, end, step))
    size = sum(len(piece.encode("utf-8", "surrogatepass")) for piece in pieces)
    if size > MAX_FRONTMATTER_BYTES:
        raise NoteError(
            f"frontmatter is {size:,} bytes, over the limit of "
            f"{MAX_FRONTMATTER_BYTES // (1024 * 1024)} MiB ({MAX_FRONTMATTER_BYTES:,} bytes)",
            path,
        )


@cache
def _fence_after_line_end(boundary: re.Pattern[str]) -> re.Pattern[str]:
    """A fence pattern (``^…`` on a line of its own) as a line end and the fence: the same
    matches, found about five times faster in a long text (``re`` skips to each line end
    instead of trying ``^`` at every character)."""
    return re.compile("\n(?:" + boundary.pattern.removeprefix("^") + ")", boundary.flags)


def _load_yaml(raw: str) -> Any:
    """Safe YAML that also refuses alias bombs and huge mappings: its values are counted
    from the parser's events before anything is built of them (``_count_yaml_values``)."""
    import yaml  # PyYAML: only a note with YAML frontmatter

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if "*" in raw or len(raw) > _UNCOUNTED_CHARS:
        _count_yaml_values(yaml.parse(raw, Loader=loader_class))
    return yaml.load(raw, Loader=loader_class)


#: A YAML text no longer than this, without an alias ("*"), is loaded without counting its
#: values first: without aliases a value takes at least a character or two of the text
#: ("a:" is a key and its empty value, "-" an empty item), so it can't have more than
#: ``MAX_FRONTMATTER_VALUES`` (counting was an eighth of reading a typical note).
_UNCOUNTED_CHARS = MAX_FRONTMATTER_VALUES // 4


def _count_yaml_values(events: Iterable[Any]) -> None:
    """Count keys and values (a list or mapping is one too) as if aliases were expanded,
    in linear time, without expanding them: an alias counts what its anchor's node
    counted. Refuse more than ``MAX_FRONTMATTER_VALUES``, saying how many and whether
    aliases made them, and an alias inside its own anchor's node (a cycle).

    From events, not from what PyYAML builds: building takes most of the time and memory
    (a megabyte of ``key: value`` lines: about 110 MiB, against 40 to count them)."""
    import yaml  # PyYAML: only a note with YAML frontmatter

    anchored: dict[str, int] = {}
    stack: list[list[Any]] = []  # [count so far, anchor] of each open list or mapping
    open_anchors: dict[str, int] = {}  # the anchors of the open ones
    written = total = 0

    def add(count: int) -> None:
        nonlocal total
        if stack:
            stack[-1][0] = min(stack[-1][0] + count, _COUNT_CAP)
        else:
            total = min(total + count, _COUNT_CAP)

    for event in events:
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append([1, event.anchor])
            if event.anchor is not None:
                open_anchors[event.anchor] = open_anchors.get(event.anchor, 0) + 1
            written += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            count, anchor = stack.pop()
            if anchor is not None:
                open_anchors[anchor] -= 1
                anchored[anchor] = count
            add(count)
        elif isinstance(event, yaml.ScalarEvent):
            written += 1
            if event.anchor is not None:
                anchored[event.anchor] = 1
            add(1)
        elif isinstance(event, yaml.AliasEvent):
            name = str(event.anchor)
            if open_anchors.get(name):
                raise NoteError("frontmatter refers to itself (recursive YAML alias)")
            add(anchored.get(name, 1))  # an unknown one: the loader says so
    if total > MAX_FRONTMATTER_VALUES:
        count = f"{total:,}" if total < _COUNT_CAP else f"over {_COUNT_CAP:,}"
        aliases = " once its YAML aliases are expanded" if total > written else ""
        raise NoteError(
            f"frontmatter has {count} keys and values{aliases}, "
            f"over the limit of {MAX_FRONTMATTER_VALUES:,}"
        )


def _where(err: Exception) -> str:
    """The file line of a parser error. The frontmatter text starts on the fence's line."""
    mark = getattr(err, "context_mark", None) or getattr(err, "problem_mark", None)
    if mark is not None and isinstance(getattr(mark, "line", None), int):
        return f" (line {mark.line + 1})"  # YAML marks count from 0
    lineno = getattr(err, "lineno", None)
    if isinstance(lineno, int):
        return f" (line {lineno})"  # JSON counts from 1
    found = _TOML_LINE.search(str(err))  # tomllib says where only in its message
    return f" (line {found.group(1)})" if found else ""


def _text(value: Any) -> str:
    """A frontmatter value as one line of text; odd types become text, never a crash."""
    if value is None or isinstance(value, (dict, list, tuple, set)):
        return ""
    if isinstance(value, bool):
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return make_inert(" ".join(decode_entities(str(value)).split()))[:500]


def _date(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _text(value)
    return text or None


def _tags(value: Any, *, split_commas: bool = True, limit: int = MAX_TAGS) -> list[str]:
    """Tags from a list, or a comma (or space) separated string, each without its '#'."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        items: Iterable[Any] = value[:limit]
        return [tag for item in items for tag in _tags(item, split_commas=split_commas)]
    text = _text(value)
    if not text:
        return []
    parts = text.split(",") if split_commas and "," in text else [text]
    if split_commas and len(parts) == 1 and " " in text and "#" in text:
        parts = text.split()
    return [part.strip().lstrip("#").strip() for part in parts if part.strip().lstrip("#")]


def _sources(value: Any) -> list[str]:
    """``hatched_from``: paths exactly as written, one a list item. Never split, folded or
    stripped like tags: a file name may hold commas, a '#', tabs and runs of spaces, and
    ``hatch ideas`` compares these with the vault's paths."""
    items = value[:MAX_SOURCES] if isinstance(value, (list, tuple)) else [value]
    return [
        make_inert(item.isoformat() if isinstance(item, dt.date) else str(item))[:MAX_PATH]
        for item in items
        if isinstance(item, (str, int, float, dt.date))
        and not isinstance(item, bool)
        and str(item).strip()
    ]


def _dedupe(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


def name_title(path: str) -> str:
    """The title of a note that has none: its file's name without the suffix, or with it
    when that leaves no words (`` .md``), never its folders. Where a vault is kept, and
    how it was named on the command line, must not change what a note reads as (nor may
    a cached reading, which is keyed by the file's name: ``vault.read.note_key``)."""
    if path == STDIN:
        return "stdin"
    name = os.path.basename(path)
    return _text(Path(name).stem) or _text(name) or "untitled"
