#!/bin/sh
# Written by netkeel for host cmp1 of site acme-zblock-1. Do not edit: change the site file and re-render.
# Takes a bare host to netkeel's plan with iproute2; every step checks or replaces, so running it
# again changes nothing. Needs root, iproute2 and sysctl (procps).
# 802.3ad: eno1 and eno2 go to tor1 and tor2, an MLAG pair with LACP: both links carry traffic and either switch can reboot
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
adopt_nic eno1 3c:fd:fe:00:04:01
adopt_nic eno2 3c:fd:fe:00:04:02

# Bond bond0: mode and options first, then members (an 802.3ad option needs the mode set)
ensure_bond bond0 802.3ad
set_bond_option bond0 miimon 100
set_bond_option bond0 lacp_rate fast
set_bond_option bond0 xmit_hash_policy layer3+4
enslave eno1 bond0
enslave eno2 bond0

# VLANs
ensure_vlan bond0.10 bond0 10
ensure_vlan bond0.20 bond0 20
ensure_vlan bond0.30 bond0 30
ensure_vlan bond0.40 bond0 40

# MTU and MAC, parents before the links stacked on them (a VLAN's MTU cannot exceed its parent's)
ip link set dev bond0 mtu 9000 address 6e:0a:c6:2c:b6:a2
ip link set dev bond0.10 mtu 1500 address be:d1:95:25:6e:01
ip link set dev bond0.20 mtu 1500 address a6:86:7d:2e:89:5b
ip link set dev bond0.30 mtu 9000 address 22:97:5c:3a:12:26
ip link set dev bond0.40 mtu 9000 address ba:38:7f:2b:2f:05

# Per-link sysctls, before the links come up
sysctl -q -w net.ipv4.conf.bond0/10.arp_filter=1   # answer ARP only on the interface the reply would leave by
sysctl -q -w net.ipv4.conf.bond0/10.arp_ignore=1   # answer ARP only for addresses configured on the receiving interface
sysctl -q -w net.ipv4.conf.bond0/10.arp_announce=2   # use the outgoing interface's own address as ARP source
sysctl -q -w net.ipv4.conf.bond0/10.arp_notify=1   # send gratuitous ARP when the interface comes up or its address moves
sysctl -q -w net.ipv4.conf.bond0/10.rp_filter=2   # loose reverse-path check: source routing per network would trip the strict check
sysctl -q -w net.ipv4.conf.bond0/20.arp_filter=1   # answer ARP only on the interface the reply would leave by
sysctl -q -w net.ipv4.conf.bond0/20.arp_ignore=1   # answer ARP only for addresses configured on the receiving interface
sysctl -q -w net.ipv4.conf.bond0/20.arp_announce=2   # use the outgoing interface's own address as ARP source
sysctl -q -w net.ipv4.conf.bond0/20.arp_notify=1   # send gratuitous ARP when the interface comes up or its address moves
sysctl -q -w net.ipv4.conf.bond0/20.rp_filter=2   # loose reverse-path check: source routing per network would trip the strict check
sysctl -q -w net.ipv4.conf.bond0/30.arp_filter=1   # answer ARP only on the interface the reply would leave by
sysctl -q -w net.ipv4.conf.bond0/30.arp_ignore=1   # answer ARP only for addresses configured on the receiving interface
sysctl -q -w net.ipv4.conf.bond0/30.arp_announce=2   # use the outgoing interface's own address as ARP source
sysctl -q -w net.ipv4.conf.bond0/30.arp_notify=1   # send gratuitous ARP when the interface comes up or its address moves
sysctl -q -w net.ipv4.conf.bond0/30.rp_filter=2   # loose reverse-path check: source routing per network would trip the strict check
sysctl -q -w net.ipv4.conf.bond0/40.arp_filter=1   # answer ARP only on the interface the reply would leave by
sysctl -q -w net.ipv4.conf.bond0/40.arp_ignore=1   # answer ARP only for addresses configured on the receiving interface
sysctl -q -w net.ipv4.conf.bond0/40.arp_announce=2   # use the outgoing interface's own address as ARP source
sysctl -q -w net.ipv4.conf.bond0/40.arp_notify=1   # send gratuitous ARP when the interface comes up or its address moves
sysctl -q -w net.ipv4.conf.bond0/40.rp_filter=2   # loose reverse-path check: source routing per network would trip the strict check

