#include "netkeel/apply/reconciler.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

namespace netkeel::apply {
namespace {

using RouteKey = std::tuple<uint32_t, Ipv4Prefix, uint32_t>;
RouteKey key_of(const kernel::Route& r) { return {r.table, r.destination, r.metric}; }
using NeighbourKey = std::pair<std::string, Ipv4Address>;
NeighbourKey key_of(const kernel::Neighbour& n) { return {n.interface, n.address}; }

bool creatable(const std::string& kind) { return kind == "bond" || kind == "vlan" || kind == "bridge" || kind == "dummy"; }

// Why `actual` cannot become `desired` in place (empty when it can).
std::string incompatibility(const DesiredLink& d, const kernel::Link& a) {
  if (!d.kind) return {};
  if (a.kind != *d.kind) return fmt::format("is a {} link, the plan wants a {}", a.kind.empty() ? "physical" : a.kind, *d.kind);
  if (*d.kind == "vlan" && (a.vlan_id != d.vlan_id || a.parent != d.parent))
    return fmt::format("is VLAN {} on {}, the plan wants VLAN {} on {}", a.vlan_id, a.parent, d.vlan_id, d.parent);
  if (*d.kind == "bond" && d.bond && (!a.bond || !bond_attributes_match(*d.bond, *a.bond)))
    return fmt::format("has bond mode {} (miimon {}), the plan wants {} (miimon {})", a.bond ? a.bond->mode : "?",
                       a.bond ? a.bond->miimon_ms : 0, d.bond->mode, d.bond->miimon_ms);
  return {};
}

// Links ordered so that every link comes after the links it stands on: NICs, then masters
// (bonds, bridges), then VLANs (after their parents). Stable, so plan order is kept.
std::vector<const DesiredLink*> dependency_order(const DesiredState& d) {
  std::set<std::string> masters;
  for (const auto& l : d.links)
    if (!l.master.empty()) masters.insert(l.master);
  std::map<std::string, int> level;
  std::function<int(const DesiredLink&, int)> level_of = [&](const DesiredLink& l, int depth) -> int {
    if (depth > 8) return depth;  // a cycle cannot come from a valid plan; stop anyway
    if (l.kind == "vlan") {
      const DesiredLink* parent = d.find_link(l.parent);
      return 1 + (parent ? level_of(*parent, depth + 1) : 0);
    }
    return masters.count(l.name) ? 1 : 0;
  };
  std::vector<const DesiredLink*> out;
  for (const auto& l : d.links) out.push_back(&l), level[l.name] = level_of(l, 0);
  std::stable_sort(out.begin(), out.end(), [&](auto* a, auto* b) { return level[a->name] < level[b->name]; });
  return out;
}

kernel::LinkChange only_mtu(int v) { kernel::LinkChange c; c.mtu = v; return c; }
kernel::LinkChange only_mac(MacAddress v) { kernel::LinkChange c; c.mac = v; return c; }
kernel::LinkChange only_up(bool v) { kernel::LinkChange c; c.admin_up = v; return c; }
kernel::LinkChange only_master(std::string v) { kernel::LinkChange c; c.master = std::move(v); return c; }

}  // namespace

ReconcileResult reconcile(const DesiredState& desired, const KernelSnapshot& actual, const DeletionPolicy& policy) {
  ReconcileResult result;
  auto& out = result.changes;

  // Desired links that exist in a form that cannot be changed in place.
  std::set<std::string> replaced;
  for (const auto& d : desired.links) {
    const kernel::Link* a = actual.find_link(d.name);
    if (!a) continue;
    std::string why = incompatibility(d, *a);
    if (why.empty()) continue;
    if (creatable(a->kind) && policy.replace_link(*a)) {
      replaced.insert(d.name);
    } else {
      result.conflicts.error(SourceMark{}, fmt::format("link {} {}", d.name, why),
                             // Never advice to delete: what netkeel did not create may carry traffic it
                             // cannot see (another tool's bond, a lab's OVS port).
                             fmt::format("netkeel did not create {}, so it leaves it alone: see what manages it "
                                         "(ip -d link show {}; ovs-vsctl port-to-br {}): an Open vSwitch port "
                                         "needs --backend ovs (a lab host: apply --lab LAB --host HOST), else "
                                         "change the site file",
                                         d.name, d.name, d.name));
    }
  }
  if (result.conflicts.has_errors()) return result;

  // Links that go away, and so take their addresses, routes and neighbours with them.
  std::vector<const kernel::Link*> doomed;
  std::set<std::string> doomed_names;
  for (const auto& a : actual.links) {
    bool wanted = desired.find_link(a.name) && !replaced.count(a.name);
    if (!wanted && (replaced.count(a.name) || (creatable(a.kind) && policy.link(a))))
      doomed.push_back(&a), doomed_names.insert(a.name);
  }
  auto on_doomed = [&](const std::string& interface) { return doomed_names.count(interface) > 0; };

  // --- deletions, reverse dependency order ---
  std::set<NeighbourKey> desired_neighbours;
  for (const auto& n : desired.neighbours) desired_neighbours.insert(key_of(n));
  for (const auto& n : actual.neighbours)
    if (!desired_neighbours.count(key_of(n)) && !on_doomed(n.interface) && policy.neighbour(n))
      out.push_back(DeleteNeighbour{n});

  std::set<kernel::Rule> desired_rules(desired.rules.begin(), desired.rules.end());
  for (const auto& r : actual.rules)
    if (!desired_rules.count(r) && policy.rule(r)) out.push_back(DeleteRule{r});

  std::set<RouteKey> desired_routes;
  for (const auto& r : desired.routes) desired_routes.insert(key_of(r));
  for (const auto& r : actual.routes)
    if (r.protocol != kKernelRouteProtocol && !desired_routes.count(key_of(r)) && !on_doomed(r.interface) && policy.route(r))
      out.push_back(DeleteRoute{r});

  std::set<std::pair<std::string, Ipv4Address>> desired_address_keys;
  for (const auto& a : desired.addresses) desired_address_keys.insert({a.interface, a.address});
  std::set<kernel::Address> desired_addresses(desired.addresses.begin(), desired.addresses.end());
  for (const auto& a : actual.addresses) {
    if (desired_addresses.count(a) || on_doomed(a.interface)) continue;
    // The planned address with another prefix length is the plan's own address: fix it.
    if (desired_address_keys.count({a.interface, a.address}) || policy.address(a)) out.push_back(DeleteAddress{a});
  }

  std::stable_sort(doomed.begin(), doomed.end(), [](auto* a, auto* b) { return (a->kind == "vlan") > (b->kind == "vlan"); });
  for (const auto* l : doomed) out.push_back(DeleteLink{*l});

  // --- the projected state of each link as the changes below are made ---
  std::map<std::string, kernel::Link> projected;
  for (const auto& a : actual.links)
    if (!doomed_names.count(a.name)) projected[a.name] = a;
  for (auto& [name, l] : projected)
    if (doomed_names.count(l.master)) l.master.clear();  // deleting a master releases its members

  const auto ordered = dependency_order(desired);
  auto create = [&](const DesiredLink& d, int mtu) {
    kernel::LinkSpec spec;
    spec.name = d.name;
    spec.kind = *d.kind;
    spec.mac = d.mac;
    spec.mtu = mtu;
    spec.parent = d.parent;
    spec.vlan_id = d.vlan_id;
    spec.bond = d.bond;
    out.push_back(CreateLink{spec});
    kernel::Link l;
    l.name = d.name;
    l.kind = *d.kind;
    l.mtu = mtu;
    if (d.mac) l.mac = *d.mac;
    l.parent = d.parent;
    l.vlan_id = d.vlan_id;
    projected[d.name] = l;
  };
  auto modify = [&](const std::string& name, kernel::LinkChange change, std::string reason = {}) {
    kernel::Link& p = projected[name];
    out.push_back(ModifyLink{name, change, p, std::move(reason)});
    if (change.mtu) p.mtu = *change.mtu;
    if (change.mac) p.mac = *change.mac;
    if (change.admin_up) p.admin_up = *change.admin_up;
    if (change.master) p.master = *change.master;
  };

  // 1. masters (bonds, bridges) and other non-VLAN links netkeel can create
  for (const auto* d : ordered)
    if (d->kind && *d->kind != "vlan" && !projected.count(d->name)) {
      if (!creatable(*d->kind)) {
        result.conflicts.error(SourceMark{}, fmt::format("link {} ({}) is missing and cannot be created", d->name, *d->kind),
                               "create it by other means, or change the site file");
        continue;
      }
      create(*d, d->mtu);
    }
  // 2. enslave (or release) members
  for (const auto* d : ordered) {
    auto it = projected.find(d->name);
    if (it == projected.end() || it->second.master == d->master) continue;
    if (!d->master.empty() && it->second.admin_up) modify(d->name, only_up(false), "to enslave it");
    modify(d->name, only_master(d->master));
  }
  // 3. VLANs, never above their parent's MTU at this point (step 4 raises them)
  for (const auto* d : ordered)
    if (d->kind == "vlan" && !projected.count(d->name)) {
      auto parent = projected.find(d->parent);
      if (parent == projected.end()) {
        result.conflicts.error(SourceMark{}, fmt::format("VLAN {}: its parent {} does not exist", d->name, d->parent),
                               "the parent must exist on this host or be created by the plan");
        continue;
      }
      create(*d, std::min(d->mtu, parent->second.mtu));
    }
  // 4. MTU: children before parents when lowering, parents before children when raising
  for (auto it = ordered.rbegin(); it != ordered.rend(); ++it) {
    auto p = projected.find((*it)->name);
    if (p != projected.end() && (*it)->mtu < p->second.mtu) modify((*it)->name, only_mtu((*it)->mtu));
  }
  for (const auto* d : ordered) {
    auto p = projected.find(d->name);
    if (p != projected.end() && d->mtu > p->second.mtu) modify(d->name, only_mtu(d->mtu));
  }
  // 5. MAC, 6. admin state
  for (const auto* d : ordered) {
    auto p = projected.find(d->name);
    if (p != projected.end() && d->mac && p->second.mac != *d->mac) modify(d->name, only_mac(*d->mac));
  }
  for (const auto* d : ordered) {
    auto p = projected.find(d->name);
    if (p != projected.end() && p->second.admin_up != d->admin_up) modify(d->name, only_up(d->admin_up));
  }

  // --- addresses, routes, rules, neighbours, sysctls ---
  std::set<kernel::Address> actual_addresses(actual.addresses.begin(), actual.addresses.end());
  for (const auto& a : desired.addresses)
    if (!actual_addresses.count(a) || on_doomed(a.interface)) out.push_back(AddAddress{a});

  std::map<RouteKey, const kernel::Route*> actual_routes;
  for (const auto& r : actual.routes)
    if (!on_doomed(r.interface)) actual_routes[key_of(r)] = &r;
  std::vector<const kernel::Route*> routes;
  for (const auto& r : desired.routes) routes.push_back(&r);
  std::stable_sort(routes.begin(), routes.end(), [](auto* a, auto* b) { return !a->gateway && b->gateway; });
  for (const auto* r : routes) {
    if (r->protocol == kKernelRouteProtocol) continue;
    auto it = actual_routes.find(key_of(*r));
    if (it != actual_routes.end() && *it->second == *r) continue;
    out.push_back(ReplaceRoute{*r, it == actual_routes.end() ? std::nullopt : std::optional<kernel::Route>(*it->second)});
  }

  std::set<kernel::Rule> actual_rules(actual.rules.begin(), actual.rules.end());
  for (const auto& r : desired.rules)
    if (!actual_rules.count(r)) out.push_back(AddRule{r});

  std::map<NeighbourKey, const kernel::Neighbour*> actual_neighbours;
  for (const auto& n : actual.neighbours)
    if (!on_doomed(n.interface)) actual_neighbours[key_of(n)] = &n;
  for (const auto& n : desired.neighbours) {
    auto it = actual_neighbours.find(key_of(n));
    if (it != actual_neighbours.end() && *it->second == n) continue;
    out.push_back(ReplaceNeighbour{n, it == actual_neighbours.end() ? std::nullopt
                                                                      : std::optional<kernel::Neighbour>(*it->second)});
  }

  for (const auto& [key, value] : desired.sysctls) {
    auto it = actual.sysctls.find(key);
    std::optional<std::string> before = it == actual.sysctls.end() ? std::nullopt : it->second;
    if (before != value) out.push_back(SetSysctl{key, value, before});
  }
  if (result.conflicts.has_errors()) result.changes.clear();
  return result;
}

}  // namespace netkeel::apply
