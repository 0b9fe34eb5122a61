#include "netkeel/store/probe_windows.hpp"

#include <algorithm>
#include <cmath>

#include "netkeel/core/error.hpp"
#include "netkeel/store/probe_matrix.hpp"

namespace netkeel::store {
namespace {

constexpr std::uint32_t large_rise_marker = 0xffff;  // the rise is in large_rises

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
      const std::string_view last_src = last.src, last_dst = last.dst;  // one type on both sides (clang)
      if (std::tie(last_src, last_dst) > std::tie(src, dst)) network.sorted = false;
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
    w.offsets = {};
    w.values = {};
    w.large_rises = {};
    return;
  }
  const std::uint32_t samples_base = w.slots[drop].sample_begin;
  const std::uint32_t large_base = w.metric == Metric::rtt ? 0 : w.slots[drop].large_begin_or_buckets;
  w.slots.erase(w.slots.begin(), w.slots.begin() + static_cast<std::ptrdiff_t>(drop));
  w.offsets.erase(w.offsets.begin(), w.offsets.begin() + samples_base);
  w.values.erase(w.values.begin(), w.values.begin() + samples_base);
  w.large_rises.erase(w.large_rises.begin(), w.large_rises.begin() + large_base);
  for (Slot& s : w.slots) {
    s.sample_begin -= samples_base;
    s.large_begin_or_buckets -= large_base;
  }
  w.first_slot += static_cast<std::int64_t>(drop);
}

std::pair<std::uint32_t, std::uint32_t> ProbeWindows::slot_samples(const SeriesWindow& w, std::size_t slot_index) const {
  const std::uint32_t end = slot_index + 1 < w.slots.size() ? w.slots[slot_index + 1].sample_begin
                                                            : static_cast<std::uint32_t>(w.offsets.size());
  return {w.slots[slot_index].sample_begin, end};
}

double ProbeWindows::total_through(const SeriesWindow& w, std::size_t slot_index, std::uint32_t last) const {
  const Slot& slot = w.slots[slot_index];
  std::uint64_t whole = 0;
  double large = 0;
  std::uint32_t next_large = slot.large_begin_or_buckets;
  for (std::uint32_t i = slot.sample_begin; i <= last; ++i) {
    const std::uint32_t rise = w.values[i];
    if (rise == large_rise_marker) {
      large += w.large_rises[next_large++];
    } else {
      whole += rise;
    }
  }
  return slot.total_before + (static_cast<double>(whole) + large);
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
  if (w.slots.empty() || slot > w.first_slot + static_cast<std::int64_t>(w.slots.size()) - 1) {
    const std::int64_t from = w.slots.empty() ? slot : w.first_slot + static_cast<std::int64_t>(w.slots.size());
    if (w.slots.empty()) w.first_slot = slot;
    for (std::int64_t s = from; s <= slot; ++s) {  // empty slots for a gap, then the sample's
      const std::uint32_t empty_buckets = 0xffff;  // lowest 0xffff, highest 0: none yet
      w.slots.push_back({static_cast<std::uint32_t>(w.offsets.size()),
                         w.metric == Metric::rtt ? empty_buckets : static_cast<std::uint32_t>(w.large_rises.size()),
                         w.total - rise});
    }
  }
  std::uint32_t stored;
  if (w.metric == Metric::rtt) {
    stored = rtt_bucket(value);
    std::uint32_t& buckets = w.slots.back().large_begin_or_buckets;
    buckets = std::min(buckets & 0xffff, stored) | std::max(buckets >> 16, stored) << 16;
  } else if (rise >= 0 && rise < large_rise_marker && rise == std::floor(rise)) {
    stored = static_cast<std::uint32_t>(rise);
  } else {
    stored = large_rise_marker;
    w.large_rises.push_back(rise);
  }
  w.offsets.push_back(static_cast<std::uint16_t>(timestamp_ms - slot * slot_ms_));
  w.values.push_back(static_cast<std::uint16_t>(stored));
  w.last_stored_ts = timestamp_ms;
}

