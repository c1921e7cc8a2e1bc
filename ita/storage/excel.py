"""Excel in and out: the app's own template (one sheet per table) and the wide layout people
type from NACC reports (one row per agency and year).

Reading is in two steps. `open_workbook` refuses a file that cannot be read at all (not a
workbook, empty, truncated, password-protected, too large, an XML or zip bomb, a cell or merged
range beyond the limits below) with one WorkbookError carrying a Thai and an English message;
it checks the package (ita.storage.xlsx_check) before python-calamine reads any value, so reading
is bounded by the limits whatever the file declares. `read_workbook` then checks every cell and
collects every problem into a Report instead of stopping at the first. openpyxl only writes.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO, Literal

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from ita.core import rules, thai
from ita.core.checks import check_across_files, check_tables, fact_columns
from ita.core.framework import TOOLS, Framework, load_framework
from ita.core.model import Dataset, empty_frame, normalise_frame
from ita.core.sanitise import xml_text
from ita.core.schema import (
    INDICATOR_SEP,
    INFO_SHEET,
    LISTS_SHEET,
    NO,
    TABLES,
    TABLES_BY_KEY,
    TABLES_BY_SHEET,
    YES,
    Column,
    Table,
)
from ita.core.validation import Report
from ita.storage.xlsx_check import (
    OLE_MAGIC,
    Limits,
    SheetFacts,
    WorkbookError,
    check_package,
)

__all__ = ["OLE_MAGIC", "WorkbookError"]  # re-exported: the reader's callers import them from here

DEFAULT_MAX_MB = 20.0
# What a workbook may hold, checked before anything is allocated (ita.storage.xlsx_check). Each is
# far above what a real file of this app holds and far below what would hurt the server.
# Uncompressed size of all parts: a 100,000-row wide sheet as openpyxl writes it is 71 MB, a
# national results file (41,585 rows) 30 MB.
MAX_UNCOMPRESSED = 160 * 1024 * 1024
# Rows and columns of any cell: a national results file has 41,586 rows and the widest layout
# (indicators, sub-indicators, tools) about 40 columns; Excel's own 1,048,576 rows would let a
# 5 KB file claim gigabytes.
MAX_ROWS = 200_000
MAX_COLUMNS = 256
# The value reader holds a sheet as one rectangle from A1 to its farthest cell, 32 bytes a cell:
# 5,000,000 cells is 160 MB.
MAX_SHEET_CELLS = 5_000_000
# Merged ranges per sheet, and the cells they cover together (overlapping ones count again): a
# national file that merges each agency's name over its five years has 8,317 ranges.
MAX_MERGES = 50_000
MAX_MERGED_CELLS = 1_000_000
MAX_SHEETS = 200
MAX_PARTS = 10_000
# A sheet whose cells do not carry their position (unusual, but valid XML) is checked tag by tag
# at about 1.4 µs a tag: 3,000,000 tags (about 70,000 rows of 14 columns) take some 4 s.
MAX_UNPOSITIONED_TAGS = 3_000_000
# The text a sheet's cells show from the shared strings, counted once per cell: the value reader
# copies a shared string for every cell that shows it. A national file saved by Excel shows 5 MB.
MAX_CELL_TEXT = 64 * 1024 * 1024

Source = str | os.PathLike[str] | bytes | BinaryIO


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
        try:
            size = path.stat().st_size
            if size > limit:
                raise _too_large(size, limit, name)
            data = path.read_bytes()
        except OSError as exc:
            raise WorkbookError(
                "เปิดไฟล์ไม่ได้ (อาจไม่มีสิทธิ์อ่าน หรือไฟล์ถูกโปรแกรมอื่นใช้อยู่)",
                f"cannot open the file: {exc.strerror or exc.__class__.__name__}",
                name,
            ) from None
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


def limits() -> Limits:
    """Returns the reader's limits (the module's constants, read at each call)."""
    return Limits(
        uncompressed=MAX_UNCOMPRESSED, rows=MAX_ROWS, columns=MAX_COLUMNS, sheet_cells=MAX_SHEET_CELLS,
        merges=MAX_MERGES, merged_cells=MAX_MERGED_CELLS, sheets=MAX_SHEETS, parts=MAX_PARTS,
        unpositioned_tags=MAX_UNPOSITIONED_TAGS, cell_text=MAX_CELL_TEXT,
    )


def check_container(data: bytes, name: str = "") -> list[tuple[str, SheetFacts | None]]:
    """Returns the sheets of a safe .xlsx package (name, what the check learnt of it) in workbook
    order; raises WorkbookError for anything else."""
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
    return check_package(data, name, limits()).sheets


def _unreadable(name: str, exc: BaseException) -> WorkbookError:
    return WorkbookError(
        "อ่านไฟล์ Excel ไม่ได้ ไฟล์อาจเสียหายหรือไม่ใช่รูปแบบ .xlsx",
        f"cannot read the workbook: {exc.__class__.__name__}: {exc}"[:300],
        name,
    )


@dataclass
class Sheet:
    """One worksheet of an opened workbook: its title, whether it is shown, and its rows."""

    title: str
    visible: bool
    facts: SheetFacts
    book: Any = field(repr=False)
    index: int
    name: str  # the file's display name, for errors

    def rows(self, whole_numbers: bool = True) -> Iterator[tuple[int, list[Any]]]:
        """Yields (Excel row number, values) of each row holding a value, in order; a row's list is
        indexed by column (0 = A). A number in a percentage format is a Percent, an error value
        its text ('#N/A'), and a merged range gives its top-left value down its first column.
        The reader gives every number as a float: with `whole_numbers`, a whole one is an int, as
        typed (a problem shows '101', not '101.0'); a caller reading many rows converts only what it shows."""
        return _sheet_rows(self, whole_numbers)


@dataclass
class Workbook:
    """An opened workbook: its worksheets (chart sheets left out), in workbook order."""

    worksheets: list[Sheet]
    book: Any = field(repr=False)

    def close(self) -> None:
        """Frees the reader's memory (its sheets can no longer be read); closing twice is fine."""
        try:
            self.book.close()
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # noqa: BLE001 - already closed, or the reader failed: nothing left to free
            pass


