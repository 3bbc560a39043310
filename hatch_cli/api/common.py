"""What the library's functions share: the types of their callbacks and options, the date
and language options read, the rule that a command needs enough readable notes, the cache
they open, and the notices they give."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from hatch_cli.errors import TooFewNotes, UsageError
from hatch_cli.notes import Warn

if TYPE_CHECKING:
    from hatch_cli.reports import SkippedNote
    from hatch_cli.vault import NoteCache, Vault

#: What ``errors`` accepts: fail on bytes that are not UTF-8, or read them as U+FFFD.
Errors = Literal["strict", "replace"]
#: Called with a one-line notice for the user (a better analyser to install, say).
Notify = Callable[[str], None]


def resolve_date(
    option: str | dt.date | None = None, environ: Mapping[str, str] | None = None
) -> dt.date:
    """The date an outline is hatched on: ``option``, else ``SOURCE_DATE_EPOCH`` (UTC),
    else today. Pinning it makes the output byte-identical from one run to the next."""
    if isinstance(option, dt.date):
        return option
    if option:
        try:
            return dt.date.fromisoformat(option)
        except ValueError:
            raise UsageError(f"--date {option!r} is not a date like 2024-05-31") from None
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp") from None
    return dt.date.today()


def language_code(lang: str) -> str:
    """The ISO 639-1 code ``lang`` names (``ja-JP`` -> ``ja``), or a usage error."""
    # the core loads when a command runs, not with the api.
    from hatch_cli.core.reading.lexicon import KNOWN_LANGUAGES

    code = lang.strip().lower().replace("_", "-").split("-", 1)[0]
    if not (2 <= len(code) <= 3 and code.isascii() and code.isalpha()):
        raise UsageError(f"--lang {lang!r} is not a language code like en, de or ja")
    if code not in KNOWN_LANGUAGES:
        known = ", ".join(sorted(KNOWN_LANGUAGES))
        raise UsageError(f"--lang {lang!r} is not a language hatch knows; it knows {known}")
    return code


def enough(
    readable: int, skipped: Sequence[SkippedNote], needed: int, command: str, paths: Sequence[str]
) -> None:
    """``TooFewNotes`` when ``paths`` hold fewer readable notes than ``command`` needs: an
    empty list would look like a result."""
    if readable >= needed:
        return
    found = readable + len(skipped)
    if not found:
        problem = "no notes found (*.md, *.markdown)"
    elif readable == found:
        problem = f"only {found} note found"
    else:
        problem = f"{found} notes found, {readable} readable"
    wanted = "two" if needed == 2 else "one"
    where = paths[0] if len(paths) == 1 else None
    raise TooFewNotes(f"{problem}; {command} needs at least {wanted}", where, tuple(skipped))


def refuse_repeats(paths: Sequence[str]) -> None:
    """A usage error when one note is named twice (by any path): combined with itself it
    would only score 1.0 and quote itself."""
    seen: dict[tuple[int, int], str] = {}
    for path in paths:
        if path == "-":
            continue
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            continue  # read_note says what is wrong with it
        key = (info.st_dev, info.st_ino)
        if key in seen:
            first = seen[key]
            same = "is given twice" if first == path else f"is the same note as {first!r}"
            raise UsageError(f"{path!r} {same}; combine needs two or more different notes")
        seen[key] = path


def say_warnings(vault: Vault, warn: Warn | None) -> None:
    """Each note of the vault read with a problem worked around, to ``warn``."""
    if warn is not None:
        for path, problem in vault.warnings:
            warn(path, problem)


def cache_of(use_cache: bool, notify: Notify | None = None) -> NoteCache | None:
    from hatch_cli.vault import open_cache  # SQLite: only a command that reads a vault

    return open_cache(notify) if use_cache else None


def suggest_analysers(langs: Sequence[str], notify: Notify | None) -> None:
    """A notice when Japanese or Chinese notes are split without their analyser."""
    from hatch_cli.core.reading.lexicon import UNSPACED_LANGUAGES  # as language_code

    wanted = sorted(set(langs) & UNSPACED_LANGUAGES)
    if not wanted or notify is None:
        return  # English and the like: never import the segmenter
    from hatch_cli.core.reading.segment import EXTRA_OF, NAME_OF, has_analyser

    missing = [lang for lang in wanted if not has_analyser(lang)]
    if missing:
        extras = ",".join(EXTRA_OF[lang] for lang in missing)
        names = " and ".join(NAME_OF[lang] for lang in missing)
        notify(
            f"{names} notes are split into words by a simple fallback; "
            f"for better keywords: pip install 'hatch-notes[{extras}]'"
        )
