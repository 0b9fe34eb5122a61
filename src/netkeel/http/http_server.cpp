#include "netkeel/http/http_server.hpp"

#include <arpa/inet.h>
#include <gnutls/gnutls.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <exception>

#include "netkeel/core/error.hpp"

namespace netkeel::http {

struct HttpServer::RequestState {
  HttpRequest request;
  const HttpRoute* route = nullptr;
  ConnectionTracker::Id connection = 0;
  bool answered = false;                // a reply was queued (from the head, or a body over the limit)
  bool over_limit = false;              // a chunked body grew past the route's limit: refused at its end
  bool dispatched = false;              // the handler was given to a worker
  std::optional<HttpReply> reply;       // the worker's answer, queued when the connection resumes
};

namespace {

using Clock = std::chrono::steady_clock;

// TLS 1.2 and 1.3 only, as the OpenSSL checks of the files require.
constexpr const char* kTlsPriorities = "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:%SERVER_PRECEDENCE";

std::string address_text(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = "?";
  if (address == nullptr) return text;
  if (address->sa_family == AF_INET) {
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text, sizeof text);
  } else if (address->sa_family == AF_INET6) {
    ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text, sizeof text);
  }
  return text;
}

int port_of(const sockaddr* address) {
  if (address == nullptr) return 0;
  if (address->sa_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(address)->sin_port);
  if (address->sa_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(address)->sin6_port);
  return 0;
}

const sockaddr* client_address(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  return info == nullptr ? nullptr : info->client_addr;
}

ConnectionTracker::Id connection_id(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return info == nullptr ? 0 : reinterpret_cast<ConnectionTracker::Id>(info->socket_context);
}

// The whole reply in one buffer handed to libmicrohttpd (no copy), which sends head and body together.
MHD_Result queue_reply(MHD_Connection* connection, HttpReply reply, bool close) {
  auto* body = new std::string(std::move(reply.body));
  MHD_Response* response = MHD_create_response_from_buffer_with_free_callback_cls(
      body->size(), body->data(), [](void* owned) { delete static_cast<std::string*>(owned); }, body);
  if (response == nullptr) {
    delete body;
    return MHD_NO;
  }
  if (!reply.content_type.empty()) MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, reply.content_type.c_str());
  for (const auto& [name, value] : reply.headers) MHD_add_response_header(response, name.c_str(), value.c_str());
  if (close) MHD_add_response_header(response, MHD_HTTP_HEADER_CONNECTION, "close");
  const MHD_Result queued = MHD_queue_response(connection, static_cast<unsigned int>(reply.status), response);
  MHD_destroy_response(response);
  return queued;
}

MHD_Result collect_header(void* headers, MHD_ValueKind, const char* key, const char* value) {
  static_cast<std::vector<std::pair<std::string, std::string>>*>(headers)->emplace_back(key, value ? value : "");
  return MHD_YES;
}

MHD_Result collect_argument(void* query, MHD_ValueKind, const char* key, const char* value) {
  static_cast<std::multimap<std::string, std::string>*>(query)->emplace(key, value ? value : "");
  return MHD_YES;
}

// A problem with how the head frames the body, which a proxy in front could read differently (request
// smuggling): "" when there is none.
std::string framing_problem(const HttpRequest& request) {
  const auto lengths = request.header_values("Content-Length");
  for (const auto& length : lengths) {
    if (length != lengths.front()) return "conflicting Content-Length headers (" + lengths.front() + ", " + length + ")";
  }
  if (!lengths.empty() && request.header("Transfer-Encoding")) {
    return "both Content-Length and Transfer-Encoding are given";
  }
  return "";
}

// What the head announces: the declared length, nothing for chunked (or no body).
struct AnnouncedBody {
  bool any = false;
  std::optional<std::uint64_t> length;
};

