"""Benchmark: the app itself at national scale (issue 14, items 4 and 5, the app side).

Builds, in a temporary folder, a store seeded with the bundled data and one with the bundled data plus a
national dataset (8,317 agencies × 2564–2568, totals and ten indicators: 465k rows, made in memory with
ita.core.model as bench_store_import.py does; each agency marked fictional, with the type, size, province,
district and ministry ita.storage.fictional.generate gives it, so that the peers' and the overseer's groups
have national sizes), then prints:

- the national import in a child process, as the data page does it (preview, then import with a progress
  callback): wall time of each step, the progress reports, and the child's peak RSS;
- the shared sidebar's agency list: the old way (Dataset.years per agency, timed on a sample and scaled)
  and ita.services.agencies.agency_index (once per data version), and the search;
- every page's warm rerun under AppTest (median of --reruns after two warm-up runs) with the bundled store
  and with the national store, each in its own process, the two timed in turn (page_reruns), their ratio, and
  the data page's history tab on a national agency; the overseer
  for the chosen agency's province (its default), for its type (อบต., nationwide: ~5,300 agencies) and for the
  province เชียงราย;
- each store's process's RSS at the end (the server's share of holding the national data).

Prints figures and asserts nothing; pytest does not collect it. From the repo root:

    .venv/bin/python tests/benchmarks/bench_national_app.py [--agencies 8317] [--reruns 7] [--code DIR]

`--code DIR` benchmarks the `ita` package and pages of another checkout (e.g. `git archive 7aa7c50 | tar -x -C
DIR` for the code before a change), on the same data, made by this script.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT)]

PAGES = (("pages/overview.py", "overview"), ("pages/indicators.py", "indicators"), ("pages/weak.py", "weak"),
         ("pages/measures.py", "measures"), ("pages/progress.py", "progress"), ("pages/data.py", "data"),
         ("pages/peers.py", "peers"), ("pages/overseer.py", "overseer"))
FICTION = "อบต.สุขใจ (ข้อมูลสมมุติ)"

# Run as `python -c IMPORT code root db agencies`: seeds the store, then previews and imports the national
# dataset as the data page does; prints the figures as JSON (peak RSS read by the parent). The agencies get
# the attributes of ita.storage.fictional (seed 1): without them every national agency is in no province
# and of no type, and the peers' and the overseer's groups would hold the bundled agencies only.
IMPORT = r"""
import json, sys, time
sys.path[:0] = [sys.argv[1], sys.argv[2]]
from tests.benchmarks.bench_store_import import national_records
from ita.core.access import Account
from ita.core.model import Dataset
from ita.core.schema import YES
from ita.storage.bundled import load_bundled
from ita.storage.fictional import generate
from ita.storage.store import Store
store = Store(sys.argv[3])
store.seed(load_bundled()[0])
records = national_records(int(sys.argv[4]), changed=False)
made = generate(1, len(records["agencies"]), years=(2568,))
for row, *values in zip(records["agencies"], made.kind, made.size, made.province, made.district, made.ministry,
                        strict=True):
    row.update(zip(("kind", "size", "province", "district", "ministry"), values, strict=True), fictional=YES)
ds = Dataset.from_records(records)
t = time.perf_counter(); preview = store.preview_import(ds); t_preview = time.perf_counter() - t
reports = []
t = time.perf_counter()
store.import_dataset(ds, Account(username="bench", display="bench", role="admin"),
                     progress=lambda f, text: reports.append((round(time.perf_counter() - t, 2), round(f, 3))))
t_import = time.perf_counter() - t
if hasattr(store, "reading"):  # the store on SQLAlchemy (either engine)
    import sqlalchemy as sa
    with store.reading() as conn:
        history = conn.execute(sa.text("SELECT COUNT(*) FROM history")).scalar()
else:  # a checkout from before (--code): one sqlite3 connection
    history = store.conn.execute("SELECT COUNT(*) FROM history").fetchone()[0]
store.close()
print(json.dumps({"rows": len(preview), "preview": t_preview, "import": t_import, "reports": reports,
                  "history": history}))
