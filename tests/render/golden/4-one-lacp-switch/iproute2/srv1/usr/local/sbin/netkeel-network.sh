#!/bin/sh
# Written by netkeel for host srv1 of site single-lacp. Do not edit: change the site file and re-render.
# Takes a bare host to netkeel's plan with iproute2; every step checks or replaces, so running it
# again changes nothing. Needs root, iproute2 and sysctl (procps).
# 802.3ad: enp1s0f0 and enp1s0f1 both go to sw1, which does LACP (one switch: no switch redundancy)
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
adopt_nic enp1s0f0 00:1b:21:aa:00:10
adopt_nic enp1s0f1 00:1b:21:aa:00:11

# Bond bond0: mode and options first, then members (an 802.3ad option needs the mode set)
ensure_bond bond0 802.3ad
set_bond_option bond0 miimon 100
set_bond_option bond0 lacp_rate fast
set_bond_option bond0 xmit_hash_policy layer3+4
enslave enp1s0f0 bond0
enslave enp1s0f1 bond0

# VLANs
ensure_vlan bond0.10 bond0 10
ensure_vlan bond0.20 bond0 20
ensure_vlan bond0.30 bond0 30
ensure_vlan bond0.40 bond0 40

# MTU and MAC, parents before the links stacked on them (a VLAN's MTU cannot exceed its parent's)
ip link set dev bond0 mtu 9000 address 16:ef:12:6a:f8:31
ip link set dev bond0.10 mtu 1500 address be:81:2d:96:c5:bb
ip link set dev bond0.20 mtu 1500 address 26:77:bb:ea:8f:d5
ip link set dev bond0.30 mtu 1500 address fa:16:e4:72:34:e9
ip link set dev bond0.40 mtu 9000 address 66:ed:7a:a3:c5:fc

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
ip link set dev enp1s0f0 up
ip link set dev enp1s0f1 up
ip link set dev bond0 up
ip link set dev bond0.10 up
ip link set dev bond0.20 up
ip link set dev bond0.30 up
ip link set dev bond0.40 up

# Addresses
ip addr replace 172.16.10.1/24 dev bond0.10
ip addr replace 172.16.20.1/24 dev bond0.20
ip addr replace 172.16.30.1/24 dev bond0.30
ip addr replace 172.16.40.1/24 dev bond0.40

# Routes (one table per network)
ip route replace 172.16.10.0/24 dev bond0.10 table 100 proto 140 scope link src 172.16.10.1
ip route replace default via 172.16.10.254 dev bond0.10 table 100 proto 140 src 172.16.10.1
ip route replace default via 172.16.10.254 dev bond0.10 proto 140 src 172.16.10.1
ip route replace 172.16.20.0/24 dev bond0.20 table 101 proto 140 scope link src 172.16.20.1
ip route replace 172.16.30.0/24 dev bond0.30 table 102 proto 140 scope link src 172.16.30.1
ip route replace 172.16.40.0/24 dev bond0.40 table 103 proto 140 scope link src 172.16.40.1

# Source rules: a reply leaves through the interface its source address belongs to
ensure_rule 1000 172.16.10.1/32 100
ensure_rule 1001 172.16.20.1/32 101
ensure_rule 1002 172.16.30.1/32 102
ensure_rule 1003 172.16.40.1/32 103

# Static neighbours, in one batch (a large site has thousands)
ip -batch - <<'NEIGHBOURS'
neigh replace 172.16.10.2 lladdr 86:16:e2:df:a0:ec dev bond0.10 nud permanent
neigh replace 172.16.20.2 lladdr de:8d:ea:39:a6:49 dev bond0.20 nud permanent
neigh replace 172.16.20.242 lladdr 5e:ec:b0:80:31:81 dev bond0.20 nud permanent
neigh replace 172.16.30.2 lladdr ee:66:65:0f:71:51 dev bond0.30 nud permanent
neigh replace 172.16.40.2 lladdr 96:e9:77:96:67:83 dev bond0.40 nud permanent
NEIGHBOURS

echo "netkeel: host srv1 matches the plan"
