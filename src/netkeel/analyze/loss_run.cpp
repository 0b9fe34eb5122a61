#include "netkeel/analyze/loss_run.hpp"

#include <algorithm>

namespace netkeel::analyze {

bool lossy(const ProbeInterval& interval, const AlertOptions& options) {
  return interval.sent > 0 && interval.loss() >= options.loss_fire_ratio;
}

std::optional<LossRun> loss_run_ending_at(const std::deque<ProbeInterval>& intervals, std::size_t last,
                                          const AlertOptions& options) {
  std::optional<LossRun> run;
  std::int64_t clean_span = 0;
  double clean_sent = 0, clean_lost = 0;  // the clean stretch in progress: part of the run if a lossy one precedes it
  std::int64_t dead_span = 0;
  for (std::size_t i = last + 1; i-- > 0;) {
    const ProbeInterval& interval = intervals[i];
    const bool dead = interval.sent > 0 && interval.lost >= interval.sent;
    dead_span = dead ? dead_span + interval.duration_ms : 0;
    if (!lossy(interval, options)) {
      clean_span += interval.duration_ms;
      if (clean_span >= options.loss_run_gap_ms) break;
      clean_sent += interval.sent;
      clean_lost += interval.lost;
      continue;
    }
    if (!run) {
      run = LossRun{};
      run->last_end_ms = interval.end_ms;
    } else {
      run->sent += clean_sent;
      run->lost += clean_lost;
    }
    clean_span = 0;
    clean_sent = clean_lost = 0;
    run->start_ms = interval.start_ms();
    run->first_end_ms = interval.end_ms;
    run->sent += interval.sent;
    run->lost += interval.lost;
    run->longest_dead_ms = std::max(run->longest_dead_ms, dead_span);
  }
  return run;
}

}  // namespace netkeel::analyze
