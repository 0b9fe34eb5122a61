#include "netkeel/agent/batch_builder.hpp"

#include <unordered_map>

#include "netkeel/agent/metric_families.hpp"
#include "netkeel/store/link_event_kind.hpp"

namespace netkeel::agent {
namespace {

// Adds each series once (the store rejects a batch that lists one twice) and samples by index.
class BatchWriter {
 public:
  explicit BatchWriter(store::Batch& batch) : batch_(batch) {}

  std::uint32_t series(std::string metric, std::vector<store::Label> labels) {
    std::erase_if(labels, [](const store::Label& l) { return l.value.empty(); });  // "" = absent, as in Prometheus
    store::Series s = store::make_series(std::move(metric), std::move(labels));
    auto [it, inserted] = index_.try_emplace(store::canonical_key(s), std::uint32_t(batch_.series.size()));
    if (inserted) batch_.series.push_back(std::move(s));
    return it->second;
  }

  void sample(std::uint32_t series, store::TimestampMs t_ms, double value) {
    batch_.samples.push_back({series, t_ms, value});
  }

 private:
  store::Batch& batch_;
  std::unordered_map<std::string, std::uint32_t> index_;
};

// The walk's samples that are not page-only, as series with the page's names and labels.
class ShippedSamples final : public MetricSink {
 public:
  ShippedSamples(BatchWriter& out, store::TimestampMs t_ms) : out_(out), t_ms_(t_ms) {}

  void family(std::string_view name, std::string_view, std::string_view) override { name_.assign(name); }

  void sample(std::string_view suffix, std::span<const LabelView> labels, double value, ValueFormat, bool page_only) override {
    if (page_only) return;
    std::vector<store::Label> kept;
    kept.reserve(labels.size());
    for (const auto& l : labels) kept.push_back({std::string(l.name), std::string(l.value)});
    out_.sample(out_.series(name_ + std::string(suffix), std::move(kept)), t_ms_, value);
  }

 private:
  BatchWriter& out_;
  store::TimestampMs t_ms_;
  std::string name_;
};

store::TimestampMs unix_ms(Nanoseconds realtime) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(realtime).count();
}

// Raw events are every IFF_RUNNING change as netlink reported it; the damped ones below are what the
// agent reports as link_down / link_up (docs/agent.md, "Flap damping").
store::Event raw_link_event(const std::string& host, const collect::LinkEvent& e) {
  store::Event event;
  event.timestamp_ms = unix_ms(e.at);
  event.host = host;
  if (e.removed) {
    event.kind = to_string(store::LinkEventKind::removed);
    event.text = e.name + " removed";
  } else if (e.up) {
    event.kind = to_string(store::LinkEventKind::raw_up);
    event.text = e.name + " up (raw netlink change)";
  } else {
    event.kind = to_string(store::LinkEventKind::raw_down);
    event.text = e.name + " down (raw netlink change: carrier lost or set down)";
  }
  return event;
}

store::Event damped_link_event(const std::string& host, const LinkStateEvent& e) {
  store::Event event;
  event.timestamp_ms = unix_ms(e.at);
  event.host = host;
  event.kind = to_string(e.kind);
  switch (e.kind) {
    case store::LinkEventKind::flapping:
      event.text = e.interface + " flapping (quick up/down changes; damped until they stop)";
      break;
    case store::LinkEventKind::up: event.text = e.interface + " up (held up)"; break;
    default: event.text = e.interface + " down";
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

  ShippedSamples shipped(out, anchor.wall_ms);
  walk_metric_families(snapshot, shipped);

  for (const auto& r : snapshot.probes) {
    if (r.interval.replies.empty()) continue;
    const std::uint32_t rtt = out.series("netkeel_probe_rtt_seconds", probe_labels(r.target));
    for (const auto& reply : r.interval.replies) out.sample(rtt, anchor.to_wall_ms(reply.at), to_seconds(reply.rtt));
  }

  if (snapshot.keeper_scrape) {
    for (const auto& sample : snapshot.keeper_scrape->samples) {
      std::vector<store::Label> labels = sample.labels;
      labels.push_back({"host", snapshot.host});
      out.sample(out.series(sample.metric, std::move(labels)), snapshot.keeper_scrape->at_ms, sample.value);
    }
  }

  for (const auto& e : snapshot.link_events) batch.events.push_back(raw_link_event(snapshot.host, e));
  for (const auto& e : snapshot.link_state_events) batch.events.push_back(damped_link_event(snapshot.host, e));
  return batch;
}

}  // namespace netkeel::agent
