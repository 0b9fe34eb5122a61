#pragma once
// --keeper-metrics URL: one read of the keeper's /metrics page on this host (docs/agent.md, "The
// keeper's metrics"), whose samples the agent ships in its next batch so the server stores Keep's
// health, moves and drains with the rest. The page is read with a short timeout and a size ceiling and
// parsed strictly (core/prometheus_text_parser.hpp): a keeper that is away, slow or serving garbage
// costs one failed scrape, never the agent's report.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "netkeel/core/prometheus_text_parser.hpp"
#include "netkeel/http/http_client.hpp"
#include "netkeel/store/batch.hpp"
#include "netkeel/store/batch_wire.hpp"

namespace netkeel::agent {

// What a keeper's page may hold: within what the server takes per series (store/batch_wire.hpp), with
// room for the `host` label the batch adds and for bytes that are not UTF-8 (sent as U+FFFD, three bytes
// each), so no keeper page can get the agent's batch refused. A keeper's page is a few KiB per service.
inline PrometheusTextLimits keeper_page_limits() {
  PrometheusTextLimits limits;
  limits.max_page_bytes = 1 << 20;
  limits.max_samples = 10'000;
  limits.max_labels = store::kMaxLabelsPerSeries - 1;                          // 31, and `host`
  limits.max_name_bytes = std::min(store::kMaxMetricNameBytes, store::kMaxLabelNameBytes);  // 128
  limits.max_label_value_bytes = store::kMaxLabelValueBytes / 4;               // 256
  return limits;
}

struct KeeperScrapeOptions {
  std::string url;                            // --keeper-metrics ("" = off)
  std::chrono::milliseconds timeout{1000};    // --keeper-metrics-timeout: the whole request
  PrometheusTextLimits limits = keeper_page_limits();
};

// Only the keeper's own families are shipped (a URL pointed at another exporter adds nothing foreign to
// the store); a scrape failing for these reasons is counted apart (netkeel_agent_keeper_scrape_failures_total).
inline constexpr const char* kKeeperMetricPrefix = "netkeel_keeper_";
inline constexpr const char* kKeeperScrapeFailureReasons[] = {"unreachable", "http_status", "bad_page"};

struct ScrapedSample {
  std::string metric;                // the page's name: a counter keeps its _total, a histogram its _bucket
  std::string type;                  // the family's # TYPE (counter, gauge, histogram, summary, untyped)
  std::vector<store::Label> labels;  // the page's, but `host`: the batch sets it to the agent's host
  double value = 0;
};

struct KeeperScrape {
  store::TimestampMs at_ms = 0;  // when the agent asked: every sample's time in the batch
  std::vector<ScrapedSample> samples;
  std::string failure_reason;    // "" when it worked, else one of kKeeperScrapeFailureReasons
  std::string error;             // what went wrong, for the log
  std::size_t ignored_samples = 0;  // samples of other families, left out
  bool ok() const { return failure_reason.empty(); }
};

// Checks --keeper-metrics and --keeper-metrics-timeout; throws UsageError naming the flag and the fix.
void check_keeper_scrape_options(const KeeperScrapeOptions& options);

// One GET of options.url: the netkeel_keeper_* samples of a 200 answer, or the failure. A page that
// breaks the format or a limit, or names one series twice, is refused whole.
KeeperScrape scrape_keeper_metrics(http::HttpClient& client, const KeeperScrapeOptions& options, store::TimestampMs at_ms);

}  // namespace netkeel::agent
