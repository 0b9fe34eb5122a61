#include "netkeel/analyze/network_component.hpp"

#include <array>
#include <utility>

namespace netkeel::analyze {
namespace {

constexpr std::array<std::pair<ComponentKind, std::string_view>, 8> kKindNames{{
    {ComponentKind::host, "host"},
    {ComponentKind::nic, "nic"},
    {ComponentKind::bond_member, "bond-member"},
    {ComponentKind::cable, "cable"},
    {ComponentKind::switch_port, "switch-port"},
    {ComponentKind::switch_, "switch"},
    {ComponentKind::uplink, "uplink"},
    {ComponentKind::network, "network"},
}};

}  // namespace

std::string to_string(ComponentKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return std::string(name);
  }
  return "unknown";
}

std::optional<ComponentKind> parse_component_kind(std::string_view text) {
  for (const auto& [k, name] : kKindNames) {
    if (name == text) return k;
  }
  return std::nullopt;
}

std::string cable_name(const std::string& host, const std::string& nic, const std::string& switch_name,
                       const std::string& port) {
  return host + ":" + nic + "<->" + switch_name + ":" + port;
}

std::string uplink_name(const std::string& from_switch, const std::string& to_switch) {
  return from_switch + "<->" + to_switch;
}

}  // namespace netkeel::analyze
