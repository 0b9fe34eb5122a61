#include "netkeel/probe/probe_tracker.hpp"

#include <algorithm>

namespace netkeel::probe {

uint32_t ProbeTracker::start(TargetId id, SteadyTime now) {
  if (targets_.size() <= id) targets_.resize(id + 1);
  Target& t = targets_[id];
  const uint32_t seq = t.next_seq++;
  t.in_flight.push_back({seq, now});
  ++in_flight_;
  // The engine's clock never goes back, so this is an append; anything else is kept in order.
  if (by_time_.empty() || by_time_.back().sent <= now) {
    by_time_.push_back({now, id, seq});
  } else {
    auto at = std::upper_bound(by_time_.begin(), by_time_.end(), now, [](SteadyTime t, const Sent& s) { return t < s.sent; });
    by_time_.insert(at, {now, id, seq});
  }
  return seq;
}

std::optional<SteadyTime> ProbeTracker::complete(TargetId id, uint32_t seq, SteadyTime now,
                                                 std::optional<Nanoseconds> measured_rtt) {
  if (id >= targets_.size()) return std::nullopt;
  auto& probes = targets_[id].in_flight;
  auto it = std::find_if(probes.begin(), probes.end(), [&](const InFlight& p) { return p.seq == seq; });
  if (it == probes.end()) return std::nullopt;
  const bool late = measured_rtt ? *measured_rtt > timeout_ : now > it->sent + timeout_;
  if (late) return std::nullopt;  // expire() counts it as lost
  const SteadyTime sent = it->sent;
  probes.erase(it);
  --in_flight_;
  drop_resolved_front();
  return sent;
}

std::vector<std::pair<TargetId, uint32_t>> ProbeTracker::expire(SteadyTime now) {
  std::vector<std::pair<TargetId, uint32_t>> lost;
  while (!by_time_.empty() && now > by_time_.front().sent + timeout_) {
    const Sent s = by_time_.front();
    by_time_.pop_front();
    auto& probes = targets_[s.id].in_flight;  // the front is always in flight (drop_resolved_front)
    probes.erase(std::find_if(probes.begin(), probes.end(), [&](const InFlight& p) { return p.seq == s.seq && p.sent == s.sent; }));
    --in_flight_;
    lost.push_back({s.id, s.seq});
    drop_resolved_front();
  }
  return lost;
}

void ProbeTracker::forget(TargetId id) {
  if (id >= targets_.size()) return;
  in_flight_ -= targets_[id].in_flight.size();
  targets_[id] = Target{};
  drop_resolved_front();
}

std::optional<SteadyTime> ProbeTracker::next_deadline() const {
  if (by_time_.empty()) return std::nullopt;
  return by_time_.front().sent + timeout_ + Nanoseconds(1);  // expire() needs now > deadline
}

bool ProbeTracker::still_in_flight(const Sent& s) const {
  const auto& probes = targets_[s.id].in_flight;
  return std::any_of(probes.begin(), probes.end(), [&](const InFlight& p) { return p.seq == s.seq && p.sent == s.sent; });
}

void ProbeTracker::drop_resolved_front() {
  while (!by_time_.empty() && !still_in_flight(by_time_.front())) by_time_.pop_front();
}

}  // namespace netkeel::probe
