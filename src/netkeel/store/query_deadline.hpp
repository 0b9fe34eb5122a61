#pragma once
// When a query must give up: a point on an injected Clock, checked by the back ends between pieces of work
// (series matched, series read, SQLite steps). Default-constructed: no deadline.
#include <optional>
#include <stdexcept>
#include <string>

#include "netkeel/core/clock.hpp"

namespace netkeel::store {

// A query that ran past its deadline and was cancelled. The server answers it with 503 and its
// --query-timeout; the store's message names only what was cancelled.
class QueryTimedOut : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class QueryDeadline {
 public:
  QueryDeadline() = default;
  QueryDeadline(const Clock& clock, SteadyTime at) : clock_(&clock), at_(at) {}

  bool passed() const { return clock_ && clock_->now() >= at_; }
  // The time left (zero once passed); nothing when there is no deadline.
  std::optional<Nanoseconds> remaining() const {
    if (!clock_) return std::nullopt;
    const SteadyTime now = clock_->now();
    return now >= at_ ? Nanoseconds(0) : at_ - now;
  }
  // Throws QueryTimedOut naming `what` (e.g. "range query") once the deadline has passed.
  void check(const char* what) const {
    if (passed()) throw QueryTimedOut(std::string(what) + " passed its deadline and was cancelled");
  }

 private:
  const Clock* clock_ = nullptr;
  SteadyTime at_{};
};

}  // namespace netkeel::store
