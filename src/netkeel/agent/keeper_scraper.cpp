#include "netkeel/agent/keeper_scraper.hpp"

namespace netkeel::agent {

KeeperScraper::KeeperScraper(std::unique_ptr<http::HttpClient> client, KeeperScrapeOptions options)
    : client_(std::move(client)), options_(std::move(options)), thread_([this] { run(); }) {}

KeeperScraper::~KeeperScraper() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void KeeperScraper::request(store::TimestampMs at_ms) {
  {
    std::lock_guard lock(mutex_);
    if (running_ || asked_) return;
    asked_ = at_ms;
  }
  changed_.notify_all();
}

std::optional<KeeperScrape> KeeperScraper::take() {
  std::lock_guard lock(mutex_);
  return std::exchange(finished_, std::nullopt);
}

bool KeeperScraper::wait_idle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return !running_ && !asked_; });
}

void KeeperScraper::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [&] { return stopping_ || asked_; });
    if (stopping_) return;
    const store::TimestampMs at_ms = *std::exchange(asked_, std::nullopt);
    running_ = true;
    lock.unlock();
    KeeperScrape scrape = scrape_keeper_metrics(*client_, options_, at_ms);
    lock.lock();
    running_ = false;
    finished_ = std::move(scrape);
    changed_.notify_all();
  }
}

}  // namespace netkeel::agent
