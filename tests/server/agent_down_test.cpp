#include "netkeel/server/agent_down.hpp"

#include <gtest/gtest.h>

#include "netkeel/server/matrix_heatmap.hpp"

namespace netkeel::server {
namespace {

constexpr std::int64_t kNow = 1764150000000;
constexpr std::int64_t kStaleAfterMs = 30000;

// srv1 and srv3 probe srv2 with icmp and udp; srv2's numbers are given per test.
store::ProbePair towards_srv2(const std::string& src, double icmp_lost, double udp_lost) {
  store::ProbePair pair{src, "srv2", 0, 0, 0, 0.0002, 0.0004, {{"icmp", 60, icmp_lost, icmp_lost / 60}, {"udp", 60, udp_lost, udp_lost / 60}}};
  pair.sent = 120;
  pair.lost = icmp_lost + udp_lost;
  pair.loss = pair.lost / pair.sent;
  return pair;
}

MatrixReport report_with(double icmp_lost, double udp_lost, std::int64_t srv2_last_report_ms, const std::string& kind = "") {
  MatrixReport report;
  report.window_s = 60;
  report.kind = kind;
  report.matrix.network = "mgmt";
  report.matrix.pairs = {{"srv1", "srv3", 120, 0, 0, 0.0002, 0.0004, {{"icmp", 60, 0, 0}, {"udp", 60, 0, 0}}},
                         towards_srv2("srv1", icmp_lost, udp_lost), towards_srv2("srv3", icmp_lost, udp_lost)};
  report.hosts = host_freshness(report.matrix, {{"srv1", kNow - 1000}, {"srv2", srv2_last_report_ms}, {"srv3", kNow - 1000}},
                                kNow, kStaleAfterMs);
  return report;
}

TEST(AgentDown, AStaleHostThatAnswersIcmpButNotUdpHasItsAgentDownAndItsUdpIsNotLoss) {
  MatrixReport report = report_with(0, 30, kNow - 40000);  // agent killed 30 s into the 60 s window
  mark_agents_down(report, "");
  ASSERT_EQ(3u, report.hosts.size());
  EXPECT_TRUE(report.hosts[1].agent_down);
  EXPECT_FALSE(report.hosts[0].agent_down);
  const store::ProbePair& srv1_srv2 = report.matrix.pairs[1];
  EXPECT_DOUBLE_EQ(60, srv1_srv2.sent);  // icmp only
  EXPECT_DOUBLE_EQ(0, srv1_srv2.lost);
  EXPECT_DOUBLE_EQ(0, srv1_srv2.loss);
  EXPECT_DOUBLE_EQ(0.5, srv1_srv2.kinds[1].loss);  // the udp numbers stay, as udp's
  EXPECT_DOUBLE_EQ(120, report.matrix.pairs[0].sent);  // srv3's responder answers: untouched

  const nlohmann::json json = matrix_json(report);
  EXPECT_EQ(json["kind"], "all");
  EXPECT_EQ(json["pairs"][1]["responder_down"], true);
  EXPECT_EQ(json["pairs"][0]["responder_down"], false);
  EXPECT_EQ(json["pairs"][1]["kinds"]["udp"], (nlohmann::json{{"sent", 60.0}, {"lost", 30.0}, {"loss", 0.5}}));
  EXPECT_EQ(json["hosts"][1]["agent_down"], true);
  const MatrixReport back = matrix_from_json(json);
  EXPECT_EQ(back.hosts, report.hosts);
  EXPECT_EQ(back.matrix.pairs[1].kinds, srv1_srv2.kinds);
  EXPECT_EQ(matrix_json(back), json);

  const std::string heatmap = render_heatmap(report, {});
  EXPECT_NE(heatmap.find("agent down: srv2 (the host answers ICMP, its agent's UDP responder does not: UDP probes "
                         "to it are left out of the loss; --kind udp shows them)\n"),
            std::string::npos)
      << heatmap;
}

TEST(AgentDown, AskedForUdpTheLossStandsAndTheAgentIsStillNamed) {
  MatrixReport report = report_with(0, 30, kNow - 40000, "udp");
  report.matrix.pairs[1].sent = 60;  // a udp query counts udp only
  report.matrix.pairs[1].lost = 30;
  report.matrix.pairs[1].loss = 0.5;
  mark_agents_down(report, "udp");
  EXPECT_TRUE(report.hosts[1].agent_down);
  EXPECT_DOUBLE_EQ(0.5, report.matrix.pairs[1].loss);
  EXPECT_EQ(matrix_json(report)["kind"], "udp");
  EXPECT_NE(render_heatmap(report, {}).find("network mgmt: loss of udp probes over the last 60 s"), std::string::npos);
}

TEST(AgentDown, ADeadHostLosesBothKindsAndIsNotAnAgentDown) {
  MatrixReport report = report_with(30, 30, kNow - 40000);
  mark_agents_down(report, "");
  EXPECT_FALSE(report.hosts[1].agent_down);
  EXPECT_DOUBLE_EQ(60, report.matrix.pairs[1].lost);  // real loss, all of it counted
}

TEST(AgentDown, AFreshHostIsNotJudgedEvenWhenUdpAloneLoses) {
  // UDP-only loss with fresh reports: maybe a bad LAG member that only some flows hash onto.
  MatrixReport report = report_with(0, 30, kNow - 1000);
  mark_agents_down(report, "");
  EXPECT_FALSE(report.hosts[1].agent_down);
  EXPECT_DOUBLE_EQ(30, report.matrix.pairs[1].lost);
}

TEST(AgentDown, AStaleHostWhoseProbesAllAnswerIsCutOffFromTheServerOnly) {
  MatrixReport report = report_with(0, 0, kNow - 40000);
  mark_agents_down(report, "");
  EXPECT_TRUE(report.hosts[1].stale);
  EXPECT_FALSE(report.hosts[1].agent_down);
}

TEST(AgentDown, WithoutIcmpProbesNothingIsJudged) {
  MatrixReport report = report_with(0, 30, kNow - 40000);
  for (auto& pair : report.matrix.pairs) pair.kinds.erase(pair.kinds.begin());  // udp only
  mark_agents_down(report, "");
  EXPECT_FALSE(report.hosts[1].agent_down);
}

TEST(AgentDown, AMatrixFromAnOlderServerWithoutKindsReads) {
  nlohmann::json json = matrix_json(report_with(0, 0, kNow - 1000));
  for (auto& pair : json["pairs"]) pair.erase("kinds"), pair.erase("responder_down");
  for (auto& host : json["hosts"]) host.erase("agent_down");
  json.erase("kind");
  const MatrixReport report = matrix_from_json(json);
  EXPECT_TRUE(report.kind.empty());
  EXPECT_TRUE(report.matrix.pairs[0].kinds.empty());
  EXPECT_FALSE(report.hosts[1].agent_down);
  json["pairs"][0]["kinds"] = {{"icmp", {{"sent", 1}}}};
  try {
    matrix_from_json(json);
    FAIL() << "a kind without lost read";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ("matrix.pairs[0].kinds.icmp: missing key 'lost'", e.what());
  }
}

}  // namespace
}  // namespace netkeel::server
