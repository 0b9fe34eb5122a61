#include "netkeel/server/query_parameters.hpp"

#include <algorithm>
#include <charconv>

#include "netkeel/server/bad_request.hpp"
#include "netkeel/core/duration.hpp"

namespace netkeel::server {
namespace {

store::TimestampMs time_point(const std::string& name, const std::string& text, store::TimestampMs now_ms) {
  if (text == "now") return now_ms;
  if (text.starts_with("now-")) {
    // ago <= now - kEarliest keeps now - ago from going below the window (or overflowing).
    if (const auto ago = parse_duration_ms(std::string_view(text).substr(4));
        ago && now_ms >= kEarliestQueryTimeMs && *ago <= now_ms - kEarliestQueryTimeMs) {
      return now_ms - *ago;
    }
  } else {
    store::TimestampMs ms = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), ms);
    if (error == std::errc() && end == text.data() + text.size()) {
      if (ms >= kEarliestQueryTimeMs && ms <= kLatestQueryTimeMs) return ms;
      throw BadRequest("parameter " + name + "=" + text + ": must be between " +
                       std::to_string(kEarliestQueryTimeMs) + " and " + std::to_string(kLatestQueryTimeMs) +
                       " (the Unix epoch to the end of year 9999, in milliseconds)");
    }
  }
  throw BadRequest("parameter " + name + "=" + text +
                   ": expected milliseconds since the Unix epoch, 'now' or 'now-DURATION' (e.g. now-5m)");
}

}  // namespace

void reject_unknown_parameters(const QueryParameters& parameters, std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : parameters) {
    bool found = false;
    for (std::string_view k : known) found = found || name == k;
    if (found) continue;
    std::string list;
    for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    throw BadRequest("unknown parameter '" + name + "': this endpoint takes " + list);
  }
}

std::optional<std::string> single_parameter(const QueryParameters& parameters, const std::string& name) {
  const auto [first, last] = parameters.equal_range(name);
  if (first == last) return std::nullopt;
  if (std::next(first) != last) throw BadRequest("parameter '" + name + "' is given twice: give it once");
  return first->second;
}

std::string required_parameter(const QueryParameters& parameters, const std::string& name, const char* example) {
  auto value = single_parameter(parameters, name);
  if (!value || value->empty()) {
    throw BadRequest("missing parameter '" + name + "': add it, e.g. " + name + "=" + example);
  }
  return *value;
}

std::vector<std::string> repeated_parameter(const QueryParameters& parameters, const std::string& name) {
  std::vector<std::string> values;
  const auto [first, last] = parameters.equal_range(name);
  for (auto it = first; it != last; ++it) values.push_back(it->second);
  return values;
}

std::uint64_t count_parameter(const QueryParameters& parameters, const std::string& name, std::uint64_t fallback,
                              std::uint64_t min, std::uint64_t max) {
  const auto text = single_parameter(parameters, name);
  if (!text) return fallback;
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < min || value > max) {
    throw BadRequest("parameter " + name + "=" + *text + ": expected a whole number from " + std::to_string(min) +
                     " to " + std::to_string(max));
  }
  return value;
}

std::int64_t duration_parameter(const QueryParameters& parameters, const std::string& name, std::int64_t fallback,
                                std::int64_t min_ms, std::int64_t max_ms) {
  const auto text = single_parameter(parameters, name);
  if (!text) return fallback;
  const auto ms = parse_duration_ms(*text);
  if (!ms) {
    throw BadRequest("parameter " + name + "=" + *text + ": expected a duration such as 250ms, 10s, 5m, 2h or 1d");
  }
  if (*ms < min_ms || *ms > max_ms) {
    throw BadRequest("parameter " + name + "=" + *text + ": must be between " + format_duration_ms(min_ms) +
                     " and " + format_duration_ms(max_ms));
  }
  return *ms;
}

TimeRange time_range_parameters(const QueryParameters& parameters, store::TimestampMs now_ms,
                                std::int64_t default_since_ms) {
  now_ms = query_now(now_ms);
  const auto start = single_parameter(parameters, "start");
  const auto end = single_parameter(parameters, "end");
  const auto since = single_parameter(parameters, "since");
  if (since && (start || end)) {
    throw BadRequest("parameter 'since' cannot be combined with 'start' or 'end': give since=DURATION or start/end");
  }
  TimeRange range;
  if (start || end) {
    if (!start) throw BadRequest("parameter 'end' needs 'start' too: add start=MS (or now-DURATION)");
    range.start_ms = time_point("start", *start, now_ms);
    range.end_ms = end ? time_point("end", *end, now_ms) : now_ms;
  } else {
    // At most back to the epoch: now - span stays in the window (and cannot overflow).
    const std::int64_t span = duration_parameter(parameters, "since", default_since_ms, 0, now_ms);
    range = {now_ms - std::min(span, now_ms), now_ms};
  }
  if (range.start_ms > range.end_ms) {
    throw BadRequest("start " + std::to_string(range.start_ms) + " is after end " + std::to_string(range.end_ms) +
                     ": swap them");
  }
  return range;
}

}  // namespace netkeel::server
