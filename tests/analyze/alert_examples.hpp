#pragma once
// Alerts the notifier tests share: what the engine would raise for a lossy NIC and a down host.
#include "netkeel/analyze/alert.hpp"
#include "netkeel/analyze/outgoing_alert.hpp"

namespace netkeel::analyze::test {

// 2026-01-01T00:00:00Z, where FakeClock's wall time starts.
inline constexpr std::int64_t kNewYearMs = 1767225600000;

inline Alert sustained_loss(const std::string& culprit = "ctl1:eno1") {
  Alert alert;
  alert.name = "NetkeelSustainedLoss";
  alert.severity = Severity::critical;
  alert.network = "storage";
  alert.since_unix_ms = kNewYearMs + 5000;
  alert.summary = "storage: 4.0% loss from " + culprit;
  alert.description = "pairs ctl1->cmp2, ctl1->cmp3 lose 4.0% over 30s";
  alert.culprit = {"nic", culprit};
  alert.labels = {{"pair", "ctl1->cmp2"}};
  return alert;
}

inline Alert host_down(const std::string& host = "cmp3") {
  Alert alert;
  alert.name = "NetkeelHostDown";
  alert.severity = Severity::critical;
  alert.since_unix_ms = kNewYearMs;
  alert.summary = host + " is down";
  alert.description = host + " answers no peer on any network and its agent is silent";
  alert.culprit = {"host", host};
  return alert;
}

inline AlertLinks example_links() { return {"http://netkeel.example:9948/", "https://docs.example/netkeel/alerts.md"}; }

}  // namespace netkeel::analyze::test
