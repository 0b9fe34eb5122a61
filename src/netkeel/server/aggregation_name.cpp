#include "netkeel/server/aggregation_name.hpp"

namespace netkeel::server {

std::optional<store::Aggregation> parse_aggregation(std::string_view name) {
  if (name == "avg") return store::Aggregation::avg;
  if (name == "min") return store::Aggregation::min;
  if (name == "max") return store::Aggregation::max;
  if (name == "sum") return store::Aggregation::sum;
  if (name == "last") return store::Aggregation::last;
  return std::nullopt;
}

const char* aggregation_name(store::Aggregation aggregation) {
  switch (aggregation) {
    case store::Aggregation::avg: return "avg";
    case store::Aggregation::min: return "min";
    case store::Aggregation::max: return "max";
    case store::Aggregation::sum: return "sum";
    case store::Aggregation::last: return "last";
  }
  return "avg";
}

}  // namespace netkeel::server
