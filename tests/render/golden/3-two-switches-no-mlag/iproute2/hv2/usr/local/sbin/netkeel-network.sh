#!/bin/sh
# Written by netkeel for host hv2 of site two-plain-switches. Do not edit: change the site file and re-render.
# Takes a bare host to netkeel's plan with iproute2; every step checks or replaces, so running it
# again changes nothing. Needs root, iproute2 and sysctl (procps).
# active-backup: ens1f0 and ens1f1 go to swa and swb, which are not MLAG peers, so only one link may be active
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
adopt_nic ens1f0 b8:59:9f:00:00:20
adopt_nic ens1f1 b8:59:9f:00:00:21

# Bond bond0: mode and options first, then members (an 802.3ad option needs the mode set)
ensure_bond bond0 active-backup
set_bond_option bond0 miimon 100
enslave ens1f0 bond0
enslave ens1f1 bond0
set_bond_option bond0 primary ens1f0

# VLANs
ensure_vlan bond0.100 bond0 100
ensure_vlan bond0.110 bond0 110
ensure_vlan bond0.120 bond0 120

# MTU and MAC, parents before the links stacked on them (a VLAN's MTU cannot exceed its parent's)
ip link set dev bond0 mtu 1500 address 72:33:e0:08:cd:1c
ip link set dev bond0.100 mtu 1500 address e2:ea:d0:3b:3c:77
ip link set dev bond0.110 mtu 1500 address 82:3a:e9:23:df:dc
ip link set dev bond0.120 mtu 1500 address ea:2b:2c:59:a8:86

# Per-link sysctls, before the links come up
sysctl -q -w net.ipv4.conf.bond0/100.arp_filter=1   # answer ARP only on the interface the reply would leave by
sysctl -q -w net.ipv4.conf.bond0/100.arp_ignore=1   # answer ARP only for addresses configured on the receiving interface
sysctl -q -w net.ipv4.conf.bond0/100.arp_announce=2   # use the outgoing interface's own address as ARP source
sysctl -q -w net.ipv4.conf.bond0/100.arp_notify=1   # send gratuitous ARP when the interface comes up or its address moves
sysctl -q -w net.ipv4.conf.bond0/100.rp_filter=2   # loose reverse-path check: source routing per network would trip the strict check
sysctl -q -w net.ipv4.conf.bond0/110.arp_filter=1   # answer ARP only on the interface the reply would leave by
sysctl -q -w net.ipv4.conf.bond0/110.arp_ignore=1   # answer ARP only for addresses configured on the receiving interface
sysctl -q -w net.ipv4.conf.bond0/110.arp_announce=2   # use the outgoing interface's own address as ARP source
sysctl -q -w net.ipv4.conf.bond0/110.arp_notify=1   # send gratuitous ARP when the interface comes up or its address moves
sysctl -q -w net.ipv4.conf.bond0/110.rp_filter=2   # loose reverse-path check: source routing per network would trip the strict check
sysctl -q -w net.ipv4.conf.bond0/120.arp_filter=1   # answer ARP only on the interface the reply would leave by
sysctl -q -w net.ipv4.conf.bond0/120.arp_ignore=1   # answer ARP only for addresses configured on the receiving interface
sysctl -q -w net.ipv4.conf.bond0/120.arp_announce=2   # use the outgoing interface's own address as ARP source
sysctl -q -w net.ipv4.conf.bond0/120.arp_notify=1   # send gratuitous ARP when the interface comes up or its address moves
sysctl -q -w net.ipv4.conf.bond0/120.rp_filter=2   # loose reverse-path check: source routing per network would trip the strict check

# Up, members first
ip link set dev ens1f0 up
ip link set dev ens1f1 up
ip link set dev bond0 up
ip link set dev bond0.100 up
ip link set dev bond0.110 up
ip link set dev bond0.120 up

# Addresses
ip addr replace 192.168.100.22/24 dev bond0.100
ip addr replace 192.168.110.22/24 dev bond0.110
ip addr replace 192.168.120.22/24 dev bond0.120

# Routes (one table per network)
ip route replace 192.168.100.0/24 dev bond0.100 table 100 proto 140 scope link src 192.168.100.22
ip route replace default via 192.168.100.1 dev bond0.100 table 100 proto 140 src 192.168.100.22
ip route replace default via 192.168.100.1 dev bond0.100 proto 140 src 192.168.100.22
ip route replace 192.168.110.0/24 dev bond0.110 table 101 proto 140 scope link src 192.168.110.22
ip route replace 192.168.120.0/24 dev bond0.120 table 102 proto 140 scope link src 192.168.120.22

# Source rules: a reply leaves through the interface its source address belongs to
ensure_rule 1000 192.168.100.22/32 100
ensure_rule 1001 192.168.110.22/32 101
ensure_rule 1002 192.168.120.22/32 102

# Static neighbours, in one batch (a large site has thousands)
ip -batch - <<'NEIGHBOURS'
neigh replace 192.168.100.21 lladdr 56:bf:4a:b3:0a:37 dev bond0.100 nud permanent
neigh replace 192.168.100.23 lladdr e2:5d:96:48:51:99 dev bond0.100 nud permanent
neigh replace 192.168.110.21 lladdr 3a:46:24:41:99:9f dev bond0.110 nud permanent
neigh replace 192.168.110.23 lladdr 2e:63:2a:c0:7f:01 dev bond0.110 nud permanent
neigh replace 192.168.110.117 lladdr aa:a8:f6:65:c3:3a dev bond0.110 nud permanent
neigh replace 192.168.120.21 lladdr ca:d1:ec:6d:8a:c7 dev bond0.120 nud permanent
neigh replace 192.168.120.23 lladdr ee:13:3e:b9:04:61 dev bond0.120 nud permanent
NEIGHBOURS

echo "netkeel: host hv2 matches the plan"
