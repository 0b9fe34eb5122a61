#pragma once
// How long the store takes, as the server sees it: SingleWriterStore times every call (a write includes
// the wait for the one writer's turn), and GET /metrics shows one histogram per operation. What an
// operator looks at when ingest answers slowly or the dashboard lags (docs/metrics.md, "Server").
#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

namespace netkeel::server {

enum class StoreOperation { write, query_range, latest, probe_matrix, hosts, events, maintain };
inline constexpr std::size_t kStoreOperationCount = 7;
std::string_view to_string(StoreOperation operation);

// Bucket bounds in seconds: a SQLite write takes about a millisecond, a matrix over a day seconds.
inline constexpr std::array<double, 12> kStoreDurationBounds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                               0.1,   0.25,   0.5,   1,    2.5,   10};

struct DurationHistogram {
  std::array<std::uint64_t, kStoreDurationBounds.size() + 1> buckets{};  // per bucket (last: above every bound)
  std::uint64_t count = 0;
  double sum_seconds = 0;
  void observe(double seconds);
};

class StoreTimings {
 public:
  void observe(StoreOperation operation, double seconds);
  std::array<DurationHistogram, kStoreOperationCount> snapshot() const;

 private:
  mutable std::mutex mutex_;
  std::array<DurationHistogram, kStoreOperationCount> by_operation_{};
};

// netkeel_server_store_duration_seconds{operation="..."} as a Prometheus histogram, every operation
// present from the first scrape.
std::string render_store_timings(const StoreTimings& timings);

}  // namespace netkeel::server
