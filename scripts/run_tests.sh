#!/usr/bin/env bash
# Set up (first time only) and run the whole test suite: lint, unit, AppTest and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
.venv/bin/ruff check .
.venv/bin/lint-imports --no-logo --no-cache  # layer contracts in pyproject.toml
# Two pytest-xdist workers (PYTEST_WORKERS=0 runs in one process): on CI's two cores the
# AppTests run side by side, and each browser-test worker has its own app server and Chromium,
# so one worker's fixed waits overlap the other's work.
exec .venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" "$@"
