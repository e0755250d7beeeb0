#!/usr/bin/env bash
# Set up (first time only) and run the whole test suite: lint, unit, AppTest and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
.venv/bin/ruff check .
.venv/bin/lint-imports --no-logo --no-cache  # layer contracts in pyproject.toml
exec .venv/bin/python -m pytest "$@"
