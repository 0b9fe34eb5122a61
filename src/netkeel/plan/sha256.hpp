#pragma once
// SHA-256 (FIPS 180-4), small and dependency-free: the planner derives MACs and VIP slots from it,
// so the same names give the same bytes on every machine and every release.
#include <array>
#include <cstdint>
#include <string_view>

namespace netkeel::plan {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest sha256(std::string_view data);

}  // namespace netkeel::plan
