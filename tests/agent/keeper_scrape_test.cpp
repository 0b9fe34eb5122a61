// --keeper-metrics: one read of the keeper's page (only its netkeel_keeper_* samples kept, any failure
// classed and explained, an overlong or broken page refused whole), the thread that reads it without
// holding up the agent's loop, the counts /metrics shows, and the log that says so at most once a minute.
#include <chrono>
#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "netkeel/agent/batch_builder.hpp"
#include "netkeel/agent/keeper_scrape.hpp"
#include "netkeel/agent/keeper_scrape_counters.hpp"
#include "netkeel/agent/keeper_scrape_log.hpp"
#include "netkeel/agent/keeper_scraper.hpp"
#include "netkeel/core/error.hpp"
#include "fakes/http/fake_http_client.hpp"
#include "netkeel/store/batch_wire.hpp"
#include "agent/gated_http_client.hpp"

namespace netkeel::agent {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const std::string kPage =
    "# HELP netkeel_keeper_instance_health 1 for the health each service's instance on this host has.\n"
    "# TYPE netkeel_keeper_instance_health gauge\n"
    "netkeel_keeper_instance_health{service=\"keystone\",health=\"healthy\"} 1\n"
    "netkeel_keeper_instance_health{service=\"keystone\",health=\"failed\"} 0\n"
    "# TYPE netkeel_keeper_vip_releases_by_cause_total counter\n"
    "netkeel_keeper_vip_releases_by_cause_total{service=\"keystone\",cause=\"check\",host=\"forged\"} 2\n"
    "# TYPE process_open_fds gauge\n"
    "process_open_fds 12\n";

KeeperScrapeOptions options() {
  KeeperScrapeOptions o;
  o.url = "http://10.0.0.11:9949/metrics";
  o.timeout = milliseconds(700);
  return o;
}

TEST(KeeperScrape, KeepsTheKeepersSamplesWithTheirTypesAndDropsTheRest) {
  http::FakeHttpClient client;
  client.respond(http::Response{200, kPage, "text/plain"});
  const KeeperScrape scrape = scrape_keeper_metrics(client, options(), 1767225600000);
  ASSERT_TRUE(scrape.ok()) << scrape.error;
  EXPECT_EQ(scrape.at_ms, 1767225600000);
  ASSERT_EQ(scrape.samples.size(), 3u);
  EXPECT_EQ(scrape.samples[0].metric, "netkeel_keeper_instance_health");
  EXPECT_EQ(scrape.samples[0].type, "gauge");
  EXPECT_EQ(scrape.samples[0].labels, (std::vector<store::Label>{{"service", "keystone"}, {"health", "healthy"}}));
  EXPECT_EQ(scrape.samples[0].value, 1);
  EXPECT_EQ(scrape.samples[2].type, "counter");
  EXPECT_EQ(scrape.samples[2].value, 2);
  EXPECT_EQ(scrape.samples[2].labels, (std::vector<store::Label>{{"service", "keystone"}, {"cause", "check"}}))
      << "a page's own host label is dropped: the batch names the host";
  EXPECT_EQ(scrape.ignored_samples, 1u);
  // One GET of the URL, bounded in time and in size.
  ASSERT_EQ(client.requests().size(), 1u);
  EXPECT_EQ(client.requests()[0].method, "GET");
  EXPECT_EQ(client.requests()[0].url, "http://10.0.0.11:9949/metrics");
  EXPECT_EQ(client.requests()[0].timeout, milliseconds(700));
  EXPECT_EQ(client.requests()[0].max_body_bytes, 1u << 20);
}

// The largest page the limits let through still makes a batch the server takes: 31 labels of the longest
// names and values (not UTF-8: each byte goes out as three), and the host.
TEST(KeeperScrape, TheLargestSampleAllowedStillFitsTheServersBatchLimits) {
  const PrometheusTextLimits limits = keeper_page_limits();
  std::string sample = "netkeel_keeper_" + std::string(limits.max_name_bytes - 15, 'm') + "{";
  for (std::size_t i = 0; i < limits.max_labels; ++i) {
    std::string name = "l" + std::to_string(i);
    sample += name + std::string(limits.max_name_bytes - name.size(), 'x') + "=\"" +
              std::string(limits.max_label_value_bytes, '\xff') + "\",";
  }
  sample += "} 1\n";
  http::FakeHttpClient client;
  client.respond(http::Response{200, sample, ""});
  AgentSnapshot snapshot;
  snapshot.host = std::string(store::kMaxHostBytes, 'h');
  snapshot.keeper_scrape = scrape_keeper_metrics(client, options(), 1767225600000);
  ASSERT_TRUE(snapshot.keeper_scrape->ok()) << snapshot.keeper_scrape->error;
  const store::Batch batch = build_batch(snapshot, TimeAnchor{SteadyTime{}, 1767225600000});
  EXPECT_NO_THROW(store::decode_batch_json(store::encode_batch_json(batch)));
  // One label more, one byte more in a value or a name: refused at the page, never at the server.
  for (const std::string& bigger : {std::string(sample).insert(sample.size() - 4, "one_more=\"1\""),
                                    std::string(sample).insert(sample.find("=\"") + 2, "v"),
                                    std::string(sample).insert(sample.find("=\"") - 1, "n")}) {
    client.respond(http::Response{200, bigger, ""});
    EXPECT_EQ(scrape_keeper_metrics(client, options(), 1).failure_reason, "bad_page");
  }
}

struct FailedScrape {
  std::string name;
  std::function<void(http::FakeHttpClient&)> answer;
  std::string reason;
  std::string error;  // a part of the message
};

class KeeperScrapeFails : public ::testing::TestWithParam<FailedScrape> {};

TEST_P(KeeperScrapeFails, WithItsReasonAndNoSamples) {
  http::FakeHttpClient client;
  GetParam().answer(client);
  const KeeperScrape scrape = scrape_keeper_metrics(client, options(), 1);
  EXPECT_FALSE(scrape.ok());
  EXPECT_EQ(scrape.failure_reason, GetParam().reason);
  EXPECT_NE(scrape.error.find(GetParam().error), std::string::npos) << scrape.error;
  EXPECT_TRUE(scrape.samples.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Answers, KeeperScrapeFails,
    ::testing::Values(
        FailedScrape{"Refused", [](auto& c) { c.fail("Connection refused"); }, "unreachable", "Connection refused"},
        FailedScrape{"NotFound", [](auto& c) { c.respond(http::Response{404, "no such page\nat all", ""}); },
                     "http_status", "GET http://10.0.0.11:9949/metrics: HTTP 404 no such page"},
        FailedScrape{"NotAPage", [](auto& c) { c.respond(http::Response{200, "<html>hello</html>\n", ""}); },
                     "bad_page", "not a Prometheus text page: line 1, column 1: expected a metric name"},
        FailedScrape{"HalfAPage",
                     [](auto& c) { c.respond(http::Response{200, kPage + "netkeel_keeper_vip_held{service=\"x\n", ""}); },
                     "bad_page", "line 9, column 33: the label value has no closing"},
        FailedScrape{"OneSeriesTwice",
                     [](auto& c) {
                       c.respond(http::Response{200, "netkeel_keeper_drained 0\nnetkeel_keeper_drained 1\n", ""});
                     },
                     "bad_page", "the series netkeel_keeper_drained{} appears twice"},
        FailedScrape{"TwiceOnceTheHostIsDropped",
                     [](auto& c) {
                       c.respond(http::Response{200, "netkeel_keeper_drained{host=\"a\"} 0\nnetkeel_keeper_drained{host=\"b\"} 1\n", ""});
                     },
                     "bad_page", "appears twice"},
        FailedScrape{"Huge",
                     [](auto& c) { c.respond(http::Response{200, std::string((1 << 20) + 1, '#'), ""}); },
                     "bad_page", "longer than 1048576 bytes"}),
    [](const auto& info) { return info.param.name; });

TEST(KeeperScrape, OptionsAreCheckedWithTheFlagAndTheFix) {
  KeeperScrapeOptions o = options();
  EXPECT_NO_THROW(check_keeper_scrape_options(o));
  o.url = "10.0.0.11:9949/metrics";
  try {
    check_keeper_scrape_options(o);
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("--keeper-metrics '10.0.0.11:9949/metrics' is not an http:// or https:// URL"),
              std::string::npos)
        << e.what();
  }
  o.url = "http://a/metrics http://b/metrics";
  EXPECT_THROW(check_keeper_scrape_options(o), UsageError);
  o = options();
  o.timeout = seconds(11);
  EXPECT_THROW(check_keeper_scrape_options(o), UsageError);
  o.timeout = milliseconds(0);
  EXPECT_THROW(check_keeper_scrape_options(o), UsageError);
}

TEST(KeeperScrapeCounters, CountEveryFinishedReadAndEachFailureByReason) {
  KeeperScrapeCounters counters;
  EXPECT_EQ(counters.failures.size(), 3u) << "every reason from 0";
  KeeperScrape good;
  good.samples.resize(4);
  counters.observe(good);
  EXPECT_TRUE(counters.up);
  EXPECT_EQ(counters.samples, 4u);
  KeeperScrape bad;
  bad.failure_reason = "unreachable";
  counters.observe(bad);
  counters.observe(bad);
  EXPECT_FALSE(counters.up);
  EXPECT_EQ(counters.samples, 0u);
  EXPECT_EQ(counters.scrapes, 3u);
  EXPECT_EQ(counters.failures.at("unreachable"), 2u);
  EXPECT_EQ(counters.failures.at("bad_page"), 0u);
  const auto families = keeper_scrape_families(counters);
  ASSERT_EQ(families.size(), 4u);
  EXPECT_EQ(families[0].name, "netkeel_agent_keeper_scrapes_total");
  EXPECT_EQ(families[1].name, "netkeel_agent_keeper_scrape_failures_total");
  EXPECT_EQ(families[1].samples.size(), 3u);
  EXPECT_EQ(families[2].name, "netkeel_agent_keeper_up");
  EXPECT_EQ(families[2].samples.at(0).value, 0);
}

TEST(KeeperScrapeLog, WarnsAtOnceThenAtMostOnceAMinuteAndOnceWhenItRecovers) {
  KeeperScrapeLog log("http://k/metrics");
  const SteadyTime t0 = SteadyTime{} + std::chrono::hours(1);
  KeeperScrape bad;
  bad.failure_reason = "unreachable";
  bad.error = "GET http://k/metrics: no HTTP response: Connection refused";
  KeeperScrape good;
  auto first = log.observe(bad, t0);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->level, log::Level::warning);
  EXPECT_EQ(first->message,
            "cannot read the keeper's metrics: GET http://k/metrics: no HTTP response: Connection refused; the agent's "
            "batches go on without them");
  // Reports every second during trouble: 59 more failures, no line.
  for (int s = 1; s < 60; ++s) EXPECT_FALSE(log.observe(bad, t0 + seconds(s))) << s;
  auto minute = log.observe(bad, t0 + seconds(60));
  ASSERT_TRUE(minute);
  EXPECT_NE(minute->message.find("(60 failed reads since the last such line)"), std::string::npos) << minute->message;
  EXPECT_FALSE(log.observe(good, t0 + seconds(61)) == std::nullopt);
  EXPECT_FALSE(log.observe(good, t0 + seconds(62))) << "once";
  // A new outage warns at once again.
  EXPECT_TRUE(log.observe(bad, t0 + seconds(63)));
  auto back = log.observe(good, t0 + seconds(64));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->level, log::Level::info);
  EXPECT_EQ(back->message, "the keeper's metrics at http://k/metrics can be read again (after 1 failed reads)");
}

