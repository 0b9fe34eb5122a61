#include "netkeel/collect/availability_log.hpp"

#include <cstdio>

namespace netkeel::collect {

bool AvailabilityLog::report(bool available, const std::string& why) {
  const bool changed = !known_ || available != available_;
  known_ = true;
  available_ = available;
  why_ = available ? "" : why;
  if (!changed) return false;
  if (available) {
    std::fprintf(stderr, "netkeel agent: %s available\n", source_.c_str());
  } else {
    std::fprintf(stderr, "netkeel agent: %s unavailable, skipped until it answers (said once): %s\n", source_.c_str(),
                 why.c_str());
  }
  return true;
}

}  // namespace netkeel::collect
