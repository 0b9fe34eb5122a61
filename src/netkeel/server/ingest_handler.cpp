#include "netkeel/server/ingest_handler.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <limits>

#include <nlohmann/json.hpp>

#include "netkeel/http/gzip.hpp"
#include "netkeel/server/access_check.hpp"
#include "netkeel/core/duration.hpp"
#include "netkeel/store/batch_wire.hpp"
#include "netkeel/store/invalid_batch.hpp"
#include "netkeel/store/sending_host_label.hpp"

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

// The answer and what it is counted as: the reason of a refusal, or the write's outcome and samples.
struct Outcome {
  ApiResponse response;
  std::optional<IngestRejection> rejection;
  store::WriteOutcome written = store::WriteOutcome::stored;
  std::size_t samples = 0;
};

Outcome refuse(IngestRejection reason, int status, const std::string& message) {
  return {error_response(status, message), reason};
}

// a + b, held at the int64 range instead of overflowing.
store::TimestampMs saturating_add(store::TimestampMs a, std::int64_t b) {
  store::TimestampMs sum = 0;
  if (!__builtin_add_overflow(a, b, &sum)) return sum;
  return b > 0 ? std::numeric_limits<store::TimestampMs>::max() : std::numeric_limits<store::TimestampMs>::min();
}

// 2026-12-07T09:41:00Z, for a time in years 0 .. 9999.
std::string utc_text(store::TimestampMs ms) {
  constexpr store::TimestampMs kYear10000 = 253402300800000;
  constexpr store::TimestampMs kYear0 = -62167219200000;
  if (ms >= kYear10000) return "after the year 9999";
  if (ms < kYear0) return "before the year 0";
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000 - (ms % 1000 < 0 ? 1 : 0));
  std::tm tm{};
  char text[32];
  if (gmtime_r(&seconds, &tm) == nullptr || std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
    return std::to_string(ms) + " ms";
  }
  return text;
}

// The first sample or event outside [now - age, now + ahead], named by its place in the wire form
// ("samples[12][1]", "events[0].t_ms"), or nothing.
std::optional<std::string> timestamp_outside_window(const store::Batch& batch, store::TimestampMs now,
                                                    const IngestLimits& limits) {
  const store::TimestampMs oldest = limits.max_sample_age_ms > 0 ? saturating_add(now, -limits.max_sample_age_ms)
                                                                 : std::numeric_limits<store::TimestampMs>::min();
  const store::TimestampMs newest = limits.max_sample_ahead_ms > 0 ? saturating_add(now, limits.max_sample_ahead_ms)
                                                                   : std::numeric_limits<store::TimestampMs>::max();
  const auto outside = [&](store::TimestampMs t) { return t < oldest || t > newest; };
  std::size_t count = 0;
  std::string first;
  store::TimestampMs first_t = 0;
  for (std::size_t i = 0; i < batch.samples.size(); ++i) {
    if (!outside(batch.samples[i].timestamp_ms)) continue;
    if (count++ == 0) {
      first = "samples[" + std::to_string(i) + "][1]";
      first_t = batch.samples[i].timestamp_ms;
    }
  }
  for (std::size_t i = 0; i < batch.events.size(); ++i) {
    if (!outside(batch.events[i].timestamp_ms)) continue;
    if (count++ == 0) {
      first = "events[" + std::to_string(i) + "].t_ms";
      first_t = batch.events[i].timestamp_ms;
    }
  }
  if (count == 0) return std::nullopt;
  const std::string behind =
      limits.max_sample_age_ms > 0 ? format_duration_ms(limits.max_sample_age_ms) + " behind" : "any time behind";
  const std::string ahead =
      limits.max_sample_ahead_ms > 0 ? format_duration_ms(limits.max_sample_ahead_ms) + " ahead of" : "any time ahead of";
  return first + ": timestamp " + std::to_string(first_t) + " (" + utc_text(first_t) + ") is " +
         (first_t > newest ? "after" : "before") + " the window the server accepts, " +
         (limits.max_sample_age_ms > 0 ? utc_text(oldest) : std::string("any time")) + " to " +
         (limits.max_sample_ahead_ms > 0 ? utc_text(newest) : std::string("any time")) + " (" + behind + " to " +
         ahead + " its clock; --max-sample-age, --max-sample-ahead)" +
         (count > 1 ? ", and " + std::to_string(count - 1) + " more samples or events are outside it" : "") +
         ": set the agent's clock right (NTP); the batch was not stored";
}

