#pragma once
// The probe matrix's recent windows, held in memory by the SQLite store as samples are written, so the
// dashboard's and `netkeel matrix`'s "last 5 minutes" over 300 x 300 hosts is answered without reading
// a chunk (docs/store.md, "The probe matrix in memory"). Only the three probe metrics are kept, and only
// for the last `span_ms` of data time, in time slots of `slot_ms`:
//  - per sample, 4 bytes: its time as an offset into its slot (16 bits), and 16 bits of value: for the
//    counters, its rise (counter_increase's rule: a drop is a reset whose new value counts; a rise that is
//    not a whole number below 65,535 is kept aside as a double), for RTTs, its histogram bucket
//    (rtt_histogram.hpp). Fixed width: a window's edges are found by binary search, not by decoding;
//  - per slot, a counter's running total before the slot, so a window's increase is the running total at
//    its last sample minus the one at its first: exact, whatever the window's edges.
// The answers equal ProbeMatrixBuilder's over the same samples (RTT percentiles from the same buckets).
// Not thread-safe: the store calls it under its mutex. Pure: time is the samples' own.
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "netkeel/store/point.hpp"
#include "netkeel/store/rtt_histogram.hpp"
#include "netkeel/store/series.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::store {

class ProbeWindows {
 public:
  static constexpr TimestampMs no_time = std::numeric_limits<TimestampMs>::min();

  // span_ms: how much data time is kept (at least slot_ms); slot_ms: the slot width (1 ms to 65 s).
  ProbeWindows(std::int64_t span_ms, std::int64_t slot_ms = 30'000);

  // A series of the store's catalogue under its id; only the probe metrics are kept, others ignored.
  // Call before its first append.
  void add_series(std::int64_t id, const Series& series);
  // A sample the store has made durable, in the order the store took them.
  void append(std::int64_t id, TimestampMs timestamp_ms, double value);
  // Nothing before `t` was appended (the store reloads only the last span on open).
  void held_from(TimestampMs t);

  // The earliest window start answered from memory: the oldest slot kept, and after any sample that came
  // out of order (the store merges those; here they would be missing).
  TimestampMs answers_from() const;
  bool answers(const ProbeMatrixQuery& query) const {
    return query.start_ms <= query.end_ms && query.start_ms >= answers_from();
  }
  // The matrix as the store's builder computes it from the same samples. Precondition: answers(query).
  // Throws QueryTimedOut (deadline).
  ProbeMatrix matrix(const ProbeMatrixQuery& query);

  std::size_t series_count() const { return windows_.size(); }
  // Heap bytes held (capacities, an estimate of the allocator's share): walks every series.
  std::uint64_t memory_bytes() const;

 private:
  enum class Metric : std::uint8_t { sent, lost, rtt };
  struct Slot {
    std::uint32_t sample_begin = 0;  // its samples in SeriesWindow::offsets and values
    // Counters: its rises kept aside in SeriesWindow::large_rises. RTTs: its lowest bucket | highest << 16.
    std::uint32_t large_begin_or_buckets = 0;
    double total_before = 0;  // counters: the running total before the slot's first sample
  };
  struct SeriesWindow {
    Metric metric = Metric::rtt;
    std::string kind;
    bool has_value = false;  // counters: a non-NaN sample seen (the next rise is against last_value)
    TimestampMs last_ts = no_time;  // the newest sample's time, kept or not
    TimestampMs last_stored_ts = no_time;
    double last_value = 0;
    double total = 0;  // counters: the running total of rises through the newest sample
    std::int64_t first_slot = 0;  // slot number of slots.front()
    std::vector<Slot> slots;
    // Per sample, apart so that a slot inside the window reads its values alone:
    std::vector<std::uint16_t> offsets;  // ms since its slot's start
    std::vector<std::uint16_t> values;   // the counter's rise or the RTT's bucket
    std::vector<double> large_rises;     // counters: rises whose value is large_rise_marker
  };
  struct Pair {
    std::string src;
    std::string dst;
    std::vector<std::uint32_t> series;  // indexes into windows_
  };
  struct Network {
    std::vector<Pair> pairs;
    std::unordered_map<std::string, std::uint32_t> index;  // "<length of src>:<src><dst>" -> pairs
    bool sorted = true;
  };
  std::int64_t slot_of(TimestampMs t) const;
  void advance(TimestampMs t);  // newest data time; evicts slots that fell out of the span
  void evict(SeriesWindow& w) const;
  // The samples of a slot: [begin, end) of SeriesWindow::offsets and values.
  std::pair<std::uint32_t, std::uint32_t> slot_samples(const SeriesWindow& w, std::size_t slot_index) const;
  // The counter's running total through sample `last` (inclusive) of the slot.
  double total_through(const SeriesWindow& w, std::size_t slot_index, std::uint32_t last) const;
  double counter_increase_in(const SeriesWindow& w, TimestampMs start, TimestampMs end) const;
  void add_rtts_in(const SeriesWindow& w, TimestampMs start, TimestampMs end, RttHistogram& into) const;
  void sort_pairs(Network& network);
  void prefetch_samples(const Pair& pair) const;
  void prefetch_window_start(const Pair& pair, TimestampMs start) const;

  std::int64_t span_ms_;
  std::int64_t slot_ms_;
  TimestampMs newest_ = no_time;
  std::int64_t horizon_slot_ = std::numeric_limits<std::int64_t>::min();  // slots before it are evicted
  TimestampMs held_from_ = no_time;
  TimestampMs in_order_from_ = no_time;
  std::vector<SeriesWindow> windows_;
  std::vector<std::int32_t> window_of_id_;  // store series id -> windows_ index, -1: not a probe series
  std::unordered_map<std::string, Network> networks_;
  RttHistogram scratch_;
};

}  // namespace netkeel::store
