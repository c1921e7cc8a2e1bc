"""A writer process is killed (SIGKILL) at random moments while it saves large edits, on each engine.

The writer saves numbered ~200 KB texts into the `method` of two measures, alternately with
`update_measure` (one transaction per measure) and `import_dataset` (both measures in one
transaction). Each text carries its number, length and SHA-256, so a truncated or mixed text
is caught. The kills come two ways: from the test after a random delay (anywhere, also inside
the database's own writing), and from the writer itself just before a randomly chosen SQL statement
of a write transaction (so every point between two statements, up to the COMMIT, is reached).
After every kill the store, opened fresh, must be intact: integrity_check "ok", each text
complete, the two measures consistent with the transactions, nothing reported as saved lost,
and the history in step with the rows.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ita.storage.bundled import load_bundled
from ita.storage.store import Store
from tests.unit.conftest import actor
from tests.unit.storage import sql

PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
ROOT = Path(__file__).resolve().parents[3]
TIMED_ROUNDS = 4  # the test kills the writer after a random delay
STATEMENT_ROUNDS = 12  # the writer kills itself before a random statement of a write transaction
STATEMENTS_PER_TWO_TEXTS = 27  # statements inside write transactions for one odd and one even text
PREFIX = "CRASH|"

# Run as `python -c WRITER db idA idB kill_at`: saves text k = last + 1, last + 2, … until
# killed. Odd k: update_measure A, then B (two transactions). Even k: import_dataset of A and B
# (one transaction). kill_at > 0: SIGKILLs itself just before the kill_at-th statement run
# inside a write transaction (BEGIN … COMMIT).
WRITER = r"""
import hashlib, os, random, signal, sys
from sqlalchemy import event
from ita.core.access import Account
from ita.core.model import Dataset
from ita.storage.store import Store

db, a, b, kill_at = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789 \nกขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮะาำิีึืุู่้๊๋"

def text(k):
    body = "".join(random.Random(k).choices(ALPHABET, k=100_000))  # about 200 KB in UTF-8
    return f"CRASH|{k}|{len(body)}|{hashlib.sha256(body.encode()).hexdigest()}|{body}"

store = Store(db)
writer = Account(username="writer", display="writer", role="admin")
method = store.measure(a)["method"] or ""
k = int(method.split("|")[1]) if method.startswith("CRASH|") else 0
state = {"in": False, "n": 0}

