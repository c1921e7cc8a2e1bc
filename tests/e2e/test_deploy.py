"""The deployment of deploy/ (issue 15), started as deploy/README.md says, on loopback: one PostgreSQL (a fresh
database), two app servers from deploy/run_servers.py, nginx from Debian's package with the configuration
deploy/make_nginx_conf.py writes (HTTPS with a self-signed certificate, sticky sessions by the ita_route
cookie), and Chromium through https://127.0.0.1:PORT.

A planner pinned to server 1 signs in through the proxy, adds a measure and uploads a workbook; a viewer pinned to
server 2, signed in there, sees the measure after a click; nginx's log says which server each browser's WebSocket
reached. Plain HTTP redirects to HTTPS, a new browser is given a route, and a browser whose server stops is served
by the other.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from helpers import ARTIFACTS_DIR, REPO_ROOT, add_account, error_boxes, free_port, go_to, wait_for_app
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

NGINX = Path("/usr/sbin/nginx")
OPENSSL = shutil.which("openssl")
DEPLOY = REPO_ROOT / "deploy"
PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
PLANNER, PLANNER_PASSWORD, PLANNER_DISPLAY = "planner1", "ผู้วางแผน-รหัส-2568", "ผู้วางแผน ป่าตึง"
VIEWER, VIEWER_PASSWORD, VIEWER_DISPLAY = "exec1", "ผู้บริหาร-รหัส-2568", "ผู้บริหาร ป่าตึง"
TITLE = "มาตรการที่บันทึกผ่าน nginx บนเครื่องแรก"
PLAN = "แผนมาตรการปีงบประมาณ 2569"
START_TIMEOUT_S = 60
UPLOAD_LOG = re.compile(r'"PUT /_stcore/upload_file/\S+ HTTP/1\.1" 2\d\d \d+ route=(\S*) upstream=(\S+)')
STREAM_LOG = re.compile(r'"GET /_stcore/stream HTTP/1\.1" 101 \d+ route=(\S*) upstream=(\S+)')


@dataclass
class Deployment:
    url: str  # https://127.0.0.1:PORT, nginx
    http_port: int
    https_port: int
    app_ports: tuple[int, int]  # route 1, route 2
    cert: Path
    nginx_dir: Path
    launcher: subprocess.Popen[bytes]
    launcher_log: Path


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)
    assert done.returncode == 0, f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}{done.stderr}"
    return done


def _answers(port: int, tls: ssl.SSLContext | None = None) -> bool:
    conn = (http.client.HTTPSConnection("127.0.0.1", port, timeout=2, context=tls) if tls
            else http.client.HTTPConnection("127.0.0.1", port, timeout=2))
    try:
        conn.request("GET", "/_stcore/health")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def _wait(what: str, ready, processes: dict[str, tuple[subprocess.Popen[bytes], Path]]) -> None:
    """Waits until `ready()`; fails with the logs when a process exits or START_TIMEOUT_S pass."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while not ready():
        dead = {name: p.returncode for name, (p, _) in processes.items() if p.poll() is not None}
        if dead or time.monotonic() > deadline:
            logs = "\n".join(f"--- {name} ({log}):\n{log.read_text(errors='replace')[-3000:]}"
                             for name, (_, log) in processes.items() if log.exists())
            pytest.fail(f"{what}: {'exited ' + str(dead) if dead else 'no answer in time'}\n{logs}", pytrace=False)
        time.sleep(0.2)


