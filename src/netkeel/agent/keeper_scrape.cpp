#include "netkeel/agent/keeper_scrape.hpp"

#include <set>

#include "netkeel/core/error.hpp"
#include "netkeel/store/series.hpp"

namespace netkeel::agent {
namespace {

KeeperScrape failed(KeeperScrape scrape, const char* reason, std::string error) {
  scrape.failure_reason = reason;
  scrape.error = std::move(error);
  scrape.samples.clear();
  return scrape;
}

std::string first_line(const std::string& body) {
  const std::string line = body.substr(0, body.find('\n'));
  return line.size() > 200 ? line.substr(0, 200) + "..." : line;
}

}  // namespace

void check_keeper_scrape_options(const KeeperScrapeOptions& options) {
  const std::string& url = options.url;
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
    throw UsageError("--keeper-metrics '" + url + "' is not an http:// or https:// URL: give the keeper's /metrics, e.g. "
                     "http://10.10.0.11:9949/metrics (its --metrics-address)");
  if (url.find_first_of(" \t\r\n") != std::string::npos)
    throw UsageError("--keeper-metrics '" + url + "' contains a blank: give one URL");
  if (options.timeout <= std::chrono::milliseconds(0) || options.timeout > std::chrono::seconds(10))
    throw UsageError("--keeper-metrics-timeout must be more than 0 and at most 10 seconds (default 1): a keeper on the "
                     "same host answers in milliseconds");
}

KeeperScrape scrape_keeper_metrics(http::HttpClient& client, const KeeperScrapeOptions& options, store::TimestampMs at_ms) {
  KeeperScrape scrape;
  scrape.at_ms = at_ms;
  http::Request request;
  request.url = options.url;
  request.timeout = options.timeout;
  request.max_body_bytes = options.limits.max_page_bytes;
  http::Response response;
  try {
    response = client.send(request);
  } catch (const http::ResponseTooLong& e) {
    return failed(std::move(scrape), "bad_page", e.what());
  } catch (const RuntimeError& e) {
    return failed(std::move(scrape), "unreachable", e.what());
  }
  if (response.status != 200)
    return failed(std::move(scrape), "http_status",
                  "GET " + options.url + ": HTTP " + std::to_string(response.status) + " " + first_line(response.body));
  std::vector<PrometheusSample> page;
  try {
    page = parse_prometheus_text(response.body, options.limits);
  } catch (const PrometheusTextError& e) {
    return failed(std::move(scrape), "bad_page", "GET " + options.url + ": not a Prometheus text page: " + e.what());
  }
  std::set<std::string> seen;  // the store refuses a batch naming one series twice: so does the scrape
  for (auto& sample : page) {
    if (sample.metric.rfind(kKeeperMetricPrefix, 0) != 0) {
      ++scrape.ignored_samples;
      continue;
    }
    ScrapedSample kept{std::move(sample.metric), std::move(sample.type), {}, sample.value};
    for (auto& l : sample.labels)
      if (l.name != "host") kept.labels.push_back({std::move(l.name), std::move(l.value)});  // the batch names the host
    std::string key;
    try {
      key = store::canonical_key(store::make_series(kept.metric, kept.labels));
    } catch (const std::exception& e) {
      return failed(std::move(scrape), "bad_page", "GET " + options.url + ": " + e.what());
    }
    if (!seen.insert(key).second)
      return failed(std::move(scrape), "bad_page", "GET " + options.url + ": the series " + key + " appears twice");
    scrape.samples.push_back(std::move(kept));
  }
  return scrape;
}

}  // namespace netkeel::agent
