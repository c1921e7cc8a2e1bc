"""`python -m ita report FILE... --year Y --out DIR [--agency NAME] [--digits thai|arabic] [--date D]
[--font F] [--pdf]`: writes O27 and O28 of fiscal year Y, in Word and Excel (and PDF with --pdf, made
from the Word files by LibreOffice), from workbooks in the app's template.

Kept apart from ita/cli.py (which registers it) so the command's checks sit in one place. Exit
codes as in ita.cli.main: 0 written, 1 the input or the output folder is unusable, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import errno
from pathlib import Path

from ita.cli.inputs import err, pick, read_inputs
from ita.core.framework import load_framework
from ita.core.model import Dataset
from ita.core.sanitise import control_note
from ita.core.thai import ThaiParseError, parse_thai_date, parse_year
from ita.documents.content import (
    DIGITS,
    DRAFT_LABEL,
    Document,
    build_o27,
    build_o28,
    control_fields,
    default_date,
    document_years,
    has_content,
    results_gap,
)
from ita.documents.fonts import DEFAULT_FONT, FONTS
from ita.documents.pdf import PdfError, docx_to_pdf
from ita.documents.spreadsheet import document_xlsx
from ita.documents.typos import describe, plan_typos
from ita.documents.word import document_docx


def add_report_parser(sub: argparse._SubParsersAction) -> None:
    """Adds the `report` subcommand to the CLI's subparsers."""
    r = sub.add_parser("report", help="เขียนเอกสาร O27 และ O28 ของปีงบประมาณ (Word และ Excel, PDF ด้วย --pdf)")
    r.add_argument("files", nargs="+", metavar="FILE")
    r.add_argument("--year", required=True, help="ปีงบประมาณ พ.ศ. ของมาตรการ เช่น 2569 (O27 วิเคราะห์ผลปี 2568)")
    r.add_argument("--out", required=True, metavar="DIR", help="โฟลเดอร์ที่จะเขียนไฟล์ (สร้างให้ถ้ายังไม่มี)")
    r.add_argument("--agency", help="ชื่อหน่วยงาน (หรือคำในชื่อ) เมื่อไฟล์มีหลายหน่วยงาน")
    r.add_argument("--digits", choices=DIGITS, default="thai", help="ตัวเลขในเอกสาร: thai (ค่าเริ่มต้น) หรือ arabic")
    r.add_argument("--date", help="วันที่ลงในเอกสาร เช่น 26/09/2568 (ค่าเริ่มต้น: ภายในปีงบประมาณของเอกสาร — O27 วันนี้ "
                                  "แต่ไม่เกิน 30 ก.ย. ก่อนปีของแผน, O28 วันที่ 30 ก.ย. ของปีนั้นหรือวันนี้ถ้ายังไม่ถึง)")
    r.add_argument("--font", choices=FONTS, default=DEFAULT_FONT,
                   help=f"แบบอักษรในเอกสาร: {' หรือ '.join(repr(f) for f in FONTS)} (ค่าเริ่มต้น {DEFAULT_FONT})")
    r.add_argument("--pdf", action="store_true",
                   help="เขียน PDF ของ O27 และ O28 ด้วย (ทำจากไฟล์ Word ด้วย LibreOffice: "
                        "apt-get install libreoffice-writer-nogui fonts-thai-tlwg)")


# Thai reasons for the usual ways a folder cannot be written.
OS_REASONS: dict[int, str] = {
    errno.ENOENT: "ไม่มีโฟลเดอร์นี้และสร้างไม่ได้",
    errno.EACCES: "ไม่มีสิทธิ์เขียน",
    errno.EPERM: "ไม่มีสิทธิ์เขียน",
    errno.EEXIST: "มีไฟล์ชื่อนี้อยู่แล้ว (ไม่ใช่โฟลเดอร์)",
    errno.ENOTDIR: "มีไฟล์ชื่อนี้อยู่แล้ว (ไม่ใช่โฟลเดอร์)",
    errno.EROFS: "เป็นพื้นที่อ่านอย่างเดียว",
    errno.ENOSPC: "พื้นที่ดิสก์เต็ม",
    errno.EISDIR: "มีโฟลเดอร์ชื่อเดียวกับไฟล์ที่จะเขียน",
}


