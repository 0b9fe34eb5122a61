#include "netkeel/agent/metric_families.hpp"

#include <array>
#include <cctype>
#include <initializer_list>

#include "netkeel/collect/proc_net_stats.hpp"

namespace netkeel::agent {
namespace {

// Metric names allow [a-zA-Z0-9_:]; /proc field names already look like that, but stay safe.
std::string metric_safe(std::string s) {
  for (char& c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) c = '_';
  return s;
}

// The family's usual sample: no suffix, shipped. The initializer list's array lives until the end of
// the call's full expression, so the span stays valid for the sink.
void add(MetricSink& out, std::initializer_list<LabelView> labels, double value, ValueFormat format = ValueFormat::integer) {
  out.sample("", std::span<const LabelView>(labels.begin(), labels.size()), value, format, false);
}

// A probe target's six labels, with room for a seventh (a summary's quantile). Holds the three values
// the target keeps in another form; the views point into it and into the target, so it does not move.
class ProbeLabelViews {
 public:
  explicit ProbeLabelViews(const probe::ProbeTarget& t)
      : kind_(probe::to_string(t.kind)),
        address_(t.address.str()),
        port_(std::to_string(t.port)),
        views_{{{"src", t.src}, {"dst", t.dst}, {"network", t.network}, {"kind", kind_}, {"address", address_}, {"port", port_}, {}}} {}
  ProbeLabelViews(const ProbeLabelViews&) = delete;
  ProbeLabelViews& operator=(const ProbeLabelViews&) = delete;

  std::span<const LabelView> all() const { return std::span<const LabelView>(views_).first(6); }
  std::span<const LabelView> with(LabelView extra) {
    views_[6] = extra;
    return views_;
  }

