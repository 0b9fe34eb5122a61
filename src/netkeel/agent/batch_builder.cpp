#include "netkeel/agent/batch_builder.hpp"

#include <cctype>
#include <unordered_map>

namespace netkeel::agent {
namespace {

// Adds each series once (the store rejects a batch that lists one twice) and samples by index.
class BatchWriter {
 public:
  explicit BatchWriter(store::Batch& batch) : batch_(batch) {}

  std::uint32_t series(std::string metric, std::vector<store::Label> labels) {
    store::Series s = store::make_series(std::move(metric), std::move(labels));
    auto [it, inserted] = index_.try_emplace(store::canonical_key(s), std::uint32_t(batch_.series.size()));
    if (inserted) batch_.series.push_back(std::move(s));
    return it->second;
  }

  void sample(std::uint32_t series, store::TimestampMs t_ms, double value) {
    batch_.samples.push_back({series, t_ms, value});
  }

  void sample(std::string metric, std::vector<store::Label> labels, store::TimestampMs t_ms, double value) {
    sample(series(std::move(metric), std::move(labels)), t_ms, value);
  }

 private:
  store::Batch& batch_;
  std::unordered_map<std::string, std::uint32_t> index_;
};

std::vector<store::Label> probe_labels(const probe::ProbeTarget& t) {
  return {{"src", t.src},
          {"dst", t.dst},
          {"network", t.network},
          {"kind", probe::to_string(t.kind)},
          {"address", t.address.str()},
          {"port", std::to_string(t.port)}};
}

// Metric names allow [a-zA-Z0-9_:]; /proc field names already look like that, but stay safe.
std::string metric_safe(std::string s) {
  for (char& c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) c = '_';
  return s;
}

double seconds(Nanoseconds d) { return double(d.count()) / 1e9; }

store::Event link_event(const std::string& host, const collect::LinkEvent& e) {
  store::Event event;
  event.timestamp_ms = std::chrono::duration_cast<std::chrono::milliseconds>(e.at).count();
  event.host = host;
  if (e.removed) {
    event.kind = "link_removed";
    event.text = e.name + " removed";
  } else if (e.up) {
    event.kind = "link_up";
    event.text = e.name + " up";
  } else {
    event.kind = "link_down";
    event.text = e.name + " down (carrier lost or set down)";
  }
  return event;
}

}  // namespace

store::TimestampMs TimeAnchor::to_wall_ms(SteadyTime t) const {
  return wall_ms + std::chrono::duration_cast<std::chrono::milliseconds>(t - steady).count();
}

store::Batch build_batch(const AgentSnapshot& snapshot, const TimeAnchor& anchor) {
  store::Batch batch;
  batch.id.agent_host = snapshot.host;
  BatchWriter out(batch);
  const store::TimestampMs now = anchor.wall_ms;

  for (const auto& r : snapshot.probes) {
    const auto labels = probe_labels(r.target);
    out.sample("netkeel_probe_sent_total", labels, now, double(r.sent_total));
    out.sample("netkeel_probe_lost_total", labels, now, double(r.lost_total));
    if (r.interval.replies.empty()) continue;
    const std::uint32_t rtt = out.series("netkeel_probe_rtt_seconds", labels);
    for (const auto& reply : r.interval.replies) out.sample(rtt, anchor.to_wall_ms(reply.at), seconds(reply.rtt));
  }

  for (const auto& nic : snapshot.nics) {
    const std::vector<store::Label> interface{{"interface", nic.name}};
    for (const auto& [stat, value] : nic.stats) out.sample("netkeel_nic_" + stat + "_total", interface, now, double(value));
    out.sample("netkeel_nic_carrier_changes_total", interface, now, double(nic.carrier_changes));
    std::vector<store::Label> carrier_labels{{"interface", nic.name}, {"oper_state", nic.oper_state}};
    if (!nic.master.empty()) carrier_labels.push_back({"master", nic.master});  // "" = absent, as in Prometheus
    out.sample("netkeel_nic_carrier", std::move(carrier_labels), now, nic.carrier ? 1 : 0);
  }
  for (const auto& [name, count] : snapshot.link_transitions) {
    out.sample("netkeel_link_transitions_total", {{"interface", name}}, now, double(count));
  }
  for (const auto& stat : snapshot.netstat) {
    out.sample("netkeel_netstat_" + metric_safe(stat.protocol) + "_" + metric_safe(stat.field), {}, now, double(stat.value));
  }
  out.sample("netkeel_responder_answered_total", {}, now, double(snapshot.responder_answered_total));
  out.sample("netkeel_collector_errors", {}, now, double(snapshot.collector_errors.size()));

  for (const auto& e : snapshot.link_events) batch.events.push_back(link_event(snapshot.host, e));
  return batch;
}

}  // namespace netkeel::agent