"""


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timed(fn: Callable[[], Any], n: int, warmup: int = 2) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def run_child(cmd: list[str], cwd: Path = ROOT) -> tuple[int, str, str, float, float]:
    """Runs `cmd` to its end; returns (exit code, stdout, stderr, wall seconds, the child's own peak RSS in MB,
    from its rusage: RUSAGE_CHILDREN would give the largest of every child so far)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return proc.returncode, out.read(), err.read(), wall, usage.ru_maxrss / 1024


def store_size(db: Path | str) -> float:
    """The store's size in MB: the SQLite file (with its WAL), or the PostgreSQL database."""
    if "://" not in str(db):
        return sum(p.stat().st_size for p in (Path(db), Path(f"{db}-wal")) if p.exists()) / 1e6
    import sqlalchemy as sa

    from ita.storage.store import Store

    store = Store(db)
    try:
        with store.reading() as conn:
            return conn.execute(sa.text("SELECT pg_database_size(current_database())")).scalar_one() / 1e6
    finally:
        store.close()


def national_store(code: Path, db: Path | str, agencies: int, label: str = "national") -> None:
    """Makes the national store `db` (a SQLite file or a postgresql:// URL) in a child process (IMPORT)."""
    rc, out, err, wall, peak = run_child([sys.executable, "-c", IMPORT, str(code), str(ROOT), str(db), str(agencies)])
    if rc != 0:
        raise RuntimeError(f"the national import failed ({rc}):\n{err[-3000:]}")
    fig = json.loads(out.strip().splitlines()[-1])
    print(f"{label} import (child process, load {load_average()}): {fig['rows']:,} rows; "
          f"preview {fig['preview']:.1f} s, import {fig['import']:.1f} s, child wall {wall:.1f} s "
          f"(seed, build, preview, import), peak RSS {peak:.0f} MB; history entries {fig['history']:,}; "
          f"database {store_size(db):.0f} MB")
    reports = fig["reports"]
    print(f"  progress reports: {len(reports)} (first at {reports[0][0]} s = {reports[0][1]}, "
          f"last at {reports[-1][0]} s = {reports[-1][1]})")


def sidebar_figures(db: Path) -> None:
    from ita.core.framework import load_framework
    from ita.services import data_entry
    from ita.services.agencies import agency_index, choices
    from ita.storage.store import Store

    store = Store(db)
    t = time.perf_counter()
    ds = store.dataset()
    rows = sum(len(ds[k]) for k in ("results", "indicator_scores"))
    print(f"store.dataset(): {time.perf_counter() - t:.2f} s, {rows:,} score rows")
    names = ds.agencies()
    sample = names[:100]
    t = time.perf_counter()
    kept = [a for a in sample if ds.years(a)]
    per = (time.perf_counter() - t) / len(sample)
    print(f"sidebar list, the old way ([a for a in ds.agencies() if ds.years(a)]): {per * 1000:.1f} ms per agency "
          f"(sample of {len(kept)}) × {len(names):,} = ~{per * len(names):.0f} s per run")
    index = None
    samples = timed(lambda: agency_index(ds), 3, warmup=0)
    index = agency_index(ds)
    print(f"agency_index(ds): {ms(samples):.0f} ms, once per data version ({len(index.names):,} agencies)")
    print(f"choices() with no search: {ms(timed(lambda: choices(index, None), 5)):.1f} ms; "
          f"search 'ทดสอบที่ 0012': {ms(timed(lambda: choices(index, None, 'ทดสอบที่ 0012'), 5)):.1f} ms")
    agency = "หน่วยงานทดสอบที่ 00123" if "หน่วยงานทดสอบที่ 00123" in index.years else FICTION
    fw = load_framework()
    t = time.perf_counter()
    data_entry.agency_history([store.history("indicator_scores"), store.history("results")], agency, fw)
    old = time.perf_counter() - t
    samples = timed(lambda: store.agency_history(agency), 3, warmup=1)
    print(f"data page history, the old way (store.history() whole, filtered in Python): {old:.2f} s per run; "
          f"Store.agency_history (LIMIT, count): {ms(samples):.0f} ms, once per data version and page")
    store.close()


