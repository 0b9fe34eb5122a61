#pragma once
// What one destination still has to receive, bounded: one entry per alert (a newer version of an alert
// replaces the one waiting), at most `capacity` entries, the oldest dropped first. So a dead destination
// costs at most `capacity` alerts of memory however long it stays dead, and when it comes back it gets
// each alert's latest state, not a backlog. Not thread-safe: its owner locks.
#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

#include "netkeel/analyze/outgoing_alert.hpp"

namespace netkeel::analyze {

class PendingAlerts {
 public:
  explicit PendingAlerts(std::size_t capacity);

  // Returns how many alerts were dropped to stay within capacity.
  std::size_t add(const std::vector<OutgoingAlert>& alerts);

  // Everything waiting, oldest first; the queue is then empty.
  std::vector<OutgoingAlert> take_all();

  // Puts back what a failed delivery took, behind nothing: an alert with a newer version waiting is not
  // put back, and the put-back ones are the first dropped. Returns how many were dropped.
  std::size_t put_back(const std::vector<OutgoingAlert>& alerts);

  std::size_t size() const { return by_fingerprint_.size(); }
  std::size_t capacity() const { return capacity_; }

 private:
  struct Entry {
    OutgoingAlert alert;
    std::int64_t order;
  };
  void insert(const OutgoingAlert& alert, std::int64_t order);
  std::size_t drop_over_capacity();

  std::size_t capacity_;
  std::map<std::uint64_t, Entry> by_fingerprint_;
  std::map<std::int64_t, std::uint64_t> by_order_;  // oldest first
  std::int64_t next_back_ = 0;    // order of the next added alert
  std::int64_t next_front_ = -1;  // order of the next put-back alert
};

}  // namespace netkeel::analyze
