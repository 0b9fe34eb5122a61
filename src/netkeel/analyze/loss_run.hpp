#pragma once
// A run of lossy report intervals on one pair (docs/alerts.md, "How the probe results are read"): lossy
// intervals back to back, where a clean stretch shorter than loss_run_gap_ms does not end the run. Why:
// an agent reports every second while a peer stops answering, and a one-second interval of a pair with
// 20% loss is often clean by chance; only a clean stretch as long as a regular report says the loss
// stopped. Pure.
#include <cstddef>
#include <deque>
#include <optional>

#include "netkeel/analyze/alert_options.hpp"
#include "netkeel/analyze/probe_history.hpp"

namespace netkeel::analyze {

struct LossRun {
  TimestampMs start_ms = 0;      // the start of its first lossy interval
  TimestampMs first_end_ms = 0;  // the end of its first lossy interval (its first bad sample)
  TimestampMs last_end_ms = 0;   // the end of its last lossy interval
  double sent = 0;               // probes of its intervals, lossy or not, from the first to the last lossy one
  double lost = 0;
  std::int64_t longest_dead_ms = 0;  // its longest stretch of intervals that lost every probe
};

bool lossy(const ProbeInterval& interval, const AlertOptions& options);

// The run whose last lossy interval is at or before intervals[last], walking back from there; none when
// a clean stretch of at least loss_run_gap_ms comes before any lossy interval.
std::optional<LossRun> loss_run_ending_at(const std::deque<ProbeInterval>& intervals, std::size_t last,
                                          const AlertOptions& options);

}  // namespace netkeel::analyze
