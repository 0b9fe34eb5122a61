#include "netkeel/server/ingest_handler.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "netkeel/http/gzip.hpp"
#include "netkeel/server/access_check.hpp"
#include "netkeel/store/batch_wire.hpp"
#include "netkeel/store/invalid_batch.hpp"

namespace netkeel::server {
namespace {

// "Application/JSON; charset=utf-8" -> "application/json"
std::string media_type(std::string_view header) {
  header = header.substr(0, header.find(';'));
  while (!header.empty() && std::isspace(static_cast<unsigned char>(header.front()))) header.remove_prefix(1);
  while (!header.empty() && std::isspace(static_cast<unsigned char>(header.back()))) header.remove_suffix(1);
  std::string lower(header);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower;
}

std::string mib(std::size_t bytes) { return std::to_string(bytes) + " bytes"; }

}  // namespace

ApiResponse handle_ingest(const IngestRequest& request, const IngestSettings& settings, store::Store& store) {
  if (auto refused = check_access(request.authorization, settings.tokens, Permission::ingest)) return *refused;
  if (request.body.size() > settings.limits.max_body_bytes) {
    return error_response(413, "body of " + mib(request.body.size()) + " is over the limit of " +
                                   mib(settings.limits.max_body_bytes) +
                                   ": send smaller batches or raise the server's --max-body-bytes");
  }
  const std::string type = media_type(request.content_type);
  if (type != "application/json") {
    return error_response(415, (type.empty() ? std::string("missing Content-Type")
                                             : "Content-Type '" + request.content_type + "' is not supported") +
                                   ": send Content-Type: application/json");
  }
  const std::string encoding = media_type(request.content_encoding);
  std::string inflated;
  std::string_view json = request.body;
  if (encoding == "gzip" || encoding == "x-gzip") {
    try {
      inflated = http::gzip_decompress(request.body, settings.limits.max_decompressed_bytes);
    } catch (const http::GzipTooLarge& e) {
      return error_response(413, std::string("Content-Encoding gzip: ") + e.what() +
                                     ": send smaller batches or raise the server's --max-decompressed-bytes");
    } catch (const http::CorruptGzip& e) {
      return error_response(400, std::string("Content-Encoding gzip: body is not valid gzip: ") + e.what());
    }
    json = inflated;
  } else if (!encoding.empty() && encoding != "identity") {
    return error_response(415, "Content-Encoding '" + request.content_encoding +
                                   "' is not supported: send gzip or identity (or no Content-Encoding)");
  } else if (request.body.size() > settings.limits.max_decompressed_bytes) {
    return error_response(413, "body of " + mib(request.body.size()) + " is over the decompressed limit of " +
                                   mib(settings.limits.max_decompressed_bytes) + ": send smaller batches");
  }
  store::Batch batch;
  try {
    batch = store::decode_batch_json(json);
  } catch (const store::InvalidBatch& e) {
    return error_response(400, std::string("malformed batch: ") + e.what());
  }
  store::WriteOutcome outcome;
  try {
    outcome = store.write(batch);
  } catch (const store::InvalidBatch& e) {
    return error_response(400, std::string("the store refused the batch: ") + e.what());
  } catch (const std::exception& e) {
    return error_response(503, "store failure, batch " + store::describe(batch.id) + " was not stored: " +
                                   e.what() + ": the agent keeps it and retries");
  }
  return json_response(200, nlohmann::json{{"outcome", outcome == store::WriteOutcome::stored ? "stored" : "duplicate"},
                                           {"batch", store::describe(batch.id)},
                                           {"samples", batch.samples.size()}});
}

}  // namespace netkeel::server
