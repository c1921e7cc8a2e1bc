"""deploy/make_nginx_conf.py (issue 15): the nginx configuration for any number of app servers, checked by nginx
itself (`nginx -t`) where Debian's nginx is installed. The running deployment is tests/e2e/test_deploy.py."""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NGINX = Path("/usr/sbin/nginx")


def _module():
    spec = importlib.util.spec_from_file_location("make_nginx_conf", REPO / "deploy" / "make_nginx_conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


conf = _module()


def test_three_servers_each_with_the_others_as_backup_and_an_even_random_route() -> None:
    servers = [("10.0.0.11", 8501), ("10.0.0.12", 8501), ("::1", 8502)]
    site = conf.render_site(servers, server_name="ita.example.go.th", cert="/c.pem", key="/k.pem", http_port=80,
                            https_port=443, body_mb=21, access_log="/var/log/nginx/ita-access.log")
    assert "upstream ita_app_3 {\n    server [::1]:8502 max_fails=1 fail_timeout=10s;\n" \
           "    server 10.0.0.11:8501 backup;\n    server 10.0.0.12:8501 backup;" in site
    assert "    33.33% 1;\n    33.33% 2;\n    * 3;" in site
    assert '"~(^|[ ,])\\[::1\\]:8502$" "ita_route=3; Path=/; Secure; HttpOnly; SameSite=Lax";' in site
    assert "return 301 https://$host$request_uri;" in site  # port 443: no port in the address
    assert "client_max_body_size 21m;" in site
    assert "{{" not in site.replace("{{…}}", "")


def test_a_server_is_an_address_and_a_port_not_a_name() -> None:
    assert conf.parse_server("[::1]:8501") == ("::1", 8501)
    for bad in ("app1.example.go.th:8501", "10.0.0.11", "10.0.0.11:0", "10.0.0.11:http"):
        with pytest.raises(argparse.ArgumentTypeError):
            conf.parse_server(bad)


def test_a_field_left_without_a_value_is_an_error() -> None:
    with pytest.raises(ValueError, match="CERT"):
        conf.fill("ssl_certificate {{CERT}};", {})


def test_nginx_accepts_the_standalone_configuration(tmp_path: Path) -> None:
    if not NGINX.exists():  # a failure, not a skip, as for PostgreSQL: CI must not go green without checking
        pytest.fail(f"{NGINX} is missing: install Debian's nginx package (tests/run_all.sh does).", pytrace=False)
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=localhost"],
                   check=True, capture_output=True)
    prefix = tmp_path / "nginx"
    args = ["--standalone", str(prefix), "--server", "127.0.0.1:8501", "--server", "127.0.0.1:8502",
            "--server", "127.0.0.1:8503", "--cert", str(cert), "--key", str(key), "--listen-address", "127.0.0.1",
            "--http-port", "8080", "--https-port", "8443", "--upload-mb", "20", "--out", str(prefix / "nginx.conf")]
    if os.geteuid() == 0:
        args += ["--user", "root"]
    assert conf.main(args) == 0
    text = (prefix / "nginx.conf").read_text()
    assert "return 301 https://$host:8443$request_uri;" in text
    done = subprocess.run([str(NGINX), "-t", "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
