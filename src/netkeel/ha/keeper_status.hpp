#pragma once
// What a VipKeeper reports about itself, for `netkeel keep status` and the keeper's /metrics
// (docs/keep.md lists the metric each field becomes).
#include <array>
#include <cstdint>
#include <string>

#include "netkeel/core/clock.hpp"
#include "netkeel/ha/ownership_action.hpp"
#include "netkeel/ha/ownership_state.hpp"

namespace netkeel::ha {

// Upper bounds of the renew latency histogram, in seconds (Prometheus `le` labels); one more bucket
// counts everything slower.
inline constexpr std::array<double, 8> kRenewLatencyBounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5};

struct RenewLatency {
  std::array<std::uint64_t, kRenewLatencyBounds.size() + 1> buckets{};  // per bucket, not cumulative
  std::uint64_t count = 0;
  double sum_seconds = 0;
  double last_seconds = 0;
  double max_seconds = 0;

  void record(Nanoseconds latency);
};

struct KeeperStatus {
  std::string key;
  std::string host;
  OwnershipState state = OwnershipState::init;
  SteadyTime since;             // when the state was entered (monotonic)
  std::string holder_seen;      // the host the key named at the last answer ("" free or unknown)
  bool vip_held = false;        // what the VipHolder says
  std::uint64_t takeovers_total = 0;       // the VIP was put on this host
  std::uint64_t releases_total = 0;        // the VIP was taken off this host (any reason)
  std::array<std::uint64_t, kReleaseReasons> releases_by_reason{};  // the same, by ReleaseReason
  std::uint64_t fence_refreshes_total = 0; // confirmed renewals that extended the kernel fence
  std::uint64_t store_errors_total = 0;    // requests without an answer (KeyValueUnavailable)
  std::uint64_t take_failures_total = 0;   // the kernel refused the VIP
  RenewLatency renew_latency;              // confirmed claims and renewals, from send to answer
};

}  // namespace netkeel::ha