# The timed steps, in order: (name, only with the national store, setup, the timed action). Each runs in the
# session the steps before it left (the page, the agency, the widgets); setup also runs the page twice (warm-up).
Step = tuple[str, bool, Callable[[Any], None], Callable[[Any], None]]


def steps(code: Path) -> list[Step]:
    from streamlit.testing.v1 import AppTest

    def check(at: AppTest) -> None:
        at.run()
        if at.exception:
            raise RuntimeError([e.value for e in at.exception])

    def switch(page: str) -> Callable[[AppTest], None]:
        return lambda at: at.switch_page(page)

    def overseer(kind: str, key: str = "") -> Callable[[AppTest], None]:
        def setup(at: AppTest) -> None:
            at.radio(key="overseer_kind").set_value(kind)
            check(at)
            if key:
                at.selectbox(key=f"overseer_key|{kind}").set_value(key)
        return setup

    def national_agency(at: AppTest) -> None:
        agencies = at.sidebar.selectbox(key="agency")
        if not any(o.startswith("หน่วยงานทดสอบที่ 00123") for o in agencies.options):  # its label is marked
            raise RuntimeError(agencies.options)
        agencies.set_value("หน่วยงานทดสอบที่ 00123")

    typed = (f"ทดสอบที่ 0012{'' if i % 2 else ' '}" for i in range(10**6))  # a change at every run

    def search(at: AppTest) -> None:
        at.sidebar.text_input(key="agency_search").input(next(typed))
        check(at)

    def new_session(at: AppTest) -> None:
        check(AppTest.from_file(str(code / "dashboard.py"), default_timeout=600))

    out: list[Step] = [(f"{name} · สุขใจ 2568", False, switch(page), check) for page, name in PAGES]
    out += [
        # The overseer (the last page above) for สุขใจ's type, nationwide, and for a province of many agencies.
        ("overseer · type group (อบต., nationwide)", False, overseer("type"), check),
        ("overseer · province เชียงราย", False, overseer("province", "เชียงราย"), check),
        ("new session's first run (overview, caches warm)", False, switch("pages/overview.py"), new_session),
        ("sidebar search typed ('ทดสอบที่ 0012', 10 matches) · overview", True, lambda at: None, search),
        ("overview · a national agency (หน่วยงานทดสอบที่ 00123)", True, national_agency, check),
        ("data · a national agency (history of 55 entries, 2 pages)", True, switch("pages/data.py"), check),
    ]
    return out


