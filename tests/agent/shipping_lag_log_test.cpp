// ShippingLagLog: a warning when batches pile up or are dropped, at most once a minute, and one line when
// the spool is empty again.
#include "netkeel/agent/shipping_lag_log.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace netkeel::agent {
namespace {

using ::testing::HasSubstr;
using std::chrono::seconds;

ShippingCounters spooled(std::uint64_t batches) {
  ShippingCounters c;
  c.spool_batches = batches;
  c.spool_bytes = batches * 1000;
  return c;
}

TEST(ShippingLagLog, WarnsOncePerMinuteWhileBehindAndSaysWhenCaughtUp) {
  ShippingLagLog lag;
  const SteadyTime t0{};
  EXPECT_FALSE(lag.observe(spooled(1), t0));
  EXPECT_FALSE(lag.observe(spooled(2), t0 + seconds(10)));
  ShippingCounters behind = spooled(3);
  behind.failures["connect"] = 4;
  const auto warning = lag.observe(behind, t0 + seconds(20));
  ASSERT_TRUE(warning);
  EXPECT_EQ(warning->level, log::Level::warning);
  EXPECT_THAT(warning->message, HasSubstr("3 batches (3000 bytes) wait in the spool"));
  EXPECT_THAT(warning->message, HasSubstr("connect=4"));
  EXPECT_FALSE(lag.observe(spooled(4), t0 + seconds(30)));
  EXPECT_FALSE(lag.observe(spooled(9), t0 + seconds(79)));
  EXPECT_TRUE(lag.observe(spooled(10), t0 + seconds(80)));
  EXPECT_FALSE(lag.observe(spooled(1), t0 + seconds(90))) << "draining, not yet empty";
  const auto caught_up = lag.observe(spooled(0), t0 + seconds(100));
  ASSERT_TRUE(caught_up);
  EXPECT_EQ(caught_up->level, log::Level::info);
  EXPECT_THAT(caught_up->message, HasSubstr("caught up"));
  EXPECT_FALSE(lag.observe(spooled(0), t0 + seconds(110)));
}

TEST(ShippingLagLog, DroppedBatchesAreReportedEvenWithAShortSpool) {
  ShippingLagLog lag;
  ShippingCounters c = spooled(0);
  c.queue_dropped_batches = 2;
  const auto line = lag.observe(c, SteadyTime{});
  ASSERT_TRUE(line);
  EXPECT_THAT(line->message, HasSubstr("2 batches dropped so far (2 new"));
  const auto next = lag.observe(c, SteadyTime{} + seconds(120));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->level, log::Level::info) << "the same drops are not news; the spool is empty";
}

}  // namespace
}  // namespace netkeel::agent
