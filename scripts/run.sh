#!/usr/bin/env bash
# The run command: set up, migrate, seed the demo data if the database is empty, and serve the app
# in production mode on http://localhost:${SHIFTAPP_PORT:-3000} (SQLite in ./data by default).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
shiftapp db upgrade
shiftapp seed --if-empty
echo
echo "Demo logins (password for all: shiftapp-demo):"
echo "  officer, sergeant, callhandler, advisor  staff          planner, ccmanager  planners"
echo "  transport  transport planner   driver, escort  crews     admin  administrator"
echo
echo "==> Starting ShiftApp on http://localhost:${SHIFTAPP_PORT:-3000} (first start builds the front end)"
exec reflex run --env prod --single-port --backend-port "${SHIFTAPP_PORT:-3000}" --frontend-port "${SHIFTAPP_PORT:-3000}"
