#!/bin/bash
# The agent's cost (issue 5): `netkeel agent` probing 200 peers on 4 networks (800 addresses) once a
# second for DURATION seconds, side by side with the tools a user would otherwise pick, each measured
# alone on the same targets at the same rate:
#   - fping -l (Debian's fping), ICMP to the same 800 addresses, 1 per second each;
#   - prometheus-smokeping-prober (Debian), ICMP to the same 800 addresses, --ping.interval=1s;
#   - prometheus-node-exporter (Debian) scraped every second for the counters the agent collects
#     (netdev, netclass, netstat with every field) against the agent with probing off, also scraped
#     every second and collecting every second.
# CPU: utime+stime from /proc/PID/stat over the window, as % of one core; RSS: VmHWM (the peak) and
# VmRSS at the end; probes/s: packets the peer namespaces received over the window.
#
# Everything runs in network namespaces this script creates and removes (also on failure or ^C):
#   nkb-agent-PID      the measured tools; eth0..eth3 on networks n1..n4 (10.201.K.1/24)
#   nkb-peerK-PID      200 peer addresses 10.201.K.2-201 on one veth, and a `netkeel agent` with
#                      probing off as their UDP echo responder
# Neighbours are static (permanent) inside the namespaces, so 800 ARP entries stay out of the way.
# On a machine with 2+ CPUs the measured tool (and the responders) run on CPU 0 and every veth's receive
# work is steered (RPS) to CPU 1: a veth otherwise runs the receiver's whole stack inline in the sender's
# system call, so the peers' echo replies and the replies' arrival would be charged to the prober, which
# a real NIC hands to its interrupt and a real peer does on its own CPU. Replies then arrive after the
# send returns, as on a real network, so a tool that wakes per reply pays for it here too.
# PEER_CPU=inline keeps the old accounting (everything inline, nothing pinned).
# Needs root. Usage: bench/agent_cost.sh [NETKEEL_BINARY]   (DURATION=60 WARMUP=5 by default)
# CASES picks the rows to measure (default: all, in this order): icmp full default fping smokeping collectors.
# While a row is measured its pid is in $WORK/measured.pid (for `perf record -p`, `strace -c -p`).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
NETKEEL=${1:-$ROOT/build/netkeel}
DURATION=${DURATION:-60}
CASES=${CASES:-icmp full default fping smokeping collectors}
WARMUP=${WARMUP:-5}
PEER_CPU=${PEER_CPU:-$([ "$(nproc)" -ge 2 ] && echo steered || echo inline)}
case $PEER_CPU in steered | inline) ;; *) echo "agent_cost: PEER_CPU is steered or inline, not '$PEER_CPU'" >&2; exit 2 ;; esac
MEASURED=() RESPONDER=()  # CPU pinning of the measured tools and of the peers' responders (taskset execs: $! stays the tool's pid)
[ "$PEER_CPU" = steered ] && MEASURED=(taskset -c 0) RESPONDER=(taskset -c 0)
PEERS=200
NETWORKS=4
[ "$(id -u)" -eq 0 ] || { echo "agent_cost: needs root (network namespaces)" >&2; exit 2; }
[ -x "$NETKEEL" ] || { echo "agent_cost: no netkeel binary at $NETKEEL; build it or pass its path" >&2; exit 2; }
"$ROOT/scripts/install-deps.sh" bench

