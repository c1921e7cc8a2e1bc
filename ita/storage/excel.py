"""Excel in and out: the app's own template (one sheet per table) and the wide layout people
type from NACC reports (one row per agency and year).

Reading is in two steps. `open_workbook` refuses a file that cannot be read at all (not a
workbook, empty, truncated, password-protected, too large, an XML bomb) with one WorkbookError
carrying a Thai and an English message. `read_workbook` then checks every cell and collects
every problem into a Report instead of stopping at the first.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, Literal

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ita.core import rules, thai
from ita.core.checks import check_across_files, check_tables, fact_columns
from ita.core.errors import ItaError
from ita.core.framework import TOOLS, Framework, load_framework
from ita.core.model import Dataset, frame_from_records
from ita.core.sanitise import xml_text
from ita.core.schema import (
    INDICATOR_SEP,
    INFO_SHEET,
    LISTS_SHEET,
    NO,
    TABLES,
    TABLES_BY_SHEET,
    YES,
    Column,
    Table,
)
from ita.core.validation import Report

DEFAULT_MAX_MB = 20.0
# Uncompressed size past which a workbook is treated as a zip bomb, whatever its file size.
MAX_UNCOMPRESSED = 400 * 1024 * 1024
XML_SCAN_BYTES = 64 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

Source = str | os.PathLike[str] | bytes | BinaryIO


class WorkbookError(ItaError):
    """The file cannot be read as a workbook at all; one clear message, Thai first."""

    def __init__(self, message_th: str, message_en: str, name: str = "") -> None:
        super().__init__(message_th, message_en)
        self.name = name

    def __str__(self) -> str:
        return f"{self.name}: {super().__str__()}" if self.name else super().__str__()


def max_upload_bytes(environ: Mapping[str, str] | None = None) -> int:
    """Returns the size limit: ITA_MAX_UPLOAD_MB (default 20 MB) in bytes, from `environ` (default:
    this process's environment). The one setting of the limit: the Streamlit server gets it too
    (ita.services.data_entry.server_upload_mb)."""
    try:
        mb = float((os.environ if environ is None else environ).get("ITA_MAX_UPLOAD_MB", DEFAULT_MAX_MB))
    except ValueError:
        mb = DEFAULT_MAX_MB
    if not 0 < mb < 1024 * 1024:  # also NaN: not a size, so the default rather than a crash
        mb = DEFAULT_MAX_MB
    return int(mb * 1024 * 1024)


# ---------------------------------------------------------------------------------------------
# Opening a file safely


def _size_text(n: float) -> str:
    """Returns a size for a message: '12.3 KB' below 1 MB, else '25.4 MB'.

    Whole megabytes with one decimal would print a 12 KB file as '0.0 MB', which reads as if a
    file of nothing were too large.
    """
    return f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def _too_large(size: int, limit: int, name: str) -> WorkbookError:
    return WorkbookError(
        f"ไฟล์ใหญ่เกินกำหนด ({_size_text(size)} เกินขนาดสูงสุด {_size_text(limit)})",
        f"file of {_size_text(size)} is larger than the {_size_text(limit)} limit",
        name,
    )


def read_source(source: Source, max_bytes: int | None = None) -> tuple[bytes, str]:
    """Returns the file's bytes and a display name; refuses files above the size limit
    before reading them."""
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    if isinstance(source, bytes | bytearray):
        data, name = bytes(source), "(อัปโหลด)"
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        name = path.name
        if not path.exists():
            raise WorkbookError("ไม่พบไฟล์", "file not found", name)
        if path.is_dir():
            raise WorkbookError("เป็นโฟลเดอร์ ไม่ใช่ไฟล์", "is a directory, not a file", name)
        if path.stat().st_size > limit:
            raise _too_large(path.stat().st_size, limit, name)
        data = path.read_bytes()
    else:
        name = getattr(source, "name", "(อัปโหลด)")
        size = getattr(source, "size", None)
        if isinstance(size, int) and size > limit:
            raise _too_large(size, limit, name)
        getvalue = getattr(source, "getvalue", None)
        data = getvalue() if callable(getvalue) else source.read(limit + 1)
    if len(data) > limit:
        raise _too_large(len(data), limit, name)
    return data, name


def check_container(data: bytes, name: str = "") -> None:
    """Raises WorkbookError unless the bytes look like a safe .xlsx package."""
    if not data:
        raise WorkbookError("ไฟล์ว่างเปล่า (0 ไบต์)", "the file is empty", name)
    if data.startswith(OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data or b"EncryptedPackage" in data:
            raise WorkbookError(
                "ไฟล์ถูกป้องกันด้วยรหัสผ่าน กรุณาเปิดใน Excel แล้วเอารหัสผ่านออกก่อนนำเข้า",
                "the workbook is password-protected; remove the password in Excel first",
                name,
            )
        raise WorkbookError(
            "เป็นไฟล์ Excel รุ่นเก่า (.xls) กรุณาบันทึกเป็น .xlsx ก่อนนำเข้า",
            "legacy .xls workbook; save it as .xlsx first",
            name,
        )
    if not data.startswith(b"PK"):
        raise WorkbookError(
            "ไม่ใช่ไฟล์ Excel (.xlsx) กรุณาเลือกไฟล์ที่บันทึกจาก Excel",
            "not an Excel workbook (.xlsx)",
            name,
        )
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise WorkbookError(
            "ไฟล์เสียหายหรือไม่สมบูรณ์ (อาจดาวน์โหลดหรือคัดลอกมาไม่ครบ)",
            f"the file is damaged or truncated ({exc.__class__.__name__})",
            name,
        ) from None
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise WorkbookError(
            "ไม่ใช่ไฟล์ Excel (.xlsx): ไม่พบส่วนสมุดงานในไฟล์",
            "not an Excel workbook: no xl/workbook.xml inside",
            name,
        )
    if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
        raise WorkbookError(
            "ไฟล์ขยายตัวเกินขนาดที่ปลอดภัยเมื่อแตกไฟล์ (อาจเป็นไฟล์อันตราย)",
            "the package expands beyond the safe size (zip bomb)",
            name,
        )
    for info in infos:
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with zf.open(info) as fh:
                head = fh.read(XML_SCAN_BYTES)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:
            raise WorkbookError(
                "ไฟล์เสียหายหรือไม่สมบูรณ์ (อาจดาวน์โหลดหรือคัดลอกมาไม่ครบ)",
                f"the file is damaged or truncated ({exc.__class__.__name__} in {info.filename})",
                name,
            ) from None
        if not _prolog_is_safe(head):
            raise WorkbookError(
                "ไฟล์มีการประกาศ XML entity ซึ่งอาจเป็นอันตราย จึงไม่อ่านไฟล์นี้",
                f"the file declares XML entities (possible entity bomb) in {info.filename}",
                name,
            )


def _prolog_is_safe(head: bytes) -> bool:
    """Returns True when the XML part reaches its root element, within the bytes scanned,
    without declaring a DOCTYPE or an entity.

    A DOCTYPE can only stand before the root element, but a long comment can push it past any
    fixed number of bytes; so the prolog (declaration, comments, processing instructions) is
    walked, and a prolog that does not end within the scan is refused too: Excel never writes one.
    """
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if text.startswith("<?", pos):
            end, closer = text.find("?>", pos), "?>"
        elif text.startswith("<!--", pos):
            end, closer = text.find("-->", pos), "-->"
        elif text.startswith("<!", pos):
            return False  # <!DOCTYPE or <!ENTITY
        else:
            # The root element (or a short or non-XML part, which the parser judges).
            return pos < len(text) or len(head) < XML_SCAN_BYTES
        if end < 0:
            return len(head) < XML_SCAN_BYTES
        pos = end + len(closer)


def open_workbook(source: Source, max_bytes: int | None = None) -> tuple[Any, str]:
    """Returns (openpyxl workbook, display name) or raises WorkbookError."""
    data, name = read_source(source, max_bytes)
    check_container(data, name)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # noqa: BLE001 - any parser failure is one clear message, never a traceback
        raise WorkbookError(
            "อ่านไฟล์ Excel ไม่ได้ ไฟล์อาจเสียหายหรือไม่ใช่รูปแบบ .xlsx",
            f"cannot read the workbook: {exc.__class__.__name__}: {exc}"[:300],
            name,
        ) from None
    return wb, name


# ---------------------------------------------------------------------------------------------
# Cell values


def _norm_header(value: Any) -> str:
    text = thai.to_arabic_digits(_cell_text(value))
    return re.sub(r"\s+", " ", text).strip().casefold()


class Percent(float):
    """A number read from a cell formatted as a percentage: Excel stores a typed 90% as 0.9 and
    only shows it as 90%. Score columns read it as `scaled()`; elsewhere it is the stored number."""

    def scaled(self) -> float:
        """Returns the number as shown in Excel (0.9 -> 90.0), without binary noise (90.00000000000001)."""
        return float(Decimal(repr(float(self))) * 100)

    def __str__(self) -> str:
        return f"{self.scaled():g}%"


# Quoted text and backslash-escaped characters in a number format are literals: '0.00"%"' shows
# 90 as "90.00%" without multiplying, so only a bare % makes a percentage.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.')


def _cell_value(cell: Any) -> Any:
    """Returns the cell's value; a number in a percentage format becomes a Percent."""
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool):
        fmt = cell.number_format
        if isinstance(fmt, str) and "%" in _FORMAT_LITERALS.sub("", fmt):
            return Percent(value)
    return value


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_IND_RE = re.compile(r"^(?:ตัวชี้วัดย่อยที่|ตัวชี้วัดที่|ตัวชี้วัด|indicator|ind\.?)?\s*(\d{1,2}(?:\.\d{1,2})?)$")