def _stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM, group: bool = False) -> None:
    """Stops `process` (and, with `group`, the process group it leads: the servers it started), killing it
    when it has not ended after 15 s."""
    if process.poll() is None:
        os.killpg(process.pid, sig) if group else process.send_signal(sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL) if group else process.kill()
            process.wait()
    if group:  # the launcher's servers, should one have outlived it
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.fixture
def deployment(pg_url: str, tmp_path: Path) -> Iterator[Deployment]:
    for tool, package in ((NGINX, "nginx"), (Path(OPENSSL or "/usr/bin/openssl"), "openssl")):
        if not tool.exists():
            pytest.fail(f"{tool} is missing: install Debian's {package} package (tests/run_all.sh does).",
                        pytrace=False)
    # The store: schema by Alembic on this first open; the accounts as `python -m ita users add` makes them.
    # The launcher seeds the bundled data (อบต.ป่าตึง among it) before starting the servers.
    add_account(pg_url, PLANNER, "planner", PLANNER_PASSWORD, display=PLANNER_DISPLAY,
                grants=(("agency", PATUENG, ""),))
    add_account(pg_url, VIEWER, "viewer", VIEWER_PASSWORD, display=VIEWER_DISPLAY,
                grants=(("agency", PATUENG, ""),))
    http_port, https_port, port_1, port_2 = (free_port() for _ in range(4))
    url = f"https://127.0.0.1:{https_port}"

    with ExitStack() as stack:
        launcher_log = tmp_path / "launcher.log"
        env = {**os.environ, "ITA_DB": pg_url, "ITA_READ": "signed-in", "PYTHONUNBUFFERED": "1"}
        with open(launcher_log, "wb") as out:
            # Its own process group, so that cleaning up reaches the servers it started even if it is killed.
            launcher = subprocess.Popen(
                [sys.executable, str(DEPLOY / "run_servers.py"), "--port", str(port_1), "--port", str(port_2),
                 "--address", "127.0.0.1", "--public-url", url, "--log-dir", str(tmp_path)],
                env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        stack.callback(_stop, launcher, group=True)

        # While the servers start: a self-signed certificate for 127.0.0.1 and nginx's configuration.
        cert, key, nginx_dir = tmp_path / "cert.pem", tmp_path / "key.pem", tmp_path / "nginx"
        _run([OPENSSL or "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
              "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
              "-addext", "subjectAltName=IP:127.0.0.1"])
        # As root, nginx's workers would switch to nobody, who cannot enter pytest's private temporary folder.
        as_root = ["--user", "root"] if os.geteuid() == 0 else []
        _run([sys.executable, str(DEPLOY / "make_nginx_conf.py"), "--standalone", str(nginx_dir),
              "--server", f"127.0.0.1:{port_1}", "--server", f"127.0.0.1:{port_2}", "--server-name", "127.0.0.1",
              "--cert", str(cert), "--key", str(key), "--listen-address", "127.0.0.1",
              "--http-port", str(http_port), "--https-port", str(https_port), *as_root,
              "--out", str(nginx_dir / "nginx.conf")])
        nginx_cmd = [str(NGINX), "-p", str(nginx_dir), "-c", str(nginx_dir / "nginx.conf")]
        _run([*nginx_cmd, "-t"])
        nginx_log = tmp_path / "nginx.out"
        with open(nginx_log, "wb") as out:
            nginx = subprocess.Popen([*nginx_cmd, "-g", "daemon off;"], stdout=out, stderr=subprocess.STDOUT)
        stack.callback(_stop, nginx)

        processes = {
            "launcher": (launcher, launcher_log), "nginx": (nginx, nginx_log),
            "nginx error.log": (nginx, nginx_dir / "logs" / "error.log"),
            "server 1": (launcher, tmp_path / f"streamlit-{port_1}.log"),
            "server 2": (launcher, tmp_path / f"streamlit-{port_2}.log"),
        }
        _wait("the app servers", lambda: _answers(port_1) and _answers(port_2), processes)
        tls = ssl.create_default_context(cafile=str(cert))
        _wait("nginx", lambda: _answers(https_port, tls), processes)
        yield Deployment(url, http_port, https_port, (port_1, port_2), cert, nginx_dir, launcher, launcher_log)


def _context(browser: Browser, deployment: Deployment, route: str | None) -> BrowserContext:
    """A new browser (its own cookies) sending ita_route=`route`, as one nginx gave it earlier would."""
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1400, "height": 900}, locale="th-TH")
    context.set_default_timeout(30_000)
    if route:
        context.add_cookies([{"name": "ita_route", "value": route, "url": deployment.url, "secure": True,
                              "httpOnly": True, "sameSite": "Lax"}])
    return context


