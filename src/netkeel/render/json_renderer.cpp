#include "netkeel/render/json_renderer.hpp"

#include <map>

#include "netkeel/render/json_writer.hpp"

namespace netkeel::render {
namespace {

// put(w, x) writes x as one JSON value; field(w, "k", x) writes "k": x. Keys are written in the
// documented order (docs/render.md).
void put(JsonWriter& w, const std::string& s) { w.value(s); }
void put(JsonWriter& w, const char* s) { w.value(s); }
void put(JsonWriter& w, int n) { w.value(n); }
void put(JsonWriter& w, uint32_t n) { w.value(n); }
void put(JsonWriter& w, uint16_t n) { w.value(static_cast<int>(n)); }
void put(JsonWriter& w, uint8_t n) { w.value(static_cast<int>(n)); }
void put(JsonWriter& w, bool b) { w.value(b); }
void put(JsonWriter& w, const Ipv4Address& a) { w.value(a.str()); }
void put(JsonWriter& w, const Ipv4Prefix& p) { w.value(p.str()); }
void put(JsonWriter& w, const Ipv4Range& r) { w.value(r.str()); }
void put(JsonWriter& w, const MacAddress& m) { w.value(m.str()); }

// Declared before the templates below, which find them by ordinary (not argument-dependent) lookup.
void put(JsonWriter& w, const plan::BondSettings& b);
void put(JsonWriter& w, const plan::LinkPlan& l);
void put(JsonWriter& w, const plan::HostNetworkPlan& n);
void put(JsonWriter& w, const plan::AddressPlan& a);
void put(JsonWriter& w, const plan::RoutePlan& r);
void put(JsonWriter& w, const plan::RulePlan& r);
void put(JsonWriter& w, const plan::NeighbourPlan& n);
void put(JsonWriter& w, const plan::SysctlPlan& s);
void put(JsonWriter& w, const plan::HostPlan& h);
void put(JsonWriter& w, const plan::NetworkPlan& n);
void put(JsonWriter& w, const plan::VipPlan& v);
void put(JsonWriter& w, const plan::BgpAnnouncement& b);
void put(JsonWriter& w, const plan::EtcdMemberPlan& m);
void put(JsonWriter& w, const plan::CoordinationPlan& c);
void put(JsonWriter& w, const Diagnostic& d);

template <class T>
void put(JsonWriter& w, const std::optional<T>& v) {
  if (v) put(w, *v);
  else w.null();
}

template <class T>
void put(JsonWriter& w, const std::vector<T>& items) {
  w.begin_array();
  for (const auto& i : items) put(w, i);
  w.end_array();
}

template <class T>
void put(JsonWriter& w, const std::map<std::string, T>& items) {
  w.begin_object();
  for (const auto& [k, v] : items) {
    w.key(k);
    put(w, v);
  }
  w.end_object();
}

template <class T>
void field(JsonWriter& w, std::string_view key, const T& value) {
  w.key(key);
  put(w, value);
}

void put(JsonWriter& w, const plan::BondSettings& b) {
  w.begin_object();
  field(w, "mode", plan::to_string(b.mode));
  field(w, "miimon_ms", b.miimon_ms);
  field(w, "lacp_rate", b.lacp_rate);
  field(w, "xmit_hash_policy", b.xmit_hash_policy);
  field(w, "primary", b.primary);
  w.end_object();
}

void put(JsonWriter& w, const plan::LinkPlan& l) {
  w.begin_object();
  field(w, "name", l.name);
  field(w, "kind", plan::to_string(l.kind));
  field(w, "match_mac", l.match_mac);
  field(w, "mac", l.mac);
  field(w, "mtu", l.mtu);
  field(w, "master", l.master);
  field(w, "parent", l.parent);
  field(w, "vlan_id", l.vlan_id);
  field(w, "bond", l.bond);
  field(w, "members", l.members);
  field(w, "networks", l.networks);
  w.end_object();
}

void put(JsonWriter& w, const plan::HostNetworkPlan& n) {
  w.begin_object();
  field(w, "network", n.network);
  field(w, "interface", n.interface);
  field(w, "address", n.address);
  field(w, "subnet", n.subnet);
  field(w, "gateway", n.gateway);
  field(w, "mtu", n.mtu);
  field(w, "vlan", n.vlan);
  field(w, "tagged", n.tagged);
  field(w, "table", n.table);
  field(w, "arp", plan::to_string(n.arp));
  w.end_object();
}

void put(JsonWriter& w, const plan::AddressPlan& a) {
  w.begin_object();
  field(w, "interface", a.interface);
  field(w, "address", a.address);
  field(w, "prefix_length", a.prefix_length);
  field(w, "network", a.network);
  w.end_object();
}

void put(JsonWriter& w, const plan::RoutePlan& r) {
  w.begin_object();
  field(w, "network", r.network);
  field(w, "destination", r.destination);
  field(w, "gateway", r.gateway);
  field(w, "interface", r.interface);
  field(w, "table", r.table);
  field(w, "source", r.source);
  field(w, "protocol", plan::kRouteProtocol);
  w.end_object();
}

void put(JsonWriter& w, const plan::RulePlan& r) {
  w.begin_object();
  field(w, "priority", r.priority);
  field(w, "from", r.from);
  field(w, "table", r.table);
  field(w, "network", r.network);
  w.end_object();
}

void put(JsonWriter& w, const plan::NeighbourPlan& n) {
  w.begin_object();
  field(w, "interface", n.interface);
  field(w, "address", n.address);
  field(w, "mac", n.mac);
  field(w, "network", n.network);
  field(w, "owner", n.owner);
  w.end_object();
}

void put(JsonWriter& w, const plan::SysctlPlan& s) {
  w.begin_object();
  field(w, "key", s.key);
  field(w, "value", s.value);
  field(w, "reason", s.reason);
  w.end_object();
}

void put(JsonWriter& w, const plan::HostPlan& h) {
  w.begin_object();
  field(w, "name", h.name);
  field(w, "id", h.id);
  field(w, "rack", h.rack);
  field(w, "backend", site::to_string(h.backend));
  field(w, "bond_reason", h.bond_reason);
  field(w, "links", h.links);
  field(w, "networks", h.networks);
  field(w, "addresses", h.addresses);
  field(w, "routes", h.routes);
  field(w, "rules", h.rules);
  field(w, "neighbours", h.neighbours);
  field(w, "sysctls", h.sysctls);
  w.end_object();
}

void put(JsonWriter& w, const plan::NetworkPlan& n) {
  w.begin_object();
  field(w, "name", n.name);
  field(w, "vlan", n.vlan);
  field(w, "subnets", n.subnets);
  field(w, "rack_subnets", n.rack_subnets);
  field(w, "gateway", n.gateway);
  field(w, "rack_gateways", n.rack_gateways);
  field(w, "mtu", n.mtu);
  field(w, "tenant_mtu", n.tenant_mtu);
  field(w, "encapsulation", site::to_string(n.encapsulation));
  field(w, "arp", plan::to_string(n.arp));
  field(w, "arp_reason", n.arp_reason);
  field(w, "table", n.table);
  field(w, "vip_range", n.vip_range);
  w.end_object();
}

void put(JsonWriter& w, const plan::VipPlan& v) {
  w.begin_object();
  field(w, "service", v.service);
  field(w, "network", v.network);
  field(w, "address", v.address);
  field(w, "prefix_length", v.prefix_length);
  field(w, "mac", v.mac);
  field(w, "ports", v.ports);
  w.end_object();
}

void put(JsonWriter& w, const plan::BgpAnnouncement& b) {
  w.begin_object();
  field(w, "host", b.host);
  field(w, "service", b.service);
  field(w, "prefix", b.prefix);
  field(w, "leaf", b.leaf);
  field(w, "peer", b.peer);
  field(w, "leaf_asn", b.leaf_asn);
  w.end_object();
}

void put(JsonWriter& w, const plan::EtcdMemberPlan& m) {
  w.begin_object();
  field(w, "name", m.name);
  field(w, "address", m.address);
  field(w, "client_url", m.client_url);
  field(w, "peer_url", m.peer_url);
  w.end_object();
}

void put(JsonWriter& w, const plan::CoordinationPlan& c) {
  w.begin_object();
  field(w, "network", c.network);
  field(w, "etcd_members", c.etcd_members);
  w.end_object();
}

void put(JsonWriter& w, const Diagnostic& d) {
  w.begin_object();
  field(w, "severity", d.severity == Severity::error ? "error" : "warning");
  field(w, "file", d.mark.file);
  field(w, "line", d.mark.line);
  field(w, "column", d.mark.column);
  field(w, "message", d.message);
  field(w, "hint", d.hint);
  w.end_object();
}

size_t neighbour_count(const plan::ClusterPlan& plan) {
  size_t n = 0;
  for (const auto& h : plan.hosts) n += h.neighbours.size();
  return n;
}

}  // namespace

std::string render_cluster_json(const plan::ClusterPlan& plan) {
  std::string out;
  out.reserve(4096 + plan.hosts.size() * 16384 + neighbour_count(plan) * 240);
  JsonWriter w(out);
  w.begin_object();
  field(w, "schema_version", plan.schema_version);
  field(w, "site", plan.site);
  w.key("fabric");
  w.begin_object();
  field(w, "layer", plan.fabric_layer);
  field(w, "mtu", plan.fabric_mtu);
  w.end_object();
  field(w, "networks", plan.networks);
  field(w, "hosts", plan.hosts);
  field(w, "vips", plan.vips);
  field(w, "bgp", plan.bgp);
  field(w, "coordination", plan.coordination);
  field(w, "findings", plan.findings.items());
  w.end_object();
  out += '\n';
  return out;
}

std::string render_host_json(const plan::ClusterPlan& plan, const plan::HostPlan& host) {
  std::string out;
  out.reserve(16384 + host.neighbours.size() * 240);
  JsonWriter w(out);
  w.begin_object();
  field(w, "schema_version", plan.schema_version);
  field(w, "site", plan.site);
  field(w, "host", host);
  w.end_object();
  out += '\n';
  return out;
}

RenderedFiles render_json(const plan::ClusterPlan& plan, const plan::HostPlan& host) {
  return {{kJsonPlanPath, render_host_json(plan, host)}};
}

}  // namespace netkeel::render