double ProbeWindows::counter_increase_in(const SeriesWindow& w, TimestampMs start, TimestampMs end) const {
  if (w.slots.empty()) return 0;
  const std::int64_t last_slot = w.first_slot + static_cast<std::int64_t>(w.slots.size()) - 1;
  const std::uint16_t* offsets = w.offsets.data();
  // The running total at the window's first sample...
  bool found = false;
  double first_total = 0;
  for (std::int64_t s = std::max(slot_of(start), w.first_slot); s <= last_slot; ++s) {
    const TimestampMs slot_start = s * slot_ms_;
    if (slot_start > end) return 0;
    const auto index = static_cast<std::size_t>(s - w.first_slot);
    const auto [begin, slot_end] = slot_samples(w, index);
    const auto from = static_cast<std::uint16_t>(std::max<TimestampMs>(0, start - slot_start));
    const std::uint16_t* at = std::lower_bound(offsets + begin, offsets + slot_end, from);
    if (at == offsets + slot_end) continue;
    if (slot_start + *at > end) return 0;
    first_total = total_through(w, index, static_cast<std::uint32_t>(at - offsets));
    found = true;
    break;
  }
  if (!found) return 0;
  // ... and at its last: the newest sample's when the window reaches it.
  if (end >= w.last_stored_ts) return w.total - first_total;
  const auto index = static_cast<std::size_t>(slot_of(end) - w.first_slot);
  const auto [begin, slot_end] = slot_samples(w, index);
  const auto through = static_cast<std::uint16_t>(end - slot_of(end) * slot_ms_);
  const std::uint16_t* after = std::upper_bound(offsets + begin, offsets + slot_end, through);
  const double last_total = after == offsets + begin ? w.slots[index].total_before
                                                     : total_through(w, index, static_cast<std::uint32_t>(after - offsets) - 1);
  return last_total - first_total;
}

