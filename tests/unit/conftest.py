"""Shared fixtures: the framework, the bundled data and a store seeded with it; `actor`, the account a
test writes as; for the Excel import tests, a dataset with every table filled and builders that make
small workbooks in memory with openpyxl (never files in the repository).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ita.core.access import Account
from ita.core.framework import Framework, load_framework
from ita.core.model import Dataset
from ita.storage.bundled import load_bundled
from ita.storage.excel import write_workbook
from ita.storage.store import Store

# Formula-like user text: each must come back as text, never as a formula or a number.
FORMULA_LIKE = ("=SUM(A1:A3)", "+66 53 123 456", "-ปรับปรุงเว็บไซต์", "@ผู้ดูแล", '=HYPERLINK("http://x","y")')


def actor(name: str = "ผู้ทดสอบ", role: str = "admin", **grants: Any) -> Account:
    """Returns the account a test writes as: `name` is its username and display name, so its label
    (what the history and a progress entry's author record) is `name` itself. An admin by default, so
    nothing is refused; `grants` are the other Account fields (agencies, units and areas as iterables).
    Test modules import it: `from tests.unit.conftest import actor`."""
    for key in ("agencies", "units", "areas"):
        if key in grants:
            grants[key] = frozenset(grants[key])
    return Account(username=name, display=name, role=role, **grants)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def formula_like() -> tuple[str, ...]:
    """Returns the formula-like texts that `full_dataset` holds."""
    return FORMULA_LIKE


@pytest.fixture(scope="session")
def fw() -> Framework:
    return load_framework()


@pytest.fixture(scope="session")
def bundled() -> Dataset:
    """Returns the bundled workbooks of data/ as one dataset (they read without an error)."""
    ds, report = load_bundled()
    assert report.ok
    return ds


@pytest.fixture
def store(tmp_path: Path, bundled: Dataset) -> Iterator[Store]:
    """Returns a store in a temporary file, seeded with the bundled data (a module may define its own)."""
    s = Store(tmp_path / "ita.db")
    s.seed(bundled)
    yield s
    s.close()


@pytest.fixture
def full_dataset() -> Dataset:
    """Returns a dataset with rows in every table: Thai text, multi-line text, missing scores,
    dates, sub-indicators and the formula-like texts of FORMULA_LIKE."""
    a = "อบต.ทดสอบ"
    return Dataset.from_records(
        {
            "agencies": [
                {
                    "agency": a,
                    "kind": "อบต.",
                    "district": "แม่จัน",
                    "province": "เชียงราย",
                    "fictional": "ใช่",
                    "source": FORMULA_LIKE[0],
                    "note": "บรรทัดแรก\nบรรทัดที่สอง",
                },
                {
                    "agency": "จังหวัดตราด",
                    "kind": "จังหวัด",
                    "province": "ตราด",
                    "fictional": "ไม่ใช่",
                    "source": "รายงาน ป.ป.ช. ITA 2564 กลุ่ม 2",
                },
            ],
            "units": [
                {"agency": a, "unit": "สำนักปลัด", "source": FORMULA_LIKE[1]},
                {"agency": a, "unit": "กองคลัง"},
                {"agency": a, "unit": "กองช่าง"},
            ],
            "results": [
                # EIT and OIT unknown: the None scores must come back as missing, not 0.
                {
                    "agency": a,
                    "year": 2567,
                    "IIT": 91.25,
                    "EIT": None,
                    "OIT": None,
                    "total": 90.36,
                    "level": "ผ่าน",
                    "source": FORMULA_LIKE[2],
                    "note": FORMULA_LIKE[3],
                },
                {"agency": a, "year": 2568, "total": 98.8, "level": "ผ่านดี", "source": "รายงาน อบต."},
            ],
            "indicator_scores": [
                {"agency": a, "year": 2568, "indicator": "9", "score": 97.5, "source": "x"},
                {"agency": a, "year": 2568, "indicator": "9.4", "score": 88.0, "source": "y"},
                {"agency": a, "year": 2568, "indicator": "10", "score": 100.0},
            ],
            "national": [
                {
                    "year": 2565,
                    "agencies_count": 8303,
                    "mean": 87.57,
                    "share_pass": 70.52,
                    "confidence": "C",
                    "source": "Nation Thailand 40018394",
                },
                {
                    "year": 2567,
                    "agencies_count": 8325,
                    "mean": 93.05,
                    "share_pass": None,
                    "confidence": "U",
                    "note": "ค่าประมาณ\n(derived)",
                },
            ],
            "national_indicators": [
                {"year": 2568, "indicator": "3", "score": 99.45, "confidence": "C"},
                {"year": 2568, "indicator": "8", "score": 94.39, "confidence": "W", "note": "+9.9"},
            ],
            "oit_items": [
                {
                    "agency": a,
                    "year": 2568,
                    "item": "O15",
                    "item_printed": "๐๑๕",
                    "sub_indicator": "9.5",
                    "title": "ประมวลจริยธรรม",
                    "owner": "สำนักปลัด",
                    "status": "ดำเนินการ",
                    "progress": FORMULA_LIKE[4],
                    "source": "รายงาน",
                },
                {
                    "agency": a,
                    "year": 2568,
                    "item": "O16",
                    "item_printed": "๐๑๕",
                    "sub_indicator": "9.5",
                    "title": "ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ",
                    "status": "ยังไม่ได้ดำเนินการ",
                },
            ],
            "approaches": [
                {
                    "agency": a,
                    "year": 2568,
                    "indicator": "8",
                    "approach": "-ลดขั้นตอน\n-เพิ่มช่องทางออนไลน์",
                    "owner": "สำนักปลัด",
                    "period": "ต.ค.๖๗ ถึง ก.ย.๖๘",
                    "status": "ดำเนินการ",
                    "progress": "๕๐%",
                },
            ],
            "measures": [
                {
                    "agency": a,
                    "year": 2569,
                    "number": "1",
                    "title": "=มาตรการเผยแพร่ข้อมูล",
                    "indicators": "9,9.4",
                    "weakness": "จุดอ่อน",
                    "method": "วิธีการ\nขั้นที่ ๒",
                    "owner_text": "สำนักปลัด",
                    "units": "สำนักปลัด;กองคลัง",
                    "period": "ต.ค.๖๘ ถึง ก.ย.๖๙",
                    "followup": "รายไตรมาส",
                    "budget": "10,000",
                    "target": 95.0,
                    "status": "เริ่มแล้ว",
                    "summary": "",
                    "results": "",
                    "problems": "เจ้าหน้าที่มีภารกิจมาก\nงบประมาณจำกัด",
                    "suggestions": "ควรจัดอบรมทุกไตรมาส",
                    "updated": "2025-11-03",
                    "source": "มติที่ประชุม",
                    "note": "@",
                },
                {
                    "agency": a,
                    "year": 2569,
                    "number": "6",
                    "title": "มาตรการที่ไม่มีเป้าหมาย",
                    "target": None,
                    "units": "กองช่าง",
                    "status": "ยังไม่เริ่ม",
                },
            ],
            "progress": [
                {
                    "agency": a,
                    "year": 2569,
                    "number": "1",
                    "date": "2025-12-15",
                    "text": "+ ประชุมแล้ว ๑ ครั้ง",
                    "evidence": "https://www.patueng.go.th/news/1",
                    "author": "@สมชาย",
                },
            ],
            "reports": [
                {
                    "agency": a,
                    "year": 2569,
                    "problems": "ประชาชนเข้าถึงอินเทอร์เน็ตน้อย\nเว็บไซต์ปรับปรุงช้า",
                    "suggestions": "เพิ่มช่องทางบอร์ดประชาสัมพันธ์",
                    "source": "มติที่ประชุม",
                },
            ],
            "remarks": [
                {"agency": a, "year": 2568, "topic": "เลขข้อซ้ำ", "remark": "ข้อ ๐๑๕ ปรากฏสองครั้ง"},
                {"agency": a, "year": None, "topic": "มาตรการที่ ๕", "remark": "ไม่มีในเอกสาร"},
            ],
        }
    )


def _save(wb: Any) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def wide_xlsx() -> Callable[..., bytes]:
    """Returns build(rows, title="ผล", merges=(), extra_sheets=None) -> xlsx bytes: one sheet made
    of the rows as given (None = empty cell, [] = empty row), with the merged ranges."""

    def build(
        rows: Iterable[Sequence[Any]],
        title: str = "ผล",
        merges: Iterable[str] = (),
        extra_sheets: dict[str, list[list[Any]]] | None = None,
    ) -> bytes:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = title
        for row in rows:
            ws.append(list(row))
        for rng in merges:
            ws.merge_cells(rng)
        for name, more in (extra_sheets or {}).items():
            other = wb.create_sheet(name)
            for row in more:
                other.append(row)
        return _save(wb)

    return build


@pytest.fixture
def template_xlsx(fw: Framework) -> Callable[..., bytes]:
    """Returns build(rows_by_sheet, base=None, drop_columns=None) -> xlsx bytes: the app's template
    (holding `base`, else empty) with the rows appended below each named sheet's data, as a
    person would type them; drop_columns {sheet: header} deletes a column first."""

    def build(
        rows_by_sheet: dict[str, list[list[Any]]],
        base: Dataset | None = None,
        drop_columns: dict[str, str] | None = None,
    ) -> bytes:
        wb = openpyxl.load_workbook(io.BytesIO(write_workbook(base or Dataset(), fw)))
        for sheet, header in (drop_columns or {}).items():
            ws = wb[sheet]
            col = next(c.column for c in ws[1] if c.value == header)
            ws.delete_cols(col)
        for sheet, rows in rows_by_sheet.items():
            ws = wb[sheet]
            for row in rows:
                ws.append(row)
        return _save(wb)

    return build
