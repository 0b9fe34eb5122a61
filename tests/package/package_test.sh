#!/bin/bash
# The Debian package, checked as an operator would meet it (docs/install.md): build it with
# scripts/package.sh, check its contents and lintian, install it with dpkg, run the installed binary,
# verify every systemd unit, read a man page, then remove and purge it. Prints one "ok NAME" or
# "FAIL NAME: why" line per check and ends with "package: N passed, N failed" (exit 1 on a failure).
#
#   tests/package/package_test.sh [--build-dir DIR]
#
# dpkg -i needs root and is skipped (said so, not counted as passed) when not root or when a netkeel
# package is already installed on this machine (the test never replaces an operator's install).
set -uo pipefail
cd "$(dirname "$0")/../.."
build_dir="build-package"
[ "${1:-}" = "--build-dir" ] && build_dir="$2"
passed=0; failed=0
check() {  # check NAME COMMAND...: runs COMMAND, records ok or FAIL with its output
  local name="$1"; shift
  local out
  if out=$("$@" 2>&1); then echo "ok $name"; passed=$((passed + 1))
  else echo "FAIL $name: $(echo "$out" | tail -5)"; failed=$((failed + 1)); fi
}
finish() { echo "package: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

out_dir=$(mktemp -d /tmp/nk-package.XXXXXX)
installed_here=0
cleanup() {
  [ "$installed_here" -eq 1 ] && dpkg -P netkeel >/dev/null 2>&1
  rm -rf "$out_dir"
}
trap cleanup EXIT

version=$(sed -n 's/^project(netkeel VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
if ! deb=$(scripts/package.sh --build-dir "$build_dir" --out "$out_dir" 2>"$out_dir/package.log" | tail -1) \
   || [ ! -f "$deb" ]; then
  echo "FAIL build: scripts/package.sh failed: $(tail -5 "$out_dir/package.log")"; failed=1; finish
fi
echo "ok build $deb"; passed=$((passed + 1))
check "file name carries the version" test "$(basename "$deb")" = "netkeel_${version}_amd64.deb"

contents=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|')
has() { grep -qx "$1" <<<"$contents" || { echo "missing $1"; return 1; }; }
expected_files() {
  echo /usr/bin/netkeel /usr/lib/sysusers.d/netkeel.conf /usr/share/doc/netkeel/copyright \
    /usr/share/doc/netkeel/changelog.gz /usr/share/man/man1/netkeel.1.gz
  for d in server agent keeper; do
    echo "/lib/systemd/system/netkeel-$d.service /etc/default/netkeel-$d"
  done
  for sub in $("$build_dir/netkeel" --help | awk '/^Subcommands:/{on=1; next} on && /^  [a-z]/{print $1}'); do
    echo "/usr/share/man/man1/netkeel-$sub.1.gz"
  done
  for doc in docs/*.md; do echo "/usr/share/doc/netkeel/$(basename "$doc")"; done
}
check "contents: binary, units, defaults, sysusers, docs, a man page per command" \
  bash -c "$(declare -f has); contents=\$(cat); for f in $(expected_files | tr '\n' ' '); do has \"\$f\" || exit 1; done" <<<"$contents"
check "conffiles are the /etc/default files" \
  bash -c "dpkg-deb -I '$deb' conffiles | sort | diff - <(printf '/etc/default/netkeel-agent\n/etc/default/netkeel-keeper\n/etc/default/netkeel-server\n')"
check "the binary is stripped" bash -c "dpkg-deb --fsys-tarfile '$deb' | tar -xO ./usr/bin/netkeel > '$out_dir/netkeel' && ! file '$out_dir/netkeel' | grep -q 'not stripped'"
check "dependencies come from the binary's libraries" \
  bash -c "dpkg-deb -f '$deb' Depends | grep -q 'libnl-route-3-200' && dpkg-deb -f '$deb' Depends | grep -q 'libyaml-cpp'"
if command -v lintian >/dev/null; then
  check "lintian: no errors" bash -c "! lintian --no-tag-display-limit '$deb' 2>&1 | grep '^E:'"
else
  echo "FAIL lintian: not installed (scripts/install-deps.sh installs it)"; failed=$((failed + 1))
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "skipped install checks: not root"; finish
fi
if dpkg-query -W -f='${Status}' netkeel 2>/dev/null | grep -q "install ok installed"; then
  echo "skipped install checks: a netkeel package is already installed on this machine"; finish
fi
installed_here=1
check "dpkg -i" dpkg -i "$deb"
check "netkeel --version from /usr/bin" test "$(/usr/bin/netkeel --version)" = "netkeel $version"
check "the server's user exists" getent passwd netkeel
for unit in /lib/systemd/system/netkeel-*.service; do
  check "systemd-analyze verify $(basename "$unit")" systemd-analyze verify "$unit"
done
check "man netkeel-keeper" bash -c "man -w netkeel-keeper | grep -q /usr/share/man/man1/netkeel-keeper.1.gz"
check "dpkg -r removes the binary, keeps the conffiles" \
  bash -c "dpkg -r netkeel >/dev/null && [ ! -e /usr/bin/netkeel ] && [ -e /etc/default/netkeel-agent ]"
check "dpkg -P removes the conffiles" bash -c "dpkg -P netkeel >/dev/null && [ ! -e /etc/default/netkeel-agent ]"
installed_here=0
finish
