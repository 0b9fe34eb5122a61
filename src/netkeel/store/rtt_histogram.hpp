#pragma once
// The probe matrix's RTT percentiles come from a log-linear histogram, not from every sample: exact p50/p99
// over the 27M RTTs of a 300 x 300 matrix cannot be had in 100 ms. Each power of two is cut into 64 equal
// buckets, so a bucket is at most 1/64 (1.6%) of its lower edge wide, and a percentile reported at the
// bucket's midpoint is within 1/128 (0.8%) of the exact one (docs/api.md, "GET /api/v1/matrix").
// Every back end and the store's in-memory windows use these buckets, so their answers are equal. Pure.
#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <utility>

namespace netkeel::store {

inline constexpr int rtt_buckets_per_octave = 64;
inline constexpr int rtt_lowest_exponent = -32;  // 2^-32 s (0.23 ns): below it, bucket 0 (reported as 0)
inline constexpr int rtt_highest_exponent = 16;  // 2^16 s: at or above it, the last bucket (reported as 2^16)
inline constexpr std::uint32_t rtt_bucket_count =
    2 + static_cast<std::uint32_t>((rtt_highest_exponent - rtt_lowest_exponent) * rtt_buckets_per_octave);

// The bucket of an RTT in seconds (NaN, zero and negative values go to bucket 0).
std::uint32_t rtt_bucket(double seconds);
// The value a bucket stands for: its midpoint (0 for bucket 0, 2^16 for the last).
double rtt_bucket_value(std::uint32_t bucket);
// The bucket's bounds [lower, upper).
std::pair<double, double> rtt_bucket_bounds(std::uint32_t bucket);

// Counts per bucket, dense, reused across pairs: clear() resets only the buckets that were touched.
class RttHistogram {
 public:
  RttHistogram() { counts_.fill(0); }
  void add(std::uint32_t bucket, std::uint32_t count = 1) {
    counts_[bucket] += count;
    total_ += count;
    if (bucket < lowest_) lowest_ = bucket;
    if (bucket > highest_) highest_ = bucket;
  }
  void add_value(double seconds) { add(rtt_bucket(seconds)); }
  // Adds one RTT per bucket in [begin, end), all within [low, high] (the caller knows the bounds, so the
  // loop only counts).
  template <typename It>
  void add_buckets(It begin, It end, std::uint32_t low, std::uint32_t high) {
    if (begin == end) return;
    lowest_ = std::min(lowest_, low);
    highest_ = std::max(highest_, high);
    total_ += static_cast<std::uint64_t>(end - begin);
    for (; begin != end; ++begin) ++counts_[*begin];
  }
  void merge(const RttHistogram& other);
  std::uint64_t total() const { return total_; }
  std::uint32_t count(std::uint32_t bucket) const { return counts_[bucket]; }
  // R type 7 percentiles (as store::percentile defines them) of the buckets' values: the values at ranks
  // floor(q (n - 1)) and the next, interpolated. q_low <= q_high; NaN when empty.
  std::pair<double, double> percentiles(double q_low, double q_high) const;
  void clear();
  // percentiles() and clear() in one pass over the buckets (the matrix's per-pair step).
  std::pair<double, double> take_percentiles(double q_low, double q_high);
  // The non-empty buckets as (bucket, count), ascending.
  template <typename Visit>
  void for_each(Visit visit) const {
    if (total_ == 0) return;
    for (std::uint32_t b = lowest_; b <= highest_; ++b) {
      if (counts_[b] != 0) visit(b, counts_[b]);
    }
  }

 private:
  template <bool Clear>
  std::pair<double, double> walk_percentiles(double q_low, double q_high);
  std::array<std::uint32_t, rtt_bucket_count> counts_;
  std::uint64_t total_ = 0;
  std::uint32_t lowest_ = rtt_bucket_count;
  std::uint32_t highest_ = 0;
};

// The two percentiles of the values through the histogram (what the matrix reports for them).
std::pair<double, double> histogram_percentiles(std::span<const double> values, double q_low, double q_high);

}  // namespace netkeel::store
