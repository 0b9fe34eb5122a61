#pragma once
// A series' labels as the embedded store keeps them in series.labels: per label, LEB128 length + name,
// LEB128 length + value.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "netkeel/store/series.hpp"

namespace netkeel::store {

std::vector<std::uint8_t> encode_sqlite_labels(const std::vector<Label>& labels);
// Throws RuntimeError "WHERE: stored labels are corrupt" for bytes encode_sqlite_labels did not write.
std::vector<Label> decode_sqlite_labels(std::span<const std::uint8_t> bytes, const std::string& where);

}  // namespace netkeel::store
