#pragma once
// What one pair's recent intervals say, by the rules' definitions (docs/alerts.md): sustained loss (fire),
// clean enough to clear, cannot reach, reaches. Pure.
#include <optional>

#include "netkeel/analyze/alert_options.hpp"
#include "netkeel/store/batch.hpp"

namespace netkeel::analyze {

using store::TimestampMs;
struct PairWindow;

struct PairStatus {
  bool recent = false;  // the newest interval ended within stale_after_ms of now
  TimestampMs newest_ms = 0;
  // Lossy intervals (loss >= fire ratio) back to back up to the newest, spanning >= the fire time:
  // when the run started (its first interval's end, the first bad sample).
  std::optional<TimestampMs> sustained_since;
  bool lossy_now = false;     // the newest interval is lossy
  bool clear = false;         // the last clear time is covered and lost less than the clear ratio
  double clear_window_lost = 0;  // probes lost in the last clear time
  double window_loss = 0;     // loss over the last fire time (for descriptions)
  double sent = 0;            // probes in that window
  double lost = 0;
  // Every probe of the newest intervals lost, for at least unreachable_after: since the first of them.
  std::optional<TimestampMs> unreachable_since;
  bool reaches = false;       // recent, and the newest interval had a reply
};

// The part that depends on the intervals alone is cached in the window until they change (a window
// changes when its agent's batch arrives, every report interval, not every evaluation).
PairStatus pair_status(const PairWindow& window, const AlertOptions& options, TimestampMs now_ms);

}  // namespace netkeel::analyze
