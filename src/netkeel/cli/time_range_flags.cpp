#include "netkeel/cli/time_range_flags.hpp"

#include "netkeel/core/error.hpp"

namespace netkeel::cli {

void append_time_range(const TimeRangeFlags& flags, const std::string& default_since, QueryString& query) {
  if (!flags.since.empty() && (!flags.start.empty() || !flags.end.empty())) {
    throw UsageError("--since cannot be combined with --start/--end: give one of them");
  }
  if (!flags.end.empty() && flags.start.empty()) throw UsageError("--end needs --start too");
  if (!flags.start.empty()) {
    query.emplace_back("start", flags.start);
    if (!flags.end.empty()) query.emplace_back("end", flags.end);
  } else {
    query.emplace_back("since", flags.since.empty() ? default_since : flags.since);
  }
}

}  // namespace netkeel::cli
