#include "netkeel/ha/gratuitous_arp_schedule.hpp"

namespace netkeel::ha {

void GratuitousArpSchedule::start(SteadyTime now) {
  started_ = now;
  burst_slot_ = 0;
  in_burst_ = true;
  next_ = now + kBurst[0];
}

void GratuitousArpSchedule::sent(SteadyTime now) {
  if (!next_) return;
  if (in_burst_) {
    while (burst_slot_ < kBurst.size() && started_ + kBurst[burst_slot_] <= now) ++burst_slot_;
    if (burst_slot_ < kBurst.size()) {
      next_ = started_ + kBurst[burst_slot_];
      return;
    }
    in_burst_ = false;
  }
  next_ = now + kRefreshInterval;
}

}  // namespace netkeel::ha
