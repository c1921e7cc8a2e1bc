"""Writes the nginx configuration for several ITA dashboard app servers from deploy/nginx-site.conf.template:
the site (for the system's nginx, /etc/nginx/conf.d/ita.conf) or, with --standalone PREFIX, a whole nginx.conf
for an nginx run as its own process with everything it writes under PREFIX. deploy/README.md shows both.

    .venv/bin/python deploy/make_nginx_conf.py --server 10.0.0.11:8501 --server 10.0.0.12:8501 \\
        --server-name ita.example.go.th --cert /etc/ssl/certs/ita.pem --key /etc/ssl/private/ita.key \\
        --out /etc/nginx/conf.d/ita.conf

Run it with the app's Python (.venv/bin/python): nginx's body limit comes from the app's own upload limit
(ITA_MAX_UPLOAD_MB, as the app servers read it), so the two never disagree.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the repository, for ita.*

SITE_TEMPLATE = HERE / "nginx-site.conf.template"
STANDALONE_TEMPLATE = HERE / "nginx-standalone.conf.template"
FIELD = re.compile(r"\{\{([A-Z_]+)\}\}")
UPSTREAM = "ita_app_"  # the template's proxy_pass names ita_app_$ita_route
COOKIE = "Path=/; Secure; HttpOnly; SameSite=Lax"


def fill(template: str, fields: dict[str, str]) -> str:
    """Returns `template` with every {{NAME}} replaced by fields[NAME]; a field without a value is an error."""
    missing = sorted(set(FIELD.findall(template)) - set(fields))
    if missing:
        raise ValueError(f"no value for {', '.join(missing)}")
    return FIELD.sub(lambda m: fields[m.group(1)], template)


def parse_server(text: str) -> tuple[str, int]:
    """Returns (IP, port) of 'IP:PORT' ('[IPv6]:PORT' for IPv6). An IP, not a host name: nginx reports the
    server that answered ($upstream_addr) by its address, and the route cookie is chosen by matching it."""
    host, sep, port = text.rpartition(":")
    host = host.strip("[]")
    try:
        ip = ipaddress.ip_address(host)
        number = int(port)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give an app server as IP:PORT, e.g. 127.0.0.1:8501") from None
    if not sep or not 0 < number < 65536:
        raise argparse.ArgumentTypeError(f"{text!r}: give an app server as IP:PORT, e.g. 127.0.0.1:8501")
    return str(ip), number


def address(ip: str, port: int) -> str:
    """The server as nginx writes it (and reports it in $upstream_addr)."""
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


def listen(listen_address: str | None, port: int) -> str:
    if not listen_address:
        return str(port)
    return f"{address(listen_address, port)}"


def split_percentages(n: int) -> list[str]:
    """split_clients shares for n routes: n-1 equal percentages (two decimals, as nginx takes them), the last '*'."""
    share = f"{int(10000 / n) / 100:.2f}".rstrip("0").rstrip(".")
    return [f"{share}%"] * (n - 1) + ["*"]


def render_site(servers: list[tuple[str, int]], *, server_name: str, cert: str, key: str, http_port: int,
                https_port: int, body_mb: int, access_log: str, listen_address: str | None = None) -> str:
    """Returns the site part (upstreams, route maps, the two servers) for `servers`, route N = servers[N-1]."""
    routes = [str(i) for i in range(1, len(servers) + 1)]
    upstreams = []
    for i, (ip, port) in enumerate(servers):
        lines = [f"upstream {UPSTREAM}{routes[i]} {{", f"    server {address(ip, port)} max_fails=1 fail_timeout=10s;"]
        lines += [f"    server {address(*other)} backup;" for j, other in enumerate(servers) if j != i]
        lines += ["    keepalive 16;", "}"]
        upstreams.append("\n".join(lines))
    split = [f"    {share} {route};" for share, route in zip(split_percentages(len(servers)), routes, strict=True)]
    known = [f'    "{route}" {route};' for route in routes]
    # The last address of $upstream_addr is the server that answered (earlier ones were tried and failed).
    answered = [
        f'    "~(^|[ ,]){re.escape(address(ip, port))}$" "ita_route={route}; {COOKIE}";'
        for (ip, port), route in zip(servers, routes, strict=True)
    ]
    return fill(SITE_TEMPLATE.read_text(encoding="utf-8"), {
        "UPSTREAMS": "\n\n".join(upstreams),
        "SPLIT": "\n".join(split),
        "ROUTES": "\n".join(known),
        "ANSWERED": "\n".join(answered),
        "SERVER_NAME": server_name,
        "CERT": cert,
        "KEY": key,
        "HTTP_LISTEN": listen(listen_address, http_port),
        "HTTPS_LISTEN": listen(listen_address, https_port),
        "HTTPS_PORT_SUFFIX": "" if https_port == 443 else f":{https_port}",
        "BODY_MB": str(body_mb),
        "ACCESS_LOG": access_log,
    })


def render_standalone(prefix: str, site: str, user: str | None = None) -> str:
    """Returns a whole nginx.conf holding `site`, with pid, logs and temporary files under `prefix`."""
    indented = "\n".join(f"    {line}" if line else "" for line in site.splitlines())
    return fill(STANDALONE_TEMPLATE.read_text(encoding="utf-8"), {
        "USER": f"user {user};" if user else "# (no `user`: nginx runs as whoever starts it)",
        "PREFIX": prefix,
        "SITE": indented,
    })


def main(argv: list[str] | None = None) -> int:
    from ita.services.data_entry import server_upload_mb

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", action="append", type=parse_server, required=True, metavar="IP:PORT",
                        help="an app server (repeat for each; route N is the N-th)")
    parser.add_argument("--server-name", default="_", help="the public host name (nginx's server_name; _ for any)")
    parser.add_argument("--cert", required=True, help="the TLS certificate (chain) file, PEM")
    parser.add_argument("--key", required=True, help="the TLS private key file, PEM")
    parser.add_argument("--https-port", type=int, default=443)
    parser.add_argument("--http-port", type=int, default=80, help="plain HTTP, which only redirects to HTTPS")
    parser.add_argument("--listen-address", help="listen on this address only (default: every address)")
    parser.add_argument("--upload-mb", type=int, default=None,
                        help="the app's upload limit in MB (default: from ITA_MAX_UPLOAD_MB, as the app reads it)")
    parser.add_argument("--access-log", help="default /var/log/nginx/ita-access.log; PREFIX/logs/access.log "
                        "with --standalone")
    parser.add_argument("--standalone", metavar="PREFIX",
                        help="write a whole nginx.conf with pid, logs and temporary files under PREFIX")
    parser.add_argument("--user", help="with --standalone, started as root: the user nginx's workers run as")
    parser.add_argument("--out", help="the file to write (default: standard output)")
    args = parser.parse_args(argv)

    upload_mb = args.upload_mb if args.upload_mb is not None else server_upload_mb()
    prefix = os.path.abspath(args.standalone) if args.standalone else None
    access_log = args.access_log or (f"{prefix}/logs/access.log" if prefix else "/var/log/nginx/ita-access.log")
    site = render_site(args.server, server_name=args.server_name, cert=os.path.abspath(args.cert),
                       key=os.path.abspath(args.key), http_port=args.http_port, https_port=args.https_port,
                       body_mb=upload_mb + 1, access_log=access_log, listen_address=args.listen_address)
    text = render_standalone(prefix, site, args.user) if prefix else site
    if prefix:
        for sub in ("logs", "temp"):
            os.makedirs(os.path.join(prefix, sub), exist_ok=True)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
