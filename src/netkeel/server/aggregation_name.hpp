#pragma once
// Step aggregations by name: avg, min, max, sum, last.
#include <optional>
#include <string_view>

#include "netkeel/store/store.hpp"

namespace netkeel::server {

std::optional<store::Aggregation> parse_aggregation(std::string_view name);
const char* aggregation_name(store::Aggregation aggregation);

}  // namespace netkeel::server
