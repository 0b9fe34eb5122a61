#pragma once
// Where each service's VIP belongs, decided the same way by every keeper and by `netkeel keep` from the
// same inputs (the site file, and what etcd says about current holders, drains and instance health).
// Pure: no I/O, no clock.
//
// Weighted rendezvous hashing with bounded load (docs/keep.md, "Placement"): each (service, host) pair
// gets the score host_weight / -ln(u), u a stable hash of the pair in (0, 1), so each service prefers its
// own hosts and removing a host disturbs no other pair's order. Every host may carry at most
// ceil(total service weight x its weight / total host weight) (10 equal VIPs over 3 equal hosts: 4); a
// host at its bound is passed over unless every eligible host is. Services of one anti-affinity group
// prefer hosts holding no other member. A host is eligible for a service when the service may run there,
// it is not drained and its instance there has not failed.
//
// Two modes. `keep` (what keepers use): a VIP stays with its current holder while that holder is eligible
// (no automatic failback: a host that returns takes nothing back), and only VIPs without an eligible
// holder are placed. `balance` (the ideal that `keep rebalance` moves toward and `keep status` shows):
// holders keep their VIPs in order of score while their host is under its bound and the group allows;
// the rest are placed afresh. Adding a host therefore moves nothing in `keep` mode and, in `balance`
// mode, only the VIPs above the new bound.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::ha {

struct PlacementInput {
  struct Service {
    std::string name;
    int weight = 1;
    std::vector<std::string> candidates;  // hosts that may run it (its `hosts`, carrying its network)
  };
  struct Host {
    std::string name;
    int weight = 1;
  };
  std::vector<Service> services;
  std::vector<Host> hosts;
  std::vector<std::vector<std::string>> anti_affinity;
  std::map<std::string, std::string> holders;            // service -> host holding its VIP now
  std::set<std::string> drained;                         // hosts kept out by `netkeel keep drain`
  std::set<std::pair<std::string, std::string>> failed;  // (service, host): that instance may not hold it
};

enum class PlacementMode { keep, balance };

struct ServicePlacement {
  std::string service;
  std::string host;                 // where its VIP belongs; "" when no host is eligible
  double score = 0;                 // the pair's rendezvous score (host weight included); 0 without a host
  bool kept = false;                // the current holder keeps it
  std::vector<std::string> order;   // eligible hosts in claim order: `host` first, then the standbys
};

struct Placement {
  std::vector<ServicePlacement> services;  // in the input's service order
  std::map<std::string, int> load;         // host -> sum of the weights of the VIPs placed on it
  std::map<std::string, int> bound;        // host -> the most it may carry

  const ServicePlacement* find(const std::string& service) const;
};

Placement place_vips(const PlacementInput& input, PlacementMode mode);

// A pair's weighted rendezvous score: higher wins.
double rendezvous_score(const std::string& service, const std::string& host, int host_weight);

// HOST's claim rank for the service: its index in `order`, else (not eligible) after every eligible host.
int claim_rank(const ServicePlacement& placement, const std::string& host);

// The site's part of the input: every service with a VIP, its candidates (vip_candidates), the weights
// and the anti-affinity groups. Holders, drains and failures are for the caller to add.
PlacementInput placement_input(const site::Site& site, const plan::ClusterPlan& plan);

}  // namespace netkeel::ha
