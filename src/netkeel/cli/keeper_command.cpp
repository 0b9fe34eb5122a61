// `netkeel keeper`: holds this host's share of the site's VIPs (docs/keep.md). For every service whose
// VIP may live here, it runs the service's health check and the VIP's ownership protocol against etcd,
// and puts the VIP on this host (its own device, the planned MAC, a kernel fence) only while this host
// holds the VIP's key. Runs until SIGTERM or SIGINT, then releases every VIP it holds and marks it free.
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "netkeel/agent/served_site_source.hpp"
#include "netkeel/agent/token_file.hpp"
#include "netkeel/cli/commands.hpp"
#include "netkeel/cli/log_flags.hpp"
#include "netkeel/cli/planned_site.hpp"
#include "netkeel/cli/termination_signals.hpp"
#include "netkeel/core/clock.hpp"
#include "netkeel/core/duration.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/exit_code.hpp"
#include "netkeel/core/host_port.hpp"
#include "netkeel/core/log.hpp"
#include "netkeel/ha/etcd_endpoints.hpp"
#include "netkeel/ha/host_keeper.hpp"
#include "netkeel/ha/ownership_state.hpp"
#include "netkeel/http/http_server.hpp"
#include "netkeel/http/listening_socket.hpp"
#include "netkeel/plan/site_text_plan.hpp"

