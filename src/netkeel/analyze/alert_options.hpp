#pragma once
// Every threshold of the alert rules in one place, with its default (docs/alerts.md, "Thresholds").
#include <cstddef>
#include <cstdint>

namespace netkeel::analyze {

// NetkeelAnomaly (docs/alerts.md): every pair's RTT p50 and p99 and its loss, per interval_ms of samples,
// against the pair's own baseline (robust_baseline.hpp).
struct AnomalyOptions {
  bool enabled = true;
  std::int64_t interval_ms = 10'000;  // one judgement per pair per this much of its samples
  std::size_t min_replies = 5;        // fewer replies in an interval: its RTT says nothing
  double score = 8;                   // a p50 or p99 this many spreads above normal is anomalous
  std::size_t consecutive = 3;        // intervals in a row that must agree to fire, and to clear
  std::int64_t half_life_ms = 1'800'000;
  std::size_t warmup = 60;            // intervals of a pair before it is judged (10 minutes)
  double rtt_relative_floor = 0.25;   // the RTT spread is at least 25% of normal...
  double rtt_absolute_floor_s = 0.0005;  // ...and at least 0.5 ms (noise on a quiet LAN is smaller)
  // Loss is anomalous when at least 2 probes were lost and losing that many was less likely than this
  // at the pair's normal loss rate (at least loss_floor).
  double loss_tail = 1e-6;
  double loss_floor = 0.001;
  // An anomaly lasting this long is the pair's new normal: its baseline restarts there and the alert clears.
  std::int64_t accept_after_ms = 1'800'000;
};

struct AlertOptions {
  // Sustained loss fires when report intervals each losing at least this share of probes follow each
  // other for at least loss_fire_after_ms ...
  double loss_fire_ratio = 0.02;
  std::int64_t loss_fire_after_ms = 30'000;
  // ... and clears only when the last loss_clear_after_ms lost less than this share: a loss hovering
  // between the two neither fires nor clears, so the alert does not flap at the threshold.
  double loss_clear_ratio = 0.005;
  std::int64_t loss_clear_after_ms = 120'000;
  // A run of lossy intervals ends only at clean intervals spanning at least this together: an agent
  // reports every second while a peer stops answering, and one clean second of a lossy pair is chance.
  // Below the agents' report interval (10 s), so one clean regular report ends a run.
  std::int64_t loss_run_gap_ms = 8'000;
  // A pair "cannot reach" when every probe of its newest intervals was lost for at least this long.
  std::int64_t unreachable_after_ms = 5'000;
  // A pair whose newest interval is older than this (by the server's clock) gives no current evidence.
  std::int64_t stale_after_ms = 60'000;
  // A pair, link or bond member with no data for this long is forgotten and its alerts resolve.
  std::int64_t forget_after_ms = 600'000;
  // Host down also needs the host's own agent silent: its newest sample this much older than the
  // peers' newest evidence that they cannot reach it (sample times, not arrival times).
  std::int64_t agent_silent_after_ms = 15'000;
  // A lossy run shorter than loss_fire_after_ms is a glitch; this many on one pair within
  // glitch_window_ms fire NetkeelGlitches, which clears when the window holds none.
  std::size_t glitch_repeat = 3;
  std::int64_t glitch_window_ms = 600'000;
  // A partition needs at least two groups of at least this many hosts each.
  std::size_t partition_min_group = 2;
  // Resolved alerts stay listed (GET /api/v1/alerts?all=1) this long.
  std::int64_t resolved_kept_ms = 3'600'000;
  // After a restart, alerts reloaded from the store stay firing at least this long past the first
  // evaluation, so the rules can gather the evidence to confirm or clear them.
  std::int64_t restore_hold_ms = 120'000;
  // Loss, partition and switch-down alerts name the culprit localization ranks first over the last
  // localization_window_ms of probes, when it is at least this sure (docs/diagnose.md); else the rule's own.
  std::int64_t localization_window_ms = 60'000;
  double culprit_min_confidence = 0.2;
  AnomalyOptions anomaly;
};

}  // namespace netkeel::analyze
