#!/usr/bin/env bash
# Set up everything ShiftApp needs inside the project folder: a Python virtual environment with the
# pinned dependencies and a pinned bun from the npm registry (Reflex builds the front end with it).
# Idempotent: a second run only checks. Sourced by run.sh and test.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
BUN_VERSION="1.4.4"
EXTRAS="${SHIFTAPP_EXTRAS:-}"

if [ ! -x .venv/bin/python ]; then
  echo "==> Creating the virtual environment (.venv)"
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.shiftapp-installed${EXTRAS:+-$EXTRAS}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "==> Installing Python dependencies"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".${EXTRAS:+[$EXTRAS]}"
  touch "$stamp"
fi
if [ ! -x .tools/node_modules/.bin/bun ] || [ "$(.tools/node_modules/.bin/bun --version 2>/dev/null)" != "$BUN_VERSION" ]; then
  echo "==> Installing bun $BUN_VERSION from the npm registry into .tools/"
  mkdir -p .tools
  npm install --silent --no-audit --no-fund --prefix .tools "bun@$BUN_VERSION" >/dev/null
fi
export PATH="$ROOT/.tools/node_modules/.bin:$ROOT/.venv/bin:$PATH"
# compile the optimiser's pricing kernel now (numba caches it on disk: a fraction of a second
# once compiled), so that no solve spends its first seconds compiling
.venv/bin/python -c "from shiftapp.engine.roster.pricing import warm_up; warm_up()"
export REFLEX_TELEMETRY_ENABLED=false REFLEX_CHECK_LATEST_VERSION=false
