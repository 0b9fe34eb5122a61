#pragma once
// What a running keeper must do to take a new version of the site without a restart (docs/keep.md,
// "A new site version"): which of this host's VIP keepers to start, stop or rebuild, or why the version
// cannot be taken live at all (the keeper then keeps the version it runs). Pure: two sites in, a decision out.
//
// The rules, per service whose VIP this host may hold in either version:
// - only in the new version (a new service, or this host newly among its candidates): start keeping it;
// - only in the running version (the service is gone, this host left its `hosts` or the site): release
//   it and free its key, so a peer takes it at once instead of waiting for a silent holder;
// - its VIP changed (address, prefix, planned MAC, or this host's interface on its network): release
//   the old VIP, then keep the new one (one short outage, never two holders);
// - what its checks are built from changed: new checks; a VIP held here stays while they settle;
// - anything else (weights, other services, placement rules, dependencies judged from the reports): the
//   keeper's placement and judgement follow on their next round; nothing is released.
// Refused: another site name (every key would change), another backend for this host (its VIP devices are
// built for one), a VIP this host may hold but cannot carry. A change of the coordination members is not
// taken: the keeper keeps talking to the members it started with (see coordination_changed).
#include <string>
#include <vector>

#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::ha {

struct KeeperSiteChange {
  std::string refusal;                      // not empty: the version cannot be taken live; why, and the fix
  std::vector<std::string> added;           // services to start keeping
  std::vector<std::string> removed;         // services to release, their keys freed
  std::vector<std::string> replaced;        // the VIP itself changed: release, then keep the new one
  std::vector<std::string> checks_changed;  // new checks; the VIP kept while they settle
  bool host_removed = false;                // this host is not in the new version (every VIP is released)
  bool coordination_changed = false;        // the site's etcd members differ: only a restart takes them

  bool refused() const { return !refusal.empty(); }
  // One line for the log: "added x; removed y; checks of z" or "no VIP of this host changes".
  std::string summary() const;
};

struct KeeperSiteInputs {
  const site::Site& site;
  const plan::ClusterPlan& plan;
};

// HOST runs RUNNING on BACKEND (BACKEND_FORCED: given by --backend, so the site's backend does not matter).
KeeperSiteChange keeper_site_change(const KeeperSiteInputs& running, const KeeperSiteInputs& next,
                                    const std::string& host, site::Backend backend, bool backend_forced);

// Everything the instance's checks on HOST are built from, one line per check (its kind, target, timing,
// and the NICs of a link check or the peers of a mesh check): equal lines, equal checks.
std::vector<std::string> check_inputs(const site::Site& site, const site::Service& service, const std::string& host);

}  // namespace netkeel::ha
