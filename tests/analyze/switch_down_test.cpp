#include "engine_fixture.hpp"
#include "netkeel/analyze/rules.hpp"

namespace netkeel::analyze::testing {
namespace {

AlertTopology two_racks() {
  AlertTopology topology;
  topology.hosts = {{"ctl1", {{"eno1", "tor1", "Eth1/1"}}},
                    {"ctl2", {{"eno1", "tor1", "Eth1/2"}}},
                    {"cmp1", {{"eno1", "tor2", "Eth1/1"}}},
                    {"cmp2", {{"eno1", "tor2", "Eth1/2"}}},
                    {"cmp3", {{"eno1", "tor2", "Eth1/3"}, {"eno2", "tor3", "Eth1/3"}}}};
  return topology;
}

class SwitchDown : public EngineFixture {
 protected:
  SwitchDown() : EngineFixture({}, two_racks()) { hosts = {"ctl1", "ctl2", "cmp1", "cmp2", "cmp3"}; }
};

bool behind_tor1(const std::string& host) { return host == "ctl1" || host == "ctl2"; }

int tor1_dead(const std::string& src, const std::string& dst, const std::string&) {
  return behind_tor1(src) || behind_tor1(dst) ? 10 : 0;
}

TEST_F(SwitchDown, HostsCabledOnlyToOneSwitchCutOffAreOneAlertNamingTheSwitch) {
  steps(3, no_loss);
  steps(5, tor1_dead, {"ctl1", "ctl2"});
  const auto alerts = firing();
  ASSERT_EQ(alerts.size(), 1u) << alerts[0].name << ": " << alerts[0].summary << " / " << alerts[1].summary;
  EXPECT_EQ(alerts[0].name, kHostDown);
  EXPECT_EQ(alerts[0].culprit.kind, "switch");
  EXPECT_EQ(alerts[0].culprit.name, "tor1");
  EXPECT_EQ(alerts[0].summary, "switch tor1 is down: ctl1, ctl2 (cabled only to it) are cut off");
  // The two host-down alerts it explains are in its description, not alerts of their own.
  EXPECT_NE(alerts[0].description.find("NetkeelHostDown: host ctl1 is down"), std::string::npos) << alerts[0].description;
  EXPECT_EQ(fired_count(kPartition), 0u);
}

TEST_F(SwitchDown, ALinkDownAHostBehindItSentAsTheSwitchWentDownIsFoldedIntoIt) {
  // The switch's ports go down one after the other: ctl1 sees eno1 go down and reports it while its
  // path to the server still works, then it is cut off with the rest.
  steps(3, no_loss);
  engine.ingest(mesh.batch("ctl1", now + 500, {}, {{now + 400, "ctl1", "link_down", "eno1 down"}}));
  steps(5, tor1_dead, {"ctl1", "ctl2"});
  const auto alerts = firing();
  ASSERT_EQ(alerts.size(), 1u) << alerts[0].summary << " / " << alerts[1].summary;
  EXPECT_EQ(alerts[0].culprit.kind, "switch");
  EXPECT_NE(alerts[0].description.find("NetkeelLinkDown: link down: eno1 of ctl1"), std::string::npos)
      << alerts[0].description;
}

TEST_F(SwitchDown, OneHostCutOffIsAHostDownNotASwitch) {
  const LostFn ctl1_dead = [](const std::string& src, const std::string& dst, const std::string&) {
    return src == "ctl1" || dst == "ctl1" ? 10 : 0;
  };
  steps(3, no_loss);
  steps(5, ctl1_dead, {"ctl1"});
  const auto alerts = firing();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].culprit.kind, "host");
  EXPECT_EQ(alerts[0].culprit.name, "ctl1");
}

}  // namespace
}  // namespace netkeel::analyze::testing
