#include "netkeel/store/probe_matrix.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

#include "netkeel/store/rtt_histogram.hpp"

namespace netkeel::store {

double counter_increase(std::span<const Point> points) {
  double increase = 0;
  bool have_previous = false;
  double previous = 0;
  for (const Point& p : points) {
    if (std::isnan(p.value)) continue;
    if (have_previous) increase += p.value >= previous ? p.value - previous : p.value;
    previous = p.value;
    have_previous = true;
  }
  return increase;
}

double percentile(std::span<const double> sorted, double q) {
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double rank = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(rank));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (rank - static_cast<double>(below));
}

SeriesSelector probe_selector(const char* metric, const std::string& network) {
  return SeriesSelector{metric, {LabelMatcher("network", MatchOp::equal, network)}};
}

ProbeMatrixBuilder::Accumulator& ProbeMatrixBuilder::pair_of(const Series& series) {
  const std::string_view src = series.label("src");
  const std::string_view dst = series.label("dst");
  // "<length of src>:<src><dst>": unambiguous whatever bytes the labels hold.
  key_scratch_.assign(std::to_string(src.size()));
  key_scratch_ += ':';
  key_scratch_ += src;
  key_scratch_ += dst;
  const auto [it, added] = pair_index_.try_emplace(key_scratch_, pairs_.size());
  if (added) pairs_.push_back(Pair{std::string(src), std::string(dst), {}});
  return pairs_[it->second].acc;
}

void ProbeMatrixBuilder::add_counts(const Series& series, double sent, double lost) {
  Accumulator& acc = pair_of(series);
  const std::string_view kind = series.label("kind");
  auto it = std::find_if(acc.kinds.begin(), acc.kinds.end(), [&](const ProbeKindLoss& k) { return k.kind == kind; });
  if (it == acc.kinds.end()) it = acc.kinds.insert(acc.kinds.end(), ProbeKindLoss{std::string(kind)});
  it->sent += sent;
  it->lost += lost;
  if (!counts(series)) return;
  acc.sent += sent;
  acc.lost += lost;
}

void ProbeMatrixBuilder::add_sent(const Series& series, std::span<const Point> points) {
  add_counts(series, counter_increase(points), 0);
}

void ProbeMatrixBuilder::add_lost(const Series& series, std::span<const Point> points) {
  add_counts(series, 0, counter_increase(points));
}

void ProbeMatrixBuilder::add_sent_increase(const Series& series, double increase) { add_counts(series, increase, 0); }

void ProbeMatrixBuilder::add_lost_increase(const Series& series, double increase) { add_counts(series, 0, increase); }

void ProbeMatrixBuilder::add_rtt(const Series& series, std::span<const Point> points) {
  Accumulator& acc = pair_of(series);  // even when it does not count: the pair exists
  if (!counts(series)) return;
  const std::size_t begin = rtt_values_.size();
  for (const Point& p : points) {
    if (!std::isnan(p.value)) rtt_values_.push_back(p.value);
  }
  const Run run{begin, rtt_values_.size()};
  if (run.begin == run.end) return;
  if (acc.first_run.begin == acc.first_run.end) {
    acc.first_run = run;
  } else {
    acc.more_runs.push_back(run);
  }
}

ProbeMatrix ProbeMatrixBuilder::build(const std::string& network) {
  ProbeMatrix matrix{network, {}};
  matrix.pairs.reserve(pairs_.size());
  std::sort(pairs_.begin(), pairs_.end(),
            [](const Pair& a, const Pair& b) { return a.src != b.src ? a.src < b.src : a.dst < b.dst; });
  pair_index_.clear();  // its indexes no longer hold after the sort
  for (Pair& pair : pairs_) {
    Accumulator& acc = pair.acc;
    // Through the RTT histogram's buckets, as every back end and the store's in-memory windows report them.
    histogram_.clear();
    auto add_run = [&](const Run& run) {
      for (std::size_t i = run.begin; i < run.end; ++i) histogram_.add_value(rtt_values_[i]);
    };
    add_run(acc.first_run);
    for (const Run& run : acc.more_runs) add_run(run);
    const auto [p50, p99] = histogram_.percentiles(0.5, 0.99);
    for (ProbeKindLoss& kind : acc.kinds) kind.loss = kind.sent > 0 ? kind.lost / kind.sent : 0.0;
    std::sort(acc.kinds.begin(), acc.kinds.end(), [](const ProbeKindLoss& a, const ProbeKindLoss& b) { return a.kind < b.kind; });
    matrix.pairs.push_back(ProbePair{pair.src, pair.dst, acc.sent, acc.lost, acc.sent > 0 ? acc.lost / acc.sent : 0.0,
                                     p50, p99, std::move(acc.kinds)});
  }
  pairs_.clear();
  return matrix;
}

void ProbeMatrixBuilder::clear() {
  only_kind_.clear();
  pairs_.clear();
  pair_index_.clear();
  rtt_values_.clear();
}

ProbeMatrix compute_probe_matrix(const std::string& network, std::span<const SeriesPoints> sent,
                                 std::span<const SeriesPoints> lost, std::span<const SeriesPoints> rtt,
                                 const std::string& only_kind) {
  ProbeMatrixBuilder builder;
  builder.count_only_kind(only_kind);
  for (const SeriesPoints& s : sent) builder.add_sent(s.series, s.points);
  for (const SeriesPoints& s : lost) builder.add_lost(s.series, s.points);
  for (const SeriesPoints& s : rtt) builder.add_rtt(s.series, s.points);
  return builder.build(network);
}

}  // namespace netkeel::store
