#pragma once
// Capped exponential backoff between attempts to reach the server: 100 ms, 200 ms, 400 ms, ... 10 s,
// back to the start after a success. No randomness, so unit tests can state every delay.
#include <algorithm>
#include <chrono>

#include "netkeel/core/clock.hpp"

namespace netkeel::agent {

class RetryBackoff {
 public:
  explicit RetryBackoff(Nanoseconds first = std::chrono::milliseconds(100), Nanoseconds cap = std::chrono::seconds(10))
      : first_(first), cap_(cap), next_(first) {}

  Nanoseconds next_delay() {  // the delay before the next attempt; doubles up to the cap
    const Nanoseconds delay = next_;
    next_ = std::min(cap_, next_ * 2);
    return delay;
  }
  void reset() { next_ = first_; }

 private:
  Nanoseconds first_, cap_, next_;
};

}  // namespace netkeel::agent
