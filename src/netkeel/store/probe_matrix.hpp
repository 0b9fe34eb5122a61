#pragma once
// The probe matrix from the probe metrics, shared by every back end. Pure.
//   netkeel_probe_sent_total{src,dst,network,...}, netkeel_probe_lost_total{...}: counters; the window's
//   increase is summed over all series of a (src, dst) pair (e.g. one per probe kind).
//   netkeel_probe_rtt_seconds{src,dst,network,...}: one sample per answered probe; p50/p99 over the window.
#include <map>
#include <span>
#include <utility>
#include <string>
#include <vector>

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
  void add_sent(const Series& series, std::span<const Point> points);
  void add_lost(const Series& series, std::span<const Point> points);
  void add_rtt(const Series& series, std::span<const Point> points);
  ProbeMatrix build(const std::string& network);

 private:
  struct Accumulator {
    double sent = 0;
    double lost = 0;
    std::vector<double> rtts;
  };
  Accumulator& pair_of(const Series& series);
  std::map<std::pair<std::string, std::string>, Accumulator> pairs_;
};

// Raw points of the three metrics in the window (already restricted to the network) -> the matrix.
ProbeMatrix compute_probe_matrix(const std::string& network, std::span<const SeriesPoints> sent,
                                 std::span<const SeriesPoints> lost, std::span<const SeriesPoints> rtt);

// The same without sorting first (linear time); reorders `values`.
double select_percentile(std::vector<double>& values, double q);

// The three selectors a back end reads for the query.
SeriesSelector probe_selector(const char* metric, const std::string& network);

}  // namespace netkeel::store
