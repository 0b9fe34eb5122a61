#pragma once
// Verification after apply: the state read back must equal the plan (reconciling it again yields no
// change), every planned gateway must answer ARP and ICMP on its network's interface, and so must
// every --check-peer address.
#include <string>
#include <vector>

#include "netkeel/apply/desired_state.hpp"
#include "netkeel/apply/kernel_snapshot.hpp"
#include "netkeel/apply/reachability_probe.hpp"
#include "netkeel/apply/reconciler.hpp"
#include "netkeel/plan/cluster_plan.hpp"

namespace netkeel::apply {

struct VerificationReport {
  std::vector<std::string> passed;     // one line per check that passed
  std::vector<std::string> failures;   // one line per check that failed, saying what
  bool ok() const { return failures.empty(); }
};

// Pure: what still differs between the plan and the state read back (diff lines).
std::vector<std::string> state_mismatches(const DesiredState& desired, const KernelSnapshot& readback,
                                          const DeletionPolicy& policy);

// Pure: the gateways of the host's networks and the peers to check, in plan order. A peer inside a
// planned subnet is probed on that network's interface from the host's address there.
std::vector<ProbeTarget> reachability_targets(const plan::HostPlan& host, const std::vector<NicMatch>& nic_matches,
                                              const std::vector<Ipv4Address>& peers);

VerificationReport verify(const DesiredState& desired, const KernelSnapshot& readback, const DeletionPolicy& policy,
                          const std::vector<ProbeTarget>& targets, ReachabilityProbe& probe);

}  // namespace netkeel::apply
