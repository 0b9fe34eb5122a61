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

SeriesSelector probe_selector(const char* metric, const std::string& network) {
  return SeriesSelector{metric, {LabelMatcher("network", MatchOp::equal, network)}};
}

ProbeMatrix compute_probe_matrix(const std::string& network, std::span<const SeriesPoints> sent,
                                 std::span<const SeriesPoints> lost, std::span<const SeriesPoints> rtt) {
  struct Accumulator {
    double sent = 0;
    double lost = 0;
    std::vector<double> rtts;
  };
  std::map<std::pair<std::string, std::string>, Accumulator> pairs;
  auto key = [](const Series& s) { return std::pair{std::string(s.label("src")), std::string(s.label("dst"))}; };
  for (const SeriesPoints& s : sent) pairs[key(s.series)].sent += counter_increase(s.points);
  for (const SeriesPoints& s : lost) pairs[key(s.series)].lost += counter_increase(s.points);
  for (const SeriesPoints& s : rtt) {
    auto& rtts = pairs[key(s.series)].rtts;
    for (const Point& p : s.points) {
      if (!std::isnan(p.value)) rtts.push_back(p.value);
    }
  }
  ProbeMatrix matrix{network, {}};
  matrix.pairs.reserve(pairs.size());
  for (auto& [src_dst, acc] : pairs) {
    std::sort(acc.rtts.begin(), acc.rtts.end());
    matrix.pairs.push_back(ProbePair{src_dst.first, src_dst.second, acc.sent, acc.lost,
                                     acc.sent > 0 ? acc.lost / acc.sent : 0.0, percentile(acc.rtts, 0.5),
                                     percentile(acc.rtts, 0.99)});
  }
  return matrix;
}

}  // namespace netkeel::store
