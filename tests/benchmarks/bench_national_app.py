"""Benchmark: the app itself at national scale (issue 14, items 4 and 5, the app side).

Builds, in a temporary folder, a store seeded with the bundled data and one with the bundled data plus a
national dataset (8,317 agencies × 2564–2568, totals and ten indicators: 465k rows, made in memory with
ita.core.model as bench_store_import.py does), then prints:

- the national import in a child process, as the data page does it (preview, then import with a progress
  callback): wall time of each step, the progress reports, and the child's peak RSS;
- the shared sidebar's agency list: the old way (Dataset.years per agency, timed on a sample and scaled)
  and ita.services.agencies.agency_index (once per data version), and the search;
- every page's warm rerun under AppTest (median of --reruns after two warm-up runs) with the bundled store
  and with the national store, their ratio, and the data page's history tab on a national agency;
- this process's RSS at the end (the server's share of holding the national data).

Prints figures and asserts nothing; pytest does not collect it. From the repo root:

    .venv/bin/python tests/benchmarks/bench_national_app.py [--agencies 8317] [--reruns 7]
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
         ("pages/measures.py", "measures"), ("pages/progress.py", "progress"), ("pages/data.py", "data"))
FICTION = "อบต.สุขใจ (ข้อมูลสมมุติ)"

# Run as `python -c IMPORT root db agencies`: seeds the store, then previews and imports the national
# dataset as the data page does; prints the figures as JSON (peak RSS read by the parent).
IMPORT = r"""
import json, sys, time
sys.path[:0] = [sys.argv[1]]
from tests.benchmarks.bench_store_import import national_records
from ita.core.access import Account
from ita.core.model import Dataset
from ita.storage.bundled import load_bundled
from ita.storage.store import Store
store = Store(sys.argv[2])
store.seed(load_bundled()[0])
ds = Dataset.from_records(national_records(int(sys.argv[3]), changed=False))
t = time.perf_counter(); preview = store.preview_import(ds); t_preview = time.perf_counter() - t
reports = []
t = time.perf_counter()
store.import_dataset(ds, Account(username="bench", display="bench", role="admin"),
                     progress=lambda f, text: reports.append((round(time.perf_counter() - t, 2), round(f, 3))))
t_import = time.perf_counter() - t
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


def national_store(db: Path, agencies: int) -> None:
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", IMPORT, str(ROOT), str(db), str(agencies)],
                          capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    fig = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"national import (child process, load {load_average()}): {fig['rows']:,} rows; "
          f"preview {fig['preview']:.1f} s, import {fig['import']:.1f} s, child wall {wall:.1f} s "
          f"(seed, build, preview, import), peak RSS {peak:.0f} MB; history entries {fig['history']:,}; "
          f"database {db.stat().st_size / 1e6:.0f} MB")
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


def page_reruns(db: Path, reruns: int, national: bool) -> dict[str, float]:
    import streamlit as st
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    original = PagesManager.__init__

    def init(self: PagesManager, *args: Any, **kwargs: Any) -> None:  # as a warm server (bench_pages.py)
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init  # type: ignore[method-assign]
    os.environ["ITA_DB"] = str(db)
    st.cache_data.clear()
    st.cache_resource.clear()
    out: dict[str, float] = {}

    def check(at: AppTest) -> None:
        at.run()
        if at.exception:
            raise RuntimeError([e.value for e in at.exception])

    try:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
        t = time.perf_counter()
        check(at)
        out["first run (cold: opens the store, loads the data, builds the index)"] = (time.perf_counter() - t) * 1000
        at.sidebar.selectbox(key="agency").set_value(FICTION)
        check(at)
        for page, name in PAGES:
            at.switch_page(page)
            check(at)
            out[f"{name} · สุขใจ 2568"] = ms(timed(lambda: check(at), reruns))
        out["new session's first run (overview, caches warm)"] = ms(timed(
            lambda: check(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)), reruns))
        if national:
            at.switch_page("pages/overview.py")
            check(at)
            typed = iter(f"ทดสอบที่ 0012{'' if i % 2 else ' '}" for i in range(reruns + 2))  # a change each run
            out["sidebar search typed ('ทดสอบที่ 0012', 10 matches) · overview"] = ms(
                timed(lambda: (at.sidebar.text_input(key="agency_search").input(next(typed)), check(at)), reruns))
            agencies = at.sidebar.selectbox(key="agency")
            if "หน่วยงานทดสอบที่ 00123" not in agencies.options:
                raise RuntimeError(agencies.options)
            agencies.select("หน่วยงานทดสอบที่ 00123")
            check(at)
            out["overview · a national agency (หน่วยงานทดสอบที่ 00123)"] = ms(timed(lambda: check(at), reruns))
            at.switch_page("pages/data.py")
            check(at)
            out["data · a national agency (history of 55 entries, 2 pages)"] = ms(timed(lambda: check(at), reruns))
    finally:
        PagesManager.__init__ = original  # type: ignore[method-assign]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--agencies", type=int, default=8317)
    ap.add_argument("--reruns", type=int, default=7)
    args = ap.parse_args()
    print(f"machine: nproc {os.cpu_count()}, Python {platform.python_version()}, load average {load_average()}")
    with tempfile.TemporaryDirectory() as tmp:
        bundled_db, national_db = Path(tmp) / "bundled.db", Path(tmp) / "national.db"
        national_store(national_db, args.agencies)
        sidebar_figures(national_db)
        print(f"\npages, warm rerun under AppTest, median of {args.reruns} (load {load_average()})")
        bundled = page_reruns(bundled_db, args.reruns, national=False)
        print(f"  bundled done (load {load_average()}), RSS {rss_mb():.0f} MB")
        national = page_reruns(national_db, args.reruns, national=True)
        print(f"  national done (load {load_average()}), RSS {rss_mb():.0f} MB")
        print("\n| page | bundled ms | national ms | ratio |\n|---|---:|---:|---:|")
        for name in dict.fromkeys([*bundled, *national]):
            b, n = bundled.get(name), national.get(name)
            cells = [f"{v:.0f}" if v is not None else "–" for v in (b, n)]
            print(f"| {name} | {cells[0]} | {cells[1]} | {f'{n / b:.2f}×' if b and n else '–'} |")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\nthis process's RSS at the end: {rss_mb():.0f} MB (peak {peak:.0f} MB); load average {load_average()}")

if __name__ == "__main__":
    main()
