#include "engine_fixture.hpp"
#include "netkeel/analyze/rules.hpp"

namespace netkeel::analyze::testing {
namespace {

class SustainedLoss : public EngineFixture {};

// ctl1 -> cmp1 on storage loses `n` of 10 probes; every other pair is clean.
LostFn one_pair(int n) {
  return [n](const std::string& src, const std::string& dst, const std::string& network) {
    return src == "ctl1" && dst == "cmp1" && network == "storage" ? n : 0;
  };
}

TEST_F(SustainedLoss, CleanMeshRaisesNothing) {
  steps(60, no_loss);
  EXPECT_TRUE(fired.empty());
}

TEST_F(SustainedLoss, FiresOnceTheLossLastedTheFireTimeAndNamesThePair) {
  steps(3, no_loss);
  const std::int64_t first_bad = now + kInterval;
  steps(2, one_pair(2));  // 20% for 20 s: not yet
  EXPECT_TRUE(firing(kSustainedLoss).empty());
  step(one_pair(2));  // 30 s
  const auto alerts = firing(kSustainedLoss);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].network, "storage");
  EXPECT_EQ(alerts[0].labels.at("src"), "ctl1");
  EXPECT_EQ(alerts[0].labels.at("dst"), "cmp1");
  EXPECT_EQ(alerts[0].since_unix_ms, first_bad);
  EXPECT_EQ(alerts[0].summary, "storage: 20% loss from ctl1 to cmp1");
  EXPECT_EQ(alerts[0].culprit.kind, "network");
}

TEST_F(SustainedLoss, LossBelowTheFireRatioNeverFires) {
  AlertOptions options;
  options.loss_fire_ratio = 0.15;  // 1 of 10 lost is 10%: under it
  AlertEngine strict(options, {});
  std::swap(engine, strict);
  steps(30, one_pair(1));
  EXPECT_TRUE(fired.empty());
}

TEST_F(SustainedLoss, HoldsBetweenTheThresholdsAndClearsOnlyAfterTheClearTime) {
  steps(3, no_loss);
  steps(4, one_pair(3));
  ASSERT_EQ(firing(kSustainedLoss).size(), 1u);
  // 1 lost in 10 s every third interval: about 3%, under the fire ratio per run but above the clear
  // ratio: the alert stays, no resolve-and-refire at the threshold.
  for (int i = 1; i <= 30; ++i) step(one_pair(i % 3 == 0 ? 1 : 0));  // ends on a lossy interval
  EXPECT_EQ(fired_count(kSustainedLoss), 1u);
  EXPECT_TRUE(resolved.empty());
  // Clean: still firing until 2 minutes of clean intervals are in.
  steps(11, no_loss);
  EXPECT_EQ(firing(kSustainedLoss).size(), 1u);
  steps(2, no_loss);
  EXPECT_TRUE(firing(kSustainedLoss).empty());
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(resolved[0].state, AlertState::resolved);
  ASSERT_TRUE(resolved[0].ended_unix_ms.has_value());
  EXPECT_EQ(fired_count(kSustainedLoss), 1u);
}

TEST_F(SustainedLoss, LossToOneHostFromEveryPeerIsOneAlertForTheHost) {
  const LostFn to_cmp1 = [](const std::string&, const std::string& dst, const std::string& network) {
    return dst == "cmp1" && network == "storage" ? 2 : 0;
  };
  steps(6, to_cmp1);
  const auto alerts = firing(kSustainedLoss);
  ASSERT_EQ(alerts.size(), 1u) << alerts[0].summary;
  EXPECT_EQ(alerts[0].labels.at("target"), "cmp1");
  EXPECT_EQ(alerts[0].culprit.kind, "host");
  EXPECT_EQ(alerts[0].culprit.name, "cmp1");
  EXPECT_EQ(alerts[0].summary, "storage: 20% loss to host cmp1 from 3 of 3 hosts");
  // The pair detail stays in the description.
  EXPECT_NE(alerts[0].description.find("ctl1 -> cmp1: 20% lost"), std::string::npos) << alerts[0].description;
  EXPECT_NE(alerts[0].description.find("ctl2 -> cmp1"), std::string::npos);
}

}  // namespace
}  // namespace netkeel::analyze::testing
