// The shipper's backoff: capped exponential steps, each delay jittered within [step * (1 - jitter),
// step] by an injected random source (scripted here, so every delay is stated exactly).
#include "netkeel/agent/retry_backoff.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <set>
#include <stdexcept>

#include "netkeel/agent/agent.hpp"

namespace netkeel::agent {
namespace {

using std::chrono::milliseconds;

// Returns the scripted values in order, then the last one forever.
struct ScriptedRandom {
  std::deque<double> values;
  UnitRandom source() {
    return [this] {
      const double v = values.front();
      if (values.size() > 1) values.pop_front();
      return v;
    };
  }
};

TEST(RetryBackoff, WithoutJitterTheStepsDoubleUpToTheCapAndResetAfterASuccess) {
  ScriptedRandom random{{0.7}};
  RetryBackoff b(milliseconds(100), milliseconds(1000), 0.0, random.source());
  for (auto expected : {100, 200, 400, 800, 1000, 1000}) EXPECT_EQ(b.next_delay(), milliseconds(expected));
  b.reset();
  EXPECT_EQ(b.next_delay(), milliseconds(100));
}

TEST(RetryBackoff, EqualJitterDrawsEachDelayFromTheUpperHalfOfItsStep) {
  // r = 0 keeps the whole step, r = 0.5 cuts a quarter, r close to 1 cuts almost half.
  ScriptedRandom random{{0.0, 0.5, 0.999999, 0.25, 0.5, 0.5}};
  RetryBackoff b(milliseconds(100), milliseconds(1000), 0.5, random.source());
  EXPECT_EQ(b.next_delay(), milliseconds(100));  // step 100
  EXPECT_EQ(b.next_delay(), milliseconds(150));  // step 200, cut 200 * 0.5 * 0.5
  const Nanoseconds third = b.next_delay();      // step 400
  EXPECT_GT(third, milliseconds(200));
  EXPECT_LT(third, milliseconds(201));
  EXPECT_EQ(b.next_delay(), milliseconds(700));  // step 800, cut 800 * 0.5 * 0.25
  EXPECT_EQ(b.next_delay(), milliseconds(750));  // step 1000 (the cap), cut 250
  EXPECT_EQ(b.next_delay(), milliseconds(750));  // the cap holds
}

TEST(RetryBackoff, FullJitterMayWaitAnyFractionOfTheStep) {
  ScriptedRandom random{{0.9, 0.1}};
  RetryBackoff b(milliseconds(100), milliseconds(1000), 1.0, random.source());
  EXPECT_EQ(b.next_delay(), milliseconds(10));
  EXPECT_EQ(b.next_delay(), milliseconds(180));
}

TEST(RetryBackoff, ASourceOutsideZeroToOneIsClampedSoTheBoundsHold) {
  ScriptedRandom random{{-3.0, 7.0}};
  RetryBackoff b(milliseconds(100), milliseconds(1000), 0.5, random.source());
  EXPECT_EQ(b.next_delay(), milliseconds(100));
  EXPECT_EQ(b.next_delay(), milliseconds(100));  // step 200, at most half cut
}

TEST(RetryBackoff, EveryDelayStaysWithinItsBoundsWithTheSeededSource) {
  RetryBackoff b(milliseconds(100), std::chrono::seconds(10), 0.5, seeded_unit_random(42));
  Nanoseconds step = milliseconds(100);
  for (int attempt = 0; attempt < 200; ++attempt) {
    const Nanoseconds delay = b.next_delay();
    EXPECT_GE(delay, step / 2) << "attempt " << attempt;
    EXPECT_LE(delay, step) << "attempt " << attempt;
    step = std::min<Nanoseconds>(std::chrono::seconds(10), step * 2);
  }
}

TEST(RetryBackoff, OneSeedGivesOneSequenceAndAgentsGetDifferentOnes) {
  auto delays = [](std::uint64_t seed) {
    RetryBackoff b(milliseconds(100), std::chrono::seconds(10), 0.5, seeded_unit_random(seed));
    std::vector<Nanoseconds> out;
    for (int i = 0; i < 10; ++i) out.push_back(b.next_delay());
    return out;
  };
  const std::uint64_t seed = agent_seed("acme", "node1");
  EXPECT_EQ(delays(seed), delays(seed)) << "a run is reproducible";
  // 200 agents that lost the server at the same moment: their first retries spread over 50..100 ms
  // instead of all landing at 100 ms.
  std::set<Nanoseconds> first_retries;
  Nanoseconds earliest = milliseconds(100), latest = milliseconds(0);
  for (int host = 1; host <= 200; ++host) {
    const Nanoseconds first = delays(agent_seed("acme", "node" + std::to_string(host))).front();
    first_retries.insert(first);
    earliest = std::min(earliest, first);
    latest = std::max(latest, first);
  }
  EXPECT_EQ(first_retries.size(), 200u) << "no two agents retry at the same nanosecond";
  EXPECT_LT(earliest, milliseconds(55));
  EXPECT_GT(latest, milliseconds(95));
}

TEST(RetryBackoff, SeededSourceStaysInZeroToOne) {
  const UnitRandom r = seeded_unit_random(7);
  for (int i = 0; i < 10000; ++i) {
    const double v = r();
    ASSERT_GE(v, 0.0);
    ASSERT_LT(v, 1.0);
  }
}

TEST(RetryBackoff, InconsistentSettingsAreRejected) {
  const UnitRandom r = seeded_unit_random(1);
  EXPECT_THROW(RetryBackoff(milliseconds(0), milliseconds(10), 0.5, r), std::invalid_argument);
  EXPECT_THROW(RetryBackoff(milliseconds(100), milliseconds(10), 0.5, r), std::invalid_argument);
  EXPECT_THROW(RetryBackoff(milliseconds(100), milliseconds(1000), 1.5, r), std::invalid_argument);
  EXPECT_THROW(RetryBackoff(milliseconds(100), milliseconds(1000), -0.1, r), std::invalid_argument);
  EXPECT_THROW(RetryBackoff(milliseconds(100), milliseconds(1000), 0.5, UnitRandom()), std::invalid_argument);
}

}  // namespace
}  // namespace netkeel::agent
