#pragma once
// Flap damping, the one helper for links, probes and VIPs (one damper for every kind of flap, so they all behave alike): every up->down adds a
// penalty that decays with a half-life; a down is reported at once; an up is reported only after it
// held for `up_hold` (so a burst of ups becomes one); a penalty above `suppress_above` turns the
// reported state to `flapping` until it decays below `reuse_below`; `forget_after` without any
// change clears the history. Pure: time comes from the injected Clock, nothing else is read.
#include <cstdint>
#include <optional>
#include <string>

#include "netkeel/core/clock.hpp"

namespace netkeel {

enum class DampedState { up, down, flapping };
std::string to_string(DampedState state);

struct FlapDamperOptions {
  double penalty_per_flap = 1000;                             // added on every up->down
  double suppress_above = 2500;                               // penalty >= this: flapping (the 3rd quick flap)
  double reuse_below = 800;                                   // flapping ends when the penalty decays below this
  Nanoseconds half_life = std::chrono::seconds(15);           // the penalty halves in this time
  Nanoseconds up_hold = std::chrono::seconds(1);              // an up is reported after holding this long
  Nanoseconds forget_after = std::chrono::seconds(60);        // this long without a change: penalty 0
};

class FlapDamper {
 public:
  // Throws std::invalid_argument for inconsistent options (reuse_below >= suppress_above, half_life <= 0, ...).
  FlapDamper(const Clock& clock, FlapDamperOptions options = {}, bool initially_up = true);

  // The raw state seen now. Returns the reported state when it changed.
  std::optional<DampedState> observe(bool up);
  // Lets time act (held ups become up, flapping ends, history is forgotten). Returns the reported state
  // when it changed. Call it at next_deadline() or at any time.
  std::optional<DampedState> poll();

  DampedState state() const { return reported_; }
  bool raw_up() const { return raw_up_; }
  double penalty() const;                       // decayed to now
  uint64_t flaps_total() const { return flaps_total_; }  // up->down transitions seen
  // When poll() could change something next; nullopt when nothing is pending.
  std::optional<SteadyTime> next_deadline() const;

 private:
  double decayed(SteadyTime now) const;
  std::optional<DampedState> report(DampedState next);

  const Clock& clock_;
  FlapDamperOptions options_;
  bool raw_up_;
  DampedState reported_;
  double penalty_ = 0;        // as of penalty_at_
  SteadyTime penalty_at_;
  SteadyTime raw_since_;      // last raw change
  uint64_t flaps_total_ = 0;
};

}  // namespace netkeel
