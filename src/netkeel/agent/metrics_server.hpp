#pragma once
// Serves GET /metrics (Prometheus text) from a thread of its own. The agent's loop publishes the
// snapshot of each report (and a new one after a link event); each scrape renders the page from the
// last published snapshot, straight into the response. No page is kept between scrapes: at 2,400
// probe targets a page is ~3 MB, and keeping one (plus the next one rendered beside it at each
// report) was most of the agent's heap. A published snapshot is never changed, so a scrape renders
// without holding the lock and never waits on probing, nor probing on a scrape.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "netkeel/agent/agent_snapshot.hpp"

namespace httplib {
class Server;
}

namespace netkeel::agent {

class MetricsServer {
 public:
  // "HOST:PORT"; throws UsageError on a malformed address, RuntimeError when it cannot listen.
  explicit MetricsServer(const std::string& address);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;
  // What the next scrapes show. Until the first call a scrape gets an empty page.
  void publish(std::shared_ptr<const AgentSnapshot> snapshot);
  int port() const { return port_; }

 private:
  std::shared_ptr<const AgentSnapshot> published() const;

  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::shared_ptr<const AgentSnapshot> snapshot_;
  std::atomic<std::size_t> page_size_{0};  // the last page's: the next one is reserved at about that size
  int port_ = 0;
};

}  // namespace netkeel::agent
