#include "netkeel/ha/handover_value.hpp"

namespace netkeel::ha {

namespace {
constexpr std::string_view kPrefix = "handover:";
}

std::string handover_value(const std::string& target) { return std::string(kPrefix) + target; }

std::optional<std::string> handover_target(const std::string& value) {
  if (value.rfind(kPrefix, 0) != 0) return std::nullopt;
  return value.substr(kPrefix.size());
}

std::string holder_in(const std::string& value) { return handover_target(value) ? "" : value; }

}  // namespace netkeel::ha
