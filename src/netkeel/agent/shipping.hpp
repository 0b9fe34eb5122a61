#pragma once
// Everything `netkeel agent --server URL` adds: the spool, the sequence, the HTTP client, the shipper
// and its thread, put together. The agent loop calls ship() once per report interval; it never blocks.
#include <memory>
#include <string>

#include "netkeel/agent/agent_snapshot.hpp"
#include "netkeel/agent/bounded_queue.hpp"
#include "netkeel/agent/sequence_file.hpp"
#include "netkeel/agent/shipper.hpp"
#include "netkeel/agent/shipper_thread.hpp"
#include "netkeel/agent/shipping_options.hpp"
#include "netkeel/agent/spool.hpp"
#include "netkeel/core/clock.hpp"
#include "netkeel/http/http_client.hpp"

namespace netkeel::agent {

class Shipping {
 public:
  // Reads the token, opens the spool (replaying what an earlier run left) and starts the shipper
  // thread. Throws UsageError (token file, URL) or RuntimeError (spool directory). The clock's wall time
  // is the batches' time base; its monotonic time paces retries.
  Shipping(const ShippingOptions& options, const Clock& clock);
  ~Shipping();

  // Turns the snapshot into a batch and hands it to the shipper thread.
  void ship(const AgentSnapshot& snapshot);
  // The shipper's figures now (AgentSnapshot::shipping: the netkeel_agent_* families).
  ShippingCounters counters() const;
  std::string metrics_text() const;  // those families as Prometheus text

 private:
  const Clock& clock_;
  std::unique_ptr<http::HttpClient> client_;
  std::unique_ptr<Spool> spool_;
  std::unique_ptr<SequenceFile> sequence_;
  std::unique_ptr<Shipper> shipper_;
  BoundedQueue<store::Batch> queue_;
  std::unique_ptr<ShipperThread> thread_;  // last: stops first
};

// Checks --server (or `flag`): http://HOST[:PORT][/PREFIX] or https://...; throws UsageError naming the value.
void check_server_url(const std::string& url, const std::string& flag = "--server");

// With --server: a valid URL and a readable --token-file with a token on its first line. Throws
// UsageError naming the flag, the value and the fix; the CLI calls it before anything starts. The TLS
// files must fit the URL (http::check_tls_client_files).
void check_shipping_options(const ShippingOptions& options);

}  // namespace netkeel::agent
