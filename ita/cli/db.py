"""`python -m ita db migrate | copy | check`: bring a store's schema up to date, copy a whole store to another
database (SQLite ↔ PostgreSQL), and check a store's integrity (ita.storage.transfer)."""

from __future__ import annotations

import argparse
import time

from ita.cli.inputs import err
from ita.core.errors import ItaError


def add_db_parser(sub: argparse._SubParsersAction) -> None:
    d = sub.add_parser("db", help="ย้ายและตรวจฐานข้อมูล (SQLite หรือ PostgreSQL) (move and check a store)")
    verbs = d.add_subparsers(dest="verb", required=True)
    migrate = verbs.add_parser("migrate", help="ปรับโครงสร้างฐานข้อมูลเป็นรุ่นล่าสุด (Alembic)")
    migrate.add_argument("--db", default=None, help="ไฟล์ SQLite หรือ postgresql://… (ค่าเริ่มต้น: ITA_DB)")
    copy = verbs.add_parser("copy", help="คัดลอกข้อมูลทั้งหมด (รวมประวัติและบัญชี) ไปยังฐานข้อมูลว่าง แล้วตรวจว่าตรงกัน")
    copy.add_argument("--from", dest="source", required=True, help="ฐานข้อมูลต้นทาง (ไฟล์หรือ URL)")
    copy.add_argument("--to", dest="target", required=True, help="ฐานข้อมูลปลายทางที่ว่าง (ไฟล์หรือ URL)")
    check = verbs.add_parser("check", help="ตรวจความถูกต้องของฐานข้อมูล")
    check.add_argument("--db", default=None, help="ไฟล์ SQLite หรือ postgresql://… (ค่าเริ่มต้น: ITA_DB)")


def cmd_db(args: argparse.Namespace) -> int:
    # Imported here: the other commands need no database driver.
    from ita.storage import db, migrate, transfer
    from ita.storage.store import Store

    started = time.perf_counter()
    try:
        if args.verb == "migrate":
            where = db.target(args.db)
            engine = db.engine(where, 10.0)
            try:
                with engine.connect() as conn:
                    before = migrate.current(conn) or (f"ก่อน Alembic รุ่น {migrate.legacy_version(conn)}"
                                                       if migrate.legacy_version(conn) else "ยังไม่มี")
            finally:
                engine.dispose()
            store = Store(args.db)
            after = store.schema_version()
            store.close()
            print(f"{where.shown()}: โครงสร้างรุ่น {before} → {after:04d} (ล่าสุด)")
            return 0
        if args.verb == "copy":
            source, target = Store(args.source), Store(args.target)
            try:
                print(f"กำลังคัดลอก {source.name} → {target.name} …", flush=True)
                report = transfer.copy(source, target)
            finally:
                source.close()
                target.close()
            for name, s in report.source.items():
                print(f"  {name:20} {s.rows:>9,} แถว  sha256 {s.digest[:16]}…  ตรงกัน")
            total = sum(s.rows for s in report.source.values())
            print(f"คัดลอกแล้ว {total:,} แถว จำนวนและค่าตรวจสอบตรงกันทุกตาราง "
                  f"({time.perf_counter() - started:.1f} วินาที)")
            return 0
        store = Store(args.db)
        try:
            found = transfer.check(store)
        finally:
            store.close()
        print(f"{found.name}: โครงสร้างรุ่น {found.revision}, "
              + ", ".join(f"{k} {v:,}" for k, v in found.rows.items() if v))
        for problem in found.problems:
            err(f"ปัญหา: {problem}")
        print("ไม่พบปัญหา" if not found.problems else f"พบปัญหา {len(found.problems)} รายการ",
              f"({time.perf_counter() - started:.1f} วินาที)")
        return 1 if found.problems else 0
    except ItaError as exc:
        err(f"{exc.message_th} ({exc.message_en})")
        return 1
