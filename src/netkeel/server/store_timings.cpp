#include "netkeel/server/store_timings.hpp"

#include <fmt/format.h>

namespace netkeel::server {

std::string_view to_string(StoreOperation operation) {
  switch (operation) {
    case StoreOperation::write: return "write";
    case StoreOperation::query_range: return "query_range";
    case StoreOperation::latest: return "latest";
    case StoreOperation::probe_matrix: return "probe_matrix";
    case StoreOperation::hosts: return "hosts";
    case StoreOperation::events: return "events";
    case StoreOperation::maintain: return "maintain";
  }
  return "write";
}

void DurationHistogram::observe(double seconds) {
  std::size_t bucket = 0;
  while (bucket < kStoreDurationBounds.size() && seconds > kStoreDurationBounds[bucket]) ++bucket;
  ++buckets[bucket];
  ++count;
  sum_seconds += seconds;
}

void StoreTimings::observe(StoreOperation operation, double seconds) {
  std::lock_guard lock(mutex_);
  by_operation_[static_cast<std::size_t>(operation)].observe(seconds);
}

std::array<DurationHistogram, kStoreOperationCount> StoreTimings::snapshot() const {
  std::lock_guard lock(mutex_);
  return by_operation_;
}

std::string render_store_timings(const StoreTimings& timings) {
  const auto histograms = timings.snapshot();
  std::string out =
      "# HELP netkeel_server_store_duration_seconds Time the store took per call, by operation (a write includes "
      "waiting for the single writer).\n"
      "# TYPE netkeel_server_store_duration_seconds histogram\n";
  for (std::size_t i = 0; i < kStoreOperationCount; ++i) {
    const std::string_view operation = to_string(static_cast<StoreOperation>(i));
    const DurationHistogram& h = histograms[i];
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < kStoreDurationBounds.size(); ++b) {
      cumulative += h.buckets[b];
      out += fmt::format("netkeel_server_store_duration_seconds_bucket{{operation=\"{}\",le=\"{}\"}} {}\n", operation,
                         kStoreDurationBounds[b], cumulative);
    }
    out += fmt::format("netkeel_server_store_duration_seconds_bucket{{operation=\"{}\",le=\"+Inf\"}} {}\n", operation,
                       h.count);
    out += fmt::format("netkeel_server_store_duration_seconds_sum{{operation=\"{}\"}} {}\n", operation, h.sum_seconds);
    out += fmt::format("netkeel_server_store_duration_seconds_count{{operation=\"{}\"}} {}\n", operation, h.count);
  }
  return out;
}

}  // namespace netkeel::server
