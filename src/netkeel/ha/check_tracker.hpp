#pragma once
// One health check's state, from its results: counted first (fall/rise, HealthState), then damped (the
// project's FlapDamper): a check whose counted state keeps changing is *held down*, reported failing
// until it has been quiet long enough, so a flapping service stops pulling its VIP back and forth. The
// hold-down grows while the check keeps flapping (each failure adds penalty; the penalty decays with a
// half-life derived from the check's `hold_down`). Pure: time comes from the injected Clock.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "netkeel/core/clock.hpp"
#include "netkeel/core/flap_damper.hpp"
#include "netkeel/ha/health_probe.hpp"
#include "netkeel/ha/health_state.hpp"

namespace netkeel::ha {

enum class CheckState { passing, failing, held_down };

// How a held-down check's detail begins (reports carry it; the health judgement words it "is held down").
inline constexpr std::string_view kHeldDownDetail = "held down: ";
std::string to_string(CheckState state);

// The damper for a check with HOLD_DOWN (> 0): the third failure within about a hold-down holds the
// check down for about HOLD_DOWN; every further failure while held adds about one more half-life.
FlapDamperOptions check_flap_options(Nanoseconds hold_down);

class CheckTracker {
 public:
  // HOLD_DOWN 0: no damping (the counted state is reported as it is).
  CheckTracker(const Clock& clock, HealthTiming timing, Nanoseconds hold_down);

  // Counts one result; returns true when state() changed.
  bool record(const ProbeOutcome& outcome);
  // Lets time end a hold-down; returns true when state() changed. record() does it too.
  bool poll();

  CheckState state() const { return state_; }
  bool passing() const { return state_ == CheckState::passing; }
  // The last result's detail; while held down, why ("held down: 3 failures in 8 s, ...").
  std::string detail() const;
  std::uint64_t flaps_total() const { return damper_ ? damper_->flaps_total() : 0; }
  // When to run the check next (HealthState's rule).
  Nanoseconds next_delay() const { return counted_.next_delay(); }

 private:
  CheckState current() const;

  const Clock& clock_;
  HealthState counted_;
  std::optional<FlapDamper> damper_;
  CheckState state_ = CheckState::failing;
};

}  // namespace netkeel::ha