void ProbeWindows::add_rtts_in(const SeriesWindow& w, TimestampMs start, TimestampMs end, RttHistogram& into) const {
  if (w.slots.empty()) return;
  const std::int64_t last_slot = w.first_slot + static_cast<std::int64_t>(w.slots.size()) - 1;
  const std::int64_t to = std::min(slot_of(end), last_slot);
  const std::uint16_t* offsets = w.offsets.data();
  for (std::int64_t s = std::max(slot_of(start), w.first_slot); s <= to; ++s) {
    auto [first, last] = slot_samples(w, static_cast<std::size_t>(s - w.first_slot));
    const TimestampMs slot_start = s * slot_ms_;
    // Offsets are read only in a slot the window's edges cut.
    if (start > slot_start) {
      const auto from = static_cast<std::uint16_t>(start - slot_start);
      first = static_cast<std::uint32_t>(std::lower_bound(offsets + first, offsets + last, from) - offsets);
    }
    if (end < slot_start + slot_ms_ - 1 && end < w.last_stored_ts) {  // ends inside it, before its newest sample
      const auto through = static_cast<std::uint16_t>(end - slot_start);
      last = static_cast<std::uint32_t>(std::upper_bound(offsets + first, offsets + last, through) - offsets);
    }
    const std::uint32_t buckets = w.slots[static_cast<std::size_t>(s - w.first_slot)].large_begin_or_buckets;
    into.add_buckets(w.values.data() + first, w.values.data() + last, buckets & 0xffff, buckets >> 16);
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
  // The series in the order the matrix reads them (pair by pair), so that it walks windows_ forwards:
  // in arrival order, a 300 x 300 matrix jumped across 250 MB of window headers.
  std::vector<std::uint32_t> new_index(windows_.size(), 0);
  std::vector<bool> placed(windows_.size(), false);
  std::vector<SeriesWindow> reordered;
  reordered.reserve(windows_.size());
  for (const Pair& pair : network.pairs) {
    for (std::uint32_t index : pair.series) {
      new_index[index] = static_cast<std::uint32_t>(reordered.size());
      placed[index] = true;
      reordered.push_back(std::move(windows_[index]));
    }
  }
  for (std::size_t index = 0; index < windows_.size(); ++index) {  // the other networks' series, in their order
    if (placed[index]) continue;
    new_index[index] = static_cast<std::uint32_t>(reordered.size());
    reordered.push_back(std::move(windows_[index]));
  }
  windows_ = std::move(reordered);
  for (std::int32_t& index : window_of_id_) {
    if (index >= 0) index = static_cast<std::int32_t>(new_index[static_cast<std::size_t>(index)]);
  }
  for (auto& [name, other] : networks_) {
    for (Pair& pair : other.pairs) {
      for (std::uint32_t& index : pair.series) index = new_index[index];
    }
  }
}

void ProbeWindows::prefetch_samples(const Pair& pair) const {
  // Each series' buffers are their own allocations of a few KB, too short for the hardware prefetcher:
  // waiting for their cache lines was most of the matrix's time.
  for (std::uint32_t index : pair.series) {
    const SeriesWindow& w = windows_[index];
    const char* slots = reinterpret_cast<const char*>(w.slots.data());
    const std::size_t slot_bytes = std::min<std::size_t>(w.slots.size() * sizeof(Slot), 1024);
    for (std::size_t line = 0; line < slot_bytes; line += 64) __builtin_prefetch(slots + line);
    if (w.metric != Metric::rtt) continue;  // a counter reads a few samples near the window's start
    const char* values = reinterpret_cast<const char*>(w.values.data());
    const std::size_t bytes = std::min<std::size_t>(w.values.size() * sizeof(std::uint16_t), 4096);
    for (std::size_t line = 0; line < bytes; line += 64) __builtin_prefetch(values + line);
  }
}

void ProbeWindows::prefetch_window_start(const Pair& pair, TimestampMs start) const {
  // The samples where the window starts (their slots were prefetched a pair earlier): every series
  // looks its first sample up there.
  for (std::uint32_t index : pair.series) {
    const SeriesWindow& w = windows_[index];
    const std::int64_t slot = slot_of(start) - w.first_slot;
    if (w.slots.empty() || slot < 0 || slot >= static_cast<std::int64_t>(w.slots.size())) continue;
    const std::uint32_t at = w.slots[static_cast<std::size_t>(slot)].sample_begin;
    __builtin_prefetch(w.offsets.data() + at);
    if (w.metric != Metric::rtt) __builtin_prefetch(w.values.data() + at);
  }
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
  scratch_.clear();  // a query cancelled midway may have left counts
  out.pairs.reserve(network.pairs.size());
  for (std::size_t i = 0; i < network.pairs.size(); ++i) {
    if (i % 256 == 0) query.deadline.check("probe matrix");
    const Pair& pair = network.pairs[i];
    if (i + 2 < network.pairs.size()) prefetch_samples(network.pairs[i + 2]);
    if (i + 1 < network.pairs.size()) prefetch_window_start(network.pairs[i + 1], start);
    ProbePair p{pair.src, pair.dst, 0, 0, 0, 0, 0, {}};
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
    std::tie(p.rtt_p50_seconds, p.rtt_p99_seconds) = scratch_.take_percentiles(0.5, 0.99);  // and clears it
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
    bytes += w.slots.capacity() * sizeof(Slot) + (w.offsets.capacity() + w.values.capacity()) * sizeof(std::uint16_t) +
             w.large_rises.capacity() * sizeof(double);
  }
  for (const auto& [name, network] : networks_) {
    bytes += network.pairs.capacity() * sizeof(Pair) + network.index.size() * 64;
    for (const Pair& pair : network.pairs) bytes += pair.series.capacity() * sizeof(std::uint32_t);
  }
  return bytes;
}

}  // namespace netkeel::store