AnnouncedBody announced_body(const HttpRequest& request) {
  AnnouncedBody body;
  if (const auto length = request.header("Content-Length")) {
    body.length = std::strtoull(length->c_str(), nullptr, 10);
    body.any = *body.length > 0;
  }
  if (request.header("Transfer-Encoding")) body.any = true;
  return body;
}

// libmicrohttpd only asks for a client certificate; this makes the handshake itself fail without one
// signed by the client CA, so the client learns it in the TLS alert (curl then names --client-cert).
int verify_client_certificate(gnutls_session_t session) {
  unsigned int status = 0;
  if (gnutls_certificate_verify_peers2(session, &status) != GNUTLS_E_SUCCESS || status != 0) {
    return GNUTLS_E_CERTIFICATE_ERROR;
  }
  return 0;
}

// Once the ClientHello is in: libmicrohttpd has set the session up by then (asking, not requiring).
int require_at_client_hello(gnutls_session_t session, unsigned int, unsigned int, unsigned int, const gnutls_datum_t*) {
  gnutls_certificate_server_set_request(session, GNUTLS_CERT_REQUIRE);
  return 0;
}

void require_client_certificate(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_GNUTLS_SESSION);
  if (info == nullptr || info->tls_session == nullptr) return;  // refused at the first request instead
  const auto session = static_cast<gnutls_session_t>(info->tls_session);
  gnutls_handshake_set_hook_function(session, GNUTLS_HANDSHAKE_CLIENT_HELLO, GNUTLS_HOOK_POST, &require_at_client_hello);
  gnutls_session_set_verify_function(session, &verify_client_certificate);
}

}  // namespace

struct HttpServer::Callbacks {
  static MHD_Result accept_policy(void* cls, const sockaddr* address, socklen_t) {
    auto& server = *static_cast<HttpServer*>(cls);
    std::lock_guard lock(server.tracker_mutex_);
    switch (server.tracker_.admit(address_text(address))) {
      case ConnectionTracker::Admission::admitted: return MHD_YES;
      case ConnectionTracker::Admission::over_max_connections:
        server.counters_.count(ConnectionCounters::Reason::over_max_connections);
        return MHD_NO;
      case ConnectionTracker::Admission::over_address_limit:
        server.counters_.count(ConnectionCounters::Reason::over_address_limit);
        return MHD_NO;
    }
    return MHD_NO;
  }

  static void notify_connection(void* cls, MHD_Connection* connection, void** socket_context,
                                MHD_ConnectionNotificationCode event) {
    auto& server = *static_cast<HttpServer*>(cls);
    if (event == MHD_CONNECTION_NOTIFY_STARTED) {
      const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
      const int fd = info == nullptr ? -1 : info->connect_fd;
      if (fd >= 0) {
        // Answers go out at once, not held back by Nagle until the client acknowledges an earlier segment.
        const int yes = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
      }
      if (server.options_.tls && !server.options_.tls->client_ca_pem.empty()) require_client_certificate(connection);
      std::lock_guard lock(server.tracker_mutex_);
      const bool reaper_idle = !server.tracker_.next_deadline();
      *socket_context = reinterpret_cast<void*>(server.tracker_.opened(address_text(client_address(connection)), fd, Clock::now()));
      if (reaper_idle) server.tracker_changed_.notify_one();
    } else if (event == MHD_CONNECTION_NOTIFY_CLOSED) {
      std::lock_guard lock(server.tracker_mutex_);
      server.tracker_.closed(reinterpret_cast<ConnectionTracker::Id>(*socket_context));
    }
  }

  static void request_completed(void* cls, MHD_Connection* connection, void** request_context,
                                MHD_RequestTerminationCode reason) {
    auto& server = *static_cast<HttpServer*>(cls);
    delete static_cast<RequestState*>(*request_context);
    *request_context = nullptr;
    if (reason != MHD_REQUEST_TERMINATED_COMPLETED_OK) return;  // the connection closes
    std::lock_guard lock(server.tracker_mutex_);
    const bool reaper_idle = !server.tracker_.next_deadline();
    server.tracker_.awaiting_request(connection_id(connection), Clock::now());
    if (reaper_idle) server.tracker_changed_.notify_one();
  }

