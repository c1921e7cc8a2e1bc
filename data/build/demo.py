"""A FICTIONAL demonstration agency, so that every feature can be seen with indicator scores.

Nothing here is a real result. The agency's name says so, its agencies row is marked
fictional, and every row's source says it was made up for demonstration.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

AGENCY = "อบต.สุขใจ (ข้อมูลสมมุติ)"
SOURCE = "ข้อมูลสมมุติเพื่อการสาธิต ไม่ใช่ผลการประเมินจริง (data/build/demo.py)"
UNITS = ["สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษาฯ"]

# Indicator scores 1–10 per fiscal year, made up to show a rising trend, one drop (indicator 7
# in 2568) and OIT as the place where the points are.
SCORES: dict[int, list[float]] = {
    2565: [88.20, 84.10, 90.50, 82.30, 80.40, 86.70, 83.20, 78.90, 71.40, 62.50],
    2566: [90.10, 86.40, 92.30, 85.60, 83.70, 88.90, 86.10, 82.40, 80.60, 72.80],
    2567: [92.40, 89.80, 94.10, 88.20, 87.90, 90.30, 88.70, 86.90, 88.30, 81.60],
    2568: [95.20, 93.10, 97.60, 91.40, 92.80, 92.10, 87.10, 93.20, 94.50, 87.90],
    # 2569 (issue 16, so that the loop can be seen: results of 2569 against the 2569 plan): indicator 7, the
    # one 2569 measure 1 targets, recovers; indicator 4, whose measure has not started, slips.
    2569: [95.90, 93.80, 97.40, 91.10, 93.30, 92.50, 90.60, 93.00, 95.30, 89.70],
}

NOT_DONE_2568 = {"O10", "O19", "O23"}


def records(computed_results: list[dict[str, Any]], oit_json: Path) -> dict[str, list[dict[str, Any]]]:
    """Returns the demo agency's rows per table; totals and levels are passed in, computed by
    ita.core.scoring from the scores above, so they agree with the indicators by construction."""
    indicator_scores = [
        {"agency": AGENCY, "year": year, "indicator": str(i), "score": s, "source": SOURCE}
        for year, scores in SCORES.items()
        for i, s in enumerate(scores, start=1)
    ]
    items = json.loads(oit_json.read_text(encoding="utf-8"))["items"]
    oit = [
        {
            "agency": AGENCY,
            "year": 2568,
            "item": it["code"],
            "item_printed": it["printed"],
            "sub_indicator": it["sub_indicator"],
            "title": it["title"],
            "owner": "กองคลัง" if it["sub_indicator"] == "9.3" else "สำนักปลัด",
            "status": "ยังไม่ได้ดำเนินการ" if it["code"] in NOT_DONE_2568 else "ดำเนินการ",
            "progress": "ยังไม่ได้เผยแพร่บนเว็บไซต์ (สมมุติ)"
            if it["code"] in NOT_DONE_2568
            else "เผยแพร่บนเว็บไซต์ครบตามองค์ประกอบ (สมมุติ)",
            "source": SOURCE,
        }
        for it in items
    ]
    measures = [
        _m(2568, "1", "มาตรการเผยแพร่ข้อมูลการจัดซื้อจัดจ้างรายเดือน (สมมุติ)", "9.3",
           "ข้อมูลการจัดซื้อจัดจ้างไม่เป็นปัจจุบัน (สมมุติ)", "กองคลัง", "ต.ค.๖๗ ถึง ก.ย.๖๘",
           "แล้วเสร็จ", "เผยแพร่ครบ ๑๒ เดือน (สมมุติ)", "ตัวชี้วัดที่ ๙ เพิ่มขึ้น (สมมุติ)", 92.0),
        _m(2568, "2", "มาตรการประกาศนโยบาย No Gift Policy และรายงานผล (สมมุติ)", "10.1",
           "ยังไม่มีรายงานการรับของขวัญ (สมมุติ)", "สำนักปลัด", "ต.ค.๖๗ ถึง ก.ย.๖๘",
           "แล้วเสร็จ", "ประกาศและรายงานรอบ ๖ เดือน (สมมุติ)", "ตัวชี้วัดที่ ๑๐ เพิ่มขึ้น (สมมุติ)", 85.0),
        _m(2568, "3", "มาตรการสำรวจความพึงพอใจผู้รับบริการ (สมมุติ)", "8",
           "ผู้รับบริการไม่ทราบช่องทางเสนอแนะ (สมมุติ)", "สำนักปลัด;กองช่าง", "ม.ค.๖๘ ถึง ก.ย.๖๘",
           "แล้วเสร็จ", "สำรวจ ๒ รอบ (สมมุติ)", "ตัวชี้วัดที่ ๘ เพิ่มขึ้น (สมมุติ)", 90.0),
        _m(2569, "1", "มาตรการปรับปรุงการสื่อสารผ่านไลน์และเว็บไซต์ (สมมุติ)", "7",
           "ตัวชี้วัดที่ ๗ ลดลงในปี ๒๕๖๘ (สมมุติ)", "สำนักปลัด", "ต.ค.๖๘ ถึง ก.ย.๖๙",
           "ดำเนินการบางส่วน", "", "", 92.0),
        _m(2569, "2", "มาตรการจัดการความเสี่ยงการทุจริตด้านสินบน (สมมุติ)", "10,10.1",
           "ตัวชี้วัดที่ ๑๐ ยังต่ำกว่า ๙๐ (สมมุติ)", "สำนักปลัด;กองคลัง", "ต.ค.๖๘ ถึง ก.ย.๖๙",
           "เริ่มแล้ว", "", "", 93.0),
        _m(2569, "3", "มาตรการคู่มือการใช้ทรัพย์สินของราชการ (สมมุติ)", "4",
           "ตัวชี้วัดที่ ๔ ต่ำกว่า ๙๕ (สมมุติ)", "กองคลัง", "ม.ค.๖๙ ถึง มิ.ย.๖๙",
           "ยังไม่เริ่ม", "", "", 94.0),
        _m(2569, "4", "มาตรการอบรมคุณธรรมจริยธรรมประจำปี (สมมุติ)", "1,2",
           "", "สำนักปลัด;กองการศึกษาฯ", "มี.ค.๖๙",
           "แล้วเสร็จ", "อบรมแล้ว ๑ รุ่น (สมมุติ)", "", None),
    ]
    progress = [
        _p(2568, "1", "2025-01-15", "เริ่มเผยแพร่รายงานรายเดือน (สมมุติ)", "https://example.org/demo/p1"),
        _p(2568, "1", "2025-09-20", "เผยแพร่ครบทุกเดือน (สมมุติ)", "https://example.org/demo/p2"),
        _p(2568, "2", "2025-04-10", "รายงานรอบ ๖ เดือนแรก (สมมุติ)", ""),
        _p(2568, "3", "2025-06-30", "สรุปผลสำรวจรอบที่ ๑ (สมมุติ)", "https://example.org/demo/p3"),
        _p(2569, "1", "2025-11-05", "ตั้งกลุ่มไลน์ประชาสัมพันธ์ (สมมุติ)", "https://example.org/demo/p4"),
        _p(2569, "2", "2025-10-20", "แต่งตั้งคณะทำงาน (สมมุติ)", ""),
        _p(2569, "4", "2026-03-18", "จัดอบรมแล้ว (สมมุติ)", "https://example.org/demo/p5"),
    ]
    return {
        "agencies": [
            {
                "agency": AGENCY,
                "kind": "อบต.",
                "district": "(สมมุติ)",
                "province": "(สมมุติ)",
                "fictional": "ใช่",
                "head_name": "นายสมมุติ ใจดี (ชื่อสมมุติ)",
                "head_position": "นายกองค์การบริหารส่วนตำบลสุขใจ (สมมุติ)",
                "preparer_name": "นางสาวตัวอย่าง รักงาน (ชื่อสมมุติ)",
                "preparer_position": "หัวหน้าฝ่ายอำนวยการ (สมมุติ)",
                "address": "ตำบลสุขใจ (สมมุติ)",
                "source": SOURCE,
                "note": "หน่วยงานสมมุติเพื่อสาธิตทุกความสามารถของแดชบอร์ด ตัวเลขทั้งหมดแต่งขึ้น",
            }
        ],
        "units": [{"agency": AGENCY, "unit": u, "source": SOURCE} for u in UNITS],
        "results": computed_results,
        "indicator_scores": indicator_scores,
        "oit_items": oit,
        "measures": measures,
        "progress": progress,
    }


def _m(
    year: int, number: str, title: str, indicators: str, weakness: str, units: str, period: str,
    status: str, summary: str, results: str, target: float | None,
) -> dict[str, Any]:
    return {
        "agency": AGENCY, "year": year, "number": number, "title": title, "indicators": indicators,
        "weakness": weakness, "method": "ขั้นตอนสมมุติเพื่อการสาธิต", "owner_text": units.replace(";", ", "),
        "units": units, "period": period, "followup": "รายงานความก้าวหน้าทุก ๖ เดือน (สมมุติ)",
        "budget": "ไม่ใช้งบประมาณ", "target": target, "status": status, "summary": summary,
        "results": results, "updated": "2026-03-31" if year == 2569 else "2025-09-30", "source": SOURCE,
        "note": "ข้อมูลสมมุติ",
    }


def _p(year: int, number: str, day: str, text: str, link: str) -> dict[str, Any]:
    return {
        "agency": AGENCY, "year": year, "number": number, "date": day, "text": text, "evidence": link,
        "author": "ผู้ใช้สาธิต (สมมุติ)", "source": SOURCE,
    }
