#include "netkeel/agent/metrics_server.hpp"

#include "netkeel/agent/prometheus_text.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/http/http_server.hpp"
#include "netkeel/http/listening_socket.hpp"

namespace netkeel::agent {

namespace {

http::HttpReply text_reply(int status, std::string text) { return {status, "text/plain; charset=utf-8", std::move(text) + "\n", {}}; }

}  // namespace

http::ConnectionLimits metrics_connection_limits() {
  http::ConnectionLimits limits;
  limits.max_connections = 256;  // more than an attacker with a few dozen addresses holds, so the cap cannot lock scrapers out
  limits.max_connections_per_address = 8;
  limits.request_read_timeout = std::chrono::seconds(5);
  limits.idle_timeout = std::chrono::seconds(30);
  limits.max_queued_requests = 16;
  limits.max_head_bytes = 16 * 1024;
  return limits;
}

MetricsServer::MetricsServer(const std::string& address, const http::ConnectionLimits& limits) {
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

  http::HttpServerOptions options;
  options.limits = limits;
  // One worker renders the pages: scrapes are rare and short, and each rendering thread would keep a
  // malloc arena holding a freed page's pages. A second scraper at the same moment waits its turn.
  options.worker_threads = 1;
  http::HttpRoute metrics;
  metrics.method = "GET";
  metrics.path = "/metrics";
  metrics.handle = [this](const http::HttpRequest&) {
    http::HttpReply reply{200, "text/plain; version=0.0.4; charset=utf-8", "", {}};
    if (const auto snapshot = published()) {
      const std::size_t expected = page_size_.load();
      reply.body.reserve(expected + expected / 16);  // one allocation, not a doubling series
      render_prometheus_text(*snapshot, reply.body);
      page_size_ = reply.body.size();
    }
    return reply;
  };
  options.routes.push_back(std::move(metrics));
  options.no_route = [](const http::HttpRequest& request) {
    return text_reply(404, "no endpoint " + request.method + " " + request.path + ": the agent serves GET /metrics");
  };
  options.bad_framing = [](const std::string& problem) { return text_reply(400, "bad request: " + problem); };
  options.busy = [] { return text_reply(503, "too many scrapes at once: retry in a moment"); };

  std::optional<http::ListeningSocket> socket;
  try {
    socket.emplace(host, port);
  } catch (const RuntimeError&) {
    throw RuntimeError("cannot serve /metrics on " + address + " (address in use or not local?)");
  }
  port_ = socket->port();
  std::vector<http::ListeningSocket> sockets;
  sockets.push_back(std::move(*socket));
  server_ = std::make_unique<http::HttpServer>(std::move(sockets), std::move(options));
}

MetricsServer::~MetricsServer() { server_->stop(); }

http::ConnectionCounts MetricsServer::connection_counts() const { return server_->counts(); }

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
