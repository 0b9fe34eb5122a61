#!/bin/bash
# The README's main command: builds netkeel, brings up a lab of the production-shape example
# (every host and switch in its own network namespace, each host configured by `netkeel apply`),
# and shows it. `scripts/demo.sh down` removes the lab. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
site="${NETKEEL_DEMO_SITE:-examples/sites/2-production-mlag.yaml}"
lab="${NETKEEL_DEMO_LAB:-demo}"

scripts/install-deps.sh
scripts/build.sh build -DNETKEEL_BENCH=OFF -DNETKEEL_TESTS=OFF
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
echo "Try:  $nk lab exec ctl1 -- ip -br addr      $nk lab exec ctl1 -- ping -c3 10.40.0.12"
echo "Stop: scripts/demo.sh down"
