#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the storage tests and prints its URL.
#   eval "$(scripts/postgres-test-server.sh start)"   → exports BANSHI_TEST_POSTGRES_URL
#   scripts/postgres-test-server.sh stop
# Installs Debian's postgresql package when missing (needs root, as in CI).
set -euo pipefail
PGPORT="${BANSHI_TEST_PGPORT:-55432}"
PGDATA_DIR="${BANSHI_TEST_PGDATA:-/tmp/banshi-pg-test}"

find_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local bin
  bin=$(find_bin || true)
  if [ -z "$bin" ]; then
    if [ "$(id -u)" != "0" ]; then
      echo "PostgreSQL is not installed: sudo apt-get install -y postgresql" >&2; exit 1
    fi
    echo "installing PostgreSQL (apt-get)…" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bin=$(find_bin)
  fi
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    rm -rf "$PGDATA_DIR"; mkdir -p "$PGDATA_DIR"
    [ "$(id -u)" = "0" ] && chown postgres "$PGDATA_DIR"
    as_owner "$bin/initdb" -D "$PGDATA_DIR" -U banshi --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_owner "$bin/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w \
      -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  fi
  as_owner "$bin/psql" -h 127.0.0.1 -p "$PGPORT" -U banshi -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='banshi_test'" | grep -q 1 \
    || as_owner "$bin/createdb" -h 127.0.0.1 -p "$PGPORT" -U banshi banshi_test
  echo "export BANSHI_TEST_POSTGRES_URL=postgresql+psycopg://banshi@127.0.0.1:$PGPORT/banshi_test"
}

stop() {
  local bin
  bin=$(find_bin || true)
  [ -n "$bin" ] && [ -f "$PGDATA_DIR/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$PGDATA_DIR" -m fast stop >/dev/null 2>&1 || true
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
