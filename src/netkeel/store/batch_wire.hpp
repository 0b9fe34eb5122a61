#pragma once
// The wire form of one batch, as agents POST it to /api/v1/batches (docs/api.md):
//   {"version":1,"id":{"host":"node1","sequence":42},
//    "series":[{"metric":"netkeel_probe_sent_total","labels":{"src":"a","dst":"b"}}],
//    "samples":[[0,1764150000000,12.0],[0,1764150001000,null]],
//    "events":[{"t_ms":1764150000000,"host":"node1","kind":"link_down","text":"eno1 carrier lost"}]}
// A sample is [series index, t_ms, value]; the value null is NaN, the strings "+Inf" and "-Inf" are the
// infinities (JSON has no literal for either).
#include <string>
#include <string_view>

#include "netkeel/store/batch.hpp"

namespace netkeel::store {

inline constexpr int kBatchWireVersion = 1;

// The uncompressed JSON body. Strings that are not valid UTF-8 have each bad byte replaced by U+FFFD,
// so the body is always valid JSON.
std::string encode_batch_json(const Batch& batch);

// Parses and validates (validate_batch) a body. Throws InvalidBatch naming the JSON place and the fix,
// e.g. "samples[12][2]: expected a number, null, \"+Inf\" or \"-Inf\"".
Batch decode_batch_json(std::string_view json);

}  // namespace netkeel::store