def normalise_indicator(value: Any) -> str:
    """Returns an indicator code such as '9' or '9.1' from '๙', 'ตัวชี้วัดที่ 9', 9.0, '9.1'."""
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:g}"
    else:
        text = _cell_text(value)
    text = re.sub(r"\s+", " ", thai.to_arabic_digits(text)).strip().casefold()
    m = _IND_RE.match(text)
    return m.group(1) if m else text


def _convert(col: Column, value: Any, fw: Framework) -> Any:
    """Returns the typed value of a cell, None when blank; raises ThaiParseError when invalid."""
    if _is_blank(value):
        return None
    if col.kind == "score":
        number = thai.parse_number(value.scaled() if isinstance(value, Percent) else value)
        _refuse(rules.score_problem(number))
        return number
    if col.kind == "year":
        return thai.parse_year(value)
    if col.kind == "int":
        number = thai.parse_number(value)
        if number is not None and not float(number).is_integer():
            raise thai.ThaiParseError("ต้องเป็นจำนวนเต็ม", "must be a whole number")
        return None if number is None else int(number)
    if col.kind == "date":
        return thai.parse_thai_date(value).isoformat()
    if col.kind == "bool":
        text = _norm_header(value)
        if text in {"ใช่", "yes", "y", "true", "1", "จริง"}:
            return YES
        if text in {"ไม่ใช่", "no", "n", "false", "0", "ไม่"}:
            return NO
        raise thai.ThaiParseError(f"ต้องเป็น '{YES}' หรือ '{NO}'", f"must be '{YES}' or '{NO}'")
    if col.kind == "indicators":
        parts = [p for p in re.split(r"[,;،\n]", _cell_text(value)) if p.strip()]
        codes = [normalise_indicator(p) for p in parts]
        _refuse(rules.indicators_problem(codes, fw.known_codes()))
        return INDICATOR_SEP.join(codes)
    if col.key == "indicator":
        code = normalise_indicator(value)
        _refuse(rules.indicators_problem([code], fw.known_codes()))
        return code
    text = _cell_text(value)
    if col.key == "number":
        # The measure number of 'มาตรการ' and 'ความก้าวหน้ามาตรการ': '๑' and '1' are one measure,
        # as in the app's forms (ita.services.plan.entry_fields), so duplicates and links compare alike.
        text = thai.to_arabic_digits(text)
    if col.choices:
        _refuse(rules.choice_problem(text, col.choices))
    return text


