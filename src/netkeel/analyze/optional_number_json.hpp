#pragma once
// A measurement that may be missing (NaN: no sample to say) as JSON null, and back; shared by the diagnose
// answers.
#include <cmath>

#include <nlohmann/json.hpp>

#include "netkeel/analyze/host_diagnosis.hpp"

namespace netkeel::analyze {

inline nlohmann::json number_or_null(double value) {
  return std::isnan(value) ? nlohmann::json(nullptr) : nlohmann::json(value);
}
inline double number_from(const nlohmann::json& value) { return value.is_null() ? kNoValue : value.get<double>(); }

// {"counter", "increase", "per_s", "baseline_per_s"}
inline nlohmann::json counter_pace_json(const CounterPace& c) {
  return {{"counter", c.name},
          {"increase", c.increase},
          {"per_s", number_or_null(c.per_s)},
          {"baseline_per_s", number_or_null(c.baseline_per_s)}};
}

}  // namespace netkeel::analyze
