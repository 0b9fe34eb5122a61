#include "netkeel/agent/keeper_scrape_log.hpp"

namespace netkeel::agent {

std::optional<KeeperScrapeLogLine> KeeperScrapeLog::observe(const KeeperScrape& scrape, SteadyTime now) {
  if (scrape.ok()) {
    if (failed_in_row_ == 0) return std::nullopt;
    const auto failed = failed_in_row_;
    failed_in_row_ = failed_since_warning_ = 0;
    last_warning_.reset();
    return KeeperScrapeLogLine{log::Level::info, "the keeper's metrics at " + url_ + " can be read again (after " +
                                                     std::to_string(failed) + " failed reads)"};
  }
  ++failed_in_row_;
  ++failed_since_warning_;
  if (last_warning_ && now - *last_warning_ < every_) return std::nullopt;
  std::string message = "cannot read the keeper's metrics: " + scrape.error;
  if (failed_since_warning_ > 1)
    message += " (" + std::to_string(failed_since_warning_) + " failed reads since the last such line)";
  message += "; the agent's batches go on without them";
  last_warning_ = now;
  failed_since_warning_ = 0;
  return KeeperScrapeLogLine{log::Level::warning, std::move(message)};
}

}  // namespace netkeel::agent
