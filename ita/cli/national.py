"""Commands for many agencies (issue 14):

    python -m ita peers FILE… --agency NAME --year Y [--group type|size|province|district|all] [--json]
    python -m ita fictional --seed N [--agencies N] [--province NAME] --out FILE
    python -m ita import FILE… [--db PATH]

Exit codes as ita.cli.main: 0 done, 1 refused or an input with errors (nothing written), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from ita.cli.inputs import err, pick, read_inputs
from ita.core.access import Account
from ita.core.errors import ItaError
from ita.core.framework import load_framework
from ita.core.peers import GROUP_TH, GROUPS, MIN_PEERS, agency_peers
from ita.core.rules import IMPORT_ACTIONS
from ita.core.thai import parse_year
from ita.storage.excel import WorkbookError
from ita.storage.fictional import NATIONAL_AGENCIES, generate, workbook_bytes

# Who the history records for `import` (as `users` acts as the system: whoever runs the app's commands on the
# server can read the database file anyway).
SYSTEM_IMPORT = Account(username="cli-import", display="ระบบ (คำสั่ง python -m ita import)", role="admin")


def add_national_parsers(sub: argparse._SubParsersAction) -> None:
    peers = sub.add_parser("peers", help="อันดับและเปอร์เซ็นไทล์เทียบกับหน่วยงานกลุ่มเดียวกัน (peers)")
    peers.add_argument("files", nargs="+", metavar="FILE")
    peers.add_argument("--agency", required=True, help="ชื่อหน่วยงาน (หรือคำในชื่อที่ตรงกับหน่วยงานเดียว)")
    peers.add_argument("--year", required=True, help="ปีงบประมาณ พ.ศ. เช่น 2568")
    peers.add_argument("--group", choices=list(GROUPS), help="กลุ่มเดียว (ไม่ระบุ = ทุกกลุ่ม): type ประเภท, "
                       "size ประเภทและขนาด, province จังหวัด, district อำเภอ, all ทั้งประเทศ")
    peers.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    fic = sub.add_parser("fictional", help="สร้างไฟล์ข้อมูลสมมุติระดับประเทศจาก seed (fictional national data)")
    fic.add_argument("--seed", required=True, type=int, help="seed เดียวกันได้ไฟล์เดียวกัน")
    fic.add_argument("--agencies", type=int, default=NATIONAL_AGENCIES, help=f"จำนวนหน่วยงาน ({NATIONAL_AGENCIES})")
    fic.add_argument("--province", help="ให้ทุกหน่วยงานอยู่ในจังหวัดนี้ (ชุดเล็กสำหรับสาธิต)")
    fic.add_argument("--out", required=True, help="ไฟล์ .xlsx ที่จะเขียน")
    imp = sub.add_parser("import", help="ตรวจแล้วนำเข้าไฟล์สู่ฐานข้อมูล (validate and import into the store)")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--db", help="ไฟล์ฐานข้อมูล (ค่าเริ่มต้น: ITA_DB หรือ data/ita.db)")
    imp.add_argument("--agency", help="ชื่อหน่วยงาน เมื่อตารางแบบแถวกว้างไม่มีคอลัมน์หน่วยงาน")


def cmd_peers(args: argparse.Namespace) -> int:
    fw = load_framework()
    try:
        year = parse_year(args.year)
    except ValueError as exc:
        err(f"ใช้คำสั่งไม่ถูกต้อง: {getattr(exc, 'message_th', exc)}")
        return 2
    ds = read_inputs(args.files, fw, None, "ไม่เทียบ")
    if ds is None:
        return 1
    agencies = pick(ds.agencies(), args.agency)
    if len(agencies) != 1:
        found = f"พบหลายหน่วยงาน: {', '.join(agencies[:20])}" if agencies else "ไม่พบในไฟล์"
        err(f"ต้องระบุหน่วยงานเดียว '{args.agency}' ({found})")
        return 1
    agency = agencies[0]
    result = agency_peers(ds, agency, year, fw, (args.group,) if args.group else GROUPS)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return 0
    title = agency + ("  [ข้อมูลสมมุติ — ไม่ใช่ผลจริง]" if ds.is_fictional(agency) else "")
    total = "–" if result.total is None else f"{result.total:.2f}"
    lines = [f"{title} ปี {year} คะแนนรวม {total}",
             f"(อันดับ ๑ = คะแนนสูงสุด; เปอร์เซ็นไทล์ = ร้อยละของหน่วยงานอื่นในกลุ่มที่คะแนนต่ำกว่า; "
             f"กลุ่มที่มีน้อยกว่า {MIN_PEERS} แห่งไม่จัดอันดับ)"]
    for g in result.groups:
        name = GROUP_TH[g["group"]] + (f" ({g['key']})" if g["key"] and g["group"] != "all" else "")
        if g["rank"] is not None:
            lines.append(f"- {name}: อันดับ {g['rank']} จาก {g['n']} แห่ง, เปอร์เซ็นไทล์ {g['percentile']:.1f}, "
                         f"มัธยฐาน {g['median']:.2f} (Q1 {g['q1']:.2f}, Q3 {g['q3']:.2f})")
        else:
            spread = (f" มัธยฐาน {g['median']:.2f} (Q1 {g['q1']:.2f}, Q3 {g['q3']:.2f})"
                      if g["median"] is not None else "")
            lines.append(f"- {name}: {g['note']}{spread}")
    print("\n".join(lines))
    return 0


def cmd_fictional(args: argparse.Namespace) -> int:
    if args.agencies < 1:
        err("ใช้คำสั่งไม่ถูกต้อง: --agencies ต้องมีอย่างน้อย 1")
        return 2
    started = time.perf_counter()
    table = generate(args.seed, args.agencies, province=args.province)
    data = workbook_bytes(table, args.seed)
    out = Path(args.out)
    tmp = out.with_name(out.name + ".part")
    tmp.write_bytes(data)
    os.replace(tmp, out)  # never a half-written file under the name asked for
    print(f"เขียน {out}: หน่วยงานสมมุติ {args.agencies:,} แห่ง × {len(set(table.year.tolist()))} ปี = "
          f"{len(table):,} แถว ({len(data) / 1e6:.1f} MB, {time.perf_counter() - started:.1f} วินาที, seed {args.seed})"
          " — ข้อมูลสมมุติ ไม่ใช่ผลจริง")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    # Imported here: the store and its SQLite set-up are not needed by the other commands.
    from ita.storage.excel import read_many
    from ita.storage.store import Store

    fw = load_framework()
    started = time.perf_counter()
    print(f"กำลังอ่านและตรวจ {len(args.files)} ไฟล์ …", flush=True)
    try:
        ds, report, _ = read_many(args.files, fw, default_agency=args.agency)
    except WorkbookError as exc:  # read_many reports unreadable files; this is the last resort
        err(f"อ่านไม่ได้ — {exc.message_th} ({exc.message_en}) ไม่มีสิ่งใดถูกบันทึก")
        return 1
    rows = sum(len(ds[k]) for k in ds.tables)
    print(f"อ่านแล้ว {rows:,} แถว จาก {len(ds.agencies()):,} หน่วยงาน: ข้อผิดพลาด {len(report.errors)} รายการ, "
          f"คำเตือน {len(report.warnings)} รายการ ({time.perf_counter() - started:.1f} วินาที)", flush=True)
    if report.problems:
        err(report.format_text())
    if not report.ok:
        err("มีข้อผิดพลาดในไฟล์ จึงไม่นำเข้า ไม่มีสิ่งใดถูกบันทึก (แก้ไขตามรายการข้างบนแล้วลองอีกครั้ง)")
        return 1
    store = Store(args.db)
    print(f"กำลังนำเข้าสู่ {store.name} …", flush=True)
    try:
        done = store.import_dataset(ds, SYSTEM_IMPORT)  # one transaction: all or nothing
    except ItaError as exc:
        err(f"นำเข้าไม่ได้: {exc.message_th} ไม่มีสิ่งใดถูกบันทึก")
        return 1
    counts = done["action"].value_counts() if len(done) else {}
    summary = ", ".join(f"{a} {int(counts.get(a, 0)):,}" for a in IMPORT_ACTIONS)
    print(f"นำเข้าแล้ว {len(done):,} แถว ({summary}) จาก {len(ds.agencies()):,} หน่วยงาน "
          f"ใน {time.perf_counter() - started:.1f} วินาที → {store.name}")
    return 0
