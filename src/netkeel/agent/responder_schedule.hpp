#pragma once
// When the daemon answers the UDP probes waiting at its responder. Answering each on arrival costs one
// wakeup per probe (hundreds a second in a 200-peer mesh, each a context switch). Every reply carries
// how long it was held (probe/udp_echo_hold.hpp), which the prober takes off the RTT, so probes may
// gather for up to `window` and go out together, as a rule with a wakeup the loop has anyway (its
// 50 ms probe grid). Pure: the caller owns the socket, the epoll registration and the clock.
#include <optional>

#include "netkeel/core/clock.hpp"

namespace netkeel::agent {

class ResponderSchedule {
 public:
  explicit ResponderSchedule(Nanoseconds window) : window_(window) {}
  // The responder's socket became readable (a one-shot registration: it stays quiet until answered()).
  void arrived(SteadyTime now) {
    if (!deadline_) deadline_ = now + window_;
  }
  // Answer now? Only when probes wait, and either their window is over or the loop is awake for
  // something else (a wakeup that costs nothing more).
  bool answer_now(SteadyTime now, bool awake_anyway) const { return deadline_ && (awake_anyway || now >= *deadline_); }
  void answered() { deadline_.reset(); }
  std::optional<SteadyTime> deadline() const { return deadline_; }  // when the waiting probes must go

 private:
  Nanoseconds window_;
  std::optional<SteadyTime> deadline_;
};

}  // namespace netkeel::agent