def open_workbook(source: Source, max_bytes: int | None = None) -> tuple[Workbook, str]:
    """Returns (the opened workbook, display name) or raises WorkbookError."""
    data, name = read_source(source, max_bytes)
    checked = check_container(data, name)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        meta = book.sheets_metadata
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - the reader's errors, and a panic of its Rust core, are one message
        raise _unreadable(name, exc) from None
    if [m.name for m in meta] != [n for n, _ in checked]:
        # The check and the reader must speak of the same sheets, or the limits checked another file.
        raise _unreadable(name, ValueError("the sheets listed differ from those checked"))
    sheets = [
        Sheet(m.name, m.visible == SheetVisibleEnum.Visible, facts, book, i, name)
        for i, (m, (_, facts)) in enumerate(zip(meta, checked, strict=True))
        if m.typ == SheetTypeEnum.WorkSheet and facts is not None
    ]
    return Workbook(sheets, book), name


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


def _sheet_rows(sheet: Sheet, whole_numbers: bool) -> Iterator[tuple[int, list[Any]]]:
    """Yields the sheet's rows holding a value (see Sheet.rows), streamed from the value reader."""
    facts = sheet.facts
    try:
        data = sheet.book.get_sheet_by_index(sheet.index)
        start = data.start
        merges = data.merged_cell_ranges if facts.merges else None
        values = iter(data.iter_rows())
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - see open_workbook
        raise _unreadable(sheet.name, exc) from None
    # A merged range fills its first column with its top-left value (typed sheets merge the agency
    # or year cell over several rows). A note merged across the table ("ที่มา: …" over A20:N20) must
    # stay one cell: copied into every column it would become a year and ten scores to read.
    pending = sorted(
        ((r0 + 1, c0, r1 + 1, i) for i, ((r0, c0), (r1, _)) in enumerate(merges or [])), reverse=True
    )
    active: list[tuple[int, int, int, Any]] = []  # (order, column, last row, top value)
    errors: dict[int, list[tuple[int, str]]] = {}
    for (r, c), text in facts.errors.items():
        errors.setdefault(r, []).append((c, text))
    first_row, first_col = start if start is not None else (0, 0)
    row_no = first_row
    while True:
        try:
            row = next(values, None)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # noqa: BLE001 - see open_workbook
            raise _unreadable(sheet.name, exc) from None
        if row is None:
            # Past the last row holding a value, only a merged range reaching further adds rows.
            pending = []
            active = [a for a in active if not _is_blank(a[3])]
            if not active:
                return
            row = []
        row_no += 1
        if whole_numbers:
            row = [int(v) if type(v) is float and v.is_integer() else v for v in row]
        if first_col:
            row = [None] * first_col + row
        if facts.percent and row_no in facts.percent:
            for c in facts.percent[row_no]:
                v = row[c - 1] if c <= len(row) else None
                if isinstance(v, int | float) and not isinstance(v, bool):
                    row[c - 1] = Percent(v)
        for c, text in errors.get(row_no, ()):
            row.extend([None] * (c - len(row)))
            row[c - 1] = text
        if pending or active:
            while pending and pending[-1][0] <= row_no:
                top_row, col, last, order = pending.pop()
                top = row[col] if top_row == row_no and col < len(row) else None
                active.append((order, col, last, top))
                active.sort()
            for _, col, _, top in active:
                if not _is_blank(top):
                    row.extend([None] * (col + 1 - len(row)))
                    row[col] = top
            active = [a for a in active if a[2] > row_no]
        for v in row:  # _is_blank inlined: it runs for every cell of a national file
            if v is not None and (type(v) is not str or v.strip()):
                yield row_no, row
                break


