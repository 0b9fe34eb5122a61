// NetkeelAnomaly: the robust baseline, the per-pair detector and the rule through the engine, on a fake
// timeline of synthetic batches (every reply's RTT, as agents ship them).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "engine_fixture.hpp"
#include "netkeel/analyze/anomaly_detector.hpp"
#include "netkeel/analyze/robust_baseline.hpp"
#include "netkeel/analyze/rules.hpp"

namespace netkeel::analyze::testing {
namespace {

TEST(RobustBaseline, LearnsTheMeanWhileWarmingUpThenFollowsSlowly) {
  const BaselineOptions o{1'800'000, 4, 0.25, 0.0005};
  RobustBaseline b;
  for (double v : {1.0, 2.0, 3.0}) b.update(v, 10'000, o);
  EXPECT_FALSE(b.warm(o));
  b.update(2.0, 10'000, o);
  EXPECT_TRUE(b.warm(o));
  EXPECT_NEAR(b.center(), 2.0, 1e-9);
  b.update(100.0, 10'000, o);  // weight 1/5 (warming weight still larger than the half-life's)
  EXPECT_NEAR(b.center(), 2.0 + (100.0 - 2.0) / 5, 1e-9);
}

TEST(RobustBaseline, TheSpreadHasFloorsSoAQuietSeriesIsNotAlarmedByNoise) {
  const BaselineOptions o{1'800'000, 1, 0.25, 0.0005};
  RobustBaseline b;
  b.restart(0.0003);  // 0.3 ms, no deviation yet
  EXPECT_DOUBLE_EQ(b.spread(o), 0.0005);  // the absolute floor
  EXPECT_NEAR(b.score(0.0008, o), 1.0, 1e-9);
  b.restart(0.010);
  EXPECT_DOUBLE_EQ(b.spread(o), 0.0025);  // 25% of 10 ms
}

TEST(BinomialUpperTail, MatchesHandComputedValues) {
  EXPECT_DOUBLE_EQ(binomial_upper_tail(0, 10, 0.1), 1.0);
  EXPECT_NEAR(binomial_upper_tail(1, 10, 0.1), 1 - std::pow(0.9, 10), 1e-12);
  EXPECT_NEAR(binomial_upper_tail(10, 10, 0.5), std::pow(0.5, 10), 1e-15);
  EXPECT_DOUBLE_EQ(binomial_upper_tail(11, 10, 0.5), 0.0);
  EXPECT_LT(binomial_upper_tail(5, 30, 0.001), 1e-6);  // 5 of 30 at a normal 0.1%: anomalous
  EXPECT_GT(binomial_upper_tail(2, 30, 0.01), 1e-6);   // 2 of 30 at a normal 1%: not
}

AnomalyOptions quick() {
  AnomalyOptions o;
  o.warmup = 6;
  return o;
}

// One interval of replies of PAIR at the given RTTs, plus its probe counts.
void interval(AnomalyDetector& d, const PairKey& pair, std::int64_t end_ms, const std::vector<double>& rtts,
              double sent = 10, double lost = 0) {
  store::Batch batch;
  batch.id = {pair.src, 1};
  batch.series.push_back(store::make_series(
      "netkeel_probe_rtt_seconds",
      {{"dst", pair.dst}, {"kind", "icmp"}, {"network", pair.network}, {"src", pair.src}}));
  for (std::size_t i = 0; i < rtts.size(); ++i) {
    batch.samples.push_back({0, end_ms - 9'000 + static_cast<std::int64_t>(i) * 100, rtts[i]});
  }
  d.add_replies(batch);
  d.add_interval(pair, {end_ms - 1, 10'000, sent, lost});
}

const PairKey kPair{"mgmt", "ctl1", "cmp1", ProbeClass::reach};

TEST(AnomalyDetector, NeedsConsecutiveAnomalousIntervalsAndClearsAfterAsManyNormalOnes) {
  AnomalyDetector d(quick());
  std::int64_t t = kStart;
  auto next = [&](double rtt) { interval(d, kPair, t += 10'000, std::vector<double>(10, rtt)); };
  for (int i = 0; i < 8; ++i) next(0.0003);  // the baseline (judged when the next interval opens)
  next(0.005);
  next(0.005);
  EXPECT_TRUE(d.anomalous().empty());  // two judged... the second is still open
  next(0.005);
  EXPECT_TRUE(d.anomalous().empty());  // two anomalous judged
  next(0.0003);                        // judges the third
  ASSERT_EQ(d.anomalous().size(), 1U);
  const PairAnomaly a = d.anomalous().front();
  EXPECT_EQ(a.pair, kPair);
  EXPECT_EQ(a.since_ms, kStart + 90'000);  // the end of the first anomalous interval
  ASSERT_FALSE(a.what.empty());
  EXPECT_EQ(a.what.front(), "p50 5.0 ms (normally 0.30 ms)");
  next(0.0003);
  next(0.0003);
  EXPECT_EQ(d.anomalous().size(), 1U);  // two normal judged
  next(0.0003);
  EXPECT_TRUE(d.anomalous().empty());  // three: normal again
}

TEST(AnomalyDetector, JudgesNothingWhileWarmingUpOrWithTooFewReplies) {
  AnomalyDetector d(quick());
  std::int64_t t = kStart;
  for (int i = 0; i < 5; ++i) interval(d, kPair, t += 10'000, std::vector<double>(10, 0.0003));
  for (int i = 0; i < 5; ++i) interval(d, kPair, t += 10'000, std::vector<double>(10, 0.05));  // still warming
  EXPECT_TRUE(d.anomalous().empty());
  AnomalyDetector e(quick());
  t = kStart;
  for (int i = 0; i < 8; ++i) interval(e, kPair, t += 10'000, std::vector<double>(10, 0.0003));
  for (int i = 0; i < 5; ++i) interval(e, kPair, t += 10'000, std::vector<double>(4, 0.05));  // 4 < 5 replies
  EXPECT_TRUE(e.anomalous().empty());
}

TEST(AnomalyDetector, LossThePairNeverShowsIsAnomalous) {
  AnomalyDetector d(quick());
  std::int64_t t = kStart;
  for (int i = 0; i < 8; ++i) interval(d, kPair, t += 10'000, std::vector<double>(10, 0.0003), 30, 0);
  for (int i = 0; i < 4; ++i) interval(d, kPair, t += 10'000, std::vector<double>(10, 0.0003), 30, 5);
  ASSERT_EQ(d.anomalous().size(), 1U);
  EXPECT_EQ(d.anomalous().front().what.front(), "loss 5 of 30 (normally 0.00%)");
}

TEST(AnomalyDetector, ALastingChangeBecomesTheNewNormal) {
  AnomalyOptions o = quick();
  o.accept_after_ms = 300'000;
  AnomalyDetector d(o);
  std::int64_t t = kStart;
  for (int i = 0; i < 8; ++i) interval(d, kPair, t += 10'000, std::vector<double>(10, 0.0003));
  for (int i = 0; i < 5; ++i) interval(d, kPair, t += 10'000, std::vector<double>(10, 0.006));
  EXPECT_EQ(d.anomalous().size(), 1U);
  for (int i = 0; i < 30; ++i) interval(d, kPair, t += 10'000, std::vector<double>(10, 0.006));
  EXPECT_TRUE(d.anomalous().empty());  // 6 ms is normal now
}

TEST(AnomalyDetector, LateRepliesOfAJudgedIntervalAreDropped) {
  AnomalyDetector d(quick());
  std::int64_t t = kStart;
  for (int i = 0; i < 8; ++i) interval(d, kPair, t += 10'000, std::vector<double>(10, 0.0003));
  // A spooled batch from the past: its interval was judged long ago, so it cannot count twice.
  for (int i = 0; i < 5; ++i) interval(d, kPair, kStart + 20'000, std::vector<double>(10, 0.05));
  interval(d, kPair, t += 10'000, std::vector<double>(10, 0.0003));
  EXPECT_TRUE(d.anomalous().empty());
}

// ---- the rule, through the engine ----

class AnomalyRule : public EngineFixture {
 protected:
  explicit AnomalyRule(AlertOptions o = options()) : EngineFixture(o) {}
  static AlertOptions options() {
    AlertOptions o;
    o.anomaly.warmup = 12;
    return o;
  }
  // One report interval: every host ships its probe counts and one reply per second per target, at
  // RTT rtt(src, dst) (asked per reply) with +-10% jitter.
  void report(const std::function<double(const std::string&, const std::string&)>& rtt, const LostFn& lost = no_loss) {
    now += kInterval;
    for (const auto& src : hosts) {
      store::Batch batch = mesh.batch(src, now, mesh_results(src, hosts, networks, lost));
      for (const auto& network : networks) {
        for (const auto& dst : hosts) {
          if (dst == src) continue;
          batch.series.push_back(store::make_series(
              "netkeel_probe_rtt_seconds", {{"dst", dst}, {"kind", "icmp"}, {"network", network}, {"src", src}}));
          const auto series = static_cast<std::uint32_t>(batch.series.size() - 1);
          for (int i = 0; i < 10 - lost(src, dst, network); ++i) {
            batch.samples.push_back({series, now - 9'500 + i * 1'000, rtt(src, dst) * jitter(random)});
          }
        }
      }
      engine.ingest(batch);
    }
    const Evaluation e = engine.evaluate(now + 500);
    for (const auto& alert : e.changes.fired) fired.push_back(alert);
    for (const auto& alert : e.changes.resolved) resolved.push_back(alert);
  }
  static double normal(const std::string&, const std::string&) { return 0.0003; }
  std::mt19937 random{7};
  std::uniform_real_distribution<double> jitter{0.9, 1.1};
};

TEST_F(AnomalyRule, ASlowHostIsOneAlertNamingItNotOnePerPair) {
  for (int i = 0; i < 20; ++i) report(normal);
  EXPECT_TRUE(firing(kAnomaly).empty());
  auto slow_cmp2 = [](const std::string&, const std::string& dst) { return dst == "cmp2" ? 0.006 : 0.0003; };
  for (int i = 0; i < 3; ++i) report(slow_cmp2);
  EXPECT_TRUE(firing(kAnomaly).empty()) << "fires only after three anomalous intervals are judged";
  report(slow_cmp2);
  const auto alerts = firing(kAnomaly);
  ASSERT_EQ(alerts.size(), 2U) << "one per network";
  // (docs/alerts.md's example comes from this)
  std::printf("summary: %s\ndescription: %s\n", alerts[0].summary.c_str(), alerts[0].description.c_str());
  for (const Alert& alert : alerts) {
    EXPECT_EQ(alert.labels.at("target"), "cmp2");
    EXPECT_EQ(alert.culprit.kind, "host");
    EXPECT_EQ(alert.culprit.name, "cmp2");
    EXPECT_NE(alert.summary.find("abnormal RTT or loss to cmp2 (3 of 3 peers)"), std::string::npos) << alert.summary;
    EXPECT_NE(alert.description.find("from ctl1 to cmp2"), std::string::npos) << alert.description;
    EXPECT_NE(alert.description.find(" ms (normally 0.3"), std::string::npos) << alert.description;
  }
  for (int i = 0; i < 4; ++i) report(normal);
  EXPECT_TRUE(firing(kAnomaly).empty());
  EXPECT_EQ(resolved.size(), 2U);
}

TEST_F(AnomalyRule, OnePairAloneIsAPairAlert) {
  for (int i = 0; i < 20; ++i) report(normal);
  auto slow_pair = [](const std::string& src, const std::string& dst) {
    return src == "ctl1" && dst == "cmp1" ? 0.006 : 0.0003;
  };
  for (int i = 0; i < 5; ++i) report(slow_pair);
  const auto alerts = firing(kAnomaly);
  ASSERT_EQ(alerts.size(), 2U);
  EXPECT_EQ(alerts[0].labels.at("src"), "ctl1");
  EXPECT_EQ(alerts[0].labels.at("dst"), "cmp1");
}

TEST_F(AnomalyRule, NoiseAndSingleSpikesRaiseNothingOverTwoHours) {
  std::lognormal_distribution<double> noise(std::log(0.0003), 0.3);
  std::bernoulli_distribution spike(0.01);
  auto noisy = [&](const std::string&, const std::string&) { return spike(random) ? 0.02 : noise(random); };
  for (int i = 0; i < 720; ++i) report(noisy);
  EXPECT_EQ(fired_count(kAnomaly), 0U);
}

TEST_F(AnomalyRule, StaysQuietWhereALossRuleSpeaks) {
  for (int i = 0; i < 20; ++i) report(normal);
  auto lossy = [](const std::string&, const std::string& dst, const std::string& network) {
    return dst == "cmp2" && network == "storage" ? 5 : 0;
  };
  auto slow_cmp2 = [](const std::string&, const std::string& dst) { return dst == "cmp2" ? 0.006 : 0.0003; };
  for (int i = 0; i < 6; ++i) report(slow_cmp2, lossy);
  ASSERT_FALSE(firing(kSustainedLoss).empty());
  const auto alerts = firing(kAnomaly);
  ASSERT_EQ(alerts.size(), 1U);
  EXPECT_EQ(alerts[0].network, "mgmt");
}

class AnomalyRuleDisabled : public AnomalyRule {
 protected:
  AnomalyRuleDisabled() : AnomalyRule(disabled()) {}
  static AlertOptions disabled() {
    AlertOptions o = options();
    o.anomaly.enabled = false;
    return o;
  }
};

TEST_F(AnomalyRuleDisabled, RaisesNothing) {
  for (int i = 0; i < 20; ++i) report(normal);
  for (int i = 0; i < 6; ++i) report([](const std::string&, const std::string&) { return 0.01; });
  EXPECT_EQ(fired_count(kAnomaly), 0U);
}

}  // namespace
}  // namespace netkeel::analyze::testing
