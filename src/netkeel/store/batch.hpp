#pragma once
// What an agent ships each interval: samples of its series and events, under an id so that a retried
// batch is stored once.
#include <cstdint>
#include <string>
#include <vector>

#include "netkeel/store/series.hpp"

namespace netkeel::store {

using TimestampMs = std::int64_t;  // milliseconds since the Unix epoch

struct BatchId {
  std::string agent_host;  // the sending agent's host name
  std::uint64_t sequence = 0;  // increases by one per batch the agent creates
  bool operator==(const BatchId&) const = default;
};

struct Sample {
  std::uint32_t series = 0;  // index into Batch::series
  TimestampMs timestamp_ms = 0;
  double value = 0;
};

// Something that happened on a host: link up/down, a VIP moving, an agent restart.
struct Event {
  TimestampMs timestamp_ms = 0;
  std::string host;
  std::string kind;  // e.g. link_down, link_up
  std::string text;  // human-readable detail
  bool operator==(const Event&) const = default;
};

struct Batch {
  BatchId id;
  std::vector<Series> series;  // each series once; samples refer to it by index
  std::vector<Sample> samples;
  std::vector<Event> events;
};

// Throws InvalidBatch naming the batch and the offending item: empty agent host, a series index out of
// range, a series listed twice, an invalid series, an event without host or kind. Returns each series'
// canonical key (in Batch::series order), which the store needs next anyway.
std::vector<std::string> validate_batch(const Batch& batch);

// The batch's newest timestamp (samples and events), or the agent's host alone when it has neither;
// the store uses it as the host's last-seen time and to expire batch ids.
TimestampMs newest_timestamp(const Batch& batch);

std::string describe(const BatchId& id);  // "host#sequence"

}  // namespace netkeel::store
