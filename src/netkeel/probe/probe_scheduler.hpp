#pragma once
// When each target is probed (pure; time comes in as arguments).
//  - Every target gets one probe per `interval`, at a fixed phase inside the interval derived from
//    hash(seed, target key), so a mesh's probes spread over the interval instead of firing together.
//  - Each probe moves by a seeded random jitter of up to ±jitter·interval around its slot, so agents
//    started together do not stay in lock step (no thundering herd) and the result is reproducible.
//  - A target with `every` = k is probed once every k intervals (path-MTU probes: rarely).
//  - A budget of probes per second stretches the interval when the mesh is too large
//    (interval' = max(interval, sum over targets of 1/every / budget)) and a token bucket caps any burst.
//  - set_targets() applies a new target set in place: kept targets keep their id, schedule and stats.
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <utility>
#include <vector>

#include "netkeel/core/clock.hpp"
#include "netkeel/probe/probe_target.hpp"
#include "netkeel/probe/probe_tracker.hpp"

namespace netkeel::probe {

struct ScheduleOptions {
  Nanoseconds interval = std::chrono::seconds(1);  // per target
  double jitter = 0.1;                             // fraction of the interval, in [0, 0.5]
  double max_probes_per_second = 0;                // budget per agent; 0 = none
  uint64_t seed = 0;                               // per agent (the agent uses hash(site, host))
  std::optional<uint64_t> probes_per_target;       // stop after this many (--once rounds); none = forever
};

struct TargetSetChange {
  std::vector<TargetId> added;
  std::vector<TargetId> removed;
};

class ProbeScheduler {
 public:
  ProbeScheduler(ScheduleOptions options, SteadyTime start);  // throws UsageError on bad options

  TargetSetChange set_targets(const std::vector<ProbeTarget>& targets, SteadyTime now);
  std::vector<TargetId> due(SteadyTime now);        // probe these now (earliest first, within budget)
  void due(SteadyTime now, std::vector<TargetId>& out);  // the same into `out` (cleared first), reused

  std::optional<SteadyTime> next_wakeup() const;    // none when nothing is left to send
  bool done() const { return queue_.empty(); }      // every target sent probes_per_target

  Nanoseconds effective_interval() const { return effective_interval_; }
  const ProbeTarget& target(TargetId id) const { return entry(id).target; }
  std::vector<TargetId> ids() const;
  const ScheduleOptions& options() const { return options_; }

 private:
  struct Entry {
    ProbeTarget target;
    double phase = 0;          // [0, 1): where in the interval this target's slot lies
    SteadyTime slot;           // nominal time of the next probe
    SteadyTime send_at;        // slot + jitter
    uint64_t sent = 0;
  };
  Nanoseconds period(const Entry& e) const { return effective_interval_ * std::max<uint32_t>(1, e.target.every); }
  struct Queued {  // a min-heap entry: the earliest send_at on top
    SteadyTime at;
    TargetId id;
    bool operator>(const Queued& o) const { return at != o.at ? at > o.at : id > o.id; }
  };
  const Entry& entry(TargetId id) const { return entries_.at(id).value(); }
  Entry& entry(TargetId id) { return entries_.at(id).value(); }
  Nanoseconds jitter_for_next();
  void schedule(TargetId id, Entry& e);
  void recompute_interval();
  void refill(SteadyTime now);

  ScheduleOptions options_;
  SteadyTime origin_;
  Nanoseconds effective_interval_;
  std::mt19937_64 rng_;
  TargetId next_id_ = 1;
  // By TargetId: ids count up from 1 and are never reused, so a vector finds an entry without a tree
  // walk; a removed target leaves an empty slot.
  std::vector<std::optional<Entry>> entries_;
  std::map<std::string, TargetId> by_key_;
  std::vector<Queued> queue_;  // heap (std::greater): one per target still to send, no node per probe
  double tokens_ = 0;
  double bucket_capacity_ = 0;
  SteadyTime last_refill_;
};

}  // namespace netkeel::probe