class _Collected:
    """The rows read for one table, column by column (a national file has 415,850 indicator
    scores: a dict per row would cost hundreds of MB), with where each came from (META_COLUMNS):
    rows appended one by one (template sheets), or blocks of columns (a wide sheet's numpy arrays)."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.keys = [c.key for c in table.columns] + META_COLUMNS
        self.rows: dict[str, list[Any]] = {k: [] for k in self.keys}
        self.blocks: list[dict[str, Any]] = []

    def append(self, rec: dict[str, Any]) -> None:
        for key, values in self.rows.items():
            values.append(rec.get(key))

    def extend(self, block: dict[str, Any]) -> None:
        self.blocks.append(block)

    def __len__(self) -> int:
        return len(self.rows["_row"]) + sum(len(b["_row"]) for b in self.blocks)

    def column(self, key: str) -> Any:
        """Returns one column: a numpy array when every block holds one, else a list."""
        parts = ([self.rows[key]] if self.rows[key] else []) + [b[key] for b in self.blocks]
        if parts and all(isinstance(p, np.ndarray) for p in parts):
            return np.concatenate(parts)
        return [v for p in parts for v in (p.tolist() if isinstance(p, np.ndarray) else p)]

    def frame(self) -> Any:
        """Returns the typed frame of the table with META_COLUMNS."""
        if not len(self):
            df = empty_frame(self.table)
            for key in META_COLUMNS:
                df[key] = pd.Series([], dtype=object)
            return df
        # Text as Python objects from the start: pandas would copy each value into an Arrow column and
        # back (a national file's agency name once per indicator score: 108 MB).
        df = normalise_frame(self.table, pd.DataFrame({
            c.key: self.column(c.key) if c.kind in {"score", "year", "int"}
            else pd.Series(self.column(c.key), dtype=object)
            for c in self.table.columns
        }))
        df["_sheet"] = pd.Series(self.column("_sheet"), dtype=object)
        df["_row"] = self.column("_row")
        df["_headers"] = pd.Series(self.column("_headers"), dtype=object)
        return df


Records = dict[str, _Collected]


Header = tuple[int, list[Any], dict[int, Any]]  # (Excel row, its values, {column index: recognised key})
Rows = Iterator[tuple[int, list[Any]]]  # (Excel row, its values)


def _find_header(
    sheet: Sheet, match: Any, scan: int = 30, whole_numbers: bool = True
) -> tuple[Header | None, Rows, bool]:
    """Returns the row among the first `scan` that names the most known columns (or None), the rows
    below it, and whether the sheet holds any value at all. Only the first `scan` rows are held."""
    rows = sheet.rows(whole_numbers)
    head: list[tuple[int, list[Any]]] = []
    after: list[tuple[int, list[Any]]] = []
    for row_no, row in rows:
        if row_no > scan:
            after.append((row_no, row))
            break
        head.append((row_no, row))
    best: Header | None = None
    best_rank = 0
    for row_no, row in head:
        found = {j: m for j, v in enumerate(row) if not _is_blank(v) and (m := match(v)) is not None}
        # Only recognised columns rank a row. In a wide sheet every score of a data row (93.55,
        # "๘๘.๕๘") also looks like an indicator number, unknown but matched; counting those let
        # a data row with a few extra numeric columns outrank the real header.
        rank = sum(1 for m in found.values() if not (isinstance(m, tuple) and m[0] == "unknown_indicator"))
        if rank and rank > best_rank:
            best, best_rank = (row_no, row, found), rank

    def below() -> Rows:
        if best is not None:
            yield from (r for r in head if r[0] > best[0])
            yield from after
            yield from rows

    return best, below(), bool(head or after)


def _template_header_matcher(table: Table) -> Any:
    lookup = {_norm_header(c.header): c.key for c in table.columns}
    lookup.update({_norm_header(c.key): c.key for c in table.columns})
    return lambda v: lookup.get(_norm_header(v))


def _read_template_sheet(
    ws: Sheet,
    table: Table,
    fw: Framework,
    report: Report,
    records: Records,
    headers: list[tuple[str, int]],
) -> None:
    """Reads one template sheet; appends (sheet, Excel row) of its header row to `headers`."""
    header, rows, any_value = _find_header(ws, _template_header_matcher(table), scan=10)
    if header is None:
        if any_value:
            report.error(
                "no_header",
                "ไม่พบแถวหัวตารางตามแม่แบบ",
                "no template header row found",
                sheet=ws.title,
            )
        return
    h_row, h_values, cols = header
    headers.append((ws.title, h_row))
    missing = [c.header for c in table.columns if c.required and c.key not in cols.values()]
    for m in missing:
        report.error(
            "missing_column", f"ไม่มีคอลัมน์ที่จำเป็น '{m}'", f"required column '{m}' is missing",
            sheet=ws.title, row=h_row, column=m,
        )
    if missing:
        return
    for j, v in enumerate(h_values):
        if not _is_blank(v) and j not in cols:
            report.warning(
                "unknown_column",
                "คอลัมน์นี้ไม่อยู่ในแม่แบบ จะไม่ถูกนำเข้า",
                "column not in the template; ignored",
                sheet=ws.title,
                row=h_row,
                column=_cell_text(v),
                value=v,
            )
    id_keys = set(table.unique) | {c.key for c in table.columns if c.required}
    for r_off, row in rows:
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
# The agency's attributes (ita.core.schema.AGENCY_ATTRIBUTES) and its fictional mark: per agency, so the same
# in every row of one agency (a blank cell says nothing).
_ATTRIBUTES = {
    "kind": {"ประเภทหน่วยงาน", "ประเภท อปท.", "type", "agency type"},
    "size": {"ขนาด", "ขนาดหน่วยงาน", "size", "size group"},
    "province": {"จังหวัด", "province"},
    "district": {"อำเภอ", "district"},
    "ministry": {"กระทรวง", "สังกัดกระทรวง", "ministry"},
    "fictional": {"ข้อมูลสมมุติ", "fictional"},
}


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
            ("source", _SOURCE), ("note", _NOTE), *_ATTRIBUTES.items(),
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
    ws: Sheet,
    fw: Framework,
    report: Report,
    records: Records,
    default_agency: str | None,
    headers: list[tuple[str, int]],
) -> bool:
    """Reads one wide-layout sheet; returns False when the sheet has no recognisable header.
    Appends (sheet, Excel row) of a score table's header row to `headers`."""
    header, rows, _ = _find_header(ws, _wide_matcher(fw), whole_numbers=False)
    if header is None:
        return False
    h_row, h_values, cols = header
    h_values = [_whole(v) for v in h_values]
    kinds = {k for k, _ in cols.values()}
    if not kinds & {"indicator", "total", "tool", "unknown_indicator"}:
        return False
    headers.append((ws.title, h_row))
    if "year" not in kinds:
        # A header with score columns but no year is a score table with a missing column, not
        # "no table found": say which column is missing and where.
        if sum(k in {"indicator", "total", "tool"} for k, _ in cols.values()) < 2:
            return False
        report.error(
            "missing_column",
            "ไม่มีคอลัมน์ที่จำเป็น 'ปีงบประมาณ' (หรือ 'ปี')",
            "required column 'ปีงบประมาณ' (fiscal year) is missing",
            sheet=ws.title, row=h_row, column="ปีงบประมาณ",
        )
        return True
    for j, v in enumerate(h_values):
        if _is_blank(v):
            continue
        if j not in cols:
            report.warning(
                "unknown_column", "ไม่รู้จักคอลัมน์นี้ จะไม่ถูกนำเข้า", "unknown column; ignored",
                sheet=ws.title, row=h_row, column=_cell_text(v), value=v,
            )
        elif cols[j][0] == "unknown_indicator" and (
                problem := rules.indicators_problem([cols[j][1]], fw.known_codes())):
            report.error("unknown_indicator", problem.message_th, problem.message_en,
                         sheet=ws.title, row=h_row, column=_cell_text(v), value=v)
    seen_ind: dict[str, int] = {}
    for j, (kind, code) in cols.items():
        if kind == "indicator":
            if code in seen_ind:
                report.error(
                    "duplicate_column",
                    f"ตัวชี้วัด {code} มีสองคอลัมน์ (คอลัมน์ {get_column_letter(seen_ind[code] + 1)} และ "
                    f"{get_column_letter(j + 1)})",
                    f"indicator {code} appears in two columns",
                    sheet=ws.title, row=h_row, column=_cell_text(h_values[j]),
                )
            else:
                seen_ind[code] = j
    if "agency" not in kinds and not default_agency:
        report.error(
            "no_agency",
            "ไม่มีคอลัมน์ 'หน่วยงาน': เพิ่มคอลัมน์นี้ในไฟล์ หรือระบุชื่อหน่วยงานของทั้งตาราง "
            "(ช่องชื่อหน่วยงานในหน้า 'ข้อมูล' หรือ --agency ในคำสั่ง)",
            "no agency column: add one, or name the table's agency (the data page's box, or --agency)",
            sheet=ws.title, row=h_row,
        )
        return True
    score_cols = [j for j, kc in cols.items() if kc[0] in {"indicator", "tool", "total"}]
    level_cols = [j for j, kc in cols.items() if kc[0] == "level"]
    agency_col = next((j for j, kc in cols.items() if kc[0] == "agency"), None)
    year_col = next((j for j, kc in cols.items() if kc[0] == "year"), None)
    # The headers as typed, so that problems found later (ita.core.checks) name the user's column.
    result_headers = {
        (code if kind == "tool" else kind): _cell_text(h_values[j])
        for j, (kind, code) in cols.items()
        if kind in {"agency", "year", "tool", "total", "level", *_ATTRIBUTES}
    }
    # (column, where the number goes: an indicator code or a results column, header as typed, headers of
    # its indicator rows); a second column of one indicator is left out (reported above).
    numbers: list[tuple[int, str | None, str, str, dict[str, str]]] = []
    for j, (kind, code) in cols.items():
        header_text = _cell_text(h_values[j])
        if kind == "indicator" and seen_ind.get(code) == j:
            headers_of_score = {**result_headers, "indicator": header_text, "score": header_text}
            numbers.append((j, code, "", header_text, headers_of_score))
        elif kind in {"tool", "total"}:
            numbers.append((j, None, code if kind == "tool" else "total", header_text, result_headers))
    # A later column of one kind overwrites an earlier one, blank or not: only the last counts.
    texts = {kind: j for j, (kind, _) in cols.items() if kind in {"level", "source", "note", *_ATTRIBUTES}}
    width = max(cols) + 1
    # Row by row: which rows hold a table row, their agency, year and texts. The scores are then read
    # column by column, at numpy's speed when a column holds only numbers (a national file has
    # 415,850). Problems are kept with their place and added in row order, as they stand in the sheet.
    problems: list[Problem] = []
    pick_numbers = itemgetter(*[j for j, *_ in numbers]) if numbers else (lambda row: ())
    number_rows: list[Any] = []  # one tuple of a row's number cells, in the order of `numbers`
    places: list[int] = []
    agencies: list[str] = []
    years: list[int | None] = []
    ok_rows: list[bool] = []
    texts_of: dict[str, list[str]] = {kind: [] for kind in texts}
    keep_texts = [(texts_of[kind].append, j) for kind, j in texts.items()]
    known_years: dict[Any, int] = {}
    blank_unless = score_cols + level_cols
    keep_numbers, keep_place, keep_agency = number_rows.append, places.append, agencies.append
    keep_year, keep_ok = years.append, ok_rows.append
    # The loop runs once per row of a national file: _is_blank and _cell_text are inlined for text.
    for r_no, row in rows:
        if len(row) < width:
            row = row + [None] * (width - len(row))
        for j in blank_unless:
            value = row[j]
            if value is not None and (type(value) is not str or value.strip()):
                break
        else:
            # A note or a caption below the table ("ที่มา: …"): nothing to import.
            continue
        value = row[agency_col] if agency_col is not None else None
        agency = (value.strip() if type(value) is str else _cell_text(value)) or (default_agency or "")
        ok = True
        if not agency:
            problems.append((r_no, 0, "required", "ต้องกรอกชื่อหน่วยงาน", "agency is required", "หน่วยงาน", None))
            ok = False
        value = row[year_col] if year_col is not None else None
        year = known_years.get((type(value), value))  # only years read without a problem are kept
        if year is None:
            year_cell = _whole(value)
            if _is_blank(year_cell):
                problems.append(
                    (r_no, 1, "required", "ต้องกรอกปีงบประมาณ", "fiscal year is required", "ปีงบประมาณ", None)
                )
                ok = False
            else:
                try:
                    year = known_years[(type(value), value)] = thai.parse_year(year_cell)
                except thai.ThaiParseError as exc:
                    problems.append((r_no, 1, "bad_value", exc.message_th, exc.message_en, "ปีงบประมาณ", year_cell))
                    ok = False
        keep_numbers(pick_numbers(row))
        keep_place(r_no)
        keep_agency(agency)
        keep_year(year)
        keep_ok(ok)
        for keep, j in keep_texts:
            value = row[j]
            keep(value.strip() if type(value) is str else _cell_text(value))
    if len(numbers) == 1:
        number_rows = [(v,) for v in number_rows]  # itemgetter of one index gives the value, not a tuple
    columns = list(zip(*number_rows, strict=True)) if number_rows else [() for _ in numbers]
    del number_rows
    read = [
        _score_column(list(values), places, 2 + k, header_text, fw, problems)
        for k, (values, (_, _, _, header_text, _)) in enumerate(zip(columns, numbers, strict=True))
    ]
    del columns
    for r_no, _, code, th, en, column, value in sorted(problems, key=lambda p: (p[0], p[1])):
        report.error(code, th, en, sheet=ws.title, row=r_no, column=column, value=value)
    ok_at = np.flatnonzero(np.array(ok_rows, dtype=bool))
    if not len(ok_at):
        return True
    sources = np.array(
        [(texts_of["source"][i] if "source" in texts_of else "") or f"นำเข้าจากชีต '{ws.title}' แถว {places[i]}"
         for i in ok_at],
        dtype=object,
    )
    agency_of = np.array(agencies, dtype=object)[ok_at]
    year_of = np.array([years[i] for i in ok_at], dtype=np.int64)  # a kept row has its year
    place_of = np.array(places, dtype=np.int64)[ok_at]
    block: dict[str, Any] = {"agency": agency_of, "year": year_of, "source": sources}
    for key in ("IIT", "EIT", "OIT", "total"):
        # Two columns for one tool or total: the later one counts, as a later cell overwrote an earlier.
        merged = np.full(len(places), np.nan)
        for k, (_, code, into, _, _) in enumerate(numbers):
            if code is None and into == key:
                merged = np.where(np.isnan(read[k]), merged, read[k])
        block[key] = merged[ok_at]
    for key in ("level", "note"):
        block[key] = [texts_of[key][i] for i in ok_at] if key in texts_of else _repeat(None, len(ok_at))
    block["_sheet"] = _repeat(ws.title, len(ok_at))
    block["_row"] = place_of
    block["_headers"] = _repeat(result_headers, len(ok_at))
    records["results"].extend(block)
    attributes = [key for key in _ATTRIBUTES if key in texts_of]
    if attributes:
        # One row per table row; _read_sheets checks that an agency's rows agree and keeps one per agency.
        records["agencies"].extend({
            "agency": agency_of, **{key: np.array(texts_of[key], dtype=object)[ok_at] for key in attributes},
            "_sheet": _repeat(ws.title, len(ok_at)), "_row": place_of,
            "_headers": _repeat(result_headers, len(ok_at)),
        })
    indicator_at = [k for k, (_, code, _, _, _) in enumerate(numbers) if code is not None]
    if not indicator_at:
        return True
    grid = np.column_stack([read[k] for k in indicator_at])[ok_at]
    at_row, at_col = np.nonzero(~np.isnan(grid))  # row by row, then column by column, as the sheet reads
    codes = np.array([numbers[k][1] for k in indicator_at], dtype=object)
    score_headers = np.empty(len(indicator_at), dtype=object)
    score_headers[:] = [numbers[k][4] for k in indicator_at]
    records["indicator_scores"].extend({
        "agency": agency_of[at_row], "year": year_of[at_row], "indicator": codes[at_col],
        "score": grid[at_row, at_col], "source": sources[at_row],
        "_sheet": _repeat(ws.title, len(at_row)), "_row": place_of[at_row],
        "_headers": score_headers[at_col],
    })
    return True


