"""A made-up agency with indicator scores for two years and a plan of many measures, for the
document tests and the document benchmark (tests/benchmarks/bench_documents.py imports this file)."""

from __future__ import annotations

from ita.core.model import Dataset

AGENCY = "อบต.ทดสอบเอกสาร"
FORMULA_TITLE = "=SUM(A1:A3) มาตรการที่ขึ้นต้นด้วยเครื่องหมายเท่ากับ"
FORMULA_METHOD = "+66 53 123 456 โทรแจ้งเบาะแส"
FORMULA_OWNER = "@ผู้ดูแลเว็บไซต์"
FORMULA_FOLLOWUP = "-รายงานทุก ๖ เดือน"

SCORES = {
    2567: {"1": 92.4, "2": 89.8, "3": 94.1, "4": 88.2, "5": 87.9, "6": 90.3, "7": 88.7, "8": 86.9, "9": 78.3,
           "10": 71.6},
    2568: {"1": 95.2, "2": 93.1, "3": 97.6, "4": 91.4, "5": 92.8, "6": 92.1, "7": 87.1, "8": 93.2, "9": 82.5,
           "10": 87.9},
}
UNITS = ("สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษาฯ", "กองสาธารณสุขฯ")
STATUSES = ("ยังไม่เริ่ม", "เริ่มแล้ว", "ดำเนินการบางส่วน", "ดำเนินการเกือบแล้วเสร็จ", "แล้วเสร็จ")


def plan_dataset(n_measures: int = 20, *, year: int = 2569, fictional: bool = False,
                 formula_texts: bool = False) -> Dataset:
    """Returns the agency with results for 2567 and 2568 and `n_measures` measures of `year`, each with
    long Thai texts in several lines and two dated progress entries. With `formula_texts`, the first
    measure's texts begin with =, +, @ and - (they must stay text in Excel)."""
    measures, progress = [], []
    for i in range(1, n_measures + 1):
        unit = UNITS[i % len(UNITS)]
        m = {
            "agency": AGENCY,
            "year": year,
            "number": str(i),
            "title": f"มาตรการทดสอบที่ {i} ส่งเสริมคุณธรรมและความโปร่งใสในการปฏิบัติงานของเจ้าหน้าที่",
            "indicators": str(i % 10 + 1),
            "weakness": f"จากผลการประเมิน ITA ตัวชี้วัดที่ {i % 10 + 1} ประเด็น การเผยแพร่ข้อมูลยังไม่ครบถ้วน",
            "method": "๑. จัดประชุมชี้แจงเจ้าหน้าที่ทุกกอง\n๒. ปรับปรุงคู่มือการปฏิบัติงานและเผยแพร่บนเว็บไซต์\n"
                      "๓. ติดตามผลและรายงานผู้บริหารทุกไตรมาส",
            "units": f"สำนักปลัด;{unit}" if unit != "สำนักปลัด" else unit,
            "period": "ต.ค.๖๘ ถึง ก.ย.๖๙",
            "followup": "รายงานความก้าวหน้าทุก ๖ เดือน และสรุปผลสิ้นปีงบประมาณ",
            "status": STATUSES[i % len(STATUSES)],
            "summary": "ดำเนินการตามแผนแล้วบางส่วน" if i % 2 else "",
            "results": "เจ้าหน้าที่ร้อยละ ๙๐ ผ่านการอบรม" if i % 5 == 4 else "",
        }
        if formula_texts and i == 1:
            m.update(title=FORMULA_TITLE, method=FORMULA_METHOD, owner_text=FORMULA_OWNER, followup=FORMULA_FOLLOWUP)
        measures.append(m)
        for day in ("2025-11-05", "2026-02-20"):
            progress.append({"agency": AGENCY, "year": year, "number": str(i), "date": day,
                             "text": f"ความก้าวหน้าของมาตรการที่ {i} ณ {day}", "evidence": "https://example.go.th/x"})
    return Dataset.from_records({
        "agencies": [{"agency": AGENCY, "kind": "อบต.", "district": "แม่จัน", "province": "เชียงราย",
                      "fictional": "ใช่" if fictional else "ไม่ใช่"}],
        "units": [{"agency": AGENCY, "unit": u} for u in UNITS],
        "results": [{"agency": AGENCY, "year": 2568, "level": "ผ่าน"}],
        "indicator_scores": [{"agency": AGENCY, "year": y, "indicator": c, "score": s}
                             for y, scores in SCORES.items() for c, s in scores.items()],
        "measures": measures,
        "progress": progress,
    })


def plain_docx(source):  # noqa: ANN001, ANN201 - bytes, a path or a file; a python-docx Document
    """Opens a Word file as a reader sees its text: without the invisible line-break marks that
    ita.documents.linebreak puts between and inside words (they are not drawn, nor in the PDF's text),
    and with its no-break spaces (drawn as spaces) as spaces."""
    import io
    import zipfile

    import docx

    from ita.documents.linebreak import INVISIBLE, NO_BREAK_SPACE

    data = source if isinstance(source, bytes) else open(source, "rb").read()  # noqa: SIM115, PTH123
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename.endswith(".xml"):
                text = body.decode("utf-8")
                for mark in INVISIBLE:
                    text = text.replace(mark, "")
                text = text.replace(NO_BREAK_SPACE, " ")
                body = text.encode("utf-8")
            dst.writestr(item, body)
    return docx.Document(io.BytesIO(out.getvalue()))
