#include "netkeel/apply/ovs_state.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace netkeel::apply {
namespace {

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string vlans(const OvsPort& p) {
  std::vector<std::string> parts;
  if (p.tag) parts.push_back(fmt::format("tag {}", *p.tag));
  if (!p.vlan_mode.empty()) parts.push_back("vlan_mode " + p.vlan_mode);
  if (!p.trunks.empty()) {
    std::vector<std::string> t;
    for (int v : p.trunks) t.push_back(std::to_string(v));
    parts.push_back("trunks " + join(t, ","));
  }
  return join(parts, ", ");
}

// The columns of a port that differ, as "column old -> new".
std::vector<std::string> differences(const OvsPort& a, const OvsPort& b) {
  std::vector<std::string> out;
  auto opt = [](const auto& o) { return o ? fmt::format("{}", *o) : std::string("none"); };
  auto str = [](const std::string& s) { return s.empty() ? std::string("none") : s; };
  if (a.tag != b.tag) out.push_back(fmt::format("tag {} -> {}", opt(a.tag), opt(b.tag)));
  if (a.vlan_mode != b.vlan_mode) out.push_back(fmt::format("vlan_mode {} -> {}", str(a.vlan_mode), str(b.vlan_mode)));
  if (a.trunks != b.trunks) out.push_back(fmt::format("trunks [{}] -> [{}]", fmt::join(a.trunks, ","), fmt::join(b.trunks, ",")));
  if (a.lacp != b.lacp) out.push_back(fmt::format("lacp {} -> {}", str(a.lacp), str(b.lacp)));
  if (a.bond_mode != b.bond_mode) out.push_back(fmt::format("bond_mode {} -> {}", str(a.bond_mode), str(b.bond_mode)));
  if (a.lacp_time != b.lacp_time) out.push_back(fmt::format("lacp-time {} -> {}", str(a.lacp_time), str(b.lacp_time)));
  if (a.primary != b.primary) out.push_back(fmt::format("bond-primary {} -> {}", str(a.primary), str(b.primary)));
  if (a.mac != b.mac)
    out.push_back(fmt::format("mac {} -> {}", a.mac ? a.mac->str() : "none", b.mac ? b.mac->str() : "none"));
  if (a.mtu != b.mtu) out.push_back(fmt::format("mtu {} -> {}", opt(a.mtu), opt(b.mtu)));
  return out;
}

struct Describer {
  std::string operator()(const AddOvsBridge& c) const {
    return fmt::format("+ ovs bridge {} (datapath {})", c.name, c.datapath_type);
  }
  std::string operator()(const DeleteOvsBridge& c) const {
    return fmt::format("- ovs bridge {} (and its {} port(s))", c.bridge.name, c.bridge.ports.size());
  }
  std::string operator()(const AddOvsPort& c) const { return "+ " + describe(c.port); }
  std::string operator()(const DeleteOvsPort& c) const { return "- " + describe(c.port); }
  std::string operator()(const SetOvsPort& c) const {
    return fmt::format("~ ovs port {} {}", c.port.name, join(differences(c.before, c.port), ", "));
  }
};

}  // namespace

const OvsPort* OvsBridge::find_port(const std::string& n) const {
  auto it = std::find_if(ports.begin(), ports.end(), [&](const OvsPort& p) { return p.name == n; });
  return it == ports.end() ? nullptr : &*it;
}

std::string describe(const OvsPort& p) {
  switch (p.kind) {
    case OvsPortKind::bond: {
      std::string out = fmt::format("ovs bond {} [{}] lacp {}, {}", p.name, join(p.interfaces, " "),
                                    p.lacp.empty() ? "off" : p.lacp, p.bond_mode.empty() ? "default mode" : p.bond_mode);
      if (!p.lacp_time.empty()) out += ", lacp-time " + p.lacp_time;
      if (!p.primary.empty()) out += ", primary " + p.primary;
      if (auto v = vlans(p); !v.empty()) out += ", " + v;
      return out;
    }
    case OvsPortKind::internal: {
      std::string out = fmt::format("ovs port {} internal", p.name);
      if (auto v = vlans(p); !v.empty()) out += " " + v;
      if (p.mtu) out += fmt::format(", mtu {}", *p.mtu);
      if (p.mac) out += ", mac " + p.mac->str();
      return out;
    }
    case OvsPortKind::plain: break;
  }
  std::string out = fmt::format("ovs port {}", p.name);
  if (auto v = vlans(p); !v.empty()) out += " " + v;
  return out;
}

std::string describe(const OvsChange& change) { return std::visit(Describer{}, change); }

}  // namespace netkeel::apply
