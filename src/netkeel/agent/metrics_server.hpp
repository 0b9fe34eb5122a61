#pragma once
// Serves GET /metrics (Prometheus text) through an event-driven http::HttpServer: slow or idle
// connections cost no thread, so a few hostile clients cannot keep Prometheus from scraping (with the
// cpp-httplib pool of two threads before, two trickling connections did). The agent's loop publishes
// the snapshot of each report (and a new one after a link event); each scrape renders the page from the
// last published snapshot, straight into the response, on the server's one worker thread. No page is
// kept between scrapes: at 2,400 probe targets a page is ~3 MB, and keeping one (plus the next one
// rendered beside it at each report) was most of the agent's heap. A published snapshot is never
// changed, so a scrape renders without holding the lock and never waits on probing, nor probing on a scrape.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "netkeel/agent/agent_snapshot.hpp"
#include "netkeel/http/connection_counters.hpp"
#include "netkeel/http/connection_limits.hpp"

namespace netkeel::http {
class HttpServer;
}

namespace netkeel::agent {

// The connection limits of /metrics (docs/agent.md): scrapers are few (a Prometheus pair, someone with
// curl), so the caps are small and the deadlines short.
http::ConnectionLimits metrics_connection_limits();

class MetricsServer {
 public:
  // "HOST:PORT"; throws UsageError on a malformed address, RuntimeError when it cannot listen.
  explicit MetricsServer(const std::string& address, const http::ConnectionLimits& limits = metrics_connection_limits());
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;
  // What the next scrapes show. Until the first call a scrape gets an empty page.
  void publish(std::shared_ptr<const AgentSnapshot> snapshot);
  int port() const { return port_; }
  // Connections refused or closed so far, by reason.
  http::ConnectionCounts connection_counts() const;

 private:
  std::shared_ptr<const AgentSnapshot> published() const;

  mutable std::mutex mutex_;
  std::shared_ptr<const AgentSnapshot> snapshot_;
  std::atomic<std::size_t> page_size_{0};  // the last page's: the next one is reserved at about that size
  int port_ = 0;
  std::unique_ptr<http::HttpServer> server_;  // last: stopped before what its handler uses goes away
};

}  // namespace netkeel::agent
