#include "netkeel/store/batch.hpp"

#include <algorithm>
#include <string_view>
#include <limits>
#include <unordered_set>

#include "netkeel/store/invalid_batch.hpp"

namespace netkeel::store {

std::string describe(const BatchId& id) { return id.agent_host + "#" + std::to_string(id.sequence); }

std::vector<std::string> validate_batch(const Batch& batch) {
  if (batch.id.agent_host.empty()) {
    throw InvalidBatch("batch #" + std::to_string(batch.id.sequence) +
                       ": agent host is empty: set the sending agent's host name");
  }
  const std::string where = "batch " + describe(batch.id);
  std::vector<std::string> keys;
  keys.reserve(batch.series.size());
  std::unordered_set<std::string_view> seen;
  for (std::size_t i = 0; i < batch.series.size(); ++i) {
    const Series& s = batch.series[i];
    auto fail = [&](const std::string& why) {
      throw InvalidBatch(where + ": series " + std::to_string(i) + " (" + s.metric + "): " + why);
    };
    if (!is_valid_metric_name(s.metric)) {
      fail("metric name is invalid: use letters, digits, '_' and ':' and do not start with a digit");
    }
    for (std::size_t l = 0; l < s.labels.size(); ++l) {
      if (!is_valid_label_name(s.labels[l].name)) {
        fail("label name '" + s.labels[l].name + "' is invalid: use letters, digits and '_'");
      }
      if (l > 0 && !(s.labels[l - 1].name < s.labels[l].name)) {
        fail("labels are not sorted by name or a name repeats: build the series with make_series()");
      }
    }
    keys.push_back(canonical_key(s));
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!seen.insert(keys[i]).second) {
      throw InvalidBatch(where + ": series " + std::to_string(i) + " (" + keys[i] +
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
  return keys;
}

TimestampMs newest_timestamp(const Batch& batch) {
  TimestampMs newest = std::numeric_limits<TimestampMs>::min();
  for (const Sample& s : batch.samples) newest = std::max(newest, s.timestamp_ms);
  for (const Event& e : batch.events) newest = std::max(newest, e.timestamp_ms);
  return newest;
}

}  // namespace netkeel::store
