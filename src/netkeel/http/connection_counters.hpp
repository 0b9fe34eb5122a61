#pragma once
// Connections and requests an HttpServer refused or closed, by reason, counted since it started
// (atomic: the event loop counts while anyone reads them, e.g. a /metrics page).
#include <atomic>
#include <cstdint>

namespace netkeel::http {

struct ConnectionCounts {
  std::uint64_t refused_over_max_connections = 0;  // closed at accept: --max-connections reached
  std::uint64_t refused_over_address_limit = 0;    // closed at accept: the address's connections reached
  std::uint64_t closed_request_read_timeout = 0;   // a request (or TLS handshake) not whole in time
  std::uint64_t refused_before_body = 0;           // answered from the head alone (token, length, framing)
  std::uint64_t refused_body_over_limit = 0;       // a chunked body grew past the route's limit
  std::uint64_t refused_busy = 0;                  // 503: the worker queue was full
  std::uint64_t refused_client_certificate = 0;    // closed: no client certificate signed by the client CA
};

class ConnectionCounters {
 public:
  enum class Reason {
    over_max_connections,
    over_address_limit,
    request_read_timeout,
    before_body,
    body_over_limit,
    busy,
    client_certificate
  };
  void count(Reason reason) { slot(reason).fetch_add(1, std::memory_order_relaxed); }
  ConnectionCounts snapshot() const;

 private:
  std::atomic<std::uint64_t>& slot(Reason reason) { return counts_[static_cast<int>(reason)]; }
  std::atomic<std::uint64_t> counts_[7] = {};
};

inline ConnectionCounts ConnectionCounters::snapshot() const {
  const auto at = [&](Reason reason) { return counts_[static_cast<int>(reason)].load(std::memory_order_relaxed); };
  return {at(Reason::over_max_connections), at(Reason::over_address_limit), at(Reason::request_read_timeout),
          at(Reason::before_body),          at(Reason::body_over_limit),    at(Reason::busy),
          at(Reason::client_certificate)};
}

}  // namespace netkeel::http