def _repeat(value: Any, n: int) -> Any:
    """Returns an object array holding `value` n times, the one object (np.full copies a text into
    a new string per element: 34 MB for a national file's sheet name)."""
    out = np.empty(n, dtype=object)
    out.fill(value)
    return out


Problem = tuple[int, int, str, str, str, str, Any]  # (row, order in the row, code, Thai, English, column, value)


def _whole(value: Any) -> Any:
    """Returns a whole float as an int: the value reader gives every number as a float, and a
    problem shows the value as typed ('101', not '101.0')."""
    return int(value) if type(value) is float and value.is_integer() else value


def _score_column(
    values: list[Any], places: list[int], order: int, header: str, fw: Framework, problems: list[Problem]
) -> Any:
    """Returns the scores of one column as floats (NaN where blank or wrong), adding a problem for
    each value that is not a score 0–100."""
    kinds = set(map(type, values))
    if str in kinds:
        values = [None if v == "" else v for v in values]  # the value reader's empty cell
        kinds = set(map(type, values))
    slow: Iterable[int] = range(len(values))
    out = np.full(len(values), np.nan)
    if kinds <= {float, int, type(None)}:
        try:
            numbers = np.array(values, dtype=float)  # None is NaN: blank
        except OverflowError:
            pass
        else:
            inside = (numbers >= rules.SCORE_MIN) & (numbers <= rules.SCORE_MAX)
            out = np.where(inside, numbers, np.nan)
            slow = np.flatnonzero(~inside & ~np.isnan(numbers)).tolist()
    for i in slow:
        value = values[i]
        kind = type(value)
        if (kind is float or kind is int) and rules.SCORE_MIN <= value <= rules.SCORE_MAX:
            out[i] = value  # the common case, as _convert would read it
            continue
        value = _whole(value)
        try:
            number = _convert(_SCORE_COLUMN, value, fw)
        except thai.ThaiParseError as exc:
            problems.append((places[i], order, "bad_value", exc.message_th, exc.message_en, header, value))
            continue
        if number is not None:
            out[i] = number
    return out


