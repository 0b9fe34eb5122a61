#!/bin/bash
# The README's main command: builds netkeel, brings up a lab of the production-shape example
# (every host and switch in its own network namespace, each host configured by `netkeel apply`),
# and shows it. `scripts/demo.sh down` removes the lab. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
site="${NETKEEL_DEMO_SITE:-examples/sites/2-production-mlag.yaml}"
lab="${NETKEEL_DEMO_LAB:-demo}"

scripts/install-deps.sh
NETKEEL_BUILD_TARGET=netkeel scripts/build.sh build
nk=build/netkeel

if [ "${1:-}" = "down" ]; then exec "$nk" lab down --name "$lab"; fi

echo "== the site: $site"
"$nk" validate "$site"
echo
echo "== the plan"
"$nk" plan "$site"
echo
echo "== the lab (network namespaces on this machine; the root namespace is never touched)"
"$nk" lab down --name "$lab" >/dev/null 2>&1 || true
"$nk" lab up "$site" --name "$lab"
"$nk" lab status --name "$lab"
echo
if [ "$site" = examples/sites/2-production-mlag.yaml ]; then
  echo
  echo "== reachability: ctl1 to every other host on the storage network (VLAN 40, 8000-byte pings)"
  "$nk" lab exec --name "$lab" ctl1 -- fping -q -c 10 -p 100 -b 8000 -S 10.40.0.11 10.40.0.12 10.40.0.13 10.40.0.21 || true
fi
echo
echo "== the probe mesh: every agent probes every peer on every network and ships to the lab's server"
echo "   across the management network; the storage network's loss matrix (waiting for the first reports)"
network="${NETKEEL_DEMO_NETWORK:-storage}"
for _ in $(seq 1 40); do
  "$nk" matrix --network "$network" --lab "$lab" --format json 2>/dev/null | grep -q '"sent": [1-9]' && break
  sleep 1
done
"$nk" matrix --network "$network" --lab "$lab" --window 60s || true
echo
echo "== Keep: every service's VIP on exactly one healthy host (etcd on three hosts, a keeper in each)"
for _ in $(seq 1 20); do
  "$nk" keep status --lab "$lab" --format json 2>/dev/null | grep -q '"state": "holding"' && break
  sleep 0.5
done
"$nk" keep status --lab "$lab" || true
echo
# The lab's server writes its address to the lab's directory, where netkeel matrix --lab finds it too.
url_file="/run/netkeel/labs/$lab/server-url"
if [ -r "$url_file" ]; then
  echo "== the dashboard (opens without a sign-in on this machine): $(cat "$url_file")/"
else
  echo "== the dashboard: the lab runs no server ($url_file is missing)"
fi
echo
echo "Try:  $nk lab fault service-down mysql@ctl1 --name $lab   then  $nk keep status --lab $lab  (the VIP moves)"
echo "      $nk lab exec ctl1 -- ip -br addr           $nk lab exec ctl1 -- ip neigh      (static ARP)"
echo "      $nk lab fault switch-down tor1 --name $lab  (one ToR of the MLAG pair; LACP keeps hosts up)"
echo "      $nk lab status --name $lab                  $nk lab heal --all --name $lab"
echo "      $nk matrix --network mgmt --lab $lab --metric rtt   $nk query netkeel_probe_lost_total --lab $lab --since 5m"
echo "Stop: scripts/demo.sh down"