TEST(KeeperScraper, ReadsOnItsThreadAndHandsEachReadOverOnce) {
  auto client = std::make_unique<http::FakeHttpClient>();
  client->respond_by_default(http::Response{200, kPage, "text/plain"});
  KeeperScraper scraper(std::move(client), options());
  EXPECT_FALSE(scraper.take()) << "nothing asked yet";
  scraper.request(42);
  ASSERT_TRUE(scraper.wait_idle(seconds(10)));
  auto scrape = scraper.take();
  ASSERT_TRUE(scrape);
  EXPECT_TRUE(scrape->ok());
  EXPECT_EQ(scrape->at_ms, 42);
  EXPECT_EQ(scrape->samples.size(), 3u);
  EXPECT_FALSE(scraper.take()) << "handed over once";
}

TEST(KeeperScraper, AKeeperThatDoesNotAnswerNeverBlocksTheCallerAndRequestsMeanwhileAreDropped) {
  auto gated = std::make_unique<testing::GatedHttpClient>();
  testing::GatedHttpClient& gate = *gated;
  KeeperScraper scraper(std::move(gated), options());
  scraper.request(1);
  ASSERT_TRUE(gate.wait_started(1));
  // The loop goes on: requests and takes return at once while the read hangs.
  for (int i = 2; i < 20; ++i) {
    scraper.request(i);
    EXPECT_FALSE(scraper.take());
  }
  EXPECT_FALSE(scraper.wait_idle(milliseconds(1)));
  gate.open();
  ASSERT_TRUE(scraper.wait_idle(seconds(10)));
  auto scrape = scraper.take();
  ASSERT_TRUE(scrape);
  EXPECT_EQ(scrape->at_ms, 1);
  EXPECT_EQ(scrape->failure_reason, "unreachable");
  EXPECT_EQ(gate.started(), 1) << "the requests made while it hung were dropped, not queued";
}

}  // namespace
}  // namespace netkeel::agent
