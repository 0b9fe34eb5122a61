#pragma once
// The HTTP/1.1 server behind `netkeel server` and the agent's /metrics: libmicrohttpd with one epoll
// event loop per listening socket, so a connection costs a few KB and no thread however slowly its
// client sends (cpp-httplib blocked a worker per connection: 8 header tricklers starved every request).
// On top of libmicrohttpd it adds what a hostile client must not get around:
//   - caps on connections, in total and per client address (ConnectionLimits), checked at accept;
//   - a whole-request read deadline: a connection still reading its request (TLS handshake included)
//     after request_read_timeout is shut down, however steadily it trickles;
//   - the head checked before the body: a route's check_head (the token) and its body limit against
//     Content-Length answer before any body byte is read, and the connection closes after such an
//     answer, so an unread body is never parsed as a next request; conflicting Content-Lengths are 400;
//   - handlers that may take time run on a small worker pool while their connection is suspended, so
//     the loop keeps answering everyone else (/health answers on the loop itself);
//   - TCP_NODELAY on every connection, each answer written in one piece.
// Refusals and closures are counted by reason (counts()).
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "netkeel/http/connection_counters.hpp"
#include "netkeel/http/connection_limits.hpp"
#include "netkeel/http/connection_tracker.hpp"
#include "netkeel/http/http_route.hpp"
#include "netkeel/http/http_server_tls.hpp"
#include "netkeel/http/listening_socket.hpp"
#include "netkeel/http/worker_pool.hpp"

struct MHD_Daemon;
struct MHD_Connection;

namespace netkeel::http {

struct HttpServerOptions {
  ConnectionLimits limits;
  std::optional<HttpServerTls> tls;  // nothing = plain HTTP
  std::vector<HttpRoute> routes;
  // The answer when no route has the request's method and path (a 404 or 405 naming the endpoints).
  std::function<HttpReply(const HttpRequest&)> no_route;
  // The answer to a request head that breaks HTTP framing (conflicting Content-Lengths, ...).
  std::function<HttpReply(const std::string& problem)> bad_framing;
  // The answer when the worker queue is full (503).
  std::function<HttpReply()> busy;
  // The answer when a handler throws (500 with the reason); empty: a plain-text 500.
  std::function<HttpReply(const HttpRequest&, const std::string& what)> internal_error;
  std::size_t worker_threads = 2;
  std::function<void(const std::string&)> log;  // libmicrohttpd's own errors; may be empty
};

class HttpServer {
 public:
  // Serves on every socket given (bound and listening; the server owns them from here). Throws
  // RuntimeError when libmicrohttpd cannot start (e.g. the TLS PEM is refused by GnuTLS).
  HttpServer(std::vector<ListeningSocket> sockets, HttpServerOptions options);
  ~HttpServer();  // stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Stops accepting, lets the requests in progress finish, closes every connection. Safe to call twice.
  void stop();

  ConnectionCounts counts() const { return counters_.snapshot(); }

  struct RequestState;  // one request in progress
  struct Callbacks;     // libmicrohttpd's callbacks, with its exact signatures (http_server.cpp)
  friend struct Callbacks;

 private:
  void reap_overdue_connections();
  bool client_certificate_verified(MHD_Connection* connection) const;

  HttpServerOptions options_;
  ConnectionCounters counters_;
  std::mutex tracker_mutex_;
  std::condition_variable tracker_changed_;
  ConnectionTracker tracker_;
  bool stopping_ = false;
  std::atomic<bool> serving_{false};  // every daemon started
  std::unique_ptr<WorkerPool> workers_;
  std::vector<MHD_Daemon*> daemons_;
  std::thread reaper_;
};

}  // namespace netkeel::http
