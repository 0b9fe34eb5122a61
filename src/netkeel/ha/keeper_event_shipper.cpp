#include "netkeel/ha/keeper_event_shipper.hpp"

#include <algorithm>

#include "netkeel/core/error.hpp"
#include "netkeel/http/gzip.hpp"
#include "netkeel/store/batch_post.hpp"
#include "netkeel/store/batch_wire.hpp"
#include "netkeel/store/event_senders.hpp"

namespace netkeel::ha {

std::string keeper_event_agent(const std::string& host) { return store::kKeeperEventSenderPrefix + host; }

KeeperEventShipper::KeeperEventShipper(std::unique_ptr<http::HttpClient> client, std::string server_url,
                                       std::string token, std::string host, const Clock& clock)
    : client_(std::move(client)), token_(std::move(token)), host_(std::move(host)), clock_(clock) {
  if (!server_url.empty()) url_ = store::batches_url(std::move(server_url));
}

void KeeperEventShipper::add(const std::string& kind, const std::string& text) {
  std::lock_guard lock(mutex_);
  // The server refuses longer texts (store::kMaxEventTextBytes); a reason chain is rarely near it.
  pending_.push_back({unix_milliseconds(clock_.wall_now()), host_, kind, text.substr(0, 4000)});
  if (pending_.size() > kMaxPending) {
    const std::size_t excess = pending_.size() - kMaxPending;
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(excess));
    dropped_total_ += excess;
  }
}

std::size_t KeeperEventShipper::ship() {
  std::vector<store::Event> events;
  store::Batch batch;
  {
    std::lock_guard lock(mutex_);
    if (url_.empty() || pending_.empty()) return 0;
    events = pending_;
    sequence_ = std::max<std::uint64_t>(sequence_ + 1, std::uint64_t(std::max<std::int64_t>(
                                                            0, unix_milliseconds(clock_.wall_now()))));
    batch.id = {keeper_event_agent(host_), sequence_};
  }
  batch.events = events;
  const http::Request request = store::batch_post_request(
      url_, token_, http::gzip_compress(store::encode_batch_json(batch)), std::chrono::milliseconds(2000));
  std::string error;
  bool forget = false;
  try {
    const http::Response response = client_->send(request);
    // As the agent's shipper decides (agent/ship_decision.hpp): 200 stored, 400/413 never will be.
    forget = response.status == 200 || response.status == 400 || response.status == 413;
    if (response.status != 200)
      error = url_ + " answered HTTP " + std::to_string(response.status) + ": " + response.body.substr(0, 200);
  } catch (const std::exception& e) {
    error = e.what();
  }
  std::lock_guard lock(mutex_);
  last_error_ = error;
  if (!forget) return 0;
  // Events added while the post was under way stay pending.
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(std::min(events.size(), pending_.size())));
  if (!error.empty()) {
    dropped_total_ += events.size();
    return 0;
  }
  return events.size();
}

std::size_t KeeperEventShipper::pending() const {
  std::lock_guard lock(mutex_);
  return pending_.size();
}

std::uint64_t KeeperEventShipper::dropped_total() const {
  std::lock_guard lock(mutex_);
  return dropped_total_;
}

std::string KeeperEventShipper::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

}  // namespace netkeel::ha
