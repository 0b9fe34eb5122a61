#!/bin/sh
# Installs the Debian packages netkeel needs to build, test and run its lab. Safe to run twice:
# it installs only what is missing, and never starts system services (the lab runs its own).
set -eu

PACKAGES="build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  libnl-3-dev libnl-route-3-dev libnftables-dev libcpp-httplib-dev libmicrohttpd-dev libgnutls28-dev libcurl4-openssl-dev
  libssl-dev zlib1g-dev
  libvirt-dev libsqlite3-dev libre2-dev clickhouse-server
  iproute2 iputils-ping nftables ethtool fping netplan.io openvswitch-switch hyperfine ccache openssl curl prometheus
  etcd-server etcd-client prometheus-alertmanager keepalived arping
  help2man lintian fakeroot chromium"

# chromium: the dashboard's browser test (tests/dashboard_service) opens the page in it, headless.
# Optional groups, never installed by default:
#   bench  the tools bench/agent_cost.sh measures the agent against (smokeping_prober, node_exporter).
case "${1:-}" in
  "") ;;
  bench) PACKAGES="$PACKAGES prometheus-smokeping-prober prometheus-node-exporter" ;;
  *) echo "install-deps: unknown group '$1' (known: bench)" >&2; exit 2 ;;
esac

# node and npm run the current-ClickHouse service tests (scripts/clickhouse-current.sh installs chDB
# with npm). Debian's packages only where the commands are missing: a machine may already have a
# node that bundles npm, which Debian's npm package would conflict with.
if ! { command -v node && command -v npm; } >/dev/null 2>&1; then
  PACKAGES="$PACKAGES nodejs npm"
fi

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages:$missing; run as root (or install them with apt-get)" >&2
  exit 1
fi
echo "install-deps: installing$missing"
# Keep package scripts from starting services (openvswitch-switch would start the system OVS).
guard=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  guard=1
fi
cleanup() { [ -n "$guard" ] && rm -f /usr/sbin/policy-rc.d; return 0; }
trap cleanup EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
