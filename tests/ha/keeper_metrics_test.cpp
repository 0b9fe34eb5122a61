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

TEST(KeeperMetrics, ShowHealthWithABoundedCauseEachChecksStateAndReleasesByCause) {
  KeeperMetricsInput vip{"keystone", KeeperStatus{}, true};
  vip.judgement = InstanceJudgement{"keystone", "ctl1", InstanceHealth::degraded, "depends on mysql, ...",
                                    HealthCause::dependency};
  vip.checks = {{"http http://127.0.0.1:5000/v3", CheckState::passing, 1},
                {"exec test \"$(cat /x)\" = ok", CheckState::held_down, 4}};
  vip.releases_by_cause = {{"held_down", 2}};
  const std::string page = keeper_metrics_text({vip}, SteadyTime{});
  EXPECT_THAT(page, HasSubstr("netkeel_keeper_instance_health{service=\"keystone\",health=\"degraded\"} 1\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_keeper_instance_health{service=\"keystone\",health=\"healthy\"} 0\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_keeper_instance_unhealthy_cause{service=\"keystone\",cause=\"dependency\"} 1\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_keeper_instance_unhealthy_cause{service=\"keystone\",cause=\"check\"} 0\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_keeper_check_state{service=\"keystone\",check=\"http http://127.0.0.1:5000/v3\","
                              "state=\"passing\"} 1\n"));
  // A label value from the site file is escaped.
  EXPECT_THAT(page, HasSubstr("netkeel_keeper_check_state{service=\"keystone\",check=\"exec test \\\"$(cat /x)\\\" = ok\","
                              "state=\"held_down\"} 1\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_keeper_check_flaps_total{service=\"keystone\",check=\"http http://127.0.0.1:5000/v3\"} 1\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_keeper_vip_releases_by_cause_total{service=\"keystone\",cause=\"held_down\"} 2\n"));
  EXPECT_THAT(page, HasSubstr("netkeel_keeper_vip_releases_by_cause_total{service=\"keystone\",cause=\"check\"} 0\n"));
}

TEST(KeeperMetrics, AnUnhealthyReleaseIsBlamedOnHoldDownThenOwnChecksThenALocalDependency) {
  const auto unhealthy = ReleaseReason::unhealthy;
  EXPECT_EQ(release_cause(unhealthy, false, true, HealthCause::check), "held_down");
  EXPECT_EQ(release_cause(unhealthy, false, false, HealthCause::check), "check");
  EXPECT_EQ(release_cause(unhealthy, true, false, HealthCause::local_dependency), "local_dependency");
  EXPECT_EQ(release_cause(unhealthy, true, false, HealthCause::none), "other");
  EXPECT_EQ(release_cause(unhealthy, true, false, std::nullopt), "other");
}

TEST(KeeperMetrics, AReleaseForAnotherReasonIsNamedByItWhateverTheChecksSay) {
  EXPECT_EQ(release_cause(ReleaseReason::lost, false, true, HealthCause::check), "lost");
  EXPECT_EQ(release_cause(ReleaseReason::handover, true, false, std::nullopt), "handover");
  EXPECT_EQ(release_cause(ReleaseReason::stopping, true, false, std::nullopt), "shutdown");
  EXPECT_EQ(release_cause(ReleaseReason::take_failed, true, false, std::nullopt), "take_failed");
  EXPECT_EQ(release_cause(ReleaseReason::leftover, true, false, std::nullopt), "leftover");
  // Every cause is shown, at 0 until it happens.
  const std::string page = keeper_metrics_text({KeeperMetricsInput{"nova", KeeperStatus{}, true}}, SteadyTime{});
  for (const char* cause : kReleaseCauses)
    EXPECT_THAT(page, HasSubstr(std::string("netkeel_keeper_vip_releases_by_cause_total{service=\"nova\",cause=\"") +
                                cause + "\"} 0\n"));
}

TEST(KeeperMetrics, SayWhetherTheHostIsDrained) {
  EXPECT_THAT(keeper_metrics_text({}, SteadyTime{}), HasSubstr("# TYPE netkeel_keeper_drained gauge\nnetkeel_keeper_drained 0\n"));
  EXPECT_THAT(keeper_metrics_text({}, SteadyTime{}, true), HasSubstr("\nnetkeel_keeper_drained 1\n"));
}

}  // namespace
}  // namespace netkeel::ha
