"""`python -m ita users …`: the accounts of the store (ITA_DB), managed offline by whoever can run the
app's commands on the server (that person can read the database file anyway, so the command acts as the
system, and the history says so).

    users add NAME --role admin|planner|unit|viewer [--agency A]… [--unit AGENCY/UNIT]… [--province P]…
              [--district P/D]… [--display …] [--position …] [--email …] [--no-password] [--password-stdin]
    users list
    users passwd NAME [--password-stdin]
    users disable NAME · users enable NAME · users unlock NAME
    users grant NAME [--agency A]… [--unit AGENCY/UNIT]… [--province P]… [--district P/D]…
    users revoke NAME (the same options)

A password is asked at a prompt (twice, not echoed) or read as the first line of standard input with
--password-stdin; never from an argument (it would stay in the shell's history and the process list).
Exit codes: 0 done, 1 refused (the message says why), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from ita.cli.inputs import err
from ita.core.access import ROLES
from ita.core.errors import ItaError
from ita.services.admin import grant_label, state_th
from ita.storage.accounts import SYSTEM_CLI, Accounts
from ita.storage.store import Store


def add_users_parser(sub: argparse._SubParsersAction) -> None:
    u = sub.add_parser("users", help="จัดการบัญชีผู้ใช้ของฐานข้อมูล (ITA_DB) (manage accounts)")
    verbs = u.add_subparsers(dest="verb", required=True)
    add = verbs.add_parser("add", help="เพิ่มบัญชี")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=list(ROLES), help="บทบาท: " + ", ".join(
        f"{k} = {v}" for k, v in ROLES.items()))
    add.add_argument("--display", default="", help="ชื่อที่แสดงและลงในประวัติ (ค่าเริ่มต้น: NAME)")
    add.add_argument("--position", default="", help="ตำแหน่ง (ใช้ในส่วนลงนามของเอกสาร)")
    add.add_argument("--email", default="", help="อีเมล (ใช้จับคู่บัญชีเมื่อเข้าระบบผ่าน SSO)")
    add.add_argument("--no-password", action="store_true", help="ไม่ตั้งรหัสผ่าน (เข้าได้ทาง SSO เท่านั้น)")
    _password_option(add)
    _grant_options(add)
    verbs.add_parser("list", help="แสดงบัญชีทั้งหมด")
    passwd = verbs.add_parser("passwd", help="ตั้งรหัสผ่านใหม่")
    passwd.add_argument("name", metavar="NAME")
    _password_option(passwd)
    for verb, text in (("disable", "ระงับบัญชี"), ("enable", "เปิดใช้บัญชีอีกครั้ง"), ("unlock", "ปลดล็อกบัญชีที่กรอกรหัสผิดเกินกำหนด")):
        verbs.add_parser(verb, help=text).add_argument("name", metavar="NAME")
    for verb, text in (("grant", "ให้สิทธิ์หน่วยงาน ส่วนงาน หรือกลุ่มหน่วยงาน"), ("revoke", "ถอนสิทธิ์")):
        g = verbs.add_parser(verb, help=text)
        g.add_argument("name", metavar="NAME")
        _grant_options(g)


def _password_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--password-stdin", action="store_true", help="อ่านรหัสผ่านจากบรรทัดแรกของ standard input")


def _grant_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--agency", action="append", default=[], help="หน่วยงานที่ให้สิทธิ์ (ใส่ได้หลายครั้ง)")
    p.add_argument("--unit", action="append", default=[], metavar="AGENCY/UNIT",
                   help="ส่วนงานของหัวหน้าส่วนงาน เช่น 'อบต.ป่าตึง/สำนักปลัด'")
    p.add_argument("--province", action="append", default=[], help="ทุกหน่วยงานในจังหวัด (ผู้กำกับดูแล)")
    p.add_argument("--district", action="append", default=[], metavar="PROVINCE/DISTRICT",
                   help="ทุกหน่วยงานในอำเภอ เช่น 'เชียงราย/แม่จัน'")


def _grants(args: argparse.Namespace) -> list[tuple[str, str, str]]:
    """Returns (kind, agency, value) of the grant options; raises ValueError for a unit without '/'."""
    out = [("agency", a, "") for a in args.agency]
    for item in args.unit:
        agency, sep, unit = item.rpartition("/")
        if not sep or not agency.strip() or not unit.strip():
            raise ValueError(f"--unit ต้องเขียนเป็น หน่วยงาน/ส่วนงาน (ได้ '{item}')")
        out.append(("unit", agency.strip(), unit.strip()))
    out += [("province", "", p) for p in args.province]
    out += [("district", "", d) for d in args.district]
    return out


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    first = getpass.getpass("รหัสผ่าน: ")
    if getpass.getpass("รหัสผ่านอีกครั้ง: ") != first:
        raise ValueError("รหัสผ่านสองครั้งไม่ตรงกัน")
    return first


def _by() -> str:
    user = os.environ.get("USER") or os.environ.get("USERNAME") or ""
    return f"{SYSTEM_CLI} โดย {user}" if user else SYSTEM_CLI


def cmd_users(args: argparse.Namespace) -> int:
    try:
        grants = _grants(args) if args.verb in {"add", "grant", "revoke"} else []
    except ValueError as exc:
        err(f"ใช้คำสั่งไม่ถูกต้อง: {exc}")
        return 2
    if args.verb in {"grant", "revoke"} and not grants:
        err("ใช้คำสั่งไม่ถูกต้อง: ระบุ --agency, --unit, --province หรือ --district อย่างน้อยหนึ่งอย่าง")
        return 2
    store = Store()
    accounts = Accounts(store)
    by = _by()
    try:
        if args.verb == "list":
            _print_list(accounts)
            return 0
        if args.verb == "add":
            password = None if args.no_password else _read_password(args)
            accounts.add(by, args.name, args.role, password, args.display, args.position, args.email)
            for kind, agency, value in grants:
                accounts.grant(by, args.name, kind, agency, value)
            print(f"เพิ่มบัญชี {args.name} ({ROLES[args.role]}) แล้ว")
        elif args.verb == "passwd":
            accounts.set_password(by, args.name, _read_password(args))
            print(f"ตั้งรหัสผ่านใหม่ของ {args.name} แล้ว")
        elif args.verb in {"disable", "enable"}:
            accounts.set_active(by, args.name, args.verb == "enable")
            print(f"{'เปิดใช้' if args.verb == 'enable' else 'ระงับ'}บัญชี {args.name} แล้ว")
        elif args.verb == "unlock":
            accounts.unlock(by, args.name)
            print(f"ปลดล็อกบัญชี {args.name} แล้ว")
        else:
            for kind, agency, value in grants:
                (accounts.grant if args.verb == "grant" else accounts.revoke)(by, args.name, kind, agency, value)
            print(f"{'ให้' if args.verb == 'grant' else 'ถอน'}สิทธิ์ของ {args.name} แล้ว")
    except ValueError as exc:  # the two prompts differ
        err(str(exc))
        return 1
    except ItaError as exc:
        err(exc.message_th)
        return 1
    finally:
        store.close()
    return 0


def _print_list(accounts: Accounts) -> None:
    rows = accounts.list()
    if not rows:
        print("ยังไม่มีบัญชีผู้ใช้ (สร้างบัญชีแรกด้วย: python -m ita users add NAME --role admin)")
        return
    now = accounts.clock()  # the clock that decides the lock, as the sign-in does
    for r in rows:
        grants = "; ".join(grant_label(*g) for g in r.grants) or "-"
        print("\t".join([r.username, r.display, ROLES.get(r.role, r.role), state_th(r, now), r.email or "-", grants]))
