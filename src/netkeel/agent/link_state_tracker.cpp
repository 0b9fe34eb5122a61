#include "netkeel/agent/link_state_tracker.hpp"

namespace netkeel::agent {

store::LinkEventKind event_kind(DampedState state) {
  switch (state) {
    case DampedState::up: return store::LinkEventKind::up;
    case DampedState::down: return store::LinkEventKind::down;
    case DampedState::flapping: return store::LinkEventKind::flapping;
  }
  return store::LinkEventKind::down;  // unreachable: the switch names every state
}

LinkStateTracker::LinkStateTracker(const Clock& clock, FlapDamperOptions options) : clock_(clock), options_(options) {}

std::vector<LinkStateEvent> LinkStateTracker::observe(const collect::LinkEvent& event) {
  const bool up = event.up && !event.removed;
  auto it = dampers_.find(event.name);
  // First news of an interface: it was in the other state until now (the watcher reports changes).
  if (it == dampers_.end()) it = dampers_.emplace(event.name, FlapDamper(clock_, options_, !up)).first;
  std::vector<LinkStateEvent> out;
  if (auto changed = it->second.observe(up)) out.push_back({event_kind(*changed), event.name, event.at});
  return out;
}

std::vector<LinkStateEvent> LinkStateTracker::poll(Nanoseconds wall_now) {
  std::vector<LinkStateEvent> out;
  for (auto& [name, damper] : dampers_)
    if (auto changed = damper.poll()) out.push_back({event_kind(*changed), name, wall_now});
  return out;
}

std::optional<SteadyTime> LinkStateTracker::next_deadline() const {
  std::optional<SteadyTime> next;
  for (const auto& [name, damper] : dampers_)
    if (auto d = damper.next_deadline(); d && (!next || *d < *next)) next = d;
  return next;
}

std::map<std::string, DampedState> LinkStateTracker::states() const {
  std::map<std::string, DampedState> out;
  for (const auto& [name, damper] : dampers_) out[name] = damper.state();
  return out;
}

}  // namespace netkeel::agent
