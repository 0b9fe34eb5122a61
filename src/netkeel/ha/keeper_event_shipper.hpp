#pragma once
// Health changes and VIP releases as events the server stores with the rest (`netkeel events`): the
// keeper posts them to the server's ingest API (POST /api/v1/batches, the agents' wire format and site
// token) as event-only batches. Their batch id names "netkeel-keeper@<host>" (the events themselves name
// the host), so they never count as the host's agent reporting, and its sequence is the send time in
// Unix ms (at least one more than the last), as the server's own events do: unique across restarts
// without a sequence file. Events wait in memory (at most 1000, oldest dropped first) until a post is
// answered 200; a 400/413 drops the batch (the server will never take it).
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "netkeel/core/clock.hpp"
#include "netkeel/http/http_client.hpp"
#include "netkeel/store/batch.hpp"

namespace netkeel::ha {

std::string keeper_event_agent(const std::string& host);  // "netkeel-keeper@<host>"

class KeeperEventShipper {
 public:
  static constexpr std::size_t kMaxPending = 1000;
  // SERVER_URL "": events are not shipped (add() only counts them).
  KeeperEventShipper(std::unique_ptr<http::HttpClient> client, std::string server_url, std::string token,
                     std::string host, const Clock& clock);

  // KIND: health_change or vip_release (docs/keep.md, "Events").
  void add(const std::string& kind, const std::string& text);
  // Posts what is pending as one batch; returns the number of events the server took. Never throws.
  std::size_t ship();

  std::size_t pending() const;
  std::uint64_t dropped_total() const;
  std::string last_error() const;

 private:
  std::unique_ptr<http::HttpClient> client_;
  std::string url_, token_, host_;
  const Clock& clock_;
  mutable std::mutex mutex_;
  std::vector<store::Event> pending_;
  std::uint64_t sequence_ = 0;
  std::uint64_t dropped_total_ = 0;
  std::string last_error_;
};

}  // namespace netkeel::ha
