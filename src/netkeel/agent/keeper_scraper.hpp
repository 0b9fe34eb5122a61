#pragma once
// The keeper's page read on a thread of its own, so that a keeper that is slow or away never holds up the
// agent's loop (its probes and the responder's answers would carry the wait). The loop asks for a scrape
// at each report and takes the finished one at the next: each batch carries the keeper's page as it was
// at the previous report, stamped with that time. A request while a scrape is still running is dropped
// (the one running answers for both).
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "netkeel/agent/keeper_scrape.hpp"
#include "netkeel/http/http_client.hpp"

namespace netkeel::agent {

class KeeperScraper {
 public:
  KeeperScraper(std::unique_ptr<http::HttpClient> client, KeeperScrapeOptions options);
  ~KeeperScraper();  // waits for a scrape in flight: at most its timeout
  KeeperScraper(const KeeperScraper&) = delete;
  KeeperScraper& operator=(const KeeperScraper&) = delete;

  // Starts a scrape stamped AT_MS, unless one is running. Never blocks on the keeper.
  void request(store::TimestampMs at_ms);
  // The last finished scrape, once; nothing while the first is running or none was asked for.
  std::optional<KeeperScrape> take();
  // Waits up to TIMEOUT for the running scrape to finish; true when none runs. For tests and shutdown.
  bool wait_idle(std::chrono::milliseconds timeout);

  const KeeperScrapeOptions& options() const { return options_; }

 private:
  void run();

  std::unique_ptr<http::HttpClient> client_;
  KeeperScrapeOptions options_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<store::TimestampMs> asked_;  // a scrape to start
  bool running_ = false;
  bool stopping_ = false;
  std::optional<KeeperScrape> finished_;
  std::thread thread_;
};

}  // namespace netkeel::agent
