#include "netkeel/analyze/link_finding.hpp"

namespace netkeel::analyze {

bool watched_interface(const RuleContext& context, const std::string& host, const std::string& interface) {
  if (context.topology.empty()) return true;
  return context.topology.find_nic(host, interface) != nullptr;
}

std::string cabling_text(const RuleContext& context, const std::string& host, const std::string& interface) {
  const CabledNic* nic = context.topology.find_nic(host, interface);
  if (nic == nullptr) return "";
  return " (cabled to " + nic->switch_name + " port " + nic->port + ")";
}

Finding nic_finding(const char* name, const std::string& host, const std::string& interface, TimestampMs since_ms,
                    std::string summary, std::string description) {
  Finding finding;
  Alert& alert = finding.alert;
  alert.name = name;
  alert.severity = Severity::warning;
  alert.since_unix_ms = since_ms;
  alert.labels = {{"host", host}, {"interface", interface}};
  alert.culprit = {"nic", host + ":" + interface};
  alert.summary = std::move(summary);
  alert.description = std::move(description);
  // Its host, as a "pair" with no network and no peer: a host down or a switch down, which explains
  // everything of the host, folds it in (a dead switch's hosts report their NICs down as it goes).
  finding.pairs = {{"", host, ""}};
  return finding;
}

}  // namespace netkeel::analyze
