#!/bin/sh
# `netkeel lab up` and `lab down` of the production shape (examples/sites/2-production-mlag.yaml:
# every host's LACP bond across the MLAG pair tor1+tor2, one VLAN per network) grown to 8 hosts.
# The 8-host site is example 2 with four more compute hosts (cmp2..cmp5, ids 22..25, ports
# Eth1/5..Eth1/8 on both ToRs), generated here and validated with `netkeel validate` before use.
# Times RUNS rounds of up (with the agents, as a user runs it) and down, then one up with
# --no-agents. Needs root; everything lives in the lab's own namespaces (nk-bench8-*), removed by
# `lab down` also on failure. Usage: bench/lab_up_bench.sh [BUILD_DIR] [RUNS]
set -eu
BUILD=${1:-build}
RUNS=${2:-3}
NETKEEL=$(realpath "$BUILD/netkeel")
SRC=$(dirname "$(realpath "$0")")/..
WORK=$(mktemp -d /tmp/nk-bench-lab.XXXXXX)
LAB=bench8
SITE=$WORK/production-mlag-8.yaml

cleanup() {
  "$NETKEEL" lab down --name "$LAB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# --- the 8-host site: example 2's hosts, then cmp2..cmp5 before its services ---
awk '/^services:/ {
       for (i = 2; i <= 5; i++) {
         printf "  - name: cmp%d\n    id: %d\n    rack: r1\n    nics:\n", i, 20 + i
         printf "      - {name: eno1, mac: \"3c:fd:fe:00:%02x:01\", switch: tor1, port: Eth1/%d}\n", 3 + i, 3 + i
         printf "      - {name: eno2, mac: \"3c:fd:fe:00:%02x:02\", switch: tor2, port: Eth1/%d}\n", 3 + i, 3 + i
       }
     }
     { print }' "$SRC/examples/sites/2-production-mlag.yaml" > "$SITE"
"$NETKEEL" validate "$SITE" >/dev/null
[ "$(grep -c '^  - name:' "$SITE")" -eq 8 ] || { echo "the generated site does not have 8 hosts" >&2; exit 1; }

now() { date +%s.%N; }
elapsed() { awk "BEGIN { printf \"%.2f\", $2 - $1 }"; }

echo "lab up / lab down of example 2 grown to 8 hosts ($(nproc) cores), $RUNS rounds"
echo "| round | lab up (s) | lab down (s) |"
echo "|---|---|---|"
round=1
while [ "$round" -le "$RUNS" ]; do
  t0=$(now)
  "$NETKEEL" lab up "$SITE" --name "$LAB" > "$WORK/up.log" 2>&1 || { cat "$WORK/up.log" >&2; exit 1; }
  t1=$(now)
  "$NETKEEL" lab down --name "$LAB" > "$WORK/down.log" 2>&1 || { cat "$WORK/down.log" >&2; exit 1; }
  t2=$(now)
  echo "| $round | $(elapsed "$t0" "$t1") | $(elapsed "$t1" "$t2") |"
  round=$((round + 1))
done
t0=$(now)
"$NETKEEL" lab up "$SITE" --name "$LAB" --no-agents > "$WORK/up.log" 2>&1 || { cat "$WORK/up.log" >&2; exit 1; }
t1=$(now)
echo "| --no-agents | $(elapsed "$t0" "$t1") | |"
echo
echo "phases of that up (as lab up prints them):"
cat "$WORK/up.log"
