#pragma once
// Serves GET /metrics (Prometheus text) from a thread of its own; the agent's loop publishes a new page
// after each change. The page is a string swapped under a mutex: a scrape never waits on probing.
#include <memory>
#include <mutex>
#include <string>
#include <thread>

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
  void publish(std::string page);
  int port() const { return port_; }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::mutex mutex_;
  std::string page_;
  int port_ = 0;
};

}  // namespace netkeel::agent
