#pragma once
// Limits on how many series clients can make the store keep: every series costs memory in the catalog
// for as long as the store lives (it is reloaded at start), so a batch may add only so many new series,
// and one agent host only so many in all. Checked before anything of the batch is stored.
#include <atomic>
#include <cstdint>
#include <string>

#include "netkeel/store/batch.hpp"
#include "netkeel/store/invalid_batch.hpp"

namespace netkeel::store {

// The defaults hold a full mesh of 300 hosts on 4 networks: an agent ships 5 series per probe target
// (sent, lost, RTT samples, RTT sum and count) and probes each peer on each network with up to 4 kinds,
// 300 x 4 x 4 x 5 = 24,000 series, plus its NIC, TCP/IP and VM series (a few thousand). Its first
// batch brings all of them at once.
struct CardinalityLimits {
  std::uint64_t max_new_series_per_batch = 40'000;  // --max-new-series-per-batch
  std::uint64_t max_series_per_host = 100'000;      // --max-series-per-host (series first sent by one agent host)
};

// How many batches were refused, by limit; read by a /metrics page (atomics: writers and readers differ).
struct CardinalityRejections {
  std::atomic<std::uint64_t> new_series_per_batch{0};
  std::atomic<std::uint64_t> series_per_host{0};
};

// A batch refused by a cardinality limit: an InvalidBatch, so the ingest handler answers 400 with the
// message (which names the limit and the flag that raises it).
class SeriesLimitExceeded : public InvalidBatch {
 public:
  using InvalidBatch::InvalidBatch;
};

// Throws SeriesLimitExceeded (and counts the rejection in `rejections`, when given) when a batch from
// `batch` that brings `new_series` series unknown to the store, from a host that already has
// `host_series`, passes a limit. Pure apart from the counter.
void check_cardinality(const BatchId& batch, std::uint64_t new_series, std::uint64_t host_series,
                       const CardinalityLimits& limits, CardinalityRejections* rejections);

}  // namespace netkeel::store
