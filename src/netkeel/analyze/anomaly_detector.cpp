#include "netkeel/analyze/anomaly_detector.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "netkeel/store/probe_matrix.hpp"

namespace netkeel::analyze {
namespace {

// Nearest rank, as the agent computes its quantiles, but never the single largest reply: an interval has
// a few dozen replies, so its nearest-rank p99 is its maximum, and one slow reply (a scheduling hiccup on
// either host) is noise, not a tail; a tail that matters (a slow bond member) slows many.
double quantile(std::vector<float>& values, double q) {
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
  if (values.size() >= 2) rank = std::min(rank, values.size() - 1);
  const auto at = values.begin() + static_cast<std::ptrdiff_t>(std::clamp<std::size_t>(rank, 1, values.size()) - 1);
  std::nth_element(values.begin(), at, values.end());
  return *at;
}

std::string ms_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, seconds < 0.001 ? "%.2f ms" : "%.1f ms", seconds * 1000);
  return text;
}

}  // namespace

double binomial_upper_tail(std::int64_t k, std::int64_t n, double p) {
  if (k <= 0) return 1;
  if (k > n || p <= 0) return 0;
  if (p >= 1) return 1;
  double tail = 0;
  const double log_p = std::log(p), log_q = std::log1p(-p);
  for (std::int64_t i = k; i <= n; ++i) {
    const double log_choose = std::lgamma(static_cast<double>(n) + 1) - std::lgamma(static_cast<double>(i) + 1) -
                              std::lgamma(static_cast<double>(n - i) + 1);
    tail += std::exp(log_choose + static_cast<double>(i) * log_p + static_cast<double>(n - i) * log_q);
  }
  return std::min(tail, 1.0);
}

void AnomalyDetector::add_replies(const store::Batch& batch) {
  // Each series once per batch (a series' replies share its key), then its samples.
  std::vector<std::pair<const PairKey, PairState>*> by_series(batch.series.size(), nullptr);
  std::vector<bool> looked_up(batch.series.size(), false);
  for (const store::Sample& sample : batch.samples) {
    if (!looked_up[sample.series]) {
      looked_up[sample.series] = true;
      const store::Series& series = batch.series[sample.series];
      if (series.metric != store::probe_rtt_metric || !series.label("quantile").empty()) continue;
      const std::string_view kind = series.label("kind");
      if (kind != "icmp" && kind != "udp" && kind != "tcp") continue;
      const std::string_view network = series.label("network"), src = series.label("src"), dst = series.label("dst");
      if (network.empty() || src.empty() || dst.empty()) continue;
      by_series[sample.series] =
          &*pairs_.try_emplace(PairKey{std::string(network), std::string(src), std::string(dst), ProbeClass::reach}).first;
    }
    auto* entry = by_series[sample.series];
    if (entry == nullptr || !std::isfinite(sample.value) || sample.value < 0) continue;
    if (OpenInterval* open = interval_for(entry->first, entry->second, sample.timestamp_ms)) {
      open->rtts_s.push_back(static_cast<float>(sample.value));
    }
  }
}

void AnomalyDetector::add_interval(const PairKey& pair, const ProbeInterval& interval) {
  if (pair.probe_class != ProbeClass::reach || interval.sent <= 0) return;
  // By its middle: an interval's counts are sampled at its end, its replies all through it.
  auto& entry = *pairs_.try_emplace(pair).first;
  if (OpenInterval* open = interval_for(entry.first, entry.second, interval.end_ms - interval.duration_ms / 2)) {
    open->sent += interval.sent;
    open->lost += interval.lost;
  }
}

AnomalyDetector::OpenInterval* AnomalyDetector::interval_for(const PairKey& key, PairState& pair, TimestampMs at_ms) {
  const std::int64_t bucket = at_ms / std::max<std::int64_t>(options_.interval_ms, 1);
  pair.newest_ms = std::max(pair.newest_ms, at_ms);
  if (bucket < pair.open.bucket) return nullptr;
  if (bucket > pair.open.bucket) {
    if (pair.open.bucket >= 0) judge(key, pair);
    pair.open.bucket = bucket;
    pair.open.rtts_s.clear();
    pair.open.sent = pair.open.lost = 0;
  }
  return &pair.open;
}

void AnomalyDetector::judge(const PairKey& key, PairState& pair) {
  judge_interval(pair);
  if (pair.firing) {
    firing_[key] = &pair;
  } else {
    firing_.erase(key);
  }
}

