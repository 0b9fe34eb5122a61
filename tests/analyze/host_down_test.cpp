#include "engine_fixture.hpp"
#include "netkeel/analyze/rules.hpp"

namespace netkeel::analyze::testing {
namespace {

class HostDown : public EngineFixture {};

int cmp2_dead(const std::string& src, const std::string& dst, const std::string&) {
  return dst == "cmp2" || src == "cmp2" ? 10 : 0;
}

TEST_F(HostDown, OneAlertForTheHostAndNoPairOrPartitionAlerts) {
  steps(3, no_loss);
  const std::int64_t died = now;
  steps(5, cmp2_dead, {"cmp2"});
  const auto alerts = firing();
  ASSERT_EQ(alerts.size(), 1u) << alerts[0].name << " " << alerts[0].summary;
  EXPECT_EQ(alerts[0].name, kHostDown);
  EXPECT_EQ(alerts[0].labels.at("host"), "cmp2");
  EXPECT_EQ(alerts[0].culprit.kind, "host");
  EXPECT_EQ(alerts[0].severity, Severity::critical);
  EXPECT_EQ(alerts[0].since_unix_ms, died + kInterval);
  EXPECT_EQ(alerts[0].summary, "host cmp2 is down: no peer reaches it and its agent is silent");
  EXPECT_EQ(fired_count(kPartition), 0u);
  EXPECT_EQ(fired_count(kSustainedLoss), 0u);
}

TEST_F(HostDown, AHostWhoseAgentStillReportsIsNotDown) {
  steps(3, no_loss);
  steps(8, cmp2_dead);  // cut off from its peers on both networks, but its batches arrive
  EXPECT_EQ(fired_count(kHostDown), 0u);
  EXPECT_EQ(fired_count(kPartition), 0u) << "one isolated host is not a partition";
  EXPECT_FALSE(firing(kSustainedLoss).empty());
}

TEST_F(HostDown, LateSpooledBatchesAfterAServerOutageDoNotMakeAHostLookDown) {
  // The server was away for 5 minutes: every agent spooled. The peers' batches arrive first, cmp2's a
  // little later; each batch's samples carry the time they were taken.
  std::vector<store::Batch> cmp2_spool;
  steps(2, no_loss);
  for (int i = 0; i < 30; ++i) {
    now += kInterval;
    for (const auto& host : hosts) {
      auto batch = mesh.batch(host, now, mesh_results(host, hosts, networks, no_loss));
      if (host == "cmp2") {
        cmp2_spool.push_back(std::move(batch));
      } else {
        engine.ingest(batch);
      }
    }
  }
  auto evaluation = engine.evaluate(now + 2000);
  EXPECT_TRUE(evaluation.changes.fired.empty());
  for (const auto& batch : cmp2_spool) engine.ingest(batch);
  evaluation = engine.evaluate(now + 4000);
  EXPECT_TRUE(evaluation.changes.fired.empty());
  EXPECT_TRUE(engine.firing().empty());
}

TEST_F(HostDown, ClearsWhenTheHostIsBack) {
  steps(3, no_loss);
  steps(5, cmp2_dead, {"cmp2"});
  ASSERT_EQ(firing(kHostDown).size(), 1u);
  steps(2, no_loss);
  EXPECT_TRUE(firing(kHostDown).empty());
}

}  // namespace
}  // namespace netkeel::analyze::testing
