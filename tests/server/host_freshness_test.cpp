#include "netkeel/server/host_freshness.hpp"

#include <gtest/gtest.h>

#include "netkeel/server/matrix_json.hpp"

namespace netkeel::server {
namespace {

constexpr std::int64_t kNow = 1764150000000;

store::ProbeMatrix matrix_of_three() {
  store::ProbeMatrix matrix;
  matrix.network = "mgmt";
  matrix.pairs = {{"node1", "node2", 10, 0, 0, 0.001, 0.001}, {"node1", "node3", 10, 10, 1, 0, 0}};
  return matrix;
}

TEST(HostFreshness, StaleAfterThreeReportIntervalsNotWhenNeverReported) {
  const std::vector<store::HostLastSeen> seen = {
      {"node1", kNow - 2000}, {"node2", kNow - kDefaultStaleAfterMs}, {"node9", kNow - 1000}};
  const auto hosts = host_freshness(matrix_of_three(), seen, kNow, kDefaultStaleAfterMs);
  ASSERT_EQ(hosts.size(), 3U);  // node9 reports but is in no pair of this network
  EXPECT_EQ(hosts[0], (HostFreshness{"node1", kNow - 2000, 2.0, false}));
  EXPECT_EQ(hosts[1], (HostFreshness{"node2", kNow - 30000, 30.0, false}));  // exactly at the limit: fresh
  // node3 sent nothing ever: maybe a gateway or a VIP the mesh probes, not an agent that went quiet.
  EXPECT_EQ(hosts[2], (HostFreshness{"node3", std::nullopt, std::nullopt, false}));

  const auto later = host_freshness(matrix_of_three(), seen, kNow + 1, kDefaultStaleAfterMs);
  EXPECT_TRUE(later[1].stale);
  EXPECT_FALSE(later[0].stale);
}

TEST(HostFreshness, RoundTripsThroughTheMatrixJson) {
  MatrixReport report{matrix_of_three(), 60};
  report.stale_after_s = 45;
  report.hosts = host_freshness(report.matrix, {{"node1", kNow - 50000}}, kNow, 45000);
  const nlohmann::json json = matrix_json(report);
  EXPECT_EQ(json["stale_after_s"], 45);
  EXPECT_EQ(json["hosts"][0], (nlohmann::json{{"host", "node1"}, {"last_report_ms", kNow - 50000}, {"age_s", 50.0},
                                              {"stale", true}, {"agent_down", false}}));
  EXPECT_TRUE(json["hosts"][1]["last_report_ms"].is_null());
  const MatrixReport back = matrix_from_json(json);
  EXPECT_EQ(back.hosts, report.hosts);
  EXPECT_EQ(back.stale_after_s, 45);

  nlohmann::json bad = json;
  bad["hosts"][0]["stale"] = "yes";
  EXPECT_THROW(matrix_from_json(bad), std::invalid_argument);
  bad = json;
  bad.erase("hosts");  // an older server: no freshness known
  EXPECT_TRUE(matrix_from_json(bad).hosts.empty());
}

}  // namespace
}  // namespace netkeel::server
