#pragma once
// Probes in flight: a sequence number per probe, a deadline, and the verdict (reply in time, or lost).
// A reply after its deadline, a duplicate or one for a forgotten target is ignored: it was already lost.
#include <cstdint>
#include <map>
#include <set>
#include <tuple>
#include <optional>
#include <utility>
#include <vector>

#include "netkeel/core/clock.hpp"

namespace netkeel::probe {

using TargetId = uint32_t;

class ProbeTracker {
 public:
  explicit ProbeTracker(Nanoseconds timeout) : timeout_(timeout) {}
  uint32_t start(TargetId id, SteadyTime now);                 // returns the probe's sequence number
  // Sent time of the matching probe when it is still in flight and within its deadline; it resolves.
  std::optional<SteadyTime> complete(TargetId id, uint32_t seq, SteadyTime now);
  std::vector<std::pair<TargetId, uint32_t>> expire(SteadyTime now);  // probes past their deadline
  void forget(TargetId id);                                    // target left the plan: drop its probes
  size_t in_flight() const { return in_flight_.size(); }
  std::optional<SteadyTime> next_deadline() const;
  Nanoseconds timeout() const { return timeout_; }

 private:
  Nanoseconds timeout_;
  std::map<TargetId, uint32_t> next_seq_;
  std::map<std::pair<TargetId, uint32_t>, SteadyTime> in_flight_;  // -> sent time
  // The same probes ordered by sent time (one timeout for all: that is deadline order), so expiring
  // and the next deadline cost O(log n), not a scan of every probe in flight.
  std::set<std::tuple<SteadyTime, TargetId, uint32_t>> by_time_;
};

}  // namespace netkeel::probe
