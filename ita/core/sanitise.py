"""The one sanitiser for text the app writes out of itself: Word (python-docx), Excel (openpyxl), the
brief's HTML and plotly's labels (O27's chart image, drawn with Pillow, holds only the program's own
text: years, scores, indicator codes and tool names). No I/O.

XML 1.0 cannot hold the control characters U+0000–U+0008, U+000B, U+000C and U+000E–U+001F (nor a
lone surrogate, U+FFFE or U+FFFF). One of them typed or pasted into a measure's title is enough for
python-docx to refuse the whole document ("All strings must be XML compatible") and for openpyxl to
raise IllegalCharacterError, so every writer passes its text through `xml_text`. Tab, line feed and
carriage return are kept. Word's manual line break (U+000B) and page break (U+000C), which text
pasted from Word carries, become line breaks, as the author meant; the others are dropped.

The store keeps text as it was typed (its history and restore show what was saved, and a text made
only of control characters would otherwise pass the rules as non-blank and be stored blank); the
files are cleaned when they are written, and the pages and `python -m ita report` say which texts
were cleaned (`dataset_control_fields`, `typed_control_fields`, `control_note`).

Plotly draws a subset of HTML in every text it shows (`<b>`, `<i>`, `<a href>`, `<br>`, `<span
style>` …) and decodes the entities `&amp;`, `&lt;` and `&gt;` (plotly.js svg_text_utils
convertEntities, in the copy Streamlit 1.67 bundles), so `chart_text` escapes those three
characters: a title typed as `<b>x</b>` shows as typed, not bold, and never becomes a link.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import pandas as pd

from ita.core.model import Dataset
from ita.core.schema import TABLES
from ita.core.text import as_text, is_blank

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


@dataclass(frozen=True)
class Cleaned:
    """Text made safe for XML, and the characters taken out of it ('U+000B', in order of first use)."""

    text: str
    removed: tuple[str, ...]


def control_characters(text: str) -> tuple[str, ...]:
    """Returns the XML-invalid characters of `text` as 'U+000B' names, each once, in order of first use."""
    return tuple(dict.fromkeys(f"U+{ord(ch):04X}" for ch in CONTROL.findall(text)))


def clean_text(text: str) -> Cleaned:
    """Returns `text` without XML-invalid characters (U+000B and U+000C become line breaks), with what
    was taken out."""
    removed = control_characters(text)
    if not removed:
        return Cleaned(text, ())
    return Cleaned(CONTROL.sub("", text.translate(LINE_BREAKS)), removed)


def xml_text(text: str) -> str:
    """Returns `text` as Word and Excel can store it (see `clean_text`)."""
    return clean_text(text).text


def chart_text(value: object) -> str:
    """Returns text for a plotly label, hover text, tick, legend or title: cleaned like `xml_text`
    ('' for None and NaN) and with `&`, `<` and `>` written as the entities plotly decodes, so it
    shows exactly as typed (Thai text is unchanged)."""
    text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    return html.escape(xml_text(text), quote=False)


# -- where the cleaned text came from ------------------------------------------------------------


def typed_control_fields(fields: Mapping[str, object]) -> list[str]:
    """Returns the names (keys) of the typed `fields` whose text holds XML-invalid characters."""
    return [name for name, value in fields.items() if not is_blank(value) and CONTROL.search(str(value))]


def dataset_control_fields(ds: Dataset, agency: str, years: Collection[int] | None = None) -> list[str]:
    """Returns where the agency's rows hold XML-invalid characters, one Thai place per text cell:
    'มาตรการ ปี 2569 ลำดับ 1 · มาตรการ/แนวทาง'. With `years`, rows of other years are left out (rows
    without a year, such as the agency's own, are always looked at)."""
    # The agency's name is in every row of it: it is named once, not once per row.
    found = ["หน่วยงาน · ชื่อหน่วยงาน"] if CONTROL.search(agency) else []
    for table in TABLES:
        df = ds[table.key]
        if df.empty or "agency" not in df.columns:
            continue
        mine = df[df["agency"] == agency]
        if years is not None and "year" in mine.columns:
            mine = mine[mine["year"].isna() | mine["year"].isin([int(y) for y in years])]
        texts = [c for c in table.columns if c.kind in {"text", "indicators"} and c.key != "agency"
                 and c.key in mine.columns]
        for column in texts:
            # A plain loop: the agency's rows are few, and pyarrow's regex cannot take this pattern.
            for index, value in mine[column.key].dropna().items():
                if CONTROL.search(str(value)):
                    found.append(_place(table.sheet, mine.loc[index], column.header))
    return found


def control_note(fields: list[str], what: str, shown: int = 8) -> str:
    """Returns the Thai note that `what` (the files) leave out the control characters of `fields`,
    naming the first `shown` of them and counting the rest ('' when there are none)."""
    if not fields:
        return ""
    more = f" และอีก {len(fields) - shown} รายการ" if len(fields) > shown else ""
    return (f"ข้อความต่อไปนี้มีอักขระควบคุมที่มองไม่เห็น (เช่น จากการคัดลอกมาจาก Word หรือ PDF) ซึ่ง Word และ Excel "
            f"เก็บไม่ได้ {what}จึงตัดอักขระเหล่านั้นออก (ตัวขึ้นบรรทัดของ Word กลายเป็นการขึ้นบรรทัดใหม่) "
            f"ข้อความส่วนอื่นคงเดิม: {', '.join(fields[:shown])}{more}")


def _place(sheet: str, row: pd.Series, header: str) -> str:
    """Returns 'sheet ปี Y ลำดับ N · header' for a row (year and number when the row has them)."""
    parts = [sheet]
    if "year" in row.index and not is_blank(row["year"]):
        parts.append(f"ปี {int(row['year'])}")
    if "number" in row.index and not is_blank(row["number"]):
        parts.append(f"ลำดับ {xml_text(as_text(row['number']))}")
    return " ".join(parts) + f" · {header}"
