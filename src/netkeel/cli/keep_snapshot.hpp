#pragma once
// What etcd says about a site's VIPs at one moment, as `netkeel keep status` and the keep operations
// read it: holders (from the VIP keys), the keepers' reports, and the admin keys (drains, moves, history).
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "netkeel/cli/planned_site.hpp"
#include "netkeel/ha/keep_admin.hpp"
#include "netkeel/ha/keeper_report.hpp"
#include "netkeel/ha/key_value_store.hpp"
#include "netkeel/ha/vip_placement.hpp"

namespace netkeel::cli {

struct KeepSnapshot {
  std::map<std::string, std::string> holders;    // service -> host (a key being handed over has none)
  std::map<std::string, std::string> handovers;  // service -> the host it is being handed to
  std::vector<ha::KeeperReport> reports;
  ha::AdminState admin;
  std::vector<ha::OperationRecord> history;    // oldest first
};

// Three list requests (VIP keys, reports, admin keys). Throws KeyValueUnavailable.
KeepSnapshot read_keep_snapshot(ha::KeyValueStore& store, const std::string& site);

// The placement's input as an operator sees it: the site's part, the holders and drains, and as failed
// every instance whose check fails or whose keeper does not report (nothing there could take a VIP).
ha::PlacementInput observed_placement_input(const PlannedSite& planned, const KeepSnapshot& snapshot);

}  // namespace netkeel::cli