def _sign_in(page: Page, url: str, username: str, password: str, display: str) -> None:
    """Opens the app; with ITA_READ=signed-in its only page is the sign-in form."""
    page.goto(url)
    wait_for_app(page)
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("textbox", name="รหัสผ่าน", exact=True))
    form.get_by_role("textbox", name="ชื่อผู้ใช้", exact=True).fill(username)
    form.get_by_role("textbox", name="รหัสผ่าน", exact=True).fill(password)
    form.get_by_role("button", name="ลงชื่อเข้าใช้").click()
    wait_for_app(page)
    expect(page.get_by_test_id("stSidebar")).to_contain_text(f"ผู้ใช้: {display}")


def _plan_grid(page: Page) -> Locator:
    """The data grid of the plan (its accessible table holds the rows on screen)."""
    expect(page.get_by_text(PLAN)).to_be_visible()
    grid = page.locator('[data-testid="stHeading"]', has_text=PLAN).locator(
        "xpath=following::*[@data-testid='stDataFrame'][1]")
    grid.scroll_into_view_if_needed()
    return grid


def _stream_routes(log: Path) -> set[tuple[str, str]]:
    """(route the browser asked for, server that answered) of every WebSocket in nginx's access log; nginx writes
    a WebSocket's line when it closes."""
    return set(STREAM_LOG.findall(log.read_text(errors="replace"))) if log.exists() else set()


def _https_get(deployment: Deployment, path: str, cookie: str | None = None) -> http.client.HTTPResponse:
    tls = ssl.create_default_context(cafile=str(deployment.cert))  # nginx serves the certificate it was given
    conn = http.client.HTTPSConnection("127.0.0.1", deployment.https_port, timeout=10, context=tls)
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def _workbook(path: Path) -> Path:
    """A small workbook in the wide layout: ป่าตึง's published total of 2568."""
    wb = openpyxl.Workbook()
    wb.active.append(["หน่วยงาน", "ปีงบประมาณ", "คะแนนรวม", "ระดับ"])
    wb.active.append([PATUENG, 2568, 98.80, "ผ่านดี"])
    wb.save(path)
    return path


def _route_cookie(response: http.client.HTTPResponse) -> str:
    """The ita_route cookie nginx set (Streamlit sets its own XSRF cookie beside it)."""
    cookies = [c for c in response.headers.get_all("Set-Cookie") or [] if c.startswith("ita_route=")]
    assert len(cookies) == 1, response.headers.get_all("Set-Cookie")
    return cookies[0]


