#include "netkeel/ha/check_tracker.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace netkeel::ha {

std::string to_string(CheckState state) {
  switch (state) {
    case CheckState::passing: return "passing";
    case CheckState::failing: return "failing";
    case CheckState::held_down: return "held_down";
  }
  return "failing";
}

FlapDamperOptions check_flap_options(Nanoseconds hold_down) {
  FlapDamperOptions options;  // penalty 1000 per failure, held from 2500, released below 800
  // From just over 2500 down to 800 takes log2(2500/800) ~ 1.64 half-lives: that is the first hold-down.
  const double halves = std::log2(options.suppress_above / options.reuse_below);
  options.half_life = Nanoseconds(std::max<std::int64_t>(1, std::int64_t(double(hold_down.count()) / halves)));
  options.up_hold = Nanoseconds(0);  // `rise` already waits for a recovery to prove itself
  options.forget_after = std::max<Nanoseconds>(std::chrono::seconds(60), hold_down * 6);
  return options;
}

CheckTracker::CheckTracker(const Clock& clock, HealthTiming timing, Nanoseconds hold_down)
    : clock_(clock), counted_(timing) {
  if (hold_down > Nanoseconds(0)) damper_.emplace(clock, check_flap_options(hold_down), false);
}

CheckState CheckTracker::current() const {
  if (!damper_) return counted_.healthy() ? CheckState::passing : CheckState::failing;
  switch (damper_->state()) {
    case DampedState::up: return CheckState::passing;
    case DampedState::down: return CheckState::failing;
    case DampedState::flapping: return CheckState::held_down;
  }
  return CheckState::failing;
}

bool CheckTracker::record(const ProbeOutcome& outcome) {
  if (counted_.record(outcome) && damper_) damper_->observe(counted_.healthy());
  return poll();
}

bool CheckTracker::poll() {
  if (damper_) damper_->poll();
  const CheckState now = current();
  if (now == state_) return false;
  state_ = now;
  return true;
}

// Stable while nothing changes (no decaying numbers): it becomes a report, a log line and an event.
std::string CheckTracker::detail() const {
  if (state_ != CheckState::held_down) return counted_.last_detail();
  return fmt::format("{}flapping ({} failures; last result: {})", kHeldDownDetail, damper_->flaps_total(),
                     counted_.last_detail());
}

}  // namespace netkeel::ha