TAG=$$
AGENT_NS=nkb-agent-$TAG
WORK=$(mktemp -d /tmp/netkeel-agent-cost.XXXXXX)
PIDS=()
NAMESPACES=()
RESPONDER_PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# --- the site: node1 (the measured agent) and 200 peers, each with one trunk NIC carrying 4 VLANs ---
# The agent takes only its targets (peer addresses and its own source address per network) from the
# plan, so the namespaces below carry each network on a veth of its own instead of VLANs.
SITE=$WORK/site.yaml
{
  echo "site: agent-cost"
  echo "fabric: {layer: 2, mtu: 1500}"
  echo "switches:"
  echo "  - {name: sw1, rack: r1, lacp: false, port_speed: 10G}"
  echo "networks:"
  for k in $(seq 1 $NETWORKS); do echo "  n$k: {vlan: $((100 + k)), cidr: 10.201.$k.0/24}"; done
  echo "hosts:"
  for id in $(seq 1 $((PEERS + 1))); do
    echo "  - name: node$id"
    echo "    id: $id"
    echo "    rack: r1"
    echo "    nics:"
    echo "      - {name: eth0, switch: sw1, port: \"$id\", mode: trunk}"
  done
} > "$SITE"
"$NETKEEL" validate "$SITE" > /dev/null 2> "$WORK/validate.log" || { cat "$WORK/validate.log" >&2; exit 1; }

# --- namespaces: the agent's, and one per network holding that network's 200 peer addresses ---
mac() { printf '02:00:00:00:%02x:%02x' "$1" "$2"; }  # network, side (1 agent, 2 peers)
ip netns add "$AGENT_NS" && NAMESPACES+=("$AGENT_NS")
ip -n "$AGENT_NS" link set lo up
ip netns exec "$AGENT_NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
: > "$WORK/targets"
for k in $(seq 1 $NETWORKS); do
  peer=nkb-peer$k-$TAG
  ip netns add "$peer" && NAMESPACES+=("$peer")
  ip netns exec "$peer" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip -n "$peer" link set lo up
  ip -n "$AGENT_NS" link add "eth$((k - 1))" address "$(mac $k 1)" type veth peer name eth0 netns "$peer"
  ip -n "$peer" link set eth0 address "$(mac $k 2)"
  ip -n "$AGENT_NS" addr add "10.201.$k.1/24" dev "eth$((k - 1))"
  {
    for id in $(seq 2 $((PEERS + 1))); do echo "addr add 10.201.$k.$id/24 dev eth0"; done
    echo "neigh replace 10.201.$k.1 lladdr $(mac $k 1) nud permanent dev eth0"
  } | ip -n "$peer" -batch -
  for id in $(seq 2 $((PEERS + 1))); do
    echo "neigh replace 10.201.$k.$id lladdr $(mac $k 2) nud permanent dev eth$((k - 1))"
    echo "10.201.$k.$id" >> "$WORK/targets"
  done | ip -n "$AGENT_NS" -batch -
  ip -n "$AGENT_NS" link set "eth$((k - 1))" up
  ip -n "$peer" link set eth0 up
  if [ "$PEER_CPU" = steered ]; then  # both directions' receive work on CPU 1 (mask 2), see the header
    ip netns exec "$AGENT_NS" sh -c "echo 2 > /sys/class/net/eth$((k - 1))/queues/rx-0/rps_cpus"
    ip netns exec "$peer" sh -c 'echo 2 > /sys/class/net/eth0/queues/rx-0/rps_cpus'
  fi
  # The peers' UDP echo responder: an agent that probes nothing (it binds 0.0.0.0, answers for all 200).
  "${RESPONDER[@]}" "$NETKEEL" agent --site "$SITE" --host node2 --netns "$peer" --no-icmp --no-udp --no-tcp --no-pmtu \
    --metrics-address '' 2> "$WORK/responder$k.log" &
  PIDS+=($!); RESPONDER_PIDS+=($!)
done
TARGETS=$(wc -l < "$WORK/targets")

in_ns() { ip netns exec "$AGENT_NS" "$@"; }  # not for background jobs: $! must be the tool's pid
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }  # utime + stime
max_rss_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
wait_http() {
  for _ in $(seq 1 200); do in_ns curl -sf -o /dev/null "http://127.0.0.1:$1/metrics" && return 0; sleep 0.1; done
  echo "agent_cost: nothing answers on port $1" >&2; return 1
}
scrape_every_second() {  # port: a scraper like Prometheus at a 1 s interval, until killed
  while :; do in_ns curl -sf -o /dev/null "http://127.0.0.1:$1/metrics" || true; sleep 1; done
}

