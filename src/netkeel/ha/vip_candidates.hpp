#pragma once
// Which hosts may hold a service's VIP, in the order they claim it: rendezvous (highest random weight)
// hashing of service and host, so every keeper computes the same order without talking, each service
// gets its own order (VIPs spread over hosts), and removing a host changes no other host's place
// relative to the rest. The first candidate is rank 0 (claims a free VIP first); a standby's rank sets
// its extra wait before taking over a silent holder. Pure.
#include <optional>
#include <string>
#include <vector>

#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::ha {

// The service's `hosts`, else every planned host with an address on the service's network; only hosts
// that carry the network. Ordered by rendezvous weight, highest first.
std::vector<std::string> vip_candidates(const site::Service& service, const plan::ClusterPlan& plan);

// HOST's place in vip_candidates, or nullopt when it may not hold the VIP.
std::optional<int> vip_rank(const site::Service& service, const plan::ClusterPlan& plan, const std::string& host);

// The VIP's key in the coordination store: /netkeel/<site>/vips/<service>.
std::string vip_key(const std::string& site, const std::string& service);
std::string vip_key_prefix(const std::string& site);

}  // namespace netkeel::ha
