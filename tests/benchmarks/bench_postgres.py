"""Benchmark: the store on PostgreSQL beside SQLite (issue 15).

Starts its own throwaway PostgreSQL (tests/pgserver.py: Debian's postgresql package), or uses the server of
ITA_TEST_PG_URL, and measures in the same run, on a SQLite file and on a PostgreSQL database each:

1. import: the fictional national workbook (`python -m ita fictional --seed 1 --agencies N`) imported into an
   empty store by `python -m ita import FILE --db TARGET`, in a child process: the whole command's wall time,
   the time the CLI reports for reading and validating the file, the rest (the store's share: open, migrate,
   match, write), the child's own peak RSS (its rusage, os.wait4) and the store's size; then the same file
   again (every row unchanged). The two engines are run in turn (SQLite new, PostgreSQL new, SQLite again,
   PostgreSQL again), so a burst of load falls on both.
2. writers: WRITERS processes, each with its own Store on one database seeded with the bundled data, for
   SECONDS: each reads a measure, waits 0–2 ms (a person's save is never instant), and saves a change of one
   field (followup or note) with the version it read (Store.update_measure: optimistic concurrency, a
   ConflictError is a refusal). Every other save is on one of the three shared measures (ป่าตึง's first three
   of 2569, as tests/unit/storage/test_store_concurrency.py: one agency's plan edited by many at once, so most
   of these saves race and many are refused: the case that must never lose an update); the others on the
   writer's own measure (added to สุขใจ's 2569 plan for the run: nobody else writes it, so it is never
   refused, and only the write lock is shared). Printed: accepted and refused saves per second, p50/p95/p99
   latency of a save (the update_measure call) accepted and refused, StoreBusyError and other errors, and
   the check afterwards, from the `history` table and the rows: every accepted save in the history exactly
   once, as saved; versions growing by one per accepted save; every refused one nowhere; each measure's
   final row its last accepted save. Lost updates (an accepted save missing from the history, saved over a
   version its writer never read, or a final row that is not the last accepted save) must be 0.
3. pages: the bundled data plus the national data (as bench_national_app.py makes it: the data page's
   preview and import, in a child process) in a SQLite store and in a PostgreSQL store; every page of the app
   timed under AppTest with bench_national_app.page_reruns, the two stores' apps in two processes in lockstep:
   the first run of each process (opens the store, loads the dataset, builds the index) and each step's warm
   rerun (median of RERUNS), with the ratio PostgreSQL / SQLite (target ≤ 1.2×).

The server this script starts runs with durable settings (fsync, synchronous_commit and full_page_writes on,
as a production server and as the SQLite store's synchronous=FULL), not the test server's fast ones;
`--pg-durable off` keeps those. A server of ITA_TEST_PG_URL is used as it is (its settings are printed).

Prints figures and asserts nothing; pytest does not collect it (no test_ prefix). From the repo root:

    .venv/bin/python tests/benchmarks/bench_postgres.py [--agencies 8317] [--writers 20] [--seconds 60]
        [--reruns 7] [--only import|writers|pages] [--keep] [--pg-durable on|off]

`--keep` leaves the temporary folder (SQLite stores, the workbook, the writers' logs) and the PostgreSQL
server and its databases in place, and prints where they are. A small trial run:
`--agencies 300 --writers 4 --seconds 5 --reruns 2`.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT)]

from tests.benchmarks import bench_national_app as app  # noqa: E402  (needs ROOT on the path)

SQLITE, POSTGRES = "SQLite", "PostgreSQL"
ENGINES = (SQLITE, POSTGRES)
PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
SHARED_YEAR, SHARED_COUNT = 2569, 3
FIELDS = ("followup", "note")
THINK = 0.002  # the longest wait between reading a measure and saving it (s)
TOKEN = re.compile(r"\[w\d{2}-\d{6}\]")  # what a writer's save writes: [w07-000123]
# What verify() checks after the writers, in the order printed; "lost updates" sums the ones that lose a save.
CHECKS = (
    "accepted saves missing from the history",
    "accepted saves in the history more than once",
    "accepted saves recorded with another row or value",
    "accepted saves over a version their writer never read",
    "accepted saves whose version is not the read one + 1",
    "entries not adding one version",
    "entries not starting from the previous one",
    "entries of no accepted save",
    "history entries of other rows",
    "refused saves written somewhere",
    "final rows that are not the last accepted save",
    "final rows that are not their latest history entry",
    "final rows changed with no accepted save",
    "final versions not initial + accepted saves",
    "lost updates",
)
DURABLE = {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}


def load_average() -> str:
    return app.load_average()


# -- the databases ------------------------------------------------------------------------------------------

class Databases:
    """New empty stores on either engine: SQLite files in `tmp`, PostgreSQL databases on `server`."""

    def __init__(self, tmp: Path, server: Any) -> None:
        self.tmp, self.server = tmp, server
        self.run = uuid.uuid4().hex[:8]  # a server of ITA_TEST_PG_URL may be shared
        self.made: list[str] = []

    def new(self, engine: str, name: str) -> str:
        if engine == SQLITE:
            path = self.tmp / f"{name}.db"
            for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                p.unlink(missing_ok=True)
            return str(path)
        database = f"ita_bench_{self.run}_{name}"
        self.server.drop_database(database)
        self.server.create_database(database)
        self.made.append(database)
        return self.server.url_for(database)

    def drop_all(self) -> None:
        for database in self.made:
            self.server.drop_database(database)


def pg_server(durable: bool) -> Any:
    """Returns the server of ITA_TEST_PG_URL, or a throwaway one started here (made durable if `durable`)."""
    import sqlalchemy as sa

    from tests import pgserver

    server = pgserver.from_env()
    if server.data is not None and durable:
        eng = sa.create_engine(server.url, isolation_level="AUTOCOMMIT")
        with eng.connect() as conn:
            for name, value in DURABLE.items():
                conn.exec_driver_sql(f"ALTER SYSTEM SET {name} = {value}")
            conn.exec_driver_sql("SELECT pg_reload_conf()")
        eng.dispose()
        time.sleep(0.5)  # the server reads its configuration again; new sessions get it
    return server


def pg_settings(server: Any) -> dict[str, str]:
    import sqlalchemy as sa

    eng = sa.create_engine(server.url)
    try:
        with eng.connect() as conn:
            return {name: str(conn.exec_driver_sql(f"SHOW {name}").scalar()) for name in (
                "server_version", "fsync", "synchronous_commit", "full_page_writes", "shared_buffers",
                "max_connections")}
    finally:
        eng.dispose()


# -- 1. the national file's import, as `python -m ita import` ------------------------------------------------

def cli_figures(out: str) -> dict[str, Any]:
    """The CLI's own report: its read-and-validate time, its total, and the rows by action."""
    read = re.search(r"อ่านแล้ว .*\(([\d.]+) วินาที\)", out)
    done = re.search(r"นำเข้าแล้ว ([\d,]+) แถว \((.*?)\) จาก .* ใน ([\d.]+) วินาที", out)
    if read is None or done is None:
        raise RuntimeError(f"unexpected output of python -m ita import:\n{out[-2000:]}")
    from ita.core import rules

    names = {rules.ADDED: "added", rules.CHANGED: "changed", rules.UNCHANGED: "unchanged"}
    counts = {names.get(a, a): int(n.replace(",", "")) for a, n in re.findall(r"(\S+) ([\d,]+)", done.group(2))}
    return {"read": float(read.group(1)), "total": float(done.group(3)), "rows": int(done.group(1).replace(",", "")),
            "counts": counts}


