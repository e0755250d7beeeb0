#!/usr/bin/env bash
# Set up (first time only) and start the Atlas on http://localhost:8501.
# scripts/serve.py is `streamlit run app.py "$@"` that starts loading the data when the server
# starts, so the first visitor does not wait for it (docs/DEPLOY.md, "Start-up").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python scripts/serve.py "$@"
