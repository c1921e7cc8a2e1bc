"""Builds ita/resources/measure_catalogue.json, the catalogue of candidate measures that the
weak-points page suggests, from the reviewed records of อบต.ป่าตึง's report in this folder.

    python data/build/build_catalogue.py           # writes the JSON
    python data/build/build_catalogue.py --check   # exit 1 if the committed JSON differs

Three kinds of entries, each with its source in the report and the indicators it serves:
- the three FY2568 measures: the report names the indicator each answers (9.4, 8, 4) — link "C";
- the improvement approaches per indicator 1–8 (ประเด็นการประเมิน IIT) — link "C";
- the FY2569 measures 1, 2, 3, 4, 6, 7: the report names no indicator, so the links below are our
  reading of each measure's method against the indicator names and the OIT 2568 items — link "U",
  with the reason kept beside it. tests/unit/test_catalogue.py runs the check.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(HERE)]

import patueng_measures as pm  # noqa: E402
import patueng_oit as po  # noqa: E402

OUT = ROOT / "ita" / "resources" / "measure_catalogue.json"
INDICATOR_NAMES = {
    "1": "การปฏิบัติหน้าที่", "2": "การใช้งบประมาณ", "3": "การใช้อำนาจ", "4": "การใช้ทรัพย์สินของราชการ",
    "5": "การแก้ไขปัญหาการทุจริต", "6": "คุณภาพการดำเนินงาน", "7": "ประสิทธิภาพการสื่อสาร",
    "8": "การปรับปรุงระบบการทำงาน",
}

# FY2569 measure number -> (indicators it serves, why we think so). The report links none of them.
LINKS_2569: dict[str, tuple[list[str], str]] = {
    "1": (["6", "8"], "ลดขั้นตอนและปรับปรุงคุณภาพมาตรฐานการให้บริการ (ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน) และ "
          "ปรับปรุงระบบการทำงาน ให้ผู้รับบริการมีส่วนร่วม ขับเคลื่อน e-Service (ตัวชี้วัดที่ 8)"),
    "2": (["7", "9"], "เผยแพร่ข้อมูลพื้นฐาน งบประมาณ การจัดซื้อจัดจ้าง และการบริหารทรัพยากรบุคคล (ตัวชี้วัดย่อย 9.1–9.4) "
          "และเพิ่มช่องทางการปฏิสัมพันธ์กับประชาชน (ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร)"),
    "3": (["9"], "ปรับปรุงเว็บไซต์ให้ตรงกับข้อ OIT: ข้อมูลผู้บริหาร (O2, 9.1) e-Service (O10, 9.2) "
          "ช่องทางร้องเรียนการทุจริตแยกจากเรื่องทั่วไป (O18, 9.5)"),
    "4": (["5", "10"], "ผู้บริหารแสดงเจตจำนงสุจริตและขับเคลื่อนแผนป้องกันการทุจริต (ตัวชี้วัดที่ 5 การแก้ไขปัญหาการทุจริต; "
          "แผนปฏิบัติการป้องกันการทุจริต O25, 10.2)"),
    "6": (["10"], "วิเคราะห์ผลการประเมินปีก่อนและกำกับมาตรการภายในอย่างเป็นรูปธรรม (O27–O28, 10.2)"),
    "7": (["10"], "สร้างความเข้าใจเรื่องมาตรการส่งเสริมคุณธรรมและความโปร่งใส (O27–O28, 10.2) และเตรียมรับการประเมิน"),
}


def entries() -> list[dict[str, Any]]:
    """Returns the catalogue entries in the report's order: FY2568 measures, approaches, FY2569."""
    out: list[dict[str, Any]] = []
    for m in pm.MEASURES:
        year, number = int(m["year"]), str(m["number"])
        if year == 2568:
            codes = [c for c in str(m["indicators"]).split(",") if c]
            link, note = "C", "รายงานระบุว่ามาตรการนี้ตอบจุดอ่อนจากผลการประเมิน ITA ตัวชี้วัดที่ " + ", ".join(codes)
        else:
            codes, note = LINKS_2569[number]
            link = "U"
            note = "รายงานไม่ได้ระบุตัวชี้วัด โปรแกรมเชื่อมโยงจากเนื้อหา: " + note
        out.append({
            "key": f"patueng-{year}-{number}",
            "origin": f"measure{year}",
            "year": year,
            "number": number,
            "title": m["title"],
            "weakness": m["weakness"],
            "method": m["method"],
            "owner_text": m["owner_text"],
            "units": [u for u in str(m["units"]).split(";") if u],
            "indicators": codes,
            "link": link,
            "link_note": note,
            "source": m["source"],
        })
    for a in po.APPROACHES:
        code = str(a["indicator"])
        out.append({
            "key": f"patueng-approach-{code}",
            "origin": "approach",
            "year": int(a["year"]),
            "number": "",
            # The report gives approaches no title; this one is made by the program and says so.
            "title": f"แนวทางยกระดับตัวชี้วัดที่ {code} {INDICATOR_NAMES[code]}",
            "weakness": "",
            "method": a["approach"],
            "owner_text": a["owner"],
            "units": [u for u in (x.strip() for x in str(a["owner"]).split("/")) if u in
                      {r["unit"] for r in pm.UNITS}],
            "indicators": [code],
            "link": "C",
            "link_note": f"แนวทางในการยกระดับการประเมินของตัวชี้วัดที่ {code} ตามรายงาน (ชื่อมาตรการตั้งโดยโปรแกรม)",
            "source": a["source"],
        })
    order = {"measure2568": 0, "approach": 1, "measure2569": 2}
    return sorted(out, key=lambda e: order[e["origin"]])


def catalogue() -> dict[str, Any]:
    return {
        "about": "คลังมาตรการที่แนะนำในหน้า 'จุดอ่อนและเป้าหมาย' สร้างจากรายงานของ อบต.ป่าตึง ด้วย "
                 "data/build/build_catalogue.py (อย่าแก้ไฟล์นี้ด้วยมือ) link: C = รายงานระบุตัวชี้วัดเอง, "
                 "U = โปรแกรมเชื่อมโยงจากเนื้อหา (ยังไม่ยืนยัน)",
        "source": pm.SOURCE_DOC,
        "entries": entries(),
    }


def render() -> str:
    return json.dumps(catalogue(), ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} differs from its records: run python data/build/build_catalogue.py")
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(catalogue()['entries'])} entries)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
