#include "netkeel/agent/metrics_server.hpp"

#include <httplib.h>

#include "netkeel/agent/prometheus_text.hpp"
#include "netkeel/core/error.hpp"

namespace netkeel::agent {

namespace {
constexpr std::size_t kScrapeThreads = 2;
}  // namespace

MetricsServer::MetricsServer(const std::string& address) : server_(std::make_unique<httplib::Server>()) {
  const auto colon = address.rfind(':');
  if (colon == std::string::npos || colon + 1 == address.size())
    throw UsageError("--metrics-address '" + address + "' must be HOST:PORT, e.g. 0.0.0.0:9947");
  const std::string host = address.substr(0, colon);
  int port = 0;
  try {
    port = std::stoi(address.substr(colon + 1));
  } catch (const std::exception&) {
    throw UsageError("--metrics-address '" + address + "': the port must be a number 0-65535");
  }
  if (port < 0 || port > 65535) throw UsageError("--metrics-address '" + address + "': the port must be 0-65535");
  // Scrapes are rare and short; cpp-httplib's default pool is 8 threads (or one per core), each with
  // its own stack and, once it renders a page, its own malloc arena holding the freed page's pages.
  // Two serve two scrapers at once (an HA Prometheus pair); a third waits its turn.
  server_->new_task_queue = [] { return new httplib::ThreadPool(kScrapeThreads); };
  server_->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    if (const auto snapshot = published()) {
      const std::size_t expected = page_size_.load();
      res.body.reserve(expected + expected / 16);  // one allocation, not a doubling series
      render_prometheus_text(*snapshot, res.body);
      page_size_ = res.body.size();
    }
    res.set_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  });
  port_ = port == 0 ? server_->bind_to_any_port(host) : (server_->bind_to_port(host, port) ? port : -1);
  if (port_ < 0) throw RuntimeError("cannot serve /metrics on " + address + " (address in use or not local?)");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
}

MetricsServer::~MetricsServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::shared_ptr<const AgentSnapshot> MetricsServer::published() const {
  std::lock_guard lock(mutex_);
  return snapshot_;
}

void MetricsServer::publish(std::shared_ptr<const AgentSnapshot> snapshot) {
  {
    std::lock_guard lock(mutex_);
    snapshot_.swap(snapshot);
  }
  // `snapshot` now holds the previous one: freed here, outside the lock, unless a scrape still renders it.
}

}  // namespace netkeel::agent
