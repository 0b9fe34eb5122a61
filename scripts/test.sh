#!/bin/bash
# The README's test command: installs what is missing, builds, and runs every test:
#   1. one build with AddressSanitizer + UndefinedBehaviorSanitizer and assertions on (-O0 -g1: the
#      tests gain the sanitizers' checks; one unoptimised build instead of a plain and a sanitized one
#      keeps the suite near 20 minutes; ccache, when installed, makes rebuilds of unchanged code free)
#   2. unit tests (label unit), then root-only namespace tests (label netns), then service tests (label
#      service) against Debian's ClickHouse 18.16, etcd and Alertmanager, then the ClickHouse ones (named
#      ClickHouse*) again on current ClickHouse (chDB from npm; skipped with a line saying so when npm
#      cannot install it)
#   3. the Debian package (tests/package/package_test.sh: build, contents, lintian, install and remove)
#   4. each libFuzzer target for a bounded time (NETKEEL_FUZZ_SECONDS, default 60)
# Ends with one line "total: N passed, N failed". Safe to run twice.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
jobs="$(nproc)"
fuzz_seconds="${NETKEEL_FUZZ_SECONDS:-60}"
passed=0; failed=0; failures=()

step() { printf '\n==== %s ====\n' "$*"; }

# Counts "N tests failed out of M" from a ctest log.
count_ctest() {
  local log="$1" name="$2" total fails
  total=$(sed -n 's/.*tests failed out of \([0-9]*\).*/\1/p' "$log" | tail -1)
  fails=$(sed -n 's/.*, \([0-9]*\) tests failed out of.*/\1/p' "$log" | tail -1)
  if [ -z "$total" ]; then
    failed=$((failed + 1)); failures+=("$name: no test ran"); return 0
  fi
  passed=$((passed + total - fails)); failed=$((failed + fails))
  [ "$fails" -gt 0 ] && failures+=("$name: $fails failed")
  return 0
}

step "dependencies"
scripts/install-deps.sh || { echo "test: installing dependencies failed" >&2; exit 1; }

step "build (ASan + UBSan, assertions on)"
build=build-test
if ! scripts/build.sh "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O0 -g1" \
     -DNETKEEL_SANITIZE=ON -DNETKEEL_TESTS=ON -DNETKEEL_NETNS_TESTS=ON -DNETKEEL_BENCH=ON; then
  echo "total: 0 passed, 1 failed"; exit 1
fi
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

step "unit tests"
ASAN_OPTIONS=detect_leaks=1 ctest --test-dir "$build" -L unit -j "$jobs" --output-on-failure 2>&1 \
  | tee "$build/ctest-unit.log"
count_ctest "$build/ctest-unit.log" unit

if [ "$(id -u)" -eq 0 ]; then
  step "namespace tests (root; each test creates and removes its own namespaces)"
  # Leak checks stay with the unit tests: here processes end by signals (daemons stopped by tests).
  ASAN_OPTIONS=detect_leaks=0 ctest --test-dir "$build" -L netns --output-on-failure --timeout 600 2>&1 \
    | tee "$build/ctest-netns.log"
  count_ctest "$build/ctest-netns.log" netns
else
  echo "test: not root, namespace tests skipped" >&2
fi

step "service tests (private clickhouse-server, etcd and Alertmanager on 127.0.0.1, started here and stopped afterwards)"
ch_dir="$root/$build/clickhouse"; etcd_dir="$root/$build/etcd"; am_dir="$root/$build/alertmanager"
stop_services() {
  scripts/clickhouse.sh stop "$ch_dir" >/dev/null 2>&1 || true
  scripts/etcd.sh stop "$etcd_dir" >/dev/null 2>&1 || true
  scripts/alertmanager.sh stop "$am_dir" >/dev/null 2>&1 || true
}
trap stop_services EXIT  # also when interrupted
services_up=1
scripts/clickhouse.sh start "$ch_dir" || { services_up=0; failures+=("service: clickhouse-server did not start (see $ch_dir)"); }
scripts/etcd.sh start "$etcd_dir" || { services_up=0; failures+=("service: etcd did not start (see $etcd_dir)"); }
scripts/alertmanager.sh start "$am_dir" || { services_up=0; failures+=("service: alertmanager did not start (see $am_dir)"); }
if [ "$services_up" -eq 1 ]; then
  NETKEEL_CLICKHOUSE_URL="http://127.0.0.1:${NETKEEL_CLICKHOUSE_HTTP_PORT:-18123}" \
  NETKEEL_ETCD_URL="http://127.0.0.1:${NETKEEL_ETCD_PORT:-12379}" \
  NETKEEL_ALERTMANAGER_URL="http://127.0.0.1:${NETKEEL_ALERTMANAGER_PORT:-19093}" ASAN_OPTIONS=detect_leaks=1 \
    ctest --test-dir "$build" -L service --output-on-failure 2>&1 | tee "$build/ctest-service.log"
  count_ctest "$build/ctest-service.log" service