def serve(code: Path, db: str) -> None:
    """Runs the app on `db` under AppTest in this process and answers the parent on stdin/stdout: `setup N`
    (step N's setup and two warm-up runs) and `time N` (its action once: prints the milliseconds)."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    original = PagesManager.__init__

    def init(self: PagesManager, *args: Any, **kwargs: Any) -> None:  # as a warm server (bench_pages.py)
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init  # type: ignore[method-assign]
    os.environ["ITA_DB"] = str(db)
    plan = steps(code)
    check = plan[0][3]
    at = AppTest.from_file(str(code / "dashboard.py"), default_timeout=600)
    t = time.perf_counter()
    check(at)
    first = (time.perf_counter() - t) * 1000
    at.sidebar.selectbox(key="agency").set_value(FICTION)
    check(at)
    print(f"@@ {first}", flush=True)
    for line in sys.stdin:
        command, n = line.split()
        _, _, setup, action = plan[int(n)]
        if command == "setup":
            setup(at)
            check(at)
            action(at)
            action(at)
            print("@@ ok", flush=True)
        else:
            t = time.perf_counter()
            action(at)
            print(f"@@ {(time.perf_counter() - t) * 1000}", flush=True)
    print(f"@@ {rss_mb()}", flush=True)


class Child:
    """A `serve` process on one store."""

    def __init__(self, code: Path, db: Path | str, log: Path) -> None:
        self.log = log.open("w")
        self.proc = subprocess.Popen([sys.executable, __file__, "--serve", str(db), "--code", str(code)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.first = float(self.answer())

    def answer(self) -> str:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("@@ "):
                return line[3:].strip()
        raise RuntimeError(f"the child stopped; its log: {self.log.name}")

    def ask(self, command: str) -> str:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self.answer()

    def close(self) -> float:
        """Ends the child; returns its RSS (MB) at the end."""
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        rss = float(self.answer())
        self.proc.wait(60)
        self.log.close()
        return rss


def page_reruns(code: Path, bundled_db: Path | str, national_db: Path | str, reruns: int, tmp: Path,
                labels: tuple[str, str] = ("bundled", "national"),
                both_national: bool = False) -> list[tuple[str, float | None, float]]:
    """Prints every step's warm rerun with each store: the two stores' apps run in two processes, in lockstep
    (bundled, national, national, bundled, …), so that a burst of load on this shared machine falls on both
    alike rather than on one store's pages (it halved or doubled a ratio when they ran one after the other).
    `labels` name the two stores in the table; with `both_national` (two national stores, e.g. on SQLite and
    on PostgreSQL: bench_postgres.py) the steps of a national agency are timed on both. Returns the table's rows
    (name, first store's ms or None, second store's ms)."""
    plan = steps(code)
    bundled = Child(code, bundled_db, tmp / f"{labels[0]}.log")
    national = Child(code, national_db, tmp / f"{labels[1]}.log")
    rows = [("first run (cold: opens the store, loads the data, builds the index)", bundled.first, national.first)]
    for n, (name, only_national, _, _) in enumerate(plan):
        children = [national] if only_national and not both_national else [bundled, national]
        for child in children:
            child.ask(f"setup {n}")
        samples: dict[Child, list[float]] = {c: [] for c in children}
        for r in range(reruns):
            for child in children if r % 2 == 0 else children[::-1]:
                samples[child].append(float(child.ask(f"time {n}")))
        rows.append((name, statistics.median(samples[bundled]) if bundled in samples else None,
                     statistics.median(samples[national])))
    print(f"  done (load {load_average()}); RSS at the end: {labels[0]} {bundled.close():.0f} MB, "
          f"{labels[1]} {national.close():.0f} MB")
    print(f"\n| page | {labels[0]} ms | {labels[1]} ms | ratio |\n|---|---:|---:|---:|")
    for name, b, n in rows:
        cells = [f"{v:.0f}" if v is not None else "–" for v in (b, n)]
        print(f"| {name} | {cells[0]} | {cells[1]} | {f'{n / b:.2f}×' if b and n else '–'} |")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--agencies", type=int, default=8317)
    ap.add_argument("--reruns", type=int, default=7)
    ap.add_argument("--code", type=Path, default=ROOT, help="the checkout whose `ita` and pages are benchmarked")
    # A child of page_reruns, on this store: a file path or a postgresql:// URL (not a Path, which eats "//").
    ap.add_argument("--serve", help=argparse.SUPPRESS)
    args = ap.parse_args()
    code = args.code.resolve()
    sys.path[:0] = [str(code)]
    if args.serve:
        serve(code, args.serve)
        return
    print(f"machine: nproc {os.cpu_count()}, Python {platform.python_version()}, load average {load_average()}; "
          f"code {code}")
    with tempfile.TemporaryDirectory() as tmp:
        bundled_db, national_db = Path(tmp) / "bundled.db", Path(tmp) / "national.db"
        national_store(code, national_db, args.agencies)
        sidebar_figures(national_db)
        print(f"\npages, warm rerun under AppTest, median of {args.reruns}, the two stores in lockstep "
              f"(load {load_average()})")
        page_reruns(code, bundled_db, national_db, args.reruns, Path(tmp))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\nthis process's peak RSS: {peak:.0f} MB (the old way's whole history above); "
              f"load average {load_average()}")


if __name__ == "__main__":
    main()
