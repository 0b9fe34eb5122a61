// GET /api/v1/alerts over real HTTP: the engine fed by POST /api/v1/batches, evaluated on demand (the
// timer is off so the test decides when), its alerts persisted in the SQLite store across a restart.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "netkeel/http/http_client.hpp"
#include "netkeel/server/api_server.hpp"
#include "netkeel/store/batch_wire.hpp"
#include "server/server_test_support.hpp"

namespace netkeel::server {
namespace {

using ::testing::HasSubstr;

constexpr store::TimestampMs kT0 = 1764150000000;  // 2025-11-26T09:40:00Z
constexpr const char* kToken = "site-token";
constexpr const char* kReadToken = "read-token";

class AlertsApi : public ::testing::Test {
 protected:
  AlertsApi() { start(); }

  void start() {
    ApiServerOptions options;
    options.listen = {{"", "127.0.0.1", 0}};
    options.ingest.tokens = {kToken, kReadToken};
    options.clock = clock_;
    options.alerts->evaluation_interval_ms = 0;
    options.alerts->on_alerts_changed = [this](const std::vector<analyze::Alert>& alerts) {
      changes_.push_back(alerts.size());
    };
    server_.reset();
    server_ = std::make_unique<ApiServer>(*stored_.store, options);
  }

  http::Response request(const std::string& method, const std::string& path, const std::string& token,
                         const std::string& body = "") {
    http::Request r;
    r.method = method;
    r.url = "http://127.0.0.1:" + std::to_string(server_->bound().at(0).port) + path;
    r.headers = {{"Authorization", "Bearer " + token}};
    if (!body.empty()) r.headers.push_back({"Content-Type", "application/json"});
    r.body = body;
    return client_.send(r);
  }

  void post_event(std::uint64_t sequence, store::TimestampMs at, const std::string& kind, const std::string& text) {
    store::Batch batch;
    batch.id = {"ctl1", sequence};
    batch.events = {{at, "ctl1", kind, text}};
    ASSERT_EQ(request("POST", "/api/v1/batches", kToken, store::encode_batch_json(batch)).status, 200);
  }

  nlohmann::json alerts(const std::string& query = "") {
    const http::Response response = request("GET", "/api/v1/alerts" + query, kReadToken);
    EXPECT_EQ(response.status, 200) << response.body;
    return nlohmann::json::parse(response.body);
  }

  std::shared_ptr<FakeClock> clock_ = [] {
    auto clock = std::make_shared<FakeClock>();
    clock->set_wall(WallTime{} + std::chrono::milliseconds(kT0 + 60'000));
    return clock;
  }();
  testing::StoreInTempDir stored_;
  std::unique_ptr<ApiServer> server_;
  http::CurlHttpClient client_;
  std::vector<std::size_t> changes_;
};

TEST_F(AlertsApi, ServesTheFiringAlertsInTheDocumentedShape) {
  EXPECT_EQ(alerts(), nlohmann::json::parse(R"({"alerts":[]})"));
  post_event(1, kT0 + 1'000, "link_down", "eno2 down");
  server_->alerts()->evaluate_now();
  EXPECT_EQ(alerts(), nlohmann::json::parse(R"({"alerts":[{
      "name":"NetkeelLinkDown","state":"firing","severity":"warning","network":"",
      "since":"2025-11-26T09:40:01.000Z","ended":null,
      "summary":"link down: eno2 of ctl1",
      "description":"ctl1 reported eno2 down; the alert clears with its link_up (up for the agent's --flap-up-hold).",
      "culprit":{"kind":"nic","name":"ctl1:eno2"},
      "labels":{"host":"ctl1","interface":"eno2"}}]})"));
  EXPECT_EQ(changes_, std::vector<std::size_t>{1});

  const http::Response metrics = request("GET", "/metrics", kReadToken);
  EXPECT_THAT(metrics.body, HasSubstr("netkeel_server_alerts_firing{alertname=\"NetkeelLinkDown\"} 1\n"));
  EXPECT_THAT(metrics.body, HasSubstr("netkeel_server_alerts_firing{alertname=\"NetkeelHostDown\"} 0\n"));
  EXPECT_THAT(metrics.body, HasSubstr("netkeel_server_alert_evaluation_seconds_count 1\n"));
  EXPECT_THAT(metrics.body, HasSubstr("netkeel_server_alert_detection_delay_seconds_sum 59.000000\n"));

  clock_->advance(std::chrono::seconds(5));
  post_event(2, kT0 + 3'000, "link_up", "eno2 up (held up)");
  server_->alerts()->evaluate_now();
  EXPECT_EQ(alerts()["alerts"].size(), 0u);
  const auto all = alerts("?all=1")["alerts"];
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0]["state"], "resolved");
  EXPECT_EQ(all[0]["ended"], "2025-11-26T09:41:05.000Z");
}

TEST_F(AlertsApi, AlertsSurviveARestart) {
  post_event(1, kT0 + 1'000, "link_down", "eno2 down");
  server_->alerts()->evaluate_now();
  start();  // a new server on the same store
  const auto after = alerts()["alerts"];
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0]["name"], "NetkeelLinkDown");
  EXPECT_EQ(after[0]["since"], "2025-11-26T09:40:01.000Z");
  // The link rule learnt the link from the reloaded alert: still firing after the reload hold.
  clock_->advance(std::chrono::minutes(5));
  server_->alerts()->evaluate_now();
  EXPECT_EQ(alerts()["alerts"].size(), 1u);
  // The server's own events do not make it a host.
  const auto hosts = nlohmann::json::parse(request("GET", "/api/v1/hosts", kReadToken).body)["hosts"];
  ASSERT_EQ(hosts.size(), 1u);
  EXPECT_EQ(hosts[0]["host"], "ctl1");
}

TEST_F(AlertsApi, RefusesBadParametersAndMissingTokens) {
  const http::Response bad = request("GET", "/api/v1/alerts?all=yes", kReadToken);
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.body, HasSubstr("all=yes: expected all=1"));
  EXPECT_EQ(request("GET", "/api/v1/alerts?state=firing", kReadToken).status, 400);
  EXPECT_EQ(request("GET", "/api/v1/alerts", "guess").status, 401);
}

}  // namespace
}  // namespace netkeel::server