Outcome ingest(const IngestRequest& request, const IngestSettings& settings, store::Store& store) {
  if (auto refused = check_access(request.authorization, settings.tokens, Permission::ingest)) {
    const IngestRejection reason = refused->status == 403 ? IngestRejection::forbidden : IngestRejection::unauthorized;
    return {std::move(*refused), reason};
  }
  if (request.body.size() > settings.limits.max_body_bytes) {
    return refuse(IngestRejection::too_large, 413,
                  "body of " + mib(request.body.size()) + " is over the limit of " +
                      mib(settings.limits.max_body_bytes) +
                      ": send smaller batches or raise the server's --max-body-bytes");
  }
  const std::string type = media_type(request.content_type);
  if (type != "application/json") {
    return refuse(IngestRejection::unsupported, 415,
                  (type.empty() ? std::string("missing Content-Type")
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
      return refuse(IngestRejection::too_large, 413,
                    std::string("Content-Encoding gzip: ") + e.what() +
                        ": send smaller batches or raise the server's --max-decompressed-bytes");
    } catch (const http::CorruptGzip& e) {
      return refuse(IngestRejection::bad_encoding, 400,
                    std::string("Content-Encoding gzip: body is not valid gzip: ") + e.what());
    }
    json = inflated;
  } else if (!encoding.empty() && encoding != "identity") {
    return refuse(IngestRejection::unsupported, 415,
                  "Content-Encoding '" + request.content_encoding +
                      "' is not supported: send gzip or identity (or no Content-Encoding)");
  } else if (request.body.size() > settings.limits.max_decompressed_bytes) {
    return refuse(IngestRejection::too_large, 413,
                  "body of " + mib(request.body.size()) + " is over the decompressed limit of " +
                      mib(settings.limits.max_decompressed_bytes) + ": send smaller batches");
  }
  store::Batch batch;
  try {
    batch = store::decode_batch_json(json);
  } catch (const store::BatchOverLimit& e) {
    return refuse(e.limit() == store::BatchOverLimit::Limit::nesting ? IngestRejection::too_deep
                                                                     : IngestRejection::too_long,
                  400, std::string("malformed batch: ") + e.what());
  } catch (const store::InvalidBatch& e) {
    return refuse(IngestRejection::malformed, 400, std::string("malformed batch: ") + e.what());
  }
  if (request.now_ms) {
    if (auto outside = timestamp_outside_window(batch, *request.now_ms, settings.limits)) {
      return refuse(IngestRejection::timestamp_out_of_window, 400,
                    "batch " + store::describe(batch.id) + ": " + *outside);
    }
  }
  store::label_series_with_sending_host(batch);
  store::WriteOutcome outcome;
  try {
    outcome = store.write(batch);
  } catch (const store::InvalidBatch& e) {
    return refuse(IngestRejection::store_refused, 400, std::string("the store refused the batch: ") + e.what());
  } catch (const std::exception& e) {
    return refuse(IngestRejection::store_failure, 503,
                  "store failure, batch " + store::describe(batch.id) + " was not stored: " + e.what() +
                      ": the agent keeps it and retries");
  }
  if (outcome == store::WriteOutcome::stored && settings.on_stored) settings.on_stored(batch);
  return {json_response(200, nlohmann::json{{"outcome", outcome == store::WriteOutcome::stored ? "stored" : "duplicate"},
                                            {"batch", store::describe(batch.id)},
                                            {"samples", batch.samples.size()}}),
          std::nullopt, outcome, batch.samples.size()};
}

}  // namespace

ApiResponse handle_ingest(const IngestRequest& request, const IngestSettings& settings, store::Store& store) {
  Outcome outcome = ingest(request, settings, store);
  if (IngestCounters* counters = settings.counters.get()) {
    if (outcome.rejection) {
      counters->reject(*outcome.rejection);
    } else if (outcome.written == store::WriteOutcome::stored) {
      counters->stored_batches.fetch_add(1, std::memory_order_relaxed);
      counters->stored_samples.fetch_add(outcome.samples, std::memory_order_relaxed);
    } else {
      counters->duplicate_batches.fetch_add(1, std::memory_order_relaxed);
    }
  }
  return std::move(outcome.response);
}

}  // namespace netkeel::server
