#pragma once
// A counter's increase over a run of samples in a form that joins runs end to end: the first and last
// non-NaN values and the increase between them (counter_increase's rule: rises summed, a drop is a reset
// whose new value counts). Every chunk keeps one, so the probe matrix adds a chunk that lies wholly inside
// its window without decoding it (docs/store.md, "Chunk summaries"). Pure.
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>

namespace netkeel::store {

struct CounterSummary {
  double first = std::numeric_limits<double>::quiet_NaN();  // NaN: no non-NaN sample yet
  double last = std::numeric_limits<double>::quiet_NaN();
  double increase = 0;

  bool empty() const { return std::isnan(first); }
  // The next sample in time order; NaN (a staleness marker) is skipped, as counter_increase does.
  void add(double value);
  // The summary of the samples that follow this one's in time.
  void append(const CounterSummary& later);
};

// 24 bytes: first, last, increase as little-endian IEEE 754 bits (bit-exact, NaN included).
inline constexpr std::size_t counter_summary_bytes = 24;
std::array<std::uint8_t, counter_summary_bytes> encode_counter_summary(const CounterSummary& summary);
// nullopt unless exactly counter_summary_bytes long.
std::optional<CounterSummary> decode_counter_summary(std::span<const std::uint8_t> bytes);

}  // namespace netkeel::store
