#include "netkeel/agent/trouble_reports.hpp"

#include <algorithm>

namespace netkeel::agent {

void TroubleReports::observe(std::uint64_t loss_onsets, std::size_t waiting_link_events, SteadyTime now) {
  const bool onset = (started_ && loss_onsets != loss_onsets_) || waiting_link_events > waiting_link_events_;
  started_ = true;
  loss_onsets_ = loss_onsets;
  waiting_link_events_ = waiting_link_events;
  if (onset) spell_until_ = now + spell_;
}

SteadyTime TroubleReports::next_report(SteadyTime last_report, SteadyTime regular) const {
  // In a spell (it had not ended at the last report) the next report comes one interval after the last.
  if (interval_ <= Nanoseconds(0) || last_report >= spell_until_) return regular;
  return std::min(regular, last_report + interval_);
}

}  // namespace netkeel::agent
