"""Text made safe to show: control characters made visible, lone surrogates replaced,
invisible characters found.

Every output and error line passes a note's text or a path through here. Its own module,
not the Markdown parser's, because the edges that only print (``errors``, the renderers)
need this and nothing of the parser.
"""

from __future__ import annotations

import re

# C0 and C1 control characters except tab and newline: shown as visible pictures so that a
# note can never move the cursor, change colours or titles, or hide text in any output.
_CONTROLS = {code: 0x2400 + code for code in range(0x20) if code not in (0x09, 0x0A)}
_CONTROLS[0x7F] = 0x2421
_CONTROLS.update(dict.fromkeys(range(128, 160), 65533))
# Lone surrogates (a file name's undecodable bytes, a JSON "\\ud800") can't be written as
# UTF-8 at all: they become U+FFFD too.
_CONTROLS.update(dict.fromkeys(range(0xD800, 0xE000), 0xFFFD))
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Characters that show as nothing: the soft hyphen, zero-width spaces and joiners, bidi
# marks and isolates, blank fillers (Hangul, Braille), variation selectors, tags.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0"
    "\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)


def shown_path(path: str) -> str:
    """A file name as hatch prints it: control characters (a newline too: ``␤``) made
    visible and undecodable bytes as U+FFFD; the file is still opened by its real name."""
    return make_inert(path).replace("\n", "\u2424")


def make_inert(text: str) -> str:
    """Replace control characters (ESC, CR, NUL, C1 codes) with visible symbols, and lone
    surrogates with U+FFFD."""
    return text.translate(_CONTROLS)


def well_formed(text: str) -> str:
    """``text`` with lone surrogates as U+FFFD: text from outside (a model's JSON
    ``"\\ud800"``) that could not otherwise be written as UTF-8."""
    if _LONE_SURROGATE.search(text) is None:
        return text
    return _LONE_SURROGATE.sub("\ufffd", text)


def without_invisible(text: str) -> str:
    """``text`` without the characters that show as nothing (zero-width spaces and
    joiners, soft hyphens, bidi marks): what is compared by how it reads (a quote with a
    note, a note with the prompt's boundary) is compared without them."""
    return INVISIBLE.sub("", text)