def _refuse(problem: rules.RuleProblem | None) -> None:
    """Raises the rule's problem as the ThaiParseError a cell's reading reports, if there is one."""
    if problem is not None:
        raise thai.ThaiParseError(problem.message_th, problem.message_en)


# ---------------------------------------------------------------------------------------------
# Reading


@dataclass
class ReadResult:
    dataset: Dataset
    report: Report
    layout: Literal["template", "wide", "none"]
    name: str
    # The tables with where each row came from (META_COLUMNS), for checks across files (read_many).
    frames: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


def _merged_values(ws: Worksheet) -> dict[tuple[int, int], Any]:
    """Returns the top-left value for every cell inside a merged range (typed sheets merge
    the agency or year cell over several rows)."""
    out: dict[tuple[int, int], Any] = {}
    for rng in ws.merged_cells.ranges:
        top = _cell_value(ws.cell(rng.min_row, rng.min_col))
        # Filled down the first column only. A note merged across the table ("ที่มา: …" over
        # A20:N20) must stay one cell: copied into every column it would become a year and ten
        # scores to read, and twelve errors.
        for r in range(rng.min_row, rng.max_row + 1):
            out[(r, rng.min_col)] = top
    return out


def _rows(ws: Worksheet) -> list[list[Any]]:
    """Returns the sheet's values row by row (index 0 = Excel row 1), each row only as long as
    its last value, up to the last row that holds a value.

    Built from the cells the file really holds. `iter_rows` walks the full rectangle up to the
    sheet's dimension and creates every cell in it, so one stray far cell would cost time and memory
    out of all proportion to the file.
    """
    values: dict[tuple[int, int], Any] = {
        pos: _cell_value(cell)
        for pos, cell in ws._cells.items()  # noqa: SLF001 - the sparse store; openpyxl is pinned
        if not _is_blank(cell.value)
    }
    values.update({pos: v for pos, v in _merged_values(ws).items() if not _is_blank(v)})
    if not values:
        return []
    rows: list[list[Any]] = [[] for _ in range(max(r for r, _ in values))]
    for (r, c), v in sorted(values.items()):
        row = rows[r - 1]
        row.extend([None] * (c - len(row)))
        row[c - 1] = v
    return rows


