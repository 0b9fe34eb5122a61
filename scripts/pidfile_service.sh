# Sourced by scripts/clickhouse.sh and scripts/clickhouse-current.sh: a private server that the script
# started in the background and knows by its pid file. The caller sets `name` (for messages) and
# `pid_file`, and defines `answers` (exit 0 when the server answers a query).

pid_of_service() {  # the pid from the pid file, when that process still lives
  local pid
  [[ -f $pid_file ]] || return 1
  pid=$(cat "$pid_file")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

stop_service() {  # TERM, then KILL after 30 s; waits until the process has exited
  local pid
  if ! pid=$(pid_of_service); then
    rm -f "$pid_file"
    echo "$name: not running"
    return 0
  fi
  kill -TERM "$pid"
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      echo "$name: pid $pid still running after 30 s; sending KILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.2
  done
  rm -f "$pid_file"
  echo "$name: stopped"
}

service_status() {  # $1: where it answers, for the message
  if pid_of_service >/dev/null && answers; then
    echo "$name: running (pid $(pid_of_service)), $1"
    return 0
  fi
  echo "$name: not running"
  return 1
}
