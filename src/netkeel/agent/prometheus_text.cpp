#include "netkeel/agent/prometheus_text.hpp"

#include <fmt/format.h>

#include <map>

namespace netkeel::agent {

namespace {

double seconds(Nanoseconds d) { return double(d.count()) / 1e9; }

std::string probe_labels(const probe::TargetResult& r) {
  const auto& t = r.target;
  return fmt::format(R"(src="{}",dst="{}",network="{}",kind="{}",address="{}",port="{}")", escape_label_value(t.src),
                     escape_label_value(t.dst), escape_label_value(t.network), probe::to_string(t.kind),
                     t.address.str(), t.port);
}

void header(std::string& out, const std::string& name, const std::string& type, const std::string& help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

// Metric names allow [a-zA-Z0-9_:]; /proc field names are already like that but stay safe.
std::string metric_safe(std::string s) {
  for (char& c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) c = '_';
  return s;
}

// Per-VM counters, bonds and damped link states (labels carry the host: these figures are merged
// across hosts more often than probe results, which name theirs in src).
void render_vm_counters(std::string& out, const AgentSnapshot& s) {
  const std::string host = escape_label_value(s.host);
  if (s.vm_collector_up) {
    header(out, "netkeel_vm_collector_up", "gauge", "1 when libvirt answers at --libvirt-uri (0: reported once, skipped, retried).");
    out += fmt::format("netkeel_vm_collector_up{{host=\"{}\"}} {}\n", host, *s.vm_collector_up ? 1 : 0);
  }
  header(out, "netkeel_vm_interface_info", "gauge", "A VM interface: its domain's UUID and its guest MAC.");
  for (const auto& v : s.vms)
    out += fmt::format("netkeel_vm_interface_info{{host=\"{}\",domain=\"{}\",interface=\"{}\",uuid=\"{}\",mac=\"{}\"}} 1\n", host,
                       escape_label_value(v.domain), escape_label_value(v.interface), v.uuid, escape_label_value(v.mac));
  struct Counter {
    const char* name;
    const char* help;
    int64_t collect::VmInterfaceCounters::*field;
  };
  for (const Counter& c : {Counter{"receive_bytes", "Bytes the VM interface received (virDomainInterfaceStats).", &collect::VmInterfaceCounters::rx_bytes},
                           Counter{"receive_packets", "Packets the VM interface received.", &collect::VmInterfaceCounters::rx_packets},
                           Counter{"receive_errors", "Receive errors of the VM interface.", &collect::VmInterfaceCounters::rx_errors},
                           Counter{"receive_drops", "Received packets dropped on the VM interface.", &collect::VmInterfaceCounters::rx_drops},
                           Counter{"transmit_bytes", "Bytes the VM interface sent.", &collect::VmInterfaceCounters::tx_bytes},
                           Counter{"transmit_packets", "Packets the VM interface sent.", &collect::VmInterfaceCounters::tx_packets},
                           Counter{"transmit_errors", "Transmit errors of the VM interface.", &collect::VmInterfaceCounters::tx_errors},
                           Counter{"transmit_drops", "Packets dropped on the way out of the VM interface.", &collect::VmInterfaceCounters::tx_drops}}) {
    const std::string name = std::string("netkeel_vm_interface_") + c.name + "_total";
    header(out, name, "counter", c.help);
    for (const auto& v : s.vms)
      if (v.*c.field >= 0)  // libvirt says -1 for a counter the hypervisor does not keep
        out += fmt::format("{}{{host=\"{}\",domain=\"{}\",interface=\"{}\"}} {}\n", name, host, escape_label_value(v.domain),
                           escape_label_value(v.interface), v.*c.field);
  }
}

void render_bonds(std::string& out, const AgentSnapshot& s) {
  const std::string host = escape_label_value(s.host);
  if (s.ovs_collector_up) {
    header(out, "netkeel_ovs_collector_up", "gauge", "1 when ovs-vswitchd answers at --ovs-ctl (0: reported once, skipped, retried).");
    out += fmt::format("netkeel_ovs_collector_up{{host=\"{}\"}} {}\n", host, *s.ovs_collector_up ? 1 : 0);
  }
  header(out, "netkeel_bond_info", "gauge", "A bond: who runs it (kernel or ovs), its mode, LACP status and active member.");
  for (const auto& b : s.bonds)
    out += fmt::format("netkeel_bond_info{{host=\"{}\",bond=\"{}\",source=\"{}\",mode=\"{}\",lacp_status=\"{}\",active_member=\"{}\"}} 1\n",
                       host, escape_label_value(b.name), b.source, escape_label_value(b.mode), escape_label_value(b.lacp_status),
                       escape_label_value(b.active_member));
  auto each_member = [&](const char* name, const char* type, const char* help, auto value) {
    header(out, name, type, help);
    for (const auto& b : s.bonds)
      for (const auto& m : b.members) {
        const std::string labels = fmt::format("host=\"{}\",bond=\"{}\",member=\"{}\"", host, escape_label_value(b.name), escape_label_value(m.name));
        value(b, m, labels);
      }
  };
  each_member("netkeel_bond_member_up", "gauge", "1 when the bond may use the member (kernel MII up; OVS enabled).",
              [&](const auto&, const auto& m, const std::string& l) { out += fmt::format("netkeel_bond_member_up{{{}}} {}\n", l, m.up ? 1 : 0); });
  each_member("netkeel_bond_member_active", "gauge", "1 when the member carries traffic now (active-backup: the active one).",
              [&](const auto&, const auto& m, const std::string& l) { out += fmt::format("netkeel_bond_member_active{{{}}} {}\n", l, m.active ? 1 : 0); });
  each_member("netkeel_bond_member_link_failures_total", "counter", "Link failures the kernel's bonding driver counted (kernel bonds only).",
              [&](const auto& b, const auto& m, const std::string& l) {
                if (b.source == "kernel") out += fmt::format("netkeel_bond_member_link_failures_total{{{}}} {}\n", l, m.link_failures);
              });
  each_member("netkeel_bond_lacp_attached", "gauge", "1 when the LACP member is attached to the bond's aggregator (LACP bonds only).",
              [&](const auto&, const auto& m, const std::string& l) {
                if (!m.lacp.empty()) out += fmt::format("netkeel_bond_lacp_attached{{{}}} {}\n", l, m.lacp_attached ? 1 : 0);
              });
  each_member("netkeel_bond_lacp_status", "gauge", "1 for the member's LACP status: current, expired or defaulted (LACP bonds only).",
              [&](const auto&, const auto& m, const std::string& l) {
                if (!m.lacp.empty()) out += fmt::format("netkeel_bond_lacp_status{{{},status=\"{}\"}} 1\n", l, m.lacp);
              });
  each_member("netkeel_bond_lacp_state", "gauge",
              "LACP port state bits (802.1AX: 1 activity, 2 short timeout, 4 aggregation, 8 in sync, 16 collecting, 32 distributing, "
              "64 defaulted, 128 expired) of the actor (this host) and the partner (the switch).",
              [&](const auto&, const auto& m, const std::string& l) {
                if (m.actor_state) out += fmt::format("netkeel_bond_lacp_state{{{},side=\"actor\"}} {}\n", l, *m.actor_state);
                if (m.partner_state) out += fmt::format("netkeel_bond_lacp_state{{{},side=\"partner\"}} {}\n", l, *m.partner_state);
              });
}

void render_link_states(std::string& out, const AgentSnapshot& s) {
  header(out, "netkeel_link_flapping", "gauge",
         "1 while flap damping holds the interface as flapping (several quick up->down changes; ends when the penalty decays).");
  for (const auto& [name, state] : s.link_states)
    out += fmt::format("netkeel_link_flapping{{host=\"{}\",interface=\"{}\"}} {}\n", escape_label_value(s.host), escape_label_value(name),
                       state == DampedState::flapping ? 1 : 0);
}

}  // namespace

std::string escape_label_value(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string render_prometheus_text(const AgentSnapshot& s) {
  std::string out;
  header(out, "netkeel_probe_sent_total", "counter", "Probes sent whose fate is known (a reply or a timeout).");
  for (const auto& r : s.probes) out += fmt::format("netkeel_probe_sent_total{{{}}} {}\n", probe_labels(r), r.sent_total);
  header(out, "netkeel_probe_lost_total", "counter", "Probes without a reply within the timeout.");
  for (const auto& r : s.probes) out += fmt::format("netkeel_probe_lost_total{{{}}} {}\n", probe_labels(r), r.lost_total);
  header(out, "netkeel_probe_rtt_seconds", "summary",
         "Round-trip time from kernel timestamps; quantiles over the last report interval, sum and count since start.");
  for (const auto& r : s.probes) {
    const std::string l = probe_labels(r);
    if (r.interval.rtt) {
      out += fmt::format("netkeel_probe_rtt_seconds{{{},quantile=\"0.5\"}} {:.9f}\n", l, seconds(r.interval.rtt->p50));
      out += fmt::format("netkeel_probe_rtt_seconds{{{},quantile=\"0.99\"}} {:.9f}\n", l, seconds(r.interval.rtt->p99));
    }
    out += fmt::format("netkeel_probe_rtt_seconds_sum{{{}}} {:.9f}\n", l, seconds(r.rtt_sum_total));
    out += fmt::format("netkeel_probe_rtt_seconds_count{{{}}} {}\n", l, r.replies_total());
  }
  struct Gauge {
    const char* name;
    const char* help;
    Nanoseconds probe::RttSummary::*field;
  };
  for (const Gauge& g : {Gauge{"netkeel_probe_rtt_min_seconds", "Smallest RTT of the last report interval.", &probe::RttSummary::min},
                         Gauge{"netkeel_probe_rtt_avg_seconds", "Mean RTT of the last report interval.", &probe::RttSummary::avg},
                         Gauge{"netkeel_probe_rtt_max_seconds", "Largest RTT of the last report interval.", &probe::RttSummary::max}}) {
    header(out, g.name, "gauge", g.help);
    for (const auto& r : s.probes)
      if (r.interval.rtt) out += fmt::format("{}{{{}}} {:.9f}\n", g.name, probe_labels(r), seconds((*r.interval.rtt).*g.field));
  }
  header(out, "netkeel_probe_interval_loss_ratio", "gauge", "Lost / sent over the last report interval.");
  for (const auto& r : s.probes)
    if (r.interval.sent) out += fmt::format("netkeel_probe_interval_loss_ratio{{{}}} {}\n", probe_labels(r), r.interval.loss_ratio());
  header(out, "netkeel_probe_tx_timestamp_kernel_total", "counter",
         "Replies whose RTT started at the kernel's transmit timestamp (SO_TIMESTAMPING).");
  for (const auto& [kind, counts] : s.send_times)
    out += fmt::format("netkeel_probe_tx_timestamp_kernel_total{{kind=\"{}\"}} {}\n", probe::to_string(kind), counts.kernel);
  header(out, "netkeel_probe_tx_timestamp_fallback_total", "counter",
         "Replies whose RTT started at the agent's clock before sendmsg: the kernel gave no transmit timestamp.");
  for (const auto& [kind, counts] : s.send_times)
    out += fmt::format("netkeel_probe_tx_timestamp_fallback_total{{kind=\"{}\"}} {}\n", probe::to_string(kind), counts.userspace);

  for (const auto& stat : collect::nic_stat_names()) {
    const std::string name = "netkeel_nic_" + stat + "_total";
    header(out, name, "counter", "The interface's " + stat + " counter (netlink stats64; /sys/class/net/IF/statistics/" + stat + ").");
    for (const auto& n : s.nics) {
      auto it = n.stats.find(stat);
      if (it != n.stats.end()) out += fmt::format("{}{{interface=\"{}\"}} {}\n", name, escape_label_value(n.name), it->second);
    }
  }
  header(out, "netkeel_nic_carrier_changes_total", "counter", "Carrier up and down changes the kernel counted.");
  for (const auto& n : s.nics)
    out += fmt::format("netkeel_nic_carrier_changes_total{{interface=\"{}\"}} {}\n", escape_label_value(n.name), n.carrier_changes);
  header(out, "netkeel_nic_carrier", "gauge", "1 when the interface has carrier.");
  for (const auto& n : s.nics)
    out += fmt::format("netkeel_nic_carrier{{interface=\"{}\",oper_state=\"{}\",master=\"{}\"}} {}\n", escape_label_value(n.name),
                       escape_label_value(n.oper_state), escape_label_value(n.master), n.carrier ? 1 : 0);
  header(out, "netkeel_link_transitions_total", "counter", "Up/down changes seen through netlink link events since the agent started.");
  for (const auto& [name, count] : s.link_transitions)
    out += fmt::format("netkeel_link_transitions_total{{interface=\"{}\"}} {}\n", escape_label_value(name), count);

  render_link_states(out, s);
  render_vm_counters(out, s);
  render_bonds(out, s);

  for (const auto& st : s.netstat) {
    const std::string name = "netkeel_netstat_" + metric_safe(st.protocol) + "_" + metric_safe(st.field);
    out += fmt::format("# TYPE {} untyped\n{} {}\n", name, name, st.value);
  }
  header(out, "netkeel_responder_answered_total", "counter", "UDP probes this agent's responder echoed.");
  out += fmt::format("netkeel_responder_answered_total {}\n", s.responder_answered_total);
  header(out, "netkeel_collector_errors", "gauge", "Collectors that failed in the last collection.");
  out += fmt::format("netkeel_collector_errors {}\n", s.collector_errors.size());
  return out;
}

}  // namespace netkeel::agent
