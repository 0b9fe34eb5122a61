#include "netkeel/server/api_server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <exception>

#include <nlohmann/json.hpp>

#include "netkeel/core/error.hpp"
#include "netkeel/server/access_check.hpp"
#include "netkeel/server/events_handler.hpp"
#include "netkeel/server/hosts_handler.hpp"
#include "netkeel/server/in_network_namespace.hpp"
#include "netkeel/server/matrix_handler.hpp"
#include "netkeel/server/range_query_handler.hpp"
#include "netkeel/server/tls_context.hpp"

namespace netkeel::server {
namespace {

// cpp-httplib (Debian builds it with zlib) inflates gzip request bodies by itself, with no cap on the
// output. netkeel inflates with a cap (the zip-bomb guard), so the header is moved out of its sight
// before the body is read, and the ingest handler reads it back from here.
constexpr const char* kHiddenContentEncoding = "X-Netkeel-Content-Encoding";

constexpr const char* kEndpoints =
    "POST /api/v1/batches, GET /api/v1/query_range, GET /api/v1/matrix, GET /api/v1/hosts, "
    "GET /api/v1/events, GET /api/v1/health";

void send(httplib::Response& res, const ApiResponse& response) {
  res.status = response.status;
  for (const auto& [name, value] : response.headers) res.set_header(name, value);
  res.set_content(response.body, "application/json");
}

std::string describe_request(const httplib::Request& req) {
  return req.method + " " + req.path + " from " + req.remote_addr;
}

std::optional<std::string> authorization_of(const httplib::Request& req) {
  if (!req.has_header("Authorization")) return std::nullopt;
  return req.get_header_value("Authorization");
}

// A plain server, or one whose every connection starts with a TLS handshake. The TLS files are checked
// here, so a bad one fails the constructor before any socket is bound.
std::unique_ptr<httplib::Server> make_http_server(const std::optional<ServerTlsFiles>& tls) {
  if (!tls) return std::make_unique<httplib::Server>();
  std::exception_ptr failure;
  auto server = std::make_unique<httplib::SSLServer>([&](SSL_CTX& context) {
    try {
      configure_tls_context(context, *tls);
      return true;
    } catch (...) {  // cpp-httplib frees the context when this returns false; the reason is rethrown below
      failure = std::current_exception();
      return false;
    }
  });
  if (failure) std::rethrow_exception(failure);
  if (!server->is_valid()) throw RuntimeError("TLS: OpenSSL cannot create a server context");
  return server;
}

}  // namespace

ApiServer::ApiServer(store::Store& store, ApiServerOptions options) : store_(store), options_(std::move(options)) {
  if (options_.listen.empty()) throw UsageError("no listen address: give --listen HOST:PORT or --listen-in");
  if (!options_.now_ms) {
    options_.now_ms = [] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
    };
  }
  try {
    for (const ListenAddress& address : options_.listen) {
      auto server = make_http_server(options_.tls);
      configure(*server);
      int port = -1;
      const auto bind = [&] {
        port = address.port == 0 ? server->bind_to_any_port(address.host)
                                 : (server->bind_to_port(address.host, address.port) ? address.port : -1);
      };
      if (address.netns.empty()) {
        bind();
      } else {
        run_in_network_namespace(address.netns, bind);
      }
      if (port < 0) {
        throw RuntimeError("cannot listen on " + address.describe() +
                           ": the address is in use or not on this host (namespace): pick another --listen");
      }
      ListenAddress bound = address;
      bound.port = port;
      bound_.push_back(bound);
      servers_.push_back(std::move(server));
    }
  } catch (...) {
    servers_.clear();  // closes the sockets already bound
    throw;
  }
  for (auto& server : servers_) threads_.emplace_back([s = server.get()] { s->listen_after_bind(); });
  // cpp-httplib's stop() does nothing before its loop has started (it would then run forever), so the
  // constructor returns only once every listener runs; the sockets already accept connections anyway.
  // Bounded, in case a loop ends at once (then stop() has nothing to stop either).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  for (auto& server : servers_) {
    while (!server->is_running() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
}

ApiServer::~ApiServer() { stop(); }

void ApiServer::stop() {
  for (auto& server : servers_) server->stop();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

void ApiServer::configure(httplib::Server& server) {
  const IngestLimits& limits = options_.ingest.limits;
  server.set_payload_max_length(limits.max_body_bytes);
  // cpp-httplib's default also sets SO_REUSEPORT, which lets a second server bind the same port and
  // silently take half the connections; a taken port must be an error instead.
  server.set_socket_options([](int socket) {
    const int yes = 1;
    ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });

  server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
    // The Request object is a mutable local of cpp-httplib's connection loop; only its view is const.
    auto& headers = const_cast<httplib::Request&>(req).headers;
    headers.erase(kHiddenContentEncoding);
    std::vector<std::string> encodings;
    for (auto [it, end] = headers.equal_range("Content-Encoding"); it != end; ++it) encodings.push_back(it->second);
    headers.erase("Content-Encoding");
    for (const auto& encoding : encodings) headers.emplace(kHiddenContentEncoding, encoding);
    return httplib::Server::HandlerResponse::Unhandled;
  });