  static void log(void* cls, const char* format, va_list arguments) {
    auto& server = *static_cast<HttpServer*>(cls);
    // Only what libmicrohttpd says while starting (a certificate GnuTLS refuses, ...): once serving, it
    // would log every hostile client's mistake, and an attacker could flood the log that way.
    if (!server.options_.log || server.serving_) return;
    char line[512];
    std::vsnprintf(line, sizeof line, format, arguments);
    std::string text = line;
    while (!text.empty() && text.back() == '\n') text.pop_back();
    server.options_.log(text);
  }

  static MHD_Result access_handler(void* cls, MHD_Connection* connection, const char* url, const char* method,
                                   const char*, const char* upload_data, std::size_t* upload_data_size,
                                   void** request_context) {
    auto& server = *static_cast<HttpServer*>(cls);
    if (*request_context == nullptr) return server_start_request(server, connection, url, method, request_context);
    auto& state = *static_cast<RequestState*>(*request_context);
    if (*upload_data_size > 0) return body_data(server, state, upload_data, upload_data_size);
    if (state.answered) return MHD_YES;
    if (state.over_limit) {
      state.answered = true;
      {
        std::lock_guard lock(server.tracker_mutex_);
        server.tracker_.request_received(state.connection);
      }
      return queue_reply(connection, state.route->body_too_large(state.request), true);
    }
    if (state.reply) {
      state.answered = true;
      return queue_reply(connection, std::move(*state.reply), false);
    }
    if (state.dispatched) return MHD_YES;
    return dispatch(server, connection, state);
  }

  // The head is complete, no body byte read yet: everything that can be refused from it is refused here.
  static MHD_Result server_start_request(HttpServer& server, MHD_Connection* connection, const char* url,
                                         const char* method, void** request_context) {
    if (server.options_.tls && !server.options_.tls->client_ca_pem.empty() && !server.client_certificate_verified(connection)) {
      server.counters_.count(ConnectionCounters::Reason::client_certificate);
      return MHD_NO;  // closes the connection: no answer to a client the CA did not certify
    }
    auto state = std::make_unique<RequestState>();
    HttpRequest& request = state->request;
    request.method = method;
    request.path = url;
    MHD_get_connection_values(connection, MHD_HEADER_KIND, &collect_header, &request.headers);
    MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, &collect_argument, &request.query);
    const sockaddr* peer = client_address(connection);
    const std::string address = address_text(peer);
    request.peer = (address.find(':') != std::string::npos ? "[" + address + "]" : address) + ":" + std::to_string(port_of(peer));
    state->connection = connection_id(connection);
    for (const HttpRoute& route : server.options_.routes) {
      if (route.method == request.method && route.path == request.path) state->route = &route;
    }

