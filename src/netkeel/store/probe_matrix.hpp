#pragma once
// The probe matrix from the probe metrics, shared by every back end. Pure.
//   netkeel_probe_sent_total{src,dst,network,...}, netkeel_probe_lost_total{...}: counters; the window's
//   increase is summed over all series of a (src, dst) pair (e.g. one per probe kind), and per `kind` label.
//   netkeel_probe_rtt_seconds{src,dst,network,...}: one sample per answered probe; p50/p99 over the window,
//   from the RTT histogram's buckets (rtt_histogram.hpp: within 0.8% of the exact percentile).
#include <map>
#include <unordered_map>
#include <span>
#include <utility>
#include <string>
#include <vector>

#include "netkeel/store/rtt_histogram.hpp"
#include "netkeel/store/store.hpp"

namespace netkeel::store {

inline constexpr const char* probe_sent_metric = "netkeel_probe_sent_total";
inline constexpr const char* probe_lost_metric = "netkeel_probe_lost_total";
inline constexpr const char* probe_rtt_metric = "netkeel_probe_rtt_seconds";

// A counter's increase over the points: the sum of rises, a drop counting as a reset to zero
// (the new value is the increase since the reset). NaN samples are skipped.
double counter_increase(std::span<const Point> points);

// Linear interpolation between closest ranks (R type 7); `sorted` ascending, q in [0, 1]; NaN if empty.
double percentile(std::span<const double> sorted, double q);

// Accumulates the matrix one series at a time, so a back end can stream series through it without
// holding all their points at once.
class ProbeMatrixBuilder {
 public:
  // Only series whose `kind` label is `kind` count for a pair's sent, lost and RTTs (empty: every kind);
  // the per-kind loss covers every kind either way. Set before adding series.
  void count_only_kind(std::string kind) { only_kind_ = std::move(kind); }
  // Whether an RTT series counts, so a back end can skip reading the points of one that does not.
  bool counts(const Series& series) const { return only_kind_.empty() || series.label("kind") == only_kind_; }
  void add_sent(const Series& series, std::span<const Point> points);
  void add_lost(const Series& series, std::span<const Point> points);
  void add_rtt(const Series& series, std::span<const Point> points);
  // A counter series' increase in the window, when the back end has it without the points (chunk summaries).
  void add_sent_increase(const Series& series, double increase);
  void add_lost_increase(const Series& series, double increase);
  ProbeMatrix build(const std::string& network);
  // Forgets every pair and the kind filter but keeps the buffers' memory, so a store can reuse one builder
  // per query without reallocating (and page-faulting) ~6 MB of RTTs each time.
  void clear();

 private:
  // A pair's RTTs are runs of rtt_values_, one per RTT series (usually one per pair). One shared buffer instead of a growing vector per pair: the per-pair
  // reallocations and their page faults were a quarter of the 50 x 50 matrix's time.
  struct Run {
    std::size_t begin = 0;
    std::size_t end = 0;
  };
  struct Accumulator {
    double sent = 0;
    double lost = 0;
    Run first_run;
    std::vector<Run> more_runs;
    std::vector<ProbeKindLoss> kinds;  // a handful: found by a linear scan
  };
  struct Pair {
    std::string src;
    std::string dst;
    Accumulator acc;
  };
  Accumulator& pair_of(const Series& series);
  void add_counts(const Series& series, double sent, double lost);
  std::string only_kind_;
  // Pairs in first-seen order, found by "src\0dst" in O(1) (a std::map of string pairs cost ~8% of
  // the 50 x 50 matrix); build() sorts them.
  std::vector<Pair> pairs_;
  std::unordered_map<std::string, std::size_t> pair_index_;
  std::string key_scratch_;
  std::vector<double> rtt_values_;
  RttHistogram histogram_;  // one pair's RTTs at a time
};

// Raw points of the three metrics in the window (already restricted to the network) -> the matrix.
ProbeMatrix compute_probe_matrix(const std::string& network, std::span<const SeriesPoints> sent,
                                 std::span<const SeriesPoints> lost, std::span<const SeriesPoints> rtt,
                                 const std::string& only_kind = "");

// The three selectors a back end reads for the query.
SeriesSelector probe_selector(const char* metric, const std::string& network);

}  // namespace netkeel::store
