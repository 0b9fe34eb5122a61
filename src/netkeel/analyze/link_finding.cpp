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

}  // namespace netkeel::analyze
