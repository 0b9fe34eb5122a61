#pragma once
// What every query handler gets besides its parameters and the store: the wall-clock time the request
// arrived (for now-DURATION and since=) and the deadline after which its query is cancelled.
#include <chrono>

#include "netkeel/core/clock.hpp"
#include "netkeel/store/batch.hpp"
#include "netkeel/store/query_deadline.hpp"

namespace netkeel::server {

inline constexpr std::chrono::milliseconds kDefaultQueryTimeout{10'000};

// The server's query settings (ApiServerOptions::query; `netkeel server --query-timeout`).
struct QuerySettings {
  std::chrono::milliseconds timeout = kDefaultQueryTimeout;  // each query is cancelled this long after it starts
};

struct QueryContext {
  store::TimestampMs now_ms = 0;
  store::QueryDeadline deadline;                              // none: the query runs to its end
  std::chrono::milliseconds timeout = kDefaultQueryTimeout;  // what the deadline came from, for the message
};

// A query starting now on `clock`: its wall time for now-DURATION and since=, and a deadline
// `settings.timeout` away in monotonic time. The clock must outlive the context.
inline QueryContext make_query_context(const QuerySettings& settings, const Clock& clock) {
  return {unix_milliseconds(clock.wall_now()), store::QueryDeadline(clock, clock.now() + settings.timeout),
          settings.timeout};
}

}  // namespace netkeel::server
