#include "netkeel/apply/ownership_record.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "netkeel/core/error.hpp"
#include "netkeel/plan/cluster_plan.hpp"

namespace netkeel::apply {
namespace {

constexpr int kRecordVersion = 1;

Ipv4Address parse_address(const nlohmann::json& j, const std::string& file) {
  auto a = Ipv4Address::parse(j.get<std::string>());
  if (!a) throw RuntimeError(fmt::format("{}: \"{}\" is not an IPv4 address", file, j.get<std::string>()));
  return *a;
}

}  // namespace

void OwnershipRecord::update(const std::vector<Change>& done) {
  for (const auto& change : done) {
    if (auto* c = std::get_if<CreateLink>(&change)) links.insert({c->spec.name, c->spec.kind});
    if (auto* c = std::get_if<AddAddress>(&change)) addresses.insert(c->address);
    if (auto* c = std::get_if<ReplaceNeighbour>(&change)) neighbours.insert({c->neighbour.interface, c->neighbour.address});
    if (auto* c = std::get_if<DeleteAddress>(&change)) addresses.erase(c->address);
    if (auto* c = std::get_if<DeleteNeighbour>(&change)) neighbours.erase({c->neighbour.interface, c->neighbour.address});
    if (auto* c = std::get_if<DeleteLink>(&change)) {
      const auto& name = c->link.name;
      links.erase({name, c->link.kind});
      std::erase_if(addresses, [&](const kernel::Address& a) { return a.interface == name; });
      std::erase_if(neighbours, [&](const auto& n) { return n.first == name; });
    }
  }
}

void OwnershipRecord::update(const std::vector<OvsChange>& done) {
  for (const auto& change : done) {
    if (auto* c = std::get_if<AddOvsPort>(&change)) ovs_ports.insert({c->bridge, c->port.name});
    if (auto* c = std::get_if<DeleteOvsPort>(&change)) ovs_ports.erase({c->bridge, c->port.name});
    if (auto* c = std::get_if<DeleteOvsBridge>(&change))
      std::erase_if(ovs_ports, [&](const auto& p) { return p.first == c->bridge.name; });
  }
}

std::string ownership_scope(const std::string& netns) { return netns.empty() ? "host" : "netns-" + netns; }

std::string ownership_record_path(const std::string& state_dir, const std::string& scope) {
  return (std::filesystem::path(state_dir) / (scope + ".owned.json")).string();
}

std::string to_json(const OwnershipRecord& r) {
  nlohmann::json j;
  j["version"] = kRecordVersion;
  j["links"] = nlohmann::json::array();
  for (const auto& [name, kind] : r.links) j["links"].push_back({{"name", name}, {"kind", kind}});
  j["addresses"] = nlohmann::json::array();
  for (const auto& a : r.addresses)
    j["addresses"].push_back({{"interface", a.interface}, {"address", a.address.str()}, {"prefix_length", a.prefix_length}});
  j["neighbours"] = nlohmann::json::array();
  for (const auto& [interface, address] : r.neighbours)
    j["neighbours"].push_back({{"interface", interface}, {"address", address.str()}});
  j["ovs_ports"] = nlohmann::json::array();
  for (const auto& [bridge, port] : r.ovs_ports) j["ovs_ports"].push_back({{"bridge", bridge}, {"port", port}});
  return j.dump(2) + "\n";
}

OwnershipRecord ownership_record_from_json(const std::string& text, const std::string& file) {
  OwnershipRecord r;
  try {
    auto j = nlohmann::json::parse(text);
    if (j.value("version", 0) != kRecordVersion)
      throw RuntimeError(fmt::format("{}: unknown ownership record version (expected {}); move the file away to start "
                                     "a new record (netkeel then prunes nothing it created before)",
                                     file, kRecordVersion));
    for (const auto& l : j.at("links")) r.links.insert({l.at("name").get<std::string>(), l.at("kind").get<std::string>()});
    for (const auto& a : j.at("addresses"))
      r.addresses.insert({a.at("interface").get<std::string>(), parse_address(a.at("address"), file),
                          a.at("prefix_length").get<int>()});
    for (const auto& n : j.at("neighbours"))
      r.neighbours.insert({n.at("interface").get<std::string>(), parse_address(n.at("address"), file)});
    // Optional: records written before the OVS backend existed have none.
    if (j.contains("ovs_ports"))
      for (const auto& p : j.at("ovs_ports")) r.ovs_ports.insert({p.at("bridge").get<std::string>(), p.at("port").get<std::string>()});
  } catch (const nlohmann::json::exception& e) {
    throw RuntimeError(fmt::format("{}: not a valid ownership record ({}); restore it from a backup, or move it away "
                                   "(netkeel then prunes nothing it created before)",
                                   file, e.what()));
  }
  return r;
}

OwnershipRecord load_ownership_record(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    if (!std::filesystem::exists(path)) return {};
    throw RuntimeError(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
  }
  std::stringstream text;
  text << in.rdbuf();
  return ownership_record_from_json(text.str(), path);
}

void save_ownership_record(const std::string& path, const OwnershipRecord& record) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << to_json(record);
    if (!out.flush()) throw RuntimeError(fmt::format("cannot write {}: {}", temporary, std::strerror(errno)));
  }
  std::filesystem::rename(temporary, path, ec);
  if (ec) throw RuntimeError(fmt::format("cannot rename {} to {}: {}", temporary, path, ec.message()));
}

DeletionPolicy ownership_policy(const OwnershipRecord& record, bool prune) {
  auto owned = std::make_shared<OwnershipRecord>(record);
  DeletionPolicy p;
  p.replace_link = [owned](const kernel::Link& l) { return owned->owns(l); };
  if (!prune) return p;
  p.link = p.replace_link;
  p.address = [owned](const kernel::Address& a) { return owned->addresses.count(a) > 0; };
  p.route = [](const kernel::Route& r) { return r.protocol == plan::kRouteProtocol; };
  p.rule = [](const kernel::Rule& r) {
    return r.priority >= plan::kRulePriorityFirst && r.priority <= plan::kRulePriorityLast;
  };
  p.neighbour = [owned](const kernel::Neighbour& n) {
    return n.state == kernel::NeighbourState::permanent && owned->neighbours.count({n.interface, n.address}) > 0;
  };
  return p;
}

}  // namespace netkeel::apply
