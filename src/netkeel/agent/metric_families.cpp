#include "netkeel/agent/metric_families.hpp"

#include <cctype>

namespace netkeel::agent {
namespace {

using Labels = std::vector<store::Label>;

// Metric names allow [a-zA-Z0-9_:]; /proc field names already look like that, but stay safe.
std::string metric_safe(std::string s) {
  for (char& c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) c = '_';
  return s;
}

Labels with(Labels labels, store::Label extra) {
  labels.push_back(std::move(extra));
  return labels;
}

// Appends a family and returns it for its samples.
MetricFamily& family(std::vector<MetricFamily>& out, std::string name, std::string type, std::string help) {
  out.push_back(MetricFamily{std::move(name), std::move(type), std::move(help), {}});
  return out.back();
}

void add_probes(std::vector<MetricFamily>& out, const AgentSnapshot& s) {
  auto& sent = family(out, "netkeel_probe_sent_total", "counter", "Probes sent whose fate is known (a reply or a timeout).");
  for (const auto& r : s.probes) sent.add(probe_labels(r.target), double(r.sent_total));
  auto& lost = family(out, "netkeel_probe_lost_total", "counter", "Probes without a reply within the timeout.");
  for (const auto& r : s.probes) lost.add(probe_labels(r.target), double(r.lost_total));

  auto& rtt = family(out, "netkeel_probe_rtt_seconds", "summary",
                     "Round-trip time from kernel timestamps; quantiles over the last report interval, sum and count since start.");
  for (const auto& r : s.probes) {
    const Labels labels = probe_labels(r.target);
    if (r.interval.rtt) {
      // The batch carries every reply's RTT instead, under this name without `quantile`.
      rtt.add(with(labels, {"quantile", "0.5"}), to_seconds(r.interval.rtt->p50), ValueFormat::seconds).page_only = true;
      rtt.add(with(labels, {"quantile", "0.99"}), to_seconds(r.interval.rtt->p99), ValueFormat::seconds).page_only = true;
    }
    rtt.add(labels, to_seconds(r.rtt_sum_total), ValueFormat::seconds).suffix = "_sum";
    rtt.add(labels, double(r.replies_total())).suffix = "_count";
  }

  struct IntervalGauge {
    const char* name;
    const char* help;
    Nanoseconds probe::RttSummary::*field;
  };
  for (const IntervalGauge& g : {IntervalGauge{"netkeel_probe_rtt_min_seconds", "Smallest RTT of the last report interval.", &probe::RttSummary::min},
                                 IntervalGauge{"netkeel_probe_rtt_avg_seconds", "Mean RTT of the last report interval.", &probe::RttSummary::avg},
                                 IntervalGauge{"netkeel_probe_rtt_max_seconds", "Largest RTT of the last report interval.", &probe::RttSummary::max}}) {
    auto& f = family(out, g.name, "gauge", g.help);
    for (const auto& r : s.probes)
      if (r.interval.rtt) f.add(probe_labels(r.target), to_seconds((*r.interval.rtt).*g.field), ValueFormat::seconds).page_only = true;
  }
  auto& loss = family(out, "netkeel_probe_interval_loss_ratio", "gauge", "Lost / sent over the last report interval.");
  for (const auto& r : s.probes)
    if (r.interval.sent) loss.add(probe_labels(r.target), r.interval.loss_ratio(), ValueFormat::ratio).page_only = true;

  auto& kernel = family(out, "netkeel_probe_tx_timestamp_kernel_total", "counter",
                        "Replies whose RTT started at the kernel's transmit timestamp (SO_TIMESTAMPING).");
  for (const auto& [kind, counts] : s.send_times) kernel.add({{"kind", probe::to_string(kind)}}, double(counts.kernel));
  auto& fallback = family(out, "netkeel_probe_tx_timestamp_fallback_total", "counter",
                          "Replies whose RTT started at the agent's clock before sendmsg: the kernel gave no transmit timestamp.");
  for (const auto& [kind, counts] : s.send_times) fallback.add({{"kind", probe::to_string(kind)}}, double(counts.userspace));
}

void add_nics(std::vector<MetricFamily>& out, const AgentSnapshot& s) {
  for (const auto& stat : collect::nic_stat_names()) {
    auto& f = family(out, "netkeel_nic_" + stat + "_total", "counter",
                     "The interface's " + stat + " counter (netlink stats64; /sys/class/net/IF/statistics/" + stat + ").");
    for (const auto& n : s.nics)
      if (auto it = n.stats.find(stat); it != n.stats.end()) f.add({{"interface", n.name}}, double(it->second));
  }
  auto& changes = family(out, "netkeel_nic_carrier_changes_total", "counter", "Carrier up and down changes the kernel counted.");
  for (const auto& n : s.nics) changes.add({{"interface", n.name}}, double(n.carrier_changes));
  auto& carrier = family(out, "netkeel_nic_carrier", "gauge", "1 when the interface has carrier.");
  for (const auto& n : s.nics)
    carrier.add({{"interface", n.name}, {"oper_state", n.oper_state}, {"master", n.master}}, n.carrier ? 1 : 0);
  auto& transitions = family(out, "netkeel_link_transitions_total", "counter",
                             "Up/down changes seen through netlink link events since the agent started.");
  for (const auto& [name, count] : s.link_transitions) transitions.add({{"interface", name}}, double(count));
}

// Damped link states, VMs and bonds carry the host in a label: these figures are merged across hosts
// more often than probe results, which name theirs in src.
void add_link_states(std::vector<MetricFamily>& out, const AgentSnapshot& s) {
  auto& flapping = family(out, "netkeel_link_flapping", "gauge",
                          "1 while flap damping holds the interface as flapping (several quick up->down changes; ends when the penalty decays).");
  for (const auto& [name, state] : s.link_states)
    flapping.add({{"host", s.host}, {"interface", name}}, state == DampedState::flapping ? 1 : 0);
  auto& up = family(out, "netkeel_link_up", "gauge",
                    "1 while the damped state is up (an up counts once it held; 0 while down or flapping).");
  for (const auto& [name, state] : s.link_states) up.add({{"host", s.host}, {"interface", name}}, state == DampedState::up ? 1 : 0);
}

void add_vms(std::vector<MetricFamily>& out, const AgentSnapshot& s) {
  if (s.vm_collector_up) {
    family(out, "netkeel_vm_collector_up", "gauge", "1 when libvirt answers at --libvirt-uri (0: reported once, skipped, retried).")
        .add({{"host", s.host}}, *s.vm_collector_up ? 1 : 0);
  }
  auto& info = family(out, "netkeel_vm_interface_info", "gauge", "A VM interface: its domain's UUID and its guest MAC.");
  for (const auto& v : s.vms)
    info.add({{"host", s.host}, {"domain", v.domain}, {"interface", v.interface}, {"uuid", v.uuid}, {"mac", v.mac}}, 1);
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
    auto& f = family(out, std::string("netkeel_vm_interface_") + c.name + "_total", "counter", c.help);
    for (const auto& v : s.vms)
      if (v.*c.field >= 0)  // libvirt says -1 for a counter the hypervisor does not keep
        f.add({{"host", s.host}, {"domain", v.domain}, {"interface", v.interface}}, double(v.*c.field));
  }
}

void add_bonds(std::vector<MetricFamily>& out, const AgentSnapshot& s) {
  if (s.ovs_collector_up) {
    family(out, "netkeel_ovs_collector_up", "gauge", "1 when ovs-vswitchd answers at --ovs-ctl (0: reported once, skipped, retried).")
        .add({{"host", s.host}}, *s.ovs_collector_up ? 1 : 0);
  }
  auto& info = family(out, "netkeel_bond_info", "gauge", "A bond: who runs it (kernel or ovs), its mode, LACP status and active member.");
  for (const auto& b : s.bonds)
    info.add({{"host", s.host}, {"bond", b.name}, {"source", b.source}, {"mode", b.mode}, {"lacp_status", b.lacp_status},
              {"active_member", b.active_member}},
             1);
  // One family per member figure; `value` adds the member's sample(s), or none where the figure does not apply.
  auto each_member = [&](const char* name, const char* type, const char* help, auto value) {
    auto& f = family(out, name, type, help);
    for (const auto& b : s.bonds)
      for (const auto& m : b.members) value(f, b, m, Labels{{"host", s.host}, {"bond", b.name}, {"member", m.name}});
  };
  each_member("netkeel_bond_member_up", "gauge", "1 when the bond may use the member (kernel MII up; OVS enabled).",
              [](MetricFamily& f, const auto&, const auto& m, Labels l) { f.add(std::move(l), m.up ? 1 : 0); });
  each_member("netkeel_bond_member_active", "gauge", "1 when the member carries traffic now (active-backup: the active one).",
              [](MetricFamily& f, const auto&, const auto& m, Labels l) { f.add(std::move(l), m.active ? 1 : 0); });
  each_member("netkeel_bond_member_link_failures_total", "counter", "Link failures the kernel's bonding driver counted (kernel bonds only).",
              [](MetricFamily& f, const auto& b, const auto& m, Labels l) {
                if (b.source == "kernel") f.add(std::move(l), double(m.link_failures));
              });
  each_member("netkeel_bond_lacp_attached", "gauge", "1 when the LACP member is attached to the bond's aggregator (LACP bonds only).",
              [](MetricFamily& f, const auto&, const auto& m, Labels l) {
                if (!m.lacp.empty()) f.add(std::move(l), m.lacp_attached ? 1 : 0);
              });
  each_member("netkeel_bond_lacp_status", "gauge", "1 for the member's LACP status: current, expired or defaulted (LACP bonds only).",
              [](MetricFamily& f, const auto&, const auto& m, Labels l) {
                if (!m.lacp.empty()) f.add(with(std::move(l), {"status", m.lacp}), 1);
              });
  each_member("netkeel_bond_lacp_state", "gauge",
              "LACP port state bits (802.1AX: 1 activity, 2 short timeout, 4 aggregation, 8 in sync, 16 collecting, 32 distributing, "
              "64 defaulted, 128 expired) of the actor (this host) and the partner (the switch).",
              [](MetricFamily& f, const auto&, const auto& m, Labels l) {
                if (m.actor_state) f.add(with(l, {"side", "actor"}), *m.actor_state);
                if (m.partner_state) f.add(with(l, {"side", "partner"}), *m.partner_state);
              });
}

void add_host_figures(std::vector<MetricFamily>& out, const AgentSnapshot& s) {
  for (const auto& st : s.netstat)
    family(out, "netkeel_netstat_" + metric_safe(st.protocol) + "_" + metric_safe(st.field), "untyped", "").add({}, double(st.value));
  family(out, "netkeel_responder_answered_total", "counter", "UDP probes this agent's responder echoed.")
      .add({}, double(s.responder_answered_total));
  family(out, "netkeel_collector_errors", "gauge", "Collectors that failed in the last collection.")
      .add({}, double(s.collector_errors.size()));
}

}  // namespace

std::vector<MetricFamily> metric_families(const AgentSnapshot& s) {
  std::vector<MetricFamily> out;
  add_probes(out, s);
  add_nics(out, s);
  add_link_states(out, s);
  add_vms(out, s);
  add_bonds(out, s);
  add_host_figures(out, s);
  if (s.shipping) {
    auto shipping = shipping_families(*s.shipping);
    out.insert(out.end(), std::make_move_iterator(shipping.begin()), std::make_move_iterator(shipping.end()));
  }
  return out;
}

Labels probe_labels(const probe::ProbeTarget& t) {
  return {{"src", t.src},
          {"dst", t.dst},
          {"network", t.network},
          {"kind", probe::to_string(t.kind)},
          {"address", t.address.str()},
          {"port", std::to_string(t.port)}};
}

double to_seconds(Nanoseconds d) { return double(d.count()) / 1e9; }

}  // namespace netkeel::agent
