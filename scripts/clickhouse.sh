#!/usr/bin/env bash
# A private clickhouse-server for the `service` tests and the store benchmark (docs/store.md, "Running a
# private ClickHouse"): 127.0.0.1 only, HTTP port 18123, TCP port 19000, no interserver port, its own
# config, data and logs in DIR. Never touches a system service.
#
#   scripts/clickhouse.sh start DIR    start it (no-op when it already runs); waits until SELECT 1 answers
#   scripts/clickhouse.sh stop DIR     stop it and wait until it has exited (no-op when it is not running)
#   scripts/clickhouse.sh status DIR   exit 0 and say so when it answers, 1 otherwise
#
# Environment: NETKEEL_CLICKHOUSE_HTTP_PORT (18123), NETKEEL_CLICKHOUSE_TCP_PORT (19000),
# NETKEEL_CLICKHOUSE_START_TIMEOUT (60 seconds), CLICKHOUSE_SERVER (clickhouse-server on PATH, or
# /usr/sbin/clickhouse-server).
set -euo pipefail

# shellcheck source=scripts/pidfile_service.sh
source "$(dirname "${BASH_SOURCE[0]}")/pidfile_service.sh"

service_arguments clickhouse "$@"

http_port=${NETKEEL_CLICKHOUSE_HTTP_PORT:-18123}
tcp_port=${NETKEEL_CLICKHOUSE_TCP_PORT:-19000}
start_timeout=${NETKEEL_CLICKHOUSE_START_TIMEOUT:-60}
server=${CLICKHOUSE_SERVER:-$(command -v clickhouse-server || echo /usr/sbin/clickhouse-server)}
url="http://127.0.0.1:${http_port}/"

answers() {
  [[ $(curl -s --max-time 2 --data-binary 'SELECT 1' "$url" 2>/dev/null) == 1 ]]
}


write_config() {
  mkdir -p "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/format_schemas" "$dir/log"
  # The keys 18.16 needs to start outside its package layout; nothing else listens (no interserver port,
  # no MySQL/PostgreSQL ports, which 18.16 does not have anyway).
  cat >"$dir/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <logger>
    <level>information</level>
    <log>$dir/log/clickhouse-server.log</log>
    <errorlog>$dir/log/clickhouse-server.err.log</errorlog>
    <size>100M</size>
    <count>2</count>
    <console>0</console>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$http_port</http_port>
  <tcp_port>$tcp_port</tcp_port>
  <max_connections>256</max_connections>
  <keep_alive_timeout>10</keep_alive_timeout>
  <max_concurrent_queries>64</max_concurrent_queries>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <mark_cache_size>268435456</mark_cache_size>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <user_files_path>$dir/user_files/</user_files_path>
  <format_schema_path>$dir/format_schemas/</format_schema_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mlock_executable>false</mlock_executable>
  <builtin_dictionaries_reload_interval>3600</builtin_dictionaries_reload_interval>
  <max_session_timeout>3600</max_session_timeout>
  <default_session_timeout>60</default_session_timeout>
</yandex>
EOF
  cat >"$dir/users.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <profiles>
    <default>
      <max_memory_usage>4000000000</max_memory_usage>
      <load_balancing>random</load_balancing>
    </default>
  </profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas>
    <default>
      <interval><duration>3600</duration><queries>0</queries><errors>0</errors>
        <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval>
    </default>
  </quotas>
</yandex>
EOF
}

start() {
  if pid_of_service >/dev/null && answers; then
    echo "clickhouse: already running (pid $(pid_of_service)), $url"
    return 0
  fi
  if answers; then
    echo "clickhouse: something else already answers on $url; not starting a second server" >&2
    exit 1
  fi
  [[ -x $server ]] || { echo "clickhouse: $server not found; install clickhouse-server (scripts/install-deps.sh)" >&2; exit 1; }
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  write_config
  # --daemon would fork and lose the pid; run it in the background under setsid instead.
  cd "$dir"
  launch_and_wait "$dir/log/stdout.log" "$start_timeout" "$url (data in $dir; logs in $dir/log/)" \
    "$server" --config-file="$dir/config.xml"
}

run_service_action "$url"
