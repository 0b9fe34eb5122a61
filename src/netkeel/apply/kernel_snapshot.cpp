#include "netkeel/apply/kernel_snapshot.hpp"

#include <algorithm>

namespace netkeel::apply {
namespace {

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

std::vector<kernel::Link> comparable_links(std::vector<kernel::Link> links) {
  for (auto& l : links) l.index = 0, l.carrier = false;
  return links;
}

std::vector<kernel::Neighbour> comparable_neighbours(std::vector<kernel::Neighbour> ns) {
  for (auto& n : ns)
    if (is_dynamic(n)) n.state = kernel::NeighbourState::reachable, n.mac = MacAddress{};
  std::sort(ns.begin(), ns.end());
  return ns;
}

}  // namespace

const kernel::Link* KernelSnapshot::find_link(const std::string& n) const {
  auto it = std::find_if(links.begin(), links.end(), [&](const kernel::Link& l) { return l.name == n; });
  return it == links.end() ? nullptr : &*it;
}

bool is_dynamic(const kernel::Neighbour& n) { return n.state != kernel::NeighbourState::permanent; }

KernelSnapshot read_snapshot(kernel::Netlink& netlink, kernel::Sysctl& sysctl, const std::vector<std::string>& keys) {
  KernelSnapshot s;
  s.links = netlink.links();
  std::sort(s.links.begin(), s.links.end(), [](const kernel::Link& a, const kernel::Link& b) { return a.name < b.name; });
  s.addresses = netlink.addresses();
  std::sort(s.addresses.begin(), s.addresses.end());
  s.routes = netlink.routes();
  std::sort(s.routes.begin(), s.routes.end());
  s.rules = netlink.rules();
  std::sort(s.rules.begin(), s.rules.end());
  s.neighbours = netlink.neighbours();
  std::sort(s.neighbours.begin(), s.neighbours.end());
  for (const auto& key : keys) {
    auto value = sysctl.get(key);
    s.sysctls[key] = value ? std::optional<std::string>(trimmed(*value)) : std::nullopt;
  }
  return s;
}

bool same_restorable_state(const KernelSnapshot& a, const KernelSnapshot& b) {
  return comparable_links(a.links) == comparable_links(b.links) && a.addresses == b.addresses && a.routes == b.routes &&
         a.rules == b.rules && comparable_neighbours(a.neighbours) == comparable_neighbours(b.neighbours) &&
         a.sysctls == b.sysctls;
}

}  // namespace netkeel::apply
