#!/usr/bin/env bash
# A private one-member etcd for the `service` tests (tests/ha_service): 127.0.0.1 only, client port 12379,
# peer port 12380, its data and log in DIR, election timing fit for sub-second failover (heartbeat 30 ms,
# election 300 ms, as netkeel renders for its members). Never touches a system service.
#
#   scripts/etcd.sh start DIR    start it (no-op when it already runs); waits until it answers
#   scripts/etcd.sh stop DIR     stop it and wait until it has exited (no-op when it is not running)
#   scripts/etcd.sh status DIR   exit 0 and say so when it answers, 1 otherwise
#
# Environment: NETKEEL_ETCD_PORT (12379), NETKEEL_ETCD_PEER_PORT (12380), NETKEEL_ETCD_START_TIMEOUT (30 s),
# ETCD (etcd on PATH).
set -euo pipefail

# shellcheck source=scripts/pidfile_service.sh
source "$(dirname "${BASH_SOURCE[0]}")/pidfile_service.sh"

service_arguments etcd "$@"

client_port=${NETKEEL_ETCD_PORT:-12379}
peer_port=${NETKEEL_ETCD_PEER_PORT:-12380}
start_timeout=${NETKEEL_ETCD_START_TIMEOUT:-30}
etcd=${ETCD:-$(command -v etcd || echo /usr/bin/etcd)}
url="http://127.0.0.1:${client_port}"

answers() {
  curl -s --max-time 2 "$url/health" 2>/dev/null | grep -q '"health":"true"'
}

start() {
  if pid_of_service >/dev/null; then
    echo "etcd: already running (pid $(pid_of_service)), $url"
    return 0
  fi
  if [[ ! -x $etcd ]]; then
    echo "etcd: $etcd not found; install Debian's etcd-server (scripts/install-deps.sh)" >&2
    exit 1
  fi
  mkdir -p "$dir"
  rm -rf "$dir/data"  # a test member starts empty: every run sees revision 1 onwards
  launch_and_wait "$dir/etcd.log" "$start_timeout" "$url" "$etcd" --name netkeel-test --data-dir "$dir/data" \
    --listen-client-urls "$url" --advertise-client-urls "$url" \
    --listen-peer-urls "http://127.0.0.1:${peer_port}" \
    --initial-advertise-peer-urls "http://127.0.0.1:${peer_port}" \
    --initial-cluster "netkeel-test=http://127.0.0.1:${peer_port}" \
    --heartbeat-interval 30 --election-timeout 300
}

run_service_action "$url"