def trace(sql):
    if sql.startswith("BEGIN"):
        state["in"] = True
    if state["in"]:
        state["n"] += 1
        if state["n"] == kill_at:
            print("killing before", sql.split("(")[0][:40].replace(chr(10), " "), flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
    if sql.startswith(("COMMIT", "ROLLBACK")):
        state["in"] = False

# Every statement the store sends, and its transactions' starts and ends as SQLAlchemy sees them (PostgreSQL's
# driver sends no BEGIN of its own; SQLite's BEGIN statement is the engine's, counted as the start).
event.listen(store.engine, "begin", lambda conn: trace("BEGIN"))
event.listen(store.engine, "before_cursor_execute",
             lambda conn, cur, sql, *rest: None if sql.startswith("BEGIN") else trace(sql))
event.listen(store.engine, "commit", lambda conn: trace("COMMIT"))
event.listen(store.engine, "rollback", lambda conn: trace("ROLLBACK"))
print("started", k, flush=True)
while True:
    k += 1
    t = text(k)
    print("begin", k, flush=True)
    if k % 2:
        for mid in (a, b):
            store.update_measure(mid, {"method": t}, store.measure(mid)["version"], writer)
            print("commit", k, mid, flush=True)
    else:
        rows = [{**store.measure(mid), "method": t} for mid in (a, b)]
        store.import_dataset(Dataset.from_records({"measures": rows}), writer)
        print("commit", k, a, flush=True)
        print("commit", k, b, flush=True)
"""


def _number(method: str | None, mid: int) -> int:
    """Returns k of a complete writer text (0 for the seeded text); fails on a damaged one."""
    if not (method or "").startswith(PREFIX):
        return 0
    _, k, length, digest, body = method.split("|", 4)
    assert len(body) == int(length), f"measure {mid}: text {k} is {len(body)} chars, not {length}"
    assert hashlib.sha256(body.encode()).hexdigest() == digest, f"measure {mid}: text {k} is damaged"
    return int(k)


def _check_history(store: Store, mid: int, checked: dict[int, tuple[int, dict | None]]) -> None:
    """The measure's history is one unbroken chain of versions (each entry's `before` is the
    previous entry's `after`, one version up) ending at the row as it is now. `checked` holds
    the last entry already verified per measure, so that each round reads only the new ones."""
    last_id, prev = checked.get(mid, (0, None))
    rows = sql.rows(store, "SELECT id, before, after FROM history WHERE tbl = 'measures' AND row_id = :mid "
                    "AND id > :last ORDER BY id", mid=mid, last=last_id)
    for h in rows:
        before = json.loads(h["before"]) if h["before"] is not None else None
        after = json.loads(h["after"])
        assert before == prev, f"measure {mid}: history entry {h['id']} does not follow the previous one"
        assert after["version"] == (prev["version"] + 1 if prev else 1), f"measure {mid}: entry {h['id']}"
        last_id, prev = h["id"], after
    checked[mid] = (last_id, prev)
    row = store.measure(mid)
    count = sql.scalar(store, "SELECT COUNT(*) FROM history WHERE tbl = 'measures' AND row_id = :mid", mid=mid)
    assert count == row["version"], f"measure {mid}: {count} history entries, version {row['version']}"
    assert prev == row, f"measure {mid}: the latest history entry is not the current row"


def _run_and_kill(db: str, a: int, b: int, delay: float | None, kill_at: int = 0) -> list[str]:
    """Starts the writer and kills it `delay` s after it reports that it started (or lets it
    kill itself at statement `kill_at`); returns its lines."""
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    p = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(a), str(b), str(kill_at)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    lines: list[str] = []
    started = threading.Event()

    def read() -> None:
        assert p.stdout is not None
        for line in p.stdout:
            lines.append(line.strip())
            started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert started.wait(60), "the writer never started"
        if delay is None:
            p.wait(60)
        else:
            time.sleep(delay)
            assert p.poll() is None, f"the writer stopped by itself:\n{p.stderr.read() if p.stderr else ''}"
            os.kill(p.pid, signal.SIGKILL)
    finally:
        if p.poll() is None:
            p.kill()
        p.wait()
        reader.join(10)
    err = p.stderr.read() if p.stderr else ""
    if p.stderr:
        p.stderr.close()
    assert p.returncode == -signal.SIGKILL, f"writer ended with {p.returncode}:\n{err}"
    assert delay is not None or lines[-1].startswith("killing before"), lines[-3:]
    return lines


@pytest.fixture
def seeded_db(new_db):
    path = new_db(seeded=True)
    s = Store(path)
    s.seed(load_bundled()[0])
    a, b = (int(i) for i in s.measures(PATUENG, 2569)["id"][:2])
    s.close()
    return path, a, b


def test_killed_writer_leaves_complete_values_and_history(seeded_db):
    db, a, b = seeded_db
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    started = time.monotonic()
    rounds = []
    last = {a: 0, b: 0}
    checked: dict[int, tuple[int, dict | None]] = {}
    plan = [("timed", rng.uniform(0.05, 0.6)) for _ in range(TIMED_ROUNDS)]
    plan += [("statement", rng.randint(1, 2 * STATEMENTS_PER_TWO_TEXTS)) for _ in range(STATEMENT_ROUNDS)]
    rng.shuffle(plan)
    for r, (mode, when) in enumerate(plan):
        if mode == "timed":
            lines = _run_and_kill(db, a, b, float(when))
            how = f"killed {when:.2f} s in"
        else:
            lines = _run_and_kill(db, a, b, None, int(when))
            how = f"killed itself at statement {when} ({lines[-1]})"
        begun = max((int(x.split()[1]) for x in lines if x.startswith("begin ")), default=0)
        saved = {mid: max((int(x.split()[1]) for x in lines if x.startswith("commit ") and
                           int(x.split()[2]) == mid), default=0) for mid in (a, b)}

        # Opened fresh, as after a power cut.
        if "://" not in db:  # SQLite's own check of its file (a PostgreSQL server keeps its files itself)
            conn = sqlite3.connect(db)
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"round {r} (seed {seed})"
            conn.close()
        store = Store(db)
        try:
            ka = _number(store.measure(a)["method"], a)
            kb = _number(store.measure(b)["method"], b)
            where = f"round {r}, {how} (seed {seed}): A has text {ka}, B has {kb}"
            # Texts are saved in order: A before B within an odd k, both at once for an even k.
            assert ka == kb or (ka == kb + 1 and ka % 2 == 1), where
            # Nothing reported as saved is lost, nothing not yet begun appears.
            assert ka >= saved[a] and kb >= saved[b], f"{where}; reported saved {saved}"
            # Texts only move forward, and never past the one the writer had begun.
            assert ka >= last[a] and kb >= last[b], f"{where}; before the round {last}"
            assert ka <= max(begun, last[a]) and kb <= max(begun, last[b]), f"{where}; begun {begun}"
            for mid in (a, b):
                _check_history(store, mid, checked)
        finally:
            store.close()
        last = {a: ka, b: kb}
        rounds.append((how.removeprefix("killed "), begun, ka, kb))

    # After all the kills, the store still takes edits, and the whole history (read through
    # the public interface this time) is still one chain per measure.
    store = Store(db)
    try:
        m = store.measure(a)
        saved_row = store.update_measure(a, {"followup": "หลังการทดสอบ"}, m["version"], actor("ทดสอบ"))
        assert saved_row["version"] == m["version"] + 1
        for mid in (a, b):
            hist = store.history("measures", mid).sort_values("id")
            afters = [json.loads(x) for x in hist["after"]]
            assert [x["version"] for x in afters] == list(range(1, len(afters) + 1))
            assert afters[-1] == store.measure(mid)
        if store.dialect == "sqlite":
            assert sql.scalar(store, "PRAGMA integrity_check") == "ok"
    finally:
        store.close()
    elapsed = time.monotonic() - started
    print(f"\nseed {seed}; {elapsed:.1f} s; rounds (kill, last begun k, A's k, B's k):")
    print("\n".join(map(str, rounds)))
    assert sum(r[1] for r in rounds) > 0, "the writer never began a write"
