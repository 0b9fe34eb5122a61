#pragma once
// A series' id in the ClickHouse store: FNV-1a 64 of its canonical key. Stable across processes and
// servers, so every netkeel server writing to one database agrees without coordination. Pure.
#include <cstdint>
#include <string_view>

namespace netkeel::store {

constexpr std::uint64_t series_hash(std::string_view canonical_key) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : canonical_key) {
    hash ^= static_cast<std::uint8_t>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

}  // namespace netkeel::store
