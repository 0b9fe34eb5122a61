#pragma once
// How many connections an HttpServer holds and for how long (docs/server.md, docs/agent.md list the
// flags and what a client sees at each limit).
#include <chrono>
#include <cstddef>

namespace netkeel::http {

struct ConnectionLimits {
  // Connections open at once, all listeners together; one more is closed right after accept.
  std::size_t max_connections = 1024;
  // Connections open at once from one client address; one more is closed right after accept.
  std::size_t max_connections_per_address = 64;
  // Time to deliver a whole request (TLS handshake, headers and body), counted from the accept. Past it
  // the connection is closed: a client trickling bytes cannot hold it, however steadily it sends. On a
  // kept-alive connection the next request is due within the longer of this and idle_timeout from the
  // end of the previous answer.
  std::chrono::milliseconds request_read_timeout{10000};
  // A connection with no traffic at all for this long is closed (a client that stops reading an answer).
  std::chrono::seconds idle_timeout{30};
  // Requests waiting for a worker thread; one more gets 503 at once.
  std::size_t max_queued_requests = 256;
  // Bytes per connection for the request head (request line and headers); a larger head gets 431/414.
  std::size_t max_head_bytes = 32 * 1024;
};

}  // namespace netkeel::http