def _find_header(rows: list[list[Any]], match: Any, scan: int = 30) -> tuple[int, dict[int, Any]] | None:
    """Returns (0-based header row index, {column index: recognised key}) for the row among the
    first `scan` that names the most known columns, or None."""
    best: tuple[int, dict[int, Any]] | None = None
    best_rank = 0
    for i, row in enumerate(rows[:scan]):
        found = {j: m for j, v in enumerate(row) if not _is_blank(v) and (m := match(v)) is not None}
        # Only recognised columns rank a row. In a wide sheet every score of a data row (93.55,
        # "๘๘.๕๘") also looks like an indicator number, unknown but matched; counting those let
        # a data row with a few extra numeric columns outrank the real header.
        rank = sum(1 for m in found.values() if not (isinstance(m, tuple) and m[0] == "unknown_indicator"))
        if rank and rank > best_rank:
            best, best_rank = (i, found), rank
    return best


def _template_header_matcher(table: Table) -> Any:
    lookup = {_norm_header(c.header): c.key for c in table.columns}
    lookup.update({_norm_header(c.key): c.key for c in table.columns})
    return lambda v: lookup.get(_norm_header(v))


def _read_template_sheet(
    ws: Worksheet,
    table: Table,
    fw: Framework,
    report: Report,
    records: dict[str, list[dict[str, Any]]],
    headers: list[tuple[str, int]],
) -> None:
    """Reads one template sheet; appends (sheet, Excel row) of its header row to `headers`."""
    rows = _rows(ws)
    header = _find_header(rows, _template_header_matcher(table), scan=10)
    if header is None:
        if any(any(not _is_blank(v) for v in row) for row in rows):
            report.error(
                "no_header",
                "ไม่พบแถวหัวตารางตามแม่แบบ",
                "no template header row found",
                sheet=ws.title,
            )
        return
    h_idx, cols = header
    headers.append((ws.title, h_idx + 1))
    missing = [c.header for c in table.columns if c.required and c.key not in cols.values()]
    for m in missing:
        report.error(
            "missing_column", f"ไม่มีคอลัมน์ที่จำเป็น '{m}'", f"required column '{m}' is missing",
            sheet=ws.title, row=h_idx + 1, column=m,
        )
    if missing:
        return
    for j, v in enumerate(rows[h_idx]):
        if not _is_blank(v) and j not in cols:
            report.warning(
                "unknown_column",
                "คอลัมน์นี้ไม่อยู่ในแม่แบบ จะไม่ถูกนำเข้า",
                "column not in the template; ignored",
                sheet=ws.title,
                row=h_idx + 1,
                column=_cell_text(v),
                value=v,
            )
    id_keys = set(table.unique) | {c.key for c in table.columns if c.required}
    for r_off, row in enumerate(rows[h_idx + 1 :], start=h_idx + 2):
        if all(_is_blank(v) for v in row):
            continue
        rec: dict[str, Any] = {"_sheet": ws.title, "_row": r_off}
        bad_id = False
        for j, key in cols.items():
            col = table.column(key)
            value = row[j] if j < len(row) else None
            try:
                rec[key] = _convert(col, value, fw)
            except thai.ThaiParseError as exc:
                report.error(
                    "bad_value", exc.message_th, exc.message_en,
                    sheet=ws.title, row=r_off, column=col.header, value=value,
                )
                rec[key] = None
                bad_id = bad_id or key in id_keys
                continue
            if rec[key] is None and col.required:
                report.error(
                    "required", f"ต้องกรอก '{col.header}'", f"'{col.header}' is required",
                    sheet=ws.title, row=r_off, column=col.header,
                )
                bad_id = True
        if not bad_id:
            records[table.key].append(rec)


# Wide layout: header aliases (normalised: Arabic digits, casefolded, single spaces).
_AGENCY = {"หน่วยงาน", "ชื่อหน่วยงาน", "agency", "organisation", "organization", "ชื่อ อปท."}
_YEAR = {"ปีงบประมาณ", "ปี", "ปีงบประมาณ พ.ศ.", "พ.ศ.", "ปี พ.ศ.", "year", "fy", "fiscal year"}
_TOTAL = {"คะแนนรวม", "ita", "total", "คะแนน ita", "คะแนนรวม ita", "รวม", "คะแนนรวม (ita)", "ita score"}
_LEVEL = {"ระดับ", "level", "ระดับผลการประเมิน", "ผลการประเมิน"}
_SOURCE = {"แหล่งที่มา", "source", "ที่มา"}
_NOTE = {"หมายเหตุ", "note", "notes"}


