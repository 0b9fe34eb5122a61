#include "netkeel/apply/verifier.hpp"

#include <fmt/format.h>

namespace netkeel::apply {

std::vector<std::string> state_mismatches(const DesiredState& desired, const KernelSnapshot& readback,
                                          const DeletionPolicy& policy) {
  auto result = reconcile(desired, readback, policy);
  std::vector<std::string> out;
  for (const auto& d : result.conflicts.items()) out.push_back(d.message);
  for (const auto& c : result.changes) out.push_back("still needed: " + describe(c));
  return out;
}

std::vector<ProbeTarget> reachability_targets(const plan::HostPlan& host, const std::vector<NicMatch>& nic_matches,
                                              const std::vector<Ipv4Address>& peers) {
  auto actual = [&](const std::string& planned) {
    for (const auto& m : nic_matches)
      if (m.planned_name == planned) return m.actual_name;
    return planned;
  };
  std::vector<ProbeTarget> out;
  for (const auto& n : host.networks)
    if (n.gateway)
      out.push_back({*n.gateway, actual(n.interface), n.address, true, fmt::format("gateway of {}", n.network)});
  for (const auto& peer : peers) {
    ProbeTarget t{peer, "", std::nullopt, false, "peer"};
    for (const auto& n : host.networks)
      if (n.subnet.contains(peer)) {
        t = {peer, actual(n.interface), n.address, true, fmt::format("peer on {}", n.network)};
        break;
      }
    out.push_back(t);
  }
  return out;
}

VerificationReport verify(const DesiredState& desired, const KernelSnapshot& readback, const DeletionPolicy& policy,
                          const std::vector<ProbeTarget>& targets, ReachabilityProbe& probe) {
  VerificationReport report;
  auto mismatches = state_mismatches(desired, readback, policy);
  if (mismatches.empty()) report.passed.push_back("state read back equals the plan");
  for (auto& m : mismatches) report.failures.push_back("state: " + m);
  // Probing is pointless (and slow) when the state itself is wrong.
  if (!report.ok()) return report;
  for (const auto& t : targets) {
    auto r = probe.probe(t);
    std::string where = t.interface.empty() ? "" : " on " + t.interface;
    std::string what = fmt::format("{} {}{}", t.label, t.address.str(), where);
    if (r.ok(t)) {
      report.passed.push_back(fmt::format("{} answers ({}ICMP)", what, t.on_link ? "ARP, " : ""));
    } else {
      report.failures.push_back(fmt::format("{} does not answer: {}", what, r.detail.empty() ? "no reply" : r.detail));
    }
  }
  return report;
}

}  // namespace netkeel::apply
