#pragma once
// What POST /api/v1/batches answered, counted by outcome: every refusal under its reason, and the batches
// and samples accepted. handle_ingest fills it; the server exposes it as Prometheus text
// (docs/metrics.md, "Server"). Atomics, so the request threads count without a lock.
#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace netkeel::server {

// Why a batch was refused; each reason is one `reason` label value.
enum class IngestRejection {
  unauthorized,         // 401: no, malformed or unknown token
  forbidden,            // 403: the read token
  too_large,            // 413: body or its gzip expansion over the limit
  unsupported,          // 415: media type or content encoding
  bad_encoding,         // 400: not valid gzip
  malformed,            // 400: not a batch (JSON syntax, keys, types, values)
  too_deep,             // 400: nested past the decoder's nesting limit
  too_long,             // 400: a name, value or text over its length limit, or too many labels
  timestamp_out_of_window,  // 400: a sample or event too far ahead of or behind the server's clock
  store_refused,        // 400: the store refused the batch (its own limits)
  store_failure,        // 503: the store could not write it
};
inline constexpr std::size_t kIngestRejectionCount = 11;

// The reason's label value, e.g. "too_deep".
std::string_view to_string(IngestRejection reason);

struct IngestCounters {
  std::array<std::atomic<std::uint64_t>, kIngestRejectionCount> rejected{};
  std::atomic<std::uint64_t> stored_batches{0};     // 200 stored
  std::atomic<std::uint64_t> duplicate_batches{0};  // 200 duplicate: a retry of a stored batch
  std::atomic<std::uint64_t> stored_samples{0};     // samples of the stored batches

  void reject(IngestRejection reason) {
    rejected[static_cast<std::size_t>(reason)].fetch_add(1, std::memory_order_relaxed);
  }
  std::uint64_t rejected_total(IngestRejection reason) const {
    return rejected[static_cast<std::size_t>(reason)].load(std::memory_order_relaxed);
  }
};

// The counters as Prometheus text (exposition format 0.0.4), with HELP and TYPE lines:
//   netkeel_server_ingest_rejected_total{reason="..."}  (every reason, zeros included)
//   netkeel_server_ingest_accepted_total{outcome="stored"|"duplicate"}
//   netkeel_server_ingest_stored_samples_total
std::string render_ingest_counters(const IngestCounters& counters);

}  // namespace netkeel::server
