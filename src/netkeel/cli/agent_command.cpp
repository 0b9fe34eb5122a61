// `netkeel agent --site SITE | --site-from URL --host NAME`: the per-host agent (probe mesh, responder, collectors,
// /metrics). With --once it runs --rounds probe rounds and one collection, prints them, and exits.
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>

#include "netkeel/agent/agent.hpp"
#include "netkeel/agent/flap_damping_check.hpp"
#include "netkeel/agent/prometheus_text.hpp"
#include "netkeel/agent/shipping.hpp"
#include "netkeel/agent/snapshot_json.hpp"
#include "netkeel/cli/commands.hpp"
#include "netkeel/cli/log_flags.hpp"
#include "netkeel/core/error.hpp"
#include "netkeel/core/exit_code.hpp"
#include "netkeel/kernel/network_namespace.hpp"

namespace netkeel::cli {

namespace {

Nanoseconds seconds_option(double seconds, const char* flag) {
  if (!(seconds > 0) || seconds > 1e9) throw UsageError(std::string(flag) + " must be a positive number of seconds, at most 1e9");
  return Nanoseconds(static_cast<int64_t>(seconds * 1e9));
}

// A duration where 0 means something (off, at once); check_flap_damping() judges the flap relations.
Nanoseconds seconds_or_zero_option(double seconds, const char* flag, const char* default_seconds) {
  if (!std::isfinite(seconds) || seconds < 0 || seconds > 1e9)
    throw UsageError(std::string(flag) + " must be a number of seconds from 0 to 1e9 (default " + default_seconds + ")");
  return Nanoseconds(static_cast<int64_t>(seconds * 1e9));
}

}  // namespace

void add_agent_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("agent", "Run the host agent: probe mesh, UDP responder, NIC/TCP collectors, /metrics");
  struct Flags {
    agent::AgentOptions options;
    double interval = 1, timeout = 1, report_interval = 10, pmtu_interval = 10, trouble_report_interval = 1,
           trouble_report_for = 15;
    bool once = false, no_icmp = false, no_udp = false, no_tcp = false, no_pmtu = false;
    uint64_t rounds = 3;
    std::string format = "json";
    std::string netns;
    std::string site_from, site_cache = agent::kDefaultSiteCache;
    double site_reload_interval = 5;
    double keeper_metrics_timeout = 1;
    double flap_half_life = 15, flap_up_hold = 1, flap_forget = 60;  // FlapDamperOptions' defaults, in seconds
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("--site", f->options.site_file, "Site file (YAML), re-read when it changes; or --site-from");
  cmd->add_option("--site-from", f->site_from,
                  "Fetch the site from this netkeel server (its base URL, e.g. http://10.10.0.1:9948) with --token-file, "
                  "and poll it every --site-reload-interval; instead of --site");
  cmd->add_option("--site-cache", f->site_cache,
                  "With --site-from: the last good site, kept here and used when the server cannot be reached at start "
                  "(default /var/lib/netkeel/agent/site.yaml)");
  cmd->add_option("--site-reload-interval", f->site_reload_interval,
                  "Seconds between checks of the site file for changes (--site-from: polls of the server) (default 5)");
  cmd->add_option("--host", f->options.host, "This host's name in the site file")->required();
  cmd->add_flag("--once", f->once, "Run --rounds probe rounds and one collection, print, exit");
  cmd->add_option("--rounds", f->rounds, "With --once: probes per target (default 3)")->check(CLI::Range(uint64_t{1}, uint64_t{1000000}));
  cmd->add_option("--format", f->format, "With --once: json or prometheus (default json)")->check(CLI::IsMember({"json", "prometheus"}));
  cmd->add_option("--netns", f->netns, "Run inside network namespace NAME (made by `ip netns add`)");
  cmd->add_option("--interval", f->interval, "Seconds between probes to one target (default 1)");
  cmd->add_option("--timeout", f->timeout, "Seconds until a probe without reply is lost (default 1)");
  cmd->add_option("--pmtu-interval", f->pmtu_interval,
                  "Seconds between path-MTU probes to one target, a whole number of --interval (default 10)");
  cmd->add_option("--jitter", f->options.jitter, "Each probe moves by up to ± this fraction of the interval, 0-0.5 (default 0.1)");
  cmd->add_option("--budget", f->options.max_probes_per_second, "Most probes per second for this agent; 0 = no limit (default 1000)");
  cmd->add_option("--responder-port", f->options.responder_port, "UDP port of the echo responder, here and on peers (default 9946)");
  cmd->add_option("--udp-source-ports", f->options.udp_source_ports, "UDP probes rotate over this many source ports (default 8)")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--report-interval", f->report_interval, "Seconds per RTT quantile window and collection (default 10)");
  cmd->add_option("--trouble-report-interval", f->trouble_report_interval,
                  "Seconds between reports after a link event or a target that stops answering; 0 = never early (default 1)");
  cmd->add_option("--trouble-report-for", f->trouble_report_for,
                  "Seconds the early reports go on after the latest such onset (default 15)");
  cmd->add_option("--metrics-address", f->options.metrics_address, "Serve /metrics on HOST:PORT; empty = off (default 0.0.0.0:9947)");
  cmd->add_option("--server", f->options.shipping.server_url, "Ship batches to `netkeel server` at this URL, e.g. http://10.10.0.1:9948 (default: off)");
  cmd->add_option("--token-file", f->options.shipping.token_file,
                  "File whose first line is the site's token (needed with --server and --site-from)");
  cmd->add_option("--ca-cert", f->options.shipping.tls.ca_file,
                  "PEM CA certificate that signed an https:// server's certificate (default: the system's CAs)");
  cmd->add_option("--client-cert", f->options.shipping.tls.client_cert_file,
                  "PEM client certificate, for a server run with --tls-client-ca (default: none)");
  cmd->add_option("--client-key", f->options.shipping.tls.client_key_file, "The PEM private key of --client-cert");
  cmd->add_option("--spool-dir", f->options.shipping.spool_dir, "Where batches wait until the server has them (default /var/lib/netkeel/spool)");
  cmd->add_option("--spool-max-bytes", f->options.shipping.spool_max_bytes, "Spool size limit; when full the oldest batches go first (default 268435456 = 256 MiB)")
      ->check(CLI::Range(uint64_t{1}, std::numeric_limits<uint64_t>::max()));
  cmd->add_option("--spool-corrupt-max-files", f->options.shipping.corrupt_max_files,
                  "Most files kept in the spool's corrupt/ directory; the oldest are deleted first (default 100; 0 = keep none)");
  cmd->add_option("--spool-corrupt-max-bytes", f->options.shipping.corrupt_max_bytes,
                  "Most bytes kept in the spool's corrupt/ directory; the oldest are deleted first (default 67108864 = 64 MiB)");
  cmd->add_option("--flap-penalty", f->options.flap_damping.penalty_per_flap,
                  "Flap damping: penalty added on every up->down of an interface (default 1000)");
  cmd->add_option("--flap-suppress", f->options.flap_damping.suppress_above,
                  "Flap damping: a penalty at or above this reports the interface as flapping (default 2500)");
  cmd->add_option("--flap-reuse", f->options.flap_damping.reuse_below,
                  "Flap damping: flapping ends once the penalty has decayed below this (default 800)");
  cmd->add_option("--flap-half-life", f->flap_half_life, "Flap damping: seconds in which the penalty halves (default 15)");
  cmd->add_option("--flap-up-hold", f->flap_up_hold,
                  "Flap damping: seconds an up must hold before it is reported; 0 = at once (default 1)");
  cmd->add_option("--flap-forget", f->flap_forget,
                  "Flap damping: seconds without any change after which the penalty is forgotten (default 60)");
  cmd->add_option("--libvirt-uri", f->options.libvirt_uri,
                  "Per-VM interface counters from libvirt at this URI; \"\" or none = off (default qemu:///system)");
  cmd->add_option("--ovs-ctl", f->options.ovs_ctl,
                  "OVS bond state from ovs-appctl -t TARGET (a control socket path or daemon name); auto = the system's "
                  "ovs-vswitchd when it runs; none = off (default auto)");
  cmd->add_option("--keeper-metrics", f->options.keeper_metrics.url,
                  "Read this keeper's /metrics at each report and ship its netkeel_keeper_* samples with the batches, "
                  "e.g. http://10.10.0.11:9949/metrics (default: off)");
  cmd->add_option("--keeper-metrics-timeout", f->keeper_metrics_timeout,
                  "Seconds a read of --keeper-metrics may take, at most 10 (default 1)");
  cmd->add_flag("--no-icmp", f->no_icmp, "Send no ICMP echo probes");
  cmd->add_flag("--no-udp", f->no_udp, "Send no UDP echo probes");
  cmd->add_flag("--no-tcp", f->no_tcp, "Send no TCP connect probes");
  cmd->add_flag("--no-pmtu", f->no_pmtu, "Send no path-MTU probes (DF echo at the network's MTU)");
  auto log_flags = std::make_shared<LogFlags>();
  add_log_flags(*cmd, *log_flags);
  cmd->callback([f, log_flags, &exit_code] {
    start_logging(*log_flags, "netkeel agent");
    auto o = f->options;
    o.interval = seconds_option(f->interval, "--interval");
    o.timeout = seconds_option(f->timeout, "--timeout");
    o.pmtu_interval = seconds_option(f->pmtu_interval, "--pmtu-interval");
    o.report_interval = seconds_option(f->report_interval, "--report-interval");
    o.trouble_report_interval = seconds_or_zero_option(f->trouble_report_interval, "--trouble-report-interval", "1");
    o.trouble_report_for = seconds_option(f->trouble_report_for, "--trouble-report-for");
    o.icmp = !f->no_icmp;
    o.udp = !f->no_udp;
    o.tcp = !f->no_tcp;
    o.pmtu = !f->no_pmtu;
    if (f->once) o.rounds = f->rounds;
    o.flap_damping.half_life = seconds_or_zero_option(f->flap_half_life, "--flap-half-life", "15");
    o.flap_damping.up_hold = seconds_or_zero_option(f->flap_up_hold, "--flap-up-hold", "1");
    o.flap_damping.forget_after = seconds_or_zero_option(f->flap_forget, "--flap-forget", "60");
    agent::check_flap_damping(o.flap_damping);  // exit 2 before anything starts
    o.plan_check_interval = seconds_option(f->site_reload_interval, "--site-reload-interval");
    if (o.site_file.empty() == f->site_from.empty()) {
      throw UsageError("give the site either as --site FILE or as --site-from URL (a netkeel server run with --site), "
                       "not both and not neither");
    }
    if (!f->site_from.empty()) {
      o.site_from = agent::checked_site_from(f->site_from, o.shipping.token_file, f->site_cache,
                                             std::chrono::duration_cast<std::chrono::milliseconds>(o.plan_check_interval));
      http::check_tls_client_files(o.shipping.tls, f->site_from);
    }
    o.keeper_metrics.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
        seconds_option(f->keeper_metrics_timeout, "--keeper-metrics-timeout"));
    if (!o.keeper_metrics.url.empty()) agent::check_keeper_scrape_options(o.keeper_metrics);
    if (!o.shipping.server_url.empty()) agent::check_shipping_options(o.shipping);  // exit 2 before anything starts
    // Enter first: every socket, netlink handle and /proc/net read below belongs to that namespace.
    if (!f->netns.empty()) kernel::enter_network_namespace(f->netns);
    SystemClock clock;
    agent::Agent a(o, agent::make_system_agent_parts(o, clock));
    if (!f->once) {
      a.run();
      exit_code = kExitOk;
      return;
    }
    const auto snapshot = a.run_once();
    if (f->format == "json") {
      std::printf("%s\n", agent::snapshot_json(snapshot).dump(2).c_str());
    } else {
      std::fputs(agent::render_prometheus_text(snapshot).c_str(), stdout);
    }
    exit_code = kExitOk;
  });
}

}  // namespace netkeel::cli
