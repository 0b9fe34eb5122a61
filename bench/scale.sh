#!/bin/bash
# The server at scale (issue 19, docs/performance.md "Server at scale"): for each host count, a fresh
# `netkeel server` on loopback with an empty SQLite store, fed by netkeel_loadgen for DURATION, then:
#   server CPU per stored sample   utime+stime of the server (/proc/PID/stat) over the load / samples stored
#   bytes per sample on disk       the store's files after the server stopped (its last checkpoint) / samples
#   matrix query time              GET /api/v1/matrix?network=net1&window=5m, three times after the load
#                                  (curl's total time, and the server's CPU time over the three)
#   alert evaluation time          netkeel_server_alert_evaluation_seconds sum / count from /metrics
#   server RSS                     VmRSS every 10 s (the last and the largest) and VmHWM at the end
#   the load generator's report    batches stored / refused / dropped, its own CPU
# Nothing leaves loopback, no namespace is made. Usage:
#   bench/scale.sh [BUILD_DIR]       HOSTS="50 150 300" DURATION=3m NETWORKS=4 PORT=19948 KEEP=0
# Run it with `nice -n 19` on a shared machine; the loadgen and the server then compete with everything
# else, so the CPU figures (per sample) mean more than the wall-clock ones.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
NETKEEL=$BUILD/netkeel
LOADGEN=$BUILD/netkeel_loadgen
HOSTS=${HOSTS:-50 150 300}
DURATION=${DURATION:-3m}
NETWORKS=${NETWORKS:-4}
PORT=${PORT:-19948}
KEEP=${KEEP:-0}
for b in "$NETKEEL" "$LOADGEN"; do
  [ -x "$b" ] || { echo "scale.sh: $b is missing: build it (ninja -C $BUILD netkeel netkeel_loadgen)" >&2; exit 2; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/netkeel-scale-XXXXXX")
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill "$SERVER_PID"; wait "$SERVER_PID" || true; fi
  [ "$KEEP" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$WORK/token"
TOKEN=$(head -1 "$WORK/token")
URL=http://127.0.0.1:$PORT

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
metric() { curl -sf -H "Authorization: Bearer $TOKEN" "$URL/metrics" | awk -v m="$1" '$1 == m {print $2}'; }
HZ=$(getconf CLK_TCK)

printf '| hosts | samples stored | samples/s | server CPU us/sample | bytes/sample on disk | matrix net1 5m (wall ms, 3 runs) | matrix server CPU ms/query | alert eval ms | RSS end / peak MiB | loadgen CPU share | batches stored/refused/dropped |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for hosts in $HOSTS; do
  dir=$WORK/h$hosts
  mkdir -p "$dir"
  "$NETKEEL" server --store "sqlite:$dir/store.db" --token-file "$WORK/token" --listen "127.0.0.1:$PORT" \
    >"$dir/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do curl -sf "$URL/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
  cpu0=$(cpu_ticks "$SERVER_PID")
  peak=0
  "$LOADGEN" --hosts "$hosts" --networks "$NETWORKS" --server "$URL" --token-file "$WORK/token" --duration "$DURATION" \
    >"$dir/loadgen.txt" 2>"$dir/loadgen.log" &
  loadgen=$!
  while kill -0 "$loadgen" 2>/dev/null; do
    r=$(rss_kib "$SERVER_PID"); [ "$r" -gt "$peak" ] && peak=$r
    sleep 10 & wait $! || true
  done
  wait "$loadgen" || true  # refusals show in its report
  cpu1=$(cpu_ticks "$SERVER_PID")
  rss_end=$(rss_kib "$SERVER_PID")
  [ "$rss_end" -gt "$peak" ] && peak=$rss_end
  stored=$(awk '/^samples_stored:/ {print $2}' "$dir/loadgen.txt")
  rate=$(awk '/^samples_per_s:/ {print $2}' "$dir/loadgen.txt")
  batches=$(awk '/^batches_stored:/ {s=$2} /^batches_refused:/ {r=$2} /^batches_dropped:/ {d=$2} END {print s "/" r "/" d}' "$dir/loadgen.txt")
  share=$(awk '/^loadgen_cpu_share:/ {print $2}' "$dir/loadgen.txt")
  eval_sum=$(metric netkeel_server_alert_evaluation_seconds_sum || true)
  eval_count=$(metric netkeel_server_alert_evaluation_seconds_count || true)
  walls=()
  q0=$(cpu_ticks "$SERVER_PID")
  for _ in 1 2 3; do
    walls+=("$(curl -s -o "$dir/matrix.json" -w '%{time_total}' -H "Authorization: Bearer $TOKEN" \
      "$URL/api/v1/matrix?network=net1&window=5m" | awk '{printf "%.0f", $1 * 1000}')")
  done
  q1=$(cpu_ticks "$SERVER_PID")
  pairs=$(grep -o '"src"' "$dir/matrix.json" | wc -l)
  kill "$SERVER_PID"; wait "$SERVER_PID" || true; SERVER_PID=""
  disk=$(du -cb "$dir"/store.db* | tail -1 | cut -f1)
  awk -v h="$hosts" -v st="$stored" -v rate="$rate" -v c0="$cpu0" -v c1="$cpu1" -v hz="$HZ" -v disk="$disk" \
      -v walls="${walls[*]}" -v q0="$q0" -v q1="$q1" -v es="${eval_sum:-0}" -v ec="${eval_count:-0}" \
      -v rss="$rss_end" -v peak="$peak" -v share="$share" -v batches="$batches" -v pairs="$pairs" 'BEGIN {
    us = st > 0 ? (c1 - c0) / hz * 1e6 / st : 0
    bps = st > 0 ? disk / st : 0
    ev = ec > 0 ? es / ec * 1000 : 0
    gsub(/ /, " / ", walls)
    printf "| %d | %d | %d | %.2f | %.2f | %s (%d pairs) | %.0f | %.1f | %.0f / %.0f | %s | %s |\n", h, st, rate, us, bps, walls, pairs, (q1 - q0) / hz * 1000 / 3, ev, rss / 1024, peak / 1024, share, batches
  }'
done
echo "(DURATION=$DURATION NETWORKS=$NETWORKS; each host count's files: $WORK/hHOSTS when KEEP=1)" >&2
