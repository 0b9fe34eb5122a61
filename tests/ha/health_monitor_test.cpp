#include "netkeel/ha/health_monitor.hpp"

#include <gtest/gtest.h>

#include <deque>

#include "fakes/core/fake_clock.hpp"
#include "ha/scripted_probe.hpp"

namespace netkeel::ha {
namespace {

using std::chrono::milliseconds;

using testing::ScriptedProbe;

TEST(HealthMonitor, PublishesStateChangesWithTheirCause) {
  FakeClock clock;
  std::deque<bool> script{true, true, false, false};
  std::vector<std::pair<bool, std::string>> changes;
  HealthMonitor monitor(std::make_unique<ScriptedProbe>(script), HealthTiming{.fall = 2, .rise = 2}, clock,
                        [&](CheckState state, const std::string& detail) { changes.emplace_back(state == CheckState::passing, detail); });
  EXPECT_FALSE(monitor.healthy());
  EXPECT_EQ(monitor.check_once(), milliseconds(25));  // one pass of two: confirm soon
  EXPECT_EQ(monitor.check_once(), milliseconds(100));
  EXPECT_TRUE(monitor.healthy());
  monitor.check_once();
  EXPECT_TRUE(monitor.healthy());
  EXPECT_EQ(monitor.detail(), "refused");
  monitor.check_once();
  EXPECT_FALSE(monitor.healthy());
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0], std::make_pair(true, std::string("ok")));
  EXPECT_EQ(changes[1], std::make_pair(false, std::string("refused")));
}

TEST(HealthMonitor, ItsThreadChecksAtTheIntervalOnTheClockAndStops) {
  FakeClock clock;
  std::deque<bool> script{true, true};
  HealthMonitor monitor(std::make_unique<ScriptedProbe>(script), HealthTiming{.fall = 2, .rise = 2}, clock);
  monitor.start();
  // A fake clock's sleep returns at once, so the thread runs through the script quickly.
  for (int i = 0; i < 100000 && !monitor.healthy(); ++i) std::this_thread::yield();
  monitor.stop();
  EXPECT_TRUE(monitor.healthy());
}

}  // namespace
}  // namespace netkeel::ha
