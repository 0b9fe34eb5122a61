#!/usr/bin/env bash
# Current ClickHouse for the `service` tests (docs/store.md, "Current ClickHouse"): chDB, the ClickHouse
# engine as a library from npm, behind a small HTTP adapter (scripts/clickhouse-current/server.js) on
# 127.0.0.1 only. Its npm packages, data and log live in DIR. Never touches a system service.
#
#   scripts/clickhouse-current.sh start DIR    npm install into DIR when missing, start the adapter
#                                              (no-op when it already runs); waits until SELECT 1 answers
#   scripts/clickhouse-current.sh stop DIR     stop it and wait until it has exited
#   scripts/clickhouse-current.sh status DIR   exit 0 and say so when it answers, 1 otherwise
#
# Then: NETKEEL_CLICKHOUSE_URL=http://127.0.0.1:18124 ctest -L service
# Environment: NETKEEL_CLICKHOUSE_CURRENT_PORT (18124), NETKEEL_CLICKHOUSE_START_TIMEOUT (60 seconds),
# NETKEEL_CHDB_VERSION (3.4.0, the npm package `chdb`; its engine is ClickHouse 26.7).
# Exit status 3 from start: the npm package could not be installed (no registry, no node).
set -euo pipefail

# shellcheck source=scripts/pidfile_service.sh
source "$(dirname "${BASH_SOURCE[0]}")/pidfile_service.sh"

service_arguments clickhouse-current "$@"

port=${NETKEEL_CLICKHOUSE_CURRENT_PORT:-18124}
start_timeout=${NETKEEL_CLICKHOUSE_START_TIMEOUT:-60}
chdb_version=${NETKEEL_CHDB_VERSION:-3.4.0}
adapter="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/clickhouse-current/server.js"
url="http://127.0.0.1:${port}/"

answers() {
  [[ $(curl -s --max-time 2 --data-binary 'SELECT 1' "$url" 2>/dev/null) == 1 ]]
}


install_chdb() {
  [[ -f $dir/npm/node_modules/chdb/package.json ]] &&
    [[ $(node -p "require('$dir/npm/node_modules/chdb/package.json').version" 2>/dev/null) == "$chdb_version" ]] &&
    return 0
  command -v node >/dev/null && command -v npm >/dev/null || {
    echo "clickhouse-current: node and npm are needed (apt-get install nodejs npm)" >&2
    exit 3
  }
  mkdir -p "$dir/npm"
  if ! npm install --prefix "$dir/npm" --no-audit --no-fund "chdb@$chdb_version" >"$dir/npm-install.log" 2>&1; then
    echo "clickhouse-current: npm install chdb@$chdb_version failed; see $dir/npm-install.log" >&2
    exit 3
  fi
}

start() {
  if pid_of_service >/dev/null && answers; then
    echo "clickhouse-current: already running (pid $(pid_of_service)), $url"
    return 0
  fi
  if answers; then
    echo "clickhouse-current: something else already answers on $url; not starting a second one" >&2
    exit 1
  fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  install_chdb
  mkdir -p "$dir/data" "$dir/log"
  # setsid: not in the caller's process group, so a Ctrl-C there does not kill it mid-test.
  NODE_PATH="$dir/npm/node_modules" setsid node "$adapter" "$port" "$dir/data" \
    >"$dir/log/adapter.log" 2>&1 </dev/null &
  echo $! >"$pid_file"
  local deadline=$((SECONDS + start_timeout))
  while ((SECONDS < deadline)); do
    if answers; then
      echo "clickhouse-current: running (pid $(cat "$pid_file")), $url," \
        "ClickHouse $(curl -s --data-binary 'SELECT version()' "$url"), data in $dir"
      return 0
    fi
    if ! pid_of_service >/dev/null; then
      echo "clickhouse-current: the adapter exited during start; last log lines:" >&2
      tail -n 20 "$dir/log/adapter.log" >&2 || true
      exit 1
    fi
    sleep 0.2
  done
  echo "clickhouse-current: no answer on $url within ${start_timeout}s; see $dir/log/" >&2
  exit 1
}

run_service_action "$url"
