#include "netkeel/ha/keeper_metrics.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace netkeel::ha {
namespace {

using ::testing::HasSubstr;

TEST(KeeperMetrics, ShowEachVipsStateHealthCountersAndRenewLatency) {
  const SteadyTime now = SteadyTime{} + std::chrono::hours(2);
  KeeperStatus status;
  status.state = OwnershipState::holding;
  status.since = now - std::chrono::milliseconds(2500);
  status.vip_held = true;
  status.takeovers_total = 3;
  status.renew_latency.record(std::chrono::milliseconds(7));
  status.renew_latency.record(std::chrono::milliseconds(300));
  const std::string page = keeper_metrics_text({{"mysql", status, true}}, now);
  EXPECT_THAT(page, HasSubstr("netkeel_keeper_vip_state{service=\"mysql\",state=\"holding\"} 1\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_keeper_vip_state{service=\"mysql\",state=\"standby\"} 0\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_keeper_vip_state_since_seconds{service=\"mysql\"} 2.500\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_keeper_vip_held{service=\"mysql\"} 1\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_keeper_service_healthy{service=\"mysql\"} 1\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_keeper_takeovers_total{service=\"mysql\"} 3\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_keeper_renew_latency_seconds_bucket{service=\"mysql\",le=\"0.01\"} 1\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_keeper_renew_latency_seconds_bucket{service=\"mysql\",le=\"+Inf\"} 2\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_keeper_renew_latency_seconds_count{service=\"mysql\"} 2\n"));
  EXPECT_THAT(page, HasSubstr("# TYPE netkeel_keeper_renew_latency_seconds histogram\n"));
}

}  // namespace
}  // namespace netkeel::ha
