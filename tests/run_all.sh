#!/usr/bin/env bash
# The one test command (README): system packages, venv, lint, then every test under tests/.
# Extra arguments go to pytest, e.g. `bash tests/run_all.sh tests/e2e -x`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Browser tests need Debian's Chromium (Playwright cannot download its own browser here) and a Thai
# font (a fresh Debian has none, and Thai would be drawn as boxes); the document render tests need
# LibreOffice's Writer (docx -> PDF; Chromium prints the executive brief); the store's tests need
# PostgreSQL's server programs (tests/pgserver.py starts a throwaway server; no system one is used); the
# deployment test (tests/e2e/test_deploy.py) needs nginx, which it runs as its own process, not the system's
# service, and openssl for its certificate.
have_thai_font() {
  command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=th 2>/dev/null)" ]
}
have_postgres() {
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}
PACKAGES=()
[ -x /usr/bin/chromium ] || PACKAGES+=(chromium)
have_thai_font || PACKAGES+=(fonts-thai-tlwg)
command -v soffice >/dev/null 2>&1 || PACKAGES+=(libreoffice-writer-nogui)
have_postgres || PACKAGES+=(postgresql)
[ -x /usr/sbin/nginx ] || PACKAGES+=(nginx)
[ -x /usr/bin/openssl ] || PACKAGES+=(openssl)
if [ ${#PACKAGES[@]} -gt 0 ]; then
  echo "== installing ${PACKAGES[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "run_all.sh: ${PACKAGES[*]} missing, and installing them needs root or sudo" >&2
    exit 1
  fi
  # No package may start its system service (nginx's would take port 80, and fail the install when port 80 is
  # taken; postgresql's would start a cluster nobody uses): Debian's maintainer scripts ask policy-rc.d, and
  # where there is none (a container image usually has one), one saying "no" (101) stands in while installing.
  POLICY=/usr/sbin/policy-rc.d
  if [ ! -e "$POLICY" ]; then
    printf '#!/bin/sh\n# tests/run_all.sh: no service starts while it installs packages\nexit 101\n' |
      "${SUDO[@]}" tee "$POLICY" >/dev/null
    "${SUDO[@]}" chmod 755 "$POLICY"
    trap '"${SUDO[@]}" rm -f "$POLICY"' EXIT
  fi
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
  if [ "$(trap -p EXIT)" ]; then
    "${SUDO[@]}" rm -f "$POLICY"
    trap - EXIT
  fi
fi

if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  python3 -m venv .venv
fi
echo "== pip install -r requirements-dev.txt"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

echo "== ruff check ."
.venv/bin/python -m ruff check .

echo "== pytest"
exec .venv/bin/python -m pytest "$@"
