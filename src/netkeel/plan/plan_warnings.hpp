#pragma once
// Risky-but-legal facts an operator needs before the plan goes live (docs/planning.md, "Warnings").
// Each is a warning Diagnostic marked at the host, NIC, network or switch it is about:
//   - storage or tunnel traffic on ports of 1G or less (one per network, listing the hosts)
//   - a host with one NIC (no link redundancy)
//   - a bonded host whose NICs all go to one switch (no switch redundancy)
//   - NIC speeds that differ within a bond
//   - a network MTU above what a switch it reaches carries (switches[].mtu)
//   - a tunnel network whose tenant MTU drops below 1500
//   - untagged networks with different MTUs sharing one interface
//   - an active-backup bond across two switches with no uplink or MLAG path between them
//   - a layer-3 leaf without `asn` that VIP announcements would go to
// Nothing the validator rejects is reported again.
#include "netkeel/core/diagnostic.hpp"
#include "netkeel/plan/cluster_plan.hpp"
#include "netkeel/site/site.hpp"

namespace netkeel::plan {

inline constexpr uint64_t kSlowPortMbps = 1000;

// True for networks that carry storage traffic (name contains "storage" or "ceph") or tunnel
// traffic (an encapsulation, or a name containing "tunnel").
bool is_bulk_traffic_network(const site::Network& network);

// `plan` holds the derived networks and hosts (hosts[i] is the plan of site.hosts[i]).
void add_plan_warnings(const site::Site& site, const ClusterPlan& plan, Diagnostics& diagnostics);

}  // namespace netkeel::plan
