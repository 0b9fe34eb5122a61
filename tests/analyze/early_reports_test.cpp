// The engine when agents report early (every second after a peer stops answering; docs/agent.md): a dead
// host or switch is found within seconds, a live agent that reports is never taken for a dead one, and
// short intervals neither break a sustained loss nor split one burst into several glitches.
#include "engine_fixture.hpp"
#include "netkeel/analyze/rules.hpp"

namespace netkeel::analyze::testing {
namespace {

constexpr std::int64_t kSecond = 1'000;
constexpr double kProbesPerSecond = 2;  // icmp and udp, once a second each

class EarlyReports : public EngineFixture {};

const LostFn cmp2_dead = [](const std::string& src, const std::string& dst, const std::string&) {
  return src == "cmp2" || dst == "cmp2" ? 2 : 0;
};

TEST_F(EarlyReports, ADeadHostIsDownWithinEightSecondsOfItsLastReport) {
  steps(6, no_loss);
  const std::int64_t last_report = now;  // cmp2 dies right after this report
  // The peers' first probes to cmp2 time out 1.5 s later: they report at once, then every second.
  step_after(1'500, 3, [](const std::string& src, const std::string& dst, const std::string&) {
    return dst == "cmp2" && src != "cmp2" ? 1 : 0;
  }, {"cmp2"});
  std::int64_t fired_at = 0;
  for (int i = 0; i < 15 && fired_at == 0; ++i) {
    step_after(kSecond, kProbesPerSecond, cmp2_dead, {"cmp2"});
    if (!firing(kHostDown).empty()) fired_at = now + 500;
  }
  ASSERT_NE(fired_at, 0) << "no NetkeelHostDown";
  // Unreachable needs 5 s of nothing but losses after the partial interval (1.5 s): 6.5 s, evaluated at 7 s.
  EXPECT_LE(fired_at - last_report, 7'000);
  ASSERT_EQ(firing().size(), 1U) << firing()[0].summary;
  EXPECT_EQ(firing()[0].labels.at("host"), "cmp2");
  EXPECT_EQ(fired_count(kPartition), 0U);
}

TEST_F(EarlyReports, AHostCutFromEveryPeerWhoseAgentStillReportsIsNotDown) {
  steps(6, no_loss);
  step_after(1'500, 3, [](const std::string& src, const std::string& dst, const std::string&) {
    return src == "cmp2" || dst == "cmp2" ? 1 : 0;
  });
  for (int i = 0; i < 20; ++i) step_after(kSecond, kProbesPerSecond, cmp2_dead);  // cmp2 reports too
  EXPECT_EQ(fired_count(kHostDown), 0U);
}

TEST_F(EarlyReports, AnAgentThatDoesNotReportEarlyLooksDownUntilItsNextReport) {
  // cmp2's agent runs with --trouble-report-interval 0: alive, but it sent nothing since its peers lost
  // it, which is what a dead host looks like. Its next regular report resolves the alert at once.
  steps(6, no_loss);
  const std::int64_t last_report = now;
  step_after(1'500, 3, [](const std::string& src, const std::string& dst, const std::string&) {
    return dst == "cmp2" && src != "cmp2" ? 1 : 0;
  }, {"cmp2"});
  for (int i = 0; i < 7; ++i) step_after(kSecond, kProbesPerSecond, cmp2_dead, {"cmp2"});
  ASSERT_EQ(firing(kHostDown).size(), 1U);
  // It reports again (it was only slow): the alert resolves at once.
  step_after(500, 1, cmp2_dead);
  step_after(kSecond, kProbesPerSecond, no_loss);
  EXPECT_TRUE(firing(kHostDown).empty());
  EXPECT_GT(now, last_report);
}

TEST_F(EarlyReports, OneSecondIntervalsOfALossyPairDoNotBreakItsSustainedLoss) {
  steps(6, no_loss);
  // ctl1 -> cmp1 loses one of two probes in every third second (about 17%): two clean seconds between.
  int second = 0;
  const LostFn lossy = [&](const std::string& src, const std::string& dst, const std::string&) {
    return src == "ctl1" && dst == "cmp1" && second % 3 == 0 ? 1 : 0;
  };
  std::size_t glitches = 0;
  std::int64_t fired_at = 0;
  const std::int64_t loss_began = now;
  for (second = 0; second < 40; ++second) {
    const Evaluation evaluation = step_after(kSecond, kProbesPerSecond, lossy);
    for (const auto& event : evaluation.events) glitches += event.kind == kGlitchEventKind ? 1 : 0;
    if (fired_at == 0 && !firing(kSustainedLoss).empty()) fired_at = now;
  }
  EXPECT_EQ(glitches, 0U) << "one sustained run, not bursts";
  ASSERT_NE(fired_at, 0);
  EXPECT_LE(fired_at - loss_began, 31'000);
  // Back to regular clean reports: it holds until the clear time is clean, then resolves; no glitch.
  for (int i = 0; i < 14; ++i) {
    const Evaluation evaluation = step(no_loss);
    for (const auto& event : evaluation.events) glitches += event.kind == kGlitchEventKind ? 1 : 0;
  }
  EXPECT_TRUE(firing(kSustainedLoss).empty());
  EXPECT_EQ(glitches, 0U);
}

TEST_F(EarlyReports, OneBurstOfOneSecondIntervalsIsOneGlitch) {
  steps(6, no_loss);
  int second = 0;
  const LostFn burst = [&](const std::string& src, const std::string& dst, const std::string& network) {
    return network == "mgmt" && src == "ctl1" && dst == "cmp1" && second % 2 == 0 ? 2 : 0;
  };
  std::vector<store::Event> glitches;
  for (second = 0; second < 6; ++second) {
    for (auto& event : step_after(kSecond, kProbesPerSecond, burst).events) glitches.push_back(event);
  }
  for (int i = 0; i < 3; ++i) {
    for (auto& event : step(no_loss).events) glitches.push_back(event);
  }
  ASSERT_EQ(glitches.size(), 1U);
  EXPECT_EQ(glitches[0].kind, kGlitchEventKind);
  EXPECT_EQ(glitches[0].text, "mgmt: ctl1 -> cmp1 lost 6 of 10 probes in 5s (a burst shorter than the sustained-loss time)");
}

TEST_F(EarlyReports, AShortOutageIsNotAGlitch) {
  // cmp2 is cut off for 7 s (every probe lost), then back: the host-down rule's news, not a loss burst,
  // so three of them in ten minutes are no NetkeelGlitches.
  steps(6, no_loss);
  std::size_t glitches = 0;
  for (int outage = 0; outage < 3; ++outage) {
    for (int i = 0; i < 7; ++i) {
      for (const auto& event : step_after(kSecond, kProbesPerSecond, cmp2_dead).events) {
        glitches += event.kind == kGlitchEventKind ? 1 : 0;
      }
    }
    for (int i = 0; i < 3; ++i) {
      for (const auto& event : step(no_loss).events) glitches += event.kind == kGlitchEventKind ? 1 : 0;
    }
  }
  EXPECT_EQ(glitches, 0U);
  EXPECT_EQ(fired_count(kGlitches), 0U);
}

}  // namespace
}  // namespace netkeel::analyze::testing