  server.Post("/api/v1/batches", [this, &limits](const httplib::Request& req, httplib::Response& res,
                                                 const httplib::ContentReader& read_content) {
    std::string body;
    bool over_limit = false;
    const bool complete = read_content([&](const char* data, std::size_t length) {
      if (body.size() + length > limits.max_body_bytes) {
        over_limit = true;
        return false;
      }
      body.append(data, length);
      return true;
    });
    ApiResponse response;
    if (over_limit || res.status == 413) {
      response = error_response(413, "body is over the limit of " + std::to_string(limits.max_body_bytes) +
                                         " bytes: send smaller batches or raise the server's --max-body-bytes");
    } else if (!complete) {
      response = error_response(400, "the request body could not be read (truncated, or bad chunked encoding)");
    } else {
      IngestRequest request;
      request.authorization = authorization_of(req);
      request.content_type = req.get_header_value("Content-Type");
      if (req.get_header_value_count(kHiddenContentEncoding) > 1) {
        response = error_response(415, "Content-Encoding is given twice: give it once (gzip or identity)");
      }
      request.content_encoding = req.get_header_value(kHiddenContentEncoding);
      request.body = body;
      if (response.status == 200) response = handle_ingest(request, options_.ingest, store_);
    }
    if (response.status != 200 && options_.log) options_.log(describe_request(req) + ": " + std::to_string(response.status) + " " + response.body);
    if (response.status == 413 || !complete) res.set_header("Connection", "close");  // the rest of the body is unread
    send(res, response);
  });
  server.Get("/api/v1/batches", [](const httplib::Request&, httplib::Response& res) {
    send(res, error_response(405, "GET /api/v1/batches: batches are sent with POST (docs/api.md)"));
  });

  using QueryHandler = ApiResponse (*)(const QueryParameters&, store::Store&, store::TimestampMs);
  const auto query_route = [&](const char* path, QueryHandler handler) {
    server.Get(path, [this, handler](const httplib::Request& req, httplib::Response& res) {
      const auto refused = check_access(authorization_of(req), options_.ingest.tokens, Permission::query);
      const ApiResponse response = refused ? *refused : handler(req.params, store_, options_.now_ms());
      if (response.status != 200 && options_.log) options_.log(describe_request(req) + ": " + std::to_string(response.status) + " " + response.body);
      send(res, response);
    });
  };
  query_route("/api/v1/query_range", &handle_range_query);
  query_route("/api/v1/matrix", &handle_matrix);
  query_route("/api/v1/hosts", &handle_hosts);
  query_route("/api/v1/events", &handle_events);
  // Open without a token: liveness checkers (systemd, load balancers) have none, and it tells nothing.
  server.Get("/api/v1/health", [](const httplib::Request&, httplib::Response& res) {
    send(res, json_response(200, nlohmann::json{{"status", "ok"}}));
  });

  // Whatever cpp-httplib answers by itself (404, 413 on Content-Length, 400 on a broken request line)
  // gets a JSON body too.
  server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string message;
    switch (res.status) {
      case 404: message = "no endpoint " + req.method + " " + req.path + ": the endpoints are " + kEndpoints; break;
      case 413: message = "body is over the server's size limit: send smaller batches or raise --max-body-bytes"; break;
      case 415: message = "unsupported Content-Encoding: send gzip or identity"; break;
      default: message = "bad request (" + std::to_string(res.status) + "): see docs/api.md"; break;
    }
    send(res, error_response(res.status, message));
    return httplib::Server::HandlerResponse::Handled;
  }));
  server.set_exception_handler([this](const httplib::Request& req, httplib::Response& res, std::exception_ptr e) {
    std::string what = "unknown error";
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      what = ex.what();
    } catch (...) {
    }
    if (options_.log) options_.log(describe_request(req) + ": 500 " + what);
    send(res, error_response(500, "internal error: " + what));
  });
}

}  // namespace netkeel::server