def bench_import(dbs: Databases, agencies: int, tmp: Path) -> None:
    print(f"\n== 1. national import, `python -m ita import FILE --db TARGET` in a child process "
          f"(load {load_average()})")
    xlsx = tmp / "national.xlsx"
    if not xlsx.exists():
        rc, out, err, wall, _ = app.run_child([sys.executable, "-m", "ita", "fictional", "--seed", "1", "--agencies",
                                               str(agencies), "--out", str(xlsx)])
        if rc != 0:
            raise RuntimeError(f"python -m ita fictional failed ({rc}):\n{err[-3000:]}")
        print(f"workbook: python -m ita fictional --seed 1 --agencies {agencies}: {xlsx.stat().st_size / 1e6:.1f} MB "
              f"in {wall:.1f} s")
    targets = {engine: dbs.new(engine, "import") for engine in ENGINES}
    rows: list[tuple[str, str, float, dict[str, Any], float, float]] = []
    for run in ("into an empty store", "the same file again"):
        for engine in ENGINES:
            cmd = [sys.executable, "-m", "ita", "import", str(xlsx), "--db", targets[engine]]
            rc, out, err, wall, peak = app.run_child(cmd)
            if rc != 0:
                raise RuntimeError(f"python -m ita import ({engine}) failed ({rc}):\n{out[-2000:]}\n{err[-3000:]}")
            rows.append((run, engine, wall, cli_figures(out), peak, app.store_size(targets[engine])))
    print("\n| import | engine | wall (whole command) | read + validate | the rest (store) | child peak RSS "
          "| rows (added / unchanged) | store size |\n|---|---|---:|---:|---:|---:|---|---:|")
    for run, engine, wall, fig, peak, size in rows:
        counts = " / ".join(f"{fig['counts'].get(k, 0):,}" for k in ("added", "unchanged"))
        if fig["counts"].get("changed"):
            counts += f" (changed {fig['counts']['changed']:,})"
        print(f"| {run} | {engine} | {wall:.1f} s | {fig['read']:.1f} s | {wall - fig['read']:.1f} s | "
              f"{peak:.0f} MB | {counts} | {size:.0f} MB |")
    for run in ("into an empty store", "the same file again"):
        by = {engine: (wall, fig) for r, engine, wall, fig, _, _ in rows if r == run}
        (ws, fs), (wp, fp) = by[SQLITE], by[POSTGRES]
        print(f"{run}: PostgreSQL / SQLite = {wp / ws:.2f}× whole command, "
              f"{(wp - fp['read']) / max(ws - fs['read'], 1e-9):.2f}× the store's part (load {load_average()})")