_SCORE_COLUMN = Column("score", "score", "score")


def read_workbook(
    source: Source,
    fw: Framework | None = None,
    *,
    default_agency: str | None = None,
    max_bytes: int | None = None,
) -> ReadResult:
    """Returns the dataset and the validation report of a workbook in either layout.

    Raises WorkbookError only when the file cannot be read at all, and for any failure while reading
    it: the package check and the reader convert what they know; anything else still ends as one
    WorkbookError (its English message begins "unexpected"), never as another exception.
    """
    fw = fw or load_framework()
    name = Path(source).name if isinstance(source, str | os.PathLike) else getattr(source, "name", "(อัปโหลด)")
    try:
        return _read_workbook(source, fw, default_agency, max_bytes)
    except WorkbookError:
        raise
    except Exception as exc:  # noqa: BLE001 - the last resort: a file never ends in a traceback
        raise WorkbookError(
            "อ่านไฟล์นี้ไม่ได้ เกิดข้อผิดพลาดที่ไม่คาดคิดระหว่างอ่านไฟล์ กรุณาเปิดไฟล์ใน Excel แล้วบันทึกใหม่",
            f"unexpected {exc.__class__.__name__} while reading: {exc}"[:300],
            str(name),
        ) from None


def _read_workbook(source: Source, fw: Framework, default_agency: str | None, max_bytes: int | None) -> ReadResult:
    wb, name = open_workbook(source, max_bytes)
    try:
        return _read_sheets(wb, name, fw, default_agency)
    finally:
        wb.close()