void AnomalyDetector::judge_interval(PairState& pair) {
  const AnomalyOptions& o = options_;
  OpenInterval& open = pair.open;
  IntervalFigures figures;
  figures.end_ms = (open.bucket + 1) * o.interval_ms;
  figures.replies = open.rtts_s.size();
  figures.sent = open.sent;
  figures.lost = std::min(open.lost, open.sent);
  const bool has_rtt = figures.replies >= o.min_replies;
  if (has_rtt) {
    figures.p50_s = quantile(open.rtts_s, 0.5);
    figures.p99_s = quantile(open.rtts_s, 0.99);
  }
  const BaselineOptions rtt{o.half_life_ms, o.warmup, o.rtt_relative_floor, o.rtt_absolute_floor_s};
  const BaselineOptions loss{o.half_life_ms, o.warmup, 0, 0};

  std::vector<std::string> what;
  if (has_rtt && pair.p50.warm(rtt) && pair.p50.score(figures.p50_s, rtt) >= o.score) {
    what.push_back("p50 " + ms_text(figures.p50_s) + " (normally " + ms_text(pair.p50.center()) + ")");
  }
  if (has_rtt && pair.p99.warm(rtt) && pair.p99.score(figures.p99_s, rtt) >= o.score) {
    what.push_back("p99 " + ms_text(figures.p99_s) + " (normally " + ms_text(pair.p99.center()) + ")");
  }
  if (figures.sent > 0 && pair.loss.warm(loss) && figures.lost >= 2) {
    const double normal = std::max(pair.loss.center(), o.loss_floor);
    const auto lost = static_cast<std::int64_t>(std::llround(figures.lost));
    const auto sent = static_cast<std::int64_t>(std::llround(figures.sent));
    if (binomial_upper_tail(lost, sent, normal) < o.loss_tail) {
      char text[96];
      std::snprintf(text, sizeof text, "loss %lld of %lld (normally %.2f%%)", static_cast<long long>(lost),
                    static_cast<long long>(sent), pair.loss.center() * 100);
      what.push_back(text);
    }
  }
  const std::int64_t elapsed = pair.last_judged_ms > 0 ? figures.end_ms - pair.last_judged_ms : o.interval_ms;
  pair.last_judged_ms = figures.end_ms;

  if (!what.empty()) {
    pair.normal_run = 0;
    if (++pair.anomalous_run == 1 && !pair.firing) pair.anomalous_since = figures.end_ms;
    if (pair.anomalous_run >= o.consecutive) pair.firing = true;
    pair.latest = figures;
    pair.what = std::move(what);
    if (pair.firing && pair.anomalous_since && figures.end_ms - *pair.anomalous_since >= o.accept_after_ms) {
      // A change this lasting is the new normal (a longer path, a slower link): start over from it.
      if (has_rtt) {
        pair.p50.restart(figures.p50_s);
        pair.p99.restart(figures.p99_s);
      }
      if (figures.sent > 0) pair.loss.restart(figures.lost / figures.sent);
      pair.firing = false;
      pair.anomalous_run = 0;
      pair.anomalous_since.reset();
    }
    return;
  }
  if (has_rtt) {
    pair.p50.update(figures.p50_s, elapsed, rtt);
    pair.p99.update(figures.p99_s, elapsed, rtt);
  }
  if (figures.sent > 0) pair.loss.update(figures.lost / figures.sent, elapsed, loss);
  pair.anomalous_run = 0;
  if (!pair.firing) {
    pair.anomalous_since.reset();
  } else if (++pair.normal_run >= o.consecutive) {
    pair.firing = false;
    pair.normal_run = 0;
    pair.anomalous_since.reset();
  }
}

void AnomalyDetector::prune(TimestampMs now_ms, std::int64_t forget_after_ms) {
  std::erase_if(pairs_, [&](const auto& entry) {
    const bool forget = entry.second.newest_ms < now_ms - forget_after_ms;
    if (forget) firing_.erase(entry.first);
    return forget;
  });
}

std::vector<PairAnomaly> AnomalyDetector::anomalous() const {
  std::vector<PairAnomaly> out;
  for (const auto& [key, pair] : firing_) {
    out.push_back({key, pair->anomalous_since.value_or(pair->latest.end_ms), pair->newest_ms, pair->latest, pair->what});
  }
  return out;
}

}  // namespace netkeel::analyze
