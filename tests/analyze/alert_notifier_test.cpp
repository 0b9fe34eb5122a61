// The notifier end to end with fake HTTP clients and a fake clock: every destination gets every alert,
// a hanging one delays no other, failures wait for the next send, queues stay bounded.
#include "netkeel/analyze/alert_notifier.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include <nlohmann/json.hpp>

#include "analyze/alert_examples.hpp"
#include "fakes/core/fake_clock.hpp"
#include "fakes/http/fake_http_client.hpp"
#include "netkeel/analyze/alertmanager_target.hpp"
#include "netkeel/analyze/webhook_target.hpp"
#include "netkeel/core/error.hpp"

namespace netkeel::analyze {
namespace {

using namespace std::chrono_literals;

// Blocks every request until released, as a destination that accepts the connection and never answers.
class HangingHttpClient final : public http::HttpClient {
 public:
  http::Response send(const http::Request& request) override {
    std::unique_lock lock(mutex_);
    ++entered_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return released_; });
    throw RuntimeError("POST " + request.url + ": timed out");
  }
  bool wait_entered() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 30s, [&] { return entered_ > 0; });
  }
  void release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int entered_ = 0;
  bool released_ = false;
};

// A FakeHttpClient that says when requests arrive, for waiting without wait_idle (which would wait for
// the hanging destination too).
class SignallingHttpClient final : public http::HttpClient {
 public:
  SignallingHttpClient() { fake.respond_by_default({200, "", ""}); }
  http::Response send(const http::Request& request) override {
    http::Response response = fake.send(request);
    std::lock_guard lock(mutex_);
    changed_.notify_all();
    return response;
  }
  bool wait_for_requests(std::size_t count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 30s, [&] { return fake.request_count() >= count; });
  }
  http::FakeHttpClient fake;

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
};

std::vector<std::string> posted_culprits(const http::Request& request) {
  std::vector<std::string> culprits;
  for (const auto& alert : nlohmann::json::parse(request.body)) {
    culprits.push_back(alert["labels"]["culprit"].get<std::string>() + (alert["endsAt"] <= "2026-01-01T00:01" ? "/resolved" : ""));
  }
  return culprits;
}

std::unique_ptr<NotificationTarget> alertmanager(std::shared_ptr<http::HttpClient> client, const std::string& url,
                                                 std::optional<std::string> token = std::nullopt) {
  return std::make_unique<AlertmanagerTarget>(std::move(client), url, 2s, std::move(token));
}

AlertNotifierOptions options(std::size_t queue_capacity = 100) {
  AlertNotifierOptions out;
  out.links = test::example_links();
  out.queue_capacity = queue_capacity;
  return out;
}

// A notifier with a single Alertmanager at http://am:9093 behind `client`.
std::unique_ptr<AlertNotifier> one_alertmanager(const Clock& clock, std::shared_ptr<http::HttpClient> client,
                                                AlertNotifierOptions opts = options()) {
  std::vector<std::unique_ptr<NotificationTarget>> targets;
  targets.push_back(alertmanager(std::move(client), "http://am:9093"));
  return std::make_unique<AlertNotifier>(clock, std::move(targets), std::move(opts));
}

TEST(AlertNotifier, EveryDestinationGetsEveryAlert) {
  FakeClock clock;
  auto am1 = std::make_shared<http::FakeHttpClient>();
  auto am2 = std::make_shared<http::FakeHttpClient>();
  auto hook = std::make_shared<http::FakeHttpClient>();
  for (auto* client : {am1.get(), am2.get(), hook.get()}) client->respond_by_default({200, "", ""});
  std::vector<std::unique_ptr<NotificationTarget>> targets;
  targets.push_back(alertmanager(am1, "http://am1:9093/", "s3cret-token"));
  targets.push_back(alertmanager(am2, "http://am2:9093/prefix"));
  targets.push_back(std::make_unique<WebhookTarget>(hook, "http://hooks.example/netkeel?x=1", "http://netkeel.example:9948", 2s));
  AlertNotifier notifier(clock, std::move(targets), options());

  notifier.update({test::sustained_loss(), test::host_down()});
  notifier.wait_idle();
  ASSERT_EQ(am1->request_count(), 1u);
  const http::Request posted = am1->requests()[0];
  EXPECT_EQ(posted.method, "POST");
  EXPECT_EQ(posted.url, "http://am1:9093/api/v2/alerts");
  EXPECT_EQ(posted.timeout, 2s);
  EXPECT_EQ(posted.headers, (std::vector<std::pair<std::string, std::string>>{
                                {"Content-Type", "application/json"}, {"Authorization", "Bearer s3cret-token"}}));
  EXPECT_EQ(posted_culprits(posted).size(), 2u);
  ASSERT_EQ(am2->request_count(), 1u);
  EXPECT_EQ(am2->requests()[0].url, "http://am2:9093/prefix/api/v2/alerts");
  EXPECT_EQ(am2->requests()[0].body, posted.body);
  ASSERT_EQ(hook->request_count(), 2u);  // one POST per group: NetkeelHostDown, NetkeelSustainedLoss/storage
  EXPECT_EQ(hook->requests()[0].url, "http://hooks.example/netkeel?x=1");
  EXPECT_EQ(nlohmann::json::parse(hook->requests()[1].body)["groupLabels"]["network"], "storage");

  clock.advance(60s);
  notifier.tick();
  notifier.wait_idle();
  EXPECT_EQ(am1->request_count(), 2u);  // the resend
  EXPECT_EQ(hook->request_count(), 4u);
  const NotifierCounts counts = notifier.counts();
  EXPECT_EQ(counts.alertmanager.sent, 4u);
  EXPECT_EQ(counts.webhook.sent, 4u);
  EXPECT_EQ(counts.alertmanager.failed + counts.webhook.failed + counts.dropped + counts.queue_length, 0u);
  EXPECT_EQ(counts.queue_capacity, 300u);
}