def _wide_matcher(fw: Framework) -> Any:
    names = {_norm_header(i.name_th): i.code for i in fw.indicators}
    names.update({_norm_header(i.name_en): i.code for i in fw.indicators})
    for yf in fw.years.values():
        names.update({_norm_header(s.name_th): s.code for s in yf.sub_indicators})
    known = fw.known_codes()

    def match(value: Any) -> tuple[str, str] | None:
        h = _norm_header(value)
        for key, aliases in (
            ("agency", _AGENCY), ("year", _YEAR), ("total", _TOTAL), ("level", _LEVEL),
            ("source", _SOURCE), ("note", _NOTE),
        ):
            if h in aliases:
                return (key, "")
        for t in TOOLS:
            if h in {t.casefold(), f"คะแนน {t.casefold()}"}:
                return ("tool", t)
        if h in names:
            return ("indicator", names[h])
        m = re.match(r"^(?:ตัวชี้วัดย่อยที่|ตัวชี้วัดที่|ตัวชี้วัด|indicator|ind\.?)\s*(\d{1,2}(?:\.\d{1,2})?)\b", h)
        if m is None and isinstance(value, int | float) and not isinstance(value, bool):
            m = re.match(r"^(\d{1,2}(?:\.\d{1,2})?)$", f"{value:g}")
        if m is None:
            m = re.match(r"^(\d{1,2}(?:\.\d{1,2})?)$", h)
        if m:
            code = m.group(1)
            return ("indicator", code) if code in known else ("unknown_indicator", code)
        return None

    return match


def _read_wide_sheet(
    ws: Worksheet,
    fw: Framework,
    report: Report,
    records: dict[str, list[dict[str, Any]]],
    default_agency: str | None,
    headers: list[tuple[str, int]],
) -> bool:
    """Reads one wide-layout sheet; returns False when the sheet has no recognisable header.
    Appends (sheet, Excel row) of a score table's header row to `headers`."""
    rows = _rows(ws)
    match = _wide_matcher(fw)
    header = _find_header(rows, match)
    if header is None:
        return False
    h_idx, cols = header
    kinds = {k for k, _ in cols.values()}
    if not kinds & {"indicator", "total", "tool", "unknown_indicator"}:
        return False
    headers.append((ws.title, h_idx + 1))
    if "year" not in kinds:
        # A header with score columns but no year is a score table with a missing column, not
        # "no table found": say which column is missing and where.
        if sum(k in {"indicator", "total", "tool"} for k, _ in cols.values()) < 2:
            return False
        report.error(
            "missing_column",
            "ไม่มีคอลัมน์ที่จำเป็น 'ปีงบประมาณ' (หรือ 'ปี')",
            "required column 'ปีงบประมาณ' (fiscal year) is missing",
            sheet=ws.title, row=h_idx + 1, column="ปีงบประมาณ",
        )
        return True
    for j, v in enumerate(rows[h_idx]):
        if _is_blank(v):
            continue
        if j not in cols:
            report.warning(
                "unknown_column", "ไม่รู้จักคอลัมน์นี้ จะไม่ถูกนำเข้า", "unknown column; ignored",
                sheet=ws.title, row=h_idx + 1, column=_cell_text(v), value=v,
            )
        elif cols[j][0] == "unknown_indicator" and (
                problem := rules.indicators_problem([cols[j][1]], fw.known_codes())):
            report.error("unknown_indicator", problem.message_th, problem.message_en,
                         sheet=ws.title, row=h_idx + 1, column=_cell_text(v), value=v)
    seen_ind: dict[str, int] = {}
    for j, (kind, code) in cols.items():
        if kind == "indicator":
            if code in seen_ind:
                report.error(
                    "duplicate_column",
                    f"ตัวชี้วัด {code} มีสองคอลัมน์ (คอลัมน์ {get_column_letter(seen_ind[code] + 1)} และ "
                    f"{get_column_letter(j + 1)})",
                    f"indicator {code} appears in two columns",
                    sheet=ws.title, row=h_idx + 1, column=_cell_text(rows[h_idx][j]),
                )
            else:
                seen_ind[code] = j
    if "agency" not in kinds and not default_agency:
        report.error(
            "no_agency",
            "ไม่มีคอลัมน์ 'หน่วยงาน': เพิ่มคอลัมน์นี้ในไฟล์ หรือระบุชื่อหน่วยงานของทั้งตาราง "
            "(ช่องชื่อหน่วยงานในหน้า 'ข้อมูล' หรือ --agency ในคำสั่ง)",
            "no agency column: add one, or name the table's agency (the data page's box, or --agency)",
            sheet=ws.title, row=h_idx + 1,
        )
        return True
    score_cols = {j: kc for j, kc in cols.items() if kc[0] in {"indicator", "tool", "total"}}
    # The headers as typed, so that problems found later (ita.core.checks) name the user's column.
    result_headers = {
        (code if kind == "tool" else kind): _cell_text(rows[h_idx][j])
        for j, (kind, code) in cols.items()
        if kind in {"agency", "year", "tool", "total", "level"}
    }
    for r_no, row in enumerate(rows[h_idx + 1 :], start=h_idx + 2):
        cell = {j: (row[j] if j < len(row) else None) for j in cols}
        if all(_is_blank(v) for v in row):
            continue
        has_scores = any(not _is_blank(cell[j]) for j in score_cols) or any(
            not _is_blank(cell[j]) for j, kc in cols.items() if kc[0] == "level"
        )
        year_cells = [cell[j] for j, kc in cols.items() if kc[0] == "year"]
        if not has_scores:
            # A note or a caption below the table ("ที่มา: …"): nothing to import.
            continue
        where = {"sheet": ws.title, "row": r_no}
        agency_val = next((cell[j] for j, kc in cols.items() if kc[0] == "agency"), None)
        agency = _cell_text(agency_val) or (default_agency or "")
        ok = True
        if not agency:
            report.error("required", "ต้องกรอกชื่อหน่วยงาน", "agency is required", column="หน่วยงาน", **where)
            ok = False
        year = None
        try:
            year = thai.parse_year(year_cells[0]) if year_cells and not _is_blank(year_cells[0]) else None
        except thai.ThaiParseError as exc:
            report.error("bad_value", exc.message_th, exc.message_en, column="ปีงบประมาณ",
                         value=year_cells[0], **where)
            ok = False
        else:
            if year is None:
                report.error("required", "ต้องกรอกปีงบประมาณ", "fiscal year is required",
                             column="ปีงบประมาณ", **where)
                ok = False
        result: dict[str, Any] = {
            "agency": agency, "year": year, "_sheet": ws.title, "_row": r_no, "_headers": result_headers,
        }
        scores: list[dict[str, Any]] = []
        for j, (kind, code) in cols.items():
            header_text = _cell_text(rows[h_idx][j])
            value = cell[j]
            if kind in {"indicator", "tool", "total"}:
                if kind == "indicator" and seen_ind.get(code) != j:
                    continue
                try:
                    number = _convert(Column("score", header_text, "score"), value, fw)
                except thai.ThaiParseError as exc:
                    report.error("bad_value", exc.message_th, exc.message_en, column=header_text,
                                 value=value, **where)
                    continue
                if number is None:
                    continue
                if kind == "indicator":
                    scores.append({"agency": agency, "year": year, "indicator": code, "score": number,
                                   "_sheet": ws.title, "_row": r_no,
                                   "_headers": {**result_headers, "indicator": header_text,
                                                "score": header_text}})
                else:
                    result[code if kind == "tool" else "total"] = number
            elif kind in {"level", "source", "note"}:
                result[kind] = _cell_text(value)
        if not ok:
            continue
        source = result.get("source") or f"นำเข้าจากชีต '{ws.title}' แถว {r_no}"
        result["source"] = source
        for s in scores:
            s["source"] = source
        records["results"].append(result)
        records["indicator_scores"].extend(scores)
    return True


