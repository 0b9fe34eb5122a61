#!/bin/sh
# Written by netkeel for host node1 of site grown. Do not edit: change the site file and re-render.
# Takes a bare host to netkeel's plan with iproute2; every step checks or replaces, so running it
# again changes nothing. Needs root, iproute2 and sysctl (procps).
# no bond: eno1 is the only NIC
set -eu

fail() { echo "netkeel: $*" >&2; exit 1; }
link_exists() { ip link show dev "$1" >/dev/null 2>&1; }

# Give the NIC whose permanent MAC is $2 the name $1. A bond member shows its own MAC as permaddr.
adopt_nic() {
  current=$(ip -o -d link | awk -v mac="$2" '
    / bond mode | vlan protocol / { next }
    index($0, " permaddr " mac) || (index($0, " link/ether " mac " ") && !index($0, " permaddr ")) {
      name = $2; sub(/:$/, "", name); sub(/@.*/, "", name); print name; exit
    }')
  [ -n "$current" ] || fail "no NIC has MAC $2 (planned as $1); check the cabling and the site file"
  [ "$current" = "$1" ] && return 0
  ! link_exists "$1" || fail "cannot rename $current to $1: another interface already has that name"
  ip link set dev "$current" down
  ip link set dev "$current" name "$1"
}

bond_option() { cut -d' ' -f1 "/sys/class/net/$1/bonding/$2"; }

# Create bond $1 in mode $2; the kernel changes an existing bond's mode only while it is down and empty.
ensure_bond() {
  if ! link_exists "$1"; then
    ip link add "$1" type bond mode "$2"
  elif [ "$(bond_option "$1" mode)" != "$2" ]; then
    ip link set dev "$1" down
    for member in $(cat "/sys/class/net/$1/bonding/slaves"); do ip link set dev "$member" nomaster; done
    ip link set dev "$1" type bond mode "$2"
  fi
}

# Set bond option $2 to $3 unless it has that value (some options refuse changes while the bond is up).
set_bond_option() {
  if [ "$(bond_option "$1" "$2")" != "$3" ]; then
    ip link set dev "$1" down
    ip link set dev "$1" type bond "$2" "$3"
  fi
}

# The kernel enslaves a link only while it is down.
enslave() {
  if ! ip -o link show dev "$1" | grep -q " master $2 "; then
    ip link set dev "$1" down
    ip link set dev "$1" master "$2"
  fi
}

# VLAN $1 on $2 with id $3; a VLAN's parent and id cannot change in place, so a wrong one is replaced.
ensure_vlan() {
  if link_exists "$1" && ! ip -d -o link show dev "$1" | grep -q "@$2: .* vlan protocol 802.1Q id $3 "; then
    ip link del dev "$1"
  fi
  link_exists "$1" || ip link add link "$2" name "$1" type vlan id "$3"
}

# Add a policy rule unless the same rule is already there (ip rule has no replace).
ensure_rule() {
  [ -n "$(ip rule list priority "$1" from "$2" table "$3")" ] || ip rule add priority "$1" from "$2" table "$3"
}

[ "$(id -u)" = 0 ] || fail "run as root"

# Physical NICs: found by MAC and renamed when the plan says so, else by name
adopt_nic eno1 52:54:00:10:00:11

# MTU and MAC, parents before the links stacked on them (a VLAN's MTU cannot exceed its parent's)
ip link set dev eno1 mtu 1500

# Per-link sysctls, before the links come up
sysctl -q -w net.ipv4.conf.eno1.arp_filter=1   # answer ARP only on the interface the reply would leave by
sysctl -q -w net.ipv4.conf.eno1.arp_ignore=1   # answer ARP only for addresses configured on the receiving interface
sysctl -q -w net.ipv4.conf.eno1.arp_announce=2   # use the outgoing interface's own address as ARP source
sysctl -q -w net.ipv4.conf.eno1.arp_notify=1   # send gratuitous ARP when the interface comes up or its address moves
sysctl -q -w net.ipv4.conf.eno1.rp_filter=2   # loose reverse-path check: source routing per network would trip the strict check

# Up, members first
ip link set dev eno1 up

# Addresses
ip addr replace 10.0.0.11/24 dev eno1
ip addr replace 10.0.1.11/24 dev eno1
ip addr replace 10.0.2.11/24 dev eno1
ip addr replace 10.0.3.11/24 dev eno1

# Routes (one table per network)
ip route replace 10.0.0.0/24 dev eno1 table 100 proto 140 scope link src 10.0.0.11
ip route replace default via 10.0.0.1 dev eno1 table 100 proto 140 src 10.0.0.11
ip route replace 10.0.1.0/24 dev eno1 table 101 proto 140 scope link src 10.0.1.11
ip route replace 10.0.2.0/24 dev eno1 table 102 proto 140 scope link src 10.0.2.11
ip route replace 10.0.3.0/24 dev eno1 table 103 proto 140 scope link src 10.0.3.11

# Source rules: a reply leaves through the interface its source address belongs to
ensure_rule 1000 10.0.0.11/32 100
ensure_rule 1001 10.0.1.11/32 101
ensure_rule 1002 10.0.2.11/32 102
ensure_rule 1003 10.0.3.11/32 103

# Static neighbours, in one batch (a large site has thousands)
ip -batch - <<'NEIGHBOURS'
neigh replace 10.0.0.12 lladdr 52:54:00:10:00:12 dev eno1 nud permanent
neigh replace 10.0.0.13 lladdr 52:54:00:10:00:13 dev eno1 nud permanent
neigh replace 10.0.0.21 lladdr aa:22:71:a1:1d:a3 dev eno1 nud permanent
neigh replace 10.0.0.22 lladdr be:30:ae:82:9a:9a dev eno1 nud permanent
neigh replace 10.0.1.12 lladdr 52:54:00:10:00:12 dev eno1 nud permanent
neigh replace 10.0.1.13 lladdr 52:54:00:10:00:13 dev eno1 nud permanent
neigh replace 10.0.1.21 lladdr aa:22:71:a1:1d:a3 dev eno1 nud permanent
neigh replace 10.0.1.22 lladdr be:30:ae:82:9a:9a dev eno1 nud permanent
neigh replace 10.0.1.234 lladdr be:a4:ce:0c:60:45 dev eno1 nud permanent
neigh replace 10.0.1.242 lladdr 42:e5:a2:04:da:69 dev eno1 nud permanent
neigh replace 10.0.2.12 lladdr 52:54:00:10:00:12 dev eno1 nud permanent
neigh replace 10.0.2.13 lladdr 52:54:00:10:00:13 dev eno1 nud permanent
neigh replace 10.0.2.21 lladdr aa:22:71:a1:1d:a3 dev eno1 nud permanent
neigh replace 10.0.2.22 lladdr be:30:ae:82:9a:9a dev eno1 nud permanent
neigh replace 10.0.3.12 lladdr 52:54:00:10:00:12 dev eno1 nud permanent
neigh replace 10.0.3.13 lladdr 52:54:00:10:00:13 dev eno1 nud permanent
neigh replace 10.0.3.21 lladdr aa:22:71:a1:1d:a3 dev eno1 nud permanent
neigh replace 10.0.3.22 lladdr be:30:ae:82:9a:9a dev eno1 nud permanent
NEIGHBOURS

echo "netkeel: host node1 matches the plan"
