#pragma once
// The keeper's /metrics page in the Prometheus text format (docs/keep.md, "Metrics"). Pure.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netkeel/ha/instance_checks.hpp"
#include "netkeel/ha/instance_health.hpp"
#include "netkeel/ha/keeper_status.hpp"

namespace netkeel::ha {

struct KeeperMetricsInput {
  std::string service;
  KeeperStatus status;
  bool service_healthy = false;                   // own checks pass
  std::optional<InstanceJudgement> judgement;      // site-wide, with dependencies (none before the first)
  std::vector<CheckView> checks;
  std::map<std::string, std::uint64_t> releases_by_cause;  // release_cause() words
};

// Why a VIP left this host, as a bounded label: check (an own check failed), held_down (one is held
// down for flapping), local_dependency (a dep X@local failed while X is healthy elsewhere), other (etcd
// lost, shutdown, a voluntary handover).
std::string release_cause(bool own_passing, bool held_down, std::optional<HealthCause> cause);

// NOW: the monotonic time the states' ages are measured at.
std::string keeper_metrics_text(const std::vector<KeeperMetricsInput>& vips, SteadyTime now);

}  // namespace netkeel::ha
