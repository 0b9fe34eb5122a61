#pragma once
// SHA-256 (FIPS 180-4) from OpenSSL's libcrypto: the planner derives MACs and VIP slots from it, so the
// same names give the same bytes on every machine and every release. Throws RuntimeError only if libcrypto
// cannot provide SHA-256 at all.
#include <array>
#include <cstdint>
#include <string_view>

namespace netkeel::plan {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest sha256(std::string_view data);

}  // namespace netkeel::plan
