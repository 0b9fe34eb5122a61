#include "netkeel/analyze/probe_history.hpp"

#include <algorithm>

#include "netkeel/analyze/loss_run.hpp"
#include "netkeel/store/probe_matrix.hpp"

namespace netkeel::analyze {
namespace {

// The labels of a probe series without its metric: a sent and a lost sample share it.
std::string label_key(const store::Series& series) {
  std::string key;
  for (const store::Label& label : series.labels) key.append(label.name).append("=").append(label.value).append(",");
  return key;
}

struct CounterPair {
  const store::Series* series = nullptr;
  TimestampMs at = 0;
  std::optional<double> sent;
  std::optional<double> lost;
};

}  // namespace

std::vector<Glitch> ProbeHistory::add(const store::Batch& batch, const AlertOptions& options,
                                      const std::function<void(const PairKey&, const ProbeInterval&)>& on_interval) {
  const TimestampMs newest = store::newest_timestamp(batch);
  auto [seen, inserted] = last_sample_.try_emplace(batch.id.agent_host, newest);
  if (!inserted) seen->second = std::max(seen->second, newest);

  // Sent and lost of one series at one time, found by their common labels.
  std::map<std::pair<std::string, TimestampMs>, CounterPair> counters;
  for (const store::Sample& sample : batch.samples) {
    const store::Series& series = batch.series[sample.series];
    const bool sent = series.metric == store::probe_sent_metric;
    if (!sent && series.metric != store::probe_lost_metric) continue;
    CounterPair& pair = counters[{label_key(series), sample.timestamp_ms}];
    pair.series = &series;
    pair.at = sample.timestamp_ms;
    (sent ? pair.sent : pair.lost) = sample.value;
  }
  std::vector<Glitch> glitches;
  for (auto& [key, pair] : counters) {
    if (!pair.sent || !pair.lost) continue;
    const std::string_view network = pair.series->label("network");
    const std::string_view src = pair.series->label("src");
    const std::string_view dst = pair.series->label("dst");
    if (network.empty() || src.empty() || dst.empty()) continue;
    if (pair.series->label("kind") == "tcp") service_targets_.emplace(dst);
    auto [state, first] = counters_.try_emplace(key.first, CounterState{pair.at, *pair.sent, *pair.lost});
    if (first) continue;  // the first sample only sets the baseline
    if (pair.at <= state->second.last_ms) continue;  // older than what we have: its interval is unknown
    // A counter that went down was reset (agent restart): the new value is the increase since.
    const double sent = *pair.sent >= state->second.sent ? *pair.sent - state->second.sent : *pair.sent;
    double lost = *pair.lost >= state->second.lost ? *pair.lost - state->second.lost : *pair.lost;
    lost = std::min(lost, sent);
    ProbeInterval interval{pair.at, pair.at - state->second.last_ms, sent, lost};
    state->second = {pair.at, *pair.sent, *pair.lost};
    if (sent <= 0) continue;
    const ProbeClass probe_class = pair.series->label("kind") == "pmtu" ? ProbeClass::pmtu : ProbeClass::reach;
    const PairKey pair_key{std::string(network), std::string(src), std::string(dst), probe_class};
    if (on_interval) on_interval(pair_key, interval);
    add_interval(pair_key, interval, options, glitches);
  }
  return glitches;
}

void ProbeHistory::add_interval(const PairKey& key, const ProbeInterval& interval, const AlertOptions& options,
                                std::vector<Glitch>& glitches) {
  PairWindow& window = pairs_[key];
  window.status_cache.reset();
  auto& intervals = window.intervals;
  // Several kinds of one pair report at the same time: one interval.
  auto same = std::find_if(intervals.rbegin(), intervals.rend(),
                           [&](const ProbeInterval& i) { return i.end_ms == interval.end_ms; });
  if (same != intervals.rend()) {
    same->sent += interval.sent;
    same->lost += interval.lost;
    same->duration_ms = std::max(same->duration_ms, interval.duration_ms);
    return;
  }
  const bool newest = intervals.empty() || intervals.back().end_ms < interval.end_ms;
  auto at = std::upper_bound(intervals.begin(), intervals.end(), interval.end_ms,
                             [](TimestampMs t, const ProbeInterval& i) { return t < i.end_ms; });
  intervals.insert(at, interval);
  // A clean stretch of loss_run_gap_ms right after a lossy run shorter than the fire time ends a glitch;
  // checked once, when the stretch first reaches that length.
  if (!newest || key.probe_class != ProbeClass::reach || lossy(interval, options)) return;
  std::int64_t clean_span = 0;
  std::size_t before_stretch = intervals.size();
  // (walks back no further than the gap: a clean pair's whole window is one long clean stretch)
  while (before_stretch > 0 && !lossy(intervals[before_stretch - 1], options) &&
         clean_span - interval.duration_ms < options.loss_run_gap_ms) {
    clean_span += intervals[--before_stretch].duration_ms;
  }
  if (clean_span - interval.duration_ms >= options.loss_run_gap_ms) return;  // it had ended the run before
  if (before_stretch == 0 || clean_span < options.loss_run_gap_ms) return;
  const auto run = loss_run_ending_at(intervals, before_stretch - 1, options);
  if (!run || run->last_end_ms - run->start_ms >= options.loss_fire_after_ms) return;  // sustained loss, not a glitch
  // A run that lost everything for unreachable_after_ms was an outage (host down, switch down,
  // partition: the reachability rules' news), not a burst of loss.
  if (run->longest_dead_ms >= options.unreachable_after_ms) return;
  window.glitches.push_back(run->last_end_ms);
  pairs_with_glitches_.insert(key);
  glitches.push_back({key, run->start_ms, run->last_end_ms, run->sent, run->lost});
}

void ProbeHistory::prune(TimestampMs now_ms, const AlertOptions& options) {
  const TimestampMs keep = std::max(options.loss_fire_after_ms, options.loss_clear_after_ms) * 2;
  for (auto it = pairs_.begin(); it != pairs_.end();) {
    auto& window = it->second;
    while (!window.intervals.empty() && window.intervals.front().end_ms < now_ms - keep) {
      window.intervals.pop_front();
      window.status_cache.reset();
    }
    while (!window.glitches.empty() && window.glitches.front() < now_ms - options.glitch_window_ms) {
      window.glitches.pop_front();
    }
    if (window.glitches.empty()) pairs_with_glitches_.erase(it->first);
    if (window.intervals.empty() && window.glitches.empty()) {
      it = pairs_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto it = counters_.begin(); it != counters_.end();) {
    it = it->second.last_ms < now_ms - options.forget_after_ms ? counters_.erase(it) : std::next(it);
  }
}

}  // namespace netkeel::analyze
