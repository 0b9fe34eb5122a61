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
