#include "netkeel/server/api_server.hpp"

#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "netkeel/core/error.hpp"
#include "netkeel/core/prometheus_label.hpp"
#include "netkeel/http/http_server.hpp"
#include "netkeel/http/listening_socket.hpp"
#include "netkeel/server/access_check.hpp"
#include "netkeel/server/alerts_handler.hpp"
#include "netkeel/server/diagnose_handler.hpp"
#include "netkeel/server/diagnose_host_handler.hpp"
#include "netkeel/server/diagnose_pair_handler.hpp"
#include "netkeel/server/diagnose_vm_handler.hpp"
#include "netkeel/server/events_handler.hpp"
#include "netkeel/server/vips_handler.hpp"
#include "netkeel/server/hosts_handler.hpp"
#include "netkeel/server/in_network_namespace.hpp"
#include "netkeel/server/loopback_peer.hpp"
#include "netkeel/server/session_cookie.hpp"
#include "netkeel/server/sign_in_handler.hpp"
#include "netkeel/server/site_handler.hpp"
#include "netkeel/server/static_asset_reply.hpp"
#include "netkeel/server/server_metrics.hpp"
#include "netkeel/server/store_timings.hpp"
#include "netkeel/server/matrix_handler.hpp"
#include "netkeel/server/range_query_handler.hpp"
#include "netkeel/server/tls_context.hpp"

