#include "netkeel/store/probe_windows.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "netkeel/core/error.hpp"
#include "netkeel/store/leb128.hpp"
#include "netkeel/store/probe_matrix.hpp"

namespace netkeel::store {
namespace {

// A rise that is a whole number below 2^52 (every probe counter's) is stored as LEB128(2 x rise), one
// byte for a rise up to 63; any other as the marker 1 and its 8 bytes, so every rise comes back exact.
constexpr double largest_whole_rise = 4503599627370496.0;  // 2^52

void append_rise(std::vector<std::uint8_t>& out, double rise) {
  if (rise >= 0 && rise < largest_whole_rise && rise == std::floor(rise)) {
    append_leb128(out, static_cast<std::uint64_t>(rise) << 1);
    return;
  }
  out.push_back(1);
  std::uint8_t raw[sizeof(double)];
  std::memcpy(raw, &rise, sizeof raw);
  out.insert(out.end(), raw, raw + sizeof raw);
}

// The bytes were written by this class: no bounds to check beyond the slot's end.
inline std::uint64_t read_number(const std::uint8_t*& at) {
  std::uint64_t value = 0;
  unsigned shift = 0;
  while (true) {
    const std::uint8_t byte = *at++;
    value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
    shift += 7;
  }
}

inline double read_rise(const std::uint8_t*& at) {
  const std::uint64_t number = read_number(at);
  if ((number & 1) == 0) return static_cast<double>(number >> 1);
  double rise = 0;
  std::memcpy(&rise, at, sizeof rise);
  at += sizeof rise;
  return rise;
}

constexpr TimestampMs sane_time = TimestampMs{1} << 62;  // 146 million years either side of 1970

std::string pair_key(std::string_view src, std::string_view dst) {
  std::string key = std::to_string(src.size());
  key += ':';
  key += src;
  key += dst;
  return key;
}

}  // namespace

ProbeWindows::ProbeWindows(std::int64_t span_ms, std::int64_t slot_ms) : span_ms_(span_ms), slot_ms_(slot_ms) {
  if (slot_ms_ < 1 || slot_ms_ > 65'000) throw UsageError("probe windows: the slot must be 1 ms to 65 s");
  if (span_ms_ < slot_ms_) throw UsageError("probe windows: the span must be at least one slot");
}

std::int64_t ProbeWindows::slot_of(TimestampMs t) const {
  const std::int64_t q = t / slot_ms_;
  return q * slot_ms_ > t ? q - 1 : q;
}

void ProbeWindows::add_series(std::int64_t id, const Series& series) {
  Metric metric;
  if (series.metric == probe_sent_metric) {
    metric = Metric::sent;
  } else if (series.metric == probe_lost_metric) {
    metric = Metric::lost;
  } else if (series.metric == probe_rtt_metric) {
    metric = Metric::rtt;
  } else {
    return;
  }
  if (id < 0) return;
  const auto at = static_cast<std::size_t>(id);
  if (at >= window_of_id_.size()) window_of_id_.resize(std::max(at + 1, window_of_id_.size() * 2), -1);
  if (window_of_id_[at] >= 0) return;
  window_of_id_[at] = static_cast<std::int32_t>(windows_.size());
  SeriesWindow window;
  window.metric = metric;
  window.kind = std::string(series.label("kind"));
  windows_.push_back(std::move(window));
  Network& network = networks_[std::string(series.label("network"))];
  const std::string_view src = series.label("src");
  const std::string_view dst = series.label("dst");
  const auto [it, added] = network.index.try_emplace(pair_key(src, dst), static_cast<std::uint32_t>(network.pairs.size()));
  if (added) {
    if (!network.pairs.empty()) {
      const Pair& last = network.pairs.back();
      if (std::tie(last.src, last.dst) > std::tie(src, dst)) network.sorted = false;
    }
    network.pairs.push_back(Pair{std::string(src), std::string(dst), {}});
  }
  network.pairs[it->second].series.push_back(static_cast<std::uint32_t>(windows_.size() - 1));
}

void ProbeWindows::held_from(TimestampMs t) { held_from_ = std::max(held_from_, t); }

TimestampMs ProbeWindows::answers_from() const {
  TimestampMs from = std::max(held_from_, in_order_from_);
  if (horizon_slot_ != std::numeric_limits<std::int64_t>::min()) from = std::max(from, horizon_slot_ * slot_ms_);
  return from;
}

void ProbeWindows::advance(TimestampMs t) {
  if (t <= newest_) return;
  newest_ = t;
  // t - span, saturating (a sample near INT64_MIN).
  const TimestampMs oldest_kept = t < std::numeric_limits<TimestampMs>::min() + span_ms_ ? std::numeric_limits<TimestampMs>::min()
                                                                                         : t - span_ms_;
  const std::int64_t horizon = slot_of(oldest_kept);
  if (horizon <= horizon_slot_) return;
  horizon_slot_ = horizon;
  for (SeriesWindow& w : windows_) evict(w);  // once a slot of data time: bounded memory for quiet series too
}

void ProbeWindows::evict(SeriesWindow& w) const {
  if (w.slots.empty() || w.first_slot >= horizon_slot_) return;
  const auto drop = static_cast<std::size_t>(std::min<std::int64_t>(horizon_slot_ - w.first_slot,
                                                                    static_cast<std::int64_t>(w.slots.size())));
  if (drop == w.slots.size()) {
    w.slots = {};  // frees the memory, not just the contents
    w.bytes = {};
    w.histogram = {};
    return;
  }
  const std::uint32_t bytes_base = w.slots[drop].bytes_begin;
  const std::uint32_t histogram_base = w.slots[drop].histogram_begin;
  w.slots.erase(w.slots.begin(), w.slots.begin() + static_cast<std::ptrdiff_t>(drop));
  w.bytes.erase(w.bytes.begin(), w.bytes.begin() + bytes_base);
  w.histogram.erase(w.histogram.begin(), w.histogram.begin() + histogram_base);
  for (Slot& s : w.slots) {
    s.bytes_begin -= bytes_base;
    s.histogram_begin -= histogram_base;
  }
  w.first_slot += static_cast<std::int64_t>(drop);
}

template <typename Visit>
void ProbeWindows::decode_slot(const SeriesWindow& w, std::size_t slot_index, Visit visit) const {
  const std::uint8_t* at = w.bytes.data() + w.slots[slot_index].bytes_begin;
  const std::uint8_t* end =
      w.bytes.data() + (slot_index + 1 < w.slots.size() ? w.slots[slot_index + 1].bytes_begin : w.bytes.size());
  Decoded d{(w.first_slot + static_cast<std::int64_t>(slot_index)) * slot_ms_, w.slots[slot_index].total_before, 0};
  while (at < end) {
    d.timestamp_ms += static_cast<TimestampMs>(read_number(at));
    if (w.metric == Metric::rtt) {
      d.bucket = static_cast<std::uint32_t>(read_number(at));
    } else {
      d.total += read_rise(at);
    }
    if (!visit(d)) return;
  }
}

void ProbeWindows::close_slot(SeriesWindow& w, std::size_t slot_index) {
  if (w.metric != Metric::rtt) return;
  decoded_.clear();
  decode_slot(w, slot_index, [&](const Decoded& d) {
    decoded_.push_back(d);
    return true;
  });
  std::sort(decoded_.begin(), decoded_.end(), [](const Decoded& a, const Decoded& b) { return a.bucket < b.bucket; });
  for (std::size_t i = 0; i < decoded_.size();) {
    std::size_t j = i;
    while (j < decoded_.size() && decoded_[j].bucket == decoded_[i].bucket && j - i < 0xffff) ++j;
    w.histogram.push_back(decoded_[i].bucket << 16 | static_cast<std::uint32_t>(j - i));
    i = j;
  }
}

void ProbeWindows::append(std::int64_t id, TimestampMs timestamp_ms, double value) {
  if (id < 0 || static_cast<std::size_t>(id) >= window_of_id_.size() || window_of_id_[static_cast<std::size_t>(id)] < 0) {
    return;
  }
  if (timestamp_ms < -sane_time || timestamp_ms > sane_time) {  // slot arithmetic would overflow: the store answers
    in_order_from_ = std::numeric_limits<TimestampMs>::max();
    return;
  }
  advance(timestamp_ms);
  SeriesWindow& w = windows_[static_cast<std::size_t>(window_of_id_[static_cast<std::size_t>(id)])];
  if (timestamp_ms <= w.last_ts) {
    // The store merges a late sample into its place (the later write of a time wins); windows that reach
    // back to it are read from the store instead.
    in_order_from_ = std::max(in_order_from_, w.last_ts + 1);
    return;
  }
  w.last_ts = timestamp_ms;
  if (std::isnan(value)) return;  // skipped by counter_increase and by the RTT percentiles alike
  double rise = 0;
  if (w.metric != Metric::rtt) {
    if (w.has_value) rise = value >= w.last_value ? value - w.last_value : value;
    w.has_value = true;
    w.last_value = value;
    w.total += rise;
  }
  const std::int64_t slot = slot_of(timestamp_ms);
  if (slot < horizon_slot_) return;  // older than the span: counted in the total, not kept
  evict(w);
  if (w.slots.empty()) {
    w.first_slot = slot;
    w.slots.push_back({0, 0, w.total - rise});
  } else {
    const std::int64_t last = w.first_slot + static_cast<std::int64_t>(w.slots.size()) - 1;
    if (slot > last) {
      close_slot(w, w.slots.size() - 1);
      for (std::int64_t s = last + 1; s <= slot; ++s) {
        w.slots.push_back({static_cast<std::uint32_t>(w.bytes.size()), static_cast<std::uint32_t>(w.histogram.size()),
                           w.total - rise});
      }
    }
  }
  const bool first_in_slot = w.slots.back().bytes_begin == w.bytes.size();
  append_leb128(w.bytes, static_cast<std::uint64_t>(timestamp_ms - (first_in_slot ? slot * slot_ms_ : w.last_stored_ts)));
  if (w.metric == Metric::rtt) {
    append_leb128(w.bytes, rtt_bucket(value));
  } else {
    append_rise(w.bytes, rise);
  }
  w.last_stored_ts = timestamp_ms;
}

double ProbeWindows::counter_increase_in(const SeriesWindow& w, TimestampMs start, TimestampMs end) const {
  if (w.slots.empty()) return 0;
  const std::int64_t last_slot = w.first_slot + static_cast<std::int64_t>(w.slots.size()) - 1;
  // The running total at the window's first sample...
  bool found = false;
  double first_total = 0;
  for (std::int64_t s = std::max(slot_of(start), w.first_slot); s <= last_slot && !found; ++s) {
    if (s * slot_ms_ > end) break;
    decode_slot(w, static_cast<std::size_t>(s - w.first_slot), [&](const Decoded& d) {
      if (d.timestamp_ms < start) return true;
      if (d.timestamp_ms <= end) {
        found = true;
        first_total = d.total;
      }
      return false;
    });
  }
  if (!found) return 0;
  // ... and at its last: the newest sample's when the window reaches it.
  if (end >= w.last_stored_ts) return w.total - first_total;
  const auto index = static_cast<std::size_t>(slot_of(end) - w.first_slot);
  double last_total = w.slots[index].total_before;
  decode_slot(w, index, [&](const Decoded& d) {
    if (d.timestamp_ms > end) return false;
    last_total = d.total;
    return true;
  });
  return last_total - first_total;
}

void ProbeWindows::add_rtts_in(const SeriesWindow& w, TimestampMs start, TimestampMs end, RttHistogram& into) const {
  if (w.slots.empty()) return;
  const std::int64_t last_slot = w.first_slot + static_cast<std::int64_t>(w.slots.size()) - 1;
  const std::int64_t to = std::min(slot_of(end), last_slot);
  for (std::int64_t s = std::max(slot_of(start), w.first_slot); s <= to; ++s) {
    const auto index = static_cast<std::size_t>(s - w.first_slot);
    const TimestampMs slot_start = s * slot_ms_;
    if (s < last_slot && slot_start >= start && slot_start + slot_ms_ - 1 <= end) {  // closed and inside
      const std::uint32_t* entry = w.histogram.data() + w.slots[index].histogram_begin;
      const std::uint32_t* entries_end = w.histogram.data() + w.slots[index + 1].histogram_begin;
      for (; entry < entries_end; ++entry) into.add(*entry >> 16, *entry & 0xffff);
      continue;
    }
    decode_slot(w, index, [&](const Decoded& d) {
      if (d.timestamp_ms > end) return false;
      if (d.timestamp_ms >= start) into.add(d.bucket);
      return true;
    });
  }
}

void ProbeWindows::sort_pairs(Network& network) {
  if (network.sorted) return;
  std::sort(network.pairs.begin(), network.pairs.end(),
            [](const Pair& a, const Pair& b) { return std::tie(a.src, a.dst) < std::tie(b.src, b.dst); });
  network.index.clear();
  for (std::size_t i = 0; i < network.pairs.size(); ++i) {
    network.index.emplace(pair_key(network.pairs[i].src, network.pairs[i].dst), static_cast<std::uint32_t>(i));
  }
  network.sorted = true;
}

ProbeMatrix ProbeWindows::matrix(const ProbeMatrixQuery& query) {
  query.deadline.check("probe matrix");
  ProbeMatrix out{query.network, {}};
  // Every sample kept lies within +-sane_time: clamping changes no answer and keeps slot numbers in range.
  const TimestampMs start = std::max(query.start_ms, -sane_time);
  const TimestampMs end = std::min(query.end_ms, sane_time);
  auto it = networks_.find(query.network);
  if (it == networks_.end()) return out;
  Network& network = it->second;
  sort_pairs(network);
  out.pairs.reserve(network.pairs.size());
  for (std::size_t i = 0; i < network.pairs.size(); ++i) {
    if (i % 256 == 0) query.deadline.check("probe matrix");
    const Pair& pair = network.pairs[i];
    ProbePair p{pair.src, pair.dst, 0, 0, 0, 0, 0, {}};
    scratch_.clear();
    for (std::uint32_t index : pair.series) {
      const SeriesWindow& w = windows_[index];
      const bool counts = query.kind.empty() || w.kind == query.kind;
      if (w.metric == Metric::rtt) {
        if (counts) add_rtts_in(w, start, end, scratch_);
        continue;
      }
      const double increase = counter_increase_in(w, start, end);
      auto kind = std::find_if(p.kinds.begin(), p.kinds.end(), [&](const ProbeKindLoss& k) { return k.kind == w.kind; });
      if (kind == p.kinds.end()) kind = p.kinds.insert(p.kinds.end(), ProbeKindLoss{w.kind});
      (w.metric == Metric::sent ? kind->sent : kind->lost) += increase;
      if (counts) (w.metric == Metric::sent ? p.sent : p.lost) += increase;
    }
    std::tie(p.rtt_p50_seconds, p.rtt_p99_seconds) = scratch_.percentiles(0.5, 0.99);
    for (ProbeKindLoss& kind : p.kinds) kind.loss = kind.sent > 0 ? kind.lost / kind.sent : 0.0;
    if (p.kinds.size() > 1) {
      std::sort(p.kinds.begin(), p.kinds.end(), [](const ProbeKindLoss& a, const ProbeKindLoss& b) { return a.kind < b.kind; });
    }
    p.loss = p.sent > 0 ? p.lost / p.sent : 0.0;
    out.pairs.push_back(std::move(p));
  }
  return out;
}

std::uint64_t ProbeWindows::memory_bytes() const {
  std::uint64_t bytes = windows_.capacity() * sizeof(SeriesWindow) + window_of_id_.capacity() * sizeof(std::int32_t);
  for (const SeriesWindow& w : windows_) {
    bytes += w.slots.capacity() * sizeof(Slot) + w.bytes.capacity() + w.histogram.capacity() * sizeof(std::uint32_t);
  }
  for (const auto& [name, network] : networks_) {
    bytes += network.pairs.capacity() * sizeof(Pair) + network.index.size() * 64;
    for (const Pair& pair : network.pairs) bytes += pair.series.capacity() * sizeof(std::uint32_t);
  }
  return bytes;
}

}  // namespace netkeel::store
