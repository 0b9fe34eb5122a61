#include "netkeel/analyze/pending_alerts.hpp"

#include <algorithm>

namespace netkeel::analyze {

PendingAlerts::PendingAlerts(std::size_t capacity) : capacity_(std::max<std::size_t>(1, capacity)) {}

void PendingAlerts::insert(const OutgoingAlert& alert, std::int64_t order) {
  if (const auto found = by_fingerprint_.find(alert.fingerprint); found != by_fingerprint_.end()) {
    by_order_.erase(found->second.order);
    by_fingerprint_.erase(found);
  }
  by_fingerprint_.emplace(alert.fingerprint, Entry{alert, order});
  by_order_.emplace(order, alert.fingerprint);
}

std::size_t PendingAlerts::drop_over_capacity() {
  std::size_t dropped = 0;
  while (by_fingerprint_.size() > capacity_) {
    const auto oldest = by_order_.begin();
    by_fingerprint_.erase(oldest->second);
    by_order_.erase(oldest);
    ++dropped;
  }
  return dropped;
}

std::size_t PendingAlerts::add(const std::vector<OutgoingAlert>& alerts) {
  for (const auto& alert : alerts) insert(alert, next_back_++);
  return drop_over_capacity();
}

std::vector<OutgoingAlert> PendingAlerts::take_all() {
  std::vector<OutgoingAlert> all;
  all.reserve(by_order_.size());
  for (const auto& [order, fingerprint] : by_order_) all.push_back(std::move(by_fingerprint_.at(fingerprint).alert));
  by_fingerprint_.clear();
  by_order_.clear();
  return all;
}

std::size_t PendingAlerts::put_back(const std::vector<OutgoingAlert>& alerts) {
  // Newest of the failed first, so the oldest failed ends up frontmost and is dropped first.
  for (auto it = alerts.rbegin(); it != alerts.rend(); ++it) {
    if (!by_fingerprint_.contains(it->fingerprint)) insert(*it, next_front_--);
  }
  return drop_over_capacity();
}

}  // namespace netkeel::analyze
