#include "netkeel/render/interface_items.hpp"

#include <stdexcept>

namespace netkeel::render {
namespace {

// A rule lives where its source address lives: that is the interface whose replies it steers.
std::string interface_of_rule(const plan::HostPlan& host, const plan::RulePlan& rule) {
  for (const auto& a : host.addresses) {
    if (a.address == rule.from.address()) return a.interface;
  }
  for (const auto& n : host.networks) {
    if (n.network == rule.network) return n.interface;
  }
  throw std::logic_error("host " + host.name + ": rule from " + rule.from.str() +
                         " matches no planned address or network");
}

}  // namespace

InterfaceIndex::InterfaceIndex(const plan::HostPlan& host) {
  for (const auto& link : host.links) items_[link.name];
  auto at = [&](const std::string& link, const char* what) -> InterfaceItems& {
    auto it = items_.find(link);
    if (it == items_.end()) {
      throw std::logic_error("host " + host.name + ": " + what + " on unplanned interface '" + link + "'");
    }
    return it->second;
  };
  for (const auto& a : host.addresses) at(a.interface, "address").addresses.push_back(&a);
  for (const auto& r : host.routes) at(r.interface, "route").routes.push_back(&r);
  for (const auto& r : host.rules) at(interface_of_rule(host, r), "rule").rules.push_back(&r);
  for (const auto& n : host.neighbours) at(n.interface, "neighbour").neighbours.push_back(&n);
}

const InterfaceItems& InterfaceIndex::of(const std::string& link) const {
  auto it = items_.find(link);
  return it == items_.end() ? none_ : it->second;
}

}  // namespace netkeel::render
