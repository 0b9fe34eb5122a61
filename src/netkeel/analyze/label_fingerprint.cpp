#include "netkeel/analyze/label_fingerprint.hpp"

#include <cstdio>
#include <string_view>

#include "netkeel/core/fnv1a.hpp"

namespace netkeel::analyze {
namespace {

// A byte that never occurs in UTF-8, so "a"+"bc" and "ab"+"c" hash apart.
constexpr std::string_view kSeparator{"\xff", 1};

}  // namespace

std::uint64_t label_fingerprint(const LabelSet& labels) {
  std::uint64_t hash = kFnv1a64OffsetBasis;
  for (const auto& [name, value] : labels) {  // std::map: byte-wise order of names, as Go's sort.Strings
    hash = fnv1a_64_append(fnv1a_64_append(hash, name), kSeparator);
    hash = fnv1a_64_append(fnv1a_64_append(hash, value), kSeparator);
  }
  return hash;
}

std::string fingerprint_text(std::uint64_t fingerprint) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(fingerprint));
  return text;
}

}  // namespace netkeel::analyze
