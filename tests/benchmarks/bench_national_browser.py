"""Benchmark: the app in Chromium at national scale (issue 14, the browser side).

Builds, in a temporary folder, a store holding the bundled data and the fictional national data
(ita.storage.fictional, --agencies × 2564–2568, read and imported in a child process as `python -m ita import`
does), serves it with `streamlit run dashboard.py` (ITA_DB pointing to it) beside the bare one-chart page of
bench_pages.py (its own `streamlit run`), and prints:

(a) loads, median of --loads, the targets taken in turn in every round (a change of the machine's load falls on
    all alike): the bare page (page.goto → first chart; → script run finished); the overseer page as a new
    browser session opens it (page.goto /overseer: its default group is the province of the sidebar's default
    agency, ป่าตึง's เชียงราย) → its first card and table drawn, → its run finished; and, since a group other
    than that default can only be chosen on the page (a new session starts with the default: the page reads no
    address parameters), page.goto /overseer then choosing a province of about 150 agencies, the widest type, the
    widest ministry and the whole country (every agency, the widest group the page offers). Each choice is timed
    from the rerun request leaving the browser to the group's heading drawn and to the run finished, split at the
    server's last websocket frame
    (server and network | browser), with the bytes sent; the path adds the load and the choices' runs (the
    ministry takes two: its radio shows the first ministry, then the list). From those, an estimate of a new
    session opening directly on each group (the default's load + the group's choice − the province's choice);
(b) the server's resident memory (VmRSS of the process and its children, from /proc) after visiting every page
    of the menu once with a national agency chosen, and its peak (VmHWM);
(c) the server side alone, in this process after the browser part (so it does not compete with it): the overseer
    page's warm rerun under AppTest for each group (the group's figures from st.cache_data, as every visitor
    after the first gets them) and ita.services.overseer.group_view() uncached (what the first visit of a group
    after each write pays), median of --reruns.

The overseer page draws no plotly chart (cards and tables), so its "first drawn" marks are its first card and its
first table; the bare page's is its chart. Targets: ≤ 1.2× the bare page; server RSS < 600 MB.
Prints figures and asserts nothing; pytest does not collect it. From the repo root:

    .venv/bin/python tests/benchmarks/bench_national_browser.py [--agencies 8317] [--loads 7] [--reruns 5]
        [--store PATH]   # reuse a store this script built before (--keep prints where), skipping the ~30 s build
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
# bench_pages puts the repo root and tests/e2e (helpers) on sys.path when imported.
from bench_pages import (  # noqa: E402
    BARE_PAGE,
    CHART,
    GOTO_TO_CHART,
    GOTO_TO_IDLE,
    MARKS_JS,
    READ_MARKS_JS,
    REPO_ROOT,
    load_average,
    machine,
    median_ms,
    ms,
    whole_entry_script_runs,
)

YEAR = 2568
NEAR = 150  # the province size asked for: the province closest to it is measured
# Run as `python -c BUILD root db agencies seed`: seeds the bundled data, imports the fictional national workbook
# (made, read and imported as the CLI does), then prints the groups to measure as JSON.
BUILD = r"""
import json, sys, time
sys.path[:0] = [sys.argv[1]]
from ita.core.access import Account
from ita.services import overseer as svc
from ita.storage import fictional
from ita.storage.bundled import load_bundled
from ita.storage.excel import read_workbook
from ita.storage.store import Store
agencies, seed = int(sys.argv[3]), int(sys.argv[4])
out = {}
store = Store(sys.argv[2])
if agencies:
    t = time.perf_counter()
    read = read_workbook(fictional.workbook_bytes(fictional.generate(seed, agencies), seed))
    assert not read.report.problems, read.report.format_text()[:2000]
    out["read"] = time.perf_counter() - t
    store.seed(load_bundled()[0])
    t = time.perf_counter()
    store.import_dataset(read.dataset, Account(username="bench", display="bench", role="admin"))
    out["import"] = time.perf_counter() - t
ds = store.dataset()
members = {kind: {k: svc.group_members(ds, kind, k) for k in svc.group_values(ds, kind)}
           for kind in ("province", "type", "ministry")}