    const AnnouncedBody body = announced_body(request);
    std::optional<HttpReply> early;
    if (const std::string problem = framing_problem(request); !problem.empty()) {
      early = server.options_.bad_framing(problem);
    } else if (state->route == nullptr) {
      early = server.options_.no_route(request);
    } else if (state->route->check_head) {
      early = state->route->check_head(request);
    }
    if (!early) {
      // A declared length over the limit is refused unread; a chunked body is counted as it comes,
      // unless the route takes none at all.
      const std::size_t limit = state->route->max_body_bytes;
      const bool over_limit = body.length ? *body.length > limit : (body.any && limit == 0);
      if (over_limit) {
        early = state->route->body_too_large
                    ? state->route->body_too_large(request)
                    : HttpReply{413, "text/plain; charset=utf-8", request.method + " " + request.path + " takes no request body\n", {}};
      }
    }
    RequestState& kept = *state;
    *request_context = state.release();
    if (!early) return MHD_YES;
    kept.answered = true;
    if (early->status >= 400) server.counters_.count(ConnectionCounters::Reason::before_body);
    {
      std::lock_guard lock(server.tracker_mutex_);
      server.tracker_.request_received(kept.connection);
    }
    // The body, if one was announced, stays unread: the connection closes after this answer, so none of
    // it can be taken for a next request.
    return queue_reply(connection, std::move(*early), body.any);
  }

  // libmicrohttpd cannot queue an answer while a body streams in, so a chunked body over the limit is
  // discarded to its end (bounded by the read deadline; no worker waits on it) and then refused, with the
  // connection closed after the refusal.
  static MHD_Result body_data(HttpServer& server, RequestState& state, const char* data, std::size_t* size) {
    if (!state.answered && !state.over_limit) {
      if (state.request.body.size() + *size > state.route->max_body_bytes) {
        state.over_limit = true;
        server.counters_.count(ConnectionCounters::Reason::body_over_limit);
        std::string().swap(state.request.body);
      } else {
        state.request.body.append(data, *size);
      }
    }
    // After an answer from the head, only bytes that arrived with the head are handed here: libmicrohttpd
    // reads no further, and closes the connection after the answer.
    *size = 0;
    return MHD_YES;
  }

  static MHD_Result dispatch(HttpServer& server, MHD_Connection* connection, RequestState& state) {
    {
      std::lock_guard lock(server.tracker_mutex_);
      server.tracker_.request_received(state.connection);
    }
    const HttpRoute& route = *state.route;
    if (!route.on_worker) {
      state.answered = true;
      return queue_reply(connection, run_handler(server, route, state.request), false);
    }
    state.dispatched = true;
    MHD_suspend_connection(connection);
    const bool queued = server.workers_->submit([&server, &state, &route, connection] {
      state.reply = run_handler(server, route, state.request);
      MHD_resume_connection(connection);
    });
    if (!queued) {
      server.counters_.count(ConnectionCounters::Reason::busy);
      state.reply = server.options_.busy();
      MHD_resume_connection(connection);
    }
    return MHD_YES;
  }

  static HttpReply run_handler(const HttpServer& server, const HttpRoute& route, const HttpRequest& request) {
    std::string what = "unknown error";
    try {
      return route.handle(request);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    if (server.options_.internal_error) return server.options_.internal_error(request, what);
    return HttpReply{500, "text/plain; charset=utf-8", "internal error: " + what + "\n", {}};
  }
};

bool HttpServer::client_certificate_verified(MHD_Connection* connection) const {
  const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_GNUTLS_SESSION);
  if (info == nullptr || info->tls_session == nullptr) return false;
  unsigned int status = 0;
  const int result = gnutls_certificate_verify_peers2(static_cast<gnutls_session_t>(info->tls_session), &status);
  return result == GNUTLS_E_SUCCESS && status == 0;
}

