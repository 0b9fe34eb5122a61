// An instance's yes/no for its VIP keeper: own checks (monitors driven by hand), and a dep X@local check
// fed from the site-wide judgement with its own fall/rise and hold-down.
#include "netkeel/ha/instance_checks.hpp"

#include <gtest/gtest.h>

#include <deque>

#include "fakes/core/fake_clock.hpp"
#include "ha/scripted_probe.hpp"

namespace netkeel::ha {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

using testing::ScriptedProbe;

InstanceJudgement judged(HealthCause cause) {
  InstanceJudgement j{"keystone", "ctl1", InstanceHealth::healthy, "", cause};
  if (cause == HealthCause::local_dependency) {
    j.health = InstanceHealth::failed;
    j.reason = "depends on memcached@local, which is failed here";
  } else if (cause == HealthCause::dependency) {
    j.health = InstanceHealth::degraded;
    j.reason = "depends on mysql, which has no healthy instance";
  }
  return j;
}

TEST(InstanceChecks, WithoutChecksTheInstanceIsJudgedByItsHostAlone) {
  FakeClock clock;
  InstanceChecks checks(clock, std::nullopt);
  EXPECT_TRUE(checks.healthy());
  EXPECT_EQ(checks.own().detail, "no check");
  checks.judge(judged(HealthCause::dependency));  // degraded: keeps its VIP
  EXPECT_TRUE(checks.healthy());
}

TEST(InstanceChecks, EveryOwnCheckMustPassAndTheFirstFailingOneIsNamed) {
  FakeClock clock;
  std::deque<bool> first{true, true}, second{true, true, false, false};
  InstanceChecks checks(clock, std::nullopt);
  auto add = [&](std::deque<bool>& script) {
    auto monitor = std::make_unique<HealthMonitor>(std::make_unique<ScriptedProbe>(script, "tcp 127.0.0.1:3306"),
                                                   HealthTiming{.fall = 2, .rise = 2}, clock);
    HealthMonitor* raw = monitor.get();
    checks.add(std::move(monitor));
    return raw;
  };
  HealthMonitor* a = add(first);
  HealthMonitor* b = add(second);
  EXPECT_FALSE(checks.healthy());  // nothing has passed `rise` times yet
  for (int i = 0; i < 2; ++i) a->check_once(), b->check_once();
  EXPECT_TRUE(checks.healthy());
  for (int i = 0; i < 2; ++i) a->check_once(), b->check_once();
  EXPECT_FALSE(checks.healthy());
  const auto own = checks.own();
  EXPECT_FALSE(own.passing);
  EXPECT_EQ(own.failed_check, "tcp 127.0.0.1:3306");
  EXPECT_EQ(own.detail, "refused");
}

TEST(InstanceChecks, ALocalDependencyFailsTheInstanceAfterFallAndIsHeldDownWhenItFlaps) {
  FakeClock clock;
  InstanceChecks checks(clock, InstanceChecks::LocalDependencyCheck{"dep memcached@local", {.fall = 2, .rise = 2}, seconds(10)});
  EXPECT_TRUE(checks.healthy());  // met until the reports say otherwise
  checks.judge(judged(HealthCause::local_dependency));
  EXPECT_TRUE(checks.healthy());  // fall 2
  checks.judge(judged(HealthCause::local_dependency));
  EXPECT_FALSE(checks.healthy());
  EXPECT_EQ(checks.judgement()->cause, HealthCause::local_dependency);
  for (int flap = 0; flap < 3; ++flap) {
    for (int i = 0; i < 2; ++i) checks.judge(judged(HealthCause::none)), clock.advance(milliseconds(500));
    for (int i = 0; i < 2; ++i) checks.judge(judged(HealthCause::local_dependency)), clock.advance(milliseconds(500));
  }
  for (int i = 0; i < 4; ++i) checks.judge(judged(HealthCause::none)), clock.advance(milliseconds(500));
  EXPECT_FALSE(checks.healthy());  // met again, but held down
  ASSERT_EQ(checks.checks().size(), 1u);
  EXPECT_EQ(checks.checks()[0].check, "dep memcached@local");
  EXPECT_EQ(checks.checks()[0].state, CheckState::held_down);
  clock.advance(seconds(20));
  checks.judge(judged(HealthCause::none));
  EXPECT_TRUE(checks.healthy());
}

TEST(InstanceChecks, ADependencyDownEverywhereNeverFailsTheInstance) {
  FakeClock clock;
  InstanceChecks checks(clock, InstanceChecks::LocalDependencyCheck{"dep mysql@local", {.fall = 1, .rise = 1}, seconds(10)});
  for (int i = 0; i < 10; ++i) checks.judge(judged(HealthCause::dependency));
  EXPECT_TRUE(checks.healthy());
  EXPECT_EQ(checks.judgement()->health, InstanceHealth::degraded);
}

}  // namespace
}  // namespace netkeel::ha
