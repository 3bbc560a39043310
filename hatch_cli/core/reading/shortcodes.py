"""WordPress shortcodes, taken out of a note's Markdown before it is read. Pure.

Notes exported from WordPress hold its shortcodes: ``[youtube=…]`` and
``[youtube https://…]`` embeds, ``[caption id="…" …]…[/caption]`` around an image,
``[soundcloud url=…]``. The page a reader saw showed a video or a caption, never the tag.
The same brackets also write asides (``[sic]``), link texts and other tools' markup
(``[bold]x[/bold]``, ``[link=https://…]``), so a tag counts as a shortcode only by its
attributes (``without_shortcodes``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hatch_cli.core.reading.markup import image_mark
from hatch_cli.core.reading.spans import Dropped, in_code

# A tag: ``[name attributes]``, ``[name=value]`` or ``[/name]``, not part of a word
# (``input[type=…]``), not escaped, not a link's text (``[…](…)``, ``[…][…]``, ``[…]:``).
_TAG = re.compile(
    rb"(?<![\\\]!])(?:(?<!\w)|(?=\[/))"  # a closing half may follow a word: "text[/caption]"
    rb"\[(/?)([A-Za-z][\w-]{0,40})((?:=|[ \t]+)[^\[\]\n]{0,2000})?\](?![(\[:])"
)
# Attributes that make a tag a shortcode wherever it is: ``name=value`` pairs.
_ATTRIBUTES = re.compile(rb"[ \t]+[\w-]+[ \t]*=")
# An embed (``[youtube=https://…]``, ``[youtube https://…]``): a shortcode unless a closing
# half follows (``[link=https://…]text[/link]`` is some other tool's markup).
_EMBED = re.compile(rb"(?:=[ \t]*[\"']?|[ \t]+)https?://")
_URL = re.compile(rb"https?://(?:[^\s\"'\]&]|&(?!#?\w+;))+")
# An opening tag with attributes or a URL: the test that most notes fail.
_LIKELY = re.compile(
    r"\[[A-Za-z][\w-]*(?:=[ \t]*[\"']?https?://|[ \t]+(?:[\w-]+[ \t]*=|https?://))"
)


def has_shortcodes(text: str) -> bool:
    """Whether ``text`` may hold a WordPress shortcode (most notes don't: nothing else runs)."""
    return "[" in text and _LIKELY.search(text) is not None


def without_shortcodes(
    text: str,
    code: Sequence[tuple[int, int]] = (),
    images: list[str] | None = None,
    dropped: list[Dropped] | None = None,
) -> str:
    """``text`` without its WordPress shortcodes, except in ``code`` (byte ranges of its
    UTF-8): a tag with ``name=value`` attributes (``[caption id="…"]``) and the closing
    half after it (``[/caption]``: the text between them stays), and an embed with no
    closing half after it. One that embeds a URL (a video, a sound) leaves an image's mark
    (``IMAGE``; the URL added to ``images``): it counts as a link target does. Each tag
    taken out is added to ``dropped``."""
    source = text.encode()
    tags = [tag for tag in _TAG.finditer(source) if not in_code(tag.span(), code)]
    last_closer = {tag.group(2).lower(): tag.start() for tag in tags if tag.group(1)}
    kept = []
    opened: dict[bytes, int] = {}
    for tag in tags:
        name, attributes = tag.group(2).lower(), tag.group(3) or b""
        if tag.group(1):
            if not attributes and opened.get(name, 0) > 0:
                opened[name] -= 1
                kept.append(tag)
        elif _ATTRIBUTES.match(attributes) or (
            _EMBED.match(attributes) and last_closer.get(name, -1) < tag.start()
        ):
            opened[name] = opened.get(name, 0) + 1
            kept.append(tag)
    if not kept:
        return text
    out: list[bytes] = []
    position = 0
    for tag in kept:
        out.append(source[position : tag.start()])
        position = tag.end()
        if dropped is not None:
            name = tag.group(2).decode("ascii").lower()
            dropped.append(Dropped(name, tag.start(), tag.end()))
        url = _URL.search(tag.group(3) or b"")
        if url is not None and images is not None:
            out.append(f" {image_mark(images, url.group().decode('utf-8', 'replace'))} ".encode())
        else:
            out.append(b" ")
    out.append(source[position:])
    return b"".join(out).decode("utf-8", errors="replace")
