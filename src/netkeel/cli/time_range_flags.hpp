#pragma once
// --since DURATION | --start T [--end T], as `netkeel query` and `netkeel events` take them, turned into
// the API's since= / start= / end= parameters (docs/api.md).
#include <string>

#include "netkeel/cli/server_api.hpp"

namespace netkeel::cli {

struct TimeRangeFlags {
  std::string since, start, end;
};

// Appends since=... (default_since when no flag is given) or start=...[&end=...]. Throws UsageError when
// --since is combined with --start/--end, or --end comes without --start.
void append_time_range(const TimeRangeFlags& flags, const std::string& default_since, QueryString& query);

}  // namespace netkeel::cli