members["all"] = {"": svc.group_members(ds, "all", "")}
out["sizes"] = {kind: {k: len(v) for k, v in groups.items()} for kind, groups in members.items()}
out["first"] = {k: v[-1] for k, v in members["province"].items()}  # a fictional agency of each province
out["rows"] = sum(len(ds[k]) for k in ("results", "indicator_scores"))
store.close()
print(json.dumps(out, ensure_ascii=False))
"""
GROUPS_JS = """(() => {
  const marks = window.__overseerMarks = {};
  const seen = (name, selector) => {
    if (!(name in marks) && document.querySelector(selector)) marks[name] = performance.now();
  };
  new MutationObserver(() => {
    seen('cards', '[data-testid="stMain"] [data-testid="stMetric"]');
    seen('table', '[data-testid="stMain"] [data-testid="stDataFrame"]');
  }).observe(document, {subtree: true, childList: true});
})();"""
GOTO_TO_CARDS = "page.goto → first card drawn"
GOTO_TO_TABLE = "page.goto → first table drawn"
GOTO_TO_GROUP = "page.goto → run finished, + the choices' runs → group's heading drawn"
GOTO_TO_GROUP_IDLE = "page.goto → run finished, + the choices' runs → run finished"
CHOICE_TO_GROUP = "choice (rerun request sent) → group's heading drawn"
CHOICE_TO_IDLE = "choice (rerun request sent) → run finished"
REQUEST_TO_LAST_FRAME = "  of which: request sent → server's last frame arrives (server and network)"
REST = "  of which: server's last frame → run finished (browser: decoding, drawing)"
CLICK = "(not counted: Playwright's click until the request leaves)"
KB_RECEIVED = "kB received from the server for the choice"
NAN_MS = float("nan")
KIND_LABEL = {"province": "จังหวัด", "type": "ประเภทหน่วยงาน", "ministry": "กระทรวง", "all": "ทั้งประเทศ"}
DEFAULT_AGENCY_PROVINCE = "เชียงราย"  # ป่าตึง's: where a new session's overseer page opens
MENU = ("ภาพรวม", "ภาพรวมหลายหน่วยงาน", "รายตัวชี้วัด", "เทียบกับหน่วยงานอื่น", "จุดอ่อนและเป้าหมาย", "มาตรการ",
        "ติดตามความก้าวหน้า", "ข้อมูล", "ลงชื่อเข้าใช้")


# --------------------------------------------------------------------------- the store


def build_store(db: Path, agencies: int, seed: int) -> dict[str, Any]:
    """Builds the national store in a child process (its memory is not this process's; agencies 0: reads the
    store given); returns the build's figures, the groups' sizes and an agency of each province."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", BUILD, str(REPO_ROOT), str(db), str(agencies), str(seed)],
                          capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"building the store failed:\n{proc.stderr[-4000:]}")
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    figures["wall"] = time.perf_counter() - t
    return figures


def groups_to_measure(sizes: dict[str, dict[str, int]]) -> dict[str, tuple[str, str, int]]:
    """Returns label → (kind, key, agencies) for the province nearest NEAR agencies, the widest type and the widest
    ministry, and the whole country (the page's widest group)."""
    province = min(sizes["province"].items(), key=lambda kv: (abs(kv[1] - NEAR), kv[0]))
    kind = max(sizes["type"].items(), key=lambda kv: (kv[1], kv[0]))
    ministry = max(sizes["ministry"].items(), key=lambda kv: (kv[1], kv[0]))
    return {
        f"province {province[0]}": ("province", province[0], province[1]),
        f"type {kind[0]}": ("type", kind[0], kind[1]),
        f"ministry {ministry[0]}": ("ministry", ministry[0], ministry[1]),
        "whole country": ("all", "", sizes["all"][""]),
    }


def heading(kind: str, key: str) -> str:
    """The overseer page's subheading of a group (ita.ui.overseer.choose_group's names)."""
    name = {"province": f"จังหวัด{key}", "type": key, "ministry": f"กระทรวง{key}", "all": "ทั้งประเทศ"}[kind]
    return f"{name} · ปีงบประมาณ {YEAR}"


# --------------------------------------------------------------------------- memory


def _status(pid: int, field: str) -> int:
    """Returns a /proc/PID/status field in kB (0 when the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    """Returns the pids whose parent is `pid` (from /proc/*/stat: this kernel has no /proc/PID/task/*/children)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def server_pid(port: str) -> int:
    """Returns the pid of this process's child serving `port` (helpers.serve starts it with --server.port)."""
    for child in _children(os.getpid()):
        args = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        if b"--server.port" in args and args[args.index(b"--server.port") + 1].decode() == port:
            return child
    raise RuntimeError(f"no server of port {port} among this process's children")


