"""The fonts the official documents may name: TH Sarabun New (the default, the government's own
face) and TH SarabunPSK (the older one many agencies still have). The one list of allowed fonts;
the Word and Excel writers name the chosen one (`using_font`), the page offers it as a select and the
CLI as `--font`.

On a machine without them (a fresh Debian), fontconfig draws both with Laksaman from fonts-thai-tlwg,
metric-compatible with TH Sarabun PSK, so LibreOffice's PDFs keep the layout.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

FONTS: tuple[str, ...] = ("TH Sarabun New", "TH SarabunPSK")
DEFAULT_FONT = FONTS[0]

_current: ContextVar[str] = ContextVar("document_font", default=DEFAULT_FONT)


def check_font(font: str | None) -> str:
    """Returns the font, DEFAULT_FONT for None; raises ValueError for a font not in FONTS."""
    if font is None:
        return DEFAULT_FONT
    if font not in FONTS:
        raise ValueError(f"font must be one of {', '.join(FONTS)}, not {font!r}")
    return font


def current_font() -> str:
    """Returns the font the document being written names."""
    return _current.get()


@contextmanager
def using_font(font: str | None) -> Iterator[str]:
    """Makes `font` the one named by the documents written inside the block (this thread only)."""
    token = _current.set(check_font(font))
    try:
        yield _current.get()
    finally:
        _current.reset(token)
