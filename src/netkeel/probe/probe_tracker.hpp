#pragma once
// Probes in flight: a sequence number per probe, a deadline, and the verdict (reply in time, or lost).
// A reply after its deadline, a duplicate or one for a forgotten target is ignored: it was already lost.
#include <cstdint>
#include <deque>
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
  // With `measured_rtt` (kernel timestamps) the verdict is that RTT against the timeout, not the time
  // the reply was read: a reply that came in time but was read after the deadline is no loss.
  std::optional<SteadyTime> complete(TargetId id, uint32_t seq, SteadyTime now,
                                     std::optional<Nanoseconds> measured_rtt = std::nullopt);
  std::vector<std::pair<TargetId, uint32_t>> expire(SteadyTime now);  // probes past their deadline
  void forget(TargetId id);                                    // target left the plan: drop its probes
  size_t in_flight() const { return in_flight_; }
  std::optional<SteadyTime> next_deadline() const;
  Nanoseconds timeout() const { return timeout_; }

 private:
  struct InFlight {
    uint32_t seq;
    SteadyTime sent;
  };
  struct Target {  // usually one probe in flight (timeout < interval): a short vector, no tree
    uint32_t next_seq = 0;
    std::vector<InFlight> in_flight;
  };
  struct Sent {
    SteadyTime sent;
    TargetId id;
    uint32_t seq;
  };
  bool still_in_flight(const Sent& s) const;
  void drop_resolved_front();

  Nanoseconds timeout_;
  std::vector<Target> targets_;  // by TargetId (dense: the scheduler counts ids up from 1)
  // Every probe in send order, which is deadline order (one timeout for all), so expiring and the
  // next deadline look only at the front. Resolved probes stay until they reach the front and are
  // skipped there: no search on every reply. The front is always a probe still in flight.
  std::deque<Sent> by_time_;
  size_t in_flight_ = 0;
};

}  // namespace netkeel::probe
