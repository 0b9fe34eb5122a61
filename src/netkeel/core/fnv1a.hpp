#pragma once
// FNV-1a, 64 bit: the one stable, dependency-free hash for ids and seeds that must be the same in every
// process and on every host (series ids in a shared database, probe phases, lab MACs). Not for security.
#include <cstdint>
#include <string_view>

namespace netkeel {

constexpr std::uint64_t fnv1a_64(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;  // the FNV-1a 64 offset basis
  for (char c : text) {
    hash ^= static_cast<std::uint8_t>(c);
    hash *= 0x100000001b3ULL;  // the FNV 64 prime
  }
  return hash;
}

}  // namespace netkeel
