// The flap fault's schedule and its duration syntax.
#include "netkeel/lab/flap_schedule.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/core/error.hpp"

namespace netkeel::lab {
namespace {

using std::chrono::milliseconds;

TEST(FlapSchedule, WholeCyclesDownThenUpHalfAPeriodLater) {
  auto events = flap_schedule(30, milliseconds(10000));  // a 2 s period: 5 cycles in 10 s
  ASSERT_EQ(events.size(), 10u);
  for (size_t k = 0; k < 5; ++k) {
    EXPECT_EQ(events[2 * k].at, milliseconds(2000 * static_cast<long>(k)));
    EXPECT_FALSE(events[2 * k].up);
    EXPECT_EQ(events[2 * k + 1].at, milliseconds(2000 * static_cast<long>(k) + 1000));
    EXPECT_TRUE(events[2 * k + 1].up);
  }
}

TEST(FlapSchedule, AtLeastOneCycleAndTheLastEventIsUp) {
  auto events = flap_schedule(1, milliseconds(5000));  // period 60 s, longer than the duration
  ASSERT_EQ(events.size(), 2u);
  EXPECT_TRUE(events.back().up);
  EXPECT_TRUE(flap_schedule(600, milliseconds(1000)).back().up);
  EXPECT_EQ(flap_schedule(600, milliseconds(1000)).size(), 20u);
}

TEST(FlapSchedule, RateAndDurationAreChecked) {
  EXPECT_THROW(flap_schedule(0, milliseconds(1000)), UsageError);
  EXPECT_THROW(flap_schedule(601, milliseconds(1000)), UsageError);
  EXPECT_THROW(flap_schedule(10, milliseconds(0)), UsageError);
}

TEST(ParseDuration, UnitsAndPlainSeconds) {
  EXPECT_EQ(parse_duration("90", "--for"), milliseconds(90000));
  EXPECT_EQ(parse_duration("90s", "--for"), milliseconds(90000));
  EXPECT_EQ(parse_duration("1500ms", "--for"), milliseconds(1500));
  EXPECT_EQ(parse_duration("2m", "--for"), milliseconds(120000));
  EXPECT_EQ(parse_duration("1h", "--for"), milliseconds(3600000));
}

TEST(ParseDuration, BadInputNamesTheFlagAndTheSyntax) {
  for (const char* bad : {"", "s", "1.5s", "-3s", "3w", "10 s", "0", "8d", "9999999999"}) {
    try {
      parse_duration(bad, "--for");
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const UsageError& e) {
      EXPECT_THAT(e.what(), ::testing::HasSubstr("--for")) << bad;
    }
  }
}

}  // namespace
}  // namespace netkeel::lab
