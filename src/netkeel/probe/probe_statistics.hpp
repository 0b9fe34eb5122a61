#pragma once
// Loss and RTT of one target: the current interval (min/avg/max/p50/p99) and running totals.
// A probe counts when it resolves (reply or timeout), so every interval has sent >= lost.
#include <cstdint>
#include <optional>
#include <vector>

#include "netkeel/core/clock.hpp"

namespace netkeel::probe {

struct RttSummary {
  Nanoseconds min{0}, avg{0}, max{0}, p50{0}, p99{0};
};

// One answered probe: its RTT and when the reply was taken (the engine's clock).
struct RttSample {
  SteadyTime at{};
  Nanoseconds rtt{0};
};

struct IntervalSummary {
  uint64_t sent = 0;
  uint64_t lost = 0;
  std::optional<RttSummary> rtt;  // absent when no reply came back
  std::vector<RttSample> replies;  // every reply of the interval, in arrival order (the shipper sends each)
  double loss_ratio() const { return sent == 0 ? 0.0 : double(lost) / double(sent); }
};

// Nearest-rank percentile (q in [0, 1]) of unsorted samples; samples must not be empty.
Nanoseconds percentile(std::vector<Nanoseconds> samples, double q);

class ProbeStatistics {
 public:
  void record_reply(Nanoseconds rtt, SteadyTime at = SteadyTime{});
  void record_loss();
  // A UDP probe lost while the peer's responder has never answered and its kernel does (the peer's agent
  // is not up yet): counted apart, in neither sent nor lost (ProbeEngine, awaits_responder).
  void record_unanswered() { ++unanswered_total_; }
  IntervalSummary interval() const;   // what the current interval holds so far
  IntervalSummary take_interval();    // returns it and starts a new interval
  uint64_t sent_total() const { return sent_total_; }
  uint64_t lost_total() const { return lost_total_; }
  Nanoseconds rtt_sum_total() const { return rtt_sum_total_; }  // over every reply ever
  uint64_t unanswered_total() const { return unanswered_total_; }

 private:
  std::vector<Nanoseconds> rtts_;
  std::vector<SteadyTime> reply_times_;  // parallel to rtts_
  uint64_t sent_ = 0, lost_ = 0;
  uint64_t sent_total_ = 0, lost_total_ = 0;
  uint64_t unanswered_total_ = 0;
  Nanoseconds rtt_sum_total_{0};
};

}  // namespace netkeel::probe
