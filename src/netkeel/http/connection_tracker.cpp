#include "netkeel/http/connection_tracker.hpp"

#include <algorithm>

namespace netkeel::http {

ConnectionTracker::Admission ConnectionTracker::admit(const std::string& address) const {
  if (connections_.size() >= limits_.max_connections) return Admission::over_max_connections;
  const auto it = per_address_.find(address);
  if (it != per_address_.end() && it->second >= limits_.max_connections_per_address) {
    return Admission::over_address_limit;
  }
  return Admission::admitted;
}

ConnectionTracker::Id ConnectionTracker::opened(const std::string& address, int fd, TimePoint now) {
  const Id id = next_id_++;
  Connection& connection = connections_[id];
  connection.address = address;
  connection.fd = fd;
  ++per_address_[address];
  set_deadline(connection, now + limits_.request_read_timeout);
  deadlines_.emplace(*connection.deadline, id);
  return id;
}

void ConnectionTracker::set_deadline(Connection& connection, std::optional<TimePoint> deadline) {
  // The multimap entry of the old deadline is dropped lazily: overdue() skips entries that no longer match.
  connection.deadline = deadline;
}

void ConnectionTracker::request_received(Id id) {
  const auto it = connections_.find(id);
  if (it != connections_.end()) set_deadline(it->second, std::nullopt);
}

void ConnectionTracker::awaiting_request(Id id, TimePoint now) {
  const auto it = connections_.find(id);
  if (it == connections_.end()) return;
  // A kept-alive client (an agent shipping every 10 s, Prometheus scraping every 15 s) may wait up to
  // the idle timeout before its next request; cutting it off sooner would only make it reconnect.
  const auto idle = std::chrono::duration_cast<std::chrono::milliseconds>(limits_.idle_timeout);
  set_deadline(it->second, now + std::max(limits_.request_read_timeout, idle));
  deadlines_.emplace(*it->second.deadline, id);
}

void ConnectionTracker::closed(Id id) {
  const auto it = connections_.find(id);
  if (it == connections_.end()) return;
  const auto address = per_address_.find(it->second.address);
  if (address != per_address_.end() && --address->second == 0) per_address_.erase(address);
  connections_.erase(it);
}

std::vector<int> ConnectionTracker::overdue(TimePoint now) {
  std::vector<int> sockets;
  while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
    const auto [deadline, id] = *deadlines_.begin();
    deadlines_.erase(deadlines_.begin());
    const auto it = connections_.find(id);
    if (it == connections_.end() || it->second.deadline != deadline) continue;  // closed, or a newer deadline
    it->second.deadline.reset();
    sockets.push_back(it->second.fd);
  }
  return sockets;
}

std::optional<ConnectionTracker::TimePoint> ConnectionTracker::next_deadline() const {
  // Stale entries may come first; an early wake-up costs one look, and overdue() then drops them.
  if (deadlines_.empty()) return std::nullopt;
  return deadlines_.begin()->first;
}

}  // namespace netkeel::http