TEST(AlertNotifier, AHangingDestinationDelaysNoOther) {
  FakeClock clock;
  auto hanging = std::make_shared<HangingHttpClient>();
  auto healthy = std::make_shared<SignallingHttpClient>();
  std::vector<std::unique_ptr<NotificationTarget>> targets;
  targets.push_back(alertmanager(hanging, "http://dead:9093"));
  targets.push_back(alertmanager(healthy, "http://alive:9093"));
  AlertNotifier notifier(clock, std::move(targets), options());

  notifier.update({test::host_down()});
  ASSERT_TRUE(hanging->wait_entered());
  ASSERT_TRUE(healthy->wait_for_requests(1));
  notifier.update({test::host_down(), test::sustained_loss()});  // returns at once, though one destination hangs
  ASSERT_TRUE(healthy->wait_for_requests(2));
  EXPECT_EQ(posted_culprits(healthy->fake.requests()[1]), (std::vector<std::string>{"ctl1:eno1"}));
  hanging->release();
  notifier.wait_idle();
  const NotifierCounts counts = notifier.counts();
  EXPECT_EQ(counts.alertmanager.sent, 2u);
  EXPECT_GE(counts.alertmanager.failed, 1u);
}

TEST(AlertNotifier, AFailedSendIsRetriedWithTheNextSend) {
  FakeClock clock;
  auto am = std::make_shared<http::FakeHttpClient>();
  am->respond(200);
  am->fail("connection refused");  // the resolved notice is lost...
  am->respond_by_default({200, "", ""});
  std::vector<std::string> log;
  AlertNotifierOptions opts = options();
  opts.log = [&](const std::string& line) { log.push_back(line); };
  const auto notifier = one_alertmanager(clock, am, opts);

  notifier->update({test::host_down("cmp1")});
  notifier->wait_idle();
  clock.advance(5s);
  notifier->update({});
  notifier->wait_idle();
  EXPECT_EQ(notifier->counts().queue_length, 1u);
  clock.advance(5s);
  notifier->update({test::host_down("cmp2")});  // ...and goes out with the next send
  notifier->wait_idle();
  ASSERT_EQ(am->request_count(), 3u);
  EXPECT_EQ(posted_culprits(am->requests()[2]), (std::vector<std::string>{"cmp1/resolved", "cmp2"}));
  EXPECT_EQ(notifier->counts().alertmanager.failed, 1u);
  EXPECT_EQ(notifier->counts().queue_length, 0u);
  const std::string cmp1 = fingerprint_text(label_fingerprint(alertmanager_labels(test::host_down("cmp1"))));
  EXPECT_EQ(log, (std::vector<std::string>{
                     "alert NetkeelHostDown " + cmp1 + " firing: cmp1 is down",
                     "alert NetkeelHostDown " + cmp1 + " resolved: cmp1 is down",
                     "alertmanager http://am:9093: delivery failed (POST http://am:9093/api/v2/alerts: no HTTP "
                     "response: connection refused); retrying with the next send",
                     "alert NetkeelHostDown " +
                         fingerprint_text(label_fingerprint(alertmanager_labels(test::host_down("cmp2")))) +
                         " firing: cmp2 is down",
                     "alertmanager http://am:9093: delivering again"}));
}

