"""Honesty inside O27/O28: the draft mark, inferred statuses marked and explained, gaps in the numbering,
suspected typos found (never corrected), and the item codes read from the framework for the year."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import docx
import openpyxl

from ita.core import rules
from ita.core.framework import load_framework
from ita.core.model import Dataset
from ita.documents import content as D
from ita.documents.spreadsheet import document_xlsx
from ita.documents.typos import find_typos, load_typo_words, plan_typos
from ita.documents.word import document_docx
from tests.unit.doc_samples import plain_docx  # noqa: E402

PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
AGENCY = "อบต.ทดสอบความซื่อตรง"
END_2569 = date(2026, 9, 30)  # 30 Sep 2569 B.E.


def _dataset(statuses: list[str], progress: bool = False) -> Dataset:
    measures = [{"agency": AGENCY, "year": 2569, "number": str(i), "title": f"มาตรการที่ {i}", "units": "สำนักปลัด",
                 "status": s} for i, s in enumerate(statuses, start=1)]
    log = ([{"agency": AGENCY, "year": 2569, "number": "1", "date": "2026-01-15", "text": "จัดประชุมแล้ว"}]
           if progress else [])
    return Dataset.from_records({
        "agencies": [{"agency": AGENCY, "kind": "อบต.", "fictional": "ไม่ใช่"}],
        "units": [{"agency": AGENCY, "unit": "สำนักปลัด"}],
        "measures": measures,
        "progress": log,
    })


def _header_texts(data: bytes) -> list[str]:
    d = plain_docx(data)
    return [p.text for s in d.sections for h in (s.header, s.first_page_header) for p in h.paragraphs]


# -- the draft mark ------------------------------------------------------------------------------------


def test_o28_is_a_draft_while_every_status_is_defaulted_and_not_once_they_are_set(fw):
    draft = D.build_o28(_dataset(["ยังไม่เริ่ม", "ยังไม่เริ่ม"]), AGENCY, 2569, fw, issued=END_2569)
    assert draft.draft and "ค่าเริ่มต้น" in draft.draft_reasons[0]
    assert D.DRAFT_LABEL in _header_texts(document_docx(draft))
    ws = openpyxl.load_workbook(io.BytesIO(document_xlsx(draft)))["รายงานผล"]
    assert ws.oddHeader.right.text == D.DRAFT_LABEL

    done = D.build_o28(_dataset(["แล้วเสร็จ", "ดำเนินการบางส่วน"]), AGENCY, 2569, fw, issued=END_2569)
    assert not done.draft
    assert D.DRAFT_LABEL not in _header_texts(document_docx(done))
    ws = openpyxl.load_workbook(io.BytesIO(document_xlsx(done)))["รายงานผล"]
    assert ws.oddHeader.right.text is None
    # A progress entry is an update too, even while the statuses still say "ยังไม่เริ่ม".
    assert not D.build_o28(_dataset(["ยังไม่เริ่ม"], progress=True), AGENCY, 2569, fw, issued=END_2569).draft


def test_o28_dated_before_30_september_of_its_plan_year_is_a_draft(fw):
    ds = _dataset(["แล้วเสร็จ"])
    early = D.build_o28(ds, AGENCY, 2569, fw, issued=date(2026, 9, 29))
    assert early.draft and "ก่อนสิ้นปีงบประมาณ ๒๕๖๙" in early.draft_reasons[0]
    assert not D.build_o28(ds, AGENCY, 2569, fw, issued=END_2569).draft
    assert not D.build_o28(ds, AGENCY, 2569, fw, issued=date(2026, 10, 21)).draft


def test_o27_is_never_marked_a_draft_for_its_plans_statuses(fw):
    ds = _dataset(["ยังไม่เริ่ม"])
    # Its only draft reason is the missing results of 2568, which it analyses, not the statuses.
    assert D.build_o27(ds, AGENCY, 2569, fw).draft_reasons == ("ยังไม่มีผลการประเมินของปีงบประมาณ พ.ศ. ๒๕๖๘",)
    result = {"agency": AGENCY, "year": 2568, "total": 90.5}
    ds.tables["results"] = Dataset.from_records({"results": [result]})["results"]
    assert not D.build_o27(ds, AGENCY, 2569, fw).draft


# -- notes under the measures table --------------------------------------------------------------------


def test_numbering_gap_noted_for_patueng_2569_in_the_documents_digits(bundled, fw):
    doc = D.build_o27(bundled, PATUENG, 2569, fw)
    assert [r[0].split(".")[0] for r in doc.rows()] == ["๑", "๒", "๓", "๔", "๖", "๗"]
    assert "ไม่มีมาตรการลำดับที่ ๕ ในเอกสารต้นฉบับ" in doc.measures_notes
    arabic = D.build_o28(bundled, PATUENG, 2569, fw, digits="arabic")
    assert "ไม่มีมาตรการลำดับที่ 5 ในเอกสารต้นฉบับ" in arabic.measures_notes
    body = "\n".join(p.text for p in plain_docx(document_docx(doc)).paragraphs)
    assert "หมายเหตุ: ไม่มีมาตรการลำดับที่ ๕ ในเอกสารต้นฉบับ" in body
    assert D.numbering_gaps(["1", "2", "3"]) == []
    assert D.numbering_gaps(["๑", "๔"]) == [2, 3]


def test_inferred_statuses_of_patueng_2568_are_marked_and_explained(bundled, fw):
    doc = D.build_o28(bundled, PATUENG, 2568, fw, issued=date(2025, 10, 21))
    assert [r[7] for r in doc.rows()] == ["แล้วเสร็จ*"] * 3
    # The count by status reads the status itself, not the mark.
    assert dict(D.status_summary(doc))["แล้วเสร็จ"] == 3
    notes = [n for n in doc.measures_notes if n.startswith("* ")]
    assert len(notes) == 1
    assert notes[0].startswith("* สถานะ “แล้วเสร็จ” อนุมานจาก")
    assert notes[0].endswith("(มาตรการลำดับที่ ๑, ๒ และ ๓)")
    ws = openpyxl.load_workbook(io.BytesIO(document_xlsx(doc)))["รายงานผล"]
    assert any(str(c.value).startswith("หมายเหตุ: * สถานะ") for row in ws.iter_rows() for c in row if c.value)
    # "สถานะเริ่มต้น …" (FY2569) is no inference.
    assert not D.build_o28(bundled, PATUENG, 2569, fw).measures_notes[1:]
    assert rules.inferred_status("สถานะเริ่มต้น “ยังไม่เริ่ม”: รายงานยังไม่บันทึกความก้าวหน้า") == ""


# -- suspected typos -----------------------------------------------------------------------------------


def test_typo_finder_finds_known_misspellings_with_their_suggestion():
    words = load_typo_words()
    found = find_typos({"วิธีการ": "ปรับปรุงเว็บไซต์ อบรม.ป่าตึง ให้เป็นปัจจุบัน"}, words)
    assert [(t.word, t.where, t.suggest) for t in found] == [("อบรม.ป่าตึง", "วิธีการ", "อบต.ป่าตึง")]
    assert find_typos({"วิธีการ": "ปรับปรุงเว็บไซต์ อบต.ป่าตึง และเฟซบุ๊ก ให้เป็นปัจจุบัน"}, words) == []
    # The shorter "ปาตึง" is not counted again inside a longer entry, and is found on its own.
    assert [t.word for t in find_typos({"x": "อบต. ปาตึง"}, words)] == ["ปาตึง"]


def test_typos_of_patueng_2569_plan_are_listed_not_corrected(bundled, fw):
    found = plan_typos(bundled, PATUENG, 2569)
    assert ("อบรม.ปาดัง", "อบต.ป่าตึง") in {(t.word, t.suggest) for t in found}
    assert ("เพชบุ๊ก", "เฟซบุ๊ก") in {(t.word, t.suggest) for t in found}
    doc = D.build_o27(bundled, PATUENG, 2569, fw)
    assert any("อบรม.ปาดัง" in c for row in doc.rows() for c in row)


# -- item codes from the framework ----------------------------------------------------------------------


def test_item_codes_come_from_the_framework_for_the_documents_year(bundled, tmp_path: Path):
    raw = json.loads(Path(load_framework().path).read_text(encoding="utf-8"))
    for y in raw["years"]:
        if y["year"] == 2568:
            y["document_items"] = {"analysis": "O31", "report": "O32"}
            y["oit_items"] = "oit_2568.json"
    path = tmp_path / "framework.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    fw = load_framework(path)
    o27 = D.build_o27(bundled, PATUENG, 2568, fw)
    o28 = D.build_o28(bundled, PATUENG, 2568, fw)
    assert (o27.code, o27.file_stem, o27.code_note) == ("O31", "O31_2568", "")
    assert (o28.code, o28.file_stem) == ("O32", "O32_2568")
    props = docx.Document(io.BytesIO(document_docx(o28))).core_properties
    assert props.subject.startswith("O32 ") and props.category == "O32"
    # A year the framework gives no codes for takes the nearest year's, with a note.
    later = D.build_o28(bundled, PATUENG, 2569, fw)
    assert later.file_stem == "O32_2569" and "2568" in later.code_note
