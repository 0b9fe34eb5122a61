#include "engine_fixture.hpp"
#include "netkeel/analyze/rules.hpp"

namespace netkeel::analyze::testing {
namespace {

class MtuAndVip : public EngineFixture {
 protected:
  // Every host probes the mesh, plus the pmtu probes of storage and the VIP `keystone` on mgmt.
  void step_with(bool pmtu_lost_via_cmp1, const std::set<std::string>& vip_cut_from) {
    now += kInterval;
    for (const auto& host : hosts) {
      auto results = mesh_results(host, hosts, networks, no_loss);
      for (const auto& dst : hosts) {
        if (dst == host) continue;
        const bool lost = pmtu_lost_via_cmp1 && (host == "cmp1" || dst == "cmp1");
        results.push_back({"storage", dst, 10, lost ? 10.0 : 0.0, "pmtu"});
      }
      results.push_back({"mgmt", "keystone", 10, vip_cut_from.count(host) > 0 ? 10.0 : 0.0, "tcp"});
      engine.ingest(mesh.batch(host, now, results));
    }
    engine.evaluate(now + 500);
  }
};

TEST_F(MtuAndVip, FullSizeProbesLostWhileSmallOnesPassIsAnMtuBlackHoleThroughTheSharedHost) {
  for (int i = 0; i < 3; ++i) step_with(false, {});
  step_with(true, {});
  const auto alerts = firing(kMtuBlackhole);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].network, "storage");
  EXPECT_EQ(alerts[0].culprit.kind, "host");
  EXPECT_EQ(alerts[0].culprit.name, "cmp1");
  EXPECT_EQ(alerts[0].summary, "storage: full-size packets are lost on 6 pairs (all through cmp1), small ones pass");
  EXPECT_TRUE(firing(kHostDown).empty());
  for (int i = 0; i < 1; ++i) step_with(false, {});
  EXPECT_TRUE(firing(kMtuBlackhole).empty());
}

TEST_F(MtuAndVip, RandomLossThatAlsoTakesThePathMtuProbesIsNoBlackHole) {
  // 30% loss to and from cmp1 on storage takes its few path-MTU probes too; its newest small interval
  // happens to be clean.
  const auto lossy_step = [&](bool small_lossy) {
    now += kInterval;
    for (const auto& host : hosts) {
      std::vector<ProbeResult> results;
      for (const auto& dst : hosts) {
        if (dst == host) continue;
        const bool cmp1 = host == "cmp1" || dst == "cmp1";
        results.push_back({"storage", dst, 10, cmp1 && small_lossy ? 3.0 : 0.0, "icmp"});
        results.push_back({"storage", dst, 1, cmp1 ? 1.0 : 0.0, "pmtu"});
      }
      engine.ingest(mesh.batch(host, now, results));
    }
    engine.evaluate(now + 500);
  };
  for (int i = 0; i < 3; ++i) step_with(false, {});
  lossy_step(true);
  lossy_step(true);
  lossy_step(false);
  EXPECT_TRUE(firing(kMtuBlackhole).empty());
}

TEST_F(MtuAndVip, AVipCutFromAMajorityIsUnreachableFromAMinorityItIsNot) {
  for (int i = 0; i < 3; ++i) step_with(false, {});
  step_with(false, {"ctl1", "ctl2"});  // 2 of 4: not a majority
  EXPECT_TRUE(firing(kVipUnreachable).empty());
  step_with(false, {"ctl1", "ctl2", "cmp1"});
  const auto alerts = firing(kVipUnreachable);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].labels.at("vip"), "keystone");
  EXPECT_EQ(alerts[0].summary, "mgmt: VIP keystone does not answer from 3 of 4 hosts");
  // Loss alerts about the VIP are folded into it.
  for (int i = 0; i < 3; ++i) step_with(false, {"ctl1", "ctl2", "cmp1"});
  EXPECT_TRUE(firing(kSustainedLoss).empty());
  EXPECT_EQ(firing().size(), 1u);
}

}  // namespace
}  // namespace netkeel::analyze::testing
