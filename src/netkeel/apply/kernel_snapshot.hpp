#pragma once
// Everything apply may change, read from the kernel in one go: every link, address, route (all
// tables but local), rule and neighbour, and the values of the sysctls the plan sets. Taken before
// the first change, it is what rollback restores; taken after, it is what verification compares.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netkeel/kernel/kernel_state.hpp"
#include "netkeel/kernel/netlink.hpp"
#include "netkeel/kernel/sysctl.hpp"

namespace netkeel::apply {

struct KernelSnapshot {
  std::vector<kernel::Link> links;
  std::vector<kernel::Address> addresses;
  std::vector<kernel::Route> routes;
  std::vector<kernel::Rule> rules;
  std::vector<kernel::Neighbour> neighbours;
  std::map<std::string, std::optional<std::string>> sysctls;  // nullopt: the key does not exist
  bool operator==(const KernelSnapshot&) const = default;

  const kernel::Link* find_link(const std::string& name) const;
};

// Lists come back sorted (links by name, the rest by value) so two snapshots compare directly.
KernelSnapshot read_snapshot(kernel::Netlink& netlink, kernel::Sysctl& sysctl, const std::vector<std::string>& sysctl_keys);

// Equal for restore purposes: the same objects, ignoring what the kernel assigns by itself
// (ifindex of a re-created link, carrier, the state of dynamic neighbour entries).
bool same_restorable_state(const KernelSnapshot& a, const KernelSnapshot& b);

// Neighbour entries the kernel learned itself (not permanent): never restored, only removed.
bool is_dynamic(const kernel::Neighbour& n);

}  // namespace netkeel::apply