HttpServer::HttpServer(std::vector<ListeningSocket> sockets, HttpServerOptions options)
    : options_(std::move(options)), tracker_(options_.limits) {
  if (!options_.no_route || !options_.bad_framing || !options_.busy) {
    throw RuntimeError("HttpServer: no_route, bad_framing and busy answers are required");
  }
  for (const HttpRoute& route : options_.routes) {
    if (!route.handle || (route.max_body_bytes > 0 && !route.body_too_large)) {
      throw RuntimeError("HttpServer: route " + route.method + " " + route.path + " lacks a handler or a 413 answer");
    }
  }
  workers_ = std::make_unique<WorkerPool>(options_.worker_threads, options_.limits.max_queued_requests);
  unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
  if (options_.tls) flags |= MHD_USE_TLS;
  try {
    for (ListeningSocket& socket : sockets) {
      std::vector<MHD_OptionItem> items = {
          // First: libmicrohttpd logs through its own logger (and says so) about any option before this one.
          {MHD_OPTION_EXTERNAL_LOGGER, reinterpret_cast<intptr_t>(&Callbacks::log), this},
          {MHD_OPTION_LISTEN_SOCKET, socket.fd(), nullptr},
          // Our own caps run first (accept_policy); this one is only a backstop.
          {MHD_OPTION_CONNECTION_LIMIT, static_cast<intptr_t>(options_.limits.max_connections + 1), nullptr},
          {MHD_OPTION_CONNECTION_TIMEOUT, static_cast<intptr_t>(options_.limits.idle_timeout.count()), nullptr},
          {MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<intptr_t>(options_.limits.max_head_bytes), nullptr},
          {MHD_OPTION_NOTIFY_CONNECTION, reinterpret_cast<intptr_t>(&Callbacks::notify_connection), this},
          {MHD_OPTION_NOTIFY_COMPLETED, reinterpret_cast<intptr_t>(&Callbacks::request_completed), this},
          {MHD_OPTION_STRICT_FOR_CLIENT, 1, nullptr},
      };
      if (options_.tls) {
        items.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, const_cast<char*>(options_.tls->certificate_pem.c_str())});
        items.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, const_cast<char*>(options_.tls->key_pem.c_str())});
        items.push_back({MHD_OPTION_HTTPS_PRIORITIES, 0, const_cast<char*>(kTlsPriorities)});
        if (!options_.tls->client_ca_pem.empty()) {
          items.push_back({MHD_OPTION_HTTPS_MEM_TRUST, 0, const_cast<char*>(options_.tls->client_ca_pem.c_str())});
        }
      }
      items.push_back({MHD_OPTION_END, 0, nullptr});
      MHD_Daemon* daemon = MHD_start_daemon(flags, 0, &Callbacks::accept_policy, this, &Callbacks::access_handler,
                                            this, MHD_OPTION_ARRAY, items.data(), MHD_OPTION_END);
      if (daemon == nullptr) {
        throw RuntimeError(std::string("cannot serve HTTP") + (options_.tls ? "S" : "") + " on port " +
                           std::to_string(socket.port()) + ": libmicrohttpd refused to start" +
                           (options_.tls ? " (GnuTLS did not accept the certificate or key)" : ""));
      }
      socket.release();  // libmicrohttpd owns it now
      daemons_.push_back(daemon);
    }
  } catch (...) {
    stop();
    throw;
  }
  serving_ = true;
  reaper_ = std::thread([this] { reap_overdue_connections(); });
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::stop() {
  std::vector<int> listeners;
  for (MHD_Daemon* daemon : daemons_) {
    const MHD_socket listener = MHD_quiesce_daemon(daemon);  // no new connections from here
    if (listener != MHD_INVALID_SOCKET) listeners.push_back(listener);
  }
  if (workers_) workers_->stop();  // the requests in progress finish and their connections resume
  {
    std::lock_guard lock(tracker_mutex_);
    stopping_ = true;
  }
  tracker_changed_.notify_all();
  if (reaper_.joinable()) reaper_.join();
  for (MHD_Daemon* daemon : daemons_) MHD_stop_daemon(daemon);
  daemons_.clear();
  for (const int listener : listeners) ::close(listener);
}

void HttpServer::reap_overdue_connections() {
  std::unique_lock lock(tracker_mutex_);
  while (!stopping_) {
    for (const int fd : tracker_.overdue(Clock::now())) {
      // The event loop sees the connection end and closes it; the socket stays valid until then, as the
      // tracker forgets it (under this lock) before libmicrohttpd closes it.
      if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
      counters_.count(ConnectionCounters::Reason::request_read_timeout);
    }
    if (const auto next = tracker_.next_deadline()) {
      tracker_changed_.wait_until(lock, *next);
    } else {
      tracker_changed_.wait(lock);
    }
  }
}

}  // namespace netkeel::http
