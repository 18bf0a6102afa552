#!/usr/bin/env bash
# The test command: the run command's set-up plus the test tools and Debian's Chromium, then the
# whole suite (engine, services, end-to-end in Chromium). Under CI (CI=true), or with
# SHIFTAPP_TEST_PG=1, the service tests also run against a PostgreSQL started here on loopback.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SHIFTAPP_EXTRAS=test
source "$ROOT/scripts/setup.sh"
cd "$ROOT"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=""
apt_install() {
  [ -n "$apt_updated" ] || { as_root apt-get update -qq >/dev/null; apt_updated=1; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! command -v chromium >/dev/null 2>&1; then
  echo "==> Installing Debian's chromium for the end-to-end tests"
  apt_install chromium
fi

PG_PID_DIR=""
cleanup() {
  if [ -n "$PG_PID_DIR" ]; then runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_PID_DIR" -m fast stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
if [ "${CI:-}" = "true" ] || [ "${SHIFTAPP_TEST_PG:-}" = "1" ]; then
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$PG_BIN" ]; then
    echo "==> Installing PostgreSQL from Debian's packages"
    apt_install postgresql
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  PG_PORT="${SHIFTAPP_PG_PORT:-54329}"
  PG_PID_DIR="$(mktemp -d /tmp/shiftapp-pg.XXXXXX)"
  chown postgres "$PG_PID_DIR"
  echo "==> Starting PostgreSQL on 127.0.0.1:$PG_PORT"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_PID_DIR" --auth=trust -U postgres >/dev/null
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_PID_DIR" -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" -w start >/dev/null
  runuser -u postgres -- "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" shiftapp_test
  export SHIFTAPP_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/shiftapp_test"
fi

echo "==> Running the test suite"
python -m pytest -p no:cacheprovider "$@"
