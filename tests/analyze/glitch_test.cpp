#include "engine_fixture.hpp"
#include "netkeel/analyze/rules.hpp"

namespace netkeel::analyze::testing {
namespace {

class Glitches : public EngineFixture {};

LostFn burst_if(bool on) {
  return [on](const std::string& src, const std::string& dst, const std::string& network) {
    return on && src == "ctl2" && dst == "cmp2" && network == "mgmt" ? 5 : 0;
  };
}

// A one-interval burst, then a clean interval: returns the glitch events the clean interval produced.
std::vector<store::Event> glitch_events(const Evaluation& evaluation) {
  std::vector<store::Event> out;
  for (const auto& event : evaluation.events) {
    if (event.kind == kGlitchEventKind) out.push_back(event);
  }
  return out;
}

TEST_F(Glitches, ShortBurstsAreEventsUntilTheyRepeat) {
  steps(3, no_loss);
  for (int burst = 1; burst <= 2; ++burst) {
    step(burst_if(true));
    const auto events = glitch_events(step(burst_if(false)));
    ASSERT_EQ(events.size(), 1u) << "burst " << burst;
    EXPECT_EQ(events[0].host, "ctl2");
    EXPECT_EQ(events[0].text, "mgmt: ctl2 -> cmp2 lost 5 of 10 probes in 10s (a burst shorter than the sustained-loss time)");
    steps(2, no_loss);
  }
  EXPECT_TRUE(firing().empty()) << "two glitches are not an alert";
  step(burst_if(true));
  step(burst_if(false));
  const auto alerts = firing(kGlitches);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].summary, "mgmt: 3 loss glitches from ctl2 to cmp2 in 10m");
  EXPECT_TRUE(firing(kSustainedLoss).empty()) << "no burst lasted the fire time";
}

TEST_F(Glitches, ClearWhenTheWindowHoldsNone) {
  steps(3, no_loss);
  for (int burst = 0; burst < 3; ++burst) {
    step(burst_if(true));
    step(burst_if(false));
  }
  ASSERT_EQ(firing(kGlitches).size(), 1u);
  steps(56, no_loss);  // the first glitch is over 10 minutes old, the others not yet: two hold it
  EXPECT_EQ(firing(kGlitches).size(), 1u);
  steps(6, no_loss);
  EXPECT_TRUE(firing(kGlitches).empty());
}

TEST_F(Glitches, ALongRunIsSustainedLossNotAGlitch) {
  steps(4, burst_if(true));
  const auto events = glitch_events(step(burst_if(false)));
  EXPECT_TRUE(events.empty());
  EXPECT_EQ(firing(kSustainedLoss).size(), 1u);
}

}  // namespace
}  // namespace netkeel::analyze::testing
