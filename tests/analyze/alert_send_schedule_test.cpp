// When alerts go out: Prometheus' resend rules on a fake clock.
#include "netkeel/analyze/alert_send_schedule.hpp"

#include <gtest/gtest.h>

#include "analyze/alert_examples.hpp"
#include "fakes/core/fake_clock.hpp"

namespace netkeel::analyze {
namespace {

using namespace std::chrono_literals;
using test::kNewYearMs;

class AlertSendScheduleTest : public ::testing::Test {
 protected:
  SendMoment now() const { return {clock.now(), unix_milliseconds(clock.wall_now())}; }
  std::vector<OutgoingAlert> update(const std::vector<Alert>& alerts) { return schedule.update(alerts, now()); }
  std::vector<OutgoingAlert> tick_after(std::chrono::milliseconds step) {
    clock.advance(step);
    return schedule.tick(now());
  }

  FakeClock clock;
  AlertSendTimes times;  // resend 1 min, evaluation 10 s, resolved kept 15 min
  AlertSendSchedule schedule{times, test::example_links()};
};

TEST_F(AlertSendScheduleTest, FiringSentAtOnceThenEveryResendDelayWithEndsAtFourResendsAhead) {
  const auto first = update({test::sustained_loss()});
  ASSERT_EQ(first.size(), 1u);
  EXPECT_FALSE(first[0].resolved);
  EXPECT_TRUE(first[0].news);
  EXPECT_EQ(first[0].starts_at_ms, kNewYearMs + 5000);
  EXPECT_EQ(first[0].ends_at_ms, kNewYearMs + 4 * 60'000);  // 4 x max(1 min, 10 s)
  EXPECT_TRUE(update({test::sustained_loss()}).empty());    // the same alert again: nothing new
  EXPECT_TRUE(tick_after(59s).empty());
  const auto resend = tick_after(1s);
  ASSERT_EQ(resend.size(), 1u);
  EXPECT_FALSE(resend[0].news);
  EXPECT_EQ(resend[0].ends_at_ms, kNewYearMs + 60'000 + 4 * 60'000);
  EXPECT_TRUE(tick_after(30s).empty());
  EXPECT_EQ(tick_after(30s).size(), 1u);
}

TEST_F(AlertSendScheduleTest, EndsAtFollowsTheEvaluationIntervalWhenLonger) {
  AlertSendSchedule slow({60s, 5min, 15min}, {});
  const auto sent = slow.update({test::host_down()}, now());
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].ends_at_ms, kNewYearMs + 4 * 5 * 60'000);
}

TEST_F(AlertSendScheduleTest, ResolvedSentAtOnceThenResentForFifteenMinutesThenForgotten) {
  update({test::host_down()});
  clock.advance(10s);
  Alert resolved = test::host_down();
  resolved.state = AlertState::resolved;
  resolved.ended_unix_ms = kNewYearMs + 8000;
  const auto at_once = update({resolved});
  ASSERT_EQ(at_once.size(), 1u);
  EXPECT_TRUE(at_once[0].resolved);
  EXPECT_TRUE(at_once[0].news);
  EXPECT_EQ(at_once[0].ends_at_ms, kNewYearMs + 8000);  // its end, not a time ahead
  int resends = 0;
  for (int second = 1; second <= 20 * 60; ++second) {
    for (const auto& alert : tick_after(1s)) {
      EXPECT_TRUE(alert.resolved);
      EXPECT_EQ(alert.ends_at_ms, kNewYearMs + 8000);
      ++resends;
    }
  }
  EXPECT_EQ(resends, 14);  // at 1, 2, ... 14 min; at 15 min it is forgotten
  EXPECT_EQ(schedule.tracked(), 0u);
}

TEST_F(AlertSendScheduleTest, AnAlertGoneFromTheListIsResolvedNow) {
  update({test::host_down(), test::sustained_loss()});
  clock.advance(3s);
  const auto sent = update({test::sustained_loss()});
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].labels.at("alertname"), "NetkeelHostDown");
  EXPECT_TRUE(sent[0].resolved);
  EXPECT_EQ(sent[0].ends_at_ms, kNewYearMs + 3000);
}

TEST_F(AlertSendScheduleTest, FiringAgainIsANewIncidentSentAtOnce) {
  update({test::host_down()});
  clock.advance(5s);
  update({});
  clock.advance(5s);
  Alert again = test::host_down();
  again.since_unix_ms = kNewYearMs + 10'000;
  const auto sent = update({again});
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_FALSE(sent[0].resolved);
  EXPECT_EQ(sent[0].starts_at_ms, kNewYearMs + 10'000);
}

TEST_F(AlertSendScheduleTest, NewFiguresRideOnTheNextResend) {
  update({test::sustained_loss()});
  Alert worse = test::sustained_loss();
  worse.description = "pairs ctl1->cmp2, ctl1->cmp3 lose 9.0% over 30s";
  clock.advance(20s);
  EXPECT_TRUE(update({worse}).empty());
  const auto resend = tick_after(40s);
  ASSERT_EQ(resend.size(), 1u);
  EXPECT_EQ(resend[0].annotations.at("description"), worse.description);
}

TEST_F(AlertSendScheduleTest, ResolvedBeforeItWasEverSentIsToldWithinTheRetention) {
  // As after a server restart: the engine lists alerts that resolved while no notifier ran.
  clock.advance(10min);
  Alert recent = test::host_down("cmp1");
  recent.state = AlertState::resolved;
  recent.ended_unix_ms = kNewYearMs + 5 * 60'000;  // 5 minutes ago
  Alert old = test::host_down("cmp2");
  old.state = AlertState::resolved;
  old.ended_unix_ms = kNewYearMs - 60'000;  // 11 minutes ago... still inside 15
  Alert ancient = test::host_down("cmp3");
  ancient.state = AlertState::resolved;
  ancient.ended_unix_ms = kNewYearMs - 30 * 60'000;
  EXPECT_EQ(update({recent, old, ancient}).size(), 2u);
  // cmp2's retention ends 15 min after its end: 4 minutes from now; cmp1's 10 minutes from now.
  std::size_t cmp2_sends = 0;
  for (int minute = 1; minute <= 12; ++minute) {
    for (const auto& alert : tick_after(1min)) cmp2_sends += alert.labels.at("culprit") == "cmp2";
  }
  EXPECT_EQ(cmp2_sends, 3u);  // at +1, +2, +3 min
  EXPECT_EQ(schedule.tracked(), 0u);
}

TEST_F(AlertSendScheduleTest, OneIdentityOneAlert) {
  Alert duplicate = test::host_down();
  duplicate.summary = "listed twice";
  const auto sent = update({test::host_down(), duplicate});
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].annotations.at("summary"), "cmp3 is down");
}

}  // namespace
}  // namespace netkeel::analyze
