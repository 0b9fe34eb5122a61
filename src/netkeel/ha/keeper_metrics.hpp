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

// Why a VIP left this host, as a bounded label (kReleaseCauses). The ownership's REASON first: lost (no
// renewal confirmed in time, or another host wrote the key), handover (drain, move, rebalance), shutdown,
// take_failed, leftover (found at start); an unhealthy release is told apart by the checks as they are
// now: check (an own check failed), held_down (one is held down for flapping), local_dependency (a dep
// X@local failed while X is healthy elsewhere), other (a check that failed and recovered unseen).
std::string release_cause(ReleaseReason reason, bool own_passing, bool held_down, std::optional<HealthCause> cause);
inline constexpr std::array<const char*, 9> kReleaseCauses = {
    "check", "held_down", "local_dependency", "lost", "handover", "shutdown", "take_failed", "leftover", "other"};

// NOW: the monotonic time the states' ages are measured at; DRAINED: whether `netkeel keep drain` keeps
// this host out (netkeel_keeper_drained).
std::string keeper_metrics_text(const std::vector<KeeperMetricsInput>& vips, SteadyTime now, bool drained = false);

// The site version the keeper runs (netkeel_keeper_site_version: the server's version NUMBER, 0 for a
// local file or a cached copy, labelled with the text's SHA256, first 12 hex digits) and its reloads by
// result (applied, refused, invalid; each result shown from the start, at 0).
std::string keeper_site_metrics_text(std::int64_t number, const std::string& sha256,
                                     const std::map<std::string, std::uint64_t>& reloads);

}  // namespace netkeel::ha
