#include "engine_fixture.hpp"
#include "netkeel/analyze/rules.hpp"

namespace netkeel::analyze::testing {
namespace {

class Partition : public EngineFixture {
 protected:
  Partition() { hosts = {"ctl1", "ctl2", "cmp1", "cmp2", "cmp3"}; }
};

bool rack_a(const std::string& host) { return host.rfind("ctl", 0) == 0; }

int racks_split_on_storage(const std::string& src, const std::string& dst, const std::string& network) {
  return network == "storage" && rack_a(src) != rack_a(dst) ? 10 : 0;
}

TEST_F(Partition, TwoGroupsOnOneNetworkAreOneAlertWithTheGroups) {
  steps(3, no_loss);
  steps(2, racks_split_on_storage);
  const auto alerts = firing();
  ASSERT_EQ(alerts.size(), 1u) << alerts[0].name << ": " << alerts[0].summary;
  EXPECT_EQ(alerts[0].name, kPartition);
  EXPECT_EQ(alerts[0].network, "storage");
  EXPECT_EQ(alerts[0].summary, "storage: {cmp1, cmp2, cmp3} cannot reach {ctl1, ctl2}");
  EXPECT_EQ(alerts[0].culprit.kind, "network");
  // Pairs across the groups go on losing: still one alert, the pair detail folded into it.
  steps(4, racks_split_on_storage);
  ASSERT_EQ(firing().size(), 1u);
  EXPECT_NE(firing()[0].description.find("Folded into this alert"), std::string::npos) << firing()[0].description;
  EXPECT_EQ(fired_count(kSustainedLoss), 0u);
  steps(1, no_loss);
  EXPECT_TRUE(firing(kPartition).empty());
}

TEST_F(Partition, OneIsolatedHostIsNotAPartition) {
  const LostFn cmp3_cut_on_storage = [](const std::string& src, const std::string& dst, const std::string& network) {
    return network == "storage" && (src == "cmp3" || dst == "cmp3") ? 10 : 0;
  };
  steps(3, no_loss);
  steps(6, cmp3_cut_on_storage);
  EXPECT_EQ(fired_count(kPartition), 0u);
  EXPECT_EQ(fired_count(kHostDown), 0u) << "cmp3 still reports, and reaches everyone on mgmt";
  const auto loss = firing(kSustainedLoss);
  ASSERT_EQ(loss.size(), 1u) << "loss to cmp3 from every peer is one alert";
  EXPECT_EQ(loss[0].labels.at("target"), "cmp3");
}

TEST_F(Partition, ThreeGroupsAreNamedInTheSummary) {
  hosts = {"a1", "a2", "b1", "b2", "c1", "c2"};
  const LostFn three = [](const std::string& src, const std::string& dst, const std::string& network) {
    return network == "mgmt" && src[0] != dst[0] ? 10 : 0;
  };
  steps(3, no_loss);
  steps(1, three);
  const auto alerts = firing(kPartition);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].summary, "mgmt: {a1, a2} cannot reach {b1, b2} nor {c1, c2}");
}

TEST_F(Partition, ABigPartitionListsAtMostTwentyFoldedAlerts) {
  hosts.clear();
  for (int i = 0; i < 12; ++i) hosts.push_back((i < 6 ? "ctl" : "cmp") + std::to_string(i));
  steps(3, no_loss);
  steps(5, racks_split_on_storage);
  const auto alerts = firing();
  ASSERT_EQ(alerts.size(), 1u);
  const std::string& description = alerts[0].description;
  EXPECT_NE(description.find("\n- ... and "), std::string::npos) << description;
  std::size_t lines = 0;
  for (std::size_t at = description.find("\n- "); at != std::string::npos; at = description.find("\n- ", at + 1)) ++lines;
  EXPECT_EQ(lines, 21u);
}

}  // namespace
}  // namespace netkeel::analyze::testing
