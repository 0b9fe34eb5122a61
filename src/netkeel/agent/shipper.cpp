#include "netkeel/agent/shipper.hpp"

#include <fmt/format.h>

#include "netkeel/agent/ship_decision.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/http/gzip.hpp"
#include "netkeel/store/batch_post.hpp"
#include "netkeel/store/batch_wire.hpp"

namespace netkeel::agent {
namespace {

std::string excerpt(const std::string& text) {
  constexpr std::size_t limit = 300;
  return text.size() <= limit ? text : text.substr(0, limit) + "...";
}

}  // namespace

Shipper::Shipper(ShipperOptions options, Spool& spool, SequenceFile& sequence, http::HttpClient& client,
                 const Clock& clock, LogLine log)
    : options_(std::move(options)),
      url_(store::batches_url(options_.server_url)),
      token_(options_.read_token ? options_.read_token() : std::string()),
      spool_(spool),
      sequence_(sequence),
      client_(client),
      clock_(clock),
      log_(std::move(log)),
      backoff_(options_.first_backoff, options_.max_backoff, options_.backoff_jitter, options_.random) {
  update_gauges();
}

std::uint64_t Shipper::spool_batch(store::Batch batch) {
  batch.id.sequence = sequence_.take();
  const std::string body = http::gzip_compress(store::encode_batch_json(batch));
  spool_.push(batch.id.sequence, body);
  update_gauges();
  return batch.id.sequence;
}

http::Request Shipper::request_for(const std::string& body) {
  return store::batch_post_request(url_, token_, body, options_.request_timeout);
}

std::optional<SteadyTime> Shipper::next_attempt() const {
  if (spool_.batch_count() == 0) return std::nullopt;
  return retry_at_ ? *retry_at_ : clock_.now();
}

bool Shipper::ship_one() {
  const auto head = spool_.oldest();
  if (!head) return false;
  if (retry_at_ && clock_.now() < *retry_at_) return false;

  // A spooled file is checked before it is sent: a torn or damaged file must not block the queue
  // behind it forever, nor reach the server as a batch it would reject for a reason it cannot name.
  std::string body;
  try {
    body = spool_.read(*head);
    const store::Batch batch = store::decode_batch_json(http::gzip_decompress(body, options_.max_decompressed_bytes));
    if (batch.id.sequence != head->sequence) {
      throw std::invalid_argument(fmt::format("it holds batch {} under the name of batch {}", batch.id.sequence, head->sequence));
    }
  } catch (const std::exception& error) {
    spool_.set_aside(head->sequence, error.what());
    update_gauges();
    return true;
  }

  http::Response response;
  try {
    response = client_.send(request_for(body));
  } catch (const RuntimeError& error) {
    record_failure(decide_after_no_response().reason, error.what());
    retry_at_ = clock_.now() + backoff_.next_delay();
    return false;
  }

  const ShipDecision decision = decide_after_status(response.status);
  switch (decision.verdict) {
    case ShipVerdict::delivered:
      spool_.remove(head->sequence);
      {
        std::lock_guard lock(counters_mutex_);
        ++counters_.shipped_batches;
      }
      if (!failing_reason_.empty()) {
        log_(fmt::format("shipping to {} works again after {} failed attempts; {} spooled batches follow in order", url_,
                         failed_attempts_, spool_.batch_count()));
      }
      failing_reason_.clear();
      failed_attempts_ = 0;
      backoff_.reset();
      retry_at_.reset();
      update_gauges();
      return true;
    case ShipVerdict::dropped:
      // The server is there and said no for good: count and log every such batch, then go on.
      log_(fmt::format("dropped batch {}: {} answered {}: {}", head->sequence, url_, response.status, excerpt(response.body)));
      spool_.remove(head->sequence);
      {
        std::lock_guard lock(counters_mutex_);
        ++counters_.failures[decision.reason];
      }
      backoff_.reset();
      retry_at_.reset();
      update_gauges();
      return true;
    case ShipVerdict::retry:
      record_failure(decision.reason, fmt::format("{} answered {}: {}", url_, response.status, excerpt(response.body)));
      if ((response.status == 401 || response.status == 403) && options_.read_token) {
        try {
          token_ = options_.read_token();  // the operator may have fixed --token-file meanwhile
        } catch (const std::exception& error) {
          log_(std::string("cannot read the token file again: ") + error.what());
        }
      }
      retry_at_ = clock_.now() + backoff_.next_delay();
      return false;
  }
  return false;
}

void Shipper::record_failure(const std::string& reason, const std::string& detail) {
  {
    std::lock_guard lock(counters_mutex_);
    ++counters_.failures[reason];
  }
  ++failed_attempts_;
  if (reason != failing_reason_) {  // log the change, not every retry
    log_(fmt::format("cannot ship to {} ({}): {}; keeping {} spooled batches and retrying with backoff", url_, reason,
                     detail, spool_.batch_count()));
    failing_reason_ = reason;
  }
}

void Shipper::update_gauges() {
  std::lock_guard lock(counters_mutex_);
  counters_.spool_batches = spool_.batch_count();
  counters_.spool_bytes = spool_.total_bytes();
  counters_.spool_dropped_batches = spool_.dropped_total();
  counters_.spool_corrupt_batches = spool_.set_aside_total();
  counters_.corrupt_files = spool_.corrupt().files();
  counters_.corrupt_bytes = spool_.corrupt().bytes();
  counters_.corrupt_trimmed_files = spool_.corrupt().trimmed_total();
}

ShippingCounters Shipper::counters() const {
  std::lock_guard lock(counters_mutex_);
  return counters_;
}

void Shipper::count_queue_drop() {
  std::lock_guard lock(counters_mutex_);
  ++counters_.queue_dropped_batches;
}

}  // namespace netkeel::agent
