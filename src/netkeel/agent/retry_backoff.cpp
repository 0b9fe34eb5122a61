#include "netkeel/agent/retry_backoff.hpp"

#include <algorithm>
#include <memory>
#include <random>
#include <stdexcept>

namespace netkeel::agent {

UnitRandom seeded_unit_random(std::uint64_t seed) {
  auto engine = std::make_shared<std::mt19937_64>(seed);
  // The top 53 bits as a double in [0, 1): exact, and the same on every standard library (unlike
  // std::uniform_real_distribution, whose algorithm is unspecified).
  return [engine] { return double((*engine)() >> 11) * 0x1.0p-53; };
}

RetryBackoff::RetryBackoff(Nanoseconds first, Nanoseconds cap, double jitter, UnitRandom random)
    : first_(first), cap_(cap), step_(first), jitter_(jitter), random_(std::move(random)) {
  if (first <= Nanoseconds(0) || cap < first) throw std::invalid_argument("retry backoff: need 0 < first <= cap");
  if (!(jitter >= 0 && jitter <= 1)) throw std::invalid_argument("retry backoff: jitter must be within 0..1");
  if (!random_) throw std::invalid_argument("retry backoff: no random source");
}

Nanoseconds RetryBackoff::next_delay() {
  const Nanoseconds step = step_;
  step_ = std::min(cap_, step_ * 2);
  // Clamped: a source that returned 1 (or more) must not push a delay below the floor.
  const double r = std::clamp(random_(), 0.0, 1.0);
  const auto cut = Nanoseconds(static_cast<Nanoseconds::rep>(double(step.count()) * jitter_ * r));
  return step - cut;
}

}  // namespace netkeel::agent