 private:
  std::string kind_;  // all three fit the short-string buffer: no allocation per target
  std::string address_;
  std::string port_;
  std::array<LabelView, 7> views_;
};

void add_probes(MetricSink& out, const AgentSnapshot& s) {
  out.family("netkeel_probe_sent_total", "counter", "Probes sent whose fate is known (a reply or a timeout).");
  for (const auto& r : s.probes) out.sample("", ProbeLabelViews(r.target).all(), double(r.sent_total), ValueFormat::integer, false);
  out.family("netkeel_probe_lost_total", "counter", "Probes without a reply within the timeout.");
  for (const auto& r : s.probes) out.sample("", ProbeLabelViews(r.target).all(), double(r.lost_total), ValueFormat::integer, false);
  // Shipped too: `netkeel query netkeel_probe_unanswered_total` says why a UDP pair shows fewer probes.
  out.family("netkeel_probe_unanswered_total", "counter",
             "UDP probes lost before the peer's responder first answered while its kernel answered ICMP (its agent "
             "was not up yet): in neither sent nor lost.");
  for (const auto& r : s.probes)
    if (r.target.kind == probe::ProbeKind::udp)
      out.sample("", ProbeLabelViews(r.target).all(), double(r.unanswered_total), ValueFormat::integer, false);

  out.family("netkeel_probe_rtt_seconds", "summary",
             "Round-trip time from kernel timestamps; quantiles over the last report interval, sum and count since start.");
  for (const auto& r : s.probes) {
    ProbeLabelViews labels(r.target);
    if (r.interval.rtt) {
      // The batch carries every reply's RTT instead, under this name without `quantile`.
      out.sample("", labels.with({"quantile", "0.5"}), to_seconds(r.interval.rtt->p50), ValueFormat::seconds, true);
      out.sample("", labels.with({"quantile", "0.99"}), to_seconds(r.interval.rtt->p99), ValueFormat::seconds, true);
    }
    out.sample("_sum", labels.all(), to_seconds(r.rtt_sum_total), ValueFormat::seconds, false);
    out.sample("_count", labels.all(), double(r.replies_total()), ValueFormat::integer, false);
  }

  struct IntervalGauge {
    const char* name;
    const char* help;
    Nanoseconds probe::RttSummary::*field;
  };
  for (const IntervalGauge& g : {IntervalGauge{"netkeel_probe_rtt_min_seconds", "Smallest RTT of the last report interval.", &probe::RttSummary::min},
                                 IntervalGauge{"netkeel_probe_rtt_avg_seconds", "Mean RTT of the last report interval.", &probe::RttSummary::avg},
                                 IntervalGauge{"netkeel_probe_rtt_max_seconds", "Largest RTT of the last report interval.", &probe::RttSummary::max}}) {
    out.family(g.name, "gauge", g.help);
    for (const auto& r : s.probes)
      if (r.interval.rtt)
        out.sample("", ProbeLabelViews(r.target).all(), to_seconds((*r.interval.rtt).*g.field), ValueFormat::seconds, true);
  }
  out.family("netkeel_probe_interval_loss_ratio", "gauge", "Lost / sent over the last report interval.");
  for (const auto& r : s.probes)
    if (r.interval.sent) out.sample("", ProbeLabelViews(r.target).all(), r.interval.loss_ratio(), ValueFormat::ratio, true);

  out.family("netkeel_probe_tx_timestamp_kernel_total", "counter",
             "Replies whose RTT started at the kernel's transmit timestamp (SO_TIMESTAMPING).");
  for (const auto& [kind, counts] : s.send_times) add(out, {{"kind", probe::to_string(kind)}}, double(counts.kernel));
  out.family("netkeel_probe_tx_timestamp_fallback_total", "counter",
             "Replies whose RTT started at the agent's clock before sendmsg: the kernel gave no transmit timestamp.");
  for (const auto& [kind, counts] : s.send_times) add(out, {{"kind", probe::to_string(kind)}}, double(counts.userspace));
}

void add_nics(MetricSink& out, const AgentSnapshot& s) {
  for (const auto& stat : collect::nic_stat_names()) {
    out.family("netkeel_nic_" + stat + "_total", "counter",
               "The interface's " + stat + " counter (netlink stats64; /sys/class/net/IF/statistics/" + stat + ").");
    for (const auto& n : s.nics)
      if (auto it = n.stats.find(stat); it != n.stats.end()) add(out, {{"interface", n.name}}, double(it->second));
  }
  out.family("netkeel_nic_carrier_changes_total", "counter", "Carrier up and down changes the kernel counted.");
  for (const auto& n : s.nics) add(out, {{"interface", n.name}}, double(n.carrier_changes));
  out.family("netkeel_nic_carrier", "gauge", "1 when the interface has carrier.");
  for (const auto& n : s.nics) add(out, {{"interface", n.name}, {"oper_state", n.oper_state}, {"master", n.master}}, n.carrier ? 1 : 0);
  out.family("netkeel_link_transitions_total", "counter", "Up/down changes seen through netlink link events since the agent started.");
  for (const auto& [name, count] : s.link_transitions) add(out, {{"interface", name}}, double(count));
}

// Damped link states, VMs and bonds carry the host in a label: these figures are merged across hosts
// more often than probe results, which name theirs in src.
void add_link_states(MetricSink& out, const AgentSnapshot& s) {
  out.family("netkeel_link_flapping", "gauge",
             "1 while flap damping holds the interface as flapping (several quick up->down changes; ends when the penalty decays).");
  for (const auto& [name, state] : s.link_states) add(out, {{"host", s.host}, {"interface", name}}, state == DampedState::flapping ? 1 : 0);
  out.family("netkeel_link_up", "gauge", "1 while the damped state is up (an up counts once it held; 0 while down or flapping).");
  for (const auto& [name, state] : s.link_states) add(out, {{"host", s.host}, {"interface", name}}, state == DampedState::up ? 1 : 0);
}

void add_vms(MetricSink& out, const AgentSnapshot& s) {
  if (s.vm_collector_up) {
    out.family("netkeel_vm_collector_up", "gauge", "1 when libvirt answers at --libvirt-uri (0: reported once, skipped, retried).");
    add(out, {{"host", s.host}}, *s.vm_collector_up ? 1 : 0);
  }
  out.family("netkeel_vm_interface_info", "gauge", "A VM interface: its domain's UUID and its guest MAC.");
  for (const auto& v : s.vms)
    add(out, {{"host", s.host}, {"domain", v.domain}, {"interface", v.interface}, {"uuid", v.uuid}, {"mac", v.mac}}, 1);
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
    out.family(std::string("netkeel_vm_interface_") + c.name + "_total", "counter", c.help);
    for (const auto& v : s.vms)
      if (v.*c.field >= 0)  // libvirt says -1 for a counter the hypervisor does not keep
        add(out, {{"host", s.host}, {"domain", v.domain}, {"interface", v.interface}}, double(v.*c.field));
  }
}

void add_bonds(MetricSink& out, const AgentSnapshot& s) {
  if (s.ovs_collector_up) {
    out.family("netkeel_ovs_collector_up", "gauge", "1 when ovs-vswitchd answers at --ovs-ctl (0: reported once, skipped, retried).");
    add(out, {{"host", s.host}}, *s.ovs_collector_up ? 1 : 0);
  }
  out.family("netkeel_bond_info", "gauge", "A bond: who runs it (kernel or ovs), its mode, LACP status and active member.");
  for (const auto& b : s.bonds)
    add(out, {{"host", s.host}, {"bond", b.name}, {"source", b.source}, {"mode", b.mode}, {"lacp_status", b.lacp_status}, {"active_member", b.active_member}},
        1);
  // One family per member figure; `value` adds the member's sample(s), or none where the figure does
  // not apply. `labels` holds host, bond, member and a free fourth slot.
  using MemberLabels = std::array<LabelView, 4>;
  auto each_member = [&](const char* name, const char* type, const char* help, auto value) {
    out.family(name, type, help);
    for (const auto& b : s.bonds)
      for (const auto& m : b.members) {
        MemberLabels labels{{{"host", s.host}, {"bond", b.name}, {"member", m.name}, {}}};
        value(b, m, labels);
      }
  };
  auto three = [](const MemberLabels& l) { return std::span<const LabelView>(l).first(3); };
  auto shipped = [&](std::span<const LabelView> labels, double value) { out.sample("", labels, value, ValueFormat::integer, false); };
  each_member("netkeel_bond_member_up", "gauge", "1 when the bond may use the member (kernel MII up; OVS enabled).",
              [&](const auto&, const auto& m, MemberLabels& l) { shipped(three(l), m.up ? 1 : 0); });
  each_member("netkeel_bond_member_active", "gauge", "1 when the member carries traffic now (active-backup: the active one).",
              [&](const auto&, const auto& m, MemberLabels& l) { shipped(three(l), m.active ? 1 : 0); });
  each_member("netkeel_bond_member_link_failures_total", "counter", "Link failures the kernel's bonding driver counted (kernel bonds only).",
              [&](const auto& b, const auto& m, MemberLabels& l) {
                if (b.source == "kernel") shipped(three(l), double(m.link_failures));
              });
  each_member("netkeel_bond_lacp_attached", "gauge", "1 when the LACP member is attached to the bond's aggregator (LACP bonds only).",
              [&](const auto&, const auto& m, MemberLabels& l) {
                if (!m.lacp.empty()) shipped(three(l), m.lacp_attached ? 1 : 0);
              });
  each_member("netkeel_bond_lacp_status", "gauge", "1 for the member's LACP status: current, expired or defaulted (LACP bonds only).",
              [&](const auto&, const auto& m, MemberLabels& l) {
                l[3] = {"status", m.lacp};
                if (!m.lacp.empty()) shipped(l, 1);
              });
  each_member("netkeel_bond_lacp_state", "gauge",
              "LACP port state bits (802.1AX: 1 activity, 2 short timeout, 4 aggregation, 8 in sync, 16 collecting, 32 distributing, "
              "64 defaulted, 128 expired) of the actor (this host) and the partner (the switch).",
              [&](const auto&, const auto& m, MemberLabels& l) {
                l[3] = {"side", "actor"};
                if (m.actor_state) shipped(l, *m.actor_state);
                l[3] = {"side", "partner"};
                if (m.partner_state) shipped(l, *m.partner_state);
              });
}

void add_host_figures(MetricSink& out, const AgentSnapshot& s) {
  out.family("netkeel_build_info", "gauge", "Always 1: the agent's netkeel version, in a label.");
  add(out, {{"version", s.version}}, 1);
  for (const auto& st : s.netstat) {
    out.family("netkeel_netstat_" + metric_safe(st.protocol) + "_" + metric_safe(st.field), "untyped",
               collect::proc_net_stat_help(st));
    add(out, {}, double(st.value));
  }
  out.family("netkeel_responder_answered_total", "counter", "UDP probes this agent's responder echoed.");
  add(out, {}, double(s.responder_answered_total));
  out.family("netkeel_collector_errors", "gauge", "Collectors that failed in the last collection.");
  add(out, {}, double(s.collector_errors.size()));
}

// Keeps what the walk hands over (metric_families()).
class FamilyCollector final : public MetricSink {
 public:
  void family(std::string_view name, std::string_view type, std::string_view help) override {
    families.push_back(MetricFamily{std::string(name), std::string(type), std::string(help), {}});
  }
  void sample(std::string_view suffix, std::span<const LabelView> labels, double value, ValueFormat format, bool page_only) override {
    std::vector<store::Label> kept;
    kept.reserve(labels.size());
    for (const auto& l : labels) kept.push_back({std::string(l.name), std::string(l.value)});
    families.back().samples.push_back(MetricSample{std::string(suffix), std::move(kept), value, format, page_only});
  }
  std::vector<MetricFamily> families;
};

}  // namespace

