#pragma once
// A host's addresses, routes, policy rules and neighbours grouped by the link they belong to, in plan
// order. netplan and systemd-networkd configure each interface in one place, so both renderers need
// this view; building it once keeps rendering linear in the size of the plan.
#include <string>
#include <unordered_map>
#include <vector>

#include "netkeel/plan/cluster_plan.hpp"

namespace netkeel::render {

struct InterfaceItems {
  std::vector<const plan::AddressPlan*> addresses;
  std::vector<const plan::RoutePlan*> routes;
  std::vector<const plan::RulePlan*> rules;       // on the link that holds the rule's source address
  std::vector<const plan::NeighbourPlan*> neighbours;
  bool empty() const { return addresses.empty() && routes.empty() && rules.empty() && neighbours.empty(); }
};

class InterfaceIndex {
 public:
  // Throws std::logic_error when an item names a link the host does not plan (a planner bug).
  explicit InterfaceIndex(const plan::HostPlan& host);
  // Empty items for a link that carries nothing.
  const InterfaceItems& of(const std::string& link) const;

 private:
  std::unordered_map<std::string, InterfaceItems> items_;
  InterfaceItems none_;
};

}  // namespace netkeel::render
