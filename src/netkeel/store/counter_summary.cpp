#include "netkeel/store/counter_summary.hpp"

#include <bit>
#include <cmath>

namespace netkeel::store {
namespace {

double rise(double previous, double value) { return value >= previous ? value - previous : value; }

void put_double(std::uint8_t* out, double value) {
  const auto bits = std::bit_cast<std::uint64_t>(value);
  for (int i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(bits >> (8 * i));
}

double get_double(const std::uint8_t* in) {
  std::uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) bits |= static_cast<std::uint64_t>(in[i]) << (8 * i);
  return std::bit_cast<double>(bits);
}

}  // namespace

void CounterSummary::add(double value) {
  if (std::isnan(value)) return;
  if (empty()) {
    first = value;
  } else {
    increase += rise(last, value);
  }
  last = value;
}

void CounterSummary::append(const CounterSummary& later) {
  if (later.empty()) return;
  if (empty()) {
    *this = later;
    return;
  }
  // Summed per run: for integer-valued counters (below 2^53) exactly the sample-by-sample sum; for
  // fractional ones it may differ from it in the last bits (docs/store.md).
  increase += rise(last, later.first);
  increase += later.increase;
  last = later.last;
}

std::array<std::uint8_t, counter_summary_bytes> encode_counter_summary(const CounterSummary& summary) {
  std::array<std::uint8_t, counter_summary_bytes> out{};
  put_double(out.data(), summary.first);
  put_double(out.data() + 8, summary.last);
  put_double(out.data() + 16, summary.increase);
  return out;
}

std::optional<CounterSummary> decode_counter_summary(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != counter_summary_bytes) return std::nullopt;
  return CounterSummary{get_double(bytes.data()), get_double(bytes.data() + 8), get_double(bytes.data() + 16)};
}

}  // namespace netkeel::store
