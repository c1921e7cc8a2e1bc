"""Builds the bundled workbooks in data/ from the reviewed records in this folder.

    python data/build/build_workbooks.py           # writes data/*.xlsx
    python data/build/build_workbooks.py --check   # exit 1 if a committed workbook differs

The records are text so that every figure can be reviewed against its source; the
workbooks are what the app reads. tests/unit/test_bundled_data.py runs the check.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(HERE)]

import demo  # noqa: E402
import patueng_measures as pm  # noqa: E402
import patueng_oit as po  # noqa: E402

from ita.core.framework import TOOLS, load_framework  # noqa: E402
from ita.core.model import Dataset  # noqa: E402
from ita.core.scoring import evaluate_year, round2  # noqa: E402
from ita.storage.excel import read_workbook, write_workbook  # noqa: E402

DOMAIN = "DOMAIN.md ของโครงการ (ข้อเท็จจริงจากเอกสารสาธารณะ)"
TRAT = "จังหวัดตราด"
TRAT_SOURCE = (
    "รายงานผลการประเมิน ITA ปี 2564 ของสำนักงาน ป.ป.ช. ประจำภาค (กลุ่มที่ 2) ตารางจังหวัดตราด"
    " ตามที่อ้างใน DOMAIN.md §4 [C]"
)
TRAT_SCORES = {
    2564: ([93.55, 87.72, 91.01, 87.93, 89.52, 90.55, 88.68, 88.58, 72.89, 65.56], 81.45),
    2563: ([92.57, 86.13, 90.08, 85.98, 88.04, 83.67, 82.11, 79.29, 69.94, 52.78], 75.62),
}


def patueng() -> dict[str, list[dict[str, Any]]]:
    """Returns อบต.ป่าตึง's rows, all from its own report; no indicator score is invented."""
    return {
        "agencies": [pm.AGENCY_ROW],
        "units": pm.UNITS,
        "results": pm.RESULTS,
        "oit_items": po.OIT_ITEMS,
        "approaches": po.APPROACHES,
        "measures": pm.MEASURES,
        "progress": pm.PROGRESS,
        "remarks": pm.REMARKS,
    }


def trat() -> dict[str, list[dict[str, Any]]]:
    """Returns the real indicator-level example (ตราด 2563–2564) with its source."""
    return {
        "agencies": [
            {
                "agency": TRAT,
                "kind": "จังหวัด",
                "province": "ตราด",
                "fictional": "ไม่ใช่",
                "source": TRAT_SOURCE,
                "note": "ตัวอย่างจริงระดับตัวชี้วัด ใช้ตรวจสอบสูตรคะแนน (ระดับที่ประกาศไม่ได้ระบุในแหล่งที่มา)",
            }
        ],
        "results": [
            {"agency": TRAT, "year": y, "total": total, "source": TRAT_SOURCE}
            for y, (_, total) in sorted(TRAT_SCORES.items())
        ],
        "indicator_scores": [
            {"agency": TRAT, "year": y, "indicator": str(i), "score": s, "source": TRAT_SOURCE}
            for y, (scores, _) in sorted(TRAT_SCORES.items())
            for i, s in enumerate(scores, start=1)
        ],
    }


def national() -> dict[str, list[dict[str, Any]]]:
    """Returns the national figures of DOMAIN.md §4 with their sources."""
    nation = "Nation Thailand"
    rows = [
        (2564, None, 81.25, None, "C", f"{DOMAIN} §4", ""),
        (2565, 8303, 87.57, 70.52, "C", f"{nation} article 40018394 ({DOMAIN} §4)", ""),
        (2566, 8323, 90.19, 80.94, "C", f"{nation} article 40030119 ({DOMAIN} §4)", ""),
        (2567, 8325, 93.05, 92.44, "W", f"{nation} article 40054201 ({DOMAIN} §4)",
         "ค่าโดยประมาณ คำนวณย้อนจากปี 2568: 93.82 − 0.77 และสัดส่วนที่คำนวณย้อนเช่นกัน (derived)"),
        (2568, 8317, 93.82, 94.17, "C", f"{nation} article 40054201 ({DOMAIN} §4)", ""),
    ]
    return {
        "national": [
            {"year": y, "agencies_count": n, "mean": m, "share_pass": s, "confidence": c, "source": src,
             "note": note}
            for y, n, m, s, c, src, note in rows
        ],
        "national_indicators": [
            {"year": 2568, "indicator": "3", "score": 99.45, "confidence": "C",
             "source": f"{nation} article 40054201 ({DOMAIN} §4)", "note": "ตัวชี้วัดที่ได้คะแนนสูงสุดของประเทศ"},
            {"year": 2568, "indicator": "8", "score": 94.39, "confidence": "C",
             "source": f"{nation} article 40054201 ({DOMAIN} §4)", "note": "เพิ่มขึ้นมากที่สุด (ประมาณ +9.9)"},
        ],
    }


def demo_records() -> dict[str, list[dict[str, Any]]]:
    """Returns the fictional agency, with totals and levels computed from its made-up scores."""
    fw = load_framework()
    results = []
    for year, scores in demo.SCORES.items():
        yr = evaluate_year(year, {str(i): s for i, s in enumerate(scores, start=1)}, fw)
        results.append(
            {
                "agency": demo.AGENCY,
                "year": year,
                **{t: round2(yr.tools_computed[t]) for t in TOOLS},
                "total": round2(yr.total_computed),
                "level": yr.level_computed or "",
                "source": demo.SOURCE,
                "note": "คะแนนรวมและระดับคำนวณจากคะแนนตัวชี้วัดสมมุติ",
            }
        )
    return demo.records(results, ROOT / "ita" / "resources" / "oit_2568.json")


WORKBOOKS = {
    "patueng.xlsx": (patueng, "ข้อมูลจริงของ อบต.ป่าตึง จากรายงานของหน่วยงาน (๒๑ ต.ค. ๒๕๖๘)"),
    "trat_2563_2564.xlsx": (trat, "ตัวอย่างจริงระดับตัวชี้วัด: จังหวัดตราด ปี 2563–2564"),
    "national.xlsx": (national, "ผลการประเมิน ITA ระดับประเทศ"),
    "demo_fictional.xlsx": (demo_records, "ข้อมูลสมมุติเพื่อการสาธิต (ไม่ใช่ผลจริง)"),
}


def build() -> dict[str, tuple[Dataset, bytes]]:
    """Returns each workbook's dataset and bytes."""
    out = {}
    for name, (make, title) in WORKBOOKS.items():
        ds = Dataset.from_records(make())
        out[name] = (ds, write_workbook(ds, title=title))
    return out


def main(argv: list[str]) -> int:
    check = "--check" in argv
    failed = False
    for name, (ds, data) in build().items():
        path = ROOT / "data" / name
        if check:
            if not path.exists():
                print(f"missing: {path}")
                failed = True
                continue
            res = read_workbook(path)
            if not res.dataset.equals(ds):
                print(f"differs from its records: {path} (run python data/build/build_workbooks.py)")
                failed = True
        else:
            path.write_bytes(data)
            res = read_workbook(path)
            print(f"wrote {path.relative_to(ROOT)}: {len(res.report.errors)} errors, "
                  f"{len(res.report.warnings)} warnings")
            for p in res.report.problems:
                print("   ", p.severity, p.location_th(), p.message_th)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
