#include "netkeel/render/json_renderer.hpp"

#include <nlohmann/json.hpp>

namespace netkeel::render {
namespace {

using Json = nlohmann::ordered_json;  // keeps insertion order: the documented key order

template <class T>
Json optional_str(const std::optional<T>& v) {
  return v ? Json(v->str()) : Json(nullptr);
}

Json to_json(const plan::BondSettings& b) {
  return Json{{"mode", plan::to_string(b.mode)},
              {"miimon_ms", b.miimon_ms},
              {"lacp_rate", b.lacp_rate},
              {"xmit_hash_policy", b.xmit_hash_policy},
              {"primary", b.primary}};
}

Json to_json(const plan::LinkPlan& l) {
  return Json{{"name", l.name},
              {"kind", plan::to_string(l.kind)},
              {"match_mac", optional_str(l.match_mac)},
              {"mac", optional_str(l.mac)},
              {"mtu", l.mtu},
              {"master", l.master},
              {"parent", l.parent},
              {"vlan_id", l.vlan_id},
              {"bond", l.bond ? to_json(*l.bond) : Json(nullptr)},
              {"members", l.members},
              {"networks", l.networks}};
}

Json to_json(const plan::HostNetworkPlan& n) {
  return Json{{"network", n.network},
              {"interface", n.interface},
              {"address", n.address.str()},
              {"subnet", n.subnet.str()},
              {"gateway", optional_str(n.gateway)},
              {"mtu", n.mtu},
              {"vlan", n.vlan ? Json(*n.vlan) : Json(nullptr)},
              {"tagged", n.tagged},
              {"table", n.table},
              {"arp", plan::to_string(n.arp)}};
}

Json to_json(const plan::HostPlan& h) {
  Json links = Json::array(), networks = Json::array(), addresses = Json::array(), routes = Json::array(),
       rules = Json::array(), neighbours = Json::array(), sysctls = Json::array();
  for (const auto& l : h.links) links.push_back(to_json(l));
  for (const auto& n : h.networks) networks.push_back(to_json(n));
  for (const auto& a : h.addresses) {
    addresses.push_back(Json{{"interface", a.interface},
                             {"address", a.address.str()},
                             {"prefix_length", a.prefix_length},
                             {"network", a.network}});
  }
  for (const auto& r : h.routes) {
    routes.push_back(Json{{"network", r.network},
                          {"destination", r.destination.str()},
                          {"gateway", optional_str(r.gateway)},
                          {"interface", r.interface},
                          {"table", r.table},
                          {"source", optional_str(r.source)},
                          {"protocol", plan::kRouteProtocol}});
  }
  for (const auto& r : h.rules) {
    rules.push_back(Json{{"priority", r.priority}, {"from", r.from.str()}, {"table", r.table}, {"network", r.network}});
  }
  for (const auto& n : h.neighbours) {
    neighbours.push_back(Json{{"interface", n.interface},
                              {"address", n.address.str()},
                              {"mac", n.mac.str()},
                              {"network", n.network},
                              {"owner", n.owner}});
  }
  for (const auto& s : h.sysctls) sysctls.push_back(Json{{"key", s.key}, {"value", s.value}, {"reason", s.reason}});
  return Json{{"name", h.name},
              {"id", h.id},
              {"rack", h.rack},
              {"backend", site::to_string(h.backend)},
              {"bond_reason", h.bond_reason},
              {"links", std::move(links)},
              {"networks", std::move(networks)},
              {"addresses", std::move(addresses)},
              {"routes", std::move(routes)},
              {"rules", std::move(rules)},
              {"neighbours", std::move(neighbours)},
              {"sysctls", std::move(sysctls)}};
}

Json to_json(const plan::NetworkPlan& n) {
  Json subnets = Json::array(), rack_subnets = Json::object(), rack_gateways = Json::object();
  for (const auto& s : n.subnets) subnets.push_back(s.str());
  for (const auto& [rack, s] : n.rack_subnets) rack_subnets[rack] = s.str();
  for (const auto& [rack, g] : n.rack_gateways) rack_gateways[rack] = g.str();
  return Json{{"name", n.name},
              {"vlan", n.vlan ? Json(*n.vlan) : Json(nullptr)},
              {"subnets", std::move(subnets)},
              {"rack_subnets", std::move(rack_subnets)},
              {"gateway", optional_str(n.gateway)},
              {"rack_gateways", std::move(rack_gateways)},
              {"mtu", n.mtu},
              {"tenant_mtu", n.tenant_mtu ? Json(*n.tenant_mtu) : Json(nullptr)},
              {"encapsulation", site::to_string(n.encapsulation)},
              {"arp", plan::to_string(n.arp)},
              {"arp_reason", n.arp_reason},
              {"table", n.table},
              {"vip_range", optional_str(n.vip_range)}};
}

Json to_json(const plan::VipPlan& v) {
  return Json{{"service", v.service},
              {"network", v.network},
              {"address", v.address.str()},
              {"prefix_length", v.prefix_length},
              {"mac", v.mac.str()},
              {"ports", v.ports}};
}

Json to_json(const plan::BgpAnnouncement& b) {
  return Json{{"host", b.host},
              {"service", b.service},
              {"prefix", b.prefix.str()},
              {"leaf", b.leaf},
              {"peer", optional_str(b.peer)},
              {"leaf_asn", b.leaf_asn ? Json(*b.leaf_asn) : Json(nullptr)}};
}

Json to_json(const Diagnostic& d) {
  return Json{{"severity", d.severity == Severity::error ? "error" : "warning"},
              {"file", d.mark.file},
              {"line", d.mark.line},
              {"column", d.mark.column},
              {"message", d.message},
              {"hint", d.hint}};
}

template <class T>
Json array_of(const std::vector<T>& items) {
  Json out = Json::array();
  for (const auto& i : items) out.push_back(to_json(i));
  return out;
}

std::string dump(const Json& j) { return j.dump(2) + "\n"; }

}  // namespace

std::string render_cluster_json(const plan::ClusterPlan& plan) {
  return dump(Json{{"schema_version", plan.schema_version},
                   {"site", plan.site},
                   {"fabric", Json{{"layer", plan.fabric_layer}, {"mtu", plan.fabric_mtu}}},
                   {"networks", array_of(plan.networks)},
                   {"hosts", array_of(plan.hosts)},
                   {"vips", array_of(plan.vips)},
                   {"bgp", array_of(plan.bgp)},
                   {"findings", array_of(plan.findings.items())}});
}

std::string render_host_json(const plan::ClusterPlan& plan, const plan::HostPlan& host) {
  return dump(Json{{"schema_version", plan.schema_version}, {"site", plan.site}, {"host", to_json(host)}});
}

RenderedFiles render_json(const plan::ClusterPlan& plan, const plan::HostPlan& host) {
  return {{kJsonPlanPath, render_host_json(plan, host)}};
}

}  // namespace netkeel::render
