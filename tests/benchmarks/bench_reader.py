"""Benchmark: reading large wide workbooks (issue 11). Prints figures and asserts nothing; pytest
does not collect it. Run from the repo root:

    .venv/bin/python tests/benchmarks/bench_reader.py [--runs 5] [--keep DIR]

It writes two workbooks into a temporary folder (or DIR), then times whole processes, as a user
runs them, each against the same baseline:
- the national results file: 8,317 agencies × 2564–2568 = 41,585 rows, agency, fiscal year, ten
  indicator columns, total and level, the totals computed from the indicators with the year's
  weights (so the file validates with no problem);
- a 100,000-row wide workbook of the same shape (20,000 agencies × 5 years).

Commands: `python -m ita validate FILE`, `python -m ita summary FILE --json`, and the baseline, a
process that imports pandas and reads every cell with python-calamine (`BASELINE` below). Each
figure is the median (min–max) of `--runs` runs taken in turn (command, baseline, command, …), with
the ratio to the baseline taken pair by pair; peak RSS is the process's own maximum resident size
(`ru_maxrss` of the finished child).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT)]

from ita.core.framework import Framework, load_framework  # noqa: E402
from ita.core.scoring import level_for, round2, tool_scores, total_from_tools  # noqa: E402

YEARS = (2564, 2565, 2566, 2567, 2568)
HEADER = ["หน่วยงาน", "ปีงบประมาณ", *[f"ตัวชี้วัดที่ {i}" for i in range(1, 11)], "คะแนนรวม", "ระดับ"]

# What a person would run to read the same file with pandas' own engine: every cell, no checks.
BASELINE = (
    "import sys, pandas\n"
    "from python_calamine import CalamineWorkbook\n"
    "wb = CalamineWorkbook.from_path(sys.argv[1])\n"
    "n = sum(len(row) for name in wb.sheet_names for row in wb.get_sheet_by_name(name).iter_rows())\n"
    "print(n)\n"
)


def wide_rows(agencies: int, fw: Framework) -> list[list[object]]:
    """Returns the data rows: agency i's indicator scores vary with i and the year, within 50–100."""
    rows: list[list[object]] = []
    for i in range(1, agencies + 1):
        name = f"อบต.ตัวอย่าง {i:04d}"
        for k, year in enumerate(YEARS):
            scores = {str(j): round(50 + ((i * 7 + j * 13 + k * 5) % 5000) / 100, 2) for j in range(1, 11)}
            yf = fw.for_year(year)
            tools = tool_scores(scores, fw)
            total = round2(total_from_tools(tools, yf.weights)) if yf else None
            level = level_for(yf.level_scheme, total, tools).level if yf else None
            rows.append([name, year, *scores.values(), total, level])
    return rows


def write_wide(path: Path, agencies: int, fw: Framework) -> None:
    import openpyxl

    # openpyxl writes every text as an inline string (as the app's own exports are written); a file
    # saved by Excel keeps each distinct text once in the shared strings and is smaller to read.
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("ผล")
    ws.append(HEADER)
    for row in wide_rows(agencies, fw):
        ws.append(row)
    wb.save(path)


def run_once(cmd: list[str], timeout: float | None = None) -> tuple[float, float, int | None]:
    """Returns (wall seconds, peak RSS MB, exit code) of one run of cmd; the exit code is None when the
    run was stopped at `timeout` seconds (the RSS is then what it had reached)."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stop = threading.Timer(timeout, proc.kill) if timeout else None
    if stop:
        stop.start()
    _, status, usage = os.wait4(proc.pid, 0)  # the child's own peak RSS, as the kernel counted it
    wall = time.monotonic() - start
    if stop:
        stop.cancel()
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, None if code < 0 else code


def spread(values: list[float], fmt: str = "{:.2f}") -> str:
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def compare(label: str, cmd: list[str], base: list[str], runs: int, timeout: float) -> None:
    w, p, rc = run_once(cmd, timeout)  # warms the page cache and the bytecode
    if rc is None:
        print(f"| {label} | not done in {timeout:.0f} s (stopped) | {p:.0f} MB by then | | | | – |")
        return
    run_once(base)
    walls, peaks, ratios, base_walls, base_peaks, codes = [], [], [], [], [], set()
    for _ in range(runs):
        w, p, rc = run_once(cmd, timeout)
        bw, bp, _ = run_once(base)
        walls.append(w)
        peaks.append(p)
        base_walls.append(bw)
        base_peaks.append(bp)
        ratios.append(w / bw)
        codes.add(rc)
    print(
        f"| {label} | {spread(walls)} s | {spread(peaks, '{:.0f}')} MB | {spread(base_walls)} s |"
        f" {spread(base_peaks, '{:.0f}')} MB | {spread(ratios)}× | {sorted(codes, key=str)} |"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", type=Path, help="write (or reuse) the workbooks in this folder")
    ap.add_argument("--only", choices=["national", "100k"], help="one workbook only")
    ap.add_argument("--command", choices=["validate", "summary"], help="one command only")
    ap.add_argument("--timeout", type=float, default=120.0, help="stop a run after this many seconds")
    args = ap.parse_args()
    fw = load_framework()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_reader_"))
    folder.mkdir(parents=True, exist_ok=True)
    books = {"national": (folder / "national_8317x5.xlsx", 8317), "100k": (folder / "wide_100000.xlsx", 20_000)}
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores, load average {os.getloadavg()}")
    print("| file · command | wall | peak RSS | baseline wall | baseline peak | ratio (paired) | exit |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for key, (path, agencies) in books.items():
        if args.only and key != args.only:
            continue
        if not path.exists():
            write_wide(path, agencies, fw)
        base = [sys.executable, "-c", BASELINE, str(path)]
        size = f"{path.stat().st_size / 1e6:.1f} MB"
        for command in (["validate"], ["summary", "--json"]):
            if args.command and command[0] != args.command:
                continue
            cmd = [sys.executable, "-m", "ita", command[0], str(path), *command[1:]]
            compare(f"{key} ({size}) · {' '.join(command)}", cmd, base, args.runs, args.timeout)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"load average at the end {os.getloadavg()}; peak RSS of this script {own} MB")


if __name__ == "__main__":
    main()
