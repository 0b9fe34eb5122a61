#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "netkeel/server/events_handler.hpp"
#include "netkeel/server/hosts_handler.hpp"
#include "netkeel/server/matrix_handler.hpp"
#include "netkeel/server/matrix_json.hpp"
#include "netkeel/server/range_query_handler.hpp"
#include "netkeel/server/range_result_json.hpp"
#include "server/server_test_support.hpp"

namespace netkeel::server {
namespace {

using ::testing::HasSubstr;

constexpr store::TimestampMs kT0 = 1764150000000;
constexpr store::TimestampMs kNow = kT0 + 60000;

class QueryHandlersTest : public ::testing::Test {
 protected:
  QueryHandlersTest() {
    // node1 -> node2 loses every 10th probe over 60 s; node2 -> node1 loses nothing.
    store().write(testing::probe_batch("node1", 1, "node2", "mgmt", kT0, 60, 10));
    store().write(testing::probe_batch("node2", 1, "node1", "mgmt", kT0, 60, 0));
    store::Batch events;
    events.id = {"node1", 2};
    events.events = {{kT0 + 5000, "node1", "link_down", "eno1 carrier lost"},
                     {kT0 + 6000, "node1", "link_up", "eno1 carrier back"}};
    store().write(events);
  }
  store::Store& store() { return *stored_.store; }
  static nlohmann::json json_of(const ApiResponse& r) { return nlohmann::json::parse(r.body); }

