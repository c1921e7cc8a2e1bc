"""Benchmark of the app's pages against a bare one-chart Streamlit page.

Prints figures; asserts nothing (a benchmark is not a test, and pytest does not collect this file).

    .venv/bin/python tests/benchmarks/bench_pages.py [--reruns 15] [--loads 9]

(a) server: a page's warm rerun under AppTest (median of --reruns runs after two warm-up runs), for
    the default agency and for the fictional one (the heaviest pages: every chart drawn), every page of
    the app, and the same for a bare page holding one plotly chart, written to a temporary file. Each
    sample is the script run, then the gc.collect(2) that a real server runs after every run
    (runner.postScriptGC; AppTest skips it) before it reports the run finished, timed apart;
(b) browser: from page.goto to the first drawn plotly chart (`.js-plotly-plot .main-svg`) and to the
    end of the script run, median of --loads warm loads, for our pages (served by `streamlit run
    dashboard.py`) and for the bare page (its own `streamlit run` on another port), the pages taken in
    turn in every round so that a change of the machine's load hits them alike; plus moving between
    our pages with the sidebar link (the fictional agency, so both pages have a chart); and, from
    separate traced loads, the CPU time the page's main thread spends before the first chart (robust
    to other jobs sharing the machine, which wall times are not);
(c) where the server time goes: the page's pure functions, chart builders and plotly's JSON encoding
    timed one by one.

Targets (BENCHMARKS.md): each page ≤ 1.2× the bare page in the browser; a warm rerun < 150 ms.
Nothing here touches the developer's store: ITA_DB points into a temporary folder.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "tests" / "e2e"))

PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
FICTION = "อบต.สุขใจ (ข้อมูลสมมุติ)"
CHART = ".js-plotly-plot .main-svg"
BARE_PAGE = '''
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="bare", layout="wide")
st.title("หน้าเปล่า")
fig = go.Figure(go.Scatter(x=[2565, 2566, 2567, 2568], y=[77.19, 82.71, 87.71, 91.93], mode="lines+markers"))
fig.update_xaxes(tickformat="d", dtick=1)
st.plotly_chart(fig)
'''
# The bare page again, drawing the app's own trend figure (ป่าตึง) instead of a plain line: separates
# the cost of drawing our figure (bands, pass line, labels) from the cost of the rest of our page.
BARE_FIGURE_PAGE = '''
from pathlib import Path

import plotly.io as pio
import streamlit as st

st.set_page_config(page_title="bare", layout="wide")
st.title("หน้าเปล่า")


@st.cache_resource
def figure():
    return pio.from_json(Path(__file__).with_name("trend.json").read_text(encoding="utf-8"))


st.plotly_chart(figure())
'''


def load_average() -> str:
    """Returns the 1-, 5- and 15-minute load averages (as `uptime` prints them)."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def median_ms(samples: list[float]) -> str:
    ok = [x for x in samples if x == x]
    return f"{ms(statistics.median(ok))} ms (min {ms(min(ok))}, max {ms(max(ok))}, n={len(ok)})"


def timed(fn: Callable[[], Any], n: int, warmup: int = 2) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


