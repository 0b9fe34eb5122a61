// The timing parameters: the defaults are safe and live; settings that break the safety inequality or
// the renewal cycle are refused with a message that names the fields and the fix.
#include "netkeel/ha/ownership_parameters.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "netkeel/core/error.hpp"

namespace netkeel::ha {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;

TEST(OwnershipParameters, TheDefaultsPass) {
  EXPECT_TRUE(parameter_problems(OwnershipParameters{}).empty());
  EXPECT_NO_THROW(validate(OwnershipParameters{}));
}

TEST(OwnershipParameters, AHoldTimeThatReachesTheTakeoverWaitIsRefused) {
  OwnershipParameters p;
  p.hold_time = milliseconds(700);
  const auto problems = parameter_problems(p);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("hold_time 700 ms"));
  EXPECT_THAT(problems[0], HasSubstr("= 448.8 ms"));
  EXPECT_THAT(problems[0], HasSubstr("lower hold_time or raise takeover_wait"));
}

TEST(OwnershipParameters, TheMarginCountsSchedulingLagAndClockRates) {
  OwnershipParameters p;
  p.hold_time = milliseconds(448);  // just inside 600 - 150 - 1.2
  EXPECT_TRUE(parameter_problems(p).empty());
  p.max_scheduling_lag = milliseconds(151);
  EXPECT_EQ(parameter_problems(p).size(), 1u);
  p.max_scheduling_lag = milliseconds(150);
  p.clock_rate_error = 0.004;  // 600 x 0.004 = 2.4 ms
  EXPECT_EQ(parameter_problems(p).size(), 1u);
}

TEST(OwnershipParameters, RenewalsThatCannotLandBeforeTheHoldTimeAreRefused) {
  OwnershipParameters p;
  p.request_timeout = milliseconds(200);  // 200 + 200 = 400, not below 400
  const auto problems = parameter_problems(p);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("request_timeout"));
  p.request_timeout = milliseconds(150);
  p.renew_interval = milliseconds(250);  // 250 + 150 = 400
  EXPECT_EQ(parameter_problems(p).size(), 1u);
}

TEST(OwnershipParameters, NonsenseValuesAreEachNamed) {
  OwnershipParameters p;
  p.renew_interval = milliseconds(0);
  p.rank_offset = milliseconds(-1);
  p.clock_rate_error = -0.5;
  const auto problems = parameter_problems(p);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_THAT(problems[0], HasSubstr("renew_interval"));
  EXPECT_THAT(problems[1], HasSubstr("rank_offset"));
  EXPECT_THAT(problems[2], HasSubstr("clock_rate_error"));
  try {
    validate(p);
    FAIL() << "validate accepted nonsense";
  } catch (const UsageError& error) {
    EXPECT_THAT(error.what(), HasSubstr("VIP ownership timing rejected:\n  renew_interval"));
  }
}

}  // namespace
}  // namespace netkeel::ha
