#include "netkeel/ha/health_state.hpp"

#include <gtest/gtest.h>

namespace netkeel::ha {
namespace {

const ProbeOutcome kPass{true, "ok"};
const ProbeOutcome kFail{false, "refused"};

TEST(HealthState, StartsFailedAndRisesAfterRisePassesInARow) {
  HealthState state(HealthTiming{.fall = 2, .rise = 3});
  EXPECT_FALSE(state.healthy());
  EXPECT_FALSE(state.record(kPass));
  EXPECT_FALSE(state.record(kPass));
  EXPECT_TRUE(state.record(kPass));
  EXPECT_TRUE(state.healthy());
}

TEST(HealthState, AFailureBetweenPassesRestartsTheRiseCount) {
  HealthState state(HealthTiming{.fall = 2, .rise = 2});
  state.record(kPass);
  state.record(kFail);
  state.record(kPass);
  EXPECT_FALSE(state.healthy());
  EXPECT_TRUE(state.record(kPass));
}

TEST(HealthState, FallsAfterFallFailuresInARowAndOneSlowAnswerMovesNothing) {
  HealthState state(HealthTiming{.fall = 2, .rise = 1});
  ASSERT_TRUE(state.record(kPass));
  EXPECT_FALSE(state.record(kFail));  // one bad answer
  EXPECT_TRUE(state.healthy());
  EXPECT_FALSE(state.record(kPass));
  EXPECT_FALSE(state.record(kFail));
  EXPECT_TRUE(state.healthy());
  EXPECT_TRUE(state.record(kFail));
  EXPECT_FALSE(state.healthy());
  EXPECT_EQ(state.last_detail(), "refused");
  EXPECT_EQ(state.results(), 5);
}

TEST(HealthState, ADisagreeingResultIsConfirmedAfterAQuarterInterval) {
  HealthState state(HealthTiming{.interval = std::chrono::milliseconds(100), .fall = 2, .rise = 1});
  state.record(kPass);
  EXPECT_EQ(state.next_delay(), std::chrono::milliseconds(100));
  state.record(kFail);
  EXPECT_EQ(state.next_delay(), std::chrono::milliseconds(25));
  state.record(kFail);
  EXPECT_EQ(state.next_delay(), std::chrono::milliseconds(100));
}

}  // namespace
}  // namespace netkeel::ha