def read_workbook(
    source: Source,
    fw: Framework | None = None,
    *,
    default_agency: str | None = None,
    max_bytes: int | None = None,
) -> ReadResult:
    """Returns the dataset and the validation report of a workbook in either layout.

    Raises WorkbookError only when the file cannot be read at all.
    """
    fw = fw or load_framework()
    wb, name = open_workbook(source, max_bytes)
    report = Report()
    records: dict[str, list[dict[str, Any]]] = {t.key: [] for t in TABLES}
    template_sheets = [ws for ws in wb.worksheets if ws.title in TABLES_BY_SHEET]
    headers: list[tuple[str, int]] = []
    layout: Literal["template", "wide", "none"]
    if template_sheets:
        layout = "template"
        for ws in template_sheets:
            _read_template_sheet(ws, TABLES_BY_SHEET[ws.title], fw, report, records, headers)
    else:
        layout = "wide"
        read_any = False
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            if _read_wide_sheet(ws, fw, report, records, default_agency, headers):
                read_any = True
        if not read_any:
            layout = "none"
            report.error(
                "no_table",
                "ไม่พบตารางคะแนนในไฟล์: ต้องมีชีตตามแม่แบบ หรือแถวหัวตารางที่มี 'ปีงบประมาณ' และ"
                " 'คะแนนรวม' หรือ 'ตัวชี้วัดที่ 1'…",
                "no score table found: use the template sheets, or a header row with a fiscal-year"
                " column and a total or indicator columns",
            )
    wb.close()
    if layout != "none" and report.ok and not any(records.values()):
        _no_rows(report, headers or [(ws.title, 0) for ws in template_sheets])
    frames = {
        t.key: _with_meta(frame_from_records(t, records[t.key]), records[t.key]) for t in TABLES
    }
    if layout == "wide":
        # A wide file names its agencies and nothing else about them: the rows carry the name only,
        # and the store keeps what it knows of an agency (kind, province, the fictional mark) and
        # treats a new one as real (ita.storage.store: a blank cell never erases).
        agencies = list(dict.fromkeys(r["agency"] for r in records["results"]))
        frames["agencies"] = _with_meta(frame_from_records(TABLES[0], [{"agency": a} for a in agencies]), [])
    check_tables(frames, fw, report)
    dataset = Dataset({k: f.drop(columns=META_COLUMNS) for k, f in frames.items()})
    return ReadResult(dataset, report, layout, name, frames)


# A warning, not an error: the empty template the app offers for download must still read as a
# valid file. The warning says why nothing will be imported.
NO_ROWS_SEVERITY: Literal["error", "warning"] = "warning"


