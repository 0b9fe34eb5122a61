#include "netkeel/probe/probe_tracker.hpp"

namespace netkeel::probe {

uint32_t ProbeTracker::start(TargetId id, SteadyTime now) {
  const uint32_t seq = next_seq_[id]++;
  in_flight_[{id, seq}] = now;
  by_time_.insert({now, id, seq});
  return seq;
}

std::optional<SteadyTime> ProbeTracker::complete(TargetId id, uint32_t seq, SteadyTime now) {
  auto it = in_flight_.find({id, seq});
  if (it == in_flight_.end()) return std::nullopt;
  if (now > it->second + timeout_) return std::nullopt;  // late: expire() counts it as lost
  const SteadyTime sent = it->second;
  by_time_.erase({sent, id, seq});
  in_flight_.erase(it);
  return sent;
}

std::vector<std::pair<TargetId, uint32_t>> ProbeTracker::expire(SteadyTime now) {
  std::vector<std::pair<TargetId, uint32_t>> lost;
  while (!by_time_.empty() && now > std::get<0>(*by_time_.begin()) + timeout_) {
    const auto [sent, id, seq] = *by_time_.begin();
    by_time_.erase(by_time_.begin());
    in_flight_.erase({id, seq});
    lost.push_back({id, seq});
  }
  return lost;
}

void ProbeTracker::forget(TargetId id) {
  next_seq_.erase(id);
  for (auto it = in_flight_.lower_bound({id, 0}); it != in_flight_.end() && it->first.first == id;) {
    by_time_.erase({it->second, id, it->first.second});
    it = in_flight_.erase(it);
  }
}

std::optional<SteadyTime> ProbeTracker::next_deadline() const {
  if (by_time_.empty()) return std::nullopt;
  return std::get<0>(*by_time_.begin()) + timeout_ + Nanoseconds(1);  // expire() needs now > deadline
}

}  // namespace netkeel::probe
