#include "netkeel/store/batch.hpp"

#include <algorithm>
#include <limits>
#include <unordered_set>

#include "netkeel/store/invalid_batch.hpp"

namespace netkeel::store {

std::string describe(const BatchId& id) { return id.agent_host + "#" + std::to_string(id.sequence); }

void validate_batch(const Batch& batch) {
  if (batch.id.agent_host.empty()) {
    throw InvalidBatch("batch #" + std::to_string(batch.id.sequence) +
                       ": agent host is empty: set the sending agent's host name");
  }
  const std::string where = "batch " + describe(batch.id);
  std::unordered_set<std::string> keys;
  for (std::size_t i = 0; i < batch.series.size(); ++i) {
    const Series& s = batch.series[i];
    try {
      Series normal = make_series(s.metric, s.labels);
      if (normal.labels != s.labels) {
        throw InvalidBatch("labels are not sorted by name: build the series with make_series()");
      }
    } catch (const InvalidBatch& e) {
      throw InvalidBatch(where + ": series " + std::to_string(i) + ": " + e.what());
    }
    if (!keys.insert(canonical_key(s)).second) {
      throw InvalidBatch(where + ": series " + std::to_string(i) + " (" + canonical_key(s) +
                         ") is listed twice: list each series once and refer to it by index");
    }
  }
  for (std::size_t i = 0; i < batch.samples.size(); ++i) {
    if (batch.samples[i].series >= batch.series.size()) {
      throw InvalidBatch(where + ": sample " + std::to_string(i) + " refers to series " +
                         std::to_string(batch.samples[i].series) + " but the batch has " +
                         std::to_string(batch.series.size()) + " series");
    }
  }
  for (std::size_t i = 0; i < batch.events.size(); ++i) {
    if (batch.events[i].host.empty() || batch.events[i].kind.empty()) {
      throw InvalidBatch(where + ": event " + std::to_string(i) +
                         " has no host or no kind: set both (kind e.g. link_down)");
    }
  }
}

TimestampMs newest_timestamp(const Batch& batch) {
  TimestampMs newest = std::numeric_limits<TimestampMs>::min();
  for (const Sample& s : batch.samples) newest = std::max(newest, s.timestamp_ms);
  for (const Event& e : batch.events) newest = std::max(newest, e.timestamp_ms);
  return newest;
}

}  // namespace netkeel::store