# Up, members first
ip link set dev eno1 up
ip link set dev eno2 up
ip link set dev bond0 up
ip link set dev bond0.10 up
ip link set dev bond0.20 up
ip link set dev bond0.30 up
ip link set dev bond0.40 up

# Addresses
ip addr replace 10.10.0.21/24 dev bond0.10
ip addr replace 10.20.0.21/24 dev bond0.20
ip addr replace 10.30.0.21/24 dev bond0.30
ip addr replace 10.40.0.21/24 dev bond0.40

# Routes (one table per network)
ip route replace 10.10.0.0/24 dev bond0.10 table 100 proto 140 scope link src 10.10.0.21
ip route replace default via 10.10.0.1 dev bond0.10 table 100 proto 140 src 10.10.0.21
ip route replace default via 10.10.0.1 dev bond0.10 proto 140 src 10.10.0.21
ip route replace 10.20.0.0/24 dev bond0.20 table 101 proto 140 scope link src 10.20.0.21
ip route replace default via 10.20.0.1 dev bond0.20 table 101 proto 140 src 10.20.0.21
ip route replace 10.30.0.0/24 dev bond0.30 table 102 proto 140 scope link src 10.30.0.21
ip route replace 10.40.0.0/24 dev bond0.40 table 103 proto 140 scope link src 10.40.0.21

# Source rules: a reply leaves through the interface its source address belongs to
ensure_rule 1000 10.10.0.21/32 100
ensure_rule 1001 10.20.0.21/32 101
ensure_rule 1002 10.30.0.21/32 102
ensure_rule 1003 10.40.0.21/32 103

# Static neighbours, in one batch (a large site has thousands)
ip -batch - <<'NEIGHBOURS'
neigh replace 10.10.0.11 lladdr 6a:43:23:d2:82:95 dev bond0.10 nud permanent
neigh replace 10.10.0.12 lladdr 06:67:73:86:10:b6 dev bond0.10 nud permanent
neigh replace 10.10.0.13 lladdr e6:05:e7:3b:e9:b8 dev bond0.10 nud permanent
neigh replace 10.20.0.11 lladdr a6:f9:94:d8:b9:61 dev bond0.20 nud permanent
neigh replace 10.20.0.12 lladdr be:a4:6d:9b:12:a9 dev bond0.20 nud permanent
neigh replace 10.20.0.13 lladdr 22:db:15:dc:cc:d1 dev bond0.20 nud permanent
neigh replace 10.20.0.234 lladdr 9a:35:f8:be:dd:3f dev bond0.20 nud permanent
neigh replace 10.20.0.237 lladdr 92:cb:c3:9d:ce:89 dev bond0.20 nud permanent
neigh replace 10.20.0.242 lladdr 1a:82:40:9e:11:32 dev bond0.20 nud permanent
neigh replace 10.20.0.249 lladdr c2:df:14:14:b1:7e dev bond0.20 nud permanent
neigh replace 10.30.0.11 lladdr 32:1c:e5:4a:b0:ad dev bond0.30 nud permanent
neigh replace 10.30.0.12 lladdr 22:ed:b8:06:2e:bf dev bond0.30 nud permanent
neigh replace 10.30.0.13 lladdr a6:04:c4:7f:28:d7 dev bond0.30 nud permanent
neigh replace 10.40.0.11 lladdr 66:97:ca:4c:09:2d dev bond0.40 nud permanent
neigh replace 10.40.0.12 lladdr 46:ce:a8:2e:6f:8d dev bond0.40 nud permanent
neigh replace 10.40.0.13 lladdr f2:95:9a:0a:c3:26 dev bond0.40 nud permanent
NEIGHBOURS

echo "netkeel: host cmp1 matches the plan"
