#pragma once
// Capped exponential backoff between attempts to reach the server, with bounded random jitter: the
// step is 100 ms, 200 ms, 400 ms, ... 10 s (back to the start after a success), and each delay is
// drawn from [step * (1 - jitter), step]. With the default jitter of 0.5 ("equal jitter") a delay is
// never below half its step, so a server that is away is not hammered, and never above it, so the
// cap holds; 200 agents that lost the server together spread their retries over the upper half of
// each step instead of retrying in lockstep. The random source is injected (seeded per agent in the
// daemon, scripted in tests), so a run is reproducible and tests can state every delay.
#include <cstdint>
#include <functional>

#include "netkeel/core/clock.hpp"

namespace netkeel::agent {

// A number in [0, 1).
using UnitRandom = std::function<double()>;

// A generator seeded with `seed` (the agent uses its per-agent seed, a hash of site and host): the
// same seed gives the same sequence on every machine.
UnitRandom seeded_unit_random(std::uint64_t seed);

inline constexpr double kDefaultBackoffJitter = 0.5;

class RetryBackoff {
 public:
  // Throws std::invalid_argument unless 0 < first <= cap and 0 <= jitter <= 1, and random is set.
  RetryBackoff(Nanoseconds first, Nanoseconds cap, double jitter, UnitRandom random);

  Nanoseconds next_delay();  // the delay before the next attempt; the step doubles up to the cap
  void reset() { step_ = first_; }

 private:
  Nanoseconds first_, cap_, step_;
  double jitter_;
  UnitRandom random_;
};

}  // namespace netkeel::agent
