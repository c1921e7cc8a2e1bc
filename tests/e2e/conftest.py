"""Fixtures for browser tests: the real app served by Streamlit, driven by Debian's Chromium.

Every test in this folder is marked `e2e`. Playwright cannot download its own browser on our machines,
so the browser is always /usr/bin/chromium (installed by tests/run_all.sh), and a missing browser is a
failure, never a skip: a skipped browser test would let CI go green without testing the app at all.
The helpers the tests call (wait_for_app, error_boxes, serve, …) are in helpers.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import (
    APP_RUN_TIMEOUT_MS,
    ARTIFACTS_DIR,
    CHROMIUM,
    CHROMIUM_ARGS,
    REPO_ROOT,
    TESTER,
    TESTER_DISPLAY,
    TESTER_PASSWORD,
    ServerError,
    add_account,
    serve,
)
from playwright.sync_api import Browser, Page, expect, sync_playwright

# An assertion waits as long as a page run may take on a busy machine (CI shares two cores with the
# server and the browser), not Playwright's default of 5 s; a real failure is reported all the same.
expect.set_options(timeout=15_000)

E2E_DIR = Path(__file__).resolve().parent


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


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve dashboard.py on a free loopback port with a throwaway ITA_DB; yield the base URL."""
    tmp = tmp_path_factory.mktemp("app")
    # Tests must never read or write the developer's own store. Writing needs an account (issue 12).
    env = {"ITA_DB": str(tmp / "ita.db")}
    add_account(tmp / "ita.db", TESTER, "admin", TESTER_PASSWORD, display=TESTER_DISPLAY)
    try:
        with serve(REPO_ROOT / "dashboard.py", REPO_ROOT, tmp / "streamlit.log", env) as base_url:
            yield base_url
    except ServerError as exc:
        pytest.fail(str(exc), pytrace=False)


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
