// The test-support polling helper (tests/support/eventually.hpp). None of these waits: the condition holds
// at once, the poll interval is zero, or the time is already up.
#include "support/eventually.hpp"

#include <chrono>
#include <string>

#include <gtest/gtest.h>

namespace netkeel::testing {
namespace {

using std::chrono::milliseconds;

TEST(Eventually, HoldsAtOnceWithOneObservation) {
  int observations = 0;
  const auto r = eventually([&] { return ++observations; }, [](int n) { return n >= 1; }, milliseconds(0),
                            milliseconds(0));
  EXPECT_TRUE(r.held);
  EXPECT_EQ(r.last, 1);
  EXPECT_EQ(observations, 1);
}

TEST(Eventually, PollsUntilTheConditionHoldsAndKeepsTheObservationThatDid) {
  int observations = 0;
  const auto r = eventually([&] { return "seen " + std::to_string(++observations); },
                            [](const std::string& s) { return s == "seen 3"; }, std::chrono::hours(1),
                            milliseconds(0));
  EXPECT_TRUE(r.held);
  EXPECT_EQ(r.last, "seen 3");
  EXPECT_EQ(observations, 3);
}

TEST(Eventually, GivesUpAtTheDeadlineWithTheLastObservationForTheMessage) {
  int observations = 0;
  const auto r = eventually([&] { return ++observations; }, [](int) { return false; }, milliseconds(0),
                            milliseconds(0));
  EXPECT_FALSE(r.held);
  EXPECT_EQ(r.last, 1) << "observed once, then the time was up";
}

TEST(Eventually, APlainConditionSaysWhetherItHeld) {
  int calls = 0;
  EXPECT_TRUE(eventually([&] { return ++calls == 2; }, std::chrono::hours(1), milliseconds(0)));
  EXPECT_EQ(calls, 2);
  EXPECT_FALSE(eventually([] { return false; }, milliseconds(0), milliseconds(0)));
}

}  // namespace
}  // namespace netkeel::testing