@contextmanager
def whole_entry_script_runs() -> Iterator[None]:
    """Makes AppTest run dashboard.py on every run, as a warm server does.

    AppTest makes a new PagesManager per run; with a `pages/` folder beside the entry script that
    turns on Streamlit's old pages-directory mode, where a rerun executes pages/<page>.py alone
    (no dashboard.py, no sidebar) and would be timed too short. See tests/app/test_pages.py."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self: PagesManager, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init  # type: ignore[method-assign]
    try:
        yield
    finally:
        PagesManager.__init__ = original  # type: ignore[method-assign]


# --------------------------------------------------------------------------- (a) server


OTHER_PAGES = (("pages/weak.py", "weak"), ("pages/measures.py", "measures"), ("pages/progress.py", "progress"),
               ("pages/data.py", "data"))


def server_reruns(bare: Path, n: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Returns, per page, the script runs' samples and the post-run collections' samples (seconds)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    collections: dict[str, list[float]] = {}
    current: list[str] = [""]

    def check(at: AppTest) -> AppTest:
        at.run()
        if at.exception:
            raise RuntimeError([e.value for e in at.exception])
        # What a server does after each run before it tells the browser the run is over.
        t = time.perf_counter()
        gc.collect(2)
        collections.setdefault(current[0], []).append(time.perf_counter() - t)
        return at

    def timed_page(name: str, fn: Callable[[], Any]) -> list[float]:
        current[0] = name
        collections.pop(name, None)
        samples = timed(fn, n)
        collections[name] = collections[name][-n:]
        # timed() includes the collection in each sample; report the script run alone.
        return [s - c for s, c in zip(samples, collections[name], strict=True)]

    results: dict[str, list[float]] = {}
    with whole_entry_script_runs():
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60)
        t = time.perf_counter()
        check(at)
        results["first run (cold: seeds the store, loads the data)"] = [time.perf_counter() - t]
        collections.clear()
        for agency, label in ((PATUENG, "ป่าตึง 2568 (default)"), (FICTION, "สุขใจ 2568 (fictional)")):
            at.sidebar.selectbox(key="agency").set_value(agency)
            check(at)
            pages = (("pages/overview.py", "overview"), ("pages/indicators.py", "indicators"))
            for page, name in pages + (OTHER_PAGES if agency == FICTION else ()):
                if not (REPO_ROOT / page).exists():
                    continue
                at.switch_page(page)
                check(at)
                results[f"{name} · {label}"] = timed_page(f"{name} · {label}", lambda: check(at))
        # A browser load starts a new session: its first run, with the process's caches warm.
        name = "overview · ป่าตึง · new session's first run"
        results[name] = timed_page(
            name, lambda: check(AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60)))
        bare_at = AppTest.from_file(str(bare), default_timeout=60)
        check(bare_at)
        results["bare one-chart page"] = timed_page("bare one-chart page", lambda: check(bare_at))
        name = "bare one-chart page · new session's first run"
        results[name] = timed_page(name, lambda: check(AppTest.from_file(str(bare), default_timeout=60)))
    first = next(iter(results))
    collections[first] = [float("nan")]
    return results, collections


# --------------------------------------------------------------------------- (c) pieces


def server_pieces(n: int) -> dict[str, list[float]]:
    import plotly.io as pio

    from ita.core.analysis import agency_years
    from ita.core.framework import load_framework
    from ita.services.charts import comparison_chart, heatmap_chart, tools_chart, trend_chart, waterfall_chart
    from ita.services.indicators import (
        compare_years,
        indicator_changes,
        indicator_matrix,
        oit_items,
        sub_indicator_scores,
    )
    from ita.services.overview import drivers, drivers_of, overview, overview_cards, tools_frame, trend_frame
    from ita.storage.store import Store

    store = Store()  # ITA_DB is set to the temporary store seeded in (a)
    ds = store.dataset()
    fw = load_framework()
    a, y = FICTION, 2568
    trend, tools, result = trend_frame(ds, a, fw), tools_frame(ds, a, fw), drivers(ds, a, 2567, y, fw)
    matrix, compare = indicator_matrix(ds, a, fw), compare_years(ds, a, 2567, y, fw)
    results = agency_years(ds, a, fw)
    cached = pickle.dumps(overview(ds, a, y, fw))  # st.cache_data keeps pickled bytes
    figs = {
        "trend": trend_chart(trend, fw.pass_mark),
        "tools": tools_chart(tools),
        "waterfall": waterfall_chart(result.table, 2567, y, result.total_from, result.total_to),
        "heatmap": heatmap_chart(matrix),
        "comparison": comparison_chart(compare, 2567, y),
    }
    pieces: dict[str, Callable[[], Any]] = {
        "store.data_version() (every run: is the cache fresh?)": store.data_version,
        "store.dataset() (only after a write; cached otherwise)": store.dataset,
        "overview: overview_cards": lambda: overview_cards(ds, a, y, fw),
        "overview: trend_frame": lambda: trend_frame(ds, a, fw),
        "overview: tools_frame": lambda: tools_frame(ds, a, fw),
        "overview: drivers": lambda: drivers(ds, a, 2567, y, fw),
        "overview: ds.years": lambda: ds.years(a),
        "overview: overview() (cards, trend, tools at once; what the page calls)": lambda: overview(ds, a, y, fw),
        "overview: drivers_of(overview().results, ...)": lambda: drivers_of(results, 2567, y, fw),
        "agency_years (each function above but drivers_of evaluates it)": lambda: agency_years(ds, a, fw),
        "cached read: pickle.loads of overview() (the page's warm path)": lambda: pickle.loads(cached),
        "indicators: indicator_matrix": lambda: indicator_matrix(ds, a, fw),
        "indicators: indicator_changes": lambda: indicator_changes(ds, a, y, fw),
        "indicators: compare_years": lambda: compare_years(ds, a, 2567, y, fw),
        "indicators: sub_indicator_scores": lambda: sub_indicator_scores(ds, a, y, "9", fw),
        "indicators: oit_items": lambda: oit_items(ds, a, y, fw, parent="9"),
        "chart: trend_chart": lambda: trend_chart(trend, fw.pass_mark),
        "chart: tools_chart": lambda: tools_chart(tools),
        "chart: waterfall_chart": lambda: waterfall_chart(result.table, 2567, y, result.total_from,
                                                          result.total_to),
        "chart: heatmap_chart": lambda: heatmap_chart(matrix),
        "chart: comparison_chart": lambda: comparison_chart(compare, 2567, y),
    }
    for name, fig in figs.items():
        # What st.plotly_chart does with a Figure: to_dict(), then plotly.io.to_json(validate=False).
        pieces[f"encode: {name} (to_dict + to_json)"] = lambda fig=fig: pio.to_json(fig.to_dict(), validate=False)
    out = {name: timed(fn, n) for name, fn in pieces.items()}
    store.close()
    return out


# --------------------------------------------------------------------------- (b) browser


# Recorded in the page itself (performance.now(), ms from the start of navigation): each websocket
# message from the server, and the first moment the page title and a plotly chart exist.
MARKS_JS = """(() => {
  const marks = window.__benchMarks = {ws: []};
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => marks.ws.push(performance.now()));
    }
  };
  const seen = (name, selector) => {
    if (!(name in marks) && document.querySelector(selector)) marks[name] = performance.now();
  };
  new MutationObserver(() => {
    seen('title', '[data-testid="stMain"] h1');
    seen('chart', '.js-plotly-plot .main-svg');
  }).observe(document, {subtree: true, childList: true});
})();"""

READ_MARKS_JS = """() => {
  const m = window.__benchMarks;
  const plotly = performance.getEntriesByType('resource').find(e => e.name.includes('PlotlyChart'));
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    'HTML and scripts loaded (load event)': nav.loadEventEnd,
    'first websocket message': m.ws.length ? m.ws[0] : NaN,
    'last websocket message (run done)': m.ws.length ? m.ws[m.ws.length - 1] : NaN,
    'page title drawn': m.title ?? NaN,
    'plotly code requested': plotly ? plotly.startTime : NaN,
    'plotly code loaded': plotly ? plotly.responseEnd : NaN,
    'first chart drawn (in page)': m.chart ?? NaN,
  };
}"""
GOTO_TO_CHART = "page.goto → first chart drawn"
GOTO_TO_IDLE = "page.goto → script run finished"
MAIN_THREAD_CPU = "page's main-thread CPU before the chart"
TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "__metadata"]


def main_thread_cpu_ms(trace: bytes, until_ms: float) -> float:
    """Returns the CPU time (ms) the page's renderer main thread spent in tasks from the start of
    navigation until `until_ms` (a performance.now() value), from a Chromium trace.

    Unlike wall time it barely moves when other jobs share the CPU (a task that waits for a core is
    not counted), so it compares two pages' work even on a busy machine."""
    events = json.loads(trace)
    events = events["traceEvents"] if isinstance(events, dict) else events
    mains = {(e["pid"], e["tid"]) for e in events
             if e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain"}
    tasks: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for e in events:
        if e.get("ph") == "X" and e.get("name") == "RunTask" and (e["pid"], e["tid"]) in mains:
            tasks.setdefault((e["pid"], e["tid"]), []).append(e)
    thread = max(tasks, key=lambda k: sum(e.get("tdur", 0) for e in tasks[k]))  # the page's, not about:blank's
    starts = [e["ts"] for e in events if e.get("name") == "navigationStart" and (e["pid"], e["tid"]) == thread]
    t0 = min(starts) if starts else min(e["ts"] for e in tasks[thread])
    end = t0 + until_ms * 1000
    return sum(e.get("tdur", 0) for e in tasks[thread] if t0 <= e["ts"] <= end) / 1000


def browser_loads(ours: str, bare: str, bare_figure: str, n: int) -> dict[str, dict[str, list[float]]]:
    """Returns, per page, each mark's samples in seconds."""
    from helpers import CHROMIUM, CHROMIUM_ARGS, wait_for_app
    from playwright.sync_api import sync_playwright

    targets = {
        "overview (/) · ป่าตึง": f"{ours}/",
        "indicators (/indicators) · ป่าตึง": f"{ours}/indicators",
        "bare one-chart page": f"{bare}/",
        "bare page with our trend figure": f"{bare_figure}/",
    }
    results: dict[str, dict[str, list[float]]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="th-TH")
        context.set_default_timeout(60_000)
        context.add_init_script(MARKS_JS)

        def load(url: str, want_chart: bool) -> dict[str, float]:
            page = context.new_page()
            try:
                t0 = time.perf_counter()
                page.goto(url)
                t_chart = float("nan")
                if want_chart:
                    page.wait_for_selector(CHART, state="attached")
                    t_chart = time.perf_counter() - t0
                wait_for_app(page, 60_000, settle_ms=0)
                t_idle = time.perf_counter() - t0
                marks = {k: v / 1000 for k, v in page.evaluate(READ_MARKS_JS).items()}
                return {GOTO_TO_CHART: t_chart, GOTO_TO_IDLE: t_idle, **marks}
            finally:
                page.close()

        def traced_load(url: str) -> float:
            """Returns the page's main-thread CPU (s) until its first chart (a load of its own: tracing
            slows the page, so these loads are not among the timed ones)."""
            page = context.new_page()
            try:
                browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
                page.goto(url)
                page.wait_for_selector(CHART, state="attached")
                chart_ms = page.evaluate("() => window.__benchMarks.chart")
                cpu = main_thread_cpu_ms(browser.stop_tracing(), chart_ms) / 1000
                wait_for_app(page, 60_000, settle_ms=0)
                return cpu
            finally:
                page.close()

        # Warm-up: the root first, so dashboard.py's st.navigation has run before /indicators is
        # asked for (see the deep-link bug in tests/e2e/test_pages.py), and the browser cache is full.
        for url in (f"{ours}/", f"{ours}/indicators", f"{bare}/", f"{bare_figure}/"):
            for _ in range(2):
                load(url, want_chart=False)
        # Round robin: every round loads each page once, so a change of the machine's load during the
        # run (other jobs share it) falls on all pages alike instead of on whichever ran then.
        rows: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
        for _ in range(n):
            for name, url in targets.items():
                # ป่าตึง (the default on a fresh session) has no indicator scores, so /indicators has no chart.
                rows[name].append(load(url, want_chart="indicators" not in name))
        for name, samples in rows.items():
            results[name] = {k: [r[k] for r in samples] for k in samples[0]}
        for _ in range(max(3, n // 2)):
            for name, url in targets.items():
                if "indicators" not in name:
                    results[name].setdefault(MAIN_THREAD_CPU, []).append(traced_load(url))
        results["indicators (/indicators) · ป่าตึง"][MAIN_THREAD_CPU] = [float("nan")]

        # Moving between our pages with the sidebar link, the fictional agency chosen (both pages
        # then draw charts); timed from the click to the new page's chart.
        page = context.new_page()
        page.goto(f"{ours}/")
        wait_for_app(page, 60_000, settle_ms=0)
        page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="หน่วยงาน").click()
        page.locator('[role="option"]').filter(has_text=FICTION).first.click()
        page.locator('[data-testid="stMain"] h3').filter(has_text=FICTION).wait_for()
        wait_for_app(page, 60_000, settle_ms=0)
        moves: dict[str, list[float]] = {}
        for i in range(n + 1):
            for link, selector, label in (
                ("รายตัวชี้วัด", ".js-plotly-plot .heatmaplayer", "click → indicators' heat map drawn"),
                ("ภาพรวม", ".js-plotly-plot .waterfalllayer", "click → overview's waterfall drawn"),
            ):
                t0 = time.perf_counter()
                page.get_by_test_id("stSidebarNav").get_by_role("link", name=link, exact=True).click()
                page.wait_for_selector(selector, state="attached")
                elapsed = time.perf_counter() - t0
                wait_for_app(page, 60_000, settle_ms=0)
                if i:  # the first round is the warm-up
                    moves.setdefault(label, []).append(elapsed)
        results["sidebar link, สุขใจ 2568 (no page load)"] = moves
        context.close()
        browser.close()
    return results


# --------------------------------------------------------------------------- main


def trend_figure_json() -> str:
    """Returns the overview's trend figure of the default agency (ป่าตึง) as plotly JSON."""
    from ita.core.framework import load_framework
    from ita.services.charts import trend_chart
    from ita.services.overview import trend_frame
    from ita.storage.bundled import load_bundled

    ds, _ = load_bundled()
    fw = load_framework()
    return trend_chart(trend_frame(ds, PATUENG, fw), fw.pass_mark).to_json()


def machine() -> str:
    import streamlit

    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    return (f"nproc {os.cpu_count()} ({cpu}); Python {platform.python_version()}; "
            f"Streamlit {streamlit.__version__}; {platform.platform()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reruns", type=int, default=15, help="timed AppTest reruns per page (≥ 10)")
    parser.add_argument("--loads", type=int, default=9, help="timed browser loads per page (≥ 5)")
    parser.add_argument("--browser-only", action="store_true", help="skip (a) and (c)")
    args = parser.parse_args()
    os.chdir(REPO_ROOT)
    tmp = Path(tempfile.mkdtemp(prefix="ita-bench-"))
    os.environ["ITA_DB"] = str(tmp / "ita.db")
    bare_dir = tmp / "bare"
    bare_dir.mkdir()
    bare = bare_dir / "bare_page.py"
    bare.write_text(BARE_PAGE, encoding="utf-8")
    bare_figure = bare_dir / "bare_figure_page.py"
    bare_figure.write_text(BARE_FIGURE_PAGE, encoding="utf-8")
    (bare_dir / "trend.json").write_text(trend_figure_json(), encoding="utf-8")

    print(f"machine: {machine()}")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}\n")

    if not args.browser_only:
        server_tables(bare, args.reruns)
    browser_tables(tmp, bare, bare_dir, bare_figure, args.loads)


def server_tables(bare: Path, reruns_n: int) -> None:
    print(f"(a) server: warm rerun under AppTest, median of {reruns_n} after 2 warm-up runs "
          f"(load average {load_average()})")
    print(f"  {'page · agency, year':<48} {'script run':<40} {'× bare':>7}   then gc.collect(2) (median)")
    reruns, collections = server_reruns(bare, reruns_n)
    bare_median = statistics.median(reruns["bare one-chart page"])
    for name, samples in reruns.items():
        ratio = statistics.median(samples) / bare_median
        gc_ms = statistics.median(collections.get(name) or [float("nan")])
        print(f"  {name:<48} {median_ms(samples):<40} {ratio:6.1f}×   {ms(gc_ms) if gc_ms == gc_ms else '–'} ms")
    print("  (the collection runs in this process, whose heap holds the app and the bare page alike; a")
    print("  served bare page's own process collects a smaller heap)")

    print("\n(c) server: where a rerun's time goes (pure functions, median of 20)")
    for name, samples in server_pieces(20).items():
        print(f"  {name:<58} {statistics.median(samples) * 1000:7.2f} ms")



def browser_tables(tmp: Path, bare: Path, bare_dir: Path, bare_figure: Path, n: int) -> None:
    print(f"\n(b) browser: from page.goto, median of {n} warm loads (load average {load_average()})")
    from helpers import serve

    with (
        serve(REPO_ROOT / "dashboard.py", REPO_ROOT, tmp / "app.log", {"ITA_DB": str(tmp / "served.db")}) as ours,
        serve(bare, bare_dir, tmp / "bare.log") as bare_url,
        serve(bare_figure, bare_dir, tmp / "bare_figure.log") as bare_figure_url,
    ):
        loads = browser_loads(ours, bare_url, bare_figure_url, n)
    print(f"  (load average at the end {load_average()})")
    bare_loads = loads["bare one-chart page"]
    for name, marks in loads.items():
        print(f"  {name}")
        for mark, samples in marks.items():
            if all(x != x for x in samples):  # NaN: no chart on this page for this agency
                print(f"    {mark:<42} –  (no chart on this page for this agency)")
                continue
            ref = bare_loads.get(mark) or bare_loads[GOTO_TO_CHART]
            ratio = statistics.median(samples) / statistics.median(ref)
            print(f"    {mark:<42} {median_ms(samples):<40} {ratio:5.2f}× bare")
    for name in ("overview (/) · ป่าตึง", "bare page with our trend figure"):
        cpu = statistics.median(loads[name][MAIN_THREAD_CPU]) / statistics.median(bare_loads[MAIN_THREAD_CPU])
        print(f"  {name}: main-thread CPU before the chart / bare's: {cpu:.2f}×")
        # The ratio within each round (the same minute of load for both pages), then its spread.
        pairs = [a / b for a, b in zip(loads[name][GOTO_TO_CHART], bare_loads[GOTO_TO_CHART], strict=True)
                 if a == a and b == b]
        if pairs:
            q = statistics.quantiles(pairs, n=4) if len(pairs) > 1 else [pairs[0]] * 3
            print(f"  {name}: goto → chart / bare's in the same round: median {statistics.median(pairs):.2f}×, "
                  f"quartiles {q[0]:.2f}–{q[2]:.2f}×, min–max {min(pairs):.2f}–{max(pairs):.2f}×, n={len(pairs)}")
    print(f"\nlogs and stores in {tmp}")


if __name__ == "__main__":
    main()
