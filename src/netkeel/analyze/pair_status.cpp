#include "netkeel/analyze/pair_status.hpp"

#include "netkeel/analyze/loss_run.hpp"
#include "netkeel/analyze/probe_history.hpp"

namespace netkeel::analyze {

namespace {

// Everything but what depends on now: `recent` is left false, unreachable_since and reaches are set as if
// the newest interval were recent.
PairStatus status_of_intervals(const PairWindow& window, const AlertOptions& options) {
  PairStatus status;
  const auto& intervals = window.intervals;
  if (intervals.empty()) return status;
  const ProbeInterval& newest = intervals.back();
  status.newest_ms = newest.end_ms;
  status.lossy_now = lossy(newest, options);

  // The trailing run of intervals that lost every probe, and the sums of the clear and fire windows.
  std::optional<TimestampMs> dead_start, dead_first_end;
  bool in_dead = true;
  double clear_sent = 0, clear_lost = 0;
  TimestampMs clear_covered_from = newest.end_ms;
  for (auto it = intervals.rbegin(); it != intervals.rend(); ++it) {
    in_dead = in_dead && it->sent > 0 && it->lost >= it->sent;
    if (in_dead) {
      dead_start = it->start_ms();
      dead_first_end = it->end_ms;
    }
    if (it->end_ms > newest.end_ms - options.loss_clear_after_ms) {
      clear_sent += it->sent;
      clear_lost += it->lost;
      clear_covered_from = it->start_ms();
    }
    if (it->end_ms > newest.end_ms - options.loss_fire_after_ms) {
      status.sent += it->sent;
      status.lost += it->lost;
    }
  }
  status.window_loss = status.sent > 0 ? status.lost / status.sent : 0;
  const auto run = loss_run_ending_at(intervals, intervals.size() - 1, options);
  // The lossy intervals themselves must span the fire time: clean ones after the run's last lossy
  // interval (a heal not yet confirmed by loss_run_gap_ms of clean) do not lengthen it.
  if (run && run->last_end_ms - run->start_ms >= options.loss_fire_after_ms) status.sustained_since = run->first_end_ms;
  if (dead_start && newest.end_ms - *dead_start >= options.unreachable_after_ms) {
    status.unreachable_since = dead_first_end;
  }
  status.clear_window_lost = clear_lost;
  status.clear = newest.end_ms - clear_covered_from >= options.loss_clear_after_ms && clear_sent > 0 &&
                 clear_lost / clear_sent < options.loss_clear_ratio;
  status.reaches = newest.lost < newest.sent;
  return status;
}

}  // namespace

PairStatus pair_status(const PairWindow& window, const AlertOptions& options, TimestampMs now_ms) {
  if (window.intervals.empty()) return {};
  if (!window.status_cache) window.status_cache = status_of_intervals(window, options);
  PairStatus status = *window.status_cache;
  status.recent = status.newest_ms >= now_ms - options.stale_after_ms;
  if (!status.recent) {
    status.unreachable_since.reset();
    status.reaches = false;
  }
  return status;
}

}  // namespace netkeel::analyze