TEST(WebhookTarget, RetriesOnlyTheGroupsThatFailed) {
  auto hook = std::make_shared<http::FakeHttpClient>();
  hook->respond(503, "busy");  // the NetkeelHostDown group
  hook->respond(200);          // the NetkeelSustainedLoss/storage group
  WebhookTarget target(hook, "http://hook/", "http://netkeel.example:9948", 2s);
  const AlertLinks links = test::example_links();
  const DeliveryResult result = target.deliver(
      {to_outgoing_alert(test::sustained_loss(), links, 0), to_outgoing_alert(test::host_down(), links, 0)});
  EXPECT_EQ(result.requests_sent, 1u);
  EXPECT_EQ(result.requests_failed, 1u);
  ASSERT_EQ(result.retry.size(), 1u);
  EXPECT_EQ(result.retry[0].labels.at("alertname"), "NetkeelHostDown");
  EXPECT_EQ(result.last_error, "POST http://hook/: HTTP 503: busy");
}

TEST(AlertNotifier, RefusedContentIsNotRetried) {
  FakeClock clock;
  auto am = std::make_shared<http::FakeHttpClient>();
  am->respond(400, "invalid label set");
  am->respond_by_default({200, "", ""});
  const auto notifier = one_alertmanager(clock, am);
  notifier->update({test::host_down("cmp1")});
  notifier->wait_idle();
  notifier->update({test::host_down("cmp1"), test::host_down("cmp2")});
  notifier->wait_idle();
  EXPECT_EQ(posted_culprits(am->requests().at(1)), (std::vector<std::string>{"cmp2"}));
  EXPECT_EQ(notifier->counts().alertmanager.failed, 1u);
}

TEST(AlertNotifier, ADeadDestinationsQueueStaysBounded) {
  FakeClock clock;
  auto dead = std::make_shared<http::FakeHttpClient>();
  dead->respond_by_default({503, "down for maintenance", ""});
  const auto notifier = one_alertmanager(clock, dead, options(2));
  notifier->update({test::host_down("cmp1"), test::host_down("cmp2"), test::host_down("cmp3")});
  notifier->wait_idle();
  EXPECT_EQ(notifier->counts().dropped, 1u);
  EXPECT_EQ(notifier->counts().queue_length, 2u);
  for (int round = 0; round < 50; ++round) {  // a long outage: every resend fails
    clock.advance(60s);
    notifier->tick();
    notifier->wait_idle();
    EXPECT_LE(notifier->counts().queue_length, 2u);
  }
  const NotifierCounts counts = notifier->counts();
  EXPECT_EQ(counts.queue_length, 2u);
  EXPECT_EQ(counts.queue_capacity, 2u);
  EXPECT_EQ(counts.alertmanager.failed, 51u);
  EXPECT_GT(counts.dropped, 1u);
}

TEST(AlertNotifier, LargeListsGoInBatchesOf256) {
  FakeClock clock;
  auto am = std::make_shared<http::FakeHttpClient>();
  am->respond_by_default({200, "", ""});
  const auto notifier = one_alertmanager(clock, am, options(1000));
  std::vector<Alert> alerts;
  for (int host = 0; host < 300; ++host) alerts.push_back(test::host_down("cmp" + std::to_string(host)));
  notifier->update(alerts);
  notifier->wait_idle();
  ASSERT_EQ(am->request_count(), 2u);
  EXPECT_EQ(nlohmann::json::parse(am->requests()[0].body).size(), 256u);
  EXPECT_EQ(nlohmann::json::parse(am->requests()[1].body).size(), 44u);
}

TEST(NotifierMetrics, PrometheusText) {
  NotifierCounts counts;
  counts.alertmanager = {5, 1};
  counts.webhook = {2, 0};
  counts.dropped = 3;
  counts.queue_length = 4;
  counts.queue_capacity = 20000;
  const std::string text = render_notifier_metrics(counts);
  EXPECT_NE(text.find("# TYPE netkeel_server_alert_notifications_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("netkeel_server_alert_notifications_total{kind=\"alertmanager\",result=\"sent\"} 5\n"
                      "netkeel_server_alert_notifications_total{kind=\"alertmanager\",result=\"failed\"} 1\n"
                      "netkeel_server_alert_notifications_total{kind=\"webhook\",result=\"sent\"} 2\n"
                      "netkeel_server_alert_notifications_total{kind=\"webhook\",result=\"failed\"} 0\n"),
            std::string::npos);
  EXPECT_NE(text.find("netkeel_server_alert_notifications_dropped_total 3\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE netkeel_server_alert_notification_queue_length gauge\n"
                      "netkeel_server_alert_notification_queue_length 4\n"),
            std::string::npos);
  EXPECT_NE(text.find("netkeel_server_alert_notification_queue_capacity 20000\n"), std::string::npos);
}

}  // namespace
}  // namespace netkeel::analyze
