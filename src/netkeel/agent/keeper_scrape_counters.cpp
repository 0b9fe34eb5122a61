#include "netkeel/agent/keeper_scrape_counters.hpp"

namespace netkeel::agent {

KeeperScrapeCounters::KeeperScrapeCounters() {
  for (const char* reason : kKeeperScrapeFailureReasons) failures[reason] = 0;
}

void KeeperScrapeCounters::observe(const KeeperScrape& scrape) {
  ++scrapes;
  up = scrape.ok();
  samples = scrape.samples.size();
  if (!scrape.ok()) ++failures[scrape.failure_reason];
}

std::vector<MetricFamily> keeper_scrape_families(const KeeperScrapeCounters& c) {
  std::vector<MetricFamily> out;
  out.push_back({"netkeel_agent_keeper_scrapes_total", "counter",
                 "Reads of the keeper's /metrics (--keeper-metrics) that finished, answered or not.", {}});
  out.back().add({}, double(c.scrapes));
  out.push_back({"netkeel_agent_keeper_scrape_failures_total", "counter",
                 "Reads of the keeper's /metrics that failed, by reason: unreachable (no answer within the timeout), "
                 "http_status (not 200), bad_page (not a valid page or over its limits).",
                 {}});
  for (const auto& [reason, count] : c.failures) out.back().add({{"reason", reason}}, double(count));
  out.push_back({"netkeel_agent_keeper_up", "gauge", "1 when the last read of the keeper's /metrics worked.", {}});
  out.back().add({}, c.up ? 1 : 0);
  out.push_back({"netkeel_agent_keeper_scraped_samples", "gauge",
                 "The keeper's samples the last read found, shipped in the next batch.", {}});
  out.back().add({}, double(c.samples));
  return out;
}

}  // namespace netkeel::agent