namespace netkeel::cli {

namespace {

struct KeeperFlags {
  std::string site_file;
  std::string site_from;
  std::string site_cache = "/var/lib/netkeel/keeper/site.yaml";
  std::string site_reload_interval = "5s";
  std::string host;
  std::string etcd;
  std::string metrics_address = "0.0.0.0:9949";
  std::string backend;
  std::string ovs_db = "unix:/var/run/openvswitch/db.sock";
  std::string renew_interval = "100ms";
  std::string hold_time = "400ms";
  std::string takeover_wait = "600ms";
  std::string rank_offset = "100ms";
  std::string agent_metrics = "http://127.0.0.1:9947/metrics";
  std::string server;
  std::string token_file;
  LogFlags log;
};

void log_line(const std::string& line) { log::info(line); }

Nanoseconds duration_flag(const std::string& text, const std::string& flag) {
  const auto ms = parse_duration_ms(text);
  if (!ms || *ms <= 0) throw UsageError(flag + " " + text + ": write a positive duration such as 100ms or 1s");
  return std::chrono::milliseconds(*ms);
}

// /metrics on HOST:PORT (an empty address: none).
std::unique_ptr<http::HttpServer> serve_metrics(const std::string& address, const ha::HostKeeper& keeper) {
  if (address.empty()) return nullptr;
  const auto parsed = parse_host_port(address);
  if (const auto* problem = std::get_if<std::string>(&parsed))
    throw UsageError("--metrics-address '" + address + "': " + *problem + " (e.g. 0.0.0.0:9949)");
  const auto& where = std::get<HostPort>(parsed);
  http::HttpServerOptions options;
  options.worker_threads = 1;
  http::HttpRoute metrics;
  metrics.method = "GET";
  metrics.path = "/metrics";
  metrics.handle = [&keeper](const http::HttpRequest&) {
    return http::HttpReply{200, "text/plain; version=0.0.4; charset=utf-8", keeper.metrics_text(), {}};
  };
  options.routes.push_back(std::move(metrics));
  options.no_route = [](const http::HttpRequest& request) {
    return http::HttpReply{404, "text/plain", "no endpoint " + request.method + " " + request.path +
                                                  ": the keeper serves GET /metrics\n", {}};
  };
  options.bad_framing = [](const std::string& problem) { return http::HttpReply{400, "text/plain", problem + "\n", {}}; };
  options.busy = [] { return http::HttpReply{503, "text/plain", "busy: retry in a moment\n", {}}; };
  std::vector<http::ListeningSocket> sockets;
  sockets.emplace_back(where.host, where.port);
  return std::make_unique<http::HttpServer>(std::move(sockets), std::move(options));
}

// --site-from: the server's site (or the cached copy), and the source that keeps polling it.
std::unique_ptr<agent::ServedSiteSource> served_site_source(const KeeperFlags& f) {
  const auto from = agent::checked_site_from(
      f.site_from, f.token_file, f.site_cache,
      std::chrono::duration_cast<std::chrono::milliseconds>(duration_flag(f.site_reload_interval, "--site-reload-interval")));
  return std::make_unique<agent::ServedSiteSource>(std::make_unique<http::CurlHttpClient>(), from,
                                                   [](const std::string& line) { log::warning(line); });
}

// A newer site found by polling: planned, then taken live by the keeper (HostKeeper::apply_site), or
// refused with the reason while the keeper runs on the version it has. Only a taken version becomes the
// host's cached copy, so a restart starts from what ran.
void follow_served_site(agent::ServedSiteSource& source, ha::HostKeeper& keeper, bool etcd_from_site) {
  const auto text = source.changed();
  if (!text) return;
  const ha::SiteVersion version{text->version, text->hash};
  const std::string label = version.number > 0 ? "site version " + std::to_string(version.number) + " (sha256 " +
                                                     version.sha256.substr(0, 12) + ")"
                                               : "site sha256 " + version.sha256.substr(0, 12);
  const ha::SiteVersion running = keeper.site_version();
  const std::string running_label = running.number > 0 ? "version " + std::to_string(running.number)
                                                       : "sha256 " + running.sha256.substr(0, 12);
  auto checked = plan::plan_site_text(text->text, text->origin);
  if (!checked.ok()) {
    keeper.refuse_invalid_site(version);
    log::error("the " + label + " at " + text->origin + " is not valid; this keeper keeps running on " + running_label +
               ":\n" + format_diagnostics(checked.diagnostics));
    return;
  }
  const ha::KeeperSiteChange change = keeper.apply_site(*checked.site, *checked.plan, version);
  if (change.refused()) {
    log::error("refused the " + label + " from " + text->origin + ": " + change.refusal + "; this keeper keeps running on " +
               running_label);
    return;
  }
  source.accepted(*text);
  log_line("took the " + label + " from " + text->origin + " without a restart: " + change.summary());
  if (change.coordination_changed && etcd_from_site) {
    log::warning("the " + label + " names other etcd members (`coordination:`); this keeper keeps the members it "
                 "started with until it restarts (systemctl restart netkeel-keeper), so that no VIP changes hands "
                 "while its store moves");
  }
}

// --site FILE: the file's hash, for netkeel_keeper_site_version (it has no version number).
std::string file_hash(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return plan::site_text_hash(text.str());
}

std::optional<PlannedSite> planned_from_text(const agent::SiteText& text) {
  auto checked = plan::plan_site_text(text.text, text.origin);
  if (!checked.ok()) {
    log::error(text.origin + " is not a valid site:\n" + format_diagnostics(checked.diagnostics));
    return std::nullopt;
  }
  return PlannedSite{std::move(*checked.site), std::move(*checked.plan)};
}

int run_keeper(const KeeperFlags& f) {
  if (f.site_file.empty() == f.site_from.empty()) {
    throw UsageError("give the site either as --site FILE or as --site-from URL (a netkeel server run with --site), "
                     "not both and not neither");
  }
  std::unique_ptr<agent::ServedSiteSource> source;
  std::optional<agent::SiteText> served;
  std::optional<PlannedSite> planned;
  if (!f.site_from.empty()) {
    source = served_site_source(f);
    served = source->initial();
    planned = planned_from_text(*served);
    if (planned) source->accepted(*served);
  } else {
    planned = load_planned_site(f.site_file);
  }
  if (!planned) return kExitInvalidInput;
  const std::string site_name = source ? source->describe() : f.site_file;
  const site::Host* host = planned->site.find_host(f.host);
  if (!host) throw UsageError("--host " + f.host + ": no such host in " + site_name);

  ha::HostKeeperOptions options;
  options.host = f.host;
  if (!f.etcd.empty()) {
    options.etcd_members = ha::parse_etcd_endpoints(f.etcd);
  } else if (planned->plan.coordination) {
    for (const auto& member : planned->plan.coordination->etcd_members) options.etcd_members.push_back(member.client_url);
  }
  options.backend = host->backend;
  options.backend_forced = !f.backend.empty();
  if (f.backend == "ovs") options.backend = site::Backend::ovs;
  else if (f.backend == "kernel") options.backend = site::Backend::kernel;
  else if (!f.backend.empty()) throw UsageError("--backend " + f.backend + ": use kernel or ovs");
  options.ovs_db = f.ovs_db;
  options.agent_metrics_url = f.agent_metrics;
  if (!f.server.empty()) {
    if (f.token_file.empty()) throw UsageError("--server needs --token-file (the site token the agents use)");
    options.server_url = f.server;
    options.server_token = agent::read_token_file(f.token_file);
  }
  options.parameters.renew_interval = duration_flag(f.renew_interval, "--renew-interval");
  options.parameters.hold_time = duration_flag(f.hold_time, "--hold-time");
  options.parameters.takeover_wait = duration_flag(f.takeover_wait, "--takeover-wait");
  options.parameters.rank_offset = duration_flag(f.rank_offset, "--rank-offset");
  ha::validate(options.parameters);
  options.log = log_line;
  if (served) options.site_version = ha::SiteVersion{served->version, served->hash};
  else options.site_version = ha::SiteVersion{0, file_hash(f.site_file)};

  block_termination_signals();  // before any thread starts
  SystemClock clock;
  ha::HostKeeper keeper(planned->site, planned->plan, options, clock);
  const auto metrics = serve_metrics(f.metrics_address, keeper);
  keeper.start();
  std::string services;
  for (const auto& service : keeper.services()) services += (services.empty() ? "" : ", ") + service;
  log_line("keeping " + services + " on " + f.host + " (etcd " + (f.etcd.empty() ? "from the site file" : f.etcd) + ")");
  wait_for_termination(500, [&] {
    keeper.publish_reports();
    keeper.follow_admin();
    if (source) follow_served_site(*source, keeper, f.etcd.empty());
  });
  log_line("stopping: releasing every VIP held here");
  keeper.stop();
  keeper.publish_reports();
  return kExitOk;
}

}  // namespace

void add_keeper_command(CLI::App& app, int& exit_code) {
  auto f = std::make_shared<KeeperFlags>();
  auto* cmd = app.add_subcommand("keeper", "Hold this host's share of the site's VIPs, coordinated through etcd");
  cmd->add_option("--site", f->site_file, "The site file; or --site-from");
  cmd->add_option("--site-from", f->site_from,
                  "Fetch the site from this netkeel server (its base URL) with --token-file, and take each newer version "
                  "found by polling without a restart: VIPs of new services kept, of removed ones released with their "
                  "keys freed, changed checks rebuilt while a held VIP stays; a version it cannot take (another site "
                  "name or backend, a VIP this host cannot carry) is refused and logged. New etcd members need a "
                  "restart");
  cmd->add_option("--site-cache", f->site_cache,
                  "With --site-from: the last site version this keeper took, used when the server cannot be reached at start")
      ->capture_default_str();
  cmd->add_option("--site-reload-interval", f->site_reload_interval,
                  "With --site-from: how often the server is polled for a newer version")
      ->capture_default_str();
  cmd->add_option("--host", f->host, "This host's name in the site file")->required();
  cmd->add_option("--etcd", f->etcd, "etcd client URLs, comma-separated (default: the site's coordination members)");
  cmd->add_option("--metrics-address", f->metrics_address, "Serve /metrics on HOST:PORT; empty = off")->capture_default_str();
  cmd->add_option("--backend", f->backend, "kernel (macvlan VIP devices) or ovs (OVS internal ports); default: the host's");
  cmd->add_option("--ovs-db", f->ovs_db, "OVS backend: the ovsdb-server (ovs-vsctl --db)")->capture_default_str();
  cmd->add_option("--renew-interval", f->renew_interval, "How often the holder rewrites its key")->capture_default_str();
  cmd->add_option("--hold-time", f->hold_time, "How long after its last confirmed write the holder keeps the VIP")
      ->capture_default_str();
  cmd->add_option("--takeover-wait", f->takeover_wait, "How long a standby waits for a silent holder")
      ->capture_default_str();
  cmd->add_option("--rank-offset", f->rank_offset, "Extra wait per standby rank")->capture_default_str();
  cmd->add_option("--agent-metrics", f->agent_metrics,
                  "mesh checks: the agent's /metrics URL on this host (its probe results)")->capture_default_str();
  cmd->add_option("--server", f->server, "Post health and VIP move events to this netkeel server (its base URL)");
  cmd->add_option("--token-file", f->token_file, "The site token for --server and --site-from (the file the agents use)");
  add_log_flags(*cmd, f->log);
  cmd->callback([f, &exit_code] {
    start_logging(f->log, "netkeel keeper");
    try {
      exit_code = run_keeper(*f);
    } catch (const UsageError& e) {
      log::error(e.what());
      exit_code = kExitInvalidInput;
    } catch (const std::exception& e) {
      log::error(e.what());
      exit_code = kExitRuntimeFailure;
    }
  });
}

}  // namespace netkeel::cli
