#include "netkeel/core/flap_damper.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace netkeel {

std::string to_string(DampedState state) {
  switch (state) {
    case DampedState::up: return "up";
    case DampedState::down: return "down";
    case DampedState::flapping: return "flapping";
  }
  return "unknown";
}

FlapDamper::FlapDamper(const Clock& clock, FlapDamperOptions options, bool initially_up)
    : clock_(clock),
      options_(options),
      raw_up_(initially_up),
      reported_(initially_up ? DampedState::up : DampedState::down),
      penalty_at_(clock.now()),
      raw_since_(clock.now()) {
  if (!(options_.penalty_per_flap > 0)) throw std::invalid_argument("flap damping: penalty_per_flap must be positive");
  if (!(options_.reuse_below > 0 && options_.reuse_below < options_.suppress_above))
    throw std::invalid_argument("flap damping: need 0 < reuse_below < suppress_above");
  if (options_.half_life <= Nanoseconds(0)) throw std::invalid_argument("flap damping: half_life must be positive");
  if (options_.up_hold < Nanoseconds(0) || options_.forget_after <= Nanoseconds(0))
    throw std::invalid_argument("flap damping: up_hold must be >= 0 and forget_after positive");
}

double FlapDamper::decayed(SteadyTime now) const {
  if (penalty_ == 0) return 0;
  if (now - raw_since_ >= options_.forget_after) return 0;  // stable long enough: history forgotten
  const double halves = double((now - penalty_at_).count()) / double(options_.half_life.count());
  return penalty_ * std::exp2(-halves);
}

double FlapDamper::penalty() const { return decayed(clock_.now()); }

std::optional<DampedState> FlapDamper::report(DampedState next) {
  if (next == reported_) return std::nullopt;
  reported_ = next;
  return next;
}

std::optional<DampedState> FlapDamper::observe(bool up) {
  const SteadyTime now = clock_.now();
  if (up == raw_up_) return poll();
  penalty_ = decayed(now);
  penalty_at_ = now;
  raw_up_ = up;
  raw_since_ = now;
  if (!up) {
    ++flaps_total_;
    penalty_ += options_.penalty_per_flap;
    if (penalty_ >= options_.suppress_above) return report(DampedState::flapping);
    if (reported_ == DampedState::flapping) return std::nullopt;
    return report(DampedState::down);  // a down is news at once
  }
  return poll();  // an up waits for up_hold (zero hold: reported now)
}

std::optional<DampedState> FlapDamper::poll() {
  const SteadyTime now = clock_.now();
  const bool held_up = raw_up_ && now - raw_since_ >= options_.up_hold;
  if (reported_ == DampedState::flapping) {
    if (decayed(now) >= options_.reuse_below) return std::nullopt;
    if (!raw_up_) return report(DampedState::down);
    return held_up ? report(DampedState::up) : std::nullopt;
  }
  if (held_up) return report(DampedState::up);
  return std::nullopt;
}

std::optional<SteadyTime> FlapDamper::next_deadline() const {
  const SteadyTime now = clock_.now();
  if (reported_ == DampedState::flapping) {
    // When the decay reaches reuse_below (or the history is forgotten, whichever is first); an up
    // must also have held by then.
    const double p = decayed(now);
    SteadyTime reuse = now;
    if (p >= options_.reuse_below) {
      const double halves = std::log2(p / options_.reuse_below);
      reuse = now + Nanoseconds(int64_t(std::ceil(halves * double(options_.half_life.count()))) + 1);
    }
    reuse = std::min(reuse, raw_since_ + options_.forget_after);
    return raw_up_ ? std::max(reuse, raw_since_ + options_.up_hold) : reuse;
  }
  if (raw_up_ && reported_ != DampedState::up) return std::max(now, raw_since_ + options_.up_hold);
  return std::nullopt;
}

}  // namespace netkeel
