#!/usr/bin/env bash
# The app command (README): installs the runtime into .venv and serves the dashboard on port 8501.
# Extra arguments go to `streamlit run`, e.g. `bash run_app.sh --server.port 8600`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
# The server refuses an upload over the app's limit before holding it: ITA_MAX_UPLOAD_MB decides both
# (README, "The store"; without it, .streamlit/config.toml holds the same default).
upload_mb="$(.venv/bin/python -c 'from ita.services.data_entry import server_upload_mb; print(server_upload_mb())')"
exec .venv/bin/python -m streamlit run dashboard.py --browser.gatherUsageStats false \
  --server.maxUploadSize "$upload_mb" "$@"
