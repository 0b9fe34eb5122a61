#!/bin/sh
# Configures and builds netkeel into build/ (or $1). Extra arguments go to cmake;
# NETKEEL_BUILD_TARGET limits the build to one target (e.g. fuzzers).
set -eu
cd "$(dirname "$0")/.."
dir="${1:-build}"; [ $# -gt 0 ] && shift
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$dir" -j "$(nproc)" ${NETKEEL_BUILD_TARGET:+--target "$NETKEEL_BUILD_TARGET"}
