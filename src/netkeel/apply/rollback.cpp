#include "netkeel/apply/rollback.hpp"

#include <memory>
#include <set>

namespace netkeel::apply {
namespace {

bool creatable(const std::string& kind) { return kind == "bond" || kind == "vlan" || kind == "bridge" || kind == "dummy"; }

std::vector<std::string> sysctl_keys(const KernelSnapshot& s) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : s.sysctls) keys.push_back(key);
  return keys;
}

}  // namespace

DesiredState restore_target(const KernelSnapshot& s) {
  DesiredState d;
  for (const auto& l : s.links) {
    DesiredLink dl;
    dl.name = l.name;
    if (creatable(l.kind)) dl.kind = l.kind;
    dl.mac = l.mac;
    dl.mtu = l.mtu;
    dl.admin_up = l.admin_up;
    dl.master = l.master;
    dl.parent = l.parent;
    dl.vlan_id = l.vlan_id;
    dl.bond = l.bond;
    d.links.push_back(dl);
  }
  d.addresses = s.addresses;
  for (const auto& r : s.routes)
    if (r.protocol != kKernelRouteProtocol) d.routes.push_back(r);
  d.rules = s.rules;
  for (const auto& n : s.neighbours)
    if (!is_dynamic(n)) d.neighbours.push_back(n);
  for (const auto& [key, value] : s.sysctls)
    if (value) d.sysctls[key] = *value;
  return d;
}

DeletionPolicy restore_policy(const KernelSnapshot& s) {
  auto addresses = std::make_shared<std::set<kernel::Address>>(s.addresses.begin(), s.addresses.end());
  auto routes = std::make_shared<std::set<kernel::Route>>(s.routes.begin(), s.routes.end());
  auto rules = std::make_shared<std::set<kernel::Rule>>(s.rules.begin(), s.rules.end());
  auto neighbours = std::make_shared<std::set<std::pair<std::string, Ipv4Address>>>();
  for (const auto& n : s.neighbours) neighbours->insert({n.interface, n.address});

  DeletionPolicy p;
  // Links the snapshot does not hold, or holds in another form, were made by apply: they go.
  p.link = [](const kernel::Link& l) { return creatable(l.kind); };
  p.replace_link = p.link;
  p.address = [addresses](const kernel::Address& a) { return !addresses->count(a); };
  p.route = [routes](const kernel::Route& r) { return !routes->count(r); };
  p.rule = [rules](const kernel::Rule& r) { return !rules->count(r); };
  // Dynamic entries the snapshot held are left alone (they age by themselves); new ones go.
  p.neighbour = [neighbours](const kernel::Neighbour& n) { return !neighbours->count({n.interface, n.address}); };
  return p;
}

std::vector<Change> restore_changes(const KernelSnapshot& snapshot, const KernelSnapshot& current) {
  return reconcile(restore_target(snapshot), current, restore_policy(snapshot)).changes;
}

RollbackResult roll_back(const KernelSnapshot& snapshot, kernel::Netlink& netlink, kernel::Sysctl& sysctl,
                         int max_rounds) {
  RollbackResult result;
  const auto keys = sysctl_keys(snapshot);
  for (int round = 0; round < max_rounds; ++round) {
    auto current = read_snapshot(netlink, sysctl, keys);
    auto changes = restore_changes(snapshot, current);
    if (changes.empty()) {
      result.restored = true;
      result.remaining.clear();
      return result;
    }
    result.remaining = changes;
    auto journal = execute(changes, netlink, sysctl, OnFailure::keep_going);
    result.done.insert(result.done.end(), journal.done.begin(), journal.done.end());
    result.failures.insert(result.failures.end(), journal.failures.begin(), journal.failures.end());
  }
  auto current = read_snapshot(netlink, sysctl, keys);
  result.remaining = restore_changes(snapshot, current);
  result.restored = result.remaining.empty();
  return result;
}

}  // namespace netkeel::apply
