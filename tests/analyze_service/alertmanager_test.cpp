// netkeel's notifier against a real Alertmanager (Debian's prometheus-alertmanager, started by
// scripts/alertmanager.sh: group_by [alertname, network], group_wait 1s, a webhook receiver at
// 127.0.0.1:NETKEEL_ALERTMANAGER_WEBHOOK_PORT that this test runs). It checks that Alertmanager takes the
// alerts with their labels, annotations and netkeel's fingerprints, groups two alerts of one name and
// network, drops a resolved one from its active list, and notifies its webhook with netkeel's alerts in a
// payload whose shape netkeel's own webhook sender matches.
#include <unistd.h>

#include <gtest/gtest.h>

#include <condition_variable>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "netkeel/analyze/alert_notifier.hpp"
#include "netkeel/analyze/alertmanager_target.hpp"
#include "netkeel/core/rfc3339_time.hpp"
#include "netkeel/analyze/webhook_target.hpp"
#include "netkeel/http/http_client.hpp"
#include "netkeel/http/http_server.hpp"
#include "netkeel/http/listening_socket.hpp"

namespace netkeel::analyze {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

std::string environment(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

// Receives webhook POSTs on "/" (Alertmanager's) and "/netkeel" (netkeel's own sender).
class WebhookReceiver {
 public:
  explicit WebhookReceiver(int port) {
    http::HttpServerOptions options;
    const auto plain = [](int status, std::string body) {
      http::HttpReply reply;
      reply.status = status;
      reply.content_type = "text/plain";
      reply.body = std::move(body);
      return reply;
    };
    options.no_route = [plain](const http::HttpRequest& request) { return plain(404, "no " + request.path); };
    options.bad_framing = [plain](const std::string& problem) { return plain(400, problem); };
    options.busy = [plain] { return plain(503, "busy"); };
    for (const char* path : {"/", "/netkeel"}) {
      http::HttpRoute route;
      route.method = "POST";
      route.path = path;
      route.max_body_bytes = 1 << 20;
      route.body_too_large = [plain](const http::HttpRequest&) { return plain(413, "too large"); };
      route.handle = [this, plain](const http::HttpRequest& request) {
        std::lock_guard lock(mutex_);
        received_.emplace_back(request.path, json::parse(request.body));
        changed_.notify_all();
        return plain(200, "");
      };
      options.routes.push_back(std::move(route));
    }
    std::vector<http::ListeningSocket> sockets;
    sockets.emplace_back("127.0.0.1", port);
    server_ = std::make_unique<http::HttpServer>(std::move(sockets), std::move(options));
  }

  // The first payload posted to `path` that `matches`, waiting up to `deadline` for it.
  std::optional<json> wait_for(const std::string& path, const std::function<bool(const json&)>& matches,
                               std::chrono::seconds deadline = 30s) {
    std::unique_lock lock(mutex_);
    std::optional<json> found;
    changed_.wait_for(lock, deadline, [&] {
      for (const auto& [received_path, payload] : received_) {
        if (received_path == path && matches(payload)) {
          found = payload;
          return true;
        }
      }
      return false;
    });
    return found;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::pair<std::string, json>> received_;
  std::unique_ptr<http::HttpServer> server_;
};

std::set<std::string> keys(const json& object) {
  std::set<std::string> out;
  for (const auto& [key, value] : object.items()) out.insert(key);
  return out;
}

std::set<std::string> fingerprints(const json& alerts) {
  std::set<std::string> out;
  for (const auto& alert : alerts) out.insert(alert["fingerprint"].get<std::string>());
  return out;
}

class AlertmanagerTest : public ::testing::Test {
 protected:
  // GET from Alertmanager's API until `done` holds for the answer; the last answer either way.
  json poll(const std::string& path_and_query, const std::function<bool(const json&)>& done) {
    json answer;
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < deadline) {
      const http::Response response = client_.send({"GET", alertmanager_url_ + path_and_query, {}, "", 5000ms});
      EXPECT_EQ(response.status, 200) << response.body;
      answer = json::parse(response.body);
      if (done(answer)) break;
      std::this_thread::sleep_for(100ms);  // poll interval, not a wait for an outcome
    }
    return answer;
  }

  Alert alert(const std::string& name, const std::string& network, const std::string& culprit) const {
    Alert out;
    out.name = name;
    out.severity = Severity::critical;
    out.network = network;
    out.since_unix_ms = unix_milliseconds(clock_.wall_now()) - 30'000;
    out.summary = culprit + " in trouble";
    out.description = "service test run " + run_;
    out.culprit = {network.empty() ? "host" : "nic", culprit};
    out.labels = {{"run", run_}};
    return out;
  }

  const std::string alertmanager_url_ = environment("NETKEEL_ALERTMANAGER_URL", "http://127.0.0.1:19093");
  const int webhook_port_ = std::stoi(environment("NETKEEL_ALERTMANAGER_WEBHOOK_PORT", "19094"));
  // Labels of this run only, so reruns against one Alertmanager never see each other's alerts.
  const std::string run_ = "r" + std::to_string(::getpid()) + "_" +
                           std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 1'000'000'000);
  const std::string filter_ = "filter=run%3D%22" + run_ + "%22";
  SystemClock clock_;
  http::CurlHttpClient client_;
};

TEST_F(AlertmanagerTest, ReceivesGroupsNotifiesAndResolvesNetkeelsAlerts) {
  WebhookReceiver receiver(webhook_port_);
  const AlertLinks links{"http://netkeel.test:9948", "https://docs.example/netkeel/alerts.md"};
  std::vector<std::unique_ptr<NotificationTarget>> targets;
  targets.push_back(std::make_unique<AlertmanagerTarget>(std::make_shared<http::CurlHttpClient>(), alertmanager_url_, 5s));
  targets.push_back(std::make_unique<WebhookTarget>(std::make_shared<http::CurlHttpClient>(),
                                                    "http://127.0.0.1:" + std::to_string(webhook_port_) + "/netkeel",
                                                    links.external_url, 5s));
  AlertNotifierOptions options;
  options.links = links;
  AlertNotifier notifier(clock_, std::move(targets), options);

  const std::string network = "storage_" + run_;
  const Alert loss1 = alert("NetkeelSustainedLoss", network, "ctl1:eno1");
  const Alert loss2 = alert("NetkeelSustainedLoss", network, "ctl2:eno1");
  const Alert down = alert("NetkeelHostDown", "", "cmp3");
  notifier.update({loss1, loss2, down});
  notifier.wait_idle();
  ASSERT_EQ(notifier.counts().alertmanager.sent, 1u);
  ASSERT_EQ(notifier.counts().webhook.sent, 2u);

  // Alertmanager holds all three, with netkeel's labels, annotations, times and fingerprints.
  const json active = poll("/api/v2/alerts?" + filter_, [](const json& alerts) { return alerts.size() == 3; });
  ASSERT_EQ(active.size(), 3u) << active.dump(2);
  for (const Alert& sent : {loss1, loss2, down}) {
    const OutgoingAlert expected = to_outgoing_alert(sent, links, 0);
    const std::string fingerprint = fingerprint_text(expected.fingerprint);
    const auto it = std::find_if(active.begin(), active.end(), [&](const json& a) { return a["fingerprint"] == fingerprint; });
    ASSERT_NE(it, active.end()) << "Alertmanager has no alert with netkeel's fingerprint " << fingerprint << " for "
                                << sent.culprit.name << ": " << active.dump(2);
    EXPECT_EQ((*it)["labels"].get<LabelSet>(), expected.labels);
    EXPECT_EQ((*it)["annotations"].get<LabelSet>(), expected.annotations);
    EXPECT_EQ((*it)["annotations"]["runbook_url"], "https://docs.example/netkeel/alerts.md#" +
                                                       std::string(sent.name == "NetkeelHostDown" ? "netkeelhostdown" : "netkeelsustainedloss"));
    EXPECT_EQ((*it)["startsAt"], format_rfc3339_ms(sent.since_unix_ms));
    EXPECT_EQ((*it)["generatorURL"], "http://netkeel.test:9948/api/v1/alerts");
    EXPECT_EQ((*it)["status"]["state"], "active");
  }

  // Two alerts of one name and network make one group.
  const json groups = poll("/api/v2/alerts/groups?" + filter_, [&](const json& all) {
    return std::any_of(all.begin(), all.end(), [&](const json& g) { return g["alerts"].size() == 2; });
  });
  const auto loss_group = std::find_if(groups.begin(), groups.end(), [&](const json& g) {
    return g["labels"] == json{{"alertname", "NetkeelSustainedLoss"}, {"network", network}};
  });
  ASSERT_NE(loss_group, groups.end()) << groups.dump(2);
  EXPECT_EQ((*loss_group)["alerts"].size(), 2u);
  EXPECT_EQ(fingerprints((*loss_group)["alerts"]),
            (std::set<std::string>{fingerprint_text(to_outgoing_alert(loss1, links, 0).fingerprint),
                                   fingerprint_text(to_outgoing_alert(loss2, links, 0).fingerprint)}));

  // Alertmanager's own webhook notification carries netkeel's alerts...
  const std::string group_key = "{}:{alertname=\"NetkeelSustainedLoss\", network=\"" + network + "\"}";
  const auto from_alertmanager = receiver.wait_for("/", [&](const json& p) {
    return p["groupKey"] == group_key && p["alerts"].size() == 2;
  });
  ASSERT_TRUE(from_alertmanager) << "no webhook from Alertmanager for " << group_key;
  // ...and netkeel's own webhook sender writes the same shape for the same group.
  const auto from_netkeel = receiver.wait_for("/netkeel", [&](const json& p) { return p["groupKey"] == group_key; });
  ASSERT_TRUE(from_netkeel);
  const json& theirs = *from_alertmanager;
  const json& ours = *from_netkeel;
  EXPECT_EQ(keys(ours), keys(theirs));
  EXPECT_EQ(keys(ours["alerts"][0]), keys(theirs["alerts"][0]));
  for (const char* field : {"status", "version", "groupKey", "groupLabels", "commonLabels", "commonAnnotations", "truncatedAlerts"}) {
    EXPECT_EQ(ours[field], theirs[field]) << field;
  }
  EXPECT_EQ(fingerprints(ours["alerts"]), fingerprints(theirs["alerts"]));
  for (const auto& payload : {ours, theirs}) {
    for (const auto& a : payload["alerts"]) {
      EXPECT_EQ(a["status"], "firing");
      EXPECT_EQ(a["endsAt"], "0001-01-01T00:00:00Z");  // Alertmanager hides a firing alert's end
    }
  }

  // A resolved alert leaves Alertmanager's active list, and its webhook says so.
  notifier.update({loss1, down});
  notifier.wait_idle();
  const std::string resolved_fingerprint = fingerprint_text(to_outgoing_alert(loss2, links, 0).fingerprint);
  const json after = poll("/api/v2/alerts?" + filter_, [](const json& alerts) { return alerts.size() == 2; });
  EXPECT_EQ(after.size(), 2u) << after.dump(2);
  EXPECT_EQ(fingerprints(after).count(resolved_fingerprint), 0u);
  const auto resolved_notice = receiver.wait_for("/", [&](const json& p) {
    return std::any_of(p["alerts"].begin(), p["alerts"].end(),
                       [&](const json& a) { return a["fingerprint"] == resolved_fingerprint && a["status"] == "resolved"; });
  });
  EXPECT_TRUE(resolved_notice) << "Alertmanager's webhook never reported " << resolved_fingerprint << " resolved";

  // Leave nothing firing behind.
  notifier.update({});
  notifier.wait_idle();
  const json none = poll("/api/v2/alerts?" + filter_, [](const json& alerts) { return alerts.empty(); });
  EXPECT_TRUE(none.empty()) << none.dump(2);
  EXPECT_EQ(notifier.counts().alertmanager.failed + notifier.counts().webhook.failed, 0u);
}

}  // namespace
}  // namespace netkeel::analyze
