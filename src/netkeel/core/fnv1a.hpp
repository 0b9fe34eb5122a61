#pragma once
// FNV-1a, 64 bit: the one stable, dependency-free hash for ids and seeds that must be the same in every
// process and on every host (series ids in a shared database, probe phases, lab MACs, alert
// fingerprints). Not for security.
#include <cstdint>
#include <string_view>

namespace netkeel {

inline constexpr std::uint64_t kFnv1a64OffsetBasis = 0xcbf29ce484222325ULL;

// Continues a hash with more bytes, for hashes over several fields (fnv1a_64 is this from the basis).
constexpr std::uint64_t fnv1a_64_append(std::uint64_t hash, std::string_view text) {
  for (char c : text) {
    hash ^= static_cast<std::uint8_t>(c);
    hash *= 0x100000001b3ULL;  // the FNV 64 prime
  }
  return hash;
}

constexpr std::uint64_t fnv1a_64(std::string_view text) { return fnv1a_64_append(kFnv1a64OffsetBasis, text); }

}  // namespace netkeel
