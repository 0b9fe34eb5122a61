// Alerts carry the culprit localization ranks first (docs/alerts.md, "Culprits"): with the site's cabling,
// a loss alert names the NIC side of the lossy host with a confidence and keeps that culprit while it
// fires; the labels and annotations Alertmanager gets carry both.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "engine_fixture.hpp"
#include "netkeel/analyze/alert_json.hpp"
#include "netkeel/analyze/alert_table.hpp"
#include "netkeel/analyze/outgoing_alert.hpp"
#include "netkeel/analyze/rules.hpp"
#include "netkeel/site/site_loader.hpp"

namespace netkeel::analyze::testing {
namespace {

AlertTopology flat_site() {
  auto loaded = site::load_site_from_file(std::string(NETKEEL_SOURCE_DIR) + "/examples/sites/1-one-rack-one-vlan.yaml");
  return alert_topology_from_site(*loaded.site);
}

class AlertCulpritTest : public EngineFixture {
 protected:
  AlertCulpritTest() : EngineFixture({}, flat_site()) {
    hosts = {"node1", "node2", "node3"};
    networks = {"mgmt"};
  }
};

int node2_loses_a_fifth(const std::string& src, const std::string& dst, const std::string&) {
  return src == "node2" || dst == "node2" ? 2 : 0;
}

TEST_F(AlertCulpritTest, LossAlertsNameTheNicWithConfidenceAndKeepIt) {
  steps(6, no_loss);
  steps(5, node2_loses_a_fifth);
  const auto alerts = firing(kSustainedLoss);
  ASSERT_FALSE(alerts.empty());
  for (const Alert& alert : alerts) {
    EXPECT_EQ(alert.culprit.kind, "nic") << alert.summary;
    EXPECT_EQ(alert.culprit.name, "node2:eno1") << alert.summary;
    ASSERT_TRUE(alert.culprit.confidence.has_value());
    EXPECT_GE(*alert.culprit.confidence, 0.2);
    EXPECT_EQ(alert.culprit.explains, "explains 4 of 4 lossy pairs on mgmt, no clean pair crosses it");
  }
  const double chosen = *alerts.front().culprit.confidence;
  // More of the same loss moves the figures, not the culprit nor its confidence.
  steps(6, node2_loses_a_fifth);
  for (const Alert& alert : firing(kSustainedLoss)) {
    EXPECT_EQ(alert.culprit.name, "node2:eno1");
    EXPECT_EQ(*alert.culprit.confidence, chosen);
  }

  const Alert& alert = alerts.front();
  const LabelSet labels = alertmanager_labels(alert);
  EXPECT_EQ(labels.at("culprit"), "node2:eno1");
  EXPECT_EQ(labels.at("culprit_kind"), "nic");
  EXPECT_EQ(labels.at("confidence"), fmt::format("{:.2f}", chosen));
  const OutgoingAlert out = to_outgoing_alert(alert, {}, kStart);
  EXPECT_EQ(out.annotations.at("culprit"), "nic node2:eno1");
  EXPECT_EQ(out.annotations.at("confidence"),
            fmt::format("{:.2f}: explains 4 of 4 lossy pairs on mgmt, no clean pair crosses it", chosen));
  EXPECT_NE(render_alert_table({alert}, false).find(fmt::format("nic node2:eno1 ({:.2f})", chosen)), std::string::npos);
  // Stored and reloaded (the server's events) with its confidence.
  const Alert back = alert_from_json(alert_to_json(alert));
  EXPECT_EQ(back.culprit.confidence, alert.culprit.confidence);
  EXPECT_EQ(back.culprit.explains, alert.culprit.explains);
}

AlertTopology two_racks() {
  auto loaded = site::load_site_from_file(std::string(NETKEEL_SOURCE_DIR) + "/examples/sites/6-grown-two-racks.yaml");
  return alert_topology_from_site(*loaded.site);
}

class TwoRacksCulpritTest : public EngineFixture {
 protected:
  TwoRacksCulpritTest() : EngineFixture({}, two_racks()) {
    hosts = {"node1", "node2", "node3", "node4", "node5"};
    networks = {"mgmt"};
  }
};

int node1_gone_and_node4_to_node5_lossy(const std::string& src, const std::string& dst, const std::string&) {
  if (src == "node1" || dst == "node1") return 10;
  return src == "node4" && dst == "node5" ? 2 : 0;
}

// node1 drops everything, so localization ranks node1's side first; the alert about node4 -> node5 (in the
// other rack) must not name it: node4 -> node5's probes never go near node1.
TEST_F(TwoRacksCulpritTest, APairsAlertNamesOnlyACulpritItsProbesCross) {
  steps(6, no_loss);
  steps(6, node1_gone_and_node4_to_node5_lossy);
  bool seen_pair = false;
  std::string all;
  for (const Alert& alert : firing(kSustainedLoss)) {
    all += alert.summary + " [" + alert.culprit.kind + " " + alert.culprit.name + "]\n";
    const auto src = alert.labels.find("src"), dst = alert.labels.find("dst");
    if (src == alert.labels.end() || src->second != "node4" || dst->second != "node5") continue;
    seen_pair = true;
    EXPECT_EQ(alert.culprit.name.find("node1"), std::string::npos) << alert.culprit.kind << " " << alert.culprit.name;
  }
  EXPECT_TRUE(seen_pair) << "no sustained-loss alert about node4 -> node5; firing:\n" << all;
}

TEST_F(AlertCulpritTest, WithoutTheSiteTheRulesOwnCulpritStays) {
  AlertEngine bare({}, {});
  for (int i = 1; i <= 12; ++i) {
    for (const auto& host : hosts) {
      bare.ingest(mesh.batch(host, kStart + i * kInterval,
                             mesh_results(host, hosts, networks, i > 6 ? node2_loses_a_fifth : no_loss)));
    }
    bare.evaluate(kStart + i * kInterval + 500);
  }
  const auto alerts = bare.firing();
  ASSERT_FALSE(alerts.empty());
  for (const Alert& alert : alerts) {
    EXPECT_NE(alert.culprit.kind, "nic") << alert.summary;
    EXPECT_FALSE(alert.culprit.confidence.has_value());
  }
}

TEST(AlertJsonCulprit, ConfidenceOutOfRangeIsRefusedNamingThePlace) {
  Alert alert;
  alert.name = kSustainedLoss;
  alert.culprit = {"nic", "n1:eno1", 0.5, "explains 2 of 2 lossy pairs on mgmt"};
  nlohmann::json json = alert_to_json(alert);
  json["culprit"]["confidence"] = 1.5;
  try {
    alert_from_json(json);
    FAIL() << "accepted a confidence of 1.5";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(".culprit.confidence: expected a number from 0 to 1"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace netkeel::analyze::testing
