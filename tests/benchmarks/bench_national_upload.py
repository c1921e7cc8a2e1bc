"""Benchmark: the data page's import of the national results file, end to end in the browser.

Prints figures; asserts nothing (pytest does not collect this file).

    .venv/bin/python tests/benchmarks/bench_national_upload.py [--agencies 8317] [--seed 1]

Writes the fictional national file (`python -m ita fictional`, 8,317 agencies × 2564–2568, totals, tools and
indicators) to a temporary folder, serves the app (`streamlit run dashboard.py`) on a fresh store seeded with
the bundled data, signs in as an admin, and on the data page: uploads the file (until the check's report and
the preview's counts are drawn), then presses the import button (until its success message). Prints the
wall time of each step, the server's RSS before, after the preview and after the import, and its peak (VmHWM).
Nothing touches the developer's store: ITA_DB points into the temporary folder.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "e2e")]

from helpers import CHROMIUM, CHROMIUM_ARGS, add_account, free_port, go_to, serve, sign_in, wait_for_app  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

ADMIN, PASSWORD = "bench-admin", "รหัสผ่านวัดเวลา-2569"
TIMEOUT_MS = 600_000


def server_memory(port: int) -> dict[str, float]:
    """Returns VmRSS and VmHWM (MB) of the `streamlit run` process serving `port` (found by its command line)."""
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in b" ".join(cmd) and str(port).encode() in cmd:
            status = Path(f"/proc/{pid}/status").read_text()
            return {k: int(re.search(rf"^{k}:\s+(\d+)", status, re.M).group(1)) / 1024 for k in ("VmRSS", "VmHWM")}
    raise RuntimeError(f"no streamlit process on port {port}")


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agencies", type=int, default=8317)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        national = tmp / "national.xlsx"
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "ita", "fictional", "--seed", str(args.seed), "--agencies",
                        str(args.agencies), "--out", str(national)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        print(f"fictional file: {national.stat().st_size / 1e6:.1f} MB, written in {time.perf_counter() - t:.1f} s")
        db = tmp / "ita.db"
        add_account(db, ADMIN, "admin", PASSWORD, display="ผู้วัดเวลา")
        port = free_port()
        env = {"ITA_DB": str(db), "ITA_MAX_UPLOAD_MB": "50"}
        print(f"load average at start: {load_average()}")
        with serve(ROOT / "dashboard.py", ROOT, tmp / "server.log", env=env, port=port) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="th-TH")
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(url)
            wait_for_app(page)
            sign_in(page, ADMIN, PASSWORD)
            go_to(page, "ข้อมูล")
            before = server_memory(port)
            t = time.perf_counter()
            page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(str(national))
            added = page.get_by_test_id("stMetric").filter(has_text="เพิ่ม")
            expect(added.get_by_test_id("stMetricValue")).to_have_text(re.compile(r"\d"), timeout=TIMEOUT_MS)
            wait_for_app(page, timeout_ms=TIMEOUT_MS)
            t_preview = time.perf_counter() - t
            shown = added.get_by_test_id("stMetricValue").inner_text()
            after_preview = server_memory(port)
            t = time.perf_counter()
            page.get_by_role("button", name=re.compile("^นำเข้าข้อมูล")).click()
            expect(page.get_by_text(re.compile("นำเข้าข้อมูลจาก national.xlsx แล้ว"))).to_be_visible(timeout=TIMEOUT_MS)
            wait_for_app(page, timeout_ms=TIMEOUT_MS)
            t_import = time.perf_counter() - t
            after_import = server_memory(port)
            browser.close()
        print(f"load average at end: {load_average()}")
        print()
        print("| step | wall time | server RSS after | server peak RSS (VmHWM) |")
        print("|---|---:|---:|---:|")
        print(f"| signed in, data page open | – | {before['VmRSS']:.0f} MB | {before['VmHWM']:.0f} MB |")
        print(f"| upload → check and preview drawn ({shown} rows to add) | {t_preview:.1f} s | "
              f"{after_preview['VmRSS']:.0f} MB | {after_preview['VmHWM']:.0f} MB |")
        print(f"| import button → done | {t_import:.1f} s | {after_import['VmRSS']:.0f} MB | "
              f"{after_import['VmHWM']:.0f} MB |")
        print(f"| **upload to imported** | **{t_preview + t_import:.1f} s** | | |")


if __name__ == "__main__":
    main()
