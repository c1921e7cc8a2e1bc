"""`python -m ita users …`, run as an administrator runs it on the server."""

import os
import subprocess
import sys
from pathlib import Path

from ita.storage.accounts import Accounts
from ita.storage.store import Store

ROOT = Path(__file__).resolve().parents[3]
PW = "ลำไยหวาน-2568!"


def users(db, *args, stdin=None):
    env = {**os.environ, "ITA_DB": str(db), "USER": "it-officer"}
    return subprocess.run([sys.executable, "-m", "ita", "users", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_add_list_grant_passwd_disable_through_the_command(tmp_path):
    db = tmp_path / "u.db"
    assert "ยังไม่มีบัญชีผู้ใช้" in users(db, "list").stdout
    added = users(db, "add", "somchai", "--role", "planner", "--agency", "อบต.ป่าตึง", "--display", "สมชาย ใจดี",
                  "--position", "ปลัด อบต.", "--password-stdin", stdin=PW + "\n")
    assert added.returncode == 0, added.stderr
    assert users(db, "add", "head", "--role", "unit", "--unit", "อบต.ป่าตึง/กองคลัง", "--no-password").returncode == 0
    listed = users(db, "list").stdout
    assert "somchai\tสมชาย ใจดี\tผู้วางแผน\tใช้งาน" in listed and "ส่วนงาน อบต.ป่าตึง/กองคลัง" in listed
    assert PW not in listed and "argon2" not in listed
    store = Store(db)
    try:
        assert Accounts(store).sign_in("somchai", PW).agencies == frozenset({"อบต.ป่าตึง"})
        assert users(db, "passwd", "somchai", "--password-stdin", stdin="รหัสใหม่ที่ยาวพอแล้ว\n").returncode == 0
        assert Accounts(store).sign_in("somchai", "รหัสใหม่ที่ยาวพอแล้ว").username == "somchai"
        assert users(db, "disable", "somchai").returncode == 0
        assert "ระงับ" in users(db, "list").stdout
        authors = set(store.history("accounts")["author"])
        assert authors == {"ระบบ (คำสั่ง python -m ita users) โดย it-officer"}
    finally:
        store.close()


def test_refusals_are_thai_and_exit_1_or_2(tmp_path):
    db = tmp_path / "u.db"
    weak = users(db, "add", "x", "--role", "admin", "--password-stdin", stdin="short\n")
    assert weak.returncode == 1 and "อย่างน้อย 10 ตัวอักษร" in weak.stderr and "Traceback" not in weak.stderr
    assert users(db, "passwd", "nobody", "--password-stdin", stdin=PW + "\n").returncode == 1
    assert users(db, "grant", "nobody").returncode == 2  # nothing to grant
    assert users(db, "add", "y", "--role", "unit", "--unit", "no-slash", "--no-password").returncode == 2
    # A password is never an argument: there is no such option.
    assert users(db, "add", "z", "--role", "admin", "--password", PW).returncode == 2
    assert users(db, "list").stdout.startswith("ยังไม่มีบัญชีผู้ใช้")