  testing::StoreInTempDir stored_;
};

TEST_F(QueryHandlersTest, RangeQueryBySelectorWithSteps) {
  const ApiResponse response = handle_range_query(
      {{"metric", "netkeel_probe_lost_total"}, {"match", "src=node1"}, {"since", "60s"}, {"step", "30s"}, {"agg", "max"}},
      store(), QueryContext{kNow});
  ASSERT_EQ(response.status, 200) << response.body;
  const RangeResult result = range_result_from_json(json_of(response));
  EXPECT_EQ(result.query.start_ms, kT0);
  EXPECT_EQ(result.query.end_ms, kNow);
  EXPECT_EQ(result.query.step_ms, 30000);
  EXPECT_EQ(result.query.aggregation, store::Aggregation::max);
  ASSERT_EQ(result.series.size(), 1U);
  EXPECT_EQ(result.series[0].series.label("dst"), "node2");
  ASSERT_EQ(result.series[0].points.size(), 3U);  // buckets at 0 s, 30 s and the sample at 60 s
  EXPECT_EQ(result.series[0].points[0].timestamp_ms, kT0);
  EXPECT_EQ(result.series[0].points[0].value, 2);  // lost counter at 29 s
  EXPECT_EQ(result.series[0].points[2].value, 6);
}

TEST_F(QueryHandlersTest, RangeQueryRegexMatcherAndRawPoints) {
  const ApiResponse response =
      handle_range_query({{"metric", "netkeel_probe_sent_total"}, {"match", "src=~node[12]"}, {"match", "dst!=node9"},
                          {"start", std::to_string(kT0)}, {"end", std::to_string(kT0 + 2000)}},
                         store(), QueryContext{kNow});
  ASSERT_EQ(response.status, 200) << response.body;
  const RangeResult result = range_result_from_json(json_of(response));
  ASSERT_EQ(result.series.size(), 2U);
  EXPECT_EQ(result.series[0].points.size(), 3U);  // raw: every sample in [start, end]
}

TEST_F(QueryHandlersTest, RangeQueryRejectsBadParametersNamingThem) {
  const struct {
    QueryParameters parameters;
    const char* expected;
  } cases[] = {
      {{}, "missing parameter 'metric'"},
      {{{"metric", "9x"}}, "parameter metric=9x: not a metric name"},
      {{{"metric", "m"}, {"metrc", "m"}}, "unknown parameter 'metrc'"},
      {{{"metric", "m"}, {"match", "src"}}, "matcher 'src': no operator"},
      {{{"metric", "m"}, {"match", "s-rc=a"}}, "label name 's-rc' is invalid"},
      {{{"metric", "m"}, {"match", "src=~("}}, "matcher 'src=~('"},
      {{{"metric", "m"}, {"since", "5 minutes"}}, "parameter since=5 minutes: expected a duration"},
      {{{"metric", "m"}, {"since", "5m"}, {"start", "now-1h"}}, "'since' cannot be combined"},
      {{{"metric", "m"}, {"start", "yesterday"}}, "parameter start=yesterday"},
      {{{"metric", "m"}, {"start", "now"}, {"end", "now-1h"}}, "is after end"},
      {{{"metric", "m"}, {"step", "1ms"}, {"since", "1d"}}, "use a larger step"},
      {{{"metric", "m"}, {"agg", "median"}}, "parameter agg=median: use avg, min, max, sum or last"},
      {{{"metric", "m"}, {"metric", "n"}}, "parameter 'metric' is given twice"},
  };
  for (const auto& c : cases) {
    const ApiResponse response = handle_range_query(c.parameters, store(), QueryContext{kNow});
    EXPECT_EQ(response.status, 400) << c.expected;
    EXPECT_THAT(json_of(response)["error"].get<std::string>(), HasSubstr(c.expected));
  }
}

TEST_F(QueryHandlersTest, MatrixOfANetworkOverAWindow) {
  const ApiResponse response = handle_matrix({{"network", "mgmt"}, {"window", "60s"}}, store(), QueryContext{kNow});
  ASSERT_EQ(response.status, 200) << response.body;
  const nlohmann::json json = json_of(response);
  EXPECT_EQ(json["network"], "mgmt");
  EXPECT_EQ(json["window_s"], 60);
  ASSERT_EQ(json["pairs"].size(), 2U);
  const nlohmann::json& first = json["pairs"][0];
  EXPECT_EQ(first["src"], "node1");
  EXPECT_EQ(first["dst"], "node2");
  EXPECT_EQ(first["sent"], 60);
  EXPECT_EQ(first["lost"], 6);
  EXPECT_DOUBLE_EQ(first["loss"].get<double>(), 0.1);
  EXPECT_NEAR(first["rtt_p50_ms"].get<double>(), 0.6, 0.6 / 128);  // the RTT histogram's bound (docs/api.md)
  EXPECT_EQ(json["pairs"][1]["lost"], 0);
  std::vector<std::string> keys;
  for (const auto& item : first.items()) keys.push_back(item.key());
  EXPECT_THAT(keys, ::testing::UnorderedElementsAre("src", "dst", "sent", "lost", "loss", "rtt_p50_ms", "rtt_p99_ms",
                                                    "responder_down", "kinds"));
  EXPECT_EQ(first["kinds"], (nlohmann::json{{"icmp", {{"sent", 60}, {"lost", 6}, {"loss", 0.1}}}}));
  EXPECT_EQ(first["responder_down"], false);
  EXPECT_EQ(json["kind"], "all");

  const MatrixReport report = matrix_from_json(json);
  EXPECT_EQ(report.matrix.pairs.size(), 2U);
  EXPECT_NEAR(report.matrix.pairs[0].rtt_p50_seconds, 0.0006, 0.0006 / 128);

  // A known network with no probes in the window is a matrix that sent nothing, not an error.
  const ApiResponse quiet = handle_matrix({{"network", "mgmt"}}, store(), QueryContext{kNow + 3600000});
  ASSERT_EQ(quiet.status, 200) << quiet.body;
  const nlohmann::json quiet_json = json_of(quiet);  // kept: a loop over a temporary's member would dangle
  for (const auto& pair : quiet_json["pairs"]) EXPECT_EQ(pair["sent"], 0);
  EXPECT_EQ(quiet_json["window_s"], 60);  // the default window
}

TEST_F(QueryHandlersTest, MatrixOfAnUnknownNetworkNamesTheKnownOnes) {
  const ApiResponse typo = handle_matrix({{"network", "mgnt"}}, store(), QueryContext{kNow});
  EXPECT_EQ(typo.status, 400);
  EXPECT_THAT(json_of(typo)["error"].get<std::string>(), HasSubstr("network=mgnt: no host probes a network of that name; did you mean 'mgmt'? (networks with probes: mgmt)"));
  const ApiResponse other = handle_matrix({{"network", "storage"}}, store(), QueryContext{kNow});
  EXPECT_EQ(other.status, 400);
  EXPECT_THAT(json_of(other)["error"].get<std::string>(), ::testing::Not(HasSubstr("did you mean")));
  EXPECT_THAT(json_of(other)["error"].get<std::string>(), HasSubstr("(networks with probes: mgmt)"));
}

TEST(MatrixOfAnEmptyStore, IsEmptyNotAnError) {
  testing::StoreInTempDir empty;
  const ApiResponse response = handle_matrix({{"network", "mgnt"}}, *empty.store, QueryContext{kNow});
  EXPECT_EQ(response.status, 200) << response.body;  // a server that knows no network cannot call one unknown
}

TEST_F(QueryHandlersTest, MatrixSaysWhichHostsReportsAreStale) {
  // node1's last batch is 60 s old: stale at the default 30 s, fresh with stale_after=90s.
  const nlohmann::json json = json_of(handle_matrix({{"network", "mgmt"}, {"window", "120s"}}, store(), QueryContext{kNow + 60000}));
  EXPECT_EQ(json["stale_after_s"], 30);
  ASSERT_EQ(json["hosts"].size(), 2U);
  EXPECT_EQ(json["hosts"][0], (nlohmann::json{{"host", "node1"}, {"last_report_ms", kT0 + 60000}, {"age_s", 60.0},
                                              {"stale", true}, {"agent_down", false}}));
  const nlohmann::json lenient =
      json_of(handle_matrix({{"network", "mgmt"}, {"window", "120s"}, {"stale_after", "90s"}}, store(), QueryContext{kNow + 60000}));
  EXPECT_EQ(lenient["hosts"][0]["stale"], false);
  EXPECT_EQ(handle_matrix({{"network", "mgmt"}, {"stale_after", "soon"}}, store(), QueryContext{kNow}).status, 400);
}

TEST_F(QueryHandlersTest, MatrixOfOneProbeKind) {
  const nlohmann::json icmp = json_of(handle_matrix({{"network", "mgmt"}, {"kind", "icmp"}}, store(), QueryContext{kNow}));
  EXPECT_EQ(icmp["kind"], "icmp");
  EXPECT_EQ(icmp["pairs"][0]["lost"], 6);
  const nlohmann::json udp = json_of(handle_matrix({{"network", "mgmt"}, {"kind", "udp"}}, store(), QueryContext{kNow}));
  EXPECT_EQ(udp["kind"], "udp");
  EXPECT_EQ(udp["pairs"][0]["sent"], 0);  // no udp probes: nothing counted, the pair still there
  EXPECT_EQ(udp["pairs"][0]["rtt_p50_ms"], nullptr);
  EXPECT_EQ(udp["pairs"][0]["kinds"]["icmp"]["lost"], 6);
  const ApiResponse bad = handle_matrix({{"network", "mgmt"}, {"kind", "ping"}}, store(), QueryContext{kNow});
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(json_of(bad)["error"].get<std::string>(),
              HasSubstr("parameter kind=ping: not a probe kind; use all, icmp, udp, tcp or pmtu"));
}

TEST_F(QueryHandlersTest, MatrixRejectsBadParameters) {
  EXPECT_THAT(json_of(handle_matrix({}, store(), QueryContext{kNow}))["error"].get<std::string>(),
              HasSubstr("missing parameter 'network'"));
  EXPECT_THAT(json_of(handle_matrix({{"network", "mgmt"}, {"window", "0s"}}, store(), QueryContext{kNow}))["error"].get<std::string>(),
              HasSubstr("must be between 1s and 1d"));
  EXPECT_EQ(handle_matrix({{"network", "mgmt"}, {"windw", "1m"}}, store(), QueryContext{kNow}).status, 400);
}

TEST_F(QueryHandlersTest, HostsWithLastSeen) {
  const ApiResponse response = handle_hosts({}, store(), QueryContext{kNow});
  ASSERT_EQ(response.status, 200);
  const nlohmann::json json = json_of(response);
  ASSERT_EQ(json["hosts"].size(), 2U);
  EXPECT_EQ(json["hosts"][0]["host"], "node1");
  EXPECT_EQ(json["hosts"][0]["last_seen_ms"], kT0 + 60000);
  EXPECT_EQ(json["hosts"][0]["age_s"], 0.0);
  EXPECT_TRUE(json["hosts"][0]["agent_version"].is_null());  // its agent never said
  EXPECT_EQ(handle_hosts({{"x", "1"}}, store(), QueryContext{kNow}).status, 400);
}

TEST_F(QueryHandlersTest, HostsShowTheVersionTheirAgentRunsNow) {
  // node1 ran 0.1.0, then was upgraded to 0.2.0: the newest point names the version.
  store::Batch batch;
  batch.id = {"node1", 9};
  batch.series = {store::make_series("netkeel_build_info", {{"host", "node1"}, {"version", "0.2.0"}}),
                  store::make_series("netkeel_build_info", {{"host", "node1"}, {"version", "0.1.0"}})};
  batch.samples = {{0, kT0 + 50000, 1}, {1, kT0 + 20000, 1}};
  store().write(batch);
  const nlohmann::json json = json_of(handle_hosts({}, store(), QueryContext{kNow}));
  EXPECT_EQ(json["hosts"][0]["agent_version"], "0.2.0");
  EXPECT_TRUE(json["hosts"][1]["agent_version"].is_null());
}

TEST_F(QueryHandlersTest, EventsInARangeFiltered) {
  nlohmann::json json = json_of(handle_events({{"since", "1h"}}, store(), QueryContext{kNow}));
  ASSERT_EQ(json["events"].size(), 2U);
  EXPECT_EQ(json["events"][0], (nlohmann::json{{"t_ms", kT0 + 5000}, {"host", "node1"}, {"kind", "link_down"},
                                               {"text", "eno1 carrier lost"}}));
  json = json_of(handle_events({{"since", "1h"}, {"kind", "link_up"}}, store(), QueryContext{kNow}));
  ASSERT_EQ(json["events"].size(), 1U);
  json = json_of(handle_events({{"start", std::to_string(kT0)}, {"end", std::to_string(kT0 + 5500)}}, store(), QueryContext{kNow}));
  EXPECT_EQ(json["events"].size(), 1U);
  EXPECT_EQ(handle_events({{"host", "a"}, {"host", "b"}}, store(), QueryContext{kNow}).status, 400);
}

}  // namespace
}  // namespace netkeel::server
