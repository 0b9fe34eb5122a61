#include "netkeel/probe/probe_tracker.hpp"

namespace netkeel::probe {

uint32_t ProbeTracker::start(TargetId id, SteadyTime now) {
  const uint32_t seq = next_seq_[id]++;
  in_flight_[{id, seq}] = now;
  return seq;
}

std::optional<SteadyTime> ProbeTracker::complete(TargetId id, uint32_t seq, SteadyTime now) {
  auto it = in_flight_.find({id, seq});
  if (it == in_flight_.end()) return std::nullopt;
  if (now > it->second + timeout_) return std::nullopt;  // late: expire() counts it as lost
  const SteadyTime sent = it->second;
  in_flight_.erase(it);
  return sent;
}

std::vector<std::pair<TargetId, uint32_t>> ProbeTracker::expire(SteadyTime now) {
  std::vector<std::pair<TargetId, uint32_t>> lost;
  for (auto it = in_flight_.begin(); it != in_flight_.end();) {
    if (now > it->second + timeout_) {
      lost.push_back(it->first);
      it = in_flight_.erase(it);
    } else {
      ++it;
    }
  }
  return lost;
}

void ProbeTracker::forget(TargetId id) {
  next_seq_.erase(id);
  for (auto it = in_flight_.begin(); it != in_flight_.end();) it = it->first.first == id ? in_flight_.erase(it) : std::next(it);
}

std::optional<SteadyTime> ProbeTracker::next_deadline() const {
  std::optional<SteadyTime> earliest;
  for (const auto& [key, sent] : in_flight_)
    if (!earliest || sent + timeout_ < *earliest) earliest = sent + timeout_;
  if (earliest) *earliest += Nanoseconds(1);  // expire() needs now > deadline
  return earliest;
}

}  // namespace netkeel::probe
