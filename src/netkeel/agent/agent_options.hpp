#pragma once
// Every knob of `netkeel agent`, with its default (docs/agent.md lists them all).
#include <cstdint>
#include <optional>
#include <string>

#include "netkeel/agent/keeper_scrape.hpp"
#include "netkeel/agent/served_site_source.hpp"
#include "netkeel/agent/shipping_options.hpp"
#include "netkeel/core/clock.hpp"
#include "netkeel/core/flap_damper.hpp"
#include "netkeel/probe/probe_targets.hpp"

namespace netkeel::agent {

struct AgentOptions {
  std::string site_file;                                    // --site FILE, or:
  std::optional<SiteFromOptions> site_from;                 // --site-from URL (with --token-file, --site-cache)
  std::string host;                                         // --host (required): who this agent is
  Nanoseconds interval = std::chrono::seconds(1);           // --interval: per target
  Nanoseconds timeout = std::chrono::seconds(1);            // --timeout: a probe is lost after this
  // --pmtu-interval: path-MTU probes per target, rounded to a whole number of --interval (at least
  // one); --once ignores it (every round probes every target). See docs/agent.md for why 10 s.
  Nanoseconds pmtu_interval = std::chrono::seconds(10);
  double jitter = 0.1;                                      // --jitter: ± fraction of the interval
  double max_probes_per_second = 1000;                      // --budget: per agent; 0 = none
  uint16_t responder_port = probe::kDefaultResponderPort;   // --responder-port
  int udp_source_ports = 8;                                 // --udp-source-ports
  bool icmp = true, udp = true, tcp = true, pmtu = true;    // --no-icmp / --no-udp / --no-tcp / --no-pmtu
  Nanoseconds report_interval = std::chrono::seconds(10);   // --report-interval: RTT quantile window, collections
  // --trouble-report-interval / --trouble-report-for: after a link event or a target that stops answering
  // (a probe lost right after a reply), report this often instead of every report_interval, for this
  // long after the latest such onset, so the server sees a dead peer or link within seconds.
  // 0 = never report early.
  Nanoseconds trouble_report_interval = std::chrono::seconds(1);
  Nanoseconds trouble_report_for = std::chrono::seconds(15);
  // --site-reload-interval: how often the site file is checked for changes (--site-from: polled).
  Nanoseconds plan_check_interval = std::chrono::seconds(5);
  std::string metrics_address = "0.0.0.0:9947";             // --metrics-address HOST:PORT ("" = off)
  std::optional<uint64_t> rounds;                           // --once --rounds N: probes per target, then exit
  std::string libvirt_uri = "qemu:///system";               // --libvirt-uri: per-VM counters ("" or "none" = off)
  std::string ovs_ctl = "auto";                             // --ovs-ctl: OVS bonds (auto = the system's if running; none = off)
  FlapDamperOptions flap_damping;  // --flap-penalty, --flap-suppress, --flap-reuse, --flap-half-life, --flap-up-hold, --flap-forget
  // --keeper-metrics URL, --keeper-metrics-timeout: the keeper's page, read at each report and shipped
  // with the next batch (docs/agent.md); off when the URL is empty. --once does not read it.
  KeeperScrapeOptions keeper_metrics;
  ShippingOptions shipping;  // --server, --token-file, --spool-dir, --spool-max-bytes (docs/shipping.md)
};

}  // namespace netkeel::agent
