#pragma once
// The wire form of one batch, as agents POST it to /api/v1/batches (docs/api.md):
//   {"version":1,"id":{"host":"node1","sequence":42},
//    "series":[{"metric":"netkeel_probe_sent_total","labels":{"src":"a","dst":"b"}}],
//    "samples":[[0,1764150000000,12.0],[0,1764150001000,null]],
//    "events":[{"t_ms":1764150000000,"host":"node1","kind":"link_down","text":"eno1 carrier lost"}]}
// A sample is [series index, t_ms, value]; the value null is NaN, the strings "+Inf" and "-Inf" are the
// infinities (JSON has no literal for either).
#include <cstddef>
#include <string>
#include <string_view>

#include "netkeel/store/batch.hpp"
#include "netkeel/store/invalid_batch.hpp"

namespace netkeel::store {

inline constexpr int kBatchWireVersion = 1;

// What a batch may hold at most (docs/api.md, "Limits"); decode_batch_json refuses more with
// BatchOverLimit. The format itself nests 4 levels (body, series list, series, labels), and an agent's
// names and values are tens of bytes: the limits leave room for both and keep a hostile body from
// reaching anything recursive or storing (or quoting in an error) megabytes per label.
inline constexpr int kMaxBatchNesting = 16;                 // arrays and objects inside each other
inline constexpr std::size_t kMaxMetricNameBytes = 256;
inline constexpr std::size_t kMaxLabelNameBytes = 128;
inline constexpr std::size_t kMaxLabelValueBytes = 1024;
inline constexpr std::size_t kMaxLabelsPerSeries = 32;
inline constexpr std::size_t kMaxHostBytes = 255;           // id.host and an event's host (a DNS name's limit)
inline constexpr std::size_t kMaxEventKindBytes = 128;
inline constexpr std::size_t kMaxEventTextBytes = 4096;

// A body refused for going past one of the limits above, not for breaking the format: the server counts
// it under its own reason.
class BatchOverLimit : public InvalidBatch {
 public:
  enum class Limit { nesting, length };  // length: a name, value or text too long, or too many labels
  BatchOverLimit(Limit limit, const std::string& message) : InvalidBatch(message), limit_(limit) {}
  Limit limit() const { return limit_; }

 private:
  Limit limit_;
};

// The uncompressed JSON body. Strings that are not valid UTF-8 have each bad byte replaced by U+FFFD,
// so the body is always valid JSON.
std::string encode_batch_json(const Batch& batch);

// Parses and validates (validate_batch) a body. Throws InvalidBatch naming the JSON place and the fix,
// e.g. "samples[12][2]: expected a number, null, \"+Inf\" or \"-Inf\"", or BatchOverLimit. Nesting is
// checked by a linear scan before the body is parsed, and a message quotes at most a few dozen bytes of
// what the client sent, so no body makes the decoder recurse deeply or build a message of its size.
Batch decode_batch_json(std::string_view json);

}  // namespace netkeel::store
