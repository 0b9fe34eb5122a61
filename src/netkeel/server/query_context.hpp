#pragma once
// What every query handler gets besides its parameters and the store: the wall-clock time the request
// arrived (for now-DURATION and since=) and the deadline after which its query is cancelled.
#include <chrono>
#include <memory>

#include "netkeel/core/clock.hpp"
#include "netkeel/store/batch.hpp"
#include "netkeel/store/query_deadline.hpp"

namespace netkeel::server {

inline constexpr std::chrono::milliseconds kDefaultQueryTimeout{10'000};

// The server's query settings (ApiServerOptions::query; `netkeel server --query-timeout`).
struct QuerySettings {
  std::chrono::milliseconds timeout = kDefaultQueryTimeout;  // each query is cancelled this long after it starts
  std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>();  // the deadlines' clock (tests: a FakeClock)
};

struct QueryContext {
  store::TimestampMs now_ms = 0;
  store::QueryDeadline deadline;                              // none: the query runs to its end
  std::chrono::milliseconds timeout = kDefaultQueryTimeout;  // what the deadline came from, for the message
};

// A context whose deadline is `settings.timeout` from now on settings' clock. The settings must outlive it.
inline QueryContext make_query_context(const QuerySettings& settings, store::TimestampMs now_ms) {
  return {now_ms, store::QueryDeadline(*settings.clock, settings.clock->now() + settings.timeout), settings.timeout};
}

}  // namespace netkeel::server
