#!/usr/bin/env bash
# Prepare a fresh Debian/Ubuntu machine with Python 3.11: virtual environment and pinned
# packages; with --dev also the test extras and Debian's Chromium for the browser tests.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv >/dev/null 2>&1; then
    echo "setup: installing Debian's python3-venv (needed to create .venv)"
    rm -rf .venv
    apt_install python3-venv
    "$PYTHON" -m venv .venv
  fi
fi

requirements=requirements.txt
[ "${1:-}" = "--dev" ] && requirements=requirements-dev.txt
stamp=".venv/.installed-$(sha1sum "$requirements" requirements.txt | sha1sum | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  echo "setup: installing Python packages from $requirements"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r "$requirements"
  touch "$stamp"
fi

if [ "${1:-}" = "--dev" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "setup: installing Debian's chromium for the end-to-end browser tests"
  apt_install chromium
fi

# the translation catalogues the app reads (.po files are in git; .mo files are built here)
.venv/bin/python scripts/i18n.py compile >/dev/null
