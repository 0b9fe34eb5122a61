#pragma once
// One alert as the engine raises it and every output shows it: `netkeel alerts`, GET /api/v1/alerts,
// Alertmanager (POST /api/v2/alerts) and the webhook sender. Names and culprit kinds are documented in
// docs/alerts.md.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace netkeel::analyze {

enum class AlertState { firing, resolved };
enum class Severity { warning, critical };

// The most specific component the rule knows: host, nic, cable, switch-port, switch, uplink, network.
struct Culprit {
  std::string kind;
  std::string name;  // "ctl1", "ctl1:eno1", "tor1", "tor1:Eth1/3", "storage"
  // Set when localization named it (docs/diagnose.md): how sure it is, and why.
  std::optional<double> confidence;
  std::string explains;
};

struct Alert {
  std::string name;      // NetkeelSustainedLoss, NetkeelHostDown, ...
  AlertState state = AlertState::firing;
  Severity severity = Severity::warning;
  std::string network;   // empty when the alert is not about one network
  std::int64_t since_unix_ms = 0;               // when the condition started (first bad sample)
  std::optional<std::int64_t> ended_unix_ms;    // resolved alerts: when it cleared
  std::string summary;                          // one line
  std::string description;                      // the detail: affected hosts, pairs, figures
  Culprit culprit;
  std::map<std::string, std::string> labels;    // identity: the same labels are the same alert
};

std::string to_string(AlertState state);  // firing, resolved
std::string to_string(Severity severity);  // warning, critical

}  // namespace netkeel::analyze
