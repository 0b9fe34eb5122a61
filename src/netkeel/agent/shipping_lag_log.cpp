#include "netkeel/agent/shipping_lag_log.hpp"

#include <fmt/format.h>

namespace netkeel::agent {

std::optional<ShippingLagLine> ShippingLagLog::observe(const ShippingCounters& c, SteadyTime now) {
  const std::uint64_t dropped = c.spool_dropped_batches + c.queue_dropped_batches;
  const bool piling_up = c.spool_batches >= behind_batches_;
  const bool new_drops = dropped > dropped_seen_;
  if (!piling_up && !new_drops) {
    if (c.spool_batches == 0 && warned_) {
      warned_ = false;
      last_warning_.reset();
      return ShippingLagLine{log::Level::info, "shipping caught up: every batch has reached the server"};
    }
    return std::nullopt;
  }
  if (last_warning_ && now - *last_warning_ < every_) return std::nullopt;
  last_warning_ = now;
  warned_ = true;
  std::string message = fmt::format("shipping falls behind: {} batches ({} bytes) wait in the spool", c.spool_batches,
                                    c.spool_bytes);
  if (new_drops) {
    message += fmt::format("; {} batches dropped so far ({} new: the spool or the queue was full)", dropped,
                           dropped - dropped_seen_);
    dropped_seen_ = dropped;
  }
  std::string failures;
  for (const auto& [reason, count] : c.failures) failures += fmt::format("{}{}={}", failures.empty() ? "" : ", ", reason, count);
  if (!failures.empty()) message += "; failed attempts by reason: " + failures;
  message += "; check the server and --server (netkeel_agent_spool_batches on /metrics shows the backlog)";
  return ShippingLagLine{log::Level::warning, message};
}

}  // namespace netkeel::agent
