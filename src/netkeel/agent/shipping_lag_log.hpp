#pragma once
// What the agent's log says about a shipper that falls behind (docs/shipping.md, "Falling behind"): a
// warning when batches pile up in the spool (the server is away, slow or refusing) or batches were dropped,
// at most once per `every` so an outage of hours gives a line a minute, not one per report; and one line
// when the spool is empty again. The same figures are on /metrics (netkeel_agent_spool_batches, ...).
// Pure: the caller gives the counters and the time.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "netkeel/agent/shipping_counters.hpp"
#include "netkeel/core/clock.hpp"
#include "netkeel/core/log.hpp"

namespace netkeel::agent {

struct ShippingLagLine {
  log::Level level;
  std::string message;
};

class ShippingLagLog {
 public:
  // Behind: `behind_batches` or more batches wait in the spool (one report's batch waits normally).
  explicit ShippingLagLog(std::uint64_t behind_batches = 3, Nanoseconds every = std::chrono::seconds(60))
      : behind_batches_(behind_batches), every_(every) {}

  std::optional<ShippingLagLine> observe(const ShippingCounters& counters, SteadyTime now);

 private:
  std::uint64_t behind_batches_;
  Nanoseconds every_;
  std::optional<SteadyTime> last_warning_;
  bool warned_ = false;            // since the spool was last empty
  std::uint64_t dropped_seen_ = 0;  // spool + queue drops already reported
};

}  // namespace netkeel::agent
