#!/usr/bin/env bash
# Failover benchmark: netkeel keeper side by side with keepalived (docs/performance.md, "Failover:
# netkeel keeper vs keepalived"). Needs root; builds its own namespaces nkt-fo-<pid>-* (never touches
# the root namespace) and removes them on exit, also on Ctrl-C or when the Python side is killed.
#
#   bench/failover.sh [--tools keepalived-1,keepalived-0.1,netkeel] [--faults service,host,partition]
#                     [--trials 20] [--partition-trials 100] [--netkeel build/netkeel] [--json FILE]
#                     [--keep-workdir]
set -uo pipefail
here=$(dirname "$(realpath "$0")")
prefix="nkt-fo-$$"

if [[ $(id -u) -ne 0 ]]; then
  echo "failover: needs root (it creates network namespaces)" >&2
  exit 2
fi

remove_namespaces() {
  local ns pid
  for ns in $(ip netns list | awk '{print $1}' | grep "^${prefix}-"); do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
}
trap remove_namespaces EXIT
trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 130' INT TERM

python3 "$here/failover/failover.py" --prefix "$prefix" "$@" &
child=$!
wait "$child"