void walk_metric_families(const AgentSnapshot& s, MetricSink& sink) {
  add_probes(sink, s);
  add_nics(sink, s);
  add_link_states(sink, s);
  add_vms(sink, s);
  add_bonds(sink, s);
  add_host_figures(sink, s);
  if (s.shipping) walk_metric_families(shipping_families(*s.shipping), sink);
  if (s.keeper_scrapes) walk_metric_families(keeper_scrape_families(*s.keeper_scrapes), sink);
}

void walk_metric_families(const std::vector<MetricFamily>& families, MetricSink& sink) {
  std::vector<LabelView> views;
  for (const auto& f : families) {
    sink.family(f.name, f.type, f.help);
    for (const auto& sample : f.samples) {
      views.clear();
      for (const auto& l : sample.labels) views.push_back({l.name, l.value});
      sink.sample(sample.suffix, views, sample.value, sample.format, sample.page_only);
    }
  }
}

std::vector<MetricFamily> metric_families(const AgentSnapshot& snapshot) {
  FamilyCollector collector;
  walk_metric_families(snapshot, collector);
  return std::move(collector.families);
}

std::vector<store::Label> probe_labels(const probe::ProbeTarget& t) {
  return {{"src", t.src},
          {"dst", t.dst},
          {"network", t.network},
          {"kind", probe::to_string(t.kind)},
          {"address", t.address.str()},
          {"port", std::to_string(t.port)}};
}

double to_seconds(Nanoseconds d) { return double(d.count()) / 1e9; }

}  // namespace netkeel::agent
