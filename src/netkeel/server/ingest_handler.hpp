#pragma once
// POST /api/v1/batches (docs/api.md): token, size, media type, encoding, decoding, timestamps, then one
// durable write. A pure function of the request and the store, so every answer is unit-tested without
// sockets.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "netkeel/server/access_tokens.hpp"
#include "netkeel/server/api_response.hpp"
#include "netkeel/server/ingest_counters.hpp"
#include "netkeel/store/retention_policy.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::server {

struct IngestLimits {
  std::size_t max_body_bytes = 16 * 1024 * 1024;          // as received (compressed); more is 413
  std::size_t max_decompressed_bytes = 64 * 1024 * 1024;  // after gzip; more is 413 (zip-bomb guard)
  // Every sample and event must lie within [now - max_sample_age_ms, now + max_sample_ahead_ms] of the
  // server's clock (IngestRequest::now_ms), else the batch is 400; 0 turns that side's check off.
  // Behind: the store's default raw retention, which deletes older samples at its next maintenance anyway.
  std::int64_t max_sample_age_ms = 7 * store::day_ms;
  // Ahead: room for an agent clock that is off; a sample far in the future (one at INT64_MAX made a host
  // look alive forever in /hosts) is refused.
  std::int64_t max_sample_ahead_ms = store::hour_ms;
};

struct IngestSettings {
  AccessTokens tokens;  // only the site token may ingest; a read token gets 403; no site token = --no-auth
  IngestLimits limits;
  // Every answer counted by outcome (shared by the copies of these settings; never null).
  std::shared_ptr<IngestCounters> counters = std::make_shared<IngestCounters>();
  // Called with each batch the store stored (not with duplicates), after the write returned: the alert
  // engine's feed. May be empty; must not throw.
  std::function<void(const store::Batch&)> on_stored;
};

struct IngestRequest {
  std::optional<std::string> authorization;  // the Authorization header, when sent
  std::string content_type;                  // "" when absent
  std::string content_encoding;              // "" when absent (identity)
  std::string_view body;                     // as received
  std::optional<store::TimestampMs> now_ms;  // the server's clock; nothing = timestamps are not checked
};

// 200 stored|duplicate (after the store's write returned), 400 malformed (also: over a decoder limit, a
// timestamp outside the window), 401 token, 403 read token, 413 too large, 415 media type or encoding,
// 503 store failure. Counts the answer in settings.counters. Never throws for anything a client can send.
ApiResponse handle_ingest(const IngestRequest& request, const IngestSettings& settings, store::Store& store);

}  // namespace netkeel::server
