#pragma once
// The query string of a GET request (cpp-httplib's Params has the same type), with the checks every
// query handler needs. Each throws BadRequest naming the parameter and the fix.
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netkeel/store/batch.hpp"

namespace netkeel::server {

using QueryParameters = std::multimap<std::string, std::string>;

// The times a query may name: from the Unix epoch to the end of year 9999. Any difference of two of them,
// and any step or window added to one, stays far inside int64: the handlers' time arithmetic cannot overflow.
inline constexpr store::TimestampMs kEarliestQueryTimeMs = 0;
inline constexpr store::TimestampMs kLatestQueryTimeMs = 253402300799999;  // 9999-12-31T23:59:59.999Z

// The server's clock as queries use it: inside that window even when the clock is broken.
inline store::TimestampMs query_now(store::TimestampMs now_ms) {
  return now_ms < kEarliestQueryTimeMs ? kEarliestQueryTimeMs : now_ms > kLatestQueryTimeMs ? kLatestQueryTimeMs : now_ms;
}

// A parameter outside `known` is a mistake (a typo would otherwise be ignored silently).
void reject_unknown_parameters(const QueryParameters& parameters, std::initializer_list<std::string_view> known);

// The parameter's value; nothing when absent; BadRequest when given twice.
std::optional<std::string> single_parameter(const QueryParameters& parameters, const std::string& name);
std::string required_parameter(const QueryParameters& parameters, const std::string& name, const char* example);
std::vector<std::string> repeated_parameter(const QueryParameters& parameters, const std::string& name);

// A whole-number parameter (a count, e.g. limit=) within [min, max], or `fallback` when absent.
std::uint64_t count_parameter(const QueryParameters& parameters, const std::string& name, std::uint64_t fallback,
                              std::uint64_t min, std::uint64_t max);

// A duration parameter (10s, 5m, ...) within [min_ms, max_ms], or `fallback` when absent.
std::int64_t duration_parameter(const QueryParameters& parameters, const std::string& name, std::int64_t fallback,
                                std::int64_t min_ms, std::int64_t max_ms);

struct TimeRange {
  store::TimestampMs start_ms = 0;
  store::TimestampMs end_ms = 0;
};

// start/end (each: milliseconds since the Unix epoch within the window above, "now" or "now-DURATION") or
// since=DURATION (the last DURATION up to now, reaching back to the epoch at most); `default_since_ms`
// when none is given. start must not be after end.
TimeRange time_range_parameters(const QueryParameters& parameters, store::TimestampMs now_ms,
                                std::int64_t default_since_ms);

}  // namespace netkeel::server
