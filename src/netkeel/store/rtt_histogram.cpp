#include "netkeel/store/rtt_histogram.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>

namespace netkeel::store {
namespace {

constexpr std::uint32_t last_bucket = rtt_bucket_count - 1;

}  // namespace

std::uint32_t rtt_bucket(double seconds) {
  // From the double's bits: the exponent picks the octave, the mantissa's top 6 bits the bucket in it
  // (no log() per sample: the store buckets every RTT it is sent).
  if (!(seconds >= std::ldexp(1.0, rtt_lowest_exponent))) return 0;  // NaN too
  if (seconds >= std::ldexp(1.0, rtt_highest_exponent)) return last_bucket;
  const auto bits = std::bit_cast<std::uint64_t>(seconds);
  const int exponent = static_cast<int>((bits >> 52) & 0x7ff) - 1023;
  const auto sub = static_cast<std::uint32_t>((bits >> (52 - 6)) & (rtt_buckets_per_octave - 1));
  return 1 + static_cast<std::uint32_t>(exponent - rtt_lowest_exponent) * rtt_buckets_per_octave + sub;
}

std::pair<double, double> rtt_bucket_bounds(std::uint32_t bucket) {
  if (bucket == 0) return {0, std::ldexp(1.0, rtt_lowest_exponent)};
  if (bucket >= last_bucket) return {std::ldexp(1.0, rtt_highest_exponent), std::numeric_limits<double>::infinity()};
  const int octave = static_cast<int>((bucket - 1) / rtt_buckets_per_octave) + rtt_lowest_exponent;
  const int sub = static_cast<int>((bucket - 1) % rtt_buckets_per_octave);
  const double width = std::ldexp(1.0, octave) / rtt_buckets_per_octave;
  const double lower = std::ldexp(1.0, octave) + sub * width;
  return {lower, lower + width};
}

double rtt_bucket_value(std::uint32_t bucket) {
  // A table: the matrix asks for four values per pair.
  static const std::array<double, rtt_bucket_count> values = [] {
    std::array<double, rtt_bucket_count> table{};
    for (std::uint32_t b = 1; b < last_bucket; ++b) {
      const auto [lower, upper] = rtt_bucket_bounds(b);
      table[b] = (lower + upper) / 2;
    }
    table[last_bucket] = std::ldexp(1.0, rtt_highest_exponent);
    return table;
  }();
  return values[std::min(bucket, last_bucket)];
}

void RttHistogram::merge(const RttHistogram& other) {
  other.for_each([&](std::uint32_t bucket, std::uint32_t count) { add(bucket, count); });
}

template <bool Clear>
std::pair<double, double> RttHistogram::walk_percentiles(double q_low, double q_high) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  if (total_ == 0) return {nan, nan};
  const double n_minus_1 = static_cast<double>(total_ - 1);
  // The four ranks needed, ascending: floor(r_low), +1, floor(r_high), +1 (capped at n - 1).
  const double rank_low = q_low * n_minus_1;
  const double rank_high = q_high * n_minus_1;
  std::array<std::uint64_t, 4> ranks{};
  ranks[0] = static_cast<std::uint64_t>(std::floor(rank_low));
  ranks[1] = std::min<std::uint64_t>(ranks[0] + 1, total_ - 1);
  ranks[2] = static_cast<std::uint64_t>(std::floor(rank_high));
  ranks[3] = std::min<std::uint64_t>(ranks[2] + 1, total_ - 1);
  std::array<double, 4> values{};
  std::size_t next = 0;
  std::uint64_t seen = 0;  // values in the buckets before b
  for (std::uint32_t b = lowest_; b <= highest_ && (Clear || next < ranks.size()); ++b) {
    const std::uint32_t c = counts_[b];
    if (c == 0) continue;
    if constexpr (Clear) counts_[b] = 0;
    seen += c;
    while (next < ranks.size() && ranks[next] < seen) values[next++] = rtt_bucket_value(b);
  }
  if constexpr (Clear) {
    total_ = 0;
    lowest_ = rtt_bucket_count;
    highest_ = 0;
  }
  const double low = values[0] + (values[1] - values[0]) * (rank_low - static_cast<double>(ranks[0]));
  const double high = values[2] + (values[3] - values[2]) * (rank_high - static_cast<double>(ranks[2]));
  return {low, high};
}

std::pair<double, double> RttHistogram::percentiles(double q_low, double q_high) const {
  return const_cast<RttHistogram*>(this)->walk_percentiles<false>(q_low, q_high);  // reads only
}

std::pair<double, double> RttHistogram::take_percentiles(double q_low, double q_high) {
  return walk_percentiles<true>(q_low, q_high);
}

void RttHistogram::clear() {
  if (total_ != 0) {
    for (std::uint32_t b = lowest_; b <= highest_; ++b) counts_[b] = 0;
  }
  total_ = 0;
  lowest_ = rtt_bucket_count;
  highest_ = 0;
}

std::pair<double, double> histogram_percentiles(std::span<const double> values, double q_low, double q_high) {
  thread_local RttHistogram histogram;  // 12 KB: not on the stack, not reallocated per pair
  histogram.clear();
  for (double v : values) {
    if (!std::isnan(v)) histogram.add_value(v);
  }
  return histogram.percentiles(q_low, q_high);
}

}  // namespace netkeel::store
