"""Starts one or more ITA dashboard app servers (Streamlit) for nginx to put behind HTTPS, all on one store:
ITA_DB, a postgresql:// URL that every server (on this machine or others) shares. deploy/README.md.

    ITA_DB=postgresql://ita:…@127.0.0.1/ita ITA_READ=signed-in \\
    .venv/bin/python deploy/run_servers.py --port 8501 --port 8502 --public-url https://ita.example.go.th

--address and --public-url default to ITA_LISTEN_ADDRESS and ITA_PUBLIC_URL (the systemd unit's environment
file). Before the servers start, the store is opened once: its schema made or upgraded (Alembic) and, when new, seeded
from the bundled workbooks, so that the servers start on a ready store. With one --port (as a systemd unit
runs it, deploy/ita-dashboard@.service) the process becomes that server. With several, it starts them all,
writes `server 127.0.0.1:8501 started (pid N)` for each, keeps the others serving when one exits (nginx
sends its browsers elsewhere), and stops them all on SIGTERM or Ctrl-C. Options after `--` go to
`streamlit run` (e.g. `-- --secrets.files /etc/ita/secrets.toml`).

The Streamlit settings for serving behind a proxy on another origin (port 443 of a public name, not the
server's own port) are set here, on the command line of each server, not in .streamlit/config.toml:
- server.headless true: no browser is opened, nothing is asked on the terminal;
- server.address: the address nginx reaches (127.0.0.1 on nginx's machine; else this machine's LAN address,
  with a firewall letting only nginx in);
- server.enableCORS true and server.enableXsrfProtection true (Streamlit's defaults, said explicitly so that no
  config file turns them off): the browser talks to the public origin only, nginx passes the Host it used,
  so the WebSocket is same-origin and uploads carry the XSRF cookie's token;
- browser.serverAddress / browser.serverPort: the public name and port (what Streamlit prints and names in its
  upload responses), and server.allowedHosts: that name only (a WebSocket sent another Host is refused: DNS
  rebinding), when --public-url is given;
- server.maxUploadSize from ITA_MAX_UPLOAD_MB (as run_app.sh), server.fileWatcherType none (a server does not
  reload itself when a file changes), browser.gatherUsageStats false.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # for ita.*
SCRIPT = REPO / "dashboard.py"
STOP_SECONDS = 10  # a server gets this long to end after SIGTERM, then it is killed


def streamlit_command(port: int, address: str, upload_mb: int, public_url: str | None = None,
                      extra: list[str] | None = None) -> list[str]:
    """Returns the command that serves the dashboard on address:port, set up for a proxy on `public_url`."""
    command = [
        sys.executable, "-m", "streamlit", "run", str(SCRIPT),
        "--server.headless", "true",
        "--server.address", address,
        "--server.port", str(port),
        "--server.enableCORS", "true",
        "--server.enableXsrfProtection", "true",
        "--server.fileWatcherType", "none",
        "--server.maxUploadSize", str(upload_mb),
        "--browser.gatherUsageStats", "false",
    ]
    if public_url:
        public = urlsplit(public_url)
        if public.scheme != "https" or not public.hostname:
            raise ValueError(f"--public-url must be the https:// address people open, not {public_url!r}")
        command += [
            "--browser.serverAddress", public.hostname,
            "--browser.serverPort", str(public.port or 443),
            "--server.allowedHosts", public.hostname,
        ]
    return command + list(extra or [])


def prepare_store() -> str:
    """Opens the store at ITA_DB once: migrated to the current schema and, when new, seeded (as the app does on
    its first page); returns its name (the URL without its password)."""
    from ita.storage.bundled import load_bundled
    from ita.storage.store import Store

    store = Store()
    try:
        if not store.is_seeded():
            bundled, _ = load_bundled()
            store.seed(bundled)
        return store.name
    finally:
        store.close()


def _stop(servers: Mapping[int, subprocess.Popen[bytes]]) -> None:
    for server in servers.values():
        if server.poll() is None:
            server.terminate()
    deadline = time.monotonic() + STOP_SECONDS
    for server in servers.values():
        try:
            server.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main(argv: list[str] | None = None) -> int:
    from ita.services.data_entry import server_upload_mb

    argv = list(sys.argv[1:] if argv is None else argv)
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, action="append", required=True, help="a server's port (repeat)")
    parser.add_argument("--address", default=os.environ.get("ITA_LISTEN_ADDRESS") or "127.0.0.1",
                        help="the address the servers listen on (default: ITA_LISTEN_ADDRESS, else 127.0.0.1)")
    parser.add_argument("--public-url", default=os.environ.get("ITA_PUBLIC_URL") or None,
                        help="the https:// address people open (nginx's), e.g. https://ita.example.go.th "
                        "(default: ITA_PUBLIC_URL)")
    parser.add_argument("--log-dir", help="write each server's output to LOG_DIR/streamlit-PORT.log (default: "
                        "this process's output)")
    parser.add_argument("--no-prepare", action="store_true", help="do not open (migrate, seed) the store first")
    args = parser.parse_args(argv)
    if len(set(args.port)) != len(args.port):
        parser.error("each --port once")
    if not os.environ.get("ITA_DB"):
        parser.error("set ITA_DB to the store every server shares (postgresql://user:password@host/database)")

    if not args.no_prepare:
        print(f"ita: store {prepare_store()} ready", flush=True)
    upload_mb = server_upload_mb()
    try:
        commands = {p: streamlit_command(p, args.address, upload_mb, args.public_url, extra) for p in args.port}
    except ValueError as exc:
        parser.error(str(exc))
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    os.chdir(REPO)  # Streamlit reads .streamlit/ (config, secrets) from here

    if len(commands) == 1 and not args.log_dir:
        # The process becomes the server: a service manager (systemd) sees, signals and restarts it directly.
        (command,) = commands.values()
        os.execve(command[0], command, env)

    servers: dict[int, subprocess.Popen[bytes]] = {}
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        for port, command in commands.items():
            if args.log_dir:
                Path(args.log_dir).mkdir(parents=True, exist_ok=True)
                with open(Path(args.log_dir) / f"streamlit-{port}.log", "ab") as log:
                    servers[port] = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
            else:
                servers[port] = subprocess.Popen(command, env=env)
            print(f"ita: server {args.address}:{port} started (pid {servers[port].pid})", flush=True)
        running = set(servers)
        while not stopping and running:
            for port in sorted(running):
                code = servers[port].poll()
                if code is not None:
                    running.discard(port)
                    print(f"ita: server {args.address}:{port} exited with code {code}; "
                          f"{len(running)} still serving", file=sys.stderr, flush=True)
            time.sleep(0.5)
    finally:
        _stop(servers)
    if stopping:
        return 0
    return 0 if all(s.returncode == 0 for s in servers.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
