#!/usr/bin/env bash
# Two Atlas replicas behind nginx on this machine, with sticky sessions and websockets:
#   replica a on 127.0.0.1:8521, replica b on 127.0.0.1:8522, nginx on http://127.0.0.1:8529
# Installs what is missing (.venv via setup.sh, Debian's nginx via apt-get), then runs
# `python scripts/replicas.py serve`, which stops nginx and both replicas after --for seconds
# (default 3600) or on Ctrl-C, and restarts a replica that dies. Options pass through, e.g.
#   bash scripts/serve_replicas.sh --for 600 --data bench/out/synthetic-10
# nginx runs as a plain child process with its config, logs and temp files in
# bench/out/replicas (never the system service, never port 80). See docs/DEPLOY.md.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# a fresh machine gets .venv from setup.sh (scripts/run_app.sh keeps it up to date)
[ -x .venv/bin/streamlit ] || bash scripts/setup.sh
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "serve_replicas: installing Debian's nginx (only its binary is used: this script never starts or uses the nginx service)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
fi
exec .venv/bin/python scripts/replicas.py serve "$@"
