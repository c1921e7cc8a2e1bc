"""Benchmark: how long a national import holds the store's write lock (issue 11, case 7).

A wide national dataset (8,317 agencies × 2564–2568: 8,317 agencies, 41,585 yearly results and 415,850
indicator scores, as the wide reader gives them) is built in memory with ita.core.model and imported
into a fresh store seeded with the bundled data, three times:

- "new":       every row added;
- "changed":   the same file with every 2568 score and total changed (91,487 rows updated);
- "unchanged": the changed file again (nothing to write).

For each it prints the import's wall time, how long the write transaction was open (BEGIN IMMEDIATE
done → COMMIT done, timed around Store.transaction) and, from a second process that tries to take the
write lock every 5 ms as another user's save would, the longest it could not. Prints figures and
asserts nothing; pytest does not collect it. From the repo root:

    .venv/bin/python tests/benchmarks/bench_store_import.py [--agencies 8317] [--code DIR]

`--code DIR` benchmarks the `ita` package of another checkout (e.g. `git archive 25fb2b8 | tar -x -C DIR`
for the code before the change); the data and this script stay the same.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
YEARS = (2564, 2565, 2566, 2567, 2568)
INDICATORS = tuple(str(i) for i in range(1, 11))

# Run as `python -c PROBE db stop_file out_file`: another user's save, tried every 5 ms with no wait
# (busy timeout 0) until stop_file exists; writes the longest stretch it could not take the lock.
PROBE = r"""
import json, os, sqlite3, sys, time
db, stop, out = sys.argv[1:4]
conn = sqlite3.connect(db, timeout=0, isolation_level=None)
longest = busy_since = 0.0
tries = refused = 0
while not os.path.exists(stop):
    tries += 1
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError:
        refused += 1
        busy_since = busy_since or time.monotonic()
    else:
        if busy_since:
            longest = max(longest, time.monotonic() - busy_since)
        busy_since = 0.0
    time.sleep(0.005)
if busy_since:
    longest = max(longest, time.monotonic() - busy_since)
with open(out, "w") as f:
    json.dump({"longest": longest, "tries": tries, "refused": refused}, f)
"""


def national_records(agencies: int, changed: bool) -> dict[str, list[dict]]:
    """Returns the wide reader's tables for `agencies` × YEARS; `changed` moves every 2568 score."""
    rng = random.Random(11)
    records: dict[str, list[dict]] = {"agencies": [], "results": [], "indicator_scores": []}
    row = 1
    for i in range(agencies):
        agency = f"หน่วยงานทดสอบที่ {i + 1:05d}"
        records["agencies"].append({"agency": agency})
        for year in YEARS:
            row += 1
            source = f"นำเข้าจากชีต 'ผลระดับประเทศ' แถว {row}"
            shift = 0.25 if changed and year == YEARS[-1] else 0.0
            scores = {code: round(min(100.0, rng.uniform(40, 99.5) + shift), 2) for code in INDICATORS}
            total = round(min(100.0, rng.uniform(50, 99.5) + shift), 2)
            records["results"].append({"agency": agency, "year": year, "total": total, "level": "ผ่าน",
                                       "source": source})
            records["indicator_scores"] += [{"agency": agency, "year": year, "indicator": code, "score": score,
                                             "source": source} for code, score in scores.items()]
    return records


@contextmanager
def probe(db: Path, tmp: Path):
    """Runs PROBE during the block; yields a dict that holds its figures afterwards."""
    stop, out = tmp / "stop", tmp / "probe.json"
    stop.unlink(missing_ok=True)
    proc = subprocess.Popen([sys.executable, "-c", PROBE, str(db), str(stop), str(out)])
    figures: dict = {}
    try:
        time.sleep(0.3)  # the probe is connected and polling before the import starts
        yield figures
    finally:
        stop.touch()
        proc.wait(30)
        figures.update(json.loads(out.read_text()))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--agencies", type=int, default=8317)
    ap.add_argument("--code", type=Path, default=ROOT, help="the checkout whose `ita` package is benchmarked")
    args = ap.parse_args()
    sys.path[:0] = [str(args.code.resolve())]

    from ita.core.model import Dataset
    from ita.storage.bundled import load_bundled
    from ita.storage.store import Store

    if "actor" in inspect.signature(Store.import_dataset).parameters:
        from ita.core.access import Account

        writer = Account(username="bench", display="bench", role="admin")
    else:  # a checkout from before accounts (--code): the import took the author's name
        writer = "bench"
    held: list[float] = []
    original = Store.transaction

    @contextmanager
    def timed_transaction(self, *a, **k):
        with original(self, *a, **k) as conn:
            started = time.perf_counter()  # BEGIN IMMEDIATE has returned: the write lock is ours
            yield conn
        held.append(time.perf_counter() - started)  # after COMMIT

    Store.transaction = timed_transaction  # type: ignore[method-assign]

    print(f"code: {args.code.resolve()} · {platform.python_version()} · sqlite {__import__('sqlite3').sqlite_version}"
          f" · nproc {os.cpu_count()} · load average {os.getloadavg()[0]:.1f}")
    started = time.perf_counter()
    datasets = {"new": Dataset.from_records(national_records(args.agencies, changed=False))}
    datasets["changed"] = Dataset.from_records(national_records(args.agencies, changed=True))
    datasets["unchanged"] = datasets["changed"]
    rows = sum(len(datasets["new"][t]) for t in ("agencies", "results", "indicator_scores"))
    print(f"dataset: {args.agencies:,} agencies × {len(YEARS)} years = {rows:,} rows "
          f"(built in {time.perf_counter() - started:.1f} s)")
    bundled, _ = load_bundled()

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db = tmp / "ita.db"
        store = Store(db)
        store.seed(bundled)
        print(f"{'import':<10} {'wall':>8} {'write lock held':>16} {'longest refused (other process)':>33} "
              f"{'added':>8} {'changed':>8} {'peak RSS':>9}")
        for name, ds in datasets.items():
            held.clear()
            with probe(db, tmp) as other:
                t0 = time.perf_counter()
                preview = store.import_dataset(ds, writer)
                wall = time.perf_counter() - t0
            counts = preview["action"].value_counts()
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            lock = f"{sum(held):.2f} s" if held else "not taken"
            print(f"{name:<10} {wall:>6.2f} s {lock:>16} {other['longest']:>31.2f} s "
                  f"{counts.get('เพิ่ม', 0):>8,} {counts.get('แก้ไข', 0):>8,} {rss:>6.0f} MB")
        store.close()


if __name__ == "__main__":
    main()
