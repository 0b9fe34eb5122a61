#pragma once
// What the agent's log says about a keeper whose page cannot be read: a warning at the first failure,
// then at most one a minute however often the agent reports (every second in trouble), with how many
// failed in between; and one line when the page can be read again. The counts are on /metrics too
// (netkeel_agent_keeper_scrape_failures_total). Pure: the caller gives the scrape and the time.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "netkeel/agent/keeper_scrape.hpp"
#include "netkeel/core/clock.hpp"
#include "netkeel/core/log.hpp"

namespace netkeel::agent {

struct KeeperScrapeLogLine {
  log::Level level;
  std::string message;
};

class KeeperScrapeLog {
 public:
  explicit KeeperScrapeLog(std::string url, Nanoseconds every = std::chrono::seconds(60))
      : url_(std::move(url)), every_(every) {}

  std::optional<KeeperScrapeLogLine> observe(const KeeperScrape& scrape, SteadyTime now);

 private:
  std::string url_;
  Nanoseconds every_;
  std::optional<SteadyTime> last_warning_;
  std::uint64_t failed_since_warning_ = 0;  // failures not yet in a line
  std::uint64_t failed_in_row_ = 0;         // since the last scrape that worked
};

}  // namespace netkeel::agent
