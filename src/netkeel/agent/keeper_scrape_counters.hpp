#pragma once
// What the agent counts about reading its keeper's page, as /metrics shows it and batches carry it
// (docs/metrics.md, "The keeper's metrics").
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "netkeel/agent/keeper_scrape.hpp"
#include "netkeel/agent/metric_family.hpp"

namespace netkeel::agent {

struct KeeperScrapeCounters {
  std::uint64_t scrapes = 0;                       // netkeel_agent_keeper_scrapes_total: finished, either way
  std::map<std::string, std::uint64_t> failures;   // netkeel_agent_keeper_scrape_failures_total{reason}
  bool up = false;                                 // netkeel_agent_keeper_up: the last finished scrape worked
  std::uint64_t samples = 0;                       // netkeel_agent_keeper_scraped_samples: what it shipped

  KeeperScrapeCounters();  // every reason at 0, so a rate() works from the first report
  void observe(const KeeperScrape& scrape);
};

std::vector<MetricFamily> keeper_scrape_families(const KeeperScrapeCounters& counters);

}  // namespace netkeel::agent
