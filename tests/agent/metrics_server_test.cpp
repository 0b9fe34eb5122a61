// /metrics renders each scrape from the last published snapshot: the page a scraper gets is, byte for
// byte, the page of that snapshot; a newer publication replaces it at once; before the first there is
// an empty page. Served on 127.0.0.1 with a port the kernel picks. And the connection attacks of issue 20:
// tricklers, idle connections and the per-address cap do not keep a scraper out.
#include "netkeel/agent/metrics_server.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <vector>

#include "agent/every_family_snapshot.hpp"
#include "netkeel/agent/prometheus_text.hpp"
#include "netkeel/http/http_client.hpp"
#include "server/attack_clients.hpp"

namespace netkeel::agent {
namespace {

struct Scrape {
  int status = 0;
  std::string body, content_type;
};

// A scrape from 127.0.0.1 that must be answered within `deadline`; status 0 when it was not.
Scrape scrape(const MetricsServer& server, std::chrono::milliseconds deadline = std::chrono::seconds(5)) {
  http::CurlHttpClient client;
  try {
    const http::Response response = client.send(
        http::Request{.url = "http://127.0.0.1:" + std::to_string(server.port()) + "/metrics", .timeout = deadline});
    return {response.status, response.body, response.content_type};
  } catch (const std::exception&) {
    return {};
  }
}

TEST(MetricsServer, BeforeTheFirstPublicationThePageIsEmpty) {
  MetricsServer server("127.0.0.1:0");
  const Scrape s = scrape(server);
  EXPECT_EQ(s.status, 200);
  EXPECT_EQ(s.body, "");
}

TEST(MetricsServer, AScrapeGetsThePageOfThePublishedSnapshot) {
  MetricsServer server("127.0.0.1:0");
  auto snapshot = std::make_shared<AgentSnapshot>(testing::every_family_snapshot());
  server.publish(snapshot);
  const Scrape s = scrape(server);
  EXPECT_EQ(s.status, 200);
  EXPECT_EQ(s.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(s.body, render_prometheus_text(*snapshot));
  EXPECT_EQ(scrape(server).body, s.body);  // rendered again, the same bytes
}

TEST(MetricsServer, ANewerPublicationShowsAtTheNextScrape) {
  MetricsServer server("127.0.0.1:0");
  server.publish(std::make_shared<AgentSnapshot>(testing::every_family_snapshot()));
  const std::string first = scrape(server).body;
  auto changed = std::make_shared<AgentSnapshot>(testing::every_family_snapshot());
  changed->link_transitions["eno9"] = 7;
  changed->probes.pop_back();  // a smaller page than the last: the buffer reserved at its size is cut to fit
  server.publish(changed);
  const std::string second = scrape(server).body;
  EXPECT_NE(second, first);
  EXPECT_EQ(second, render_prometheus_text(*changed));
  EXPECT_NE(second.find("netkeel_link_transitions_total{interface=\"eno9\"} 7\n"), std::string::npos) << second;
}

// One worker renders pages; more scrapers at once wait their turn instead of failing.
TEST(MetricsServer, MoreScrapersAtOnceThanThreadsAllGetThePage) {
  MetricsServer server("127.0.0.1:0");
  auto snapshot = std::make_shared<AgentSnapshot>(testing::every_family_snapshot());
  server.publish(snapshot);
  std::vector<std::future<Scrape>> scrapes;
  for (int i = 0; i < 6; ++i) scrapes.push_back(std::async(std::launch::async, [&] { return scrape(server); }));
  for (auto& s : scrapes) EXPECT_EQ(s.get().body, render_prometheus_text(*snapshot));
}

using namespace std::chrono_literals;

// Scrapes once a second while `attack_running`, each answered within 1 s with the whole page.
void expect_scraped_throughout(const MetricsServer& server, const std::string& page,
                               const std::function<bool()>& attack_running) {
  std::mutex mutex;
  std::condition_variable pace;
  int round = 0;
  do {
    const Scrape s = scrape(server, 1000ms);
    EXPECT_EQ(s.status, 200) << "round " << round;
    EXPECT_TRUE(s.body == page) << "round " << round << ": a page of " << s.body.size() << " bytes";
    ++round;
    std::unique_lock lock(mutex);
    pace.wait_for(lock, 1s);
  } while (attack_running() && !::testing::Test::HasFailure());
}

const std::string kSlowHeader = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + std::string(200, 'a');

// Two trickling connections took both of the old server's threads; 64 from as many addresses, held
// 15 s (opened again when the 5 s read deadline closes them), take none.
TEST(MetricsServer, HeaderTricklersDoNotKeepAScraperOut) {
  MetricsServer server("127.0.0.1:0");
  auto snapshot = std::make_shared<AgentSnapshot>(testing::every_family_snapshot());
  server.publish(snapshot);
  attack::TrickleAttack trickle(server.port(), 64, kSlowHeader, 15s);
  expect_scraped_throughout(server, render_prometheus_text(*snapshot), [&] { return trickle.running(); });
  EXPECT_GE(server.connection_counts().closed_request_read_timeout, 64U);
}

TEST(MetricsServer, IdleConnectionsAndOnesOverTheAddressCapDoNotKeepAScraperOut) {
  MetricsServer server("127.0.0.1:0");
  auto snapshot = std::make_shared<AgentSnapshot>(testing::every_family_snapshot());
  server.publish(snapshot);
  // 40 silent connections from 4 addresses: 8 each are held, the rest closed at accept.
  attack::IdleConnections idle(server.port(), 40, 4);
  attack::IdleConnections half(server.port(), 8, 8, "GET /metr", 3);
  const auto end = attack::Clock::now() + 5s;
  expect_scraped_throughout(server, render_prometheus_text(*snapshot), [&] { return attack::Clock::now() < end; });
  EXPECT_EQ(server.connection_counts().refused_over_address_limit, 8U);
}

}  // namespace
}  // namespace netkeel::agent
