"""`python -m ita review FILE... --agency NAME --year Y [--json]`: did the measures of plan year Y move their
indicators? Each measure with its status and its indicators' change from Y−1 to Y, beside the change of the
indicators no measure targeted (ita.core.review). The JSON is issue 16's format:
{"year", "measures": [{"number", "title", "status", "indicators", "change"}], "targeted_change",
"untargeted_change", "note"}."""

from __future__ import annotations

import argparse
import json

from ita.cli.inputs import err, pick, read_inputs
from ita.core.framework import load_framework
from ita.core.review import fmt, review
from ita.core.thai import parse_year


def add_review_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("review", help="มาตรการของปีที่ผ่านมาได้ผลหรือไม่: ตัวชี้วัดที่มาตรการมุ่งเทียบกับตัวอื่น "
                                      "(did last year's measures move their indicators?)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--agency", required=True, help="ชื่อหน่วยงาน (หรือคำในชื่อที่ตรงกับหน่วยงานเดียว)")
    p.add_argument("--year", required=True, help="ปีงบประมาณของแผนมาตรการ พ.ศ. เช่น 2568 (เทียบผลปี 2567 กับ 2568)")
    p.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")


def cmd_review(args: argparse.Namespace) -> int:
    fw = load_framework()
    try:
        year = parse_year(args.year)
    except ValueError as exc:
        err(f"ใช้คำสั่งไม่ถูกต้อง: {getattr(exc, 'message_th', exc)}")
        return 2
    ds = read_inputs(args.files, fw, args.agency, "ไม่ทบทวนผล")
    if ds is None:
        return 1
    agencies = pick(ds.agencies(), args.agency)
    if len(agencies) != 1:
        found = f"พบหลายหน่วยงาน: {', '.join(agencies)}" if agencies else f"มี: {', '.join(ds.agencies())}"
        err(f"ต้องระบุหน่วยงานเดียว '{args.agency}' ({found})")
        return 1
    r = review(ds, agencies[0], year, fw)
    if args.json:
        print(json.dumps(r.as_json(), ensure_ascii=False, indent=2))
        return 0
    title = agencies[0] + ("  [ข้อมูลสมมุติ — ไม่ใช่ผลจริง]" if r.fictional else "")
    lines = [f"{title}: ทบทวนมาตรการปีงบประมาณ {year} เทียบผลการประเมินปี {year - 1} กับ {year}", r.headline(), ""]
    for m in r.measures:
        changes = ", ".join(f"ตัวชี้วัดที่ {c.code} {fmt(c.change, True)}" for c in m.changes) or "ไม่ระบุตัวชี้วัด"
        lines.append(f"{m.number}. {m.title} [{m.status}{' (อนุมาน)' if m.status_inferred else ''}] — {changes}")
        if m.target_line():
            lines.append(f"   {m.target_line()}")
    lines += ["",
              f"ตัวชี้วัดที่มาตรการมุ่ง ({len(r.targeted)} ตัว): เฉลี่ย {fmt(r.targeted_change, True)}",
              f"ตัวชี้วัดอื่น ({len(r.untargeted)} ตัว): เฉลี่ย {fmt(r.untargeted_change, True)}"]
    if r.total_change is not None:
        lines.append(f"คะแนนรวม: {fmt(r.total_before)} → {fmt(r.total_after)} ({fmt(r.total_change, True)})")
    lines += ["", *r.notes]
    print("\n".join(lines))
    return 0