def cmd_report(args: argparse.Namespace) -> int:
    """Writes O27_Y.docx, O27_Y.xlsx, O28_Y.docx and O28_Y.xlsx (and O27_Y.pdf, O28_Y.pdf with --pdf)
    into --out, in --font; prints each path."""
    try:
        year = parse_year(args.year)
        issued = parse_thai_date(args.date) if args.date else None
    except ThaiParseError as exc:
        err(f"ใช้คำสั่งไม่ถูกต้อง: {exc.message_th}")
        return 2
    fw = load_framework()
    ds = read_inputs(args.files, fw, args.agency, "ไม่เขียนเอกสาร")
    if ds is None:
        return 1
    candidates = [a for a in ds.agencies() if document_years(ds, a)]
    agencies = pick(candidates, args.agency)
    if not agencies:
        listed = ", ".join(candidates) or "ไม่มี"
        which = f"ไม่พบหน่วยงาน '{args.agency}' ในไฟล์" if args.agency else "ไม่มีหน่วยงานที่มีผลการประเมินหรือมาตรการในไฟล์"
        err(f"{which} (มี: {listed})")
        return 1
    if len(agencies) > 1:
        err(f"ไฟล์มีหลายหน่วยงาน ระบุด้วย --agency: {', '.join(agencies)}")
        return 1
    agency = agencies[0]
    if not has_content(ds, agency, year):
        years = ", ".join(str(y) for y in document_years(ds, agency))
        err(f"{agency} ไม่มีมาตรการของปีงบประมาณ {year} และไม่มีผลการประเมินปี {year - 1} หรือ {year} "
             f"(ปีที่ทำเอกสารได้: {years})")
        return 1
    out = Path(args.out)
    docs = [build_o27(ds, agency, year, fw, digits=args.digits, issued=issued or default_date("O27", year)),
            build_o28(ds, agency, year, fw, digits=args.digits, issued=issued or default_date("O28", year))]
    font = getattr(args, "font", None) or DEFAULT_FONT
    files = {f"{d.file_stem}.docx": document_docx(d, font=font) for d in docs}
    files.update({f"{d.file_stem}.xlsx": document_xlsx(d, font=font) for d in docs})
    if getattr(args, "pdf", False):
        # Made before anything is written: a PDF that cannot be made leaves the folder as it was.
        try:
            files.update({f"{d.file_stem}.pdf": docx_to_pdf(files[f"{d.file_stem}.docx"]) for d in docs})
        except PdfError as exc:
            err(f"ไม่เขียนเอกสาร: {exc.message_th}")
            return 1
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (out / name).write_bytes(data)
    except OSError as exc:
        reason = OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))
        err(f"เขียนไฟล์ลงโฟลเดอร์ '{out}' ไม่ได้: {reason} ({exc.strerror or exc})")
        return 1
    cleaned = list(dict.fromkeys(f for kind in ("O27", "O28") for f in control_fields(ds, agency, year, kind)))
    if cleaned:
        err(control_note(cleaned, "ไฟล์ที่เขียน", shown=len(cleaned)))
    fiction = "  [ข้อมูลสมมุติ — ไม่ใช่ผลจริง ห้ามเผยแพร่]" if ds.is_fictional(agency) else ""
    print(f"{agency} ปีงบประมาณ {year}{fiction}: มาตรการ {len(docs[0].measures)} มาตรการ")
    for name in files:
        print(out / name)
    _notes(ds, agency, year, docs)
    return 0


def _notes(ds: Dataset, agency: str, year: int, docs: list[Document]) -> None:
    """Prints what the page shows before a download: why a document is marked draft, where its item
    code comes from, what O27 lacks from the results, and the suspected typos (printed as recorded)."""
    for d in docs:
        if d.draft:
            print(f"หมายเหตุ {d.code}: มีคำว่า “{DRAFT_LABEL}” กำกับทุกหน้า เพราะ " + " · ".join(d.draft_reasons))
        if d.code_note:
            print(f"หมายเหตุ {d.code}: {d.code_note}")
    if results_gap(ds, agency, year, load_framework()) == "indicators":
        print(f"หมายเหตุ {docs[0].code}: ผลการประเมินปี {year - 1} มีเฉพาะคะแนนรวม จึงไม่ได้จัดลำดับจุดอ่อน"
              "ตามคะแนนรายตัวชี้วัด (ใส่คะแนนทั้ง 10 ตัวชี้วัดในไฟล์ แล้วสั่งอีกครั้ง)")
    for t in plan_typos(ds, agency, year):
        print(f"คำที่อาจพิมพ์ผิด (เอกสารพิมพ์ตามที่บันทึกไว้): {describe(t)}")
