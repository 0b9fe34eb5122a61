#include "netkeel/server/sample_value_json.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace netkeel::server {

nlohmann::json sample_value_json(double value) {
  if (std::isnan(value)) return nullptr;
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return value;
}

double sample_value_from_json(const nlohmann::json& value) {
  if (value.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (value.is_number()) return value.get<double>();
  if (value.is_string() && value.get_ref<const std::string&>() == "+Inf") return std::numeric_limits<double>::infinity();
  if (value.is_string() && value.get_ref<const std::string&>() == "-Inf") return -std::numeric_limits<double>::infinity();
  throw std::invalid_argument("expected a number, null, \"+Inf\" or \"-Inf\", got " + value.dump());
}

}  // namespace netkeel::server
