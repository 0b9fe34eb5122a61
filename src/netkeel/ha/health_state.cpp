#include "netkeel/ha/health_state.hpp"

namespace netkeel::ha {

bool HealthState::record(const ProbeOutcome& outcome) {
  ++results_;
  last_detail_ = outcome.detail;
  if (outcome.passed == healthy_) {
    streak_ = 0;
    return false;
  }
  if (++streak_ < (healthy_ ? timing_.fall : timing_.rise)) return false;
  healthy_ = !healthy_;
  streak_ = 0;
  return true;
}

Nanoseconds HealthState::next_delay() const { return streak_ > 0 ? timing_.interval / 4 : timing_.interval; }

}  // namespace netkeel::ha