else
  failed=$((failed + 1))
fi
for svc in clickhouse:"$ch_dir" etcd:"$etcd_dir" alertmanager:"$am_dir"; do
  scripts/"${svc%%:*}".sh stop "${svc#*:}" || { failed=$((failed + 1)); failures+=("${svc%%:*} did not stop"); }
done

step "service tests on current ClickHouse (chDB from npm behind scripts/clickhouse-current/server.js)"
cur_dir="$root/$build/clickhouse-current"
trap 'stop_services; scripts/clickhouse-current.sh stop "$cur_dir" >/dev/null 2>&1 || true' EXIT
scripts/clickhouse-current.sh start "$cur_dir"; cur_status=$?
if [ "$cur_status" -eq 0 ]; then
  NETKEEL_CLICKHOUSE_URL="http://127.0.0.1:${NETKEEL_CLICKHOUSE_CURRENT_PORT:-18124}" ASAN_OPTIONS=detect_leaks=1 \
    ctest --test-dir "$build" -L service -R '^ClickHouse' --output-on-failure 2>&1 | tee "$build/ctest-service-current.log"
  count_ctest "$build/ctest-service-current.log" "service (current ClickHouse)"
  scripts/clickhouse-current.sh stop "$cur_dir" \
    || { failed=$((failed + 1)); failures+=("current ClickHouse adapter did not stop"); }
elif [ "$cur_status" -eq 3 ]; then
  echo "current ClickHouse: npm package unavailable, skipped (see $cur_dir/npm-install.log)"
else
  failed=$((failed + 1)); failures+=("service: current ClickHouse did not start (see $cur_dir/log)")
fi

step "package (scripts/package.sh; contents, lintian, dpkg -i / -r, systemd-analyze verify)"
mkdir -p build-package && tests/package/package_test.sh 2>&1 | tee build-package/package-test.log
pkg_passed=$(sed -n 's/^package: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' build-package/package-test.log)
pkg_failed=$(sed -n 's/^package: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' build-package/package-test.log)
if [ -z "$pkg_passed" ]; then
  failed=$((failed + 1)); failures+=("package: the test did not finish (see build-package/package-test.log)")
else
  passed=$((passed + pkg_passed)); failed=$((failed + pkg_failed))
  [ "$pkg_failed" -gt 0 ] && failures+=("package: $pkg_failed failed")
fi

step "fuzzing (${fuzz_seconds}s per target)"
if CC=clang CXX=clang++ NETKEEL_BUILD_TARGET=fuzzers scripts/build.sh build-fuzz -DNETKEEL_FUZZ=ON -DNETKEEL_TESTS=OFF -DNETKEEL_BENCH=OFF; then
  for target in build-fuzz/*_fuzz; do
    [ -x "$target" ] || continue
    name="$(basename "$target" _fuzz)"
    work="build-fuzz/corpus-$name"; mkdir -p "$work"
    seeds="tests/fuzz/corpus/$name"; [ -d "$seeds" ] || seeds=""
    if "$target" -max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2048 \
         -artifact_prefix="build-fuzz/$name-" "$work" $seeds > "build-fuzz/$name.log" 2>&1; then
      passed=$((passed + 1)); tail -1 "build-fuzz/$name.log"
    else
      failed=$((failed + 1)); failures+=("fuzz $name: see build-fuzz/$name.log"); tail -30 "build-fuzz/$name.log"
    fi
  done
else
  failed=$((failed + 1)); failures+=("fuzz build failed")
fi

step "summary"
for f in "${failures[@]}"; do echo "FAILED: $f"; done
echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
