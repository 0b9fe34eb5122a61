#include "netkeel/render/json_renderer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "render/plan_fixture.hpp"

namespace netkeel::render {
namespace {

using namespace testing;
using nlohmann::json;

TEST(JsonRenderer, ClusterDocumentStartsWithSchemaVersionInDocumentedKeyOrder) {
  const auto text = render_cluster_json(fixture_plan());
  EXPECT_EQ(text.rfind("{\n  \"schema_version\": 1,\n  \"site\": \"fixture\",\n  \"fabric\"", 0), 0u) << text.substr(0, 80);
  auto j = json::parse(text);
  // nlohmann::json sorts keys when parsing, so check the document's own order by positions in the text.
  size_t last = 0;
  for (const char* key : {"\"schema_version\"", "\"site\"", "\"fabric\"", "\"networks\"", "\"hosts\"", "\"vips\"",
                          "\"bgp\"", "\"coordination\"", "\"findings\""}) {
    size_t pos = text.find(key);
    ASSERT_NE(pos, std::string::npos) << key;
    EXPECT_GE(pos, last) << key;
    last = pos;
  }
  EXPECT_EQ(j["hosts"].size(), 2u);
}

TEST(JsonRenderer, HostDocumentHasEveryPlannedItem) {
  auto plan = fixture_plan();
  auto j = json::parse(render_host_json(plan, plan.hosts[0]));
  EXPECT_EQ(j["schema_version"], plan::kSchemaVersion);
  const auto& h = j["host"];
  EXPECT_EQ(h["name"], "ctl1");
  EXPECT_EQ(h["links"].size(), 5u);
  EXPECT_EQ(h["links"][2]["bond"]["mode"], "802.3ad");
  EXPECT_EQ(h["links"][2]["members"], json::array({"eno1", "eno2"}));
  EXPECT_EQ(h["links"][0]["match_mac"], "3c:fd:fe:00:01:01");
  EXPECT_TRUE(h["links"][0]["mac"].is_null());
  EXPECT_TRUE(h["links"][0]["bond"].is_null());
  EXPECT_EQ(h["addresses"][0]["address"], "10.10.0.11");
  EXPECT_EQ(h["routes"][1]["destination"], "0.0.0.0/0");
  EXPECT_EQ(h["routes"][1]["gateway"], "10.10.0.1");
  EXPECT_TRUE(h["routes"][0]["gateway"].is_null());
  EXPECT_EQ(h["routes"][0]["protocol"], 140);
  EXPECT_EQ(h["rules"][0]["from"], "10.10.0.11/32");
  EXPECT_EQ(h["neighbours"][0]["owner"], "host ctl2");
  EXPECT_EQ(h["sysctls"][1]["key"], "net.ipv4.conf.bond0/10.arp_ignore");
}

TEST(JsonRenderer, CoordinationIsNullWithoutASectionAndListsTheEtcdMembers) {
  auto plan = fixture_plan();
  EXPECT_TRUE(json::parse(render_cluster_json(plan))["coordination"].is_null());
  plan::CoordinationPlan coordination;
  coordination.network = "mgmt";
  coordination.etcd_members.push_back({"ctl1", ip("10.10.0.11"), "http://10.10.0.11:2379", "http://10.10.0.11:2380"});
  plan.coordination = coordination;
  EXPECT_EQ(json::parse(render_cluster_json(plan))["coordination"],
            json::parse(R"({"network": "mgmt", "etcd_members": [{"name": "ctl1", "address": "10.10.0.11",
                            "client_url": "http://10.10.0.11:2379", "peer_url": "http://10.10.0.11:2380"}]})"));
}

TEST(JsonRenderer, FindingsCarryTheirPlace) {
  auto plan = fixture_plan();
  plan.findings.warning({"site.yaml", 3, 5}, "single ToR", "add a second switch");
  auto j = json::parse(render_cluster_json(plan));
  ASSERT_EQ(j["findings"].size(), 1u);
  EXPECT_EQ(j["findings"][0], (json{{"severity", "warning"}, {"file", "site.yaml"}, {"line", 3}, {"column", 5},
                                    {"message", "single ToR"}, {"hint", "add a second switch"}}));
}

TEST(JsonRenderer, PerHostFileIsTheHostDocument) {
  auto plan = fixture_plan();
  auto files = render_json(plan, plan.hosts[1]);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files.at(kJsonPlanPath), render_host_json(plan, plan.hosts[1]));
}

}  // namespace
}  // namespace netkeel::render

namespace netkeel::render {
namespace {

// The streaming writer must produce exactly what nlohmann::json::dump(2) would for the same document.
TEST(JsonRenderer, LayoutIsNlohmannDumpOfItself) {
  auto plan = testing::fixture_plan();
  plan.findings.warning({"a\"b\\c\td\x01.yaml", 1, 2}, "m\nn");
  for (const std::string& text : {render_cluster_json(plan), render_host_json(plan, plan.hosts[1])}) {
    EXPECT_EQ(nlohmann::ordered_json::parse(text).dump(2) + "\n", text);
  }
}

}  // namespace
}  // namespace netkeel::render
