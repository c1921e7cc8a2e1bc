"""The results chart of O27 as a PNG for Word (python-docx cannot hold a native chart).

Drawn with Pillow, whose text layout engine shapes Thai (upper vowels and tone marks stacked
correctly) when libraqm is available; the face is whatever fontconfig gives for TH Sarabun New
(fonts-thai-tlwg maps it to Laksaman, metric-compatible with TH Sarabun PSK).
"""

from __future__ import annotations

import io
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

from ita.core.framework import load_framework
from ita.documents.content import Document, program_text

DOC_FONT = "TH Sarabun New"
# Tried in order when fontconfig cannot be asked; all ship with Debian's fonts-thai-tlwg.
FALLBACK_FONTS = (
    "/usr/share/fonts/truetype/tlwg/Laksaman.ttf",
    "/usr/share/fonts/truetype/tlwg/Garuda.ttf",
    "/usr/share/fonts/truetype/tlwg/Loma.ttf",
)
# Okabe–Ito: the earlier year light blue, the later year dark blue, the pass line vermilion.
BEFORE_COLOUR, AFTER_COLOUR, PASS_COLOUR = "#56B4E9", "#0072B2", "#D55E00"
GRID_COLOUR, TEXT_COLOUR = "#D9D9D9", "#222222"


@lru_cache(maxsize=4)
def thai_font_path(family: str = DOC_FONT) -> str | None:
    """Returns the file of the Thai face fontconfig uses for `family`, else a known TLWG file, else None."""
    fc = shutil.which("fc-match")
    if fc:
        try:
            out = subprocess.run([fc, "-f", "%{file}", f"{family}:lang=th"], capture_output=True, text=True,
                                 timeout=10, check=False).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            out = ""
        if out and Path(out).exists():
            return out
    return next((p for p in FALLBACK_FONTS if Path(p).exists()), None)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = thai_font_path()
    if path is None:
        return ImageFont.load_default()
    engine = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    return ImageFont.truetype(path, size, layout_engine=engine)


def results_chart_png(doc: Document, width: int = 1800, height: int = 900) -> bytes:
    """Returns a grouped bar chart of the document's results (indicators, else the total) in the two
    years, with value labels, the pass mark line and a legend, as PNG bytes."""
    rows = doc.chart_rows
    d = doc.digits
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    big, mid, small = _font(64), _font(50), _font(44)
    draw.text((40, 20), doc.chart_title(), font=big, fill=TEXT_COLOUR)
    left, right, top, bottom = 130, width - 40, 170, height - 175
    pass_mark = load_framework().pass_mark
    values = [v for r in rows for v in (r.before, r.after) if v is not None]
    low = 0.0 if not values else max(0.0, min(min(values), pass_mark) // 10 * 10 - 10)
    span = 100.0 - low

    def y_of(v: float) -> float:
        return bottom - (v - low) / span * (bottom - top)

    for tick in range(int(low), 101, 10):
        y = y_of(tick)
        draw.line([(left, y), (right, y)], fill=GRID_COLOUR, width=2)
        label = program_text(str(tick), d)
        draw.text((left - 15, y), label, font=small, fill=TEXT_COLOUR, anchor="rm")
    pass_y = y_of(pass_mark)
    for x in range(left, right, 30):
        draw.line([(x, pass_y), (min(x + 16, right), pass_y)], fill=PASS_COLOUR, width=4)
    slot = (right - left) / max(1, len(rows))
    bar = min(110.0, slot * 0.36)
    for i, r in enumerate(rows):
        cx = left + slot * (i + 0.5)
        bars = ((r.before, r.before_text, BEFORE_COLOUR, -bar / 2 - 3),
                (r.after, r.after_text, AFTER_COLOUR, bar / 2 + 3))
        for value, text, colour, dx in bars:
            if value is None:
                continue
            x0, x1 = cx + dx - bar / 2, cx + dx + bar / 2
            draw.rectangle([x0, y_of(value), x1, bottom], fill=colour)
            draw.text(((x0 + x1) / 2, y_of(value) - 6), text, font=small if len(rows) < 6 else _font(27),
                      fill=TEXT_COLOUR, anchor="mb")
        label = program_text(r.code, d) if r.kind == "indicator" else r.label
        draw.text((cx, bottom + 12), label, font=mid, fill=TEXT_COLOUR, anchor="ma")
    draw.line([(left, bottom), (right, bottom)], fill=TEXT_COLOUR, width=3)
    legend_y = height - 45
    x = left
    for year, colour in ((doc.before_year, BEFORE_COLOUR), (doc.after_year, AFTER_COLOUR)):
        draw.rectangle([x, legend_y - 18, x + 36, legend_y + 18], fill=colour)
        text = program_text(f"ปี {year}", d)
        draw.text((x + 48, legend_y), text, font=mid, fill=TEXT_COLOUR, anchor="lm")
        x += 48 + int(draw.textlength(text, font=mid)) + 60
    for dash in range(0, 48, 24):
        draw.line([(x + dash, legend_y), (x + dash + 14, legend_y)], fill=PASS_COLOUR, width=5)
    draw.text((x + 60, legend_y), program_text(f"เกณฑ์ผ่าน {pass_mark:g}", d), font=mid, fill=PASS_COLOUR, anchor="lm")
    if any(r.kind == "indicator" for r in rows):
        draw.text((right, legend_y), "ตัวชี้วัดที่ ๑–๑๐" if d == "thai" else "ตัวชี้วัดที่ 1–10", font=small,
                  fill=TEXT_COLOUR, anchor="rm")
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=False)
    return out.getvalue()