namespace netkeel::server {
namespace {

constexpr const char* kEndpoints =
    "POST /api/v1/batches, GET /api/v1/query_range, GET /api/v1/matrix, GET /api/v1/diagnose, GET /api/v1/diagnose/host, GET /api/v1/diagnose/pair, GET /api/v1/diagnose/vm, GET /api/v1/hosts, "
    "GET /api/v1/events, GET /api/v1/alerts, GET /api/v1/topology, GET /api/v1/vips, GET /api/v1/site, GET /api/v1/site/plan, "
    "GET /api/v1/site/history, GET /api/v1/site/version, GET /api/v1/health, POST /api/v1/sign-in, "
    "POST /api/v1/sign-out, GET /metrics, GET / (the dashboard)";

http::HttpReply reply_of(ApiResponse response) {
  return {response.status, "application/json", std::move(response.body), std::move(response.headers)};
}

std::string describe_request(const http::HttpRequest& request) {
  return request.method + " " + request.path + " from " + request.peer;
}

std::string read_pem(const std::string& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// The PEM texts for GnuTLS, after OpenSSL has checked the files (precise messages, before any bind).
http::HttpServerTls checked_tls(const ServerTlsFiles& files) {
  check_tls_files(files);
  return {read_pem(files.cert_file), read_pem(files.key_file),
          files.client_ca_file.empty() ? std::string() : read_pem(files.client_ca_file)};
}

const Clock& clock_of(const ApiServerOptions& options) {
  if (!options.clock) throw std::logic_error("ApiServer: no clock");
  return *options.clock;
}

}  // namespace

ApiServer::ApiServer(store::Store& store, ApiServerOptions options)
    : store_(store, store_timings_, clock_of(options)), options_(std::move(options)) {
  if (options_.listen.empty()) throw UsageError("no listen address: give --listen HOST:PORT or --listen-in");
  if (options_.alerts) {
    if (!options_.alerts->log) options_.alerts->log = options_.log;
    alerts_ = std::make_unique<AlertService>(store_, options_.clock, *options_.alerts);
    options_.ingest.on_stored = [alerts = alerts_.get()](const store::Batch& batch) { alerts->ingest(batch); };
  }
  http::HttpServerOptions server;
  if (options_.tls) server.tls = checked_tls(*options_.tls);
  server.limits = options_.connections;
  server.worker_threads = options_.worker_threads;
  server.log = [this](const std::string& line) {
    if (options_.log) options_.log("http: " + line);
  };

  // Every answer other than 200 is logged, with the request it answers.
  const auto logged = [this](const http::HttpRequest& request, ApiResponse response) {
    if (response.status != 200 && options_.log) {
      options_.log(describe_request(request) + ": " + std::to_string(response.status) + " " + response.body);
    }
    return reply_of(std::move(response));
  };
  const auto refused_by_token = [this, logged](Permission permission) {
    return [this, logged, permission](const http::HttpRequest& request) -> std::optional<http::HttpReply> {
      // Reads also take the dashboard's session cookie; batches only the Authorization header.
      if (permission == Permission::query && options_.dashboard_open && is_loopback_peer(request.peer)) return std::nullopt;
      const auto credential = permission == Permission::query
                                  ? presented_credential(request.header("Authorization"), request.header("Cookie"))
                                  : request.header("Authorization");
      const auto refused = check_access(credential, options_.ingest.tokens, permission);
      if (!refused) return std::nullopt;
      return logged(request, *refused);
    };
  };
  const std::size_t max_body = options_.ingest.limits.max_body_bytes;

  http::HttpRoute ingest;
  ingest.method = "POST";
  ingest.path = "/api/v1/batches";
  // A token refused from the head is an ingest refusal too: counted where handle_ingest counts its own.
  ingest.check_head = [this, by_token = refused_by_token(Permission::ingest)](const http::HttpRequest& request) {
    auto refused = by_token(request);
    if (refused) {
      options_.ingest.counters->reject(refused->status == 403 ? IngestRejection::forbidden : IngestRejection::unauthorized);
    }
    return refused;
  };
  ingest.max_body_bytes = max_body;
  ingest.body_too_large = [logged, max_body](const http::HttpRequest& request) {
    return logged(request, error_response(413, "body is over the limit of " + std::to_string(max_body) +
                                                   " bytes: send smaller batches or raise the server's --max-body-bytes"));
  };
  ingest.handle = [this, logged](const http::HttpRequest& request) {
    if (request.header_count("Content-Encoding") > 1) {
      return logged(request, error_response(415, "Content-Encoding is given twice: give it once (gzip or identity)"));
    }
    IngestRequest ingest_request;
    ingest_request.authorization = request.header("Authorization");
    ingest_request.content_type = request.header("Content-Type").value_or("");
    ingest_request.content_encoding = request.header("Content-Encoding").value_or("");
    ingest_request.body = request.body;
    ingest_request.now_ms = unix_milliseconds(options_.clock->wall_now());
    return logged(request, handle_ingest(ingest_request, options_.ingest, store_));
  };
  server.routes.push_back(std::move(ingest));

  http::HttpRoute batches_by_get;
  batches_by_get.method = "GET";
  batches_by_get.path = "/api/v1/batches";
  batches_by_get.on_worker = false;
  batches_by_get.handle = [logged](const http::HttpRequest& request) {
    return logged(request, error_response(405, "GET /api/v1/batches: batches are sent with POST (docs/api.md)"));
  };
  server.routes.push_back(std::move(batches_by_get));

  // A GET route for readers (the query permission), answered on a worker; answers other than 200 are logged.
  const auto read_route = [&](const char* path, std::function<ApiResponse(const http::HttpRequest&)> answer) {
    http::HttpRoute route;
    route.method = "GET";
    route.path = path;
    route.check_head = refused_by_token(Permission::query);
    route.handle = [logged, answer = std::move(answer)](const http::HttpRequest& request) {
      return logged(request, answer(request));
    };
    server.routes.push_back(std::move(route));
  };
  const auto query_context = [this] { return make_query_context(options_.query, *options_.clock); };
  using QueryHandler = ApiResponse (*)(const QueryParameters&, store::Store&, const QueryContext&);
  for (const auto& [path, handler] : {std::pair<const char*, QueryHandler>{"/api/v1/query_range", &handle_range_query},
                                      {"/api/v1/matrix", &handle_matrix},
                                      {"/api/v1/hosts", &handle_hosts},
                                      {"/api/v1/events", &handle_events}}) {
    read_route(path, [this, query_context, handler = handler](const http::HttpRequest& request) {
      return handler(request.query, store_, query_context());
    });
  }
  // The diagnose endpoints need the site's probe paths besides the store.
  using DiagnoseHandler =
      ApiResponse (*)(const QueryParameters&, store::Store&, const QueryContext&, const analyze::SiteProbePaths*);
  for (const auto& [path, handler] : {std::pair<const char*, DiagnoseHandler>{"/api/v1/diagnose", &handle_diagnose},
                                      {"/api/v1/diagnose/host", &handle_diagnose_host},
                                      {"/api/v1/diagnose/pair", &handle_diagnose_pair},
                                      {"/api/v1/diagnose/vm", &handle_diagnose_vm}}) {
    read_route(path, [this, query_context, handler = handler](const http::HttpRequest& request) {
      return handler(request.query, store_, query_context(), options_.probe_paths.get());
    });
  }
  read_route("/api/v1/alerts",
             [this](const http::HttpRequest& request) { return handle_alerts(request.query, alerts_.get()); });
  read_route("/api/v1/vips", [this, query_context](const http::HttpRequest& request) {
    // The served version's VIPs (a reload changes them); none without --site: the events alone.
    const auto site = options_.site ? options_.site->current() : nullptr;
    return handle_vips(request.query, store_, query_context(),
                       site ? site->planned_vips : std::vector<PlannedVip>{});
  });

  http::HttpRoute topology;
  topology.method = "GET";
  topology.path = "/api/v1/topology";
  topology.on_worker = false;  // a string made at start
  topology.check_head = refused_by_token(Permission::query);
  topology.handle = [this, logged](const http::HttpRequest& request) {
    if (options_.site) return reply_of(ApiResponse{200, options_.site->current()->topology_json, {}});
    if (!options_.topology_json) {
      return logged(request, error_response(404, "the server runs without --site, so it knows no topology: start it "
                                                 "with --site FILE to see switches, racks and cables"));
    }
    return reply_of(ApiResponse{200, *options_.topology_json, {}});
  };
  server.routes.push_back(std::move(topology));

  // The served site file (docs/server.md, "The site file, served"): agents and keepers poll it with the
  // token they ship batches with, so the query permission (read or site token) lets them in.
  using SiteAnswer = std::function<http::HttpReply(const ServedSite&, const http::HttpRequest&)>;
  const auto site_route = [&](const char* path, SiteAnswer answer) {
    http::HttpRoute route;
    route.method = "GET";
    route.path = path;
    route.check_head = refused_by_token(Permission::query);
    route.handle = [this, logged, answer](const http::HttpRequest& request) {
      if (!options_.site) {
        return logged(request, error_response(404, "the server runs without --site, so it serves no site file: start it "
                                                   "with --site FILE"));
      }
      http::HttpReply reply = answer(*options_.site, request);
      if (reply.status >= 400 && options_.log) options_.log(describe_request(request) + ": " + std::to_string(reply.status) + " " + reply.body);
      return reply;
    };
    server.routes.push_back(std::move(route));
  };
  site_route("/api/v1/site", [](const ServedSite& site, const http::HttpRequest& request) {
    return site_text_reply(*site.current(), request.header("If-None-Match"));
  });
  site_route("/api/v1/site/plan", [](const ServedSite& site, const http::HttpRequest& request) {
    return site_plan_reply(*site.current(), request.header("If-None-Match"));
  });
  site_route("/api/v1/site/history",
             [](const ServedSite& site, const http::HttpRequest&) { return site_history_reply(site); });
  site_route("/api/v1/site/version", [](const ServedSite& site, const http::HttpRequest& request) {
    return site_version_reply(request.query, site);
  });

  // The dashboard: its files from memory (web_assets.hpp), open without a token (they hold no data; the
  // API calls they make need one), and the sign-in that turns a token into the session cookie.
  for (const WebAsset& asset : embedded_web_assets()) {
    for (const std::string& path : asset.path == "index.html" ? std::vector<std::string>{"/", "/index.html"}
                                                               : std::vector<std::string>{"/" + std::string(asset.path)}) {
      http::HttpRoute route;
      route.method = "GET";
      route.path = path;
      route.on_worker = false;
      route.handle = [&asset](const http::HttpRequest& request) {
        return static_asset_reply(asset, request.header("If-None-Match"));
      };
      server.routes.push_back(std::move(route));
    }
  }
  constexpr std::size_t kMaxSignInBytes = 4096;
  http::HttpRoute sign_in;
  sign_in.method = "POST";
  sign_in.path = "/api/v1/sign-in";
  sign_in.on_worker = false;
  sign_in.max_body_bytes = kMaxSignInBytes;
  sign_in.body_too_large = [logged](const http::HttpRequest& request) {
    return logged(request, error_response(413, "the sign-in body is over 4096 bytes: send {\"token\": \"...\"}"));
  };
  sign_in.handle = [this, logged](const http::HttpRequest& request) {
    SignInRequest sign_in_request{request.header("Content-Type").value_or(""), request.body, request.header("Origin"),
                                  request.header("Host"), options_.tls.has_value()};
    return logged(request, handle_sign_in(sign_in_request, options_.ingest.tokens));
  };
  server.routes.push_back(std::move(sign_in));
  http::HttpRoute sign_out;
  sign_out.method = "POST";
  sign_out.path = "/api/v1/sign-out";
  sign_out.on_worker = false;
  sign_out.handle = [this](const http::HttpRequest&) { return reply_of(handle_sign_out(options_.tls.has_value())); };
  server.routes.push_back(std::move(sign_out));

  // Open without a token: liveness checkers (systemd, load balancers) have none, and it tells nothing.
  // Answered on the event loop, so it answers whatever the workers are doing.
  http::HttpRoute health;
  health.method = "GET";
  health.path = "/api/v1/health";
  health.on_worker = false;
  health.handle = [](const http::HttpRequest&) { return reply_of(json_response(200, nlohmann::json{{"status", "ok"}})); };
  server.routes.push_back(std::move(health));

  // The server's own counters for Prometheus; the read token suffices. Answered on the event loop: cheap,
  // and it must answer exactly when the workers are swamped.
  http::HttpRoute metrics;
  metrics.method = "GET";
  metrics.path = "/metrics";
  metrics.on_worker = false;
  metrics.check_head = refused_by_token(Permission::query);
  metrics.handle = [this](const http::HttpRequest&) {
    const http::ConnectionCounts connections = server_ ? server_->counts() : http::ConnectionCounts{};
    return http::HttpReply{200, "text/plain; version=0.0.4; charset=utf-8",
                           render_server_metrics(*options_.ingest.counters, connections,
                                                 options_.series_limit_rejections.get()) +
                               render_store_timings(store_timings_) + store_state_metrics() +
                               (alerts_ ? render_alert_metrics(alerts_->metrics()) : std::string()) +
                               (options_.site ? options_.site->metrics_text() : std::string()) +
                               (options_.extra_metrics ? options_.extra_metrics() : std::string()),
                           {}};
  };
  server.routes.push_back(std::move(metrics));

  server.no_route = [logged](const http::HttpRequest& request) {
    return logged(request, error_response(404, "no endpoint " + request.method + " " + request.path +
                                                   ": the endpoints are " + kEndpoints));
  };
  server.bad_framing = [this](const std::string& problem) {
    if (options_.log) options_.log("refused a request: 400 " + problem);
    return reply_of(error_response(400, "the request's body framing is ambiguous: " + problem +
                                            ": send one Content-Length, or Transfer-Encoding: chunked alone"));
  };
  server.internal_error = [logged](const http::HttpRequest& request, const std::string& what) {
    return logged(request, error_response(500, "internal error: " + what));
  };
  server.busy = [this] {
    if (options_.log) options_.log("refused a request: 503 the worker queue is full");
    return reply_of(error_response(503, "the server is busy (" + std::to_string(options_.connections.max_queued_requests) +
                                            " requests wait for a worker): retry in a moment"));
  };

  std::vector<http::ListeningSocket> sockets;
  for (const ListenAddress& address : options_.listen) {
    std::optional<http::ListeningSocket> socket;
    const auto bind = [&] {
      try {
        socket.emplace(address.host, address.port);
      } catch (const RuntimeError& e) {
        // The cause after "cannot listen on HOST:PORT: " is the system's; the address is named as given.
        const std::string what = e.what();
        const auto cause = what.find(": ");
        throw RuntimeError("cannot listen on " + address.describe() + ": " +
                           (cause == std::string::npos ? what : what.substr(cause + 2)) +
                           ": the address is in use or not on this host (namespace): pick another --listen");
      }
    };
    if (address.netns.empty()) {
      bind();
    } else {
      run_in_network_namespace(address.netns, bind);  // the socket belongs to that namespace for good
    }
    ListenAddress bound = address;
    bound.port = socket->port();
    bound_.push_back(bound);
    sockets.push_back(std::move(*socket));
  }
  server_ = std::make_unique<http::HttpServer>(std::move(sockets), std::move(server));
}

ApiServer::~ApiServer() { stop(); }

void ApiServer::stop() {
  if (server_) server_->stop();
  if (alerts_) alerts_->stop();
}

http::ConnectionCounts ApiServer::connection_counts() const { return server_->counts(); }

// The store's size, and one gauge per agent: how old its newest stored sample or event is (what
// /api/v1/hosts shows as age_s), so an alert rule on a scraper can find agents that stopped reporting.
// Each family is left out when the store does not answer.
std::string ApiServer::store_state_metrics() {
  std::string out;
  try {
    const std::uint64_t bytes = store_.size_bytes();
    out += "# HELP netkeel_server_store_bytes Bytes the stored data takes on disk.\n"
           "# TYPE netkeel_server_store_bytes gauge\n"
           "netkeel_server_store_bytes " + std::to_string(bytes) + "\n";
  } catch (const std::exception&) {
  }
  std::vector<store::HostLastSeen> hosts;
  try {
    hosts = store_.hosts();
  } catch (const std::exception&) {
    return out;
  }
  const double now_ms = static_cast<double>(unix_milliseconds(options_.clock->wall_now()));
  out +=
      "# HELP netkeel_server_agent_last_report_age_seconds Seconds since each agent's newest stored sample or "
      "event.\n# TYPE netkeel_server_agent_last_report_age_seconds gauge\n";
  for (const store::HostLastSeen& host : hosts) {
    if (!is_agent_host(host.host)) continue;
    out += fmt::format("netkeel_server_agent_last_report_age_seconds{{host=\"{}\"}} {:.3f}\n",
                       prometheus_label_value(host.host),
                       (now_ms - static_cast<double>(host.last_seen_ms)) / 1000.0);
  }
  return out;
}

}  // namespace netkeel::server
