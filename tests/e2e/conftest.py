"""Fixtures for browser tests: the real app served by Streamlit, driven by Debian's Chromium.

Every test in this folder is marked `e2e`. Playwright cannot download its own browser on our machines,
so the browser is always /usr/bin/chromium (installed by tests/run_all.sh), and a missing browser is a
failure, never a skip: a skipped browser test would let CI go green without testing the app at all.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[2]
E2E_DIR = Path(__file__).resolve().parent
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT_S = 60.0
APP_RUN_TIMEOUT_MS = 30_000

# Streamlit 1.67 puts the script's run state on the stApp element: "initial" before the first run,
# then "running", then "notRunning" (or "compilationError" for a syntax error in the entry script,
# drawn as a modal dialog that error_boxes reports). The status widget in the toolbar shows
# stStatusWidgetRunningIcon while a run is on.
_APP_IDLE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  const state = app.getAttribute('data-test-script-state');
  if (state !== 'notRunning' && state !== 'compilationError') return false;
  const icon = document.querySelector('[data-testid="stStatusWidgetRunningIcon"]');
  return !icon || icon.getClientRects().length === 0;
}"""

# An st.error box is an stAlert holding stAlertContentError (warnings and infos hold
# stAlertContentWarning / stAlertContentInfo, and st.warning has role="alert" too, so the role
# cannot tell them apart). st.exception and uncaught exceptions are a separate stException element,
# not nested in an stAlert, so the selectors never count one box twice. A syntax error in the entry
# script draws no stException at all: a modal stDialog "Script execution error" holds stErrorCodeBlock.
ERROR_BOX_SELECTOR = ", ".join(
    [
        '[data-testid="stException"]',
        '[data-testid="stAlert"]:has([data-testid="stAlertContentError"])',
        '[data-testid="stDialog"]:has([data-testid="stErrorCodeBlock"])',
    ]
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test collected from this folder as `e2e`, and no other."""
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Keep each phase's report on the item (`rep_setup`, `rep_call`) so fixtures can see failures."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def wait_for_app(page: Page, timeout_ms: int = APP_RUN_TIMEOUT_MS) -> None:
    """Return once the app is drawn, connected and its script run has finished.

    After a click that triggers a rerun, the old run's "notRunning" state may still be showing for a
    moment before the rerun starts; there, wait for the element the rerun should produce instead.
    """
    page.wait_for_selector('[data-testid="stApp"]', state="attached", timeout=timeout_ms)
    page.wait_for_function(_APP_IDLE_JS, timeout=timeout_ms)


def error_boxes(page: Page) -> list[str]:
    """Return the texts of the visible error boxes: st.error, st.exception, uncaught and syntax errors."""
    return [box.inner_text().strip() for box in page.locator(ERROR_BOX_SELECTOR).all() if box.is_visible()]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve dashboard.py on a free loopback port with a throwaway ITA_DB; yield the base URL."""
    tmp = tmp_path_factory.mktemp("app")
    port = _free_port()
    env = dict(os.environ)
    # Tests must never read or write the developer's own store.
    env["ITA_DB"] = str(tmp / "ita.db")
    env["PYTHONUNBUFFERED"] = "1"
    log_path = tmp / "streamlit.log"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "dashboard.py",
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        # Files may change while the suite runs (another checkout, an editor); the served app must not.
        "--server.fileWatcherType",
        "none",
    ]
    # The server writes to a file, not a pipe: nobody reads a pipe while tests run, and a full pipe
    # would block the server.
    with open(log_path, "wb") as log:
        server = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while not _answers(f"{base_url}/_stcore/health"):
            if server.poll() is not None:
                pytest.fail(
                    f"Streamlit exited with code {server.returncode} before answering.\n"
                    f"Output:\n{log_path.read_text(errors='replace')}"
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"Streamlit did not answer {base_url}/_stcore/health within "
                    f"{SERVER_START_TIMEOUT_S:.0f} s.\nOutput:\n{log_path.read_text(errors='replace')}"
                )
            time.sleep(0.2)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, shared by the whole session."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing, so the browser tests cannot run. Install it with "
            "`apt-get install chromium fonts-thai-tlwg` (tests/run_all.sh does this), "
            "since `playwright install` cannot download a browser here.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh Thai-locale page; on failure its full-page screenshot goes to test-artifacts/."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="th-TH")
    context.set_default_timeout(APP_RUN_TIMEOUT_MS)
    new_page = context.new_page()
    try:
        yield new_page
    finally:
        failed = any(
            getattr(request.node, f"rep_{when}", None) is not None
            and getattr(request.node, f"rep_{when}").failed
            for when in ("setup", "call")
        )
        if failed:
            ARTIFACTS_DIR.mkdir(exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            try:
                new_page.screenshot(path=str(ARTIFACTS_DIR / f"{name}.png"), full_page=True)
            except Exception as exc:  # A dead page must not hide the test's own failure.
                print(f"could not save the failure screenshot of {request.node.nodeid}: {exc}")
        context.close()
