#include "netkeel/collect/availability_log.hpp"

#include "netkeel/core/log.hpp"

namespace netkeel::collect {

bool AvailabilityLog::report(bool available, const std::string& why) {
  const bool changed = !known_ || available != available_;
  known_ = true;
  available_ = available;
  why_ = available ? "" : why;
  if (!changed) return false;
  if (available) {
    log::info(source_ + " available");
  } else {
    log::warning(source_ + " unavailable, skipped until it answers (said once): " + why);
  }
  return true;
}

}  // namespace netkeel::collect
