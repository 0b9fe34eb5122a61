#include "netkeel/store/cardinality_limits.hpp"

#include <algorithm>

namespace netkeel::store {

void check_cardinality(const BatchId& batch, std::uint64_t new_series, std::uint64_t host_series,
                       const CardinalityLimits& limits, CardinalityRejections* rejections) {
  if (new_series > limits.max_new_series_per_batch) {
    if (rejections) ++rejections->new_series_per_batch;
    throw SeriesLimitExceeded("batch " + describe(batch) + " brings " + std::to_string(new_series) +
                              " new series, over the limit of " + std::to_string(limits.max_new_series_per_batch) +
                              " new series per batch: nothing of it was stored; drop labels that change often "
                              "(ids, timestamps) or raise the server's --max-new-series-per-batch");
  }
  // Subtraction, not addition: neither side can overflow.
  if (new_series > 0 && new_series > limits.max_series_per_host - std::min(host_series, limits.max_series_per_host)) {
    if (rejections) ++rejections->series_per_host;
    throw SeriesLimitExceeded("batch " + describe(batch) + " would bring host " + batch.agent_host + " to " +
                              std::to_string(host_series + new_series) + " series, over the limit of " +
                              std::to_string(limits.max_series_per_host) +
                              " series per host: nothing of it was stored; drop labels that change often "
                              "(ids, timestamps) or raise the server's --max-series-per-host");
  }
}

}  // namespace netkeel::store
