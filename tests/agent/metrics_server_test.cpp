// /metrics renders each scrape from the last published snapshot: the page a scraper gets is, byte for
// byte, the page of that snapshot; a newer publication replaces it at once; before the first there is
// an empty page. Served on 127.0.0.1 with a port the kernel picks.
#include "netkeel/agent/metrics_server.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <future>
#include <vector>

#include "agent/every_family_snapshot.hpp"
#include "netkeel/agent/prometheus_text.hpp"

namespace netkeel::agent {
namespace {

struct Scrape {
  int status = 0;
  std::string body, content_type;
};

Scrape scrape(const MetricsServer& server) {
  httplib::Client client("127.0.0.1", server.port());
  auto res = client.Get("/metrics");
  if (!res) return {};
  return {res->status, res->body, res->get_header_value("Content-Type")};
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

// Two threads serve scrapes; more scrapers at once wait their turn instead of failing.
TEST(MetricsServer, MoreScrapersAtOnceThanThreadsAllGetThePage) {
  MetricsServer server("127.0.0.1:0");
  auto snapshot = std::make_shared<AgentSnapshot>(testing::every_family_snapshot());
  server.publish(snapshot);
  std::vector<std::future<Scrape>> scrapes;
  for (int i = 0; i < 6; ++i) scrapes.push_back(std::async(std::launch::async, [&] { return scrape(server); }));
  for (auto& s : scrapes) EXPECT_EQ(s.get().body, render_prometheus_text(*snapshot));
}

}  // namespace
}  // namespace netkeel::agent
