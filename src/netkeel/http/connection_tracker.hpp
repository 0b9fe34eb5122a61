#pragma once
// The bookkeeping behind HttpServer's connection limits, without sockets or clocks (time is passed in):
// which connections are open from which address (admission against the caps), and which are still
// reading a request past their read deadline. Not thread-safe: HttpServer holds a lock around it.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "netkeel/http/connection_limits.hpp"

namespace netkeel::http {

class ConnectionTracker {
 public:
  using Id = std::uint64_t;
  using TimePoint = std::chrono::steady_clock::time_point;
  enum class Admission { admitted, over_max_connections, over_address_limit };

  explicit ConnectionTracker(const ConnectionLimits& limits) : limits_(limits) {}

  // Whether one more connection from `address` fits under the caps.
  Admission admit(const std::string& address) const;
  // An accepted connection on socket `fd`: its first request is due by now + request_read_timeout.
  Id opened(const std::string& address, int fd, TimePoint now);
  // The request is whole (or answered from its head): no read deadline while it is handled and answered.
  void request_received(Id id);
  // The answer went out and the connection stays open: the next request is due by now + the longer of
  // request_read_timeout and idle_timeout.
  void awaiting_request(Id id, TimePoint now);
  void closed(Id id);

  // Sockets of the connections whose request is overdue at `now`, each given once (the caller closes
  // them; closed() follows when the server lets go of the connection).
  std::vector<int> overdue(TimePoint now);
  // The earliest read deadline still pending; nothing when no connection is reading.
  std::optional<TimePoint> next_deadline() const;

  std::size_t open_connections() const { return connections_.size(); }

 private:
  struct Connection {
    std::string address;
    int fd = -1;
    std::optional<TimePoint> deadline;  // while reading a request
  };
  void set_deadline(Connection& connection, std::optional<TimePoint> deadline);

  ConnectionLimits limits_;
  Id next_id_ = 1;
  std::unordered_map<Id, Connection> connections_;
  std::unordered_map<std::string, std::size_t> per_address_;
  std::multimap<TimePoint, Id> deadlines_;
};

}  // namespace netkeel::http
