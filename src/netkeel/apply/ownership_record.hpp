#pragma once
// What netkeel itself created on one host (or network namespace), so --prune can remove what the
// plan no longer names and never anything else. Links, addresses and static neighbours are recorded
// in a JSON file (STATE_DIR/<scope>.owned.json); routes are recognised by their protocol number
// (plan::kRouteProtocol) and rules by their priority range (plan::kRulePriorityFirst..Last).
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "netkeel/apply/change.hpp"
#include "netkeel/apply/ovs_state.hpp"
#include "netkeel/apply/reconciler.hpp"
#include "netkeel/kernel/kernel_state.hpp"

namespace netkeel::apply {

struct OwnershipRecord {
  std::set<std::pair<std::string, std::string>> links;        // (name, kind)
  std::set<kernel::Address> addresses;
  std::set<std::pair<std::string, Ipv4Address>> neighbours;   // (interface, address)
  std::set<std::pair<std::string, std::string>> ovs_ports;    // (bridge, port) of the OVS backend
  bool operator==(const OwnershipRecord&) const = default;

  // Adds what `done` created and forgets what it removed (and whatever lived on a removed link).
  void update(const std::vector<Change>& done);
  // The same for the OVS backend's ports (a deleted bridge takes its ports along).
  void update(const std::vector<OvsChange>& done);
  bool owns(const kernel::Link& l) const { return links.count({l.name, l.kind}) > 0; }
};

// The file name's scope: the network namespace's name, or "host" for the machine's own namespace.
std::string ownership_scope(const std::string& netns);
std::string ownership_record_path(const std::string& state_dir, const std::string& scope);

std::string to_json(const OwnershipRecord& record);
// Throws RuntimeError naming the file when it is not a valid record.
OwnershipRecord ownership_record_from_json(const std::string& text, const std::string& file_name);

// A missing file is an empty record. Saving writes a temporary file and renames it over the old one.
OwnershipRecord load_ownership_record(const std::string& path);
void save_ownership_record(const std::string& path, const OwnershipRecord& record);

// --prune: netkeel's links, addresses and neighbours from the record, routes with netkeel's
// protocol, rules in netkeel's priority range. Without prune, nothing is removed, but a link
// netkeel created may still be re-created when the plan changed its kind, VLAN or bond mode.
DeletionPolicy ownership_policy(const OwnershipRecord& record, bool prune);

}  // namespace netkeel::apply
