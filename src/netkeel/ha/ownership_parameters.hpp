#pragma once
// The timing of VIP ownership and the inequality that makes it safe (docs/keep.md, "Why two holders
// cannot overlap"). A holder keeps the VIP for hold_time after SENDING its last confirmed write; a standby
// claims only after takeover_wait (+ rank offset) without a new revision, measured from when its read
// RETURNED that revision. Every confirmed write was sent before any reader can see it, so the old holder's
// fence ends before the new holder's starts as long as
//     hold_time < takeover_wait - max_scheduling_lag - clock_rate_error * takeover_wait.
#include <chrono>
#include <string>
#include <vector>

#include "netkeel/core/clock.hpp"

namespace netkeel::ha {

struct OwnershipParameters {
  // The holder rewrites its key this often (counted from each write's send time); standbys read it as often.
  Nanoseconds renew_interval = std::chrono::milliseconds(100);
  // The holder keeps the VIP (and its kernel fence) this long after it SENT its last confirmed write.
  Nanoseconds hold_time = std::chrono::milliseconds(400);
  // A standby claims a key whose revision has not changed for this long (from the read that returned it).
  Nanoseconds takeover_wait = std::chrono::milliseconds(600);
  // Added to takeover_wait once per rank (rank 0 waits takeover_wait), so standbys do not race.
  Nanoseconds rank_offset = std::chrono::milliseconds(100);
  // A key never written is the VIP's first placement: rank r claims it only after it stayed absent for
  // r x max(rank_offset, first_claim_offset), so keepers that start a few hundred ms apart (a site booting,
  // a lab coming up) still leave each VIP to the host the placement chose. Only the first placement waits.
  Nanoseconds first_claim_offset = std::chrono::seconds(1);
  // The longest a store request may take before it counts as unanswered (the etcd client's own timeout
  // must be set to this). Only liveness depends on it: renewals answered within it keep the VIP steadily.
  Nanoseconds request_timeout = std::chrono::milliseconds(150);
  // Assumed bound on the time between a keeper reading its clock and the kernel fence taking that reading
  // into effect (the process not being scheduled, the nftables call itself). Part of the safety margin.
  Nanoseconds max_scheduling_lag = std::chrono::milliseconds(150);
  // Assumed bound on how far two hosts' monotonic clocks may run apart, as a rate: 0.002 covers two
  // clocks that each stay within +-0.1% of true time (crystal oscillators do far better).
  double clock_rate_error = 0.002;
  // After the kernel refused to take the VIP, this host stays out of the running this long.
  Nanoseconds retry_after_failure = std::chrono::seconds(1);
};

// What is wrong with PARAMETERS, one message per problem naming the fields and the fix; empty when they
// are safe and live.
std::vector<std::string> parameter_problems(const OwnershipParameters& parameters);
// Throws UsageError listing every problem.
void validate(const OwnershipParameters& parameters);

}  // namespace netkeel::ha
