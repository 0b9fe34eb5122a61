// The link check from netlink link events (a fake event source) and the mesh check from an agent's
// /metrics page (FakeHttpClient): quorum counting, what counts as reaching a peer, and the agent away.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fakes/http/fake_http_client.hpp"
#include "netkeel/ha/link_health_probe.hpp"
#include "netkeel/ha/mesh_health_probe.hpp"

namespace netkeel::ha {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;

class FakeLinkEvents final : public collect::LinkEventSource {
 public:
  explicit FakeLinkEvents(std::vector<collect::LinkEvent>& pending) : pending_(pending) {}
  int poll_fd() const override { return -1; }
  std::vector<collect::LinkEvent> take_events() override { return std::exchange(pending_, {}); }

 private:
  std::vector<collect::LinkEvent>& pending_;
};

TEST(LinkHealthProbe, PassesWhileOneNicOfTheNetworkHasCarrierAndFollowsTheEvents) {
  std::vector<collect::LinkEvent> pending;
  LinkHealthProbe probe(std::make_unique<FakeLinkEvents>(pending), {{"eno1", true}, {"eno2", true}, {"lo", true}},
                        {"eno1", "eno2"}, "api");
  EXPECT_EQ(probe.describe(), "link eno1,eno2");
  EXPECT_TRUE(probe.run(milliseconds(100)).passed);
  pending.push_back({"eno1", 2, false, false, {}});
  const auto one = probe.run(milliseconds(100));
  EXPECT_TRUE(one.passed);  // a bond survives one member
  EXPECT_EQ(one.detail, "carrier on eno2 (none on eno1)");
  pending.push_back({"eno2", 3, false, false, {}});
  const auto none = probe.run(milliseconds(100));
  EXPECT_FALSE(none.passed);
  EXPECT_EQ(none.detail, "no carrier on eno1, eno2 (network api)");
  pending.push_back({"eno2", 3, true, false, {}});
  EXPECT_TRUE(probe.run(milliseconds(100)).passed);
  pending.push_back({"eno2", 3, false, true, {}});  // removed
  EXPECT_FALSE(probe.run(milliseconds(100)).passed);
}

TEST(LinkHealthProbe, AHostWithoutANicOnTheNetworkFails) {
  std::vector<collect::LinkEvent> pending;
  LinkHealthProbe probe(std::make_unique<FakeLinkEvents>(pending), {{"eno1", true}}, {}, "api");
  const auto outcome = probe.run(milliseconds(100));
  EXPECT_FALSE(outcome.passed);
  EXPECT_THAT(outcome.detail, HasSubstr("no NIC of this host carries network api"));
}

std::string loss(const std::string& src, const std::string& dst, const std::string& network, const std::string& kind,
                 double ratio) {
  return "netkeel_probe_interval_loss_ratio{src=\"" + src + "\",dst=\"" + dst + "\",network=\"" + network +
         "\",kind=\"" + kind + "\",address=\"10.0.0.1\",port=\"0\"} " + std::to_string(ratio) + "\n";
}

TEST(JudgeMesh, APeerCountsAsReachedWhenOneOfItsProbesLostLessThanHalf) {
  const std::string page = "# HELP netkeel_probe_interval_loss_ratio Lost / sent.\n"
                           "# TYPE netkeel_probe_interval_loss_ratio gauge\n" +
                           loss("ctl1", "ctl2", "api", "icmp", 1.0) + loss("ctl1", "ctl2", "api", "udp", 0.1) +
                           loss("ctl1", "ctl3", "api", "icmp", 1.0) + loss("ctl1", "ctl3", "mgmt", "icmp", 0.0) +
                           loss("ctl2", "ctl3", "api", "icmp", 0.0);  // another source: not ours
  const MeshVerdict verdict = judge_mesh(page, "ctl1", "api", {"ctl2", "ctl3"});
  EXPECT_EQ(verdict.reached, std::vector<std::string>{"ctl2"});
  EXPECT_EQ(verdict.unreached, std::vector<std::string>{"ctl3"});
  EXPECT_TRUE(verdict.quorum);  // 2 of 3
}

TEST(JudgeMesh, QuorumIsMoreThanHalfOfTheHostsCountingThisOne) {
  std::string page;
  for (const char* peer : {"h2", "h3", "h4", "h5"}) page += loss("h1", peer, "api", "udp", 1.0);
  EXPECT_FALSE(judge_mesh(page, "h1", "api", {"h2", "h3", "h4", "h5"}).quorum);  // 1 of 5
  page += loss("h1", "h2", "api", "icmp", 0.0);
  EXPECT_FALSE(judge_mesh(page, "h1", "api", {"h2", "h3", "h4", "h5"}).quorum);  // 2 of 5
  page += loss("h1", "h3", "api", "icmp", 0.2);
  EXPECT_TRUE(judge_mesh(page, "h1", "api", {"h2", "h3", "h4", "h5"}).quorum);  // 3 of 5
  EXPECT_FALSE(judge_mesh("", "h1", "api", {"h2"}).quorum);  // 1 of 2 is not more than half
  EXPECT_TRUE(judge_mesh("", "h1", "api", {}).quorum);       // alone on the network: nothing to lose
}

TEST(MeshHealthProbe, ReadsTheAgentsPageAndFailsWhenTheAgentIsAway) {
  auto client = std::make_unique<http::FakeHttpClient>();
  http::FakeHttpClient& fake = *client;
  MeshHealthProbe probe(std::move(client), "http://10.10.0.11:9947/metrics", "ctl1", "api", {"ctl2", "ctl3"});
  fake.respond(200, loss("ctl1", "ctl2", "api", "udp", 0.0) + loss("ctl1", "ctl3", "api", "udp", 0.0));
  const auto passed = probe.run(milliseconds(200));
  EXPECT_TRUE(passed.passed);
  EXPECT_EQ(passed.detail, "quorum: 3 of 3 hosts on api (reached: ctl2, ctl3; unreached: none)");
  EXPECT_EQ(fake.requests().at(0).url, "http://10.10.0.11:9947/metrics");
  EXPECT_EQ(fake.requests().at(0).timeout, milliseconds(200));
  fake.respond(200, loss("ctl1", "ctl2", "api", "udp", 1.0));
  const auto cut_off = probe.run(milliseconds(200));
  EXPECT_FALSE(cut_off.passed);
  EXPECT_EQ(cut_off.detail, "no quorum: 1 of 3 hosts on api (reached: none; unreached: ctl2, ctl3)");
  fake.fail("connect: refused");
  const auto away = probe.run(milliseconds(200));
  EXPECT_FALSE(away.passed);
  EXPECT_THAT(away.detail, HasSubstr("cannot read the agent's probe results"));
  fake.respond(503, "busy");
  EXPECT_THAT(probe.run(milliseconds(200)).detail, HasSubstr("HTTP 503"));
}

}  // namespace
}  // namespace netkeel::ha