def tree_rss_mb(pid: int) -> tuple[float, float, int]:
    """Returns the VmRSS of the process and all its descendants (MB), the process's own VmHWM (MB) and how many
    processes were counted."""
    todo, seen = [pid], []
    while todo:
        p = todo.pop()
        seen.append(p)
        todo += _children(p)
    return sum(_status(p, "VmRSS") for p in seen) / 1024, _status(pid, "VmHWM") / 1024, len(seen)


# --------------------------------------------------------------------------- (a) loads


def browser_part(ours: str, bare: str, groups: dict[str, tuple[str, str, int]], n: int,
                 agency: str) -> tuple[dict[str, dict[str, list[float]]], list[tuple[str, float, float, float]]]:
    """Returns, per target, each mark's samples (s), and the menu visit's rows (page, s, RSS MB, peak MB)."""
    from helpers import CHROMIUM, CHROMIUM_ARGS, choose, go_to, wait_for_app
    from playwright.sync_api import Page, sync_playwright

    pid = server_pid(ours.rsplit(":", 1)[1])

    def idle(page: Page) -> None:
        wait_for_app(page, 120_000, settle_ms=0)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="th-TH")
        context.set_default_timeout(120_000)
        context.add_init_script(MARKS_JS)
        context.add_init_script(GROUPS_JS)

        def marks(page: Page) -> dict[str, float]:
            return {k: v / 1000 for k, v in page.evaluate(READ_MARKS_JS).items()}

        def load_bare() -> dict[str, float]:
            page = context.new_page()
            try:
                t0 = time.perf_counter()
                page.goto(f"{bare}/")
                page.wait_for_selector(CHART, state="attached")
                t_chart = time.perf_counter() - t0
                idle(page)
                return {GOTO_TO_CHART: t_chart, GOTO_TO_IDLE: time.perf_counter() - t0, **marks(page)}
            finally:
                page.close()

        def load_overseer() -> dict[str, float]:
            page = context.new_page()
            try:
                t0 = time.perf_counter()
                page.goto(f"{ours}/overseer")
                page.wait_for_selector('[data-testid="stMain"] [data-testid="stMetric"]', state="attached")
                t_cards = time.perf_counter() - t0
                idle(page)
                t_idle = time.perf_counter() - t0
                own = page.evaluate("() => window.__overseerMarks")
                return {GOTO_TO_CARDS: t_cards, GOTO_TO_IDLE: t_idle, **marks(page),
                        "first card drawn (in page)": own.get("cards", NAN_MS) / 1000,
                        "first table drawn (in page)": own.get("table", NAN_MS) / 1000}
            finally:
                page.close()

        def timed_choice(page: Page, act: Callable[[], None], drawn: Callable[[], None]) -> dict[str, float]:
            """Times one choice on the page from the moment the browser sends the rerun request: until `drawn`
            returns and until the run is over. The websocket frames come from Chromium's DevTools protocol, whose
            timestamps are CLOCK_MONOTONIC as Python's time.monotonic() (checked on this machine) and do not wait
            for the page's busy main thread as an in-page handler does: so the request is timed where it leaves
            the browser (Playwright's own work before the click, its actionability checks, is left out and shown
            apart), the server's last frame where it arrives, and the bytes the server sent are counted."""
            frames: list[tuple[str, float, int]] = []
            cdp = context.new_cdp_session(page)
            cdp.on("Network.webSocketFrameSent", lambda e: frames.append(("sent", e["timestamp"], 0)))
            cdp.on("Network.webSocketFrameReceived", lambda e: frames.append(
                ("received", e["timestamp"], len(e["response"]["payloadData"]) * 3 // 4)))  # base64
            cdp.send("Network.enable")
            try:
                t1 = time.monotonic()
                act()
                drawn()
                t_heading = time.monotonic()
                idle(page)
                t_idle = time.monotonic()
            finally:
                cdp.detach()
            sent = [ts for kind, ts, _ in frames if kind == "sent" and ts >= t1]
            if not sent:
                raise RuntimeError("the choice sent nothing to the server")
            received = [(ts, size) for kind, ts, size in frames if kind == "received" and ts > sent[0]]
            last = received[-1][0] if received else float("nan")
            return {CHOICE_TO_GROUP: t_heading - sent[0], CHOICE_TO_IDLE: t_idle - sent[0],
                    REQUEST_TO_LAST_FRAME: last - sent[0], REST: t_idle - last,
                    KB_RECEIVED: sum(size for _, size in received) / 1024, CLICK: sent[0] - t1}

        def load_group(kind: str, key: str) -> dict[str, float]:
            """page.goto /overseer, then the group chosen as a person does: the kind's radio (whose first group
            may already be the one wanted: the type of the sidebar's agency), then the group in its list. The
            path's time adds the load (page.goto → run finished) and each choice's run (request sent → drawn),
            leaving out the typing, Playwright's clicking and the pauses between."""
            page = context.new_page()
            try:
                t0 = time.monotonic()
                page.goto(f"{ours}/overseer")
                # As load_overseer: the cards drawn, then the run finished (a fresh page says "not running" before
                # its first run starts, and its cards and tables wait for their code, loaded on demand).
                page.wait_for_selector('[data-testid="stMain"] [data-testid="stMetric"]', state="attached")
                idle(page)
                runs = time.monotonic() - t0
                wait_for_app(page, 120_000)  # settled, before any click (not timed)
                main = page.get_by_test_id("stMain")
                label = KIND_LABEL[kind]
                target = main.get_by_role("heading", name=heading(kind, key))
                other = main.get_by_role("heading", name=re.compile(rf"^(?!จังหวัด{DEFAULT_AGENCY_PROVINCE} ).*"
                                                                    rf" · ปีงบประมาณ {YEAR}$"))
                figures: dict[str, float] = {}
                if kind != "province":
                    radio = main.get_by_test_id("stRadio").get_by_text(label, exact=True)
                    figures = timed_choice(page, radio.click, lambda: other.wait_for())
                    if not target.count():  # the kind's first group is another: one more choice, in its list
                        runs += figures[CHOICE_TO_IDLE]
                        figures = {}
                        wait_for_app(page, 120_000)
                if not figures:
                    box = main.get_by_test_id("stSelectbox").filter(
                        has=page.get_by_text(label, exact=True)).get_by_role("combobox")
                    box.click()
                    box.fill(key)
                    option = page.get_by_role("option", name=key, exact=True)
                    option.wait_for()
                    figures = timed_choice(page, option.click, lambda: target.wait_for())
                if target.count() != 1:
                    raise RuntimeError(f"the page does not show {heading(kind, key)}")
                return {GOTO_TO_GROUP: runs + figures[CHOICE_TO_GROUP],
                        GOTO_TO_GROUP_IDLE: runs + figures[CHOICE_TO_IDLE], **figures}
            finally:
                page.close()

        targets: dict[str, Callable[[], dict[str, float]]] = {
            "bare one-chart page": load_bare,
            f"overseer, new session (province {DEFAULT_AGENCY_PROVINCE})": load_overseer,
        }
        for label, (kind, key, _) in groups.items():
            targets[f"overseer, {label}"] = lambda kind=kind, key=key: load_group(kind, key)
        # Warm-up: the root first (st.navigation must have run before /overseer is asked for, see bench_pages.py);
        # the first run loads the national dataset and builds the agency index.
        for url in (f"{ours}/", f"{ours}/overseer", f"{bare}/"):
            for _ in range(2):
                page = context.new_page()
                page.goto(url)
                idle(page)
                page.close()
                if url == f"{ours}/":
                    rss, peak, _ = tree_rss_mb(pid)
                    print(f"  first run of the server done: RSS {rss:.0f} MB, peak {peak:.0f} MB", flush=True)
        for fn in targets.values():
            fn()
        rss, peak, _ = tree_rss_mb(pid)
        print(f"  warm; load average {load_average()}, server RSS {rss:.0f} MB, peak {peak:.0f} MB", flush=True)
        rows: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
        for i in range(n):
            for name, fn in targets.items():
                rows[name].append(fn())
            print(f"  round {i + 1}/{n} done, load average {load_average()}", flush=True)
        results = {name: {k: [r[k] for r in samples] for k in samples[0]} for name, samples in rows.items()}

        # (b) every page of the menu once, a national agency chosen (found with the sidebar's search).
        visits: list[tuple[str, float, float, float]] = []
        page = context.new_page()
        page.goto(f"{ours}/")
        idle(page)
        rss, peak, _ = tree_rss_mb(pid)
        visits.append(("after the timed loads (a new session, overview of the default agency)", float("nan"), rss,
                       peak))
        sidebar = page.get_by_test_id("stSidebar")
        sidebar.get_by_role("textbox", name="ค้นหาหน่วยงาน").fill(agency)
        sidebar.get_by_role("textbox", name="ค้นหาหน่วยงาน").press("Enter")
        wait_for_app(page, 120_000)
        choose(page, sidebar, "หน่วยงาน", agency)
        for title in MENU:
            t0 = time.perf_counter()
            go_to(page, title)
            idle(page)
            rss, peak, _ = tree_rss_mb(pid)
            visits.append((title, time.perf_counter() - t0, rss, peak))
        page.close()
        context.close()
        browser.close()
    return results, visits


# --------------------------------------------------------------------------- (c) server alone


def server_reruns(db: Path, groups: dict[str, tuple[str, str, int]], n: int) -> dict[str, list[float]]:
    """Returns, per group, the overseer page's warm rerun under AppTest (s; the group's figures come from
    st.cache_data, as in a served app after its first visitor) and ita.services.overseer.group_view() itself
    (what the first visit of a group after each write pays)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from ita.core.framework import load_framework
    from ita.services import overseer as svc
    from ita.storage.store import Store

    os.environ["ITA_DB"] = str(db)
    st.cache_data.clear()
    st.cache_resource.clear()
    out: dict[str, list[float]] = {}

    def check(at: AppTest) -> None:
        at.run()
        if at.exception:
            raise RuntimeError([e.value for e in at.exception])

    def timed(fn: Callable[[], Any], warmup: int = 2) -> list[float]:
        for _ in range(warmup):
            fn()
        samples = []
        for _ in range(n):
            t = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - t)
        return samples

    with whole_entry_script_runs():
        at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=600)
        t = time.perf_counter()
        check(at)
        out["first run of the process (loads the store, builds the index)"] = [time.perf_counter() - t]
        at.switch_page("pages/overseer.py")
        check(at)
        out[f"overseer rerun · province {DEFAULT_AGENCY_PROVINCE} (the default)"] = timed(lambda: check(at))
        for label, (kind, key, _) in groups.items():
            at.main.radio(key="overseer_kind").set_value(kind)
            check(at)
            if kind != "all":  # the whole country has no list to choose from
                at.main.selectbox(key=f"overseer_key|{kind}").set_value(key)
                check(at)
            out[f"overseer rerun · {label}"] = timed(lambda: check(at))
    store = Store(db)
    ds, fw = store.dataset(), load_framework()
    for label, (kind, key, _) in groups.items():
        members = svc.group_members(ds, kind, key)
        out[f"group_view() uncached · {label}"] = timed(lambda m=members: svc.group_view(ds, m, YEAR, fw), warmup=1)
    store.close()
    return out


# --------------------------------------------------------------------------- main


def ratio(samples: list[float], ref: list[float]) -> str:
    return f"{statistics.median(samples) / statistics.median(ref):.2f}×"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agencies", type=int, default=8317)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--loads", type=int, default=7, help="timed loads per target (≥ 5)")
    parser.add_argument("--reruns", type=int, default=5, help="timed AppTest reruns per group")
    parser.add_argument("--store", type=Path, help="a store this script built before (skips the build)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (its store, the logs)")
    args = parser.parse_args()
    os.chdir(REPO_ROOT)
    tmp = Path(tempfile.mkdtemp(prefix="ita-bench-national-"))
    print(f"machine: {machine()}")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"load average at the start: {load_average()}\n")
    try:
        run(args, tmp)
    finally:
        if args.keep:
            print(f"\nkept {tmp} (store, logs)")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def run(args: argparse.Namespace, tmp: Path) -> None:
    from helpers import serve

    db = tmp / "national.db"
    if args.store:
        shutil.copy(args.store, db)
    built = build_store(db, 0 if args.store else args.agencies, args.seed)
    sizes = built["sizes"]
    if not args.store:
        print(f"store: bundled + {args.agencies:,} fictional agencies × 2564–2568 (seed {args.seed}): "
              f"{built['rows']:,} score rows; workbook made and read {built['read']:.1f} s, import "
              f"{built['import']:.1f} s, child wall {built['wall']:.1f} s; {db.stat().st_size / 1e6:.0f} MB")
    groups = groups_to_measure(sizes)
    default_n = sizes["province"][DEFAULT_AGENCY_PROVINCE]
    print(f"groups: new session's default, province {DEFAULT_AGENCY_PROVINCE}, {default_n} agencies; "
          + "; ".join(f"{label} {n:,} agencies" for label, (_, _, n) in groups.items()))
    # A national agency (fictional) of the measured province, chosen through the sidebar's search in (b).
    agency = built["first"][groups[next(iter(groups))][1]]

    bare_dir = tmp / "bare"
    bare_dir.mkdir()
    bare = bare_dir / "bare_page.py"
    bare.write_text(BARE_PAGE, encoding="utf-8")
    print(f"\n(a) browser, median of {args.loads} loads per target, round robin (load average {load_average()})",
          flush=True)
    with (
        serve(REPO_ROOT / "dashboard.py", REPO_ROOT, tmp / "app.log", {"ITA_DB": str(db)}) as ours,
        serve(bare, bare_dir, tmp / "bare.log") as bare_url,
    ):
        bare_pid = server_pid(bare_url.rsplit(":", 1)[1])
        results, visits = browser_part(ours, bare_url, groups, args.loads, agency)
        bare_rss = tree_rss_mb(bare_pid)[0]
    print(f"  load average at the end: {load_average()}\n")

    ref = results["bare one-chart page"]
    print("| target | agencies | mark | median (min, max, n) | × bare |\n|---|---:|---|---|---:|")
    for name, figures in results.items():
        agencies = "–" if name.startswith("bare") else str(default_n) if "new session" in name else \
            f"{groups[name.removeprefix('overseer, ')][2]:,}"
        for mark, samples in figures.items():
            if all(x != x for x in samples):
                continue
            if mark in (GOTO_TO_CHART, GOTO_TO_CARDS, GOTO_TO_GROUP):
                vs = ratio(samples, ref[GOTO_TO_CHART])
            elif mark in (GOTO_TO_IDLE, GOTO_TO_GROUP_IDLE):
                vs = ratio(samples, ref[GOTO_TO_IDLE])
            else:
                vs = ""
            shown = f"{statistics.median(samples):.0f} kB" if mark == KB_RECEIVED else median_ms(samples)
            print(f"| {name} | {agencies} | {mark} | {shown} | {vs} |")
    # A new session cannot open on a group other than the default (see the module's note): estimate it as the
    # default's load plus what the group's choice costs beyond the choice of the province measured (a group of
    # about the default's size), both medians of this run.
    first = f"overseer, {next(iter(groups))}"
    base = statistics.median(results[f"overseer, new session (province {DEFAULT_AGENCY_PROVINCE})"][GOTO_TO_IDLE])
    near = statistics.median(results[first][CHOICE_TO_IDLE])
    print(f"\nestimate, a new session opening on the group: the default group's load ({ms(base)} ms) + the group's "
          f"choice → run finished − {first.removeprefix('overseer, ')}'s ({ms(near)} ms)")
    print("| group | agencies | estimated page.goto → run finished | × bare |\n|---|---:|---:|---:|")
    for label, (_, _, n) in groups.items():
        estimate = base + statistics.median(results[f"overseer, {label}"][CHOICE_TO_IDLE]) - near
        print(f"| {label} | {n:,} | {ms(estimate)} ms | "
              f"{estimate / statistics.median(ref[GOTO_TO_IDLE]):.2f}× |")

    print("\n(b) server memory, each page of the menu once, national agency "
          f"'{agency}' chosen (VmRSS of the server and its children; peak = the server's VmHWM)")
    print("| page | click → run finished | RSS MB | peak MB |\n|---|---:|---:|---:|")
    for title, seconds, rss, peak in visits:
        print(f"| {title} | {'–' if seconds != seconds else ms(seconds) + ' ms'} | {rss:.0f} | {peak:.0f} |")
    print(f"(the bare page's server: {bare_rss:.0f} MB)")

    print(f"\n(c) server alone: the overseer page under AppTest and its service, median of {args.reruns} "
          f"(load average {load_average()})")
    for name, samples in server_reruns(db, groups, args.reruns).items():
        print(f"  {name:<62} {median_ms(samples)}")
    print(f"load average at the end: {load_average()}")


if __name__ == "__main__":
    main()