def _read_sheets(wb: Workbook, name: str, fw: Framework, default_agency: str | None) -> ReadResult:
    report = Report()
    records: Records = {t.key: _Collected(t) for t in TABLES}
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
            if not ws.visible:
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
    if layout != "none" and report.ok and not any(len(c) for c in records.values()):
        _no_rows(report, headers or [(ws.title, 0) for ws in template_sheets])
    # A wide sheet's agencies rows hold only the attributes it has (_wide_agencies makes the frame).
    frames = {t.key: records[t.key].frame() for t in TABLES if not (layout == "wide" and t.key == "agencies")}
    if layout == "wide":
        # A wide file names its agencies and nothing else about them: the rows carry the name only,
        # and the store keeps what it knows of an agency (kind, province, the fictional mark) and
        # treats a new one as real (ita.storage.store: a blank cell never erases).
        frames["agencies"] = _wide_agencies(records, report)
    check_tables(frames, fw, report)
    dataset = Dataset.of_normal({k: f.drop(columns=META_COLUMNS) for k, f in frames.items()})
    return ReadResult(dataset, report, layout, name, frames)


def _wide_agencies(records: Records, report: Report) -> pd.DataFrame:
    """Returns the agencies frame of a wide file: one row per agency named, with the attributes its rows
    carry (the first non-blank value of each); a value that differs from it in another row of the same agency
    is an error at that row and column. Column by column, with pandas: a national file has 41,585 rows."""
    attrs = records["agencies"]
    names = np.array(list(dict.fromkeys(records["results"].column("agency"))), dtype=object)
    blank = {k: _repeat("" if k == "_sheet" else None, len(names)) for k in attrs.keys if k != "agency"}
    if not len(attrs):
        out = _Collected(TABLES_BY_KEY["agencies"])
        out.extend({"agency": names, **blank})
        return out.frame()
    rows = pd.DataFrame({k: attrs.column(k) for k in ["agency", *_ATTRIBUTES, *META_COLUMNS]
                         if k in attrs.blocks[0] or k == "agency"})
    present = [k for k in _ATTRIBUTES if k in rows]
    if "fictional" in rows:
        texts = pd.unique(rows["fictional"])  # a few distinct texts, normalised once each
        mark = rows["fictional"].map(dict(zip(texts, [_norm_header(v) if v else "" for v in texts], strict=True)))
        yes, no = {"ใช่", "yes", "y", "true", "1", "จริง"}, {"ไม่ใช่", "no", "n", "false", "0", "ไม่"}
        wrong = (mark != "") & ~mark.isin(yes | no)
        for i in rows.index[wrong]:  # only the rows in error
            header = (rows.at[i, "_headers"] or {}).get("fictional") or "ข้อมูลสมมุติ"
            report.error("bad_value", f"ต้องเป็น '{YES}' หรือ '{NO}'", f"must be '{YES}' or '{NO}'",
                         sheet=rows.at[i, "_sheet"], row=int(rows.at[i, "_row"]), column=header,
                         value=rows.at[i, "fictional"])
        rows["fictional"] = np.where(mark.isin(yes), YES, np.where(mark.isin(no), NO, ""))
    for key in present:
        given = rows[rows[key] != ""]
        by = given.groupby("agency", sort=False)
        differs = given[given[key] != by[key].transform("first")]
        if differs.empty:
            continue
        first = given.drop_duplicates("agency").set_index("agency")[key]
        firsts = given.drop_duplicates("agency").set_index("agency")["_row"]
        for i in differs.index:  # only the rows in error
            agency, value = rows.at[i, "agency"], rows.at[i, key]
            header = (rows.at[i, "_headers"] or {}).get(key) or TABLES_BY_KEY["agencies"].column(key).header
            report.error(
                "agency_attribute_differs",
                f"หน่วยงาน '{agency}' มี{header}ไม่ตรงกันระหว่างแถว: '{first[agency]}' (แถว {firsts[agency]}) "
                f"และ '{value}' ข้อมูลของหน่วยงานต้องเหมือนกันทุกแถว",
                f"agency '{agency}': {key} differs between rows ('{first[agency]}' in row {firsts[agency]}"
                f" and '{value}'); an agency's attributes must be the same in every row",
                sheet=rows.at[i, "_sheet"], row=int(rows.at[i, "_row"]), column=header, value=value,
            )
    kept = rows.replace("", np.nan).groupby("agency", sort=False).first()  # first non-blank per column
    kept = kept.reindex(names)
    out = _Collected(TABLES_BY_KEY["agencies"])
    out.extend({
        "agency": names,
        **{k: v for k, v in blank.items() if k not in present},
        **{k: kept[k].where(kept[k].notna(), None).to_numpy(dtype=object) for k in present},
        "_sheet": kept["_sheet"].fillna("").to_numpy(dtype=object) if "_sheet" in kept else blank["_sheet"],
        "_row": kept["_row"].to_numpy(dtype=object) if "_row" in kept else blank["_row"],
        "_headers": kept["_headers"].to_numpy(dtype=object) if "_headers" in kept else blank["_headers"],
    })
    return out.frame()


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
