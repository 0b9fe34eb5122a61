#pragma once
// Each interface's damped state machine (up / down / flapping, explicit, damped by the one flap helper), fed by the
// link event watcher's raw events through one FlapDamper per interface. Its output is the agent's link
// events: link_down at once, link_up once the link held, link_flapping when it flaps, and the state
// that /metrics shows (netkeel_link_flapping). Pure: time comes from the Clock, wall time from the
// caller.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netkeel/collect/link_event_watcher.hpp"
#include "netkeel/core/clock.hpp"
#include "netkeel/core/flap_damper.hpp"
#include "netkeel/store/link_event_kind.hpp"

namespace netkeel::agent {

struct LinkStateEvent {
  store::LinkEventKind kind = store::LinkEventKind::down;  // down, up or flapping
  std::string interface;
  Nanoseconds at{0};       // CLOCK_REALTIME, as LinkEvent::at
};

class LinkStateTracker {
 public:
  explicit LinkStateTracker(const Clock& clock, FlapDamperOptions options = {});
  // A raw event from the watcher; a removed interface counts as down. Returns the damped events it caused.
  std::vector<LinkStateEvent> observe(const collect::LinkEvent& event);
  // Held ups and decayed flapping; `wall_now` stamps the events. Call at next_deadline() or any time.
  std::vector<LinkStateEvent> poll(Nanoseconds wall_now);
  std::optional<SteadyTime> next_deadline() const;
  // Every interface that has had an event: its damped state.
  std::map<std::string, DampedState> states() const;

 private:
  const Clock& clock_;
  FlapDamperOptions options_;
  std::map<std::string, FlapDamper> dampers_;
};

store::LinkEventKind event_kind(DampedState state);  // up -> LinkEventKind::up, ...

}  // namespace netkeel::agent
