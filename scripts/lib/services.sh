# Throwaway services for tests and the quick start. Source this file, call start_postgres, and the
# server stops when the calling shell exits (stop_services runs from an EXIT trap).
# Exports: DATABASE_URL (application role: NOSUPERUSER NOBYPASSRLS), ADMIN_DATABASE_URL (superuser),
# PG_BIN, SERVICES_DIR.

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
export PG_BIN

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Runs a PostgreSQL server binary as the postgres user when we are root (initdb refuses root).
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_services() {
  if [ -n "${PROMETHEUS_PID:-}" ]; then kill "$PROMETHEUS_PID" 2>/dev/null || true; fi
  if [ -n "${PGDATA_DIR:-}" ] && [ -f "$PGDATA_DIR/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [ -n "${SERVICES_DIR:-}" ] && [ -d "$SERVICES_DIR" ] && [ -z "${KEEP_SERVICES_DIR:-}" ]; then
    rm -rf "$SERVICES_DIR"
  fi
}

start_postgres() {
  SERVICES_DIR=${SERVICES_DIR:-$(mktemp -d /tmp/baseline-runner-services.XXXXXX)}
  export SERVICES_DIR
  chmod 755 "$SERVICES_DIR"
  trap stop_services EXIT
  PGDATA_DIR="$SERVICES_DIR/pgdata"
  local socket_dir="$SERVICES_DIR/pgsocket" port
  mkdir -p "$PGDATA_DIR" "$socket_dir" "$SERVICES_DIR/log"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PGDATA_DIR" "$socket_dir" "$SERVICES_DIR/log"; fi
  as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$SERVICES_DIR/initdb.log" 2>&1 \
    || { cat "$SERVICES_DIR/initdb.log" >&2; return 1; }
  port=$(free_port)
  as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -w -l "$SERVICES_DIR/log/postgres.log" \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $socket_dir -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$SERVICES_DIR/log/postgres.log" >&2; return 1; }
  export PGDATA_DIR PG_PORT=$port
  export ADMIN_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  psql -q -v ON_ERROR_STOP=1 "$ADMIN_DATABASE_URL" >/dev/null <<SQL
CREATE ROLE baseline_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB;
CREATE DATABASE baseline OWNER baseline_app;
SQL
  export DATABASE_URL="postgresql://baseline_app@127.0.0.1:$port/baseline"
  export ADMIN_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/baseline"
  echo "services: PostgreSQL on 127.0.0.1:$port (data in $PGDATA_DIR)" >&2
}

# start_prometheus OPENMETRICS_FILE: backfills the file with promtool and starts Prometheus on a free
# loopback port; exports PROMETHEUS_URL. Stopped with the other services.
start_prometheus() {
  SERVICES_DIR=${SERVICES_DIR:-$(mktemp -d /tmp/baseline-runner-services.XXXXXX)}
  export SERVICES_DIR
  local dir="$SERVICES_DIR/prometheus" port
  mkdir -p "$dir/data"
  # promtool parses the whole input once per block: with the default 2 h blocks a month of data is 360
  # passes; one block for the whole span (the hidden --max-block-duration) is one pass.
  promtool tsdb create-blocks-from openmetrics --max-block-duration=8760h "$1" "$dir/data" >"$dir/backfill.log" 2>&1 \
    || { tail -20 "$dir/backfill.log" >&2; return 1; }
  printf 'global:\n  scrape_interval: 15s\n' > "$dir/prometheus.yml"
  port=$(free_port)
  prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" --storage.tsdb.retention.time=100y \
    --web.listen-address="127.0.0.1:$port" >"$dir/prometheus.log" 2>&1 &
  PROMETHEUS_PID=$!
  export PROMETHEUS_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    curl -sf "$PROMETHEUS_URL/-/ready" >/dev/null 2>&1 && break
    sleep 0.1
  done
  curl -sf "$PROMETHEUS_URL/-/ready" >/dev/null || { tail -20 "$dir/prometheus.log" >&2; return 1; }
  echo "services: Prometheus on $PROMETHEUS_URL" >&2
}
