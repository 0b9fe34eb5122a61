// `netkeel server`: ingest and query API over a store (docs/server.md). Runs until SIGTERM or SIGINT,
// then stops accepting, finishes the requests in progress and closes the store.
#include <chrono>
#include <filesystem>
#include <memory>

#include "netkeel/agent/token_file.hpp"
#include "netkeel/analyze/alert_topology.hpp"
#include "netkeel/analyze/notifier_counts.hpp"
#include "netkeel/cli/alert_notifier_flags.hpp"
#include "netkeel/cli/alert_threshold_flags.hpp"
#include "netkeel/cli/commands.hpp"
#include "netkeel/cli/log_flags.hpp"
#include "netkeel/cli/termination_signals.hpp"
#include "netkeel/core/duration.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/exit_code.hpp"
#include "netkeel/core/log.hpp"
#include "netkeel/server/api_server.hpp"
#include "netkeel/plan/site_text_plan.hpp"
#include "netkeel/server/served_site.hpp"
#include "netkeel/server/tls_context.hpp"
#include "netkeel/store/store_factory.hpp"

namespace netkeel::cli {
namespace {

void log_line(const std::string& line) { log::info(line); }

// A refused site file is an error an operator must see; the rest is information.
void log_site_line(const std::string& line) {
  if (line.rfind("refused", 0) == 0 || line.rfind("cannot", 0) == 0) {
    log::error(line);
  } else {
    log::info(line);
  }
}

// read_token_file's message names --token-file; for the read token it must name --read-token-file.
std::string read_read_token(const std::string& path) {
  try {
    return agent::read_token_file(path);
  } catch (const UsageError& error) {
    std::string message = error.what();
    const std::string flag = "--token-file";
    if (message.rfind(flag, 0) == 0) message.replace(0, flag.size(), "--read-token-file");
    throw UsageError(message);
  }
}

}  // namespace

void add_server_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("server", "Run the ingest and query API over a store (docs/server.md)");
  struct Flags {
    std::string store = "sqlite:/var/lib/netkeel/store.db";
    std::string token_file;
    std::string read_token_file;
    bool no_auth = false;
    server::ServerTlsFiles tls;
    std::vector<std::string> listen;
    std::vector<std::string> listen_in;
    std::size_t max_body_bytes = server::IngestLimits{}.max_body_bytes;
    std::size_t max_decompressed_bytes = server::IngestLimits{}.max_decompressed_bytes;
    std::string maintenance_interval = "60s";
    std::string matrix_memory = "10m";
    // Connection limits (docs/server.md, "Connections"):
    std::size_t max_connections = http::ConnectionLimits{}.max_connections;
    std::size_t max_connections_per_address = http::ConnectionLimits{}.max_connections_per_address;
    std::string request_read_timeout = format_duration_ms(http::ConnectionLimits{}.request_read_timeout.count());
    std::string idle_timeout = format_duration_ms(http::ConnectionLimits{}.idle_timeout.count() * 1000);
    std::string max_sample_age = format_duration_ms(server::IngestLimits{}.max_sample_age_ms);
    std::string max_sample_ahead = format_duration_ms(server::IngestLimits{}.max_sample_ahead_ms);
    // Query limits (docs/server.md, "Query limits", "Cardinality limits"):
    std::string query_timeout = format_duration_ms(server::kDefaultQueryTimeout.count());
    std::uint64_t max_new_series_per_batch = store::CardinalityLimits{}.max_new_series_per_batch;
    std::uint64_t max_series_per_host = store::CardinalityLimits{}.max_series_per_host;
    // Alerts (docs/alerts.md):
    std::string site;
    std::string site_history_dir;  // "" = default_site_history_dir(store)
    bool no_alerts = false;
    bool dashboard_open = false;
    std::string alert_evaluation_interval = "1s";
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("--store", f->store, "sqlite:PATH or clickhouse://HOST:PORT/DB (default sqlite:/var/lib/netkeel/store.db)");
  cmd->add_option("--token-file", f->token_file, "File whose first line is the site's token; agents send it as a Bearer token");
  cmd->add_option("--read-token-file", f->read_token_file,
                  "File whose first line is a read token: it may query (dashboards), not send batches (default: none)");
  cmd->add_flag("--no-auth", f->no_auth, "Accept batches and queries without a token (prints a warning; for experiments only)");
  cmd->add_option("--listen", f->listen, "HOST:PORT to listen on, repeatable (default 127.0.0.1:9948 when no --listen/--listen-in)");
  cmd->add_option("--listen-in", f->listen_in, "NETNS=HOST:PORT: listen inside network namespace NETNS, repeatable");
  cmd->add_option("--max-body-bytes", f->max_body_bytes, "Largest batch body as sent, compressed (default 16777216 = 16 MiB)")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 32));
  cmd->add_option("--max-decompressed-bytes", f->max_decompressed_bytes, "Largest batch after gzip (default 67108864 = 64 MiB)")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 34));
  cmd->add_option("--tls-cert", f->tls.cert_file, "Serve HTTPS on every listener with this PEM certificate (default: plain HTTP)");
  cmd->add_option("--tls-key", f->tls.key_file, "The PEM private key of --tls-cert, not encrypted (needed with --tls-cert)");
  cmd->add_option("--tls-client-ca", f->tls.client_ca_file,
                  "Require client certificates signed by this PEM CA (needs --tls-cert; default: none required)");
  cmd->add_option("--maintenance-interval", f->maintenance_interval, "How often rollups and retention run; 0 = never (default 60s)");
  cmd->add_option("--matrix-memory", f->matrix_memory,
                  "SQLite store: the newest data time whose probe samples are held in memory for the probe matrix; "
                  "0 = none (default 10m)");
  cmd->add_option("--max-connections", f->max_connections,
                  "Connections open at once, all listeners together; more are closed at accept (default 1024)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}));
  cmd->add_option("--max-connections-per-address", f->max_connections_per_address,
                  "Connections open at once from one client address; more are closed at accept (default 64)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}));
  cmd->add_option("--request-read-timeout", f->request_read_timeout,
                  "Time a client has to send a whole request (TLS handshake, headers, body); then the connection "
                  "is closed (default 10s)");
  cmd->add_option("--idle-timeout", f->idle_timeout,
                  "Close a connection with no traffic for this long (default 30s)");
  cmd->add_option("--max-sample-age", f->max_sample_age,
                  "Refuse a batch with a sample or event older than this behind the server's clock; 0 = no limit (default 7d)");
  cmd->add_option("--max-sample-ahead", f->max_sample_ahead,
                  "Refuse a batch with a sample or event more than this ahead of the server's clock; 0 = no limit (default 1h)");
  cmd->add_option("--query-timeout", f->query_timeout,
                  "Cancel a query that runs longer than this; the client gets a 503 (default 10s)");
  cmd->add_option("--max-new-series-per-batch", f->max_new_series_per_batch,
                  "Refuse (400) a batch that brings more new series than this (default 40000)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{100'000'000}));
  cmd->add_option("--max-series-per-host", f->max_series_per_host,
                  "Refuse (400) a batch that takes its agent host past this many series (default 100000)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000'000}));
  const auto alert_flags = add_alert_notifier_flags(*cmd);  // docs/alerts.md, "Sending alerts"
  cmd->add_option("--site", f->site,
                  "The site file: served to agents and keepers (--site-from) at /api/v1/site, re-read when it changes "
                  "or on SIGHUP (an invalid version is refused); the alert rules learn the hosts and which switch each "
                  "NIC is cabled to, the dashboard draws the topology and GET /api/v1/diagnose ranks culprits along "
                  "the cabling (default: none; hosts are learnt from the batches)");
  cmd->add_option("--site-history-dir", f->site_history_dir,
                  "Where every accepted and refused version of --site is kept (default: site-history next to an "
                  "SQLite store, else /var/lib/netkeel/site-history)");
  cmd->add_flag("--dashboard-open", f->dashboard_open,
                "Serve the dashboard and the query endpoints without a token to clients on loopback (127.0.0.0/8, "
                "::1), as the lab's server does; batches still need the site token (default: off)");
  cmd->add_flag("--no-alerts", f->no_alerts, "Run without the alert engine (GET /api/v1/alerts answers 404)");
  cmd->add_option("--alert-evaluation-interval", f->alert_evaluation_interval,
                  "How often the alert rules run, from 100ms to 1m (default 1s)");
  const auto threshold_flags = add_alert_threshold_flags(*cmd);  // docs/alerts.md, "Thresholds"
  auto log_flags = std::make_shared<LogFlags>();
  add_log_flags(*cmd, *log_flags);
  cmd->callback([f, alert_flags, threshold_flags, log_flags, &exit_code] {
    start_logging(*log_flags, "netkeel server");
    if (f->no_auth && !f->token_file.empty()) throw UsageError("--no-auth and --token-file exclude each other: give one");
    if (!f->no_auth && f->token_file.empty()) {
      throw UsageError("--token-file is required: give the file with the site's token (or --no-auth to accept any batch)");
    }
    if (f->no_auth && !f->read_token_file.empty()) {
      throw UsageError("--read-token-file needs the site's --token-file (with --no-auth every query is open anyway)");
    }
    const bool tls = !f->tls.cert_file.empty() || !f->tls.key_file.empty() || !f->tls.client_ca_file.empty();
    if (tls && (f->tls.cert_file.empty() || f->tls.key_file.empty())) {
      throw UsageError(std::string(f->tls.cert_file.empty() ? "--tls-cert" : "--tls-key") +
                       " is missing: HTTPS needs both --tls-cert FILE and --tls-key FILE" +
                       (f->tls.client_ca_file.empty() ? "" : " (--tls-client-ca works only with them)"));
    }
    const auto maintenance_ms = parse_duration_ms(f->maintenance_interval);
    if (!maintenance_ms) {
      throw UsageError("--maintenance-interval " + f->maintenance_interval + ": expected a duration such as 60s or 5m");
    }
    const auto matrix_memory_ms = parse_duration_ms(f->matrix_memory);
    if (!matrix_memory_ms || *matrix_memory_ms < 0 || *matrix_memory_ms > 24LL * 3600 * 1000 ||
        (*matrix_memory_ms > 0 && *matrix_memory_ms < 1000)) {
      throw UsageError("--matrix-memory " + f->matrix_memory + ": expected 0 or a duration from 1s to 24h, such as 10m");
    }
    const auto max_sample_age_ms = parse_duration_ms(f->max_sample_age);
    const auto max_sample_ahead_ms = parse_duration_ms(f->max_sample_ahead);
    if (!max_sample_age_ms) throw UsageError("--max-sample-age " + f->max_sample_age + ": expected a duration such as 7d or 12h");
    if (!max_sample_ahead_ms) throw UsageError("--max-sample-ahead " + f->max_sample_ahead + ": expected a duration such as 1h or 5m");
    const auto read_timeout_ms = parse_duration_ms(f->request_read_timeout);
    if (!read_timeout_ms || *read_timeout_ms < 100 || *read_timeout_ms > 3600 * 1000) {
      throw UsageError("--request-read-timeout " + f->request_read_timeout + ": expected a duration from 100ms to 1h, such as 10s");
    }
    const auto idle_timeout_ms = parse_duration_ms(f->idle_timeout);
    if (!idle_timeout_ms || *idle_timeout_ms < 1000 || *idle_timeout_ms > 3600 * 1000 || *idle_timeout_ms % 1000 != 0) {
      throw UsageError("--idle-timeout " + f->idle_timeout + ": expected whole seconds from 1s to 1h, such as 30s");
    }
    const auto query_timeout_ms = parse_duration_ms(f->query_timeout);
    if (!query_timeout_ms || *query_timeout_ms < 1 || *query_timeout_ms > 3600 * 1000) {
      throw UsageError("--query-timeout " + f->query_timeout + ": expected a duration from 1ms to 1h, such as 10s");
    }
    const auto evaluation_ms = parse_duration_ms(f->alert_evaluation_interval);
    if (!evaluation_ms || *evaluation_ms < 100 || *evaluation_ms > 60'000) {
      throw UsageError("--alert-evaluation-interval " + f->alert_evaluation_interval +
                       ": expected a duration from 100ms to 1m, such as 1s");
    }
    const analyze::AlertOptions rules = alert_options_from_flags(*threshold_flags);
    server::ApiServerOptions options;
    std::shared_ptr<server::ServedSite> served_site;
    if (!f->site.empty()) {
      // Started from the file when it is valid, else from the history's last good version; with neither,
      // every diagnostic is printed and the server exits 2.
      const auto history_dir = f->site_history_dir.empty() ? server::default_site_history_dir(f->store)
                                                           : std::filesystem::path(f->site_history_dir);
      served_site = std::make_shared<server::ServedSite>(f->site, history_dir, *options.clock, log_site_line);
      options.site = served_site;
      // The alert rules and GET /api/v1/diagnose keep the cabling they start with (docs/server.md): a
      // restart brings a new one.
      const auto started = plan::plan_site_text(served_site->current()->text, f->site);
      analyze::AlertTopology topology = analyze::alert_topology_from_site(*started.site);
      options.probe_paths = topology.probe_paths;  // the same paths for GET /api/v1/diagnose and the alerts
      if (!f->no_alerts) options.alerts->topology = std::move(topology);
    } else if (!f->site_history_dir.empty()) {
      throw UsageError("--site-history-dir keeps versions of --site: give --site FILE too");
    }
    if (f->no_alerts) {
      options.alerts.reset();
    } else {
      options.alerts->evaluation_interval_ms = *evaluation_ms;
      options.alerts->rules = rules;
    }
    options.dashboard_open = f->dashboard_open;
    options.query.timeout = std::chrono::milliseconds(*query_timeout_ms);
    options.connections.max_connections = f->max_connections;
    options.connections.max_connections_per_address = f->max_connections_per_address;
    options.connections.request_read_timeout = std::chrono::milliseconds(*read_timeout_ms);
    options.connections.idle_timeout = std::chrono::seconds(*idle_timeout_ms / 1000);
    for (const auto& text : f->listen) options.listen.push_back(server::parse_listen_address(text));
    for (const auto& text : f->listen_in) options.listen.push_back(server::parse_listen_in(text));
    if (options.listen.empty()) options.listen.push_back(server::parse_listen_address(server::kDefaultListenAddress));
    if (f->no_auth) {
      log::warning("--no-auth: anyone who can reach the server can write to the store");
    } else {
      options.ingest.tokens.site = agent::read_token_file(f->token_file);
      if (!f->read_token_file.empty()) {
        options.ingest.tokens.read = read_read_token(f->read_token_file);
        if (*options.ingest.tokens.read == *options.ingest.tokens.site) {
          throw UsageError("--read-token-file " + f->read_token_file +
                           " holds the site token: give the read token a different value (else it could write)");
        }
      }
    }
    if (tls) {
      server::check_tls_files(f->tls);  // before the store is opened: a bad file leaves nothing behind
      options.tls = f->tls;
    }
    options.ingest.limits = {f->max_body_bytes, f->max_decompressed_bytes, *max_sample_age_ms, *max_sample_ahead_ms};
    options.log = log_line;

    block_termination_signals(true);  // before any thread starts; SIGHUP re-reads --site

    // Alerts to Alertmanagers and webhooks (null without --alertmanager/--webhook). The alert engine hands
    // its whole current list to publish_alerts whenever it changes.
    const std::unique_ptr<analyze::AlertNotifier> notifier =
        make_alert_notifier(*alert_flags, *options.clock, options.listen.front(), log_line);
    [[maybe_unused]] const auto publish_alerts = [&notifier](const std::vector<analyze::Alert>& alerts) {
      if (notifier) notifier->update(alerts);
    };

    store::SqliteStoreOptions sqlite_options;
    store::ClickHouseStoreOptions clickhouse_options;
    sqlite_options.cardinality = clickhouse_options.cardinality = {f->max_new_series_per_batch, f->max_series_per_host};
    sqlite_options.matrix_memory_ms = *matrix_memory_ms;
    // Refused batches by limit, for a /metrics page.
    const auto rejections = std::make_shared<store::CardinalityRejections>();
    sqlite_options.rejections = clickhouse_options.rejections = rejections;
    options.series_limit_rejections = rejections;
    const std::unique_ptr<store::Store> store = store::open_store(f->store, sqlite_options, clickhouse_options);
    server::ApiServer api(*store, options);
    for (const auto& address : api.bound()) {
      log::info("listening on " + address.describe() + (api.uses_tls() ? " (TLS)" : ""));
    }
    // The dashboard's address, on the first listener a browser on this machine can reach (not one inside
    // a namespace).
    for (const auto& address : api.bound()) {
      if (!address.netns.empty()) continue;
      log::info(std::string("dashboard at ") + (api.uses_tls() ? "https" : "http") + "://" + address.describe() + "/");
      break;
    }
    // Every second: the site file's modification time and size (a change is read at once); maintenance
    // every --maintenance-interval.
    auto next_maintenance = options.clock->now() + std::chrono::milliseconds(*maintenance_ms);
    const auto check_site = [&](const std::string& source, bool force) {
      if (!served_site) return;
      try {
        served_site->check(source, force);
      } catch (const std::exception& e) {
        log::error(std::string("site file check failed (retried in a second): ") + e.what());
      }
    };
    wait_for_termination(
        1000,
        [&] {
          check_site("file changed", false);
          if (*maintenance_ms <= 0 || options.clock->now() < next_maintenance) return;
          next_maintenance = options.clock->now() + std::chrono::milliseconds(*maintenance_ms);
          try {
            api.store().maintain(unix_milliseconds(options.clock->wall_now()));
          } catch (const std::exception& e) {
            log_line(std::string("maintenance failed (retried next interval): ") + e.what());
          }
        },
        [&] { check_site("SIGHUP", true); });
    log_line("stopping: finishing requests in progress");
    api.stop();
    if (notifier) notifier->stop();
    exit_code = kExitOk;
  });
}

}  // namespace netkeel::cli
