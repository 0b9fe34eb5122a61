#include "netkeel/store/probe_matrix.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

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

double select_percentile(std::vector<double>& values, double q) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double rank = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(rank));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(below), values.end());
  const double low = values[below];
  if (below + 1 >= values.size()) return low;
  const double high = *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(below) + 1, values.end());
  return low + (high - low) * (rank - static_cast<double>(below));
}

SeriesSelector probe_selector(const char* metric, const std::string& network) {
  return SeriesSelector{metric, {LabelMatcher("network", MatchOp::equal, network)}};
}

ProbeMatrixBuilder::Accumulator& ProbeMatrixBuilder::pair_of(const Series& series) {
  return pairs_[std::pair{std::string(series.label("src")), std::string(series.label("dst"))}];
}

void ProbeMatrixBuilder::add_sent(const Series& series, std::span<const Point> points) {
  pair_of(series).sent += counter_increase(points);
}

void ProbeMatrixBuilder::add_lost(const Series& series, std::span<const Point> points) {
  pair_of(series).lost += counter_increase(points);
}

void ProbeMatrixBuilder::add_rtt(const Series& series, std::span<const Point> points) {
  auto& rtts = pair_of(series).rtts;
  for (const Point& p : points) {
    if (!std::isnan(p.value)) rtts.push_back(p.value);
  }
}

ProbeMatrix ProbeMatrixBuilder::build(const std::string& network) {
  ProbeMatrix matrix{network, {}};
  matrix.pairs.reserve(pairs_.size());
  for (auto& [src_dst, acc] : pairs_) {
    matrix.pairs.push_back(ProbePair{src_dst.first, src_dst.second, acc.sent, acc.lost,
                                     acc.sent > 0 ? acc.lost / acc.sent : 0.0, select_percentile(acc.rtts, 0.5),
                                     select_percentile(acc.rtts, 0.99)});
  }
  return matrix;
}

ProbeMatrix compute_probe_matrix(const std::string& network, std::span<const SeriesPoints> sent,
                                 std::span<const SeriesPoints> lost, std::span<const SeriesPoints> rtt) {
  ProbeMatrixBuilder builder;
  for (const SeriesPoints& s : sent) builder.add_sent(s.series, s.points);
  for (const SeriesPoints& s : lost) builder.add_lost(s.series, s.points);
  for (const SeriesPoints& s : rtt) builder.add_rtt(s.series, s.points);
  return builder.build(network);
}

}  // namespace netkeel::store
