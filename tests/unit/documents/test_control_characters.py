"""Issue 11, case 8: control characters typed into a measure's title, a progress entry, the signer or
an analysis text. python-docx refused the whole document ("All strings must be XML compatible"); now
every writer takes them out (ita.core.sanitise), the files open again, and the page can name the
texts that were cleaned (content.control_fields)."""

from __future__ import annotations

import io
from datetime import date

import docx
import openpyxl

from ita.core.model import Dataset
from ita.core.sanitise import CONTROL, xml_text
from ita.documents import content as D
from ita.documents.brief import brief_html, build_brief
from ita.documents.spreadsheet import document_xlsx
from ita.documents.word import document_docx
from ita.storage.excel import write_text_cell
from tests.unit.doc_samples import (
    AGENCY,
    plain_docx,  # noqa: E402
    plan_dataset,
)

BAD = "\x0b\x1f\x01"
TITLE, ENTRY, SIGNER, POSITION, URGENT = (
    f"ชื่อ{BAD}มาตรการพิเศษ", f"ประชุม{BAD}ชี้แจงแล้ว", f"นายสม{BAD}ชาย", f"นายก{BAD}อบต.", f"วิเคราะห์{BAD}เอง",
)
# What each reads as in the files: Word's line break (U+000B) becomes a line break, the others go.
SHOWN = {t: t.replace(BAD, "\n") for t in (TITLE, ENTRY, SIGNER, POSITION, URGENT)}


def _dataset() -> Dataset:
    ds = plan_dataset(3)
    measures, progress = ds["measures"].copy(), ds["progress"].copy()
    measures.loc[0, "title"] = TITLE
    progress.loc[0, "text"] = ENTRY
    return Dataset({**ds.tables, "measures": measures, "progress": progress})


def _documents(fw) -> list[D.Document]:  # noqa: ANN001
    ds = _dataset()
    signer = {"signer_name": SIGNER, "signer_position": POSITION, "issued": date(2025, 9, 26)}
    return [D.build_o27(ds, AGENCY, 2569, fw, analysis={"urgent": URGENT}, **signer),
            D.build_o28(ds, AGENCY, 2569, fw, **signer)]


def _word_texts(data: bytes) -> list[str]:
    d = plain_docx(data)
    return [p.text for p in d.paragraphs] + [c.text for t in d.tables for row in t.rows for c in row.cells]


def _excel_texts(data: bytes) -> list[str]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_o27_and_o28_in_word_open_again_without_the_characters(fw):
    for doc in _documents(fw):
        texts = _word_texts(document_docx(doc))
        joined = "\n".join(texts)
        assert not CONTROL.search(joined), doc.kind
        assert SHOWN[SIGNER] in joined and SHOWN[POSITION] in joined
        assert SHOWN[TITLE] in joined
        # The analysis is O27's, the progress log O28's.
        assert (SHOWN[URGENT] in texts, SHOWN[ENTRY] in joined) == (doc.kind == "O27", doc.kind == "O28")


def test_o27_and_o28_in_excel_open_again_without_the_characters(fw):
    for doc in _documents(fw):
        texts = _excel_texts(document_xlsx(doc))
        assert not any(CONTROL.search(t) for t in texts), doc.kind
        joined = "\n".join(texts)
        assert SHOWN[TITLE] in joined and SHOWN[SIGNER] in joined and SHOWN[POSITION] in joined
        assert (SHOWN[URGENT] in texts) == (doc.kind == "O27")


def test_the_brief_holds_no_control_character(fw):
    page = brief_html(build_brief(_dataset(), AGENCY, 2568, 2569, fw))
    assert not CONTROL.search(page)
    assert "ชื่อ มาตรการพิเศษ" in page  # the brief lists titles on one line


def test_the_texts_that_were_cleaned_are_named_for_the_page(fw):
    ds = _dataset()
    o27 = D.control_fields(ds, AGENCY, 2569, "O27", analysis={"urgent": URGENT, "improve": "ปกติ"},
                           signer_name=SIGNER, signer_position="")
    assert o27 == [
        "มาตรการ ปี 2569 ลำดับ 1 · มาตรการ/แนวทาง",
        "ความก้าวหน้ามาตรการ ปี 2569 ลำดับ 1 · ความก้าวหน้า",
        f"(1) {D.HEADINGS[0]}",
        "ชื่อผู้ลงนาม",
    ]
    o28 = D.control_fields(ds, AGENCY, 2569, "O28", signer_position=POSITION)
    assert o28 == [*o27[:2], "ตำแหน่งผู้ลงนาม"]
    # A plan year whose rows are clean: nothing to say.
    assert D.control_fields(plan_dataset(3), AGENCY, 2569, "O28") == []


def test_every_code_point_can_be_written_to_word_and_excel():
    # By design, not by case: whatever a person types or pastes, the writers' text is storable.
    every = "".join(chr(c) for c in range(0x10000)) + "\U00010000\U0001F600\U0010FFFF"
    d = docx.Document()
    d.add_paragraph().add_run(xml_text(every))
    out = io.BytesIO()
    d.save(out)
    assert len(docx.Document(io.BytesIO(out.getvalue())).paragraphs[0].text) == len(xml_text(every))
    wb = openpyxl.Workbook()
    chunks = [every[i:i + 30000] for i in range(0, len(every), 30000)]  # Excel holds 32,767 per cell
    for row, chunk in enumerate(chunks, start=1):
        write_text_cell(wb.active.cell(row, 1), chunk)
    out = io.BytesIO()
    wb.save(out)
    back = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    assert [len(back.cell(r, 1).value) for r in range(1, len(chunks) + 1)] == [len(xml_text(c)) for c in chunks]
