#pragma once
// POST /api/v1/batches (docs/api.md): token, size, media type, encoding, decoding, then one durable write.
// A pure function of the request and the store, so every answer is unit-tested without sockets.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "netkeel/server/access_tokens.hpp"
#include "netkeel/server/api_response.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::server {

struct IngestLimits {
  std::size_t max_body_bytes = 16 * 1024 * 1024;          // as received (compressed); more is 413
  std::size_t max_decompressed_bytes = 64 * 1024 * 1024;  // after gzip; more is 413 (zip-bomb guard)
};

struct IngestSettings {
  AccessTokens tokens;  // only the site token may ingest; a read token gets 403; no site token = --no-auth
  IngestLimits limits;
};

struct IngestRequest {
  std::optional<std::string> authorization;  // the Authorization header, when sent
  std::string content_type;                  // "" when absent
  std::string content_encoding;              // "" when absent (identity)
  std::string_view body;                     // as received
};

// 200 stored|duplicate (after the store's write returned), 400 malformed, 401 token, 403 read token,
// 413 too large, 415 media type or encoding, 503 store failure. Never throws for anything a client can send.
ApiResponse handle_ingest(const IngestRequest& request, const IngestSettings& settings, store::Store& store);

}  // namespace netkeel::server