def _no_rows(report: Report, headers: list[tuple[str, int]]) -> None:
    """Adds the problem 'a header row but no data rows' naming the sheet (or the sheets)."""
    if len(headers) == 1:
        sheet, row = headers[0]
        report.add(
            NO_ROWS_SEVERITY, "no_rows",
            f"ชีต '{sheet}' มีแถวหัวตารางแต่ไม่มีแถวข้อมูล จึงไม่มีข้อมูลให้นำเข้า",
            f"sheet '{sheet}' has a header row but no data rows; nothing to import",
            sheet=sheet, row=row or None,
        )
        return
    names = ", ".join(f"'{s}'" for s, _ in headers)
    report.add(
        NO_ROWS_SEVERITY, "no_rows",
        f"ทุกชีตในไฟล์ ({names}) มีแต่แถวหัวตาราง ไม่มีแถวข้อมูล จึงไม่มีข้อมูลให้นำเข้า",
        f"every sheet ({names}) has a header row but no data rows; nothing to import",
    )


META_COLUMNS = ["_sheet", "_row", "_headers"]


def _with_meta(df: Any, recs: list[dict[str, Any]]) -> Any:
    """Returns df with where each row came from (sheet, Excel row, headers as typed) for ita.core.checks."""
    df = df.copy()
    df["_sheet"] = [r.get("_sheet", "") for r in recs] if recs else [""] * len(df)
    df["_row"] = [r.get("_row") for r in recs] if recs else [None] * len(df)
    df["_headers"] = [r.get("_headers") for r in recs] if recs else [None] * len(df)
    return df


# ---------------------------------------------------------------------------------------------
# Writing the template

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
FICTION_FILL = PatternFill("solid", fgColor="FCE4D6")


def write_text_cell(cell: Any, text: str) -> None:
    """Writes user text as text: a leading =, +, - or @ never becomes a formula."""
    # Text pasted from Word or a PDF can hold control characters that XML cannot store; openpyxl
    # then raises IllegalCharacterError and the whole export fails. The one sanitiser takes them out
    # (Word's manual line and page breaks become line breaks).
    cell.value = xml_text(text)
    cell.data_type = "s"


def _lists(ds: Dataset, fw: Framework) -> dict[str, list[str]]:
    codes = sorted(fw.known_codes(), key=lambda c: [int(x) for x in c.split(".")])
    lists: dict[str, list[str]] = {"indicator": codes}
    for t in TABLES:
        for c in t.columns:
            if c.choices:
                lists[f"{t.key}.{c.key}"] = list(c.choices)
    return lists


def write_workbook(ds: Dataset, fw: Framework | None = None, *, title: str = "ข้อมูลผลการประเมิน ITA") -> bytes:
    """Returns the bytes of a workbook in the app's template holding the dataset.

    The first sheet explains the file and, when any agency is fictional, says so in red.
    """
    fw = fw or load_framework()
    wb = openpyxl.Workbook()
    info = wb.active
    info.title = INFO_SHEET
    _write_info(info, ds, title)
    lists = _lists(ds, fw)
    list_ws = wb.create_sheet(LISTS_SHEET)
    refs: dict[str, str] = {}
    for j, (key, values) in enumerate(lists.items(), start=1):
        write_text_cell(list_ws.cell(1, j), key)
        for i, v in enumerate(values, start=2):
            write_text_cell(list_ws.cell(i, j), v)
        letter = get_column_letter(j)
        refs[key] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
    list_ws.sheet_state = "hidden"
    for table in TABLES:
        ws = wb.create_sheet(table.sheet)
        _write_table(ws, table, ds[table.key], refs)
    # Keep the hidden lists sheet last so the visible order is the template's.
    wb.move_sheet(list_ws, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(LISTS_SHEET))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _write_info(ws: Worksheet, ds: Dataset, title: str) -> None:
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 90
    # The title holds the agency's name: it goes through the safe writer like every other text.
    write_text_cell(ws["A1"], title)
    ws["A1"].font = Font(bold=True, size=14)
    row = 3
    fictional = [a for a in ds.agencies() if ds.is_fictional(a)]
    if fictional:
        write_text_cell(ws.cell(row, 1), "ข้อมูลสมมุติ")
        write_text_cell(
            ws.cell(row, 2),
            "ไฟล์นี้มีข้อมูลสมมุติเพื่อการสาธิต ไม่ใช่ผลการประเมินจริง: " + ", ".join(fictional),
        )
        for c in (ws.cell(row, 1), ws.cell(row, 2)):
            c.font = Font(bold=True, color="C00000")
            c.fill = FICTION_FILL
        row += 2
    write_text_cell(ws.cell(row, 1), "ชีต")
    write_text_cell(ws.cell(row, 2), "เนื้อหา")
    ws.cell(row, 1).font = ws.cell(row, 2).font = Font(bold=True)
    for t in TABLES:
        row += 1
        write_text_cell(ws.cell(row, 1), t.sheet)
        write_text_cell(ws.cell(row, 2), f"{t.description} ({t.title_en})")
    row += 2
    notes = [
        "ปีงบประมาณใช้ พ.ศ. (ใส่ ค.ศ. ได้ ระบบจะแปลงให้) ตัวเลขไทยหรืออารบิกก็ได้",
        f"{rules.SCORE_RULE_TH} ช่องว่างหมายถึงไม่ทราบ ห้ามใส่ 0 แทนค่าที่ไม่ทราบ",
        "ทุกแถวควรระบุแหล่งที่มา เพื่อให้ตรวจสอบตัวเลขได้",
    ]
    for n in notes:
        write_text_cell(ws.cell(row, 1), "หมายเหตุ")
        write_text_cell(ws.cell(row, 2), n)
        row += 1


