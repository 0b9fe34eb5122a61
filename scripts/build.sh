#!/bin/sh
# Configures and builds netkeel into build/ (or $1). Extra arguments go to cmake;
# NETKEEL_BUILD_TARGET limits the build to one target (e.g. fuzzers).
# With ccache installed (scripts/install-deps.sh installs it), compiles are cached across build
# directories and clones: base_dir makes paths relative to the checkout, so a fresh clone of the same
# sources hits the cache (only files whose flags name the checkout's path, the tests, recompile).
set -eu
cd "$(dirname "$0")/.."
dir="${1:-build}"; [ $# -gt 0 ] && shift
launcher=""
if command -v ccache >/dev/null 2>&1 && [ "${NETKEEL_CCACHE:-1}" != 0 ]; then
  export CCACHE_BASEDIR="$(pwd)" CCACHE_NOHASHDIR=1
  launcher="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache"
fi
# shellcheck disable=SC2086
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $launcher "$@" >/dev/null
cmake --build "$dir" -j "$(nproc)" ${NETKEEL_BUILD_TARGET:+--target "$NETKEEL_BUILD_TARGET"}
