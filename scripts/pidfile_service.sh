# Sourced by scripts/clickhouse.sh, clickhouse-current.sh, etcd.sh and alertmanager.sh: a private server
# that the script started in the background and knows by its pid file. The caller runs
# `service_arguments NAME "$@"` (sets action, dir, name, pid_file), defines `answers` (exit 0 when the
# server answers a query) and `start` (usually ending in `launch_and_wait`), then ends with
# `run_service_action URL`.

service_arguments() {  # NAME start|stop|status DIR
  name=$1
  shift
  if [[ $# -ne 2 || -z $2 ]]; then
    echo "usage: $name.sh start|stop|status DIR" >&2
    exit 2
  fi
  action=$1
  dir=$2
  pid_file=$dir/$name.pid
}

run_service_action() {  # $1: where it answers, for the status message
  case $action in
    start) start ;;
    stop) stop_service ;;
    status) service_status "$1" ;;
    *) echo "usage: $name.sh start|stop|status DIR" >&2; exit 2 ;;
  esac
}

# Starts the command in its own session (a Ctrl-C in the caller's terminal does not reach it; only `stop`
# does), stdout and stderr to LOG, records its pid, and waits until `answers`. Exits 1 naming LOG when it
# dies during start or gives no answer within TIMEOUT seconds (then it is stopped).
launch_and_wait() {  # LOG TIMEOUT URL COMMAND...
  local log=$1 timeout=$2 where=$3
  shift 3
  setsid "$@" >"$log" 2>&1 </dev/null &
  echo $! >"$pid_file"
  local deadline=$((SECONDS + timeout))
  until answers; do
    if ! pid_of_service >/dev/null; then
      echo "$name: exited during start; last lines of $log:" >&2
      tail -n 20 "$log" >&2
      exit 1
    fi
    if ((SECONDS >= deadline)); then
      echo "$name: no answer on $where within ${timeout}s; see $log" >&2
      stop_service >/dev/null
      exit 1
    fi
    sleep 0.2
  done
  echo "$name: running (pid $(pid_of_service)), $where"
}

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
