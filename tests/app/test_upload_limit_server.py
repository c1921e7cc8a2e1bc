"""The upload limit is the server's too (issue 11, case 10): ITA_MAX_UPLOAD_MB alone decides it. The
Streamlit server started as the app is started (run_app.sh, tests/e2e/helpers.py `serve`) refuses a
direct upload over the limit before holding it (HTTP 413), and takes one under it; without the flag,
.streamlit/config.toml holds the same default. Not a browser test: one real server, HTTP and a
websocket, a few seconds."""

from __future__ import annotations

import tomllib
from pathlib import Path

import requests
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import ClientConnection, connect

from ita.services.data_entry import MB, server_upload_mb
from tests.e2e.helpers import serve

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_the_servers_default_limit_is_the_apps():
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == server_upload_mb({}) == 20
    assert server_upload_mb({"ITA_MAX_UPLOAD_MB": "2.5"}) == 3  # whole MB, rounded up as the uploader does
    launcher = (REPO_ROOT / "run_app.sh").read_text(encoding="utf-8")
    assert "server_upload_mb()" in launcher and '--server.maxUploadSize "$upload_mb"' in launcher


def _session_id(ws: ClientConnection) -> str:
    """Asks for a run over a browser session's websocket, as the page does; returns the session id
    the server gives (the socket stays open: an upload needs a live session)."""
    ws.send(BackMsg(rerun_script=ClientState()).SerializeToString())
    for _ in range(200):
        msg = ForwardMsg()
        msg.ParseFromString(ws.recv(timeout=30))
        if msg.HasField("new_session"):
            return msg.new_session.initialize.session_id
    raise AssertionError("the server never started a session")


def test_a_running_server_refuses_an_upload_over_the_apps_limit(tmp_path):
    env = {"ITA_DB": str(tmp_path / "ita.db"), "ITA_MAX_UPLOAD_MB": "1"}
    with serve(REPO_ROOT / "dashboard.py", REPO_ROOT, tmp_path / "streamlit.log", env) as base_url:
        http = requests.Session()
        assert http.get(f"{base_url}/_stcore/health", timeout=30).status_code == 200
        xsrf = http.cookies["_streamlit_xsrf"]  # the page's XSRF token, as the browser sends it back
        with connect(base_url.replace("http://", "ws://") + "/_stcore/stream", subprotocols=["streamlit"],
                     open_timeout=30) as ws:
            session = _session_id(ws)

            def upload(size: int, name: str) -> int:
                return http.put(f"{base_url}/_stcore/upload_file/{session}/{name}", headers={"X-Xsrftoken": xsrf},
                                files={"file": (f"{name}.xlsx", b"\0" * size)}, timeout=30).status_code

            assert upload(MB + 64 * 1024, "over") == 413  # 1 MB + 64 KB: refused, nothing kept
            assert upload(MB - 64 * 1024, "under") == 204  # the same request under the limit is taken
