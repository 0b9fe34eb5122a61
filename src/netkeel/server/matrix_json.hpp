#pragma once
// The probe matrix as the API and `netkeel matrix --format json` give it:
//   {"network": "mgmt", "window_s": 60,
//    "pairs": [{"src", "dst", "sent", "lost", "loss", "rtt_p50_ms", "rtt_p99_ms"}, ...]}
// RTTs are in milliseconds, null when the window holds no RTT sample.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "netkeel/store/store.hpp"

namespace netkeel::server {

struct MatrixReport {
  store::ProbeMatrix matrix;  // RTTs in seconds, NaN when unknown
  double window_s = 0;
};

nlohmann::json matrix_json(const MatrixReport& report);

// The inverse, for clients; throws std::invalid_argument naming the JSON place.
MatrixReport matrix_from_json(const nlohmann::json& json);

}  // namespace netkeel::server
