#!/bin/sh
# Applying one host's plan: `netkeel apply --netns` (netlink, with verification) and its re-verifying
# second run, against running the iproute2 script `netkeel render --format iproute2` makes, on the
# same plan in the same run. The plan: 4 networks (4 routing tables) on one untagged access segment,
# 50 hosts, so each host gets 4 x 49 static neighbours plus the service VIPs.
# Needs root. Creates its own namespaces (nk-bench-*) and removes them, also on failure; changes
# nothing in the machine's own namespace. Usage: bench/apply_vs_iproute2.sh [BUILD_DIR] [RUNS]
set -eu
BUILD=${1:-build}
RUNS=${2:-10}
NETKEEL=$(realpath "$BUILD/netkeel")
WORK=$(mktemp -d /tmp/nk-bench-apply.XXXXXX)
HOST=nk-bench-host-$$
SWITCH=nk-bench-sw-$$

cleanup() {
  ip netns del "$HOST" 2>/dev/null || true
  ip netns del "$SWITCH" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# --- the site: 50 hosts, one NIC each on an access port carrying 4 subnets ---
{
  echo "site: bench-apply"
  echo "fabric: {layer: 2, mtu: 1500}"
  echo "switches:"
  echo "  - {name: sw1, rack: r1, lacp: false, port_speed: 10G}"
  echo "networks:"
  echo "  mgmt:    {cidr: 10.60.0.0/24, gateway: 10.60.0.1, default_route: true}"
  echo "  api:     {cidr: 10.60.1.0/24, vips: 10.60.1.200-10.60.1.250}"
  echo "  tunnel:  {cidr: 10.60.2.0/24}"
  echo "  storage: {cidr: 10.60.3.0/24}"
  echo "hosts:"
  i=1
  while [ $i -le 50 ]; do
    id=$((10 + i))
    printf '  - name: h%d\n    id: %d\n    rack: r1\n    nics:\n' $i $id
    printf '      - {name: eno1, mac: "52:54:00:60:00:%02x", switch: sw1, port: "%d", mode: access, networks: [mgmt, api, tunnel, storage]}\n' $id $i
    i=$((i + 1))
  done
  echo "services:"
  echo "  - {name: mysql, network: api, port: 3306, check: {tcp: 3306}}"
  echo "  - {name: keystone, network: api, port: 5000, check: {tcp: 5000}}"
} > "$WORK/site.yaml"
"$NETKEEL" validate -q "$WORK/site.yaml"
"$NETKEEL" render "$WORK/site.yaml" --format iproute2 --host h1 --out "$WORK/rendered" >/dev/null
SCRIPT=$(find "$WORK/rendered" -type f -name '*.sh' | head -1)

# --- the switch namespace: a bridge holding the gateway ---
ip netns add "$SWITCH"
ip -n "$SWITCH" link add br0 type bridge
ip -n "$SWITCH" link set br0 up
ip -n "$SWITCH" addr add 10.60.0.1/24 dev br0

# A fresh host namespace whose NIC eno1 (h1's MAC) is plugged into the bridge.
fresh_host() {
  ip netns del "$HOST" 2>/dev/null || true
  ip netns add "$HOST"
  ip netns exec "$HOST" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip -n "$HOST" link add eno1 address 52:54:00:60:00:0b type veth peer name p-$$ netns "$SWITCH"
  ip -n "$SWITCH" link set p-$$ master br0 up
}

STATE="$WORK/state"
APPLY="$NETKEEL apply $WORK/site.yaml --host h1 --netns $HOST --state-dir $STATE"
PREPARE_FRESH="rm -rf $STATE; ip netns del $HOST 2>/dev/null; ip netns add $HOST && ip netns exec $HOST sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 && ip -n $HOST link add eno1 address 52:54:00:60:00:0b type veth peer name p-$$ netns $SWITCH && ip -n $SWITCH link set p-$$ master br0 up"

fresh_host
NEIGHBOURS=$($APPLY --dry-run 2>/dev/null | grep -c '+ neighbour' || true)
# Make sure both ways work before timing them.
$APPLY >/dev/null
ip netns exec "$HOST" sh "$SCRIPT" >/dev/null 2>&1

hyperfine --runs "$RUNS" --warmup 1 --export-markdown "$WORK/table.md" -N \
  --prepare "sh -c '$PREPARE_FRESH'" -n "netkeel apply (fresh namespace)" "$APPLY" \
  --prepare "sh -c '$PREPARE_FRESH'" -n "iproute2 script (fresh namespace)" "ip netns exec $HOST sh $SCRIPT" \
  --prepare "sh -c '$PREPARE_FRESH && $APPLY >/dev/null'" -n "netkeel apply again (0 changes, re-verify)" "$APPLY" \
  --prepare "sh -c '$PREPARE_FRESH && ip netns exec $HOST sh $SCRIPT >/dev/null 2>&1'" -n "iproute2 script again" "ip netns exec $HOST sh $SCRIPT"

echo
echo "plan of h1: $NEIGHBOURS static neighbours, 4 networks, 4 routing tables; $RUNS runs each"
cat "$WORK/table.md"
