#include "netkeel/store/probe_matrix.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

namespace netkeel::store {
namespace {

constexpr std::size_t small_top = 8;  // up to this many values above a rank are found by one scan

// Puts the k-th smallest value at values[k], smaller or equal ones before it, greater or equal ones after
// (std::nth_element's contract). Quickselect with a branchless Lomuto partition: the comparison's outcome
// moves an index instead of taking a branch, which random RTTs mispredicted half the time in
// std::nth_element (a quarter of the 50 x 50 matrix's time). After too many rounds (many equal values)
// it hands over to std::nth_element, so the worst case stays O(n log n).
void select_nth(std::span<double> values, std::size_t k) {
  std::size_t lo = 0;
  std::size_t hi = values.size();
  int rounds_left = 2 * static_cast<int>(std::bit_width(values.size())) + 8;
  while (hi - lo > 16) {
    if (--rounds_left < 0) {
      std::nth_element(values.begin() + static_cast<std::ptrdiff_t>(lo), values.begin() + static_cast<std::ptrdiff_t>(k),
                       values.begin() + static_cast<std::ptrdiff_t>(hi));
      return;
    }
    // Median of three as the pivot, kept at hi - 1.
    const std::size_t mid = lo + (hi - lo) / 2;
    if (values[mid] < values[lo]) std::swap(values[mid], values[lo]);
    if (values[hi - 1] < values[lo]) std::swap(values[hi - 1], values[lo]);
    if (values[mid] < values[hi - 1]) std::swap(values[mid], values[hi - 1]);
    const double pivot = values[hi - 1];
    std::size_t store = lo;  // [lo, store) < pivot <= [store, i)
    for (std::size_t i = lo; i < hi - 1; ++i) {
      const double x = values[i];
      values[i] = values[store];
      values[store] = x;
      store += x < pivot ? 1 : 0;
    }
    std::swap(values[store], values[hi - 1]);
    if (k == store) return;
    if (k < store) {
      hi = store;
    } else {
      lo = store + 1;
    }
  }
  for (std::size_t i = lo + 1; i < hi; ++i) {  // a few left: insertion sort
    const double x = values[i];
    std::size_t j = i;
    for (; j > lo && x < values[j - 1]; --j) values[j] = values[j - 1];
    values[j] = x;
  }
}

}  // namespace

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

double select_percentile(std::vector<double>& values, double q) { return select_percentile(std::span<double>(values), q); }

double select_percentile(std::span<double> values, double q) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double rank = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(rank));
  select_nth(values, below);
  const double low = values[below];
  if (below + 1 >= values.size()) return low;
  const double high = *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(below) + 1, values.end());
  return low + (high - low) * (rank - static_cast<double>(below));
}

std::pair<double, double> select_percentiles(std::span<double> values, double q_low, double q_high) {
  const double low = select_percentile(values, q_low);
  if (values.size() < 2) return {low, select_percentile(values, q_high)};
  // After the first selection every value past rank floor(q_low * (n - 1)) is >= the ones before it, so
  // a rank above it is found among those alone.
  const auto offset = static_cast<std::size_t>(std::floor(q_low * static_cast<double>(values.size() - 1))) + 1;
  const double rank = q_high * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(rank));
  if (below < offset) return {low, select_percentile(values, q_high)};
  const std::size_t above = values.size() - below;  // values at or above rank `below`
  if (above <= small_top) {
    // Few values above the rank (p99 of a few hundred RTTs: 4): keep the `above` largest in one pass
    // instead of a second selection; the smallest kept is the value at rank `below`, the next at below + 1.
    double top[small_top];  // ascending
    std::size_t kept = 0;
    for (std::size_t i = offset; i < values.size(); ++i) {
      const double v = values[i];
      if (kept == above) {
        if (!(v > top[0])) continue;
        std::size_t j = 1;
        for (; j < kept && top[j] < v; ++j) top[j - 1] = top[j];
        top[j - 1] = v;
      } else {
        std::size_t j = kept++;
        for (; j > 0 && top[j - 1] > v; --j) top[j] = top[j - 1];
        top[j] = v;
      }
    }
    if (below + 1 >= values.size()) return {low, top[0]};
    return {low, top[0] + (top[1] - top[0]) * (rank - static_cast<double>(below))};
  }
  select_nth(values.subspan(offset), below - offset);
  const double high_low = values[below];
  if (below + 1 >= values.size()) return {low, high_low};
  const double high_high = *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(below) + 1, values.end());
  return {low, high_low + (high_high - high_low) * (rank - static_cast<double>(below))};
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
    std::span<double> rtts(rtt_values_.data() + acc.first_run.begin, acc.first_run.end - acc.first_run.begin);
    if (!acc.more_runs.empty()) {  // several RTT series (probe kinds): pool them
      pooled_.assign(rtts.begin(), rtts.end());
      for (const Run& run : acc.more_runs) {
        pooled_.insert(pooled_.end(), rtt_values_.begin() + static_cast<std::ptrdiff_t>(run.begin),
                       rtt_values_.begin() + static_cast<std::ptrdiff_t>(run.end));
      }
      rtts = pooled_;
    }
    const auto [p50, p99] = select_percentiles(rtts, 0.5, 0.99);
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
  pooled_.clear();
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
