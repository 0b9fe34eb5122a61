#pragma once
// The HTTP front end of `netkeel server`: one listening socket per --listen / --listen-in address, all
// serving the same endpoints (docs/api.md) through one event-driven http::HttpServer (libmicrohttpd), all
// over TLS when TLS files are given. Tokens and body limits are checked from the request head, before any
// body byte is read; queries and batches run on a few worker threads while the event loop keeps serving
// (/health answers from the loop itself). Handlers are the pure functions of ingest_handler.hpp,
// access_check.hpp and the query handlers; this file only wires them to routes.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "netkeel/analyze/probe_paths.hpp"
#include "netkeel/http/connection_counters.hpp"
#include "netkeel/http/connection_limits.hpp"
#include "netkeel/server/alert_service.hpp"
#include "netkeel/server/ingest_handler.hpp"
#include "netkeel/server/listen_address.hpp"
#include "netkeel/server/query_context.hpp"
#include "netkeel/server/served_site.hpp"
#include "netkeel/server/server_tls_files.hpp"
#include "netkeel/server/single_writer_store.hpp"
#include "netkeel/server/vip_states.hpp"
#include "netkeel/store/cardinality_limits.hpp"

namespace netkeel::http {
class HttpServer;
}

namespace netkeel::server {

struct ApiServerOptions {
  std::vector<ListenAddress> listen;  // at least one
  IngestSettings ingest;                                 // its tokens guard the query endpoints too
  std::optional<ServerTlsFiles> tls;                     // nothing = plain HTTP
  // Wall time for the ingest window and now-DURATION, monotonic time for query deadlines (tests: a FakeClock).
  std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>();
  QuerySettings query;                                   // the query deadline (--query-timeout)
  // --max-connections, --max-connections-per-address, --request-read-timeout, --idle-timeout
  http::ConnectionLimits connections;
  std::size_t worker_threads = 2;                        // run queries and batch writes (the store serialises writes)
  std::function<void(const std::string&)> log;          // one line per refused request; may be empty
  // The store's refusals by series limit, shown by GET /metrics; null: that family is left out.
  std::shared_ptr<const store::CardinalityRejections> series_limit_rejections;
  // The alert engine (docs/alerts.md): fed every stored batch, evaluated on `clock`, served at
  // GET /api/v1/alerts. Nothing: no engine (--no-alerts), and that endpoint answers 404.
  std::optional<AlertServiceOptions> alerts = AlertServiceOptions{};
  // The dashboard (docs/dashboard.md): --dashboard-open serves the query endpoints (and so the dashboard)
  // without a token to clients on loopback, as the lab's server does; never ingest.
  bool dashboard_open = false;
  // GET /api/v1/topology's answer (site_topology_json of --site); nothing: that endpoint answers 404.
  // With `site` set, the served version's topology is answered instead.
  std::optional<std::string> topology_json;
  // The served site file (--site): GET /api/v1/site, /site/plan, /site/history, /site/version (query or
  // site token), its reload counts on /metrics. Null: those endpoints answer 404.
  std::shared_ptr<const ServedSite> site;
  // GET /api/v1/diagnose's probe paths (probe_paths_by_network of --site); null: that endpoint answers 404.
  std::shared_ptr<const analyze::SiteProbePaths> probe_paths;
  // More families for GET /metrics, appended to the server's own (the alert senders' counters); may be empty.
  std::function<std::string()> extra_metrics;
};

class ApiServer {
 public:
  // Checks the TLS files (UsageError naming the file), binds every address (port 0: a free port) and
  // starts serving. Throws RuntimeError naming the address that cannot be bound, after closing the ones
  // already bound.
  ApiServer(store::Store& store, ApiServerOptions options);
  ~ApiServer();  // stop()
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // The addresses with their real ports, in the order given.
  const std::vector<ListenAddress>& bound() const { return bound_; }
  bool uses_tls() const { return options_.tls.has_value(); }

  // The store as the handlers see it (writes serialised); for maintenance alongside the handlers.
  store::Store& store() { return store_; }

  // The alert engine; null with --no-alerts.
  AlertService* alerts() { return alerts_.get(); }

  // Connections and requests refused or closed so far, by reason.
  http::ConnectionCounts connection_counts() const;

  // Stops accepting connections, lets requests in progress finish, and returns when every connection
  // is closed. Safe to call twice.
  void stop();

 private:
  std::string store_state_metrics();

  StoreTimings store_timings_;  // before store_, which times into it
  SingleWriterStore store_;
  ApiServerOptions options_;
  std::unique_ptr<AlertService> alerts_;  // before server_: the handlers use it until server_ stops
  std::unique_ptr<http::HttpServer> server_;
  std::vector<ListenAddress> bound_;
};

}  // namespace netkeel::server
