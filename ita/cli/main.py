"""Command line: `python -m ita validate FILE...`, `python -m ita summary FILE... [--json]`,
`python -m ita whatif FILE... --agency NAME --year Y --set IND=SCORE [--set …] [--json]`, `report`
(ita.cli.report), `review` (ita.cli.review), `users` (ita.cli.users), `peers`, `fictional`, `import`
(ita.cli.national) and `db` (ita.cli.db).

Exit codes: 0 no error (warnings allowed); 1 an input has errors or cannot be read;
2 wrong usage; 130 interrupted (Ctrl-C); 141 standard output was closed early (`| head`), ended
quietly as a command stopped by SIGPIPE (128 + 13). Nothing here ever prints a traceback to a user.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from ita.cli.db import add_db_parser, cmd_db
from ita.cli.inputs import err, pick, read_inputs
from ita.cli.national import add_national_parsers, cmd_fictional, cmd_import, cmd_peers
from ita.cli.report import add_report_parser, cmd_report
from ita.cli.review import add_review_parser, cmd_review
from ita.cli.users import add_users_parser, cmd_users
from ita.core.analysis import CATEGORY_TH, Thresholds, agency_summaries, year_scores
from ita.core.framework import TOOLS, load_framework
from ita.core.scoring import round2
from ita.core.thai import format_number, parse_year
from ita.services.whatif import WhatIfError, check_targets, parse_target, what_if
from ita.storage.excel import WorkbookError, read_workbook


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m ita",
        description="ตรวจและสรุปผลการประเมิน ITA จากไฟล์ Excel (ITA results: validate and summarise workbooks)",
    )
    sub = p.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="ตรวจไฟล์และแสดงปัญหาทั้งหมด (validate workbooks)")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument("--agency", help="ชื่อหน่วยงาน เมื่อตารางแบบแถวกว้างไม่มีคอลัมน์หน่วยงาน")
    summary = sub.add_parser("summary", help="สรุปผลรายปีของแต่ละหน่วยงาน (summarise per agency)")
    summary.add_argument("files", nargs="+", metavar="FILE")
    summary.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    summary.add_argument("--agency", help="เฉพาะหน่วยงานที่ชื่อมีคำนี้ (หรือชื่อหน่วยงานของตารางที่ไม่มีคอลัมน์หน่วยงาน)")
    summary.add_argument("--urgent-below", type=float, default=85.0, help="ต่ำกว่าค่านี้ = ต้องแก้ไขเร่งด่วน (85)")
    summary.add_argument("--strong-from", type=float, default=95.0, help="ตั้งแต่ค่านี้ = จุดแข็ง (95)")
    whatif = sub.add_parser("whatif", help="ลองตั้งเป้าคะแนนตัวชี้วัด แล้วดูคะแนนรวมและระดับใหม่ (what-if)")
    whatif.add_argument("files", nargs="+", metavar="FILE")
    whatif.add_argument("--agency", required=True, help="ชื่อหน่วยงาน (หรือคำในชื่อที่ตรงกับหน่วยงานเดียว)")
    whatif.add_argument("--year", required=True, help="ปีงบประมาณ พ.ศ. เช่น 2568")
    whatif.add_argument("--set", action="append", required=True, dest="targets", metavar="IND=SCORE",
                        help="เป้าหมายของตัวชี้วัด เช่น --set 10=95 (ใส่ได้หลายครั้ง)")
    whatif.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    add_report_parser(sub)
    add_review_parser(sub)
    add_users_parser(sub)
    add_national_parsers(sub)
    add_db_parser(sub)
    return p


def cmd_validate(args: argparse.Namespace) -> int:
    fw = load_framework()
    failed = False
    for f in args.files:
        try:
            res = read_workbook(f, fw, default_agency=args.agency)
        except WorkbookError as exc:
            print(f"✗ {f}: อ่านไม่ได้ — {exc.message_th} ({exc.message_en})")
            failed = True
            continue
        rep = res.report
        layout = {"template": "แม่แบบของโปรแกรม", "wide": "ตารางแถวกว้าง", "none": "ไม่พบตาราง"}[res.layout]
        mark = "✓" if rep.ok else "✗"
        print(
            f"{mark} {f} ({layout}): ข้อผิดพลาด {len(rep.errors)} รายการ, คำเตือน {len(rep.warnings)} รายการ"
            f" — {'ผ่าน' if rep.ok else 'ไม่ผ่าน'}"
        )
        if rep.problems:
            print("\n".join("  " + line for line in rep.format_text().splitlines()))
        failed = failed or not rep.ok
    return 1 if failed else 0


def cmd_summary(args: argparse.Namespace) -> int:
    fw = load_framework()
    try:
        thresholds = Thresholds(args.urgent_below, args.strong_from)
    except ValueError:
        err("เกณฑ์ไม่ถูกต้อง: ต้องเป็น 0 ≤ --urgent-below ≤ --strong-from ≤ 100")
        return 2
    ds = read_inputs(args.files, fw, args.agency, "ไม่สรุปผล")
    if ds is None:
        return 1
    agencies = pick(ds.agencies(), args.agency)
    if args.agency and not agencies:
        err(f"ไม่พบหน่วยงาน '{args.agency}' ในไฟล์ (มี: {', '.join(ds.agencies())})")
        return 1
    # Written agency by agency: a national file's summary is 80 MB of JSON, not to be held at once.
    summaries = (s for s in agency_summaries(ds, agencies, fw, thresholds) if s["years"])
    if args.json:
        _write_json_list(summaries)
    else:
        _write_table(summaries)
    return 0


def _write_json_list(items: Iterable[Any]) -> None:
    """Writes what `print(json.dumps(list(items), ensure_ascii=False, indent=2))` would, one item at
    a time (JSON text holds no raw line break, so each line of an item can be indented alone)."""
    out = sys.stdout
    first = True
    for item in items:
        out.write("[\n" if first else ",\n")
        out.write("\n".join("  " + line for line in json.dumps(item, ensure_ascii=False, indent=2).split("\n")))
        first = False
    out.write("[]\n" if first else "\n]\n")


def cmd_whatif(args: argparse.Namespace) -> int:
    """Prints the year's new tools, total and level with the targets; `gain` is the new computed
    total minus the computed total before (both from the ten indicator scores)."""
    fw = load_framework()
    try:
        year = parse_year(args.year)
        pairs = [(parse_target(t), t) for t in args.targets]
        targets = dict(pair for pair, _ in pairs)
        check_targets(targets, fw)
    except ValueError as exc:
        err(f"ใช้คำสั่งไม่ถูกต้อง: {getattr(exc, 'message_th', exc)}")
        return 2
    # Two targets for one indicator (e.g. --set 10=95 --set ๑๐=90) are a typing slip: refuse rather
    # than keep the last one silently.
    given: dict[str, list[str]] = {}
    for (code, _), raw in pairs:
        given.setdefault(code, []).append(raw)
    repeated = {code: raws for code, raws in given.items() if len(raws) > 1}
    if repeated:
        listed = "; ".join(f"ตัวชี้วัดที่ {code}: " + ", ".join(f"--set {r}" for r in raws)
                           for code, raws in repeated.items())
        err(f"ใช้คำสั่งไม่ถูกต้อง: ตั้งเป้าตัวชี้วัดเดียวกันซ้ำ ({listed}) ระบุได้ตัวชี้วัดละหนึ่งครั้ง")
        return 2
    ds = read_inputs(args.files, fw, args.agency, "ไม่คำนวณ")
    if ds is None:
        return 1
    agencies = pick(ds.agencies(), args.agency)
    if len(agencies) != 1:
        found = f"พบหลายหน่วยงาน: {', '.join(agencies)}" if agencies else f"มี: {', '.join(ds.agencies())}"
        err(f"ต้องระบุหน่วยงานเดียว '{args.agency}' ({found})")
        return 1
    try:
        result = what_if(year, year_scores(ds, agencies[0], year), targets, fw)
    except WhatIfError as exc:
        err(f"{agencies[0]} ปี {year}: {exc.message_th}")
        return 1
    out = {
        "total": round2(result.total),
        "gain": round2(result.gain),
        "level": result.level,
        "tools": {t: round2(v) for t, v in result.tools.items()},
    }
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    title = agencies[0] + ("  [ข้อมูลสมมุติ — ไม่ใช่ผลจริง]" if ds.is_fictional(agencies[0]) else "")
    print("\n".join([
        f"{title} ปี {year} (คำนวณจากคะแนนตัวชี้วัด)",
        "เป้าหมาย: " + ", ".join(f"ตัวชี้วัดที่ {c} = {_num(v)}" for c, v in result.targets.items()),
        f"คะแนนรวม: {_num(result.total_before)} → {_num(result.total)} ({_num(result.gain, sign=True)})",
        f"ระดับ ({result.scheme_th}, ความเชื่อมั่น {result.level_confidence}): "
        f"{result.level_before or '–'} → {result.level or '–'}",
        "เครื่องมือ: " + ", ".join(f"{t} {_num(result.tools_before[t])} → {_num(result.tools[t])}" for t in TOOLS),
        f"ยังขาดอีกถึง {result.pass_mark:g}: {_num(result.to_pass)} · ถึง {result.top_mark:g}: {_num(result.to_top)}",
    ]))
    return 0


def _num(v: float | None, sign: bool = False) -> str:
    return format_number(v, digits="arabic", sign=sign) if v is not None else "–"


def _write_table(summaries: Iterable[dict[str, Any]]) -> None:
    """Prints the summaries as text, one agency at a time."""
    written = False
    for s in summaries:
        lines: list[str] = []
        title = s["agency"] + ("  [ข้อมูลสมมุติ — ไม่ใช่ผลจริง]" if s["fictional"] else "")
        lines += [title, "=" * 60]
        header = ["ปี", "คะแนนรวม", "เปลี่ยนแปลง", "ระดับ (ประกาศ)", "ระดับ (คำนวณ)", *TOOLS]
        rows = [header]
        for y in s["years"]:
            rows.append(
                [
                    str(y["year"]),
                    _num(y["total"] if y["total"] is not None else y["total_computed"]),
                    _num(y["change"], sign=True),
                    y["level"] or "–",
                    y["level_computed"] or "–",
                    *[_num(y["tools"][t]) for t in TOOLS],
                ]
            )
        widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
        for r in rows:
            lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
        for y in s["years"]:
            if y["weak"]:
                weak = ", ".join(
                    f"ตัวชี้วัดที่ {w['indicator']} {_num(w['score'])} ({CATEGORY_TH[w['category']]},"
                    f" เหลือ {_num(w['headroom'])} คะแนน)"
                    for w in y["weak"]
                )
                lines.append(f"ปี {y['year']} จุดที่ควรพัฒนา (เรียงตามคะแนนที่ยังเพิ่มได้): {weak}")
            elif not any(v is not None for v in y["indicators"].values()):
                lines.append(f"ปี {y['year']}: มีเฉพาะคะแนนรวม ไม่มีคะแนนรายตัวชี้วัด")
            if y.get("level_computed_note"):
                lines.append(f"ปี {y['year']} ระดับ (คำนวณ): {y['level_computed_note']}")
            for f in y["findings"]:
                lines.append(f"ปี {y['year']} ข้อสังเกต: {f}")
        lines.append("")
        sys.stdout.write("\n".join(lines) + "\n")
        written = True
    if not written:
        print("ไม่มีข้อมูลผลการประเมินในไฟล์")


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if callable(reconfigure):
            reconfigure(encoding="utf-8")
    try:
        try:
            return _command(_parser().parse_args(argv))
        finally:
            # Output waiting in the buffer is written now, so a reader that stopped early is met here
            # rather than at exit, where Python would print "Exception ignored … BrokenPipeError".
            sys.stdout.flush()
    except BrokenPipeError:
        # Whoever read standard output has stopped (`| head`): end quietly, as Unix tools do, and
        # send what is still buffered to /dev/null so that the flush at exit finds nothing to report.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 128 + signal.SIGPIPE


def _command(args: argparse.Namespace) -> int:
    try:
        if args.command == "validate":
            return cmd_validate(args)
        if args.command == "report":
            return cmd_report(args)
        if args.command == "users":
            return cmd_users(args)
        if args.command == "whatif":
            return cmd_whatif(args)
        if args.command == "peers":
            return cmd_peers(args)
        if args.command == "fictional":
            return cmd_fictional(args)
        if args.command == "import":
            return cmd_import(args)
        if args.command == "db":
            return cmd_db(args)
        if args.command == "review":
            return cmd_review(args)
        return cmd_summary(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise  # not an error of the command: main ends quietly
    except Exception as exc:  # noqa: BLE001 - a user never sees a traceback; the message says what failed
        err(f"เกิดข้อผิดพลาดที่ไม่คาดคิด: {exc.__class__.__name__}: {exc}")
        return 3
