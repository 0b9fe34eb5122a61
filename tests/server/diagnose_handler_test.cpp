#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "netkeel/analyze/diagnosis.hpp"
#include "netkeel/server/diagnose_handler.hpp"
#include "netkeel/site/site_loader.hpp"
#include "server/server_test_support.hpp"

namespace netkeel::server {
namespace {

using ::testing::HasSubstr;

constexpr store::TimestampMs kT0 = 1764150000000;
constexpr store::TimestampMs kNow = kT0 + 60000;

class DiagnoseHandlerTest : public ::testing::Test {
 protected:
  DiagnoseHandlerTest() {
    auto loaded = site::load_site_from_file(std::string(NETKEEL_SOURCE_DIR) + "/examples/sites/1-one-rack-one-vlan.yaml");
    paths_ = analyze::probe_paths_by_network(*loaded.site);
  }
  // Every pair of node1..node3 probes mgmt for 60 s; pairs with `lossy_host` lose every 10th probe.
  void write_mesh(const std::string& lossy_host) {
    std::uint64_t sequence = 1;
    for (const char* src : {"node1", "node2", "node3"}) {
      for (const char* dst : {"node1", "node2", "node3"}) {
        if (std::string(src) == dst) continue;
        const bool lossy = src == lossy_host || dst == lossy_host;
        store().write(testing::probe_batch(src, sequence++, dst, "mgmt", kT0, 60, lossy ? 10 : 0));
      }
    }
  }
  ApiResponse diagnose(const QueryParameters& parameters) {
    return handle_diagnose(parameters, store(), QueryContext{kNow}, &paths_);
  }
  store::Store& store() { return *stored_.store; }

  testing::StoreInTempDir stored_;
  analyze::SiteProbePaths paths_;
};

TEST_F(DiagnoseHandlerTest, NamesTheLossyHostsNicFirst) {
  write_mesh("node2");
  const ApiResponse response = diagnose({{"network", "mgmt"}, {"since", "60s"}});
  ASSERT_EQ(response.status, 200) << response.body;
  const nlohmann::json json = nlohmann::json::parse(response.body);
  EXPECT_EQ(json["window_s"], 60);
  ASSERT_FALSE(json["culprits"].empty());
  const nlohmann::json& top = json["culprits"][0];
  EXPECT_EQ(top["kind"], "nic");
  EXPECT_EQ(top["name"], "node2:eno1");
  EXPECT_EQ(top["explains"], "explains 4 of 4 lossy pairs on mgmt, no clean pair crosses it");
  EXPECT_GT(top["confidence"].get<double>(), 0.2);
  // Exactly the documented members, in every culprit.
  for (const nlohmann::json& culprit : json["culprits"]) {
    std::vector<std::string> keys;
    for (const auto& [key, value] : culprit.items()) keys.push_back(key);
    EXPECT_EQ(keys, (std::vector<std::string>{"confidence", "evidence", "explains", "kind", "name"}));
  }
  // The same without network=: every network of the site, merged (only mgmt has probes here).
  const ApiResponse all = diagnose({{"since", "60s"}});
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(nlohmann::json::parse(all.body)["culprits"][0]["name"], "node2:eno1");
}

TEST_F(DiagnoseHandlerTest, CleanMeshGivesAnEmptyList) {
  write_mesh("");
  const ApiResponse response = diagnose({});
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(nlohmann::json::parse(response.body), nlohmann::json::parse(R"({"window_s": 600, "culprits": []})"));
}

TEST_F(DiagnoseHandlerTest, LinkEventsAreLocalEvidence) {
  write_mesh("");
  store::Batch events;
  events.id = {"node3", 100};
  events.events = {{kT0 + 5000, "node3", "link_raw_down", "eno1 down (raw netlink change: carrier lost or set down)"},
                   {kT0 + 5001, "node3", "link_down", "eno1 down"}};
  store().write(events);
  const ApiResponse response = diagnose({{"since", "60s"}});
  ASSERT_EQ(response.status, 200) << response.body;
  const analyze::Diagnosis diagnosis = analyze::diagnosis_from_json(nlohmann::json::parse(response.body));
  ASSERT_FALSE(diagnosis.culprits.empty());
  EXPECT_EQ(diagnosis.culprits[0].name, "node3:eno1");
  EXPECT_THAT(diagnosis.culprits[0].explains, HasSubstr("node3:eno1 lost carrier"));
}

TEST_F(DiagnoseHandlerTest, BadParametersAre400NamingTheParameterAndTheFix) {
  const struct {
    QueryParameters parameters;
    const char* expected;
  } cases[] = {
      {{{"network", "mgnt"}},
       "parameter network=mgnt: the site file has no network of that name; did you mean 'mgmt'? (its networks: "},
      {{{"since", "5 minutes"}}, "parameter since=5 minutes: expected a duration"},
      {{{"since", "1s"}}, "parameter since=1s"},
      {{{"since", "2d"}}, "parameter since=2d"},
      {{{"netwrk", "mgmt"}}, "unknown parameter 'netwrk'"},
      {{{"network", "mgmt"}, {"network", "api"}}, "network"},
  };
  for (const auto& c : cases) {
    const ApiResponse response = diagnose(c.parameters);
    EXPECT_EQ(response.status, 400) << c.expected;
    EXPECT_THAT(response.body, HasSubstr(c.expected));
  }
}

TEST_F(DiagnoseHandlerTest, WithoutTheSiteItIs404SayingSo) {
  const ApiResponse response = handle_diagnose({}, store(), QueryContext{kNow}, nullptr);
  EXPECT_EQ(response.status, 404);
  EXPECT_THAT(response.body, HasSubstr("start it with --site FILE"));
}

TEST(DiagnosisJson, RoundTripsAndRejectsWhatItCannotRead) {
  analyze::Diagnosis diagnosis{600, {{analyze::ComponentKind::cable, "ctl2:eno1<->tor1:Eth1/3", 0.86,
                                      "explains 14 of 15 lossy pairs on mgmt, no clean pair crosses it",
                                      {"lossy: ctl2->ctl1 lost 12.0% (72 of 600)"}}}};
  const nlohmann::json json = analyze::diagnosis_json(diagnosis);
  EXPECT_EQ(json["culprits"][0]["kind"], "cable");
  const analyze::Diagnosis back = analyze::diagnosis_from_json(json);
  EXPECT_EQ(back.culprits[0].name, diagnosis.culprits[0].name);
  EXPECT_EQ(back.culprits[0].evidence, diagnosis.culprits[0].evidence);
  nlohmann::json bad = json;
  bad["culprits"][0]["kind"] = "router";
  EXPECT_THROW(analyze::diagnosis_from_json(bad), std::invalid_argument);
  EXPECT_THROW(analyze::diagnosis_from_json(nlohmann::json::object()), std::invalid_argument);
  EXPECT_EQ(analyze::diagnosis_table({600, {}}), "nothing is wrong: no lossy pair, no carrier lost and no NIC errors in the last 600 s\n");
  EXPECT_THAT(analyze::diagnosis_table(diagnosis), HasSubstr(" 1        0.86  cable        ctl2:eno1<->tor1:Eth1/3\n"));
}

}  // namespace
}  // namespace netkeel::server
