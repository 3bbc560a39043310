"""Text made safe to show: control characters made visible, lone surrogates replaced.

Every output and error line passes a note's text or a path through here. Its own module,
not the Markdown parser's, because the edges that only print (``errors``, the renderers)
need this and nothing of the parser.
"""

from __future__ import annotations

# C0 and C1 control characters except tab and newline: shown as visible pictures so that a
# note can never move the cursor, change colours or titles, or hide text in any output.
_CONTROLS = {code: 0x2400 + code for code in range(0x20) if code not in (0x09, 0x0A)}
_CONTROLS[0x7F] = 0x2421
_CONTROLS.update(dict.fromkeys(range(128, 160), 65533))
# Lone surrogates (a file name's undecodable bytes, a JSON "\\ud800") can't be written as
# UTF-8 at all: they become U+FFFD too.
_CONTROLS.update(dict.fromkeys(range(0xD800, 0xE000), 0xFFFD))


def shown_path(path: str) -> str:
    """A file name as hatch prints it: control characters (a newline too: ``␤``) made
    visible and undecodable bytes as U+FFFD; the file is still opened by its real name."""
    return make_inert(path).replace("\n", "\u2424")


def make_inert(text: str) -> str:
    """Replace control characters (ESC, CR, NUL, C1 codes) with visible symbols, and lone
    surrogates with U+FFFD."""
    return text.translate(_CONTROLS)
