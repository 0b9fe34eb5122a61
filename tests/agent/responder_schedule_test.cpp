#include "netkeel/agent/responder_schedule.hpp"

#include <gtest/gtest.h>

namespace netkeel::agent {
namespace {

using std::chrono::milliseconds;

const SteadyTime t0{std::chrono::seconds(100)};

TEST(ResponderSchedule, NothingWaitingIsNeverAnswered) {
  ResponderSchedule s(milliseconds(50));
  EXPECT_FALSE(s.deadline());
  EXPECT_FALSE(s.answer_now(t0, true)) << "awake, but no probe waits";
}

TEST(ResponderSchedule, ProbesWaitForTheirWindowFromTheFirstArrival) {
  ResponderSchedule s(milliseconds(50));
  s.arrived(t0);
  s.arrived(t0 + milliseconds(30));  // more probes join the first one's window
  EXPECT_EQ(s.deadline(), t0 + milliseconds(50));
  EXPECT_FALSE(s.answer_now(t0 + milliseconds(49), false));
  EXPECT_TRUE(s.answer_now(t0 + milliseconds(50), false));
  s.answered();
  EXPECT_FALSE(s.deadline());
  s.arrived(t0 + milliseconds(60));
  EXPECT_EQ(s.deadline(), t0 + milliseconds(110)) << "a new window after the answer";
}

TEST(ResponderSchedule, AWakeupForSomethingElseAnswersEarly) {
  ResponderSchedule s(milliseconds(50));
  s.arrived(t0);
  EXPECT_TRUE(s.answer_now(t0 + milliseconds(10), true)) << "the loop is awake anyway: no wakeup saved by waiting";
}

TEST(ResponderSchedule, AZeroWindowAnswersAtOnce) {
  ResponderSchedule s(Nanoseconds(0));  // --once
  s.arrived(t0);
  EXPECT_TRUE(s.answer_now(t0, false));
}

}  // namespace
}  // namespace netkeel::agent