# -- 2. concurrent writers ---------------------------------------------------------------------------------

def writer(spec: dict[str, Any]) -> None:
    """One writer process (`--writer SPEC`): saves until the deadline, then writes its log as JSON."""
    from ita.core.access import Account
    from ita.storage.store import ConflictError, Store, StoreBusyError

    tag, folder = spec["tag"], Path(spec["folder"])
    rng = random.Random(tag)
    store = Store(spec["db"])
    me = Account(username=tag, display=tag, role="admin")  # the history records the tag
    store.measure(spec["own"])  # connected before the start
    (folder / f"{tag}.ready").touch()
    waited = time.time() + 600
    while not (folder / "go").exists():
        if time.time() > waited:
            sys.exit("never told to go")
        time.sleep(0.005)
    go = float((folder / "go").read_text())
    time.sleep(max(0.0, go - time.time()))
    deadline = go + spec["seconds"]
    log: list[dict[str, Any]] = []
    last_saved: dict[int, dict[str, Any]] = {}  # by measure: the row this writer's latest accepted save returned
    i = 0
    while time.time() < deadline:
        i += 1
        shared = i % 2 == 1
        mid = rng.choice(spec["shared"]) if shared else spec["own"]
        field = FIELDS[rng.randrange(len(FIELDS))]
        entry: dict[str, Any] = {"token": f"[{tag}-{i:06d}]", "mid": mid, "field": field, "shared": shared}
        try:
            entry["read_version"] = store.measure(mid)["version"]
        except Exception as exc:  # noqa: BLE001  (counted and shown, the run goes on)
            entry.update(outcome="read error", error=f"{type(exc).__name__}: {exc}"[:300], ms=0.0, end=time.time())
            log.append(entry)
            continue
        time.sleep(rng.uniform(0, THINK))
        t = time.perf_counter()
        try:
            saved = store.update_measure(mid, {field: entry["token"]}, entry["read_version"], me)
        except ConflictError as exc:
            entry.update(outcome="refused", current_version=exc.current["version"])
        except StoreBusyError:
            entry["outcome"] = "busy"
        except Exception as exc:  # noqa: BLE001
            entry.update(outcome="error", error=f"{type(exc).__name__}: {exc}"[:300])
        else:
            entry.update(outcome="accepted", saved_version=saved["version"], saved_value=saved[field])
            last_saved[mid] = saved
        entry["ms"] = (time.perf_counter() - t) * 1000
        entry["end"] = time.time()
        log.append(entry)
    store.close()
    out = folder / f"{tag}.json"
    out.with_suffix(".tmp").write_text(json.dumps({"log": log, "last_saved": list(last_saved.values())},
                                                  ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(out.with_suffix(".tmp"), out)


def prepare_writers(target: str, writers: int) -> tuple[list[int], list[int], int, dict[int, dict[str, Any]]]:
    """Seeds `target` with the bundled data and adds each writer's own measure; returns the shared measures,
    the own ones, the last history id before the run and every one of these measures as it is."""
    import sqlalchemy as sa

    from ita.core.access import Account
    from ita.storage.bundled import load_bundled
    from ita.storage.store import Store

    store = Store(target)
    store.seed(load_bundled()[0])
    shared = [int(i) for i in store.measures(PATUENG, SHARED_YEAR)["id"][:SHARED_COUNT]]
    admin = Account(username="bench", display="bench", role="admin")
    own = [store.add_measure({"agency": app.FICTION, "year": SHARED_YEAR, "number": f"9{w:02d}",
                              "title": f"มาตรการทดสอบการบันทึกพร้อมกัน {w}"}, admin) for w in range(1, writers + 1)]
    with store.reading() as conn:
        baseline = int(conn.execute(sa.text("SELECT COALESCE(MAX(id), 0) FROM history")).scalar_one())
    initial = {mid: store.measure(mid) for mid in shared + own}
    store.close()
    return shared, own, baseline, initial


def run_writers(target: str, shared: list[int], own: list[int], seconds: float,
                folder: Path) -> tuple[list[dict[str, Any]], float, list[dict[str, Any]], float]:
    """Runs one writer per measure of `own`; returns every save's log entry, the run's length (go → the last
    save's end), the rows of each writer's last accepted save per measure, and how long the processes took to
    be ready (started, Store opened)."""
    writers = len(own)
    folder.mkdir(parents=True, exist_ok=True)
    procs = []
    started = time.perf_counter()
    for w in range(1, writers + 1):
        spec = {"tag": f"w{w:02d}", "db": target, "shared": shared, "own": own[w - 1], "seconds": seconds,
                "folder": str(folder)}
        with (folder / f"w{w:02d}.log").open("w") as err:
            procs.append(subprocess.Popen([sys.executable, __file__, "--writer", json.dumps(spec, ensure_ascii=False)],
                                          cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err))
    try:
        while len(list(folder.glob("*.ready"))) < writers:
            dead = [p for p in procs if p.poll() is not None]
            if dead:
                raise RuntimeError(f"a writer stopped before the start; its log is in {folder}")
            time.sleep(0.05)
        ready = time.perf_counter() - started
        go = time.time() + 1.0
        (folder / "go.tmp").write_text(repr(go))
        os.replace(folder / "go.tmp", folder / "go")
        for p in procs:
            p.wait(timeout=seconds + 300)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    bad = [p.returncode for p in procs if p.returncode != 0]
    if bad:
        raise RuntimeError(f"{len(bad)} writer(s) failed; their logs are in {folder}")
    entries: list[dict[str, Any]] = []
    last_saved: list[dict[str, Any]] = []
    for w in range(1, writers + 1):
        data = json.loads((folder / f"w{w:02d}.json").read_text(encoding="utf-8"))
        entries += [{**e, "tag": f"w{w:02d}"} for e in data["log"]]
        last_saved += data["last_saved"]
    length = max((e["end"] for e in entries), default=go) - go
    return entries, length, last_saved, ready


def verify(target: str, entries: list[dict[str, Any]], last_saved: list[dict[str, Any]], baseline: int,
           initial: dict[int, dict[str, Any]]) -> dict[str, int]:
    """Checks the store after the writers, from the history table and the rows; returns each check's count of
    faults (all must be 0), `lost updates` their sum that means a save was lost."""
    import sqlalchemy as sa

    from ita.storage.store import Store
    from ita.storage.tables import metadata

    store = Store(target)
    measures = metadata.tables["measures"]
    with store.reading() as conn:
        history = [dict(r) for r in conn.execute(sa.text(
            "SELECT id, tbl, row_id, author, action, before, after FROM history WHERE id > :base ORDER BY id"),
            {"base": baseline}).mappings()]
        rows = {int(r["id"]): dict(r) for r in conn.execute(sa.select(measures)).mappings()}
    store.close()
    accepted = {e["token"]: e for e in entries if e["outcome"] == "accepted"}
    not_saved = {e["token"] for e in entries if e["outcome"] != "accepted"}
    faults: Counter[str] = Counter({name: 0 for name in CHECKS})
    seen: Counter[str] = Counter()
    saved_as: dict[str, tuple[int, dict[str, Any], dict[str, Any]]] = {}
    last_entry: dict[int, dict[str, Any]] = {}
    for h in history:
        if h["tbl"] != "measures" or h["row_id"] not in initial:
            faults["history entries of other rows"] += 1
            continue
        mid = h["row_id"]
        before, after = json.loads(h["before"] or "null"), json.loads(h["after"] or "null")
        prev = last_entry.get(mid, initial[mid])
        if before != prev:
            faults["entries not starting from the previous one"] += 1
        if not before or not after or after["version"] != before["version"] + 1:
            faults["entries not adding one version"] += 1
        changed = [f for f in FIELDS if before and after and after.get(f) != before.get(f)]
        token = after[changed[0]] if len(changed) == 1 else None
        if token is None or token not in accepted:
            faults["entries of no accepted save"] += 1
        else:
            seen[token] += 1
            saved_as[token] = (mid, before, after)
        last_entry[mid] = after or prev
    faults["accepted saves missing from the history"] = sum(1 for t in accepted if not seen[t])
    faults["accepted saves in the history more than once"] = sum(1 for t in accepted if seen[t] > 1)
    for token, e in accepted.items():
        if token not in saved_as:
            continue
        mid, before, after = saved_as[token]
        if mid != e["mid"] or after.get(e["field"]) != token or e["saved_value"] != token:
            faults["accepted saves recorded with another row or value"] += 1
        if before["version"] != e["read_version"]:
            faults["accepted saves over a version their writer never read"] += 1
        if after["version"] != e["saved_version"] or e["saved_version"] != e["read_version"] + 1:
            faults["accepted saves whose version is not the read one + 1"] += 1
    # Every refused (or busy, or failed) save is nowhere: in no history entry and in no measure.
    written = set()
    for h in history:
        written.update(TOKEN.findall(f"{h['before']} {h['after']}"))
    for row in rows.values():
        written.update(TOKEN.findall(" ".join(str(v) for v in row.values())))
    faults["refused saves written somewhere"] = len(not_saved & written)
    # Each measure's final row is its last accepted save (the highest version a writer was given back), its
    # version the initial one plus its accepted saves, and its latest history entry.
    per_measure = Counter(e["mid"] for e in accepted.values())
    latest: dict[int, dict[str, Any]] = {}
    for row in last_saved:
        if row["version"] > latest.get(row["id"], {"version": -1})["version"]:
            latest[row["id"]] = row
    for mid, first in initial.items():
        row = {k: (str(v) if v is not None and not isinstance(v, int | float | str) else v)
               for k, v in rows[mid].items()}
        if mid in latest and row != latest[mid]:
            faults["final rows that are not the last accepted save"] += 1
        if mid not in latest and rows[mid] != first:
            faults["final rows changed with no accepted save"] += 1
        if rows[mid]["version"] != first["version"] + per_measure[mid]:
            faults["final versions not initial + accepted saves"] += 1
        if rows[mid] != last_entry.get(mid, first):
            faults["final rows that are not their latest history entry"] += 1
    faults["lost updates"] = (faults["accepted saves missing from the history"]
                              + faults["accepted saves over a version their writer never read"]
                              + faults["final rows that are not the last accepted save"])
    return dict(faults)


def percentiles(samples: list[float]) -> str:
    if not samples:
        return "–"
    if len(samples) == 1:
        return f"{samples[0]:.0f} / {samples[0]:.0f} / {samples[0]:.0f}"
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return f"{q[49]:.1f} / {q[94]:.1f} / {q[98]:.1f}"


def bench_writers(dbs: Databases, writers: int, seconds: float, tmp: Path) -> None:
    from ita.storage.store import busy_seconds

    print(f"\n== 2. {writers} concurrent writers for {seconds:g} s, each its own process and Store (load "
          f"{load_average()}; ITA_DB_BUSY_SECONDS {busy_seconds():g})")
    results = {}
    for engine in ENGINES:
        target = dbs.new(engine, "writers")
        shared, own, baseline, initial = prepare_writers(target, writers)
        entries, length, last_saved, ready = run_writers(target, shared, own, seconds, tmp / f"writers-{engine}")
        faults = verify(target, entries, last_saved, baseline, initial)
        results[engine] = (entries, length, faults)
        numbers = ", ".join(str(initial[mid]["number"]) for mid in shared)
        print(f"{engine}: {len(entries):,} saves tried in {length:.1f} s ({writers} processes ready in {ready:.1f} s; "
              f"shared: ป่าตึง {SHARED_YEAR} measures {numbers} (ids {', '.join(map(str, shared))}); own: ids "
              f"{own[0]}…{own[-1]}); load {load_average()}")
        errors = [e["error"] for e in entries if "error" in e]
        if errors:
            print(f"  errors: {len(errors)}, e.g. {errors[0]}")
    print("\n| engine | accepted / s | refused / s | accepted: shared, own | refused: shared, own | busy "
          "| errors | latency accepted p50 / p95 / p99 ms | latency refused p50 / p95 / p99 ms | lost updates |"
          "\n|---|---:|---:|---|---|---:|---:|---|---|---:|")
    for engine, (entries, length, faults) in results.items():
        by = Counter((e["outcome"], e["shared"]) for e in entries)
        acc = [e["ms"] for e in entries if e["outcome"] == "accepted"]
        ref = [e["ms"] for e in entries if e["outcome"] == "refused"]
        errors = sum(n for (o, _), n in by.items() if "error" in o)
        print(f"| {engine} | {len(acc) / length:.1f} | {len(ref) / length:.1f} | "
              f"{by['accepted', True]:,}, {by['accepted', False]:,} | "
              f"{by['refused', True]:,}, {by['refused', False]:,} "
              f"| {by['busy', True] + by['busy', False]} | {errors} | {percentiles(acc)} | {percentiles(ref)} "
              f"| {faults['lost updates']} |")
    for engine, (entries, _, _) in results.items():
        per = Counter(e["tag"] for e in entries if e["outcome"] == "accepted")
        slowest = max((e["ms"] for e in entries), default=0.0)
        print(f"{engine}: accepted saves per writer {min(per.values(), default=0)}–{max(per.values(), default=0)}; "
              f"the slowest save {slowest:.0f} ms")
    print("\nchecks after the run (faults; every one must be 0):\n\n| check | " + " | ".join(ENGINES) + " |\n|---|"
          + "---:|" * len(ENGINES))
    for name in CHECKS:
        print(f"| {name} | " + " | ".join(str(results[e][2].get(name, 0)) for e in ENGINES) + " |")


# -- 3. the pages with the national data ---------------------------------------------------------------------

def bench_pages(dbs: Databases, agencies: int, reruns: int, tmp: Path) -> None:
    print(f"\n== 3. pages with the national data: bundled + {agencies:,} agencies in each store (load "
          f"{load_average()})")
    targets = {engine: dbs.new(engine, "pages") for engine in ENGINES}
    for engine in ENGINES:
        app.national_store(ROOT, targets[engine], agencies, label=engine)
    print(f"\nevery page under AppTest: the first run of each process and each step's warm rerun (median of {reruns}"
          f", after two warm-up runs), the two stores' apps in lockstep (load {load_average()})")
    rows = app.page_reruns(ROOT, targets[SQLITE], targets[POSTGRES], reruns, tmp, labels=(SQLITE, POSTGRES),
                           both_national=True)
    over = [f"{name} ({p / s:.2f}×)" for name, s, p in rows if s and p / s > 1.2]
    print(f"\nPostgreSQL / SQLite over 1.2×: {'; '.join(over) if over else 'none'} (load {load_average()})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--agencies", type=int, default=8317, help="national agencies (import and pages)")
    ap.add_argument("--writers", type=int, default=20, help="concurrent writer processes")
    ap.add_argument("--seconds", type=float, default=60, help="how long the writers save")
    ap.add_argument("--reruns", type=int, default=7, help="warm reruns per page (their median)")
    ap.add_argument("--only", choices=("import", "writers", "pages"), help="one part only")
    ap.add_argument("--keep", action="store_true", help="leave the stores, logs and PostgreSQL server in place")
    ap.add_argument("--pg-durable", choices=("on", "off"), default="on",
                    help="the started server's fsync, synchronous_commit, full_page_writes (off: the tests' settings)")
    ap.add_argument("--writer", help=argparse.SUPPRESS)  # a writer process of part 2
    args = ap.parse_args()
    if args.writer:
        writer(json.loads(args.writer))
        return
    if args.writers > 99:
        ap.error("--writers: at most 99")

    before = load_average()
    server = pg_server(args.pg_durable == "on")
    tmp = Path(tempfile.mkdtemp(prefix="ita-bench-pg-"))
    dbs = Databases(tmp, server)
    try:
        pg = pg_settings(server)
        where = f"started here in {server.data}" if server.data is not None else "ITA_TEST_PG_URL"
        print(f"machine: nproc {os.cpu_count()}, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version} "
              f"(WAL, synchronous=FULL), PostgreSQL {pg['server_version']} ({where}; fsync {pg['fsync']}, "
              f"synchronous_commit {pg['synchronous_commit']}, full_page_writes {pg['full_page_writes']}, "
              f"shared_buffers {pg['shared_buffers']}, max_connections {pg['max_connections']}); "
              f"load average before {before}")
        if args.only in (None, "import"):
            bench_import(dbs, args.agencies, tmp)
        if args.only in (None, "writers"):
            bench_writers(dbs, args.writers, args.seconds, tmp)
        if args.only in (None, "pages"):
            bench_pages(dbs, args.agencies, args.reruns, tmp)
    finally:
        print(f"\nload average after {load_average()}")
        if args.keep:
            atexit.unregister(server.stop)
            stop = ""
            if server.data is not None:
                from tests.pgserver import find_bin_dir

                run_as = "runuser -u postgres -- " if os.geteuid() == 0 else ""
                pg_ctl = find_bin_dir() / "pg_ctl"
                stop = f" (stop it: {run_as}{pg_ctl} -D {server.data}/data stop; rm -r {server.data})"
            print(f"kept: {tmp}; PostgreSQL {server.url}, databases {', '.join(dbs.made) or '–'}{stop}")
        else:
            dbs.drop_all()
            server.stop()
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
