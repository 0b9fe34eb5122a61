#pragma once
// Sends spooled batches to `netkeel server`, oldest first (docs/agent.md, "Shipping"). A batch leaves
// the spool only after a 200 (the server has stored it durably) or when the server says it will never
// take it (400, 413, 415); otherwise it stays and the shipper retries with capped exponential backoff
// and jitter (retry_backoff.hpp).
// Owns no thread: ShipperThread drives it; unit tests call it directly with a fake clock and client.
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "netkeel/agent/log_line.hpp"
#include "netkeel/agent/retry_backoff.hpp"
#include "netkeel/agent/sequence_file.hpp"
#include "netkeel/agent/shipping_counters.hpp"
#include "netkeel/agent/spool.hpp"
#include "netkeel/core/clock.hpp"
#include "netkeel/http/http_client.hpp"
#include "netkeel/store/batch.hpp"

namespace netkeel::agent {

struct ShipperOptions {
  std::string server_url;                            // --server, e.g. http://10.10.0.1:9948
  std::function<std::string()> read_token;           // the bearer token; read again after a 401
  std::chrono::milliseconds request_timeout{5000};   // per POST
  Nanoseconds first_backoff = std::chrono::milliseconds(100);
  Nanoseconds max_backoff = std::chrono::seconds(10);
  double backoff_jitter = kDefaultBackoffJitter;     // each delay within [step * (1 - jitter), step]
  UnitRandom random = seeded_unit_random(0);         // the jitter's source; the agent seeds it per host
  std::size_t max_decompressed_bytes = 64u << 20;    // a spooled batch larger than this is corrupt
};

class Shipper {
 public:
  Shipper(ShipperOptions options, Spool& spool, SequenceFile& sequence, http::HttpClient& client, const Clock& clock,
          LogLine log);

  // Gives the batch the next sequence and spools it durably (gzip of the wire JSON). Throws
  // RuntimeError when the spool cannot be written.
  std::uint64_t spool_batch(store::Batch batch);

  // Sends the oldest spooled batch when one is due. Returns true when it made progress (a batch
  // delivered, dropped or set aside) so the caller may call again at once.
  bool ship_one();

  // When ship_one() has something to do: now when a batch waits and no backoff runs, the end of the
  // backoff, or nothing when the spool is empty.
  std::optional<SteadyTime> next_attempt() const;

  ShippingCounters counters() const;  // safe to call from any thread
  void count_queue_drop();

 private:
  http::Request request_for(const std::string& body);
  void record_failure(const std::string& reason, const std::string& detail);
  void update_gauges();

  ShipperOptions options_;
  std::string url_;
  std::string token_;
  Spool& spool_;
  SequenceFile& sequence_;
  http::HttpClient& client_;
  const Clock& clock_;
  LogLine log_;
  RetryBackoff backoff_;
  std::optional<SteadyTime> retry_at_;  // set while backing off
  std::string failing_reason_;          // "" while shipping works; logs only transitions
  std::uint64_t failed_attempts_ = 0;   // since the last success

  mutable std::mutex counters_mutex_;
  ShippingCounters counters_;
};

}  // namespace netkeel::agent
