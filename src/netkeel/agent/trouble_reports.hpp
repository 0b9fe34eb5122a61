#pragma once
// When the agent reports early (docs/agent.md, "Reporting early on trouble"): a damped link event waiting
// to be reported, or a target that stopped answering (a probe lost right after a reply), starts a spell
// of fast reports (every `interval`, for `spell` after the latest such onset). Between onsets the agent
// reports every --report-interval as usual, so a quiet site costs nothing extra. Pure: time comes in.
#include <cstddef>
#include <cstdint>

#include "netkeel/core/clock.hpp"

namespace netkeel::agent {

class TroubleReports {
 public:
  // interval 0: never report early.
  TroubleReports(Nanoseconds interval, Nanoseconds spell) : interval_(interval), spell_(spell) {}

  // The engine's loss onsets so far and the damped link events waiting for the next report, now.
  void observe(std::uint64_t loss_onsets, std::size_t waiting_link_events, SteadyTime now);
  // The waiting link events went out with a report.
  void reported() { waiting_link_events_ = 0; }
  // When the next report is due: `regular` (--report-interval after the last one), or sooner in a spell.
  SteadyTime next_report(SteadyTime last_report, SteadyTime regular) const;

 private:
  Nanoseconds interval_;
  Nanoseconds spell_;
  std::uint64_t loss_onsets_ = 0;
  std::size_t waiting_link_events_ = 0;
  bool started_ = false;
  SteadyTime spell_until_{};
};

}  // namespace netkeel::agent
