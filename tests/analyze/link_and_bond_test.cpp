#include "engine_fixture.hpp"
#include "netkeel/analyze/rules.hpp"

namespace netkeel::analyze::testing {
namespace {

store::Event link_event(const std::string& host, std::int64_t at, const std::string& kind, const std::string& text) {
  return {at, host, kind, text};
}

class Links : public EngineFixture {
 protected:
  Evaluation events(const std::string& host, std::vector<store::Event> list) {
    now += 1000;
    engine.ingest(mesh.batch(host, now, {}, std::move(list)));
    auto evaluation = engine.evaluate(now);
    for (const auto& a : evaluation.changes.fired) fired.push_back(a);
    for (const auto& a : evaluation.changes.resolved) resolved.push_back(a);
    return evaluation;
  }
};

TEST_F(Links, LinkDownFiresAtOnceAndClearsWithItsUp) {
  events("ctl1", {link_event("ctl1", now + 500, "link_down", "eno2 down")});
  auto alerts = firing(kLinkDown);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].labels.at("interface"), "eno2");
  EXPECT_EQ(alerts[0].culprit.kind, "nic");
  EXPECT_EQ(alerts[0].culprit.name, "ctl1:eno2");
  EXPECT_EQ(alerts[0].summary, "link down: eno2 of ctl1");
  events("ctl1", {link_event("ctl1", now + 500, "link_up", "eno2 up (held up)")});
  EXPECT_TRUE(firing(kLinkDown).empty());
}

TEST_F(Links, AnOlderEventArrivingLateDoesNotRollTheStateBack) {
  const std::int64_t early = now + 100;
  events("ctl1", {link_event("ctl1", now + 500, "link_up", "eno2 up (held up)")});
  events("ctl1", {link_event("ctl1", early, "link_down", "eno2 down")});
  EXPECT_TRUE(firing(kLinkDown).empty());
}

TEST_F(Links, FlappingFiresAndClearsWhenTheAgentReportsTheLinkStable) {
  events("cmp1", {link_event("cmp1", now + 100, "link_flapping", "eno1 flapping (quick up/down changes; damped until they stop)")});
  ASSERT_EQ(firing(kLinkFlapping).size(), 1u);
  EXPECT_TRUE(firing(kLinkDown).empty());
  events("cmp1", {link_event("cmp1", now + 100, "link_up", "eno1 up (held up)")});
  EXPECT_TRUE(firing(kLinkFlapping).empty());
}

TEST(LinksWithASite, OnlyTheSitesNicsAreWatchedAndTheCableIsNamed) {
  AlertTopology topology;
  topology.hosts = {{"ctl1", {{"eno1", "tor1", "Eth1/7"}}}};
  AlertEngine engine({}, topology);
  store::Batch batch;
  batch.id = {"ctl1", 1};
  batch.events = {{kStart, "ctl1", "link_down", "eno1 down"}, {kStart, "ctl1", "link_down", "vip-api0 down"}};
  engine.ingest(batch);
  engine.evaluate(kStart + 1);
  const auto alerts = engine.firing();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].description,
            "ctl1 reported eno1 down (cabled to tor1 port Eth1/7); the alert clears with its link_up (up for the "
            "agent's --flap-up-hold).");
}

store::Batch bond_batch(const std::string& host, std::uint64_t sequence, std::int64_t at, bool eno1_up, bool eno2_up) {
  store::Batch batch;
  batch.id = {host, sequence};
  for (const auto& [member, up] : {std::pair{"eno1", eno1_up}, std::pair{"eno2", eno2_up}}) {
    batch.series.push_back(store::make_series("netkeel_bond_member_up", {{"bond", "bond0"}, {"host", host}, {"member", member}}));
    batch.samples.push_back({static_cast<std::uint32_t>(batch.series.size() - 1), at, up ? 1.0 : 0.0});
  }
  return batch;
}

TEST(BondDegraded, ABondOnOneOfTwoMembersFiresAndClearsWhenBothAreUp) {
  AlertEngine engine({}, {});
  engine.ingest(bond_batch("ctl1", 1, kStart, true, false));
  engine.evaluate(kStart + 1);
  auto alerts = engine.firing();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].name, kBondDegraded);
  EXPECT_EQ(alerts[0].summary, "bond0 of ctl1 runs on 1 of 2 members");
  EXPECT_EQ(alerts[0].culprit.name, "ctl1:eno2");
  EXPECT_EQ(alerts[0].severity, Severity::warning);
  engine.ingest(bond_batch("ctl1", 2, kStart + 10'000, false, false));
  engine.evaluate(kStart + 10'001);
  alerts = engine.firing();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].severity, Severity::critical);
  engine.ingest(bond_batch("ctl1", 3, kStart + 20'000, true, true));
  engine.evaluate(kStart + 20'001);
  EXPECT_TRUE(engine.firing().empty());
}

}  // namespace
}  // namespace netkeel::analyze::testing
