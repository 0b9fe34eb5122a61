#pragma once
// The probe matrix as the API and `netkeel matrix --format json` give it:
//   {"network": "mgmt", "window_s": 60, "kind": "all",
//    "pairs": [{"src", "dst", "sent", "lost", "loss", "rtt_p50_ms", "rtt_p99_ms", "responder_down",
//               "kinds": {"icmp": {"sent", "lost", "loss"}, "udp": {...}, ...}}, ...],
//    "stale_after_s": 30,
//    "hosts": [{"host", "last_report_ms", "age_s", "stale", "agent_down"}, ...]}
// RTTs are in milliseconds, null when the window holds no RTT sample; last_report_ms and age_s are null for a
// host that never sent a batch (host_freshness.hpp). responder_down: the destination's agent is down
// (agent_down.hpp). kind: the probe kind sent, lost, loss and RTTs count ("all": every kind, without the
// udp probes towards a host whose agent is down).
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "netkeel/server/host_freshness.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::server {

struct MatrixReport {
  store::ProbeMatrix matrix;  // RTTs in seconds, NaN when unknown
  double window_s = 0;
  std::string kind;  // empty ("all" in JSON): every kind counts
  double stale_after_s = kDefaultStaleAfterMs / 1000.0;
  std::vector<HostFreshness> hosts;  // every host of the matrix, sorted
};

nlohmann::json matrix_json(const MatrixReport& report);

// The inverse, for clients; throws std::invalid_argument naming the JSON place.
MatrixReport matrix_from_json(const nlohmann::json& json);

}  // namespace netkeel::server
