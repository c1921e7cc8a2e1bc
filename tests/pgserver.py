"""A throwaway PostgreSQL server for the tests, started from Debian's packages (`apt-get install postgresql`)
in a temporary folder and removed with it; or, when ITA_TEST_PG_URL is set, a server someone else runs.

    server = from_env()                 # or start()
    server.create_database("t1")
    engine = sqlalchemy.create_engine(server.url_for("t1"))
    ...
    server.drop_database("t1")
    server.stop()                       # a no-op for the server of ITA_TEST_PG_URL
"""

from __future__ import annotations

import atexit
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL, make_url

ENV_URL = "ITA_TEST_PG_URL"
PG_LIB = Path("/usr/lib/postgresql")
INSTALL_HINT = "install Debian's postgresql package (apt-get install postgresql; tests/run_all.sh does it)"

# A throwaway test server: nothing in it must survive a crash, so durability is traded for speed.
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "100",
}


class PgServerError(RuntimeError):
    """PostgreSQL cannot be started here; the message says why and what to install."""


def find_bin_dir(lib: Path = PG_LIB) -> Path:
    """Returns the bin folder of the newest PostgreSQL version installed under `lib`."""
    found = [d for d in lib.glob("*/bin") if all((d / p).is_file() for p in ("initdb", "pg_ctl", "postgres"))]
    if not found:
        raise PgServerError(f"PostgreSQL's initdb, pg_ctl and postgres are not in {lib}/*/bin: {INSTALL_HINT}.")
    # Versions are folder names ("15", "9.6"): compare them as numbers, not text.
    return max(found, key=lambda d: tuple(int(x) for x in d.parent.name.split(".") if x.isdigit()))


class Server:
    """A PostgreSQL server reached at `url` (the postgres database, as its superuser). `data` is the
    folder of a server start() made (stop() stops it and removes the folder); None for a server of
    ITA_TEST_PG_URL, which stop() leaves alone."""

    def __init__(self, url: str, data: Path | None = None, run_as: list[str] | None = None) -> None:
        self.url = url
        self.data = data
        self._run_as = run_as or []

    def url_for(self, database: str) -> str:
        """Returns the SQLAlchemy URL of `database` on this server."""
        return make_url(self.url).set(database=database).render_as_string(hide_password=False)

    def _connect(self) -> psycopg.Connection:
        u = make_url(self.url)
        params = {"host": u.host, "port": u.port, "user": u.username, "password": u.password}
        params = {k: v for k, v in params.items() if v is not None} | dict(u.query)
        # CREATE/DROP DATABASE cannot run inside a transaction.
        return psycopg.connect(dbname=u.database or "postgres", autocommit=True, **params)

    def create_database(self, name: str, template: str | None = None) -> None:
        query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            query += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        with self._connect() as conn:
            conn.execute(query)

    def drop_database(self, name: str) -> None:
        """Drops `name`, ending its open connections first (WITH (FORCE): PostgreSQL 13 and later)."""
        with self._connect() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def stop(self) -> None:
        """Stops the server start() made and removes its folder; safe to call twice."""
        if self.data is None or not self.data.exists():
            return
        try:
            pg_ctl = find_bin_dir() / "pg_ctl"
            for mode in ("fast", "immediate"):
                cmd = [*self._run_as, str(pg_ctl), "-D", str(self.data / "data"), "-m", mode, "-w", "stop"]
                if _run(cmd, self.data).returncode == 0:
                    break
        finally:
            shutil.rmtree(self.data, ignore_errors=True)


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # cwd: a folder the postgres user may enter (not root's current one).
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(base_dir: str | Path | None = None) -> Server:
    """Starts a private PostgreSQL in a new folder under `base_dir` (default: the system's temporary
    folder, e.g. /tmp; as root, a folder the postgres user can reach) and returns it."""
    bin_dir = find_bin_dir()
    # PostgreSQL refuses to run as root (the tests do in CI): then run it as Debian's postgres user.
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            raise PgServerError(
                f"PostgreSQL refuses to run as root and there is no postgres system user: {INSTALL_HINT}."
            ) from None
        run_as = ["runuser", "-u", user.pw_name, "--"]
    else:
        user, run_as = pwd.getpwuid(os.geteuid()), []
    folder = Path(tempfile.mkdtemp(prefix="ita-pg-", dir=base_dir))
    os.chown(folder, user.pw_uid, user.pw_gid)
    data, log = folder / "data", folder / "server.log"
    server = Server("", folder, run_as)
    try:
        locale = "C.UTF-8" if Path("/usr/lib/locale/C.utf8").exists() else "C"
        initdb = [str(bin_dir / "initdb"), "-D", str(data), "-U", user.pw_name, "--auth=trust", "--encoding=UTF8"]
        done = _run([*run_as, *initdb, f"--locale={locale}", "--no-sync", "--no-instructions"], folder)
        if done.returncode != 0:
            raise PgServerError(
                f"initdb failed in {folder} (it runs as {user.pw_name}, who must be able to reach that folder):\n"
                f"{done.stdout}{done.stderr}"
            )
        with open(data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(f"\nunix_socket_directories = '{folder}'\n")
            conf.writelines(f"{k} = {v}\n" for k, v in SETTINGS.items())
        # A free port may be taken between finding it and the server binding it: try a few.
        for _ in range(3):
            port = _free_port()
            pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60"]
            done = _run([*run_as, *pg_ctl, "-o", f"-p {port}", "start"], folder)
            if done.returncode == 0:
                url = URL.create("postgresql+psycopg", user.pw_name, host="127.0.0.1", port=port, database="postgres")
                server.url = url.render_as_string()
                atexit.register(server.stop)  # if the caller never does
                return server
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise PgServerError(f"pg_ctl could not start PostgreSQL:\n{done.stdout}{done.stderr}\n{tail}")
    except BaseException:
        server.stop()
        raise


def from_env(base_dir: str | Path | None = None) -> Server:
    """Returns the server of ITA_TEST_PG_URL (a SQLAlchemy URL of a superuser) when set, else start()'s."""
    url = os.environ.get(ENV_URL)
    if not url:
        return start(base_dir)
    u = make_url(url)
    if u.drivername == "postgresql":  # postgresql:// would mean psycopg2, which the app does not install
        u = u.set(drivername="postgresql+psycopg")
    return Server(u.render_as_string(hide_password=False))
