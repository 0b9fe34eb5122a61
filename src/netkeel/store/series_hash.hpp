#pragma once
// A series' id in the ClickHouse store: FNV-1a 64 of its canonical key. Stable across processes and
// servers, so every netkeel server writing to one database agrees without coordination. Pure.
#include <cstdint>
#include <string_view>

#include "netkeel/core/fnv1a.hpp"

namespace netkeel::store {

constexpr std::uint64_t series_hash(std::string_view canonical_key) { return fnv1a_64(canonical_key); }

}  // namespace netkeel::store
