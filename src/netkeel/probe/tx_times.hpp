#pragma once
// When each in-flight probe left (realtime, the clock of kernel receive timestamps), so a prober can
// turn a reply's kernel timestamp into an RTT.
#include <cstdint>
#include <map>
#include <optional>
#include <utility>

#include "netkeel/core/clock.hpp"
#include "netkeel/probe/probe_tracker.hpp"

namespace netkeel::probe {

class TxTimes {
 public:
  void sent(TargetId id, uint32_t seq, Nanoseconds at) { times_[{id, seq}] = at; }
  // RTT of the reply received at `at`, and forgets the probe; none when unknown.
  std::optional<Nanoseconds> rtt(TargetId id, uint32_t seq, Nanoseconds at) {
    auto it = times_.find({id, seq});
    if (it == times_.end()) return std::nullopt;
    const Nanoseconds rtt = at - it->second;
    times_.erase(it);
    return rtt < Nanoseconds(0) ? Nanoseconds(0) : rtt;
  }
  void forget(TargetId id, uint32_t seq) { times_.erase({id, seq}); }
  void forget(TargetId id) {
    for (auto it = times_.begin(); it != times_.end();) it = it->first.first == id ? times_.erase(it) : std::next(it);
  }

 private:
  std::map<std::pair<TargetId, uint32_t>, Nanoseconds> times_;
};

}  // namespace netkeel::probe
