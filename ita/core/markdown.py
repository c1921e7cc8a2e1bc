"""The one way user text is made safe for Streamlit's Markdown (messages, captions, labels): every
mark Markdown or Streamlit reads (emphasis, links, HTML, lists, headings, `:icon:` and `:color[...]`
directives, entities such as `&amp;`, LaTeX) is escaped, so the text shows exactly as typed."""

from __future__ import annotations

import re

from ita.core.text import as_text

_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>:~$&])")


# Streamlit draws `:material/name:` as an icon after the Markdown escapes are resolved, so a
# backslash cannot stop it; an invisible word joiner after the colon does.
_ICON, _ICON_BROKEN = "\\:material/", "\\:\u2060material/"


def plain(text: object) -> str:
    """Returns `text` with every Markdown mark escaped (line breaks kept)."""
    return _SPECIALS.sub(r"\\\1", str(text)).replace(_ICON, _ICON_BROKEN)


def plain_line(text: object) -> str:
    """Returns user text as one Markdown line shown literally (for messages, labels, titles and list
    items): stripped ('' for None and NaN), its lines joined with spaces, every mark escaped."""
    return plain(" ".join(as_text(text).splitlines()))


def unescape(text: str) -> str:
    """Returns Markdown source as it reads on screen once its escapes are taken out (the inverse of
    `plain`); tests read Streamlit's elements, which hold the source, through it."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text.replace(_ICON_BROKEN, _ICON))