def test_a_planner_saves_on_one_server_and_a_viewer_on_the_other_sees_it(
    browser: Browser, deployment: Deployment, tmp_path: Path
) -> None:
    port_1, port_2 = deployment.app_ports
    planner_context, viewer_context = _context(browser, deployment, "1"), _context(browser, deployment, "2")
    planner, viewer = planner_context.new_page(), viewer_context.new_page()
    try:
        # Both sign in through the proxy: the sign-in form is the app's own, the accounts are in PostgreSQL.
        _sign_in(planner, deployment.url, PLANNER, PLANNER_PASSWORD, PLANNER_DISPLAY)
        _sign_in(viewer, deployment.url, VIEWER, VIEWER_PASSWORD, VIEWER_DISPLAY)
        go_to(viewer, "มาตรการ")
        expect(_plan_grid(viewer)).not_to_contain_text(TITLE)

        # The planner adds a measure to ป่าตึง's FY2569 plan on server 1.
        go_to(planner, "มาตรการ")
        _plan_grid(planner)
        add = planner.get_by_test_id("stForm").filter(has=planner.get_by_role("button", name="บันทึกมาตรการใหม่"))
        add.get_by_role("textbox", name="มาตรการ/แนวทาง", exact=True).fill(TITLE)
        add.get_by_role("button", name="บันทึกมาตรการใหม่").click()
        expect(planner.get_by_text(f"{TITLE}' ในแผนปี 2569 แล้ว", exact=False)).to_be_visible()
        wait_for_app(planner)

        # An upload through the proxy (an HTTP PUT with Streamlit's XSRF token, to the session's server): the
        # workbook is read and reported.
        go_to(planner, "ข้อมูล")
        uploader = planner.get_by_test_id("stFileUploader").locator("input[type=file]")
        uploader.set_input_files(str(_workbook(tmp_path / "totals.xlsx")))
        expect(planner.get_by_text("รูปแบบที่พบ:")).to_be_visible()
        wait_for_app(planner)

        # The viewer, still signed in on server 2, sees it at the next run (a click in the menu).
        go_to(viewer, "ภาพรวม")
        go_to(viewer, "มาตรการ")
        expect(_plan_grid(viewer)).to_contain_text(TITLE)
        expect(viewer.get_by_test_id("stSidebar")).to_contain_text(f"ผู้ใช้: {VIEWER_DISPLAY}")
        assert error_boxes(planner) == [] and error_boxes(viewer) == []
    except BaseException:
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        for name, page in (("planner", planner), ("viewer", viewer)):
            try:
                page.screenshot(path=str(ARTIFACTS_DIR / f"deploy_{name}.png"), full_page=True)
            except Exception as exc:  # a dead page must not hide the test's own failure
                print(f"no screenshot of the {name}'s page: {exc}")
        raise
    finally:
        planner_context.close()
        viewer_context.close()

    # Each browser's WebSocket reached the server its cookie names, and only that one.
    access_log = deployment.nginx_dir / "logs" / "access.log"
    expected = {("1", f"127.0.0.1:{port_1}"), ("2", f"127.0.0.1:{port_2}")}
    deadline = time.monotonic() + 10
    while not expected <= _stream_routes(access_log) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _stream_routes(access_log) == expected, access_log.read_text(errors="replace")
    uploads = UPLOAD_LOG.findall(access_log.read_text(errors="replace"))
    assert uploads and set(uploads) == {("1", f"127.0.0.1:{port_1}")}, access_log.read_text(errors="replace")

    # Plain HTTP only redirects, to the same address on HTTPS.
    conn = http.client.HTTPConnection("127.0.0.1", deployment.http_port, timeout=10)
    conn.request("GET", "/measures?x=1")
    response = conn.getresponse()
    conn.close()
    assert response.status == 301
    assert response.getheader("Location") == f"{deployment.url}/measures?x=1"

    # A browser without the cookie is given a route: the server that answered it.
    response = _https_get(deployment, "/_stcore/health")
    assert response.status == 200
    given = _route_cookie(response)
    assert re.fullmatch(r"ita_route=[12]; Path=/; Secure; HttpOnly; SameSite=Lax", given), given
    # Streamlit's own cookie is made Secure by nginx: never sent to port 80.
    xsrf = [c for c in response.headers.get_all("Set-Cookie") if c.startswith("_streamlit_xsrf=")]
    assert len(xsrf) == 1 and "; secure" in xsrf[0].lower(), xsrf

    # Server 1 stops: its browsers are served by server 2, and their cookie now names server 2. The launcher
    # keeps server 2 serving.
    pid = int(re.search(rf"server 127\.0\.0\.1:{port_1} started \(pid (\d+)\)",
                        deployment.launcher_log.read_text()).group(1))
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    while _answers(port_1) and time.monotonic() < deadline:
        time.sleep(0.2)
    response = _https_get(deployment, "/_stcore/health", cookie="ita_route=1")
    assert response.status == 200
    assert _route_cookie(response).startswith("ita_route=2;")
    deadline = time.monotonic() + 10
    while f"server 127.0.0.1:{port_1} exited" not in deployment.launcher_log.read_text():
        assert time.monotonic() < deadline, deployment.launcher_log.read_text()
        time.sleep(0.2)
    assert deployment.launcher.poll() is None
