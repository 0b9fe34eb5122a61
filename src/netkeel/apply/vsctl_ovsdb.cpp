#include "netkeel/apply/vsctl_ovsdb.hpp"

#include <algorithm>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "netkeel/core/process.hpp"

namespace netkeel::apply {
namespace {

using nlohmann::json;

// OVSDB's JSON: a set is ["set", [...]] unless it has exactly one element, then it is the atom.
std::vector<json> atoms(const json& j) {
  if (j.is_array() && j.size() == 2 && j[0] == "set") return j[1].get<std::vector<json>>();
  return {j};
}
std::string uuid_of(const json& j) { return j.is_array() && j.size() == 2 ? j[1].get<std::string>() : ""; }
std::map<std::string, std::string> map_of(const json& j) {
  std::map<std::string, std::string> out;
  if (j.is_array() && j.size() == 2 && j[0] == "map")
    for (const auto& kv : j[1]) out[kv[0].get<std::string>()] = kv[1].get<std::string>();
  return out;
}
std::string string_or_empty(const json& j) {
  auto a = atoms(j);
  return a.size() == 1 && a[0].is_string() ? a[0].get<std::string>() : "";
}
std::optional<int> int_or_none(const json& j) {
  auto a = atoms(j);
  if (a.size() == 1 && a[0].is_number_integer()) return a[0].get<int>();
  return std::nullopt;
}

// Rows of one table keyed by heading.
std::vector<std::map<std::string, json>> rows(const json& table) {
  std::vector<std::map<std::string, json>> out;
  const auto& headings = table.at("headings");
  for (const auto& row : table.at("data")) {
    std::map<std::string, json> r;
    for (size_t i = 0; i < headings.size() && i < row.size(); ++i) r[headings[i].get<std::string>()] = row[i];
    out.push_back(std::move(r));
  }
  return out;
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// Column settings of a port ("tag=10", ...) and of its interface, for add-port / add-bond / set.
std::vector<std::string> port_columns(const OvsPort& p) {
  std::vector<std::string> out;
  if (p.tag) out.push_back(fmt::format("tag={}", *p.tag));
  if (!p.vlan_mode.empty()) out.push_back("vlan_mode=" + p.vlan_mode);
  if (!p.trunks.empty()) out.push_back(fmt::format("trunks={}", fmt::join(p.trunks, ",")));
  if (p.kind == OvsPortKind::bond) {
    out.push_back("lacp=" + (p.lacp.empty() ? std::string("off") : p.lacp));
    if (!p.bond_mode.empty()) out.push_back("bond_mode=" + p.bond_mode);
    if (!p.lacp_time.empty()) out.push_back("other_config:lacp-time=" + p.lacp_time);
    if (!p.primary.empty()) out.push_back("other_config:bond-primary=" + p.primary);
  }
  return out;
}

std::vector<std::string> clear_port_columns(const OvsPort& p) {
  std::vector<std::string> cols;
  if (!p.tag) cols.push_back("tag");
  if (p.vlan_mode.empty()) cols.push_back("vlan_mode");
  if (p.trunks.empty()) cols.push_back("trunks");
  if (p.kind == OvsPortKind::bond && p.bond_mode.empty()) cols.push_back("bond_mode");
  if (cols.empty()) return {};
  std::vector<std::string> out{"--", "clear", "Port", p.name};
  out.insert(out.end(), cols.begin(), cols.end());
  return out;
}

std::vector<std::string> interface_settings(const OvsPort& p) {
  std::vector<std::string> out{"--", "set", "Interface", p.name, "type=internal"};
  if (p.mac) out.push_back("mac=" + quoted(p.mac->str()));
  if (p.mtu) out.push_back(fmt::format("mtu_request={}", *p.mtu));
  return out;
}

struct Arguments {
  std::vector<std::string> operator()(const AddOvsBridge& c) const {
    return {"--", "add-br", c.name, "--", "set", "Bridge", c.name, "datapath_type=" + c.datapath_type};
  }
  std::vector<std::string> operator()(const DeleteOvsBridge& c) const { return {"--", "--if-exists", "del-br", c.bridge.name}; }
  std::vector<std::string> operator()(const AddOvsPort& c) const {
    const auto& p = c.port;
    std::vector<std::string> out{"--"};
    if (p.kind == OvsPortKind::bond) {
      out.insert(out.end(), {"add-bond", c.bridge, p.name});
      out.insert(out.end(), p.interfaces.begin(), p.interfaces.end());
    } else {
      out.insert(out.end(), {"add-port", c.bridge, p.name});
    }
    auto cols = port_columns(p);
    out.insert(out.end(), cols.begin(), cols.end());
    if (p.kind == OvsPortKind::internal) {
      auto i = interface_settings(p);
      out.insert(out.end(), i.begin(), i.end());
    }
    return out;
  }
  std::vector<std::string> operator()(const DeleteOvsPort& c) const {
    return {"--", "--if-exists", "del-port", c.bridge, c.port.name};
  }
  std::vector<std::string> operator()(const SetOvsPort& c) const {
    const auto& p = c.port;
    std::vector<std::string> out;
    auto cols = port_columns(p);
    if (!cols.empty()) {
      out.insert(out.end(), {"--", "set", "Port", p.name});
      out.insert(out.end(), cols.begin(), cols.end());
    }
    auto clear = clear_port_columns(p);
    out.insert(out.end(), clear.begin(), clear.end());
    if (p.kind == OvsPortKind::bond && p.lacp_time.empty() && !c.before.lacp_time.empty())
      out.insert(out.end(), {"--", "remove", "Port", p.name, "other_config", "lacp-time"});
    if (p.kind == OvsPortKind::bond && p.primary.empty() && !c.before.primary.empty())
      out.insert(out.end(), {"--", "remove", "Port", p.name, "other_config", "bond-primary"});
    if (p.kind == OvsPortKind::internal) {
      auto i = interface_settings(p);
      out.insert(out.end(), i.begin(), i.end());
      std::vector<std::string> clear_if;
      if (!p.mac) clear_if.push_back("mac");
      if (!p.mtu) clear_if.push_back("mtu_request");
      if (!clear_if.empty()) {
        out.insert(out.end(), {"--", "clear", "Interface", p.name});
        out.insert(out.end(), clear_if.begin(), clear_if.end());
      }
    }
    return out;
  }
};

// No shell; the child inherits this process's network namespace. ovs-vsctl's own --timeout=20 bounds
// a transaction; the deadline here only stops a tool that hangs past it.
ProcessResult run_program(const std::vector<std::string>& argv) {
  return run_process(ProcessRequest{.argv = argv,
                                    .stderr_to = ChildOutput::same_as_stdout,  // one message, in the order written
                                    .timeout = std::chrono::seconds(60)});
}

}  // namespace

std::vector<std::string> vsctl_arguments(const OvsChange& change) { return std::visit(Arguments{}, change); }

std::vector<std::string> vsctl_read_arguments() {
  return {"--format=json", "--data=json",
          "--", "--columns=name,datapath_type,ports", "list", "Bridge",
          "--", "--columns=_uuid,name,interfaces,tag,vlan_mode,trunks,lacp,bond_mode,other_config", "list", "Port",
          "--", "--columns=_uuid,name,type,mac,mtu_request", "list", "Interface"};
}

std::optional<OvsBridge> parse_vsctl_bridge(const std::string& output, const std::string& bridge_name) {
  std::istringstream in(output);
  std::vector<json> tables;
  std::string line;
  while (std::getline(in, line))
    if (!line.empty() && line[0] == '{') tables.push_back(json::parse(line));
  if (tables.size() != 3) throw OvsdbError(fmt::format("ovs-vsctl: expected 3 tables, read {}", tables.size()));

  std::map<std::string, std::map<std::string, json>> interfaces;  // uuid -> row
  for (auto& r : rows(tables[2])) interfaces[uuid_of(r["_uuid"])] = r;
  std::map<std::string, std::map<std::string, json>> ports;
  for (auto& r : rows(tables[1])) ports[uuid_of(r["_uuid"])] = r;

  for (auto& b : rows(tables[0])) {
    if (b["name"].get<std::string>() != bridge_name) continue;
    OvsBridge bridge{bridge_name, string_or_empty(b["datapath_type"]), {}};
    for (const auto& port_ref : atoms(b["ports"])) {
      auto p = ports.find(uuid_of(port_ref));
      if (p == ports.end()) continue;
      auto& row = p->second;
      OvsPort port;
      port.name = row["name"].get<std::string>();
      if (port.name == bridge_name) continue;  // the bridge's own local port
      std::vector<std::map<std::string, json>*> ifaces;
      for (const auto& i : atoms(row["interfaces"])) {
        auto it = interfaces.find(uuid_of(i));
        if (it != interfaces.end()) ifaces.push_back(&it->second), port.interfaces.push_back(it->second["name"].get<std::string>());
      }
      std::sort(port.interfaces.begin(), port.interfaces.end());
      if (ifaces.size() > 1) {
        port.kind = OvsPortKind::bond;
      } else if (ifaces.size() == 1 && string_or_empty((*ifaces[0])["type"]) == "internal") {
        port.kind = OvsPortKind::internal;
        auto mac = string_or_empty((*ifaces[0])["mac"]);
        if (!mac.empty()) port.mac = MacAddress::parse(mac);
        port.mtu = int_or_none((*ifaces[0])["mtu_request"]);
      }
      port.tag = int_or_none(row["tag"]);
      port.vlan_mode = string_or_empty(row["vlan_mode"]);
      for (const auto& t : atoms(row["trunks"]))
        if (t.is_number_integer()) port.trunks.push_back(t.get<int>());
      std::sort(port.trunks.begin(), port.trunks.end());
      if (port.kind == OvsPortKind::bond) {
        port.lacp = string_or_empty(row["lacp"]);
        if (port.lacp.empty()) port.lacp = "off";
        port.bond_mode = string_or_empty(row["bond_mode"]);
        auto other = map_of(row["other_config"]);
        if (auto it = other.find("lacp-time"); it != other.end()) port.lacp_time = it->second;
        if (auto it = other.find("bond-primary"); it != other.end()) port.primary = it->second;
      }
      bridge.ports.push_back(std::move(port));
    }
    std::sort(bridge.ports.begin(), bridge.ports.end(), [](const OvsPort& x, const OvsPort& y) { return x.name < y.name; });
    return bridge;
  }
  return std::nullopt;
}

std::string VsctlOvsdb::run_vsctl(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"ovs-vsctl", "--db=" + target_, "--timeout=20"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = run_program(argv);
  if (!r.ok()) {
    std::string why = r.started ? r.out : r.start_error;
    while (!why.empty() && why.back() == '\n') why.pop_back();
    if (r.timed_out || r.signal != 0) why += (why.empty() ? "" : "; ") + r.status_text();
    throw OvsdbError(fmt::format("ovs-vsctl --db={} failed: {}", target_, why.empty() ? "no output" : why));
  }
  if (r.out_truncated)
    throw OvsdbError(fmt::format("ovs-vsctl --db={}: its output is longer than the {} bytes read", target_,
                                 ProcessRequest{}.max_captured_bytes));
  return r.out;
}

std::optional<OvsBridge> VsctlOvsdb::read_bridge(const std::string& name) {
  try {
    return parse_vsctl_bridge(run_vsctl(vsctl_read_arguments()), name);
  } catch (const json::exception& e) {
    throw OvsdbError(fmt::format("ovs-vsctl --db={}: unreadable output ({})", target_, e.what()));
  }
}

void VsctlOvsdb::apply(const OvsChange& change) {
  // The userspace datapath cannot complete checksums a NIC left to "hardware": offload off on members.
  // Best effort: a NIC that cannot change them does not stop apply.
  if (auto* add = std::get_if<AddOvsPort>(&change); add && add->port.kind != OvsPortKind::internal)
    for (const auto& nic : add->port.interfaces) run_program({"ethtool", "-K", nic, "tx", "off", "rx", "off"});
  auto args = vsctl_arguments(change);
  if (!args.empty()) run_vsctl(args);
}

}  // namespace netkeel::apply