HZ=$(getconf CLK_TCK)
RESULTS=$WORK/results
: > "$RESULTS"
# Probes sent by whichever tool runs: packets the peer namespaces received (static neighbours and no
# IPv6: nothing else arrives there), the same count for every tool.
peer_packets() {
  local total=0 k n
  for k in $(seq 1 $NETWORKS); do
    n=$(ip -n "nkb-peer$k-$TAG" -s link show dev eth0 | awk '/RX:/ {getline; print $2; exit}')
    total=$((total + n))
  done
  echo $total
}
udp_datagrams_in() {  # UDP datagrams the peer namespaces received: the probes their responders answered
  local total=0 k
  for k in $(seq 1 $NETWORKS); do
    total=$((total + $(ip netns exec "nkb-peer$k-$TAG" awk '/^Udp:/ && $2 ~ /^[0-9]+$/ {print $2}' /proc/net/snmp)))
  done
  echo $total
}
responder_ticks() { local total=0 pid; for pid in "${RESPONDER_PIDS[@]}"; do total=$((total + $(cpu_ticks "$pid"))); done; echo $total; }
# measure NAME PID [COUNT_CMD]: warm up, sample the window, one table row. With RESPONDERS_ROW=1 also a
# row for the 4 peer responders together over the same window: the UDP echo answers every agent gives
# its peers, a cost each host pays on top of its own probing.
measure() {
  local name=$1 pid=$2 count_cmd=${3:-peer_packets}
  sleep "$WARMUP"
  local t0 p0 t1 p1 r0 r1 u0 u1
  echo "$pid" > "$WORK/measured.pid"
  t0=$(cpu_ticks "$pid"); p0=$(eval "$count_cmd"); r0=$(responder_ticks); u0=$(udp_datagrams_in)
  sleep "$DURATION"
  t1=$(cpu_ticks "$pid"); p1=$(eval "$count_cmd"); r1=$(responder_ticks); u1=$(udp_datagrams_in)
  local rss hwm
  hwm=$(max_rss_kb "$pid"); rss=$(rss_kb "$pid")
  awk -v n="$name" -v dt=$((t1 - t0)) -v hz="$HZ" -v d="$DURATION" -v hwm="$hwm" -v rss="$rss" -v dp=$((p1 - p0)) \
    'BEGIN {printf "| %s | %.2f | %.1f | %.1f | %s |\n", n, 100 * dt / hz / d, hwm / 1024, rss / 1024, (dp > 0 ? sprintf("%.0f", dp / d) : "-")}' \
    | tee -a "$RESULTS"
  if [ "${RESPONDERS_ROW:-0}" = 1 ]; then
    awk -v dt=$((r1 - r0)) -v hz="$HZ" -v d="$DURATION" -v du=$((u1 - u0)) \
      'BEGIN {printf "| the 4 peers UDP echo responders together, answering %.0f probes/s | %.2f | - | - | - |\n", du / d, 100 * dt / hz / d}' \
      | tee -a "$RESULTS"
  fi
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

echo "agent_cost: $TARGETS ICMP targets (200 peers x 4 networks), ${DURATION} s windows after ${WARMUP} s warm-up, peer CPU work $PEER_CPU" >&2

wanted() { [[ " $CASES " == *" $1 "* ]]; }

# 1. the agent, ICMP only: the same probes fping and smokeping_prober send.
if wanted icmp; then
"${MEASURED[@]}" "$NETKEEL" agent --site "$SITE" --host node1 --netns "$AGENT_NS" --no-udp --no-tcp --no-pmtu \
  --metrics-address 127.0.0.1:9947 2> "$WORK/agent-icmp.log" &
pid=$!; PIDS+=($pid); wait_http 9947
measure "netkeel agent, ICMP ($TARGETS targets)" $pid
stop $pid
fi

# 2. the agent with its default probe kinds and no budget cap: ICMP + UDP echo every second and path-MTU
#    every 10 s (--pmtu-interval) to every peer address, 1,680 probes/s. Also a row for the peers'
#    responders, which answer its 800 UDP probes/s: what every host pays for the peers probing it.
if wanted full; then
"${MEASURED[@]}" "$NETKEEL" agent --site "$SITE" --host node1 --netns "$AGENT_NS" --budget 0 \
  --metrics-address 127.0.0.1:9947 2> "$WORK/agent-full.log" &
pid=$!; PIDS+=($pid); wait_http 9947
RESPONDERS_ROW=1 measure "netkeel agent, ICMP + UDP + path-MTU ($((3 * TARGETS)) targets)" $pid
stop $pid
fi

# 2b. the agent exactly as installed: every default kind, and the default budget (1000 probes/s), which
#     spreads the 2400 targets' probes to one every 2.4 s each.
if wanted default; then
"${MEASURED[@]}" "$NETKEEL" agent --site "$SITE" --host node1 --netns "$AGENT_NS" \
  --metrics-address 127.0.0.1:9947 2> "$WORK/agent-default.log" &
pid=$!; PIDS+=($pid); wait_http 9947
measure "netkeel agent, default options ($((3 * TARGETS)) targets, 1000 probes/s budget)" $pid
stop $pid
fi

# 3. fping: loop mode, 1 s per target, 1 ms between packets (its 10 ms default cannot send 800/s).
if wanted fping; then
"${MEASURED[@]}" ip netns exec "$AGENT_NS" fping -l -p 1000 -i 1 -q -Q 1 -f "$WORK/targets" 2> "$WORK/fping.out" &
pid=$!; PIDS+=($pid)
measure "fping 5.1 -l -p 1000 -i 1" $pid
stop $pid
fi

# 4. smokeping_prober: privileged ICMP (root), 1 s interval, the same targets.
if wanted smokeping; then
# shellcheck disable=SC2046
"${MEASURED[@]}" ip netns exec "$AGENT_NS" prometheus-smokeping-prober --web.listen-address=127.0.0.1:9374 --ping.interval=1s --privileged \
  $(cat "$WORK/targets") 2> "$WORK/smokeping.log" &
pid=$!; PIDS+=($pid); wait_http 9374
measure "smokeping_prober 0.6.1 --ping.interval=1s" $pid
stop $pid
fi

# 5. counters: the agent with probing off (collecting every second) vs node_exporter, both scraped every second.
if wanted collectors; then
"${MEASURED[@]}" "$NETKEEL" agent --site "$SITE" --host node1 --netns "$AGENT_NS" --no-icmp --no-udp --no-tcp --no-pmtu \
  --report-interval 1 --metrics-address 127.0.0.1:9947 2> "$WORK/agent-collect.log" &
agent=$!; PIDS+=($agent); wait_http 9947
"${MEASURED[@]}" ip netns exec "$AGENT_NS" prometheus-node-exporter --web.listen-address=127.0.0.1:9100 --collector.disable-defaults \
  --collector.netdev --collector.netclass --collector.netstat --collector.netstat.fields='.*' 2> "$WORK/node-exporter.log" &
exporter=$!; PIDS+=($exporter); wait_http 9100
scrape_every_second 9947 & scraper1=$!; PIDS+=($scraper1)
scrape_every_second 9100 & scraper2=$!; PIDS+=($scraper2)
measure "netkeel agent, collectors only, scraped every 1 s" $agent "echo 0" &
m1=$!
measure "node_exporter 1.5.0 netdev+netclass+netstat, scraped every 1 s" $exporter "echo 0"
wait $m1
stop $scraper1; stop $scraper2; stop $agent; stop $exporter
fi

echo
echo "| tool | CPU (% of one core) | max RSS, VmHWM (MB) | RSS at the end (MB) | probes/s |"
echo "|---|---|---|---|---|"
cat "$RESULTS"
