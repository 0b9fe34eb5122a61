#pragma once
// A sample value in API answers: a JSON number, null for NaN, "+Inf" / "-Inf" for the infinities
// (the same convention as the batch wire format; JSON has no literal for either).
#include <nlohmann/json.hpp>

namespace netkeel::server {

nlohmann::json sample_value_json(double value);

// The inverse; throws std::invalid_argument when the JSON is none of those forms.
double sample_value_from_json(const nlohmann::json& value);

}  // namespace netkeel::server