def _write_table(ws: Worksheet, table: Table, df: Any, refs: dict[str, str]) -> None:
    for j, col in enumerate(table.columns, start=1):
        cell = ws.cell(1, j)
        write_text_cell(cell, col.header)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(j)].width = col.width
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, rec in enumerate(df.to_dict("records"), start=2):
        for j, col in enumerate(table.columns, start=1):
            _write_value(ws.cell(i, j), col, rec[col.key], wrap)
    ws.freeze_panes = "A2"
    last_row = max(len(df) + 1, 1000)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{max(len(df) + 1, 2)}"
    for j, col in enumerate(table.columns, start=1):
        letter = get_column_letter(j)
        rng = f"{letter}2:{letter}{last_row}"
        dv: DataValidation | None = None
        if col.choices:
            dv = DataValidation(type="list", formula1=refs[f"{table.key}.{col.key}"], allow_blank=True)
            dv.error = f"เลือกจากรายการ: {', '.join(col.choices)}"
        elif col.key == "indicator":
            dv = DataValidation(type="list", formula1=refs["indicator"], allow_blank=True)
            dv.errorStyle = "warning"
            dv.error = "ใช้ตัวชี้วัด 1–10 หรือตัวชี้วัดย่อย เช่น 9.1"
        elif col.kind == "score":
            dv = DataValidation(type="decimal", operator="between", formula1=f"{rules.SCORE_MIN:g}",
                                formula2=f"{rules.SCORE_MAX:g}", allow_blank=True)
            dv.errorStyle = "warning"
            dv.error = rules.SCORE_RULE_TH
        if dv is not None:
            dv.showErrorMessage = True
            dv.errorTitle = col.header
            ws.add_data_validation(dv)
            dv.add(rng)


def _write_value(cell: Any, col: Column, value: Any, wrap: Alignment) -> None:
    if value is None or (isinstance(value, float) and value != value):
        return
    if col.kind == "score":
        cell.value = float(value)
        cell.number_format = "0.00"
    elif col.kind in {"year", "int"}:
        if value is not None and str(value) not in {"<NA>", "nan"}:
            cell.value = int(value)
    elif col.kind == "date":
        if value:
            cell.value = date.fromisoformat(str(value))
            cell.number_format = "yyyy-mm-dd"
    else:
        if value == "":
            return
        write_text_cell(cell, str(value))
        if col.width >= 30 or "\n" in str(value):
            cell.alignment = wrap


def template_bytes(fw: Framework | None = None) -> bytes:
    """Returns an empty workbook in the app's template (for download)."""
    return write_workbook(Dataset(), fw, title="แม่แบบข้อมูลผลการประเมิน ITA (ว่าง)")


def read_many(
    sources: Iterable[Source], fw: Framework | None = None, *, default_agency: str | None = None
) -> tuple[Dataset, Report, list[str]]:
    """Returns the merged dataset and report of several workbooks. A file that cannot be read
    becomes one error in the report (sheet = the file's name) instead of stopping the rest.

    A row whose key (the table's unique columns: agency and year of a result, agency, year and
    number of a measure, …) is in more than one file with other values is an error naming both
    files (which value a command used would be an accident of the order of the files). A row
    repeated in several files (its source aside) is kept once, with the first file's source."""
    fw = fw or load_framework()
    ds = Dataset()
    report = Report()
    names: list[str] = []
    read: list[tuple[str, dict[str, Any]]] = []
    for src in sources:
        try:
            res = read_workbook(src, fw, default_agency=default_agency)
        except WorkbookError as exc:
            report.error("unreadable", exc.message_th, exc.message_en, sheet=exc.name)
            continue
        names.append(res.name)
        read.append((res.name, res.frames))
        ds = ds.merged(res.dataset)
        for p in res.report.problems:
            report.problems.append(p if not p.sheet else _prefix(p, res.name))
    check_across_files(read, report)
    if len(read) > 1:
        ds = Dataset({t.key: ds[t.key].drop_duplicates(subset=fact_columns(ds[t.key]) or None, ignore_index=True)
                      for t in TABLES})
    return ds, report, names


def _prefix(p: Any, name: str) -> Any:
    from dataclasses import replace

    return replace(p, sheet=f"{name} › {p.sheet}")
