"""Helpers shared by the browser tests and the page benchmark: serve a Streamlit script, wait for
its run to finish, read its error boxes.

They live here rather than in conftest.py because `from conftest import …` depends on which
conftest pytest happened to import first; `from helpers import …` does not.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Locator, Page

from ita.services.data_entry import server_upload_mb

REPO_ROOT = Path(__file__).resolve().parents[2]
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
_APP_IDLE_JS = """settleMs => {
  const app = document.querySelector('[data-testid="stApp"]');
  const icon = document.querySelector('[data-testid="stStatusWidgetRunningIcon"]');
  const state = app && app.getAttribute('data-test-script-state');
  const idle = !!app && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && (state === 'notRunning' || state === 'compilationError')
    && (!icon || icon.getClientRects().length === 0);
  if (!idle) { window.__itaIdleSince = undefined; return false; }
  if (window.__itaIdleSince === undefined) window.__itaIdleSince = performance.now();
  return performance.now() - window.__itaIdleSince >= settleMs;
}"""
SETTLE_MS = 400

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


def wait_for_app(page: Page, timeout_ms: int = APP_RUN_TIMEOUT_MS, settle_ms: int = SETTLE_MS) -> None:
    """Return once the app is drawn, connected, and idle (no script run) for `settle_ms` on end.

    Right after a click or a key that asks for a rerun, the page still shows the previous run's
    "notRunning" until the server answers; an idle state seen only once would let the test type
    into a form that the rerun then replaces (the CI failure that lost a typed progress entry).
    Idle for 400 ms on end means the rerun has started and finished, or was never asked for.
    The benchmark passes 0: it times loads, and a page load has no earlier run to confuse."""
    page.wait_for_selector('[data-testid="stApp"]', state="attached", timeout=timeout_ms)
    page.evaluate("() => { window.__itaIdleSince = undefined; }")
    page.wait_for_function(_APP_IDLE_JS, arg=settle_ms, timeout=timeout_ms)


def error_boxes(page: Page) -> list[str]:
    """Return the texts of the visible error boxes: st.error, st.exception, uncaught and syntax errors."""
    return [box.inner_text().strip() for box in page.locator(ERROR_BOX_SELECTOR).all() if box.is_visible()]


def free_port() -> int:
    """Return a TCP port on the loopback interface that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


class ServerError(RuntimeError):
    """The Streamlit server exited or did not answer in time; the message holds its output."""


@contextmanager
def serve(
    script: Path,
    workdir: Path,
    log_path: Path,
    env: Mapping[str, str] | None = None,
    port: int | None = None,
) -> Iterator[str]:
    """Serve `script` with `streamlit run` from `workdir` on a free loopback port; yield the base URL.

    The server writes to `log_path`, not a pipe: nobody reads a pipe while tests run, and a full pipe
    would block the server. It is terminated (then killed) on exit. Raises ServerError when it exits
    or does not answer /_stcore/health within SERVER_START_TIMEOUT_S."""
    port = port or free_port()
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        # Files may change while the suite runs (another checkout, an editor); the served app must not.
        "--server.fileWatcherType", "none",
        # As run_app.sh: the server's upload limit is the app's, from the server's ITA_MAX_UPLOAD_MB.
        "--server.maxUploadSize", str(server_upload_mb(full_env)),
    ]
    with open(log_path, "wb") as log:
        server = subprocess.Popen(command, cwd=workdir, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while not _answers(f"{base_url}/_stcore/health"):
            if server.poll() is not None:
                raise ServerError(
                    f"Streamlit exited with code {server.returncode} before answering.\n"
                    f"Output:\n{log_path.read_text(errors='replace')}"
                )
            if time.monotonic() > deadline:
                raise ServerError(
                    f"Streamlit did not answer {base_url}/_stcore/health within "
                    f"{SERVER_START_TIMEOUT_S:.0f} s.\nOutput:\n{log_path.read_text(errors='replace')}"
                )
            time.sleep(0.1)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def full_page_shot(page: Page, file_name: str) -> None:
    """Saves the whole page to test-artifacts/FILE_NAME. Streamlit scrolls inside stMain, so a
    full-page screenshot of the window shows only the first screen: the window is made as tall as
    the content (at most 12,000 px) for the shot, then put back."""
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    size = page.viewport_size or {"width": 1400, "height": 900}
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 0")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height), 12000))})
    try:
        page.wait_for_timeout(300)  # plotly redraws on resize
        page.screenshot(path=str(ARTIFACTS_DIR / file_name), full_page=True)
    finally:
        page.set_viewport_size(size)


def go_to(page: Page, title: str) -> None:
    """Opens a page from the sidebar navigation (keeping the session) and waits for its run."""
    # By the link's accessible name, exactly: its icon (a ligature such as "monitoring") is not part of it, and
    # "ภาพรวม" must not also match "ภาพรวมหลายหน่วยงาน".
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    wait_for_app(page)


def choose(page: Page, scope: Locator, label: str, option: str) -> None:
    """Picks `option` in the select labelled `label` inside `scope` and waits for the run. The option's text is
    typed first: a long list is virtualised, so an option far down is not in the page until the list narrows."""
    box = scope.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True)).get_by_role("combobox")
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app(page)


# The account the browser tests sign in with (made in the store before the server starts, see conftest).
TESTER, TESTER_PASSWORD, TESTER_DISPLAY = "tester", "รหัสผ่านทดสอบ-2568", "ผู้ทดสอบเบราว์เซอร์"


def add_account(db: Path | str, username: str, role: str, password: str | None, display: str = "",
                grants: tuple[tuple[str, str, str], ...] = ()) -> None:
    """Creates an account with its grants ((kind, agency, value), as Accounts.grant takes them) in the store
    at `db` (ITA_DB: a SQLite file or a postgresql:// URL), as the command line does, before a server uses it."""
    from ita.storage.accounts import Accounts
    from ita.storage.store import Store

    store = Store(db)
    try:
        accounts = Accounts(store)
        accounts.add("ระบบ (ทดสอบเบราว์เซอร์)", username, role, password, display=display)
        for kind, agency, value in grants:
            accounts.grant("ระบบ (ทดสอบเบราว์เซอร์)", username, kind, agency, value)
    finally:
        store.close()


def sign_in(page: Page, username: str, password: str) -> None:
    """Signs in through the sign-in page of the sidebar's menu, as a person does, and waits for the run."""
    go_to(page, "ลงชื่อเข้าใช้")
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("textbox", name="รหัสผ่าน", exact=True))
    form.get_by_role("textbox", name="ชื่อผู้ใช้", exact=True).fill(username)
    form.get_by_role("textbox", name="รหัสผ่าน", exact=True).fill(password)
    form.get_by_role("button", name="ลงชื่อเข้าใช้").click()
    wait_for_app(page)
