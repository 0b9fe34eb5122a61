#include "netkeel/ha/health_monitor.hpp"

#include <gtest/gtest.h>

#include <deque>

#include "netkeel/core/fake_clock.hpp"

namespace netkeel::ha {
namespace {

using std::chrono::milliseconds;

// Answers from a script; what a service does between checks.
class ScriptedProbe final : public HealthProbe {
 public:
  explicit ScriptedProbe(std::deque<bool>& script) : script_(script) {}
  ProbeOutcome run(Nanoseconds) override {
    const bool passed = script_.empty() ? true : script_.front();
    if (!script_.empty()) script_.pop_front();
    return {passed, passed ? "ok" : "refused"};
  }
  std::string describe() const override { return "scripted"; }

 private:
  std::deque<bool>& script_;
};

TEST(HealthMonitor, PublishesStateChangesWithTheirCause) {
  FakeClock clock;
  std::deque<bool> script{true, true, false, false};
  std::vector<std::pair<bool, std::string>> changes;
  HealthMonitor monitor(std::make_unique<ScriptedProbe>(script), HealthTiming{.fall = 2, .rise = 2}, clock,
                        [&](bool healthy, const std::string& detail) { changes.emplace_back(healthy, detail); });
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
