"""The one way user text is made safe for Streamlit's Markdown (messages, captions, labels): every
mark Markdown or Streamlit reads (emphasis, links, HTML, lists, headings, `:icon:` and `:color[...]`
directives, entities such as `&amp;`, LaTeX) is escaped, so the text shows exactly as typed, and web
and e-mail addresses are not turned into links."""

from __future__ import annotations

import re

from ita.core.text import as_text

_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>:~$&])")

# Streamlit draws `:material/name:` as an icon after the Markdown escapes are resolved, so a
# backslash cannot stop it; an invisible word joiner after the colon does.
_ICON, _ICON_BROKEN = "\\:material/", "\\:\u2060material/"

# Streamlit's Markdown (remark-gfm, as bundled in 1.67) links bare addresses in the text left after the
# escapes are resolved: 'https://…' and 'www.…' when the domain has a dot, and 'name@domain.tld'. So
# escaping cannot stop it either; a word joiner (invisible, no line break) after '://', after 'www' or
# after '@' does, as the address no longer matches. It is put only where a dot follows in the same
# word (without one nothing is linked), and `unescape` takes out exactly the ones put in.
_JOINER = "\u2060"
_LINKABLE = re.compile(r"(\\://|@|(?i:www)(?=\u2060*\\\.))(?=\S*?\\\.)")
_LINK_BROKEN = re.compile(r"(\\://|@|(?i:www)(?=\u2060+\\\.))\u2060(?=\S*?\\\.)")


def plain(text: object) -> str:
    """Returns `text` with every Markdown mark escaped (line breaks kept) and no address linkable."""
    escaped = _SPECIALS.sub(r"\\\1", str(text)).replace(_ICON, _ICON_BROKEN)
    return _LINKABLE.sub(r"\1" + _JOINER, escaped)


def plain_line(text: object) -> str:
    """Returns user text as one Markdown line shown literally (for messages, labels, titles and list
    items): stripped ('' for None and NaN), its lines joined with spaces, every mark escaped."""
    return plain(" ".join(as_text(text).splitlines()))


def unescape(text: str) -> str:
    """Returns Markdown source as it reads on screen once its escapes are taken out (the inverse of
    `plain`); tests read Streamlit's elements, which hold the source, through it."""
    text = _LINK_BROKEN.sub(r"\1", text).replace(_ICON_BROKEN, _ICON)
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)
