#include "netkeel/apply/change.hpp"

#include <fmt/format.h>

namespace netkeel::apply {
namespace {

std::string or_none(const std::string& s) { return s.empty() ? "none" : s; }

std::string describe_spec(const kernel::LinkSpec& s) {
  std::string what = s.kind;
  if (s.kind == "bond" && s.bond) what += " " + s.bond->mode;
  if (s.kind == "vlan") what += fmt::format(" {} on {}", s.vlan_id, s.parent);
  std::string out = fmt::format("+ link {} ({}, mtu {}", s.name, what, s.mtu);
  if (s.mac) out += ", mac " + s.mac->str();
  return out + ")";
}

std::string describe_link_change(const ModifyLink& m) {
  const auto& c = m.change;
  std::string out;
  if (c.mtu) out = fmt::format("~ link {} mtu {} -> {}", m.name, m.before.mtu, *c.mtu);
  else if (c.mac) out = fmt::format("~ link {} mac {} -> {}", m.name, m.before.mac.str(), c.mac->str());
  else if (c.admin_up) out = fmt::format("~ link {} {}", m.name, *c.admin_up ? "up" : "down");
  else if (c.master) out = fmt::format("~ link {} master {} -> {}", m.name, or_none(m.before.master), or_none(*c.master));
  else if (c.name) out = fmt::format("~ link {} name -> {}", m.name, *c.name);
  else out = fmt::format("~ link {} (no change)", m.name);
  if (!m.reason.empty()) out += " (" + m.reason + ")";
  return out;
}

std::string describe_address(const kernel::Address& a) {
  return fmt::format("address {}/{} on {}", a.address.str(), a.prefix_length, a.interface);
}

std::string state_name(kernel::NeighbourState s) {
  switch (s) {
    case kernel::NeighbourState::permanent: return "permanent";
    case kernel::NeighbourState::reachable: return "reachable";
    case kernel::NeighbourState::stale: return "stale";
    case kernel::NeighbourState::other: return "dynamic";
  }
  return "?";
}

struct Describer {
  std::string operator()(const CreateLink& c) const { return describe_spec(c.spec); }
  std::string operator()(const DeleteLink& c) const {
    std::string what = c.link.kind.empty() ? "link" : c.link.kind;
    if (c.link.kind == "vlan") what += fmt::format(" {} on {}", c.link.vlan_id, c.link.parent);
    return fmt::format("- link {} ({})", c.link.name, what);
  }
  std::string operator()(const ModifyLink& c) const { return describe_link_change(c); }
  std::string operator()(const AddAddress& c) const { return "+ " + describe_address(c.address); }
  std::string operator()(const DeleteAddress& c) const { return "- " + describe_address(c.address); }
  std::string operator()(const ReplaceRoute& c) const {
    if (!c.before) return "+ route " + describe(c.route);
    return fmt::format("~ route {} (was {})", describe(c.route), describe(*c.before));
  }
  std::string operator()(const DeleteRoute& c) const { return "- route " + describe(c.route); }
  std::string operator()(const AddRule& c) const { return "+ rule " + describe(c.rule); }
  std::string operator()(const DeleteRule& c) const { return "- rule " + describe(c.rule); }
  std::string operator()(const ReplaceNeighbour& c) const {
    if (!c.before) return "+ neighbour " + describe(c.neighbour);
    return fmt::format("~ neighbour {} (was {})", describe(c.neighbour), describe(*c.before));
  }
  std::string operator()(const DeleteNeighbour& c) const { return "- neighbour " + describe(c.neighbour); }
  std::string operator()(const SetSysctl& c) const {
    return fmt::format("~ sysctl {} {} -> {}", c.key, c.before.value_or("(absent)"), c.value);
  }
};

}  // namespace

std::string describe(const kernel::Route& r) {
  std::string out = r.destination.length() == 0 ? "default" : r.destination.str();
  if (r.gateway) out += " via " + r.gateway->str();
  if (!r.interface.empty()) out += " dev " + r.interface;
  out += r.table == 254 ? " table main" : fmt::format(" table {}", r.table);
  if (r.source) out += " src " + r.source->str();
  if (r.metric) out += fmt::format(" metric {}", r.metric);
  out += fmt::format(" proto {}", r.protocol);
  if (r.scope == 253) out += " scope link";
  return out;
}

std::string describe(const kernel::Rule& r) {
  return fmt::format("{}: from {} lookup {}", r.priority, r.from.length() == 0 ? "all" : r.from.str(), r.table);
}

std::string describe(const kernel::Neighbour& n) {
  return fmt::format("{} lladdr {} on {} {}", n.address.str(), n.mac.str(), n.interface, state_name(n.state));
}

std::string describe(const Change& change) { return std::visit(Describer{}, change); }

std::string format_diff(const std::vector<Change>& changes) {
  std::string out = changes.size() == 1 ? "1 change\n" : fmt::format("{} changes\n", changes.size());
  for (const auto& c : changes) out += "  " + describe(c) + "\n";
  return out;
}

}  // namespace netkeel::apply
